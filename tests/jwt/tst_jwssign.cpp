#include "jwk.h"
#include "jws.h"
#include "jwssign.h"
#include "jwt.h"
#include "signing.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTest>

using namespace Tokenscope::Jwt;
namespace Signing = Tokenscope::Tests::Signing;

namespace {

enum class PemForm { Pkcs8, Traditional, Encrypted };

QByteArray pemOf(EVP_PKEY* key, PemForm form)
{
    const Signing::Bio bio(BIO_new(BIO_s_mem()));
    switch (form) {
    case PemForm::Pkcs8:
        return Signing::privatePem(key);
    case PemForm::Traditional:
        PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
        break;
    case PemForm::Encrypted: {
        static char passphrase[] = "passphrase";
        PEM_write_bio_PKCS8PrivateKey(
            bio.get(), key, EVP_aes_256_cbc(), passphrase, int(sizeof passphrase - 1), nullptr, nullptr);
        break;
    }
    }
    return Signing::contents(bio.get());
}

const QJsonObject payload {{QStringLiteral("iss"), QStringLiteral("client")},
    {QStringLiteral("sub"), QStringLiteral("client")},
    {QStringLiteral("aud"), QStringLiteral("https://op/token")},
    {QStringLiteral("jti"), QStringLiteral("abc")}, {QStringLiteral("iat"), 1700000000},
    {QStringLiteral("exp"), 1700000060}};

} // namespace

class TestJwsSign final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_rsa = Signing::rsaKey();
        m_rsaSmall = Signing::rsaKey(1024);
        m_p256 = Signing::ecKey("P-256");
        m_p384 = Signing::ecKey("P-384");
        m_ed25519 = Signing::ed25519Key();
        QVERIFY(m_rsa && m_rsaSmall && m_p256 && m_p384 && m_ed25519);
    }

    // Signed here, verified by the verifier the ID token check uses, with the public JWK derived here.
    void signVerifies_data()
    {
        QTest::addColumn<QByteArray>("pem");
        QTest::addColumn<QString>("alg");
        QTest::newRow("rs256-pkcs8") << pemOf(m_rsa.get(), PemForm::Pkcs8) << QStringLiteral("RS256");
        QTest::newRow("rs256-traditional")
            << pemOf(m_rsa.get(), PemForm::Traditional) << QStringLiteral("RS256");
        QTest::newRow("es256-pkcs8") << pemOf(m_p256.get(), PemForm::Pkcs8) << QStringLiteral("ES256");
        QTest::newRow("es256-traditional")
            << pemOf(m_p256.get(), PemForm::Traditional) << QStringLiteral("ES256");
    }

    void signVerifies()
    {
        QFETCH(QByteArray, pem);
        QFETCH(QString, alg);
        QString reason;
        const auto key = SigningKey::fromPem(pem, &reason);
        QVERIFY2(key, qPrintable(reason));
        QCOMPARE(key->algorithm(), alg);
        QVERIFY(!key->isSharedSecret());

        const SignResult signedJwt = sign(
            {{QStringLiteral("typ"), QStringLiteral("JWT")}, {QStringLiteral("kid"), QStringLiteral("k1")}},
            payload, *key);
        QVERIFY2(signedJwt.ok(), qPrintable(signedJwt.error.summary));

        QJsonObject jwk = key->publicJwk();
        jwk.insert(QStringLiteral("kid"), QStringLiteral("k1"));
        const JwkSetParse set = parseJwkSet(QJsonDocument(
            QJsonObject {{QStringLiteral("keys"),
                QJsonArray {jwk}}}).toJson(QJsonDocument::Compact));
        QVERIFY(set.ok());
        QCOMPARE(set.set->keys.size(), 1);
        const VerifyResult verified = verify(signedJwt.token, *set.set, {{alg}});
        QVERIFY2(verified.ok(), qPrintable(verified.error.summary + u' ' + verified.error.detail));
        QCOMPARE(verified.alg, alg);
        QCOMPARE(verified.keyId, QStringLiteral("k1"));

        const auto decoded = decode(signedJwt.token);
        QVERIFY(decoded);
        QCOMPARE(decoded->header.value(QLatin1String("alg")).toString(), alg);
        QCOMPARE(decoded->payload, payload);
        if (alg == QLatin1String("ES256")) // raw r‖s, not DER (RFC 7518 §3.4)
            QCOMPARE(Signing::unb64(signedJwt.token.section(u'.', 2)).size(), 64);

        // One flipped payload character: the verifier must refuse it, so the signature covers the payload.
        QString tampered = signedJwt.token;
        const qsizetype middle = tampered.indexOf(u'.') + 5;
        tampered[middle] = tampered[middle] == u'A' ? u'B' : u'A';
        QVERIFY(!verify(tampered, *set.set, {{alg}}).ok());
    }

    void hs256()
    {
        const QByteArray secret = "tokenscope-secret-jwt-secret-at-least-32-bytes!!";
        const SigningKey key = SigningKey::sharedSecret(secret);
        QVERIFY(key.isSharedSecret());
        QCOMPARE(key.algorithm(), QStringLiteral("HS256"));
        QVERIFY(key.publicJwk().isEmpty());
        const SignResult signedJwt = sign({}, payload, key);
        QVERIFY2(signedJwt.ok(), qPrintable(signedJwt.error.summary));
        const QStringList parts = signedJwt.token.split(u'.');
        QCOMPARE(parts.size(), 3);
        const QByteArray expected = QMessageAuthenticationCode::hash(
            (parts[0] + u'.' + parts[1]).toLatin1(), secret, QCryptographicHash::Sha256);
        QCOMPARE(Signing::unb64(parts[2]), expected);
        QCOMPARE(
            decode(signedJwt.token)->header.value(QLatin1String("alg")).toString(), QStringLiteral("HS256"));
    }

    void hs256ShortSecretRefused()
    {
        const SignResult signedJwt
            = sign({}, payload, SigningKey::sharedSecret("only-31-bytes-long-secret-text!"));
        QVERIFY(!signedJwt.ok());
        QVERIFY(signedJwt.error.detail.contains(QLatin1String("31")));
    }

    // RFC 8725 §3.1: the header does not choose the algorithm; a mismatch is refused, not "fixed".
    void headerAlgMustMatchKey_data()
    {
        QTest::addColumn<QString>("alg");
        QTest::newRow("hs256-with-rsa-key") << QStringLiteral("HS256");
        QTest::newRow("es256-with-rsa-key") << QStringLiteral("ES256");
        QTest::newRow("none") << QStringLiteral("none");
    }

    void headerAlgMustMatchKey()
    {
        QFETCH(QString, alg);
        const auto key = SigningKey::fromPem(pemOf(m_rsa.get(), PemForm::Pkcs8));
        QVERIFY(key);
        const SignResult signedJwt = sign({{QStringLiteral("alg"), alg}}, payload, *key);
        QVERIFY(!signedJwt.ok());
        QVERIFY(signedJwt.token.isEmpty());
    }

    void unusableKeysRefused_data()
    {
        QTest::addColumn<QByteArray>("pem");
        QTest::addColumn<QString>("reasonContains");
        QTest::newRow("rsa-1024") << pemOf(m_rsaSmall.get(), PemForm::Pkcs8) << QStringLiteral("2048");
        QTest::newRow("ec-p384") << pemOf(m_p384.get(), PemForm::Pkcs8) << QStringLiteral("P-256");
        QTest::newRow("ed25519") << pemOf(m_ed25519.get(), PemForm::Pkcs8) << QStringLiteral("RSA");
        QTest::newRow("encrypted") << pemOf(m_rsa.get(), PemForm::Encrypted) << QStringLiteral("encrypted");
        QTest::newRow("not-pem") << QByteArray("hello") << QStringLiteral("PEM");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("PEM");
    }

    void unusableKeysRefused()
    {
        QFETCH(QByteArray, pem);
        QFETCH(QString, reasonContains);
        QString reason;
        QVERIFY(!SigningKey::fromPem(pem, &reason));
        QVERIFY2(reason.contains(reasonContains), qPrintable(reason));
    }

private:
    Signing::PKey m_rsa;
    Signing::PKey m_rsaSmall;
    Signing::PKey m_p256;
    Signing::PKey m_p384;
    Signing::PKey m_ed25519;
};

QTEST_GUILESS_MAIN(TestJwsSign)
#include "tst_jwssign.moc"
