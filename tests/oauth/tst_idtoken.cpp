#include "idtoken.h"
#include "jwk.h"
#include "jwsvectors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Tokenscope::OAuth;
using Tokenscope::Tests::rfc7515A2N;
using Tokenscope::Tests::rfc7515A2Token;

namespace {

const QDateTime now = QDateTime(QDate(2026, 11, 23), QTime(12, 0), Qt::UTC);
const QString issuer = QStringLiteral("https://auth.sandbox.zorgapis.nl/realms/zorgapis");

QString jwt(const QJsonObject& payload, const QString& alg = QStringLiteral("RS256"))
{
    const auto part = [](const QJsonObject& object) {
        return QString::fromLatin1(
            QJsonDocument(object)
                .toJson(QJsonDocument::Compact)
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    };
    return part({{QStringLiteral("alg"), alg}, {QStringLiteral("kid"), QStringLiteral("k1")}})
        + QLatin1Char('.') + part(payload) + QStringLiteral(".c2lnbmF0dXJl");
}

QJsonObject validClaims()
{
    return {{QStringLiteral("iss"), issuer}, {QStringLiteral("sub"), QStringLiteral("alice")},
        {QStringLiteral("aud"), QStringLiteral("zorgapis.postman")},
        {QStringLiteral("exp"), now.toSecsSinceEpoch() + 600},
        {QStringLiteral("iat"), now.toSecsSinceEpoch() - 5},
        {QStringLiteral("nonce"), QStringLiteral("n-123")}};
}

QJsonObject with(QJsonObject claims, const QString& name, const QJsonValue& value)
{
    if (value.isUndefined())
        claims.remove(name);
    else
        claims.insert(name, value);
    return claims;
}

// The key of RFC 7515 Appendix A.2 as a key set.
QByteArray rfc7515A2Jwks(const QString& kid)
{
    const QJsonObject key {{QStringLiteral("kty"), QStringLiteral("RSA")}, {QStringLiteral("kid"), kid},
        {QStringLiteral("n"), QLatin1String(rfc7515A2N)}, {QStringLiteral("e"), QStringLiteral("AQAB")}};
    return QJsonDocument(QJsonObject {{QStringLiteral("keys"), QJsonArray {key}}}).toJson();
}

} // namespace

// The ID token cases of docs/oauth-client-rules.md: cases 17–24 and 28 for the claims, and the signature
// cases through the signature check (tst_jws covers those in depth, tst_idtokenverification end to end).
class TestIdToken final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void claims_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QString>("errorCode");
        const qint64 t = now.toSecsSinceEpoch();
        QTest::newRow("valid") << jwt(validClaims()) << QString();
        QTest::newRow("aud-as-array")
            << jwt(with(with(validClaims(), QStringLiteral("aud"),
                            QJsonArray {QStringLiteral("zorgapis.postman"), QStringLiteral("api")}),
                   QStringLiteral("azp"), QStringLiteral("zorgapis.postman")))
            << QString();
        QTest::newRow("id-token-invalid-iss")
            << jwt(with(validClaims(), QStringLiteral("iss"), QStringLiteral("https://evil.example")))
            << QStringLiteral("id-token-invalid-iss");
        QTest::newRow("missing-sub") << jwt(with(validClaims(), QStringLiteral("sub"), QJsonValue::Undefined))
                                     << QStringLiteral("missing-sub");
        QTest::newRow("invalid-aud") << jwt(
            with(validClaims(), QStringLiteral("aud"), QStringLiteral("someone-else")))
                                     << QStringLiteral("invalid-aud");
        QTest::newRow("missing-aud") << jwt(with(validClaims(), QStringLiteral("aud"), QJsonValue::Undefined))
                                     << QStringLiteral("missing-aud");
        QTest::newRow("invalid-secondary-aud") << jwt(with(validClaims(), QStringLiteral("aud"),
            QJsonArray {QStringLiteral("api"), QStringLiteral("other")}))
                                               << QStringLiteral("invalid-aud");
        QTest::newRow("azp-mismatch")
            << jwt(with(with(validClaims(), QStringLiteral("aud"),
                            QJsonArray {QStringLiteral("zorgapis.postman"), QStringLiteral("api")}),
                   QStringLiteral("azp"), QStringLiteral("api")))
            << QStringLiteral("azp-mismatch");
        QTest::newRow("expired") << jwt(with(validClaims(), QStringLiteral("exp"), t - 3600))
                                 << QStringLiteral("expired");
        QTest::newRow("missing-exp") << jwt(with(validClaims(), QStringLiteral("exp"), QJsonValue::Undefined))
                                     << QStringLiteral("missing-exp");
        QTest::newRow("missing-iat") << jwt(with(validClaims(), QStringLiteral("iat"), QJsonValue::Undefined))
                                     << QStringLiteral("missing-iat");
        QTest::newRow("iat-in-future")
            << jwt(with(validClaims(), QStringLiteral("iat"), t + 3600)) << QStringLiteral("iat-in-future");
        QTest::newRow("nonce-invalid")
            << jwt(with(validClaims(), QStringLiteral("nonce"), QStringLiteral("n-999")))
            << QStringLiteral("nonce-invalid");
        QTest::newRow("nonce-missing")
            << jwt(with(validClaims(), QStringLiteral("nonce"), QJsonValue::Undefined))
            << QStringLiteral("nonce-missing");
        QTest::newRow("alg-none") << jwt(validClaims(), QStringLiteral("none")) << QStringLiteral("alg-none");
        QTest::newRow("null-alg") << jwt(validClaims(), QString()) << QStringLiteral("alg-none");
        QTest::newRow("malformed") << QStringLiteral("not-a-jwt") << QStringLiteral("malformed");
    }
    void claims()
    {
        QFETCH(QString, token);
        QFETCH(QString, errorCode);
        const IdTokenCheck check = checkIdTokenClaims(
            token, {issuer, QStringLiteral("zorgapis.postman"), QStringLiteral("n-123"), now});
        QCOMPARE(check.error.code, errorCode);
        QCOMPARE(check.ok(), errorCode.isEmpty());
        if (!check.ok())
            QVERIFY(!check.error.summary.isEmpty());
    }

    // The checks OIDC Core §3.1.3.7 asks beyond the basic claims: a sane iat, nbf, auth_time against
    // the max_age sent, the provider's algorithms; and hostile numbers refused, not converted.
    void strictClaims_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<qint64>("maxAge"); // -1: none sent
        QTest::addColumn<QStringList>("algorithms");
        QTest::addColumn<QString>("errorCode");
        const qint64 t = now.toSecsSinceEpoch();
        const QString iat = QStringLiteral("iat");
        const QString nbf = QStringLiteral("nbf");
        const QString authTime = QStringLiteral("auth_time");
        const QString exp = QStringLiteral("exp");
        const QStringList none;
        QTest::newRow("iat-week-in-past") << jwt(with(validClaims(), iat, t - 7 * 24 * 3600)) << qint64(-1)
                                          << none << QStringLiteral("iat-too-old");
        QTest::newRow("iat an hour ago")
            << jwt(with(validClaims(), iat, t - 3600)) << qint64(-1) << none << QString();
        QTest::newRow("nbf-in-future") << jwt(with(validClaims(), nbf, t + 3600)) << qint64(-1) << none
                                       << QStringLiteral("nbf-in-future");
        QTest::newRow("nbf within the leeway")
            << jwt(with(validClaims(), nbf, t + 60)) << qint64(-1) << none << QString();
        QTest::newRow("nbf in the past")
            << jwt(with(validClaims(), nbf, t - 60)) << qint64(-1) << none << QString();
        QTest::newRow("auth-time-missing-with-max-age")
            << jwt(validClaims()) << qint64(0) << none << QStringLiteral("auth-time-missing-with-max-age");
        QTest::newRow("auth-time-too-old") << jwt(with(validClaims(), authTime, t - 3600)) << qint64(60)
                                           << none << QStringLiteral("auth-time-too-old");
        QTest::newRow("auth_time within max_age")
            << jwt(with(validClaims(), authTime, t - 30)) << qint64(0) << none << QString();
        QTest::newRow("no max_age sent: auth_time not required")
            << jwt(validClaims()) << qint64(-1) << none << QString();
        QTest::newRow("id-token-alg-not-in-metadata")
            << jwt(validClaims()) << qint64(-1)
            << QStringList {QStringLiteral("ES256"), QStringLiteral("PS256")}
            << QStringLiteral("id-token-alg-not-in-metadata");
        QTest::newRow("alg listed in the metadata")
            << jwt(validClaims()) << qint64(-1) << QStringList {QStringLiteral("RS256")} << QString();
        QTest::newRow("exp-out-of-range") << jwt(with(validClaims(), exp, 1e300)) << qint64(-1) << none
                                          << QStringLiteral("exp-out-of-range");
        QTest::newRow("exp-out-of-range: 9e30") << jwt(with(validClaims(), exp, 9e30)) << qint64(-1) << none
                                                << QStringLiteral("exp-out-of-range");
        QTest::newRow("exp-out-of-range: negative") << jwt(with(validClaims(), exp, -1e300)) << qint64(-1)
                                                    << none << QStringLiteral("exp-out-of-range");
        QTest::newRow("exp-out-of-range: string") << jwt(with(validClaims(), exp, QString::number(t + 600)))
                                                  << qint64(-1) << none << QStringLiteral("exp-out-of-range");
        QTest::newRow("exp-out-of-range: huge iat") << jwt(with(validClaims(), iat, 9.3e18)) << qint64(-1)
                                                    << none << QStringLiteral("iat-out-of-range");
        QTest::newRow("exp-out-of-range: iat 1e300") << jwt(with(validClaims(), iat, 1e300)) << qint64(-1)
                                                     << none << QStringLiteral("iat-out-of-range");
        QTest::newRow("exp-out-of-range: nbf") << jwt(with(validClaims(), nbf, 1e300)) << qint64(-1) << none
                                               << QStringLiteral("nbf-out-of-range");
        QTest::newRow("exp-out-of-range: auth_time")
            << jwt(with(validClaims(), authTime, -1e300)) << qint64(0) << none
            << QStringLiteral("auth-time-out-of-range");
    }
    void strictClaims()
    {
        QFETCH(QString, token);
        QFETCH(qint64, maxAge);
        QFETCH(QStringList, algorithms);
        QFETCH(QString, errorCode);
        IdTokenExpectations expected {
            issuer, QStringLiteral("zorgapis.postman"), QStringLiteral("n-123"), now};
        expected.maxAgeSeconds = maxAge;
        expected.algorithms = algorithms;
        const IdTokenCheck check = checkIdTokenClaims(token, expected);
        QCOMPARE(check.error.code, errorCode);
        if (!check.ok())
            QVERIFY(!check.error.summary.isEmpty());
    }

    // docs/oauth-client-rules.md cases 23, 24, 26 and 29 through the ID token's signature check (tst_jws
    // covers them in depth).
    void signature_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QByteArray>("jwks");
        QTest::addColumn<QStringList>("expectedAlgorithms");
        QTest::addColumn<QString>("errorCode");
        const QString a2 = QLatin1String(rfc7515A2Token);
        QTest::newRow("valid") << a2 << rfc7515A2Jwks(QStringLiteral("k1")) << QStringList() << QString();
        QTest::newRow("valid-expected-alg") << a2 << rfc7515A2Jwks(QStringLiteral("k1"))
                                            << QStringList {QStringLiteral("RS256")} << QString();
        QTest::newRow("bad-sig") << QString(a2.chopped(4) + QStringLiteral("AAAA"))
                                 << rfc7515A2Jwks(QStringLiteral("k1")) << QStringList()
                                 << QStringLiteral("bad-sig");
        QTest::newRow("alternate-alg")
            << a2 << rfc7515A2Jwks(QStringLiteral("k1")) << QStringList {QStringLiteral("ES256")}
            << QStringLiteral("alternate-alg");
        QTest::newRow("alg-none") << jwt(validClaims(), QStringLiteral("none"))
                                  << rfc7515A2Jwks(QStringLiteral("k1")) << QStringList()
                                  << QStringLiteral("alg-none");
        QTest::newRow("hs256-rsa-public-key-as-secret")
            << jwt(validClaims(), QStringLiteral("HS256")) << rfc7515A2Jwks(QStringLiteral("k1"))
            << QStringList() << QStringLiteral("alternate-alg");
        QTest::newRow("signing-key-rotation") << jwt(validClaims()) << rfc7515A2Jwks(QStringLiteral("k0"))
                                              << QStringList() << QStringLiteral("signing-key-rotation");
        QTest::newRow("malformed") << QStringLiteral("not-a-jwt") << rfc7515A2Jwks(QStringLiteral("k1"))
                                   << QStringList() << QStringLiteral("malformed");
    }
    void signature()
    {
        QFETCH(QString, token);
        QFETCH(QByteArray, jwks);
        QFETCH(QStringList, expectedAlgorithms);
        QFETCH(QString, errorCode);
        const auto keys = Tokenscope::Jwt::parseJwkSet(jwks);
        QVERIFY(keys.ok());
        const IdTokenCheck check = verifyIdTokenSignature(token, *keys.set, expectedAlgorithms);
        QCOMPARE(check.error.code, errorCode);
        QCOMPARE(check.ok(), errorCode.isEmpty());
        QCOMPARE(check.error.isNull(), errorCode.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestIdToken)
#include "tst_idtoken.moc"
