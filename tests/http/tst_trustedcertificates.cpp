#include "certificatefingerprint.h"
#include "jwksclient.h"
#include "networkclient.h"
#include "scriptedserver.h"

#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslKey>
#include <QTest>

#include <functional>
#include <memory>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <optional>

using namespace Tokenscope;
using Tests::ScriptedServer;

namespace {

struct TestCertificate
{
    QSslCertificate certificate;
    QSslKey key;
};

QByteArray pem(const std::function<int(BIO*)>& write)
{
    const std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio || write(bio.get()) != 1)
        return {};
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(size));
}

// A self-signed certificate made here, so each test has exactly the defect it is about: the names in
// subjectAltName ("IP:127.0.0.1"), valid from now + notBefore to now + notAfter seconds.
TestCertificate makeCertificate(const char* subjectAltName, long notBefore, long notAfter)
{
    static long serial = 1;
    const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free);
    const std::unique_ptr<X509, decltype(&X509_free)> x509(X509_new(), X509_free);
    if (!key || !x509)
        return TestCertificate();
    X509_set_version(x509.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x509.get()), serial++);
    X509_gmtime_adj(X509_getm_notBefore(x509.get()), notBefore);
    X509_gmtime_adj(X509_getm_notAfter(x509.get()), notAfter);
    X509_set_pubkey(x509.get(), key.get());
    X509_NAME* name = X509_get_subject_name(x509.get());
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Tokenscope test"), -1, -1, 0);
    X509_set_issuer_name(x509.get(), name);
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, x509.get(), x509.get(), nullptr, nullptr, 0);
    X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, subjectAltName);
    if (!extension)
        return TestCertificate();
    X509_add_ext(x509.get(), extension, -1);
    X509_EXTENSION_free(extension);
    if (X509_sign(x509.get(), key.get(), EVP_sha256()) == 0)
        return TestCertificate();
    const QByteArray certificate = pem([&](BIO* bio) { return PEM_write_bio_X509(bio, x509.get()); });
    const QByteArray privateKey = pem([&](BIO* bio) {
        return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    return {QSslCertificate(certificate), QSslKey(privateKey, QSsl::Ec)};
}

constexpr long day = 24 * 3600;

CertificateFingerprint fingerprintOf(const QSslCertificate& certificate)
{
    return CertificateFingerprint::fromDigest(certificate.digest(QCryptographicHash::Sha256));
}

} // namespace

// Real TLS on the loopback interface: a certificate's fingerprint the user trusts stands in for a
// certificate authority, for the host it was accepted for, and for nothing else.
class TestTrustedCertificates final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void trust_data()
    {
        QTest::addColumn<QByteArray>("subjectAltName");
        QTest::addColumn<int>("validFromDays"); // relative to today
        QTest::addColumn<int>("validToDays");
        QTest::addColumn<QString>("trustedForHost"); // empty: not trusted at all
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<bool>("fingerprintOffered"); // the error names it, to trust it for this host

        QTest::newRow("trusted-fingerprint-accepted-for-its-host")
            << QByteArray("IP:127.0.0.1") << -1 << 30 << QStringLiteral("127.0.0.1") << true << false;
        QTest::newRow("trusted-fingerprint-wrong-host-refused")
            << QByteArray("IP:127.0.0.1") << -1 << 30 << QStringLiteral("sandbox.example.com") << false
            << true;
        QTest::newRow("trusted-fingerprint-only-overrides-trust-errors")
            << QByteArray("IP:127.0.0.1") << -30 << -1 << QStringLiteral("127.0.0.1") << false << false;
        QTest::newRow("trusted-fingerprint-not-yet-valid-refused")
            << QByteArray("IP:127.0.0.1") << 1 << 30 << QStringLiteral("127.0.0.1") << false << false;
        QTest::newRow("trusted-fingerprint-host-name-mismatch-refused")
            << QByteArray("DNS:other.example.com") << -1 << 30 << QStringLiteral("127.0.0.1") << false
            << false;
        QTest::newRow("untrusted-self-signed-offers-fingerprint")
            << QByteArray("IP:127.0.0.1") << -1 << 30 << QString() << false << true;
    }

    void trust()
    {
        QFETCH(QByteArray, subjectAltName);
        QFETCH(int, validFromDays);
        QFETCH(int, validToDays);
        QFETCH(QString, trustedForHost);
        QFETCH(bool, accepted);
        QFETCH(bool, fingerprintOffered);

        const TestCertificate made
            = makeCertificate(subjectAltName.constData(), validFromDays * day, validToDays * day);
        QVERIFY(!made.certificate.isNull());
        QVERIFY(!made.key.isNull());
        ScriptedServer server;
        server.setTls(made.certificate, made.key);
        QVERIFY(server.start());
        server.enqueue(Tests::reply(200, R"({"ok":true})"));

        Http::NetworkClient network;
        Http::NetworkClient::Options options;
        if (!trustedForHost.isEmpty())
            options.trustedCertificates = {fingerprintOf(made.certificate).forHost(trustedForHost)};
        std::optional<Http::HttpResponse> response;
        network.send("GET", QNetworkRequest(server.url(QStringLiteral("/api"))), {}, options, this,
            [&response](const Http::HttpResponse& r) { response = r; });
        QTRY_VERIFY_WITH_TIMEOUT(response.has_value(), 10000);

        QCOMPARE(response->status, accepted ? 200 : 0);
        QCOMPARE(server.requests().size(), accepted ? 1 : 0);
        QCOMPARE(response->untrustedCertificateSha256,
            fingerprintOffered ? fingerprintOf(made.certificate).digest() : QByteArray());
    }

    // Keys fetched while one environment trusts a certificate are not served to one that does not.
    void jwksCache_data()
    {
        QTest::addColumn<bool>("sameTrust");
        QTest::newRow("jwks-cache-not-shared-between-trusts") << false;
        QTest::newRow("jwks-cache-shared-with-the-same-trust") << true;
    }

    void jwksCache()
    {
        QFETCH(bool, sameTrust);
        const TestCertificate made = makeCertificate("IP:127.0.0.1", -day, 30 * day);
        ScriptedServer server;
        server.setTls(made.certificate, made.key);
        QVERIFY(server.start());
        server.enqueue(Tests::reply(200, R"({"keys":[]})"));
        Http::NetworkClient network;
        OAuth::JwksClient keys(&network);
        const QUrl uri = server.url(QStringLiteral("/jwks"));
        const QList<CertificateFingerprint> trusting {
            fingerprintOf(made.certificate).forHost(QStringLiteral("127.0.0.1"))};

        std::optional<OAuth::JwksOutcome> first;
        keys.keys(uri, trusting, OAuth::JwksClient::Fetch::CachedOrNew, this,
            [&first](const OAuth::JwksOutcome& o) { first = o; });
        QTRY_VERIFY_WITH_TIMEOUT(first.has_value(), 10000);
        QVERIFY2(first->ok(), qPrintable(first->error.toText()));

        std::optional<OAuth::JwksOutcome> second;
        keys.keys(uri, sameTrust ? trusting : QList<CertificateFingerprint>(),
            OAuth::JwksClient::Fetch::CachedOrNew, this,
            [&second](const OAuth::JwksOutcome& o) { second = o; });
        QTRY_VERIFY_WITH_TIMEOUT(second.has_value(), 10000);
        QCOMPARE(second->fromCache, sameTrust);
        QCOMPARE(second->ok(), sameTrust);
        if (!sameTrust)
            QCOMPARE(second->error.code, QStringLiteral("untrusted_certificate"));
    }

    // What the response viewer shows of a TLS exchange: protocol, cipher, the certificate, timing and the
    // request as sent with its credential masked.
    void detailsOfATlsExchange()
    {
        const TestCertificate made = makeCertificate("IP:127.0.0.1", -day, 30 * day);
        ScriptedServer server;
        server.setTls(made.certificate, made.key);
        QVERIFY(server.start());
        server.enqueue(Tests::reply(200, R"({"ok":true})"));
        Http::NetworkClient network;
        Http::NetworkClient::Options options;
        options.trustedCertificates = {fingerprintOf(made.certificate).forHost(QStringLiteral("127.0.0.1"))};
        QUrl target = server.url(QStringLiteral("/api"));
        target.setQuery(QStringLiteral("access_token=q-SECRET"));
        QNetworkRequest request(target);
        request.setRawHeader("Authorization", "Bearer h-SECRET");
        std::optional<Http::HttpResponse> response;
        network.send(
            "GET", request, {}, options, this, [&response](const Http::HttpResponse& r) { response = r; });
        QTRY_VERIFY_WITH_TIMEOUT(response.has_value(), 10000);
        QCOMPARE(response->status, 200);
        QVERIFY(response->tls.protocol.startsWith(QLatin1String("TLS 1.")));
        QVERIFY(!response->tls.cipher.isEmpty());
        QCOMPARE(response->tls.sha256, fingerprintOf(made.certificate).digest());
        QVERIFY(response->tls.notAfter > QDateTime::currentDateTimeUtc());
        QCOMPARE(response->httpVersion, QByteArray("1.1"));
        QVERIFY(response->timeToFirstByteMs >= 0);
        QVERIFY(response->timeToFirstByteMs <= response->elapsedMs);
        QCOMPARE(response->sent.method, QByteArray("GET"));
        QVERIFY(response->sent.url.hasQuery());
        QVERIFY2(!response->sent.url.toString().contains(QLatin1String("q-SECRET")),
            qPrintable(response->sent.url.toString()));
        for (const auto& [name, value] : response->sent.headers)
            QVERIFY(!value.contains("h-SECRET"));
    }
};

QTEST_GUILESS_MAIN(TestTrustedCertificates)
#include "tst_trustedcertificates.moc"
