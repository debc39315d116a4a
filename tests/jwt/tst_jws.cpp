#include "jwk.h"
#include "jws.h"
#include "jwsvectors.h"
#include "signing.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Tokenscope::Jwt;
using namespace Tokenscope::Tests::Signing;
using Tokenscope::Tests::rfc7515A2N;
using Tokenscope::Tests::rfc7515A2Token;

namespace {

QJsonObject with(QJsonObject object, const QString& name, const QJsonValue& value)
{
    if (value.isUndefined())
        object.remove(name);
    else
        object.insert(name, value);
    return object;
}

QJsonObject claims()
{
    return {{QStringLiteral("iss"), QStringLiteral("https://auth.sandbox.zorgapis.nl/realms/zorgapis")},
        {QStringLiteral("sub"), QStringLiteral("alice")},
        {QStringLiteral("aud"), QStringLiteral("zorgapis.postman")}, {QStringLiteral("exp"), 1795435200}};
}

QJsonObject header(const QString& alg, const QString& kid)
{
    QJsonObject object {{QStringLiteral("alg"), alg}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
    if (!kid.isEmpty())
        object.insert(QStringLiteral("kid"), kid);
    return object;
}

QString compact(const QJsonObject& head, const QJsonObject& payload, const QByteArray& signature)
{
    return part(head) + QLatin1Char('.') + part(payload) + QLatin1Char('.') + b64(signature);
}

QString signedToken(const QJsonObject& head, EVP_PKEY* key, EcdsaForm form = EcdsaForm::Raw)
{
    const QString alg = head.value(QLatin1String("alg")).toString();
    const QByteArray input = (part(head) + QLatin1Char('.') + part(claims())).toLatin1();
    return compact(head, claims(), sign(alg, key, input, form));
}

QString signedToken(const QString& alg, const QString& kid, EVP_PKEY* key, EcdsaForm form = EcdsaForm::Raw)
{
    return signedToken(header(alg, kid), key, form);
}

// The same signature over other claims: what an attacker who edits the payload produces.
QString tamperedPayload(const QString& token)
{
    QStringList parts = token.split(QLatin1Char('.'));
    parts[1] = part(with(claims(), QStringLiteral("sub"), QStringLiteral("mallory")));
    return parts.join(QLatin1Char('.'));
}

QString tamperedSignature(const QString& token)
{
    QStringList parts = token.split(QLatin1Char('.'));
    QByteArray signature = unb64(parts[2]);
    signature[signature.size() / 2] = char(signature.at(signature.size() / 2) ^ 0x01);
    parts[2] = b64(signature);
    return parts.join(QLatin1Char('.'));
}

QString resizedSignature(const QString& token, qsizetype size)
{
    QStringList parts = token.split(QLatin1Char('.'));
    QByteArray signature = unb64(parts[2]);
    signature.resize(size, '\x01');
    parts[2] = b64(signature);
    return parts.join(QLatin1Char('.'));
}

QString statusName(VerifyStatus status)
{
    switch (status) {
    case VerifyStatus::Valid:
        return QStringLiteral("Valid");
    case VerifyStatus::BadSignature:
        return QStringLiteral("BadSignature");
    case VerifyStatus::UnknownKid:
        return QStringLiteral("UnknownKid");
    case VerifyStatus::AlgorithmRefused:
        return QStringLiteral("AlgorithmRefused");
    case VerifyStatus::NoSuitableKey:
        return QStringLiteral("NoSuitableKey");
    case VerifyStatus::Malformed:
        return QStringLiteral("Malformed");
    }
    return QStringLiteral("?");
}

// RFC 8037 Appendix A (Ed25519), verbatim.
const char* const rfc8037X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
const char* const rfc8037SigningInput = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
const char* const rfc8037Signature
    = "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

} // namespace

// The signature and key-set cases of docs/oauth-client-rules.md (cases 23–27 and 29) and RFC 8725, with keys
// generated and tokens signed at test time, plus RFC known-answer vectors.
class TestJws final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_rsa = rsaKey();
        m_rsa2 = rsaKey();
        m_rsaSmall = rsaKey(1024);
        m_p256 = ecKey("P-256");
        m_p384 = ecKey("P-384");
        m_ed25519 = ed25519Key();
        QVERIFY(m_rsa && m_rsa2 && m_rsaSmall && m_p256 && m_p384 && m_ed25519);
        m_rsaJwk = publicJwk(m_rsa.get(), QStringLiteral("rsa-1"));
        m_rsa2Jwk = publicJwk(m_rsa2.get(), QStringLiteral("rsa-2"));
        m_p256Jwk = publicJwk(m_p256.get(), QStringLiteral("ec-256"));
        m_p384Jwk = publicJwk(m_p384.get(), QStringLiteral("ec-384"));
        m_ed25519Jwk = publicJwk(m_ed25519.get(), QStringLiteral("ed-1"));
    }

    void signature_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<QByteArray>("keySet");
        QTest::addColumn<QStringList>("allowed");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("caseName");
        QTest::addColumn<QString>("keyId");

        const QByteArray all = jwks({m_rsaJwk, m_p256Jwk, m_p384Jwk, m_ed25519Jwk});
        const QString valid = QStringLiteral("Valid");
        const QString badSignature = QStringLiteral("BadSignature");
        const QString refused = QStringLiteral("AlgorithmRefused");
        const QString noKey = QStringLiteral("NoSuitableKey");
        const QString badSig = QStringLiteral("bad-sig");
        const QString alternateAlg = QStringLiteral("alternate-alg");
        const QString noSuitableKey = QStringLiteral("no-suitable-key");
        const QString rsa1 = QStringLiteral("rsa-1");

        for (const char* alg : {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}) {
            QTest::addRow("valid-%s", QByteArray(alg).toLower().constData())
                << signedToken(QLatin1String(alg), rsa1, m_rsa.get()) << all << QStringList() << valid
                << QString() << rsa1;
        }
        QTest::newRow("valid-es256") << signedToken(QStringLiteral("ES256"), QStringLiteral("ec-256"),
            m_p256.get()) << all << QStringList()
                                     << valid << QString() << QStringLiteral("ec-256");
        QTest::newRow("valid-es384") << signedToken(QStringLiteral("ES384"), QStringLiteral("ec-384"),
            m_p384.get()) << all << QStringList()
                                     << valid << QString() << QStringLiteral("ec-384");
        QTest::newRow("valid-eddsa") << signedToken(
            QStringLiteral("EdDSA"), QStringLiteral("ed-1"), m_ed25519.get())
                                     << all << QStringList() << valid << QString() << QStringLiteral("ed-1");
        QTest::newRow("valid-expected-alg")
            << signedToken(QStringLiteral("RS256"), rsa1, m_rsa.get()) << all
            << QStringList {QStringLiteral("RS256")} << valid << QString() << rsa1;

        // 23. bad-sig RS256 / ES256 / HS256 and friends.
        QTest::newRow("bad-sig-rs256-tampered-payload")
            << tamperedPayload(signedToken(QStringLiteral("RS256"), rsa1, m_rsa.get())) << all
            << QStringList() << badSignature << badSig << QString();
        QTest::newRow("bad-sig-es256-tampered-payload")
            << tamperedPayload(signedToken(QStringLiteral("ES256"), QStringLiteral("ec-256"), m_p256.get()))
            << all << QStringList() << badSignature << badSig << QString();
        QTest::newRow("bad-sig-ps256-tampered-signature")
            << tamperedSignature(signedToken(QStringLiteral("PS256"), rsa1, m_rsa.get())) << all
            << QStringList() << badSignature << badSig << QString();
        QTest::newRow("bad-sig-eddsa-tampered-signature")
            << tamperedSignature(
                   signedToken(QStringLiteral("EdDSA"), QStringLiteral("ed-1"), m_ed25519.get()))
            << all << QStringList() << badSignature << badSig << QString();
        QTest::newRow("bad-sig-wrong-key") << signedToken(QStringLiteral("RS256"), rsa1, m_rsa2.get()) << all
                                           << QStringList() << badSignature << badSig << QString();
        QTest::newRow("bad-sig-ps256-signature-labelled-rs256") << QString(
            signedToken(header(QStringLiteral("RS256"), rsa1), m_rsa.get()).section(QLatin1Char('.'), 0, 1)
            + QLatin1Char('.')
            + signedToken(QStringLiteral("PS256"), rsa1, m_rsa.get()).section(QLatin1Char('.'), 2))
                                                                << all << QStringList() << badSignature
                                                                << badSig << QString();
        QTest::newRow("bad-sig-es256-der-signature")
            << signedToken(QStringLiteral("ES256"), QStringLiteral("ec-256"), m_p256.get(), EcdsaForm::Der)
            << all << QStringList() << badSignature << badSig << QString();
        QTest::newRow("bad-sig-es384-wrong-length")
            << resizedSignature(
                   signedToken(QStringLiteral("ES384"), QStringLiteral("ec-384"), m_p384.get()), 95)
            << all << QStringList() << badSignature << badSig << QString();
        QTest::newRow("bad-sig-rs256-wrong-length")
            << resizedSignature(signedToken(QStringLiteral("RS256"), rsa1, m_rsa.get()), 255) << all
            << QStringList() << badSignature << badSig << QString();
        QTest::newRow("bad-sig-eddsa-wrong-length")
            << resizedSignature(
                   signedToken(QStringLiteral("EdDSA"), QStringLiteral("ed-1"), m_ed25519.get()), 63)
            << all << QStringList() << badSignature << badSig << QString();
        QTest::newRow("bad-sig-hs256") << hmacToken(QStringLiteral("HS256"), rsa1, "a shared secret") << all
                                       << QStringList() << refused << alternateAlg << QString();

        // 24. alg-none / null-alg / alternate-alg.
        QTest::newRow("alg-none") << compact(header(QStringLiteral("none"), rsa1), claims(), {}) << all
                                  << QStringList() << refused << QStringLiteral("alg-none") << QString();
        QTest::newRow("alg-none-mixed-case")
            << compact(header(QStringLiteral("nOnE"), rsa1), claims(), {}) << all << QStringList() << refused
            << QStringLiteral("alg-none") << QString();
        QTest::newRow("alg-none-with-signature")
            << signedToken(QStringLiteral("RS256"), rsa1, m_rsa.get())
                   .replace(0, part(header(QStringLiteral("RS256"), rsa1)).size(),
                       part(header(QStringLiteral("none"), rsa1)))
            << all << QStringList() << refused << QStringLiteral("alg-none") << QString();
        QTest::newRow("null-alg") << compact(
            with(header(QString(), rsa1), QStringLiteral("alg"), QJsonValue::Undefined), claims(), {})
                                  << all << QStringList() << refused << QStringLiteral("null-alg")
                                  << QString();
        QTest::newRow("null-alg-json-null")
            << compact(with(header(QString(), rsa1), QStringLiteral("alg"), QJsonValue::Null), claims(), {})
            << all << QStringList() << refused << QStringLiteral("null-alg") << QString();
        QTest::newRow("alternate-alg")
            << signedToken(QStringLiteral("RS256"), rsa1, m_rsa.get()) << all
            << QStringList {QStringLiteral("ES256")} << refused << alternateAlg << QString();
        QTest::newRow("alternate-alg-unsupported")
            << signedToken(QStringLiteral("ES512"), QStringLiteral("ec-256"), m_p256.get()) << all
            << QStringList() << refused << alternateAlg << QString();
        QTest::newRow("alternate-alg-hs-in-expected-list")
            << hmacToken(QStringLiteral("HS256"), rsa1, "a shared secret") << all
            << QStringList {QStringLiteral("HS256")} << refused << alternateAlg << QString();

        // 25. kid-absent: a single key, several keys (each is tried).
        QTest::newRow("kid-absent-single-key")
            << signedToken(QStringLiteral("RS256"), QString(), m_rsa.get())
            << jwks({with(m_rsaJwk, QStringLiteral("kid"), QJsonValue::Undefined)}) << QStringList() << valid
            << QString() << QString();
        QTest::newRow("kid-absent-several-keys")
            << signedToken(QStringLiteral("RS256"), QString(), m_rsa2.get())
            << jwks({m_rsaJwk, m_p256Jwk, m_rsa2Jwk}) << QStringList() << valid << QString()
            << QStringLiteral("rsa-2");
        QTest::newRow("kid-absent-several-keys-none-matches")
            << signedToken(QStringLiteral("RS256"), QString(), m_rsa2.get()) << all << QStringList()
            << badSignature << badSig << QString();

        // 26. signing-key-rotation: an unknown kid asks the caller to fetch the JWKS again.
        QTest::newRow("signing-key-rotation")
            << signedToken(QStringLiteral("RS256"), QStringLiteral("rsa-new"), m_rsa2.get()) << all
            << QStringList() << QStringLiteral("UnknownKid") << QStringLiteral("signing-key-rotation")
            << QString();

        // 27. unparseable key in JWKS → skipped; the good key beside it still works.
        QTest::newRow("unparseable-key-skipped")
            << signedToken(QStringLiteral("RS256"), rsa1, m_rsa.get())
            << jwks({with(m_rsa2Jwk, QStringLiteral("n"), QStringLiteral("not+base64url/")), m_rsaJwk})
            << QStringList() << valid << QString() << rsa1;
        QTest::newRow("unparseable-key-with-the-tokens-kid")
            << signedToken(QStringLiteral("RS256"), rsa1, m_rsa.get())
            << jwks({with(m_rsaJwk, QStringLiteral("e"), QStringLiteral("A=")), m_p256Jwk}) << QStringList()
            << noKey << noSuitableKey << QString();

        // 29. HS256 with the RSA public key as the HMAC secret: the key-confusion forgery.
        QTest::newRow("hs256-rsa-public-key-as-secret")
            << hmacToken(QStringLiteral("HS256"), rsa1, publicPem(m_rsa.get())) << all << QStringList()
            << refused << alternateAlg << QString();
        QTest::newRow("hs256-rsa-jwk-modulus-as-secret")
            << hmacToken(QStringLiteral("HS256"), rsa1, unb64(m_rsaJwk.value(QLatin1String("n")).toString()))
            << all << QStringList() << refused << alternateAlg << QString();

        // Keys that exist but must not check this signature.
        QTest::newRow("key-alg-mismatch")
            << signedToken(QStringLiteral("RS256"), rsa1, m_rsa.get())
            << jwks({with(m_rsaJwk, QStringLiteral("alg"), QStringLiteral("RS384"))}) << QStringList()
            << noKey << noSuitableKey << QString();
        QTest::newRow("key-alg-matches")
            << signedToken(QStringLiteral("PS384"), rsa1, m_rsa.get())
            << jwks({with(m_rsaJwk, QStringLiteral("alg"), QStringLiteral("PS384"))}) << QStringList()
            << valid << QString() << rsa1;
        QTest::newRow("ec-curve-mismatch-es256-on-p384-key")
            << signedToken(QStringLiteral("ES256"), QStringLiteral("ec-384"), m_p384.get()) << all
            << QStringList() << noKey << noSuitableKey << QString();
        QTest::newRow("ec-curve-mismatch-es384-on-p256-key")
            << signedToken(QStringLiteral("ES384"), QStringLiteral("ec-256"), m_p256.get()) << all
            << QStringList() << noKey << noSuitableKey << QString();
        QTest::newRow("kty-mismatch-es256-on-rsa-key")
            << signedToken(QStringLiteral("ES256"), rsa1, m_p256.get()) << all << QStringList() << noKey
            << noSuitableKey << QString();
        QTest::newRow("kty-mismatch-eddsa-on-ec-key")
            << signedToken(QStringLiteral("EdDSA"), QStringLiteral("ec-256"), m_ed25519.get()) << all
            << QStringList() << noKey << noSuitableKey << QString();
        QTest::newRow("use-enc-key-not-used")
            << signedToken(QStringLiteral("RS256"), rsa1, m_rsa.get())
            << jwks({with(m_rsaJwk, QStringLiteral("use"), QStringLiteral("enc"))}) << QStringList() << noKey
            << noSuitableKey << QString();
        QTest::newRow("use-enc-key-not-used-kid-absent")
            << signedToken(QStringLiteral("RS256"), QString(), m_rsa.get())
            << jwks({with(m_rsaJwk, QStringLiteral("use"), QStringLiteral("enc"))}) << QStringList() << noKey
            << noSuitableKey << QString();
        QTest::newRow("empty-key-set") << signedToken(QStringLiteral("RS256"), QString(), m_rsa.get())
                                       << jwks({}) << QStringList() << noKey << noSuitableKey << QString();

        // Headers this client must refuse, and text that is no JWS at all.
        QTest::newRow("crit-unsupported")
            << signedToken(with(header(QStringLiteral("RS256"), rsa1), QStringLiteral("crit"),
                               QJsonArray {QStringLiteral("b64")}),
                   m_rsa.get())
            << all << QStringList() << QStringLiteral("Malformed") << QStringLiteral("crit-unsupported")
            << QString();
        QTest::newRow("kid-not-a-string") << signedToken(
            with(header(QStringLiteral("RS256"), QString()), QStringLiteral("kid"), 1), m_rsa.get())
                                          << all << QStringList() << QStringLiteral("Malformed")
                                          << QStringLiteral("malformed") << QString();
        QTest::newRow("malformed") << QStringLiteral("not-a-jwt") << all << QStringList()
                                   << QStringLiteral("Malformed") << QStringLiteral("malformed") << QString();
    }
    void signature()
    {
        QFETCH(QString, token);
        QFETCH(QByteArray, keySet);
        QFETCH(QStringList, allowed);
        QFETCH(QString, status);
        QFETCH(QString, caseName);
        QFETCH(QString, keyId);

        const JwkSetParse parsed = parseJwkSet(keySet);
        QVERIFY(parsed.ok());
        const VerifyResult result = verify(token, *parsed.set, {allowed});
        QCOMPARE(statusName(result.status), status);
        QCOMPARE(result.caseName, caseName);
        QCOMPARE(result.ok(), status == QLatin1String("Valid"));
        QCOMPARE(result.shouldRefetchKeys(), status == QLatin1String("UnknownKid"));
        QCOMPARE(result.keyId, keyId);
        if (result.ok()) {
            QVERIFY(result.error.isNull());
            QCOMPARE(result.keyThumbprint.size(), 43);
        } else {
            QVERIFY(!result.error.summary.isEmpty());
            QVERIFY(!result.error.hint.isEmpty());
            QVERIFY(result.keyThumbprint.isEmpty());
        }
    }

    // The caller's side of docs/oauth-client-rules.md case 26: unknown kid → fetch the JWKS again → the new
    // key verifies.
    void signingKeyRotationRefetch()
    {
        const QString token = signedToken(QStringLiteral("ES256"), QStringLiteral("ec-new"), m_p256.get());
        const auto before = parseJwkSet(jwks({m_rsaJwk}));
        const VerifyResult first = verify(token, *before.set);
        QVERIFY(first.shouldRefetchKeys());
        QVERIFY(first.error.summary.contains(QLatin1String("ec-new")));
        const auto after
            = parseJwkSet(jwks({m_rsaJwk, with(m_p256Jwk, QStringLiteral("kid"), QStringLiteral("ec-new"))}));
        const VerifyResult second = verify(token, *after.set);
        QVERIFY(second.ok());
        QCOMPARE(second.keyId, QStringLiteral("ec-new"));
    }

    void badSignatureExplainsDerSize()
    {
        const QString token
            = signedToken(QStringLiteral("ES256"), QStringLiteral("ec-256"), m_p256.get(), EcdsaForm::Der);
        const VerifyResult result = verify(token, *parseJwkSet(jwks({m_p256Jwk})).set);
        QCOMPARE(result.status, VerifyStatus::BadSignature);
        QVERIFY2(result.error.detail.contains(QLatin1String("64")), qPrintable(result.error.detail));
        QVERIFY2(result.error.detail.contains(QLatin1String("DER")), qPrintable(result.error.detail));
    }

    void keySet_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QStringList>("keptKids");
        QTest::addColumn<QStringList>("skippedKids");

        const QJsonObject small = publicJwk(m_rsaSmall.get(), QStringLiteral("rsa-1024"));
        QByteArray offCurve = unb64(m_p256Jwk.value(QLatin1String("y")).toString());
        offCurve[31] = char(offCurve.at(31) ^ 0x01);
        const QString shortX = b64(unb64(m_p256Jwk.value(QLatin1String("x")).toString()).mid(1));

        QTest::newRow("all-key-types")
            << jwks({m_rsaJwk, m_rsa2Jwk, m_p256Jwk, m_p384Jwk, m_ed25519Jwk}) << true
            << QStringList {QStringLiteral("rsa-1"), QStringLiteral("rsa-2"), QStringLiteral("ec-256"),
                   QStringLiteral("ec-384"), QStringLiteral("ed-1")}
            << QStringList();
        QTest::newRow("empty-key-set") << jwks({}) << true << QStringList() << QStringList();
        QTest::newRow("malformed-jwks-not-json")
            << QByteArray("{\"keys\": [") << false << QStringList() << QStringList();
        QTest::newRow("malformed-jwks-array") << QByteArray("[]") << false << QStringList() << QStringList();
        QTest::newRow("malformed-jwks-no-keys")
            << QByteArray("{}") << false << QStringList() << QStringList();
        QTest::newRow("malformed-jwks-keys-not-array")
            << QByteArray("{\"keys\": {\"kty\": \"RSA\"}}") << false << QStringList() << QStringList();

        const auto skipped = [&](const char* name, const QJsonObject& bad) {
            QTest::newRow(name) << jwks({bad, m_p256Jwk}) << true << QStringList {QStringLiteral("ec-256")}
                                << QStringList {bad.value(QLatin1String("kid")).toString()};
        };
        skipped("use-enc-skipped", with(m_rsaJwk, QStringLiteral("use"), QStringLiteral("enc")));
        skipped("key-ops-without-verify-skipped",
            with(m_rsaJwk, QStringLiteral("key_ops"), QJsonArray {QStringLiteral("encrypt")}));
        skipped("unknown-kty-skipped", with(m_rsaJwk, QStringLiteral("kty"), QStringLiteral("XYZ")));
        skipped("missing-kty-skipped", with(m_rsaJwk, QStringLiteral("kty"), QJsonValue::Undefined));
        skipped("oct-key-skipped",
            {{QStringLiteral("kty"), QStringLiteral("oct")}, {QStringLiteral("kid"), QStringLiteral("hmac")},
                {QStringLiteral("k"), b64("a shared secret")}});
        skipped("bad-base64url-skipped", with(m_rsaJwk, QStringLiteral("n"), QStringLiteral("ab+/cd==")));
        skipped("padded-base64url-skipped", with(m_rsaJwk, QStringLiteral("e"), QStringLiteral("AQAB====")));
        skipped("missing-modulus-skipped", with(m_rsaJwk, QStringLiteral("n"), QJsonValue::Undefined));
        skipped("rsa-1024-skipped", small);
        skipped(
            "ec-unsupported-curve-skipped", with(m_p384Jwk, QStringLiteral("crv"), QStringLiteral("P-521")));
        skipped("ec-short-coordinate-skipped",
            with(m_p384Jwk, QStringLiteral("x"), m_p384Jwk.value(QLatin1String("x")).toString().mid(2)));
        skipped("ec-point-not-on-curve-skipped",
            with(with(m_p256Jwk, QStringLiteral("kid"), QStringLiteral("off-curve")), QStringLiteral("y"),
                b64(offCurve)));
        skipped("ec-coordinate-without-leading-zero-skipped",
            with(with(m_p256Jwk, QStringLiteral("kid"), QStringLiteral("short-x")), QStringLiteral("x"),
                shortX));
        skipped("ed448-skipped", with(m_ed25519Jwk, QStringLiteral("crv"), QStringLiteral("Ed448")));
        skipped("ed25519-wrong-size-skipped",
            with(m_ed25519Jwk, QStringLiteral("x"), b64(QByteArray(31, '\x07'))));
        skipped("alg-not-a-string-skipped", with(m_rsaJwk, QStringLiteral("alg"), 256));
        QTest::newRow("non-object-entry-skipped")
            << QByteArray("{\"keys\": [\"rsa\"]}") << true << QStringList() << QStringList {QString()};
    }
    void keySet()
    {
        QFETCH(QByteArray, json);
        QFETCH(bool, ok);
        QFETCH(QStringList, keptKids);
        QFETCH(QStringList, skippedKids);

        const JwkSetParse parsed = parseJwkSet(json);
        QCOMPARE(parsed.ok(), ok);
        QCOMPARE(parsed.error.isNull(), ok);
        if (!ok) {
            QVERIFY(!parsed.error.hint.isEmpty());
            return;
        }
        QStringList kept;
        for (const Jwk& jwk : parsed.set->keys) {
            kept << jwk.kid;
            QVERIFY(jwk.key);
            QCOMPARE(jwk.thumbprint.size(), 43);
            QVERIFY(jwk.bits >= 256);
        }
        QCOMPARE(kept, keptKids);
        QStringList skipped;
        for (const SkippedJwk& jwk : parsed.set->skipped) {
            skipped << jwk.kid;
            QVERIFY2(!jwk.reason.isEmpty(), qPrintable(jwk.kid));
        }
        QCOMPARE(skipped, skippedKids);
    }

    void skippedKeyReasons()
    {
        const JwkSetParse parsed
            = parseJwkSet(jwks({with(m_rsaJwk, QStringLiteral("use"), QStringLiteral("enc")),
                publicJwk(m_rsaSmall.get(), QStringLiteral("rsa-1024"))}));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.set->skipped.size(), 2);
        QCOMPARE(parsed.set->skipped.at(0).index, 0);
        QVERIFY(parsed.set->skipped.at(0).reason.contains(QLatin1String("enc")));
        QCOMPARE(parsed.set->skipped.at(1).index, 1);
        QVERIFY(parsed.set->skipped.at(1).reason.contains(QLatin1String("1024")));
    }

    // RFC 7638 §3.1 (RSA) and RFC 8037 Appendix A.3 (Ed25519).
    void thumbprint_data()
    {
        QTest::addColumn<QJsonObject>("jwk");
        QTest::addColumn<QString>("expected");
        QTest::newRow("rfc7638-rsa") << QJsonObject {{QStringLiteral("kty"), QStringLiteral("RSA")},
            {QStringLiteral("n"),
                QStringLiteral(
                    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_"
                    "BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-"
                    "65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLy"
                    "rdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-"
                    "kEgU8awapJzKnqDKgw")},
            {QStringLiteral("e"), QStringLiteral("AQAB")}, {QStringLiteral("alg"), QStringLiteral("RS256")},
            {QStringLiteral("kid"), QStringLiteral("2011-04-29")}}
                                     << QStringLiteral("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
        QTest::newRow("rfc8037-ed25519") << QJsonObject {{QStringLiteral("kty"), QStringLiteral("OKP")},
            {QStringLiteral("crv"), QStringLiteral("Ed25519")},
            {QStringLiteral("x"), QLatin1String(rfc8037X)}}
                                         << QStringLiteral("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
        QTest::newRow("oct-not-supported") << QJsonObject {{QStringLiteral("kty"), QStringLiteral("oct")},
            {QStringLiteral("k"), QStringLiteral("AQAB")}}
                                           << QString();
    }
    void thumbprint()
    {
        QFETCH(QJsonObject, jwk);
        QFETCH(QString, expected);
        QCOMPARE(jwkThumbprint(jwk), expected);
    }

    void rfc7515AppendixA2()
    {
        const QJsonObject jwk {{QStringLiteral("kty"), QStringLiteral("RSA")},
            {QStringLiteral("n"), QLatin1String(rfc7515A2N)}, {QStringLiteral("e"), QStringLiteral("AQAB")}};
        const JwkSetParse parsed = parseJwkSet(jwks({jwk}));
        QCOMPARE(parsed.set->keys.size(), 1);
        QCOMPARE(parsed.set->keys.first().bits, 2048);
        const QString token = QLatin1String(rfc7515A2Token);
        const VerifyResult result = verify(token, *parsed.set, {{QStringLiteral("RS256")}});
        QVERIFY2(result.ok(), qPrintable(result.error.toText()));
        QCOMPARE(result.keyThumbprint, jwkThumbprint(jwk));
        QCOMPARE(verify(tamperedSignature(token), *parsed.set).status, VerifyStatus::BadSignature);
    }

    // The payload of this vector is not JSON, so the decoded token is assembled by hand.
    void rfc8037AppendixA4()
    {
        const JwkSetParse parsed
            = parseJwkSet(jwks({QJsonObject {{QStringLiteral("kty"), QStringLiteral("OKP")},
                {QStringLiteral("crv"), QStringLiteral("Ed25519")},
                {QStringLiteral("x"), QLatin1String(rfc8037X)}}}));
        QCOMPARE(parsed.set->keys.size(), 1);
        QCOMPARE(parsed.set->keys.first().thumbprint,
            QStringLiteral("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"));
        DecodedJwt jwt {{{QStringLiteral("alg"), QStringLiteral("EdDSA")}}, {},
            QByteArray(rfc8037SigningInput), unb64(QLatin1String(rfc8037Signature))};
        QVERIFY(verify(jwt, *parsed.set).ok());
        jwt.signingInput.replace("RXhh", "Rxhh");
        QCOMPARE(verify(jwt, *parsed.set).status, VerifyStatus::BadSignature);
    }

    void supportedAlgorithmsAreTheAllowList()
    {
        QCOMPARE(supportedAlgorithms(),
            QStringList({QStringLiteral("RS256"), QStringLiteral("RS384"), QStringLiteral("RS512"),
                QStringLiteral("PS256"), QStringLiteral("PS384"), QStringLiteral("PS512"),
                QStringLiteral("ES256"), QStringLiteral("ES384"), QStringLiteral("EdDSA")}));
    }

private:
    // A token MACed with HMAC-SHA-2 and the given secret, as an attacker would forge it.
    static QString hmacToken(const QString& alg, const QString& kid, const QByteArray& secret)
    {
        const QJsonObject head = header(alg, kid);
        const QByteArray input = (part(head) + QLatin1Char('.') + part(claims())).toLatin1();
        QByteArray mac(64, '\0');
        size_t length = 0;
        EVP_Q_mac(nullptr, "HMAC", nullptr, alg == QLatin1String("HS256") ? "SHA256" : "SHA512", nullptr,
            secret.constData(), size_t(secret.size()), bytes(input), size_t(input.size()), bytes(mac),
            size_t(mac.size()), &length);
        mac.resize(qsizetype(length));
        return compact(head, claims(), mac);
    }

    PKey m_rsa;
    PKey m_rsa2;
    PKey m_rsaSmall;
    PKey m_p256;
    PKey m_p384;
    PKey m_ed25519;
    QJsonObject m_rsaJwk;
    QJsonObject m_rsa2Jwk;
    QJsonObject m_p256Jwk;
    QJsonObject m_p384Jwk;
    QJsonObject m_ed25519Jwk;
};

QTEST_GUILESS_MAIN(TestJws)
#include "tst_jws.moc"
