#include "oauth/idtoken.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Tokenscope::OAuth;

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

} // namespace

// ID token cases of OAUTH-CLIENT-RULES.md (17–24, 28) for the claims; signatures are issue 3.
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
        QCOMPARE(check.errorCode, errorCode);
        QCOMPARE(check.ok(), errorCode.isEmpty());
        if (!check.ok())
            QVERIFY(!check.error.summary.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestIdToken)
#include "tst_idtoken.moc"
