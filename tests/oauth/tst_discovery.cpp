#include "discovery.h"
#include "networkclient.h"
#include "oidcfixture.h"
#include "scriptedserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QStandardPaths>
#include <QTest>

#include <optional>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;
using Tokenscope::Tests::OidcFixture;
using Tokenscope::Tests::ScriptedServer;

using Replies = QList<ScriptedServer::Reply>;

namespace {

// Placeholders in scripted documents: the scripted server's port is known only when the test runs.
const QByteArray issuerMark = "@ISSUER@";
const QByteArray originMark = "@ORIGIN@";
const QString realmPath = QStringLiteral("/realms/zorg");

// A complete, valid metadata document for issuer @ISSUER@ (Keycloak's layout), with changes.
QByteArray metadataDocument(const QJsonObject& changes = {}, const QStringList& removed = {})
{
    const QString issuer = QString::fromLatin1(issuerMark);
    const QString protocol = issuer + QStringLiteral("/protocol/openid-connect");
    QJsonObject document {
        {QStringLiteral("issuer"), issuer},
        {QStringLiteral("authorization_endpoint"), QString(protocol + QStringLiteral("/auth"))},
        {QStringLiteral("token_endpoint"), QString(protocol + QStringLiteral("/token"))},
        {QStringLiteral("userinfo_endpoint"), QString(protocol + QStringLiteral("/userinfo"))},
        {QStringLiteral("jwks_uri"), QString(protocol + QStringLiteral("/certs"))},
        {QStringLiteral("end_session_endpoint"), QString(protocol + QStringLiteral("/logout"))},
        {QStringLiteral("response_types_supported"), QJsonArray {QStringLiteral("code")}},
        {QStringLiteral("scopes_supported"),
            QJsonArray {QStringLiteral("openid"), QStringLiteral("profile")}},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray {QStringLiteral("S256")}},
        {QStringLiteral("authorization_response_iss_parameter_supported"), true},
    };
    for (auto it = changes.begin(); it != changes.end(); ++it)
        document.insert(it.key(), it.value());
    for (const QString& name : removed)
        document.remove(name);
    return QJsonDocument(document).toJson(QJsonDocument::Compact);
}

ScriptedServer::Reply json(const QByteArray& body, int status = 200)
{
    return {status, "application/json", body, {}, false, false};
}

ScriptedServer::Reply page(const QByteArray& body, int status = 200)
{
    return {status, "text/html; charset=utf-8", body, {}, false, false};
}

const QByteArray loginPage
    = "<!DOCTYPE html><html><head><title>Sign in</title></head><body>Portal</body></html>";

// Runs one discovery to its end.
class Runner
{
public:
    Runner() { m_discovery.setTimeout(std::chrono::milliseconds(400)); }

    void setTimeout(std::chrono::milliseconds timeout) { m_discovery.setTimeout(timeout); }
    void trust(const QList<CertificateFingerprint>& fingerprints)
    {
        m_discovery.setTrustedCertificates(fingerprints);
    }

    std::optional<DiscoveryOutcome> run(const QString& issuer)
    {
        std::optional<DiscoveryOutcome> result;
        bool calledSynchronously = true;
        m_discovery.discover(
            issuer, &m_context, [&result](const DiscoveryOutcome& outcome) { result = outcome; });
        calledSynchronously = result.has_value();
        [&] {
            QVERIFY(!calledSynchronously);
            QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 10000);
        }();
        return result;
    }

private:
    Http::NetworkClient m_network {nullptr};
    Discovery m_discovery {&m_network};
    QObject m_context;
};

Http::HttpResponse response(int status, const QByteArray& body)
{
    Http::HttpResponse result;
    result.url = QUrl(QStringLiteral("https://id.example/.well-known/openid-configuration"));
    result.status = status;
    result.headers = {{"Content-Type", "application/json"}};
    result.body = body;
    return result;
}

QString describe(const std::optional<ClientAuthentication>& method)
{
    return method ? toString(*method) : QStringLiteral("(unsupported)");
}

} // namespace

// Discovery (RFC 8414, OIDC Discovery) against the real provider mounted like real deployments, against a
// scripted server for the misbehaviour, and the pure helpers. Rows named after docs/oauth-client-rules.md.
class TestDiscovery final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QStandardPaths::setTestModeEnabled(true); }

    void wellKnownUrls_data()
    {
        QTest::addColumn<QString>("issuer");
        QTest::addColumn<QString>("openIdConfiguration");
        QTest::addColumn<QString>("authorizationServer");
        QTest::newRow("keycloak realm")
            << QStringLiteral("https://auth.zorgapis.nl/realms/zorgapis")
            << QStringLiteral("https://auth.zorgapis.nl/realms/zorgapis/.well-known/"
                              "openid-configuration")
            << QStringLiteral("https://auth.zorgapis.nl/.well-known/"
                              "oauth-authorization-server/realms/zorgapis");
        QTest::newRow("azure b2c policy in path")
            << QStringLiteral(
                   "https://ringphonesso.b2clogin.com/ringphonesso.onmicrosoft.com/B2C_1_Login/v2.0")
            << QStringLiteral(
                   "https://ringphonesso.b2clogin.com/ringphonesso.onmicrosoft.com/B2C_1_Login/v2.0/"
                   ".well-known/openid-configuration")
            << QStringLiteral("https://ringphonesso.b2clogin.com/.well-known/oauth-authorization-server/"
                              "ringphonesso.onmicrosoft.com/B2C_1_Login/v2.0");
        // OIDC Discovery §4.1, RFC 8414 §3.1: a terminating slash is removed before appending.
        QTest::newRow("tenant trailing slash")
            << QStringLiteral("https://hub.example/tenants/acme/")
            << QStringLiteral("https://hub.example/tenants/acme/.well-known/openid-configuration")
            << QStringLiteral("https://hub.example/.well-known/oauth-authorization-server/tenants/acme");
        QTest::newRow("host only") << QStringLiteral("https://id.example")
                                   << QStringLiteral("https://id.example/.well-known/openid-configuration")
                                   << QStringLiteral(
                                          "https://id.example/.well-known/oauth-authorization-server");
        QTest::newRow("host only with slash")
            << QStringLiteral("https://id.example/")
            << QStringLiteral("https://id.example/.well-known/openid-configuration")
            << QStringLiteral("https://id.example/.well-known/oauth-authorization-server");
        QTest::newRow("loopback with port")
            << QStringLiteral("http://127.0.0.1:8080/realms/zorg")
            << QStringLiteral("http://127.0.0.1:8080/realms/zorg/.well-known/openid-configuration")
            << QStringLiteral("http://127.0.0.1:8080/.well-known/oauth-authorization-server/realms/zorg");
        QTest::newRow("query refused")
            << QStringLiteral("https://id.example/?tenant=a") << QString() << QString();
        QTest::newRow("fragment refused")
            << QStringLiteral("https://id.example/#x") << QString() << QString();
        QTest::newRow("ftp refused") << QStringLiteral("ftp://id.example/") << QString() << QString();
        QTest::newRow("relative refused") << QStringLiteral("/realms/zorg") << QString() << QString();
        QTest::newRow("empty refused") << QString() << QString() << QString();
    }
    void wellKnownUrls()
    {
        QFETCH(QString, issuer);
        QFETCH(QString, openIdConfiguration);
        QFETCH(QString, authorizationServer);
        QCOMPARE(openIdConfigurationUrl(issuer).toString(QUrl::FullyEncoded), openIdConfiguration);
        QCOMPARE(authorizationServerMetadataUrl(issuer).toString(QUrl::FullyEncoded), authorizationServer);
    }

    // The real provider, mounted the way the providers Tokenscope meets are: discovery works from the issuer
    // alone and every endpoint it names answers as that endpoint.
    void realProvider_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("issuerPath");
        QTest::addColumn<QString>("authorizationPath");
        QTest::addColumn<QString>("tokenPath");
        QTest::addColumn<QString>("jwksPath");
        QTest::addColumn<QString>("userinfoPath");
        QTest::newRow("default") << QStringList() << QString() << QStringLiteral("/auth")
                                 << QStringLiteral("/token") << QStringLiteral("/jwks")
                                 << QStringLiteral("/me");
        const QString keycloak = QStringLiteral("/realms/zorg/protocol/openid-connect");
        QTest::newRow("keycloak realm")
            << QStringList {QStringLiteral("--mount"), QStringLiteral("/realms/zorg"),
                   QStringLiteral("--routes"), QStringLiteral("keycloak")}
            << QStringLiteral("/realms/zorg") << keycloak + QStringLiteral("/auth")
            << keycloak + QStringLiteral("/token") << keycloak + QStringLiteral("/certs")
            << keycloak + QStringLiteral("/userinfo");
        const QString b2c = QStringLiteral("/ringphonesso.onmicrosoft.com/B2C_1_MyOrganizer_Login");
        QTest::newRow("azure b2c policy in path")
            << QStringList {QStringLiteral("--mount"), b2c + QStringLiteral("/v2.0"),
                   QStringLiteral("--routes"), QStringLiteral("azure-b2c")}
            << b2c + QStringLiteral("/v2.0") << b2c + QStringLiteral("/oauth2/v2.0/authorize")
            << b2c + QStringLiteral("/oauth2/v2.0/token") << b2c + QStringLiteral("/discovery/v2.0/keys")
            << b2c + QStringLiteral("/openid/v2.0/userinfo");
        QTest::newRow("tenant trailing slash")
            << QStringList {QStringLiteral("--mount"), QStringLiteral("/tenants/acme/"),
                   QStringLiteral("--routes"), QStringLiteral("identity-hub")}
            << QStringLiteral("/tenants/acme/") << QStringLiteral("/tenants/acme/oauth2/v1/auth/")
            << QStringLiteral("/tenants/acme/oauth2/v1/token/")
            << QStringLiteral("/tenants/acme/oauth2/v1/keys")
            << QStringLiteral("/tenants/acme/oauth2/v1/userinfo");
        // Only the RFC 8414 address answers: the fallback against a real provider.
        QTest::newRow("rfc8414-fallback keycloak realm")
            << QStringList {QStringLiteral("--mount"), QStringLiteral("/realms/zorg"),
                   QStringLiteral("--routes"), QStringLiteral("keycloak"), QStringLiteral("--rfc8414-only")}
            << QStringLiteral("/realms/zorg") << keycloak + QStringLiteral("/auth")
            << keycloak + QStringLiteral("/token") << keycloak + QStringLiteral("/certs")
            << keycloak + QStringLiteral("/userinfo");
    }
    void realProvider()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, issuerPath);
        QFETCH(QString, authorizationPath);
        QFETCH(QString, tokenPath);
        QFETCH(QString, jwksPath);
        QFETCH(QString, userinfoPath);

        OidcFixture fixture(arguments);
        QString error;
        QVERIFY2(fixture.start(&error), qPrintable(error));
        const QString issuer = fixture.issuer().toString();
        QCOMPARE(fixture.issuer().path(), issuerPath);

        Runner runner;
        const std::optional<DiscoveryOutcome> outcome = runner.run(issuer);
        QVERIFY(outcome);
        QVERIFY2(outcome->ok(), qPrintable(outcome->error.code + QLatin1Char(' ') + outcome->error.toText()));
        const ProviderMetadata& metadata = *outcome->metadata;
        QCOMPARE(metadata.issuer, issuer);
        QCOMPARE(metadata.authorizationEndpoint, fixture.url(authorizationPath));
        QCOMPARE(metadata.tokenEndpoint, fixture.url(tokenPath));
        QCOMPARE(metadata.jwksUri, fixture.url(jwksPath));
        QCOMPARE(metadata.userinfoEndpoint, fixture.url(userinfoPath));
        QVERIFY(metadata.authorizationResponseIssParameterSupported);
        QCOMPARE(metadata.codeChallengeMethodsSupported, QStringList {QStringLiteral("S256")});
        QCOMPARE(OAuth::recommendedPkceMethod(metadata), QStringLiteral("S256"));
        QCOMPARE(describe(OAuth::recommendedClientAuthentication(metadata, true)),
            QStringLiteral("client_secret_basic"));

        const ClientConfig config = applyProviderMetadata({}, metadata);
        QCOMPARE(config.issuer, issuer);
        QCOMPARE(config.tokenEndpoint, metadata.tokenEndpoint);
        QCOMPARE(config.jwksUri, metadata.jwksUri);
        QVERIFY(config.requireIssuerInResponse);

        // The endpoints resolve to the provider's own routes, not to a 404.
        QNetworkAccessManager manager;
        const auto status = [&manager](const QByteArray& method, const QUrl& url, QByteArray* body) {
            QNetworkRequest request(url);
            request.setRawHeader("Content-Type", "application/x-www-form-urlencoded");
            QNetworkReply* reply = manager.sendCustomRequest(request, method, QByteArray());
            if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
                return -1;
            *body = reply->readAll();
            const int code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            reply->deleteLater();
            return code;
        };
        QByteArray body;
        QCOMPARE(status("GET", metadata.jwksUri, &body), 200);
        QCOMPARE(QJsonDocument::fromJson(body)
                     .object()
                     .value(QLatin1String("keys"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("kid"))
                     .toString(),
            QStringLiteral("fixture-rs256"));
        // The token endpoint refuses an empty request as a token endpoint does (RFC 6749 §5.2).
        QCOMPARE(status("POST", metadata.tokenEndpoint, &body), 400);
        QVERIFY2(QJsonDocument::fromJson(body).object().value(QLatin1String("error")).isString(),
            body.constData());
        // The authorization endpoint without parameters: the provider's error page, not "not found".
        QCOMPARE(status("GET", metadata.authorizationEndpoint, &body), 400);
        QVERIFY2(body.contains("oidc error"), body.constData());
        QCOMPARE(status("GET", metadata.userinfoEndpoint, &body), 401);
    }

    // A sandbox provider with a self-signed certificate: discovery is refused with the certificate's
    // fingerprint, as every other request of the environment is, until the user trusts exactly that one.
    void selfSignedProvider_data()
    {
        QTest::addColumn<bool>("trusted");
        QTest::newRow("untrusted-certificate-refused") << false;
        QTest::newRow("trusted-certificate-discovered") << true;
    }
    void selfSignedProvider()
    {
        QFETCH(bool, trusted);
        OidcFixture fixture({QStringLiteral("--tls")});
        QString error;
        QVERIFY2(fixture.start(&error), qPrintable(error));
        QCOMPARE(fixture.issuer().scheme(), QStringLiteral("https"));
        std::optional<CertificateFingerprint> fingerprint
            = CertificateFingerprint::fromText(fixture.certificateSha256());
        QVERIFY(fingerprint);
        // Trusted for the host it was accepted for, as the environment stores it.
        fingerprint = fingerprint->forHost(fixture.issuer().host());
        const CertificateFingerprint other
            = CertificateFingerprint::fromDigest(QByteArray(32, '\x5a')).forHost(fixture.issuer().host());

        Runner runner;
        runner.setTimeout(std::chrono::seconds(10));
        runner.trust(trusted ? QList<CertificateFingerprint> {other, *fingerprint}
                             : QList<CertificateFingerprint> {other});
        const std::optional<DiscoveryOutcome> outcome = runner.run(fixture.issuer().toString());
        QVERIFY(outcome);
        if (trusted) {
            QVERIFY2(outcome->ok(), qPrintable(outcome->error.toText()));
            QCOMPARE(outcome->metadata->issuer, fixture.issuer().toString());
            QCOMPARE(outcome->metadata->tokenEndpoint, fixture.url(QStringLiteral("/token")));
        } else {
            QVERIFY(!outcome->ok());
            QVERIFY2(
                outcome->error.detail.contains(fingerprint->toString()), qPrintable(outcome->error.toText()));
        }
    }

    // docs/oauth-client-rules.md case 36, discovery-issuer-mismatch, against the real provider: the tenant
    // issuer ends in a slash and the user typed it without. Rejected, and the declared issuer is offered;
    // adopting it works.
    void realProviderTrailingSlashMismatchThenAdopt()
    {
        OidcFixture fixture({QStringLiteral("--mount"), QStringLiteral("/tenants/acme/"),
            QStringLiteral("--routes"), QStringLiteral("identity-hub")});
        QString error;
        QVERIFY2(fixture.start(&error), qPrintable(error));
        const QString declared = fixture.issuer().toString();
        QVERIFY(declared.endsWith(QLatin1String("/tenants/acme/")));
        const QString typed = declared.chopped(1);

        Runner runner;
        std::optional<DiscoveryOutcome> outcome = runner.run(typed);
        QVERIFY(outcome);
        QVERIFY(!outcome->ok());
        QCOMPARE(outcome->error.code, QStringLiteral("issuer_mismatch"));
        QCOMPARE(outcome->declaredIssuer, declared);
        QVERIFY(outcome->error.summary.contains(declared));
        QVERIFY(outcome->error.hint.contains(declared));
        QVERIFY(outcome->error.hint.contains(QLatin1String("trailing slash")));

        outcome = runner.run(outcome->declaredIssuer);
        QVERIFY(outcome);
        QVERIFY2(outcome->ok(), qPrintable(outcome->error.toText()));
        QCOMPARE(outcome->metadata->issuer, declared);
    }

    // Misbehaviour a real provider does not show on demand.
    void scripted_data()
    {
        QTest::addColumn<Replies>("replies");
        QTest::addColumn<QString>("requestedIssuerPath"); // appended to the scripted server's origin
        QTest::addColumn<QString>("errorCode"); // empty: discovery succeeds
        QTest::addColumn<int>("requestCount");
        QTest::addColumn<QByteArray>("declaredIssuer"); // with issuer_mismatch

        const QByteArray valid = metadataDocument();
        QTest::newRow("valid") << Replies {json(valid)} << realmPath << QString() << 1 << QByteArray();
        QTest::newRow("discovery-issuer-mismatch")
            << Replies {json(
                   metadataDocument({{QStringLiteral("issuer"), QStringLiteral("@ORIGIN@/realms/evil")}}))}
            << realmPath << QStringLiteral("issuer_mismatch") << 1 << QByteArray("@ORIGIN@/realms/evil");
        QTest::newRow("discovery-issuer-mismatch trailing-slash in document")
            << Replies {json(metadataDocument({{QStringLiteral("issuer"), QStringLiteral("@ISSUER@/")}}))}
            << realmPath << QStringLiteral("issuer_mismatch") << 1 << QByteArray("@ISSUER@/");
        QTest::newRow("discovery-issuer-mismatch trailing-slash typed")
            << Replies {json(
                   metadataDocument({{QStringLiteral("issuer"), QStringLiteral("@ORIGIN@/realms/zorg")}}))}
            << QStringLiteral("/realms/zorg/") << QStringLiteral("issuer_mismatch") << 1
            << QByteArray("@ORIGIN@/realms/zorg");
        QTest::newRow("discovery-issuer-mismatch other host") << Replies {json(
            metadataDocument({{QStringLiteral("issuer"), QStringLiteral("http://localhost:1/realms/zorg")}}))}
                                                              << realmPath
                                                              << QStringLiteral("issuer_mismatch") << 1
                                                              << QByteArray("http://localhost:1/realms/zorg");
        QTest::newRow("rfc8414-fallback after 404")
            << Replies {json(R"({"error":"not_found"})", 404), json(valid)} << realmPath << QString() << 2
            << QByteArray();
        QTest::newRow("rfc8414-fallback after html portal")
            << Replies {page(loginPage), json(valid)} << realmPath << QString() << 2 << QByteArray();
        QTest::newRow("rfc8414-fallback after non-json")
            << Replies {json("Not here"), json(valid)} << realmPath << QString() << 2 << QByteArray();
        QTest::newRow("not-found at both addresses")
            << Replies {json("{}", 404)} << realmPath << QStringLiteral("not_found") << 2 << QByteArray();
        QTest::newRow("not-found then server error")
            << Replies {json("{}", 404), json("{}", 500)} << realmPath << QStringLiteral("http_error") << 2
            << QByteArray();
        QTest::newRow("html-body") << Replies {page(loginPage)} << realmPath << QStringLiteral("html_body")
                                   << 2 << QByteArray();
        QTest::newRow("html-body labelled json")
            << Replies {json(loginPage)} << realmPath << QStringLiteral("html_body") << 2 << QByteArray();
        QTest::newRow("non-json") << Replies {json("issuer=x")} << realmPath << QStringLiteral("non_json")
                                  << 2 << QByteArray();
        QTest::newRow("non-json empty body")
            << Replies {json("")} << realmPath << QStringLiteral("non_json") << 2 << QByteArray();
        QTest::newRow("array-body") << Replies {json(R"([{"issuer":"x"}])")} << realmPath
                                    << QStringLiteral("not_an_object") << 1 << QByteArray();
        QTest::newRow("missing-token-endpoint")
            << Replies {json(metadataDocument({}, {QStringLiteral("token_endpoint")}))} << realmPath
            << QStringLiteral("missing_token_endpoint") << 1 << QByteArray();
        QTest::newRow("missing-authorization-endpoint")
            << Replies {json(metadataDocument({}, {QStringLiteral("authorization_endpoint")}))} << realmPath
            << QStringLiteral("missing_authorization_endpoint") << 1 << QByteArray();
        QTest::newRow("missing-iss") << Replies {json(metadataDocument({}, {QStringLiteral("issuer")}))}
                                     << realmPath << QStringLiteral("missing_issuer") << 1 << QByteArray();
        QTest::newRow("null-iss") << Replies {json(
            metadataDocument({{QStringLiteral("issuer"), QJsonValue()}}))}
                                  << realmPath << QStringLiteral("missing_issuer") << 1 << QByteArray();
        QTest::newRow("issuer not a string")
            << Replies {json(metadataDocument({{QStringLiteral("issuer"), 42}}))} << realmPath
            << QStringLiteral("invalid_issuer") << 1 << QByteArray();
        QTest::newRow("token endpoint relative")
            << Replies {json(
                   metadataDocument({{QStringLiteral("token_endpoint"), QStringLiteral("/token")}}))}
            << realmPath << QStringLiteral("invalid_token_endpoint") << 1 << QByteArray();
        QTest::newRow("token endpoint as array")
            << Replies {json(metadataDocument(
                   {{QStringLiteral("token_endpoint"), QJsonArray {QStringLiteral("@ISSUER@/token")}}}))}
            << realmPath << QStringLiteral("invalid_token_endpoint") << 1 << QByteArray();
        QTest::newRow("scopes_supported as string")
            << Replies {json(
                   metadataDocument({{QStringLiteral("scopes_supported"), QStringLiteral("openid")}}))}
            << realmPath << QStringLiteral("invalid_scopes_supported") << 1 << QByteArray();
        QTest::newRow("code_challenge_methods_supported with a number")
            << Replies {json(metadataDocument({{QStringLiteral("code_challenge_methods_supported"),
                   QJsonArray {QStringLiteral("S256"), 1}}}))}
            << realmPath << QStringLiteral("invalid_code_challenge_methods_supported") << 1 << QByteArray();
        QTest::newRow("iss parameter flag as string")
            << Replies {json(
                   metadataDocument({{QStringLiteral("authorization_response_iss_parameter_supported"),
                       QStringLiteral("true")}}))}
            << realmPath << QStringLiteral("invalid_authorization_response_iss_parameter_supported") << 1
            << QByteArray();
        QTest::newRow("server-error-500") << Replies {json(R"({"error":"server_error"})", 500)} << realmPath
                                          << QStringLiteral("http_error") << 1 << QByteArray();
        QTest::newRow("server-error-503 html") << Replies {page("<html>Maintenance</html>", 503)} << realmPath
                                               << QStringLiteral("http_error") << 1 << QByteArray();
        ScriptedServer::Reply silent;
        silent.neverAnswer = true;
        QTest::newRow("timeout") << Replies {silent} << realmPath << QStringLiteral("timeout") << 1
                                 << QByteArray();
    }
    void scripted()
    {
        QFETCH(Replies, replies);
        QFETCH(QString, requestedIssuerPath);
        QFETCH(QString, errorCode);
        QFETCH(int, requestCount);
        QFETCH(QByteArray, declaredIssuer);

        ScriptedServer server;
        QVERIFY(server.start());
        const QByteArray origin = server.url({}).toString(QUrl::RemovePath).toUtf8();
        const QString issuer = QString::fromUtf8(origin) + requestedIssuerPath;
        QByteArray issuerInDocuments = issuer.toUtf8();
        if (issuerInDocuments.endsWith('/'))
            issuerInDocuments.chop(1);
        const auto expand = [&](QByteArray text) {
            return text.replace(issuerMark, issuerInDocuments).replace(originMark, origin);
        };
        for (ScriptedServer::Reply reply : replies) {
            reply.body = expand(reply.body);
            server.enqueue(reply);
        }

        Runner runner;
        const std::optional<DiscoveryOutcome> outcome = runner.run(issuer);
        QVERIFY(outcome);
        QCOMPARE(outcome->error.code, errorCode);
        QCOMPARE(outcome->ok(), errorCode.isEmpty());
        QCOMPARE(server.requests().size(), requestCount);
        QCOMPARE(server.requests().first().method, QByteArray("GET"));
        QCOMPARE(server.requests().first().target,
            requestedIssuerPath.toUtf8().chopped(requestedIssuerPath.endsWith(QLatin1Char('/')) ? 1 : 0)
                + "/.well-known/openid-configuration");
        if (requestCount > 1) {
            QCOMPARE(server.requests().at(1).target,
                "/.well-known/oauth-authorization-server" + QByteArray("/realms/zorg"));
        }
        if (outcome->ok()) {
            QCOMPARE(outcome->metadata->issuer, issuer);
            QCOMPARE(outcome->metadata->tokenEndpoint.toString(),
                issuer + QStringLiteral("/protocol/openid-connect/token"));
            QCOMPARE(outcome->documentUrl.path(), QString::fromUtf8(server.requests().last().target));
            return;
        }
        // Every failure is readable: what failed, what was seen, what to try.
        QVERIFY(outcome->error.summary.size() > 10);
        QVERIFY(!outcome->error.hint.isEmpty());
        QVERIFY(!outcome->metadata);
        QCOMPARE(outcome->declaredIssuer, QString::fromUtf8(expand(declaredIssuer)));
        if (errorCode == QLatin1String("issuer_mismatch")) {
            QVERIFY(outcome->error.summary.contains(outcome->declaredIssuer));
            QVERIFY(outcome->error.hint.contains(outcome->declaredIssuer));
        }
        if (requestCount > 1)
            QVERIFY2(outcome->error.detail.contains(QLatin1String("Also tried")),
                qPrintable(outcome->error.detail));
    }

    // The distinct failures read differently: no two codes share a summary.
    void failuresAreDistinct()
    {
        QHash<QString, QString> summaries;
        const auto record = [&summaries](const DiscoveryOutcome& outcome) {
            QVERIFY(!outcome.ok());
            const QString previous = summaries.value(outcome.error.code);
            QVERIFY(previous.isEmpty() || previous == outcome.error.summary);
            for (auto it = summaries.cbegin(); it != summaries.cend(); ++it) {
                if (it.key() != outcome.error.code)
                    QVERIFY2(it.value() != outcome.error.summary, qPrintable(outcome.error.summary));
            }
            summaries.insert(outcome.error.code, outcome.error.summary);
        };
        const QString issuer = QStringLiteral("https://id.example");
        Http::HttpResponse timedOut = response(0, {});
        timedOut.timedOut = true;
        Http::HttpResponse unreachable = response(0, {});
        unreachable.errorString = QStringLiteral("Connection refused");
        record(interpretDiscoveryResponse(timedOut, issuer));
        record(interpretDiscoveryResponse(unreachable, issuer));
        record(interpretDiscoveryResponse(response(404, "{}"), issuer));
        record(interpretDiscoveryResponse(response(500, "{}"), issuer));
        record(interpretDiscoveryResponse(response(200, loginPage), issuer));
        record(interpretDiscoveryResponse(response(200, "x"), issuer));
        record(interpretDiscoveryResponse(response(200, "[]"), issuer));
        record(interpretDiscoveryResponse(response(200, "{}"), issuer));
        QCOMPARE(summaries.size(), 8);
    }

    // An https issuer must not hand out http endpoints (they would carry codes and tokens in the clear);
    // the loopback interface is the exception.
    void httpsEndpoints_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("errorCode");
        QTest::newRow("all https") << QString() << QString() << QString();
        QTest::newRow("http token endpoint")
            << QStringLiteral("token_endpoint") << QStringLiteral("http://id.example/token")
            << QStringLiteral("insecure_endpoint");
        QTest::newRow("http authorization endpoint")
            << QStringLiteral("authorization_endpoint") << QStringLiteral("http://id.example/auth")
            << QStringLiteral("insecure_endpoint");
        QTest::newRow("http jwks_uri")
            << QStringLiteral("jwks_uri") << QStringLiteral("http://keys.example/jwks")
            << QStringLiteral("insecure_endpoint");
        QTest::newRow("http userinfo endpoint")
            << QStringLiteral("userinfo_endpoint") << QStringLiteral("http://id.example/me")
            << QStringLiteral("insecure_endpoint");
        QTest::newRow("http loopback token endpoint")
            << QStringLiteral("token_endpoint") << QStringLiteral("http://127.0.0.1:8080/token") << QString();
        QTest::newRow("http localhost revocation") << QStringLiteral("revocation_endpoint")
                                                   << QStringLiteral("http://localhost/revoke") << QString();
        QTest::newRow("http ipv6 loopback")
            << QStringLiteral("token_endpoint") << QStringLiteral("http://[::1]/token") << QString();
    }
    void httpsEndpoints()
    {
        QFETCH(QString, field);
        QFETCH(QString, url);
        QFETCH(QString, errorCode);
        const QString issuer = QStringLiteral("https://id.example");
        QJsonObject changes;
        if (!field.isEmpty())
            changes.insert(field, url);
        const QByteArray body = metadataDocument(changes).replace(issuerMark, issuer.toUtf8());
        const DiscoveryOutcome outcome = interpretDiscoveryResponse(response(200, body), issuer);
        QCOMPARE(outcome.error.code, errorCode);
        if (!errorCode.isEmpty()) {
            QVERIFY(outcome.error.summary.contains(field));
            QVERIFY2(outcome.error.detail.startsWith(url), qPrintable(outcome.error.detail));
        }
    }

    // An issuer that is not one is refused before any request, and still answered asynchronously.
    void badIssuerUrl_data()
    {
        QTest::addColumn<QString>("issuer");
        QTest::newRow("empty") << QString();
        QTest::newRow("words") << QStringLiteral("my keycloak");
        QTest::newRow("query") << QStringLiteral("https://id.example/?realm=zorg");
        QTest::newRow("fragment") << QStringLiteral("https://id.example/#zorg");
        QTest::newRow("no scheme") << QStringLiteral("id.example/realms/zorg");
        QTest::newRow("ftp") << QStringLiteral("ftp://id.example/");
    }
    void badIssuerUrl()
    {
        QFETCH(QString, issuer);
        Runner runner;
        const std::optional<DiscoveryOutcome> outcome = runner.run(issuer);
        QVERIFY(outcome);
        QCOMPARE(outcome->error.code, QStringLiteral("bad_issuer_url"));
        QVERIFY(!outcome->error.hint.isEmpty());
    }

    void parsesEveryField()
    {
        const QString issuer = QStringLiteral("https://id.example");
        QJsonObject document {
            {QStringLiteral("issuer"), issuer},
            {QStringLiteral("authorization_endpoint"), QStringLiteral("https://id.example/a")},
            {QStringLiteral("token_endpoint"), QStringLiteral("https://id.example/t")},
            {QStringLiteral("userinfo_endpoint"), QStringLiteral("https://id.example/u")},
            {QStringLiteral("jwks_uri"), QStringLiteral("https://id.example/k")},
            {QStringLiteral("revocation_endpoint"), QStringLiteral("https://id.example/r")},
            {QStringLiteral("introspection_endpoint"), QStringLiteral("https://id.example/i")},
            {QStringLiteral("end_session_endpoint"), QStringLiteral("https://id.example/e")},
            {QStringLiteral("device_authorization_endpoint"), QStringLiteral("https://id.example/d")},
            {QStringLiteral("pushed_authorization_request_endpoint"), QStringLiteral("https://id.example/p")},
            {QStringLiteral("scopes_supported"), QJsonArray {QStringLiteral("openid")}},
            {QStringLiteral("response_types_supported"), QJsonArray {QStringLiteral("code")}},
            {QStringLiteral("response_modes_supported"), QJsonArray {QStringLiteral("query")}},
            {QStringLiteral("grant_types_supported"), QJsonArray {QStringLiteral("authorization_code")}},
            {QStringLiteral("code_challenge_methods_supported"), QJsonArray {QStringLiteral("S256")}},
            {QStringLiteral("token_endpoint_auth_methods_supported"),
                QJsonArray {QStringLiteral("client_secret_post")}},
            {QStringLiteral("id_token_signing_alg_values_supported"), QJsonArray {QStringLiteral("ES256")}},
            {QStringLiteral("authorization_response_iss_parameter_supported"), true},
            {QStringLiteral("require_pushed_authorization_requests"), true},
            {QStringLiteral("x_unknown_extension"), QJsonObject {{QStringLiteral("a"), 1}}}, // ignored
        };
        const DiscoveryOutcome outcome = parseProviderMetadata(document);
        QVERIFY2(outcome.ok(), qPrintable(outcome.error.toText()));
        const ProviderMetadata& m = *outcome.metadata;
        QCOMPARE(m.issuer, issuer);
        QCOMPARE(m.authorizationEndpoint, QUrl(QStringLiteral("https://id.example/a")));
        QCOMPARE(m.tokenEndpoint, QUrl(QStringLiteral("https://id.example/t")));
        QCOMPARE(m.userinfoEndpoint, QUrl(QStringLiteral("https://id.example/u")));
        QCOMPARE(m.jwksUri, QUrl(QStringLiteral("https://id.example/k")));
        QCOMPARE(m.revocationEndpoint, QUrl(QStringLiteral("https://id.example/r")));
        QCOMPARE(m.introspectionEndpoint, QUrl(QStringLiteral("https://id.example/i")));
        QCOMPARE(m.endSessionEndpoint, QUrl(QStringLiteral("https://id.example/e")));
        QCOMPARE(m.deviceAuthorizationEndpoint, QUrl(QStringLiteral("https://id.example/d")));
        QCOMPARE(m.pushedAuthorizationRequestEndpoint, QUrl(QStringLiteral("https://id.example/p")));
        QCOMPARE(m.scopesSupported, QStringList {QStringLiteral("openid")});
        QCOMPARE(m.responseTypesSupported, QStringList {QStringLiteral("code")});
        QCOMPARE(m.responseModesSupported, QStringList {QStringLiteral("query")});
        QCOMPARE(m.grantTypesSupported, QStringList {QStringLiteral("authorization_code")});
        QCOMPARE(m.codeChallengeMethodsSupported, QStringList {QStringLiteral("S256")});
        QCOMPARE(m.tokenEndpointAuthMethodsSupported, QStringList {QStringLiteral("client_secret_post")});
        QCOMPARE(m.idTokenSigningAlgValuesSupported, QStringList {QStringLiteral("ES256")});
        QVERIFY(m.authorizationResponseIssParameterSupported);
        QVERIFY(m.requirePushedAuthorizationRequests);
        QCOMPARE(m.document, document);

        // Absent optional fields: empty, false.
        const DiscoveryOutcome minimal = parseProviderMetadata({{QStringLiteral("issuer"), issuer},
            {QStringLiteral("authorization_endpoint"), QStringLiteral("https://id.example/a")},
            {QStringLiteral("token_endpoint"), QStringLiteral("https://id.example/t")}});
        QVERIFY(minimal.ok());
        QVERIFY(minimal.metadata->jwksUri.isEmpty());
        QVERIFY(minimal.metadata->tokenEndpointAuthMethodsSupported.isEmpty());
        QVERIFY(!minimal.metadata->authorizationResponseIssParameterSupported);
    }

    void applyToClientConfig()
    {
        ClientConfig config;
        config.clientId = QStringLiteral("zorgapis.postman");
        config.scope = QStringLiteral("openid api-requirements-versions:read");
        config.redirectUri = QUrl(QStringLiteral("https://oauth.pstmn.io/v1/browser-callback"));
        config.clientAuthentication = ClientAuthentication::ClientSecretPost;
        config.extraAuthorizationParameters = {{QStringLiteral("prompt"), QStringLiteral("consent")}};
        ProviderMetadata metadata;
        metadata.issuer = QStringLiteral("https://auth.zorgapis.nl/realms/zorgapis");
        metadata.authorizationEndpoint
            = QUrl(QStringLiteral("https://auth.zorgapis.nl/realms/zorgapis/protocol/openid-connect/auth"));
        metadata.tokenEndpoint
            = QUrl(QStringLiteral("https://auth.zorgapis.nl/realms/zorgapis/protocol/openid-connect/token"));
        metadata.jwksUri
            = QUrl(QStringLiteral("https://auth.zorgapis.nl/realms/zorgapis/protocol/openid-connect/certs"));
        metadata.deviceAuthorizationEndpoint = QUrl(
            QStringLiteral("https://auth.zorgapis.nl/realms/zorgapis/protocol/openid-connect/auth/device"));
        metadata.revocationEndpoint
            = QUrl(QStringLiteral("https://auth.zorgapis.nl/realms/zorgapis/protocol/openid-connect/revoke"));
        metadata.introspectionEndpoint = QUrl(QStringLiteral(
            "https://auth.zorgapis.nl/realms/zorgapis/protocol/openid-connect/token/introspect"));
        metadata.userinfoEndpoint = QUrl(
            QStringLiteral("https://auth.zorgapis.nl/realms/zorgapis/protocol/openid-connect/userinfo"));
        metadata.endSessionEndpoint
            = QUrl(QStringLiteral("https://auth.zorgapis.nl/realms/zorgapis/protocol/openid-connect/logout"));
        metadata.authorizationResponseIssParameterSupported = true;

        ClientConfig expected = config;
        expected.issuer = metadata.issuer;
        expected.authorizationEndpoint = metadata.authorizationEndpoint;
        expected.tokenEndpoint = metadata.tokenEndpoint;
        expected.jwksUri = metadata.jwksUri;
        expected.deviceAuthorizationEndpoint = metadata.deviceAuthorizationEndpoint;
        expected.revocationEndpoint = metadata.revocationEndpoint;
        expected.introspectionEndpoint = metadata.introspectionEndpoint;
        expected.userinfoEndpoint = metadata.userinfoEndpoint;
        expected.endSessionEndpoint = metadata.endSessionEndpoint;
        expected.requireIssuerInResponse = true;
        expected.endpointsDiscovered = true;
        QCOMPARE(applyProviderMetadata(config, metadata), expected);

        // A provider that does not advertise iss in responses clears the requirement (RFC 9207 §2.4).
        config.requireIssuerInResponse = true;
        metadata.authorizationResponseIssParameterSupported = false;
        QVERIFY(!applyProviderMetadata(config, metadata).requireIssuerInResponse);
    }

    // RFC 9126 §5: the PAR endpoint is filled in; a provider that requires PAR switches it on, one that
    // merely offers it leaves the user's choice alone.
    void applyParMetadata_data()
    {
        QTest::addColumn<bool>("required");
        QTest::addColumn<bool>("userChoice");
        QTest::addColumn<bool>("expected");
        QTest::newRow("offered, user off") << false << false << false;
        QTest::newRow("offered, user on") << false << true << true;
        QTest::newRow("required, user off") << true << false << true;
    }
    void applyParMetadata()
    {
        QFETCH(bool, required);
        QFETCH(bool, userChoice);
        QFETCH(bool, expected);
        ClientConfig config;
        config.usePar = userChoice;
        ProviderMetadata metadata;
        metadata.issuer = QStringLiteral("https://op.example");
        metadata.pushedAuthorizationRequestEndpoint = QUrl(QStringLiteral("https://op.example/par"));
        metadata.requirePushedAuthorizationRequests = required;
        const ClientConfig applied = applyProviderMetadata(config, metadata);
        QCOMPARE(applied.parEndpoint, metadata.pushedAuthorizationRequestEndpoint);
        QCOMPARE(applied.usePar, expected);
    }

    void recommendedClientAuthentication_data()
    {
        QTest::addColumn<QStringList>("supported");
        QTest::addColumn<bool>("hasSecret");
        QTest::addColumn<std::optional<ClientAuthentication>>("expected");
        using CA = ClientAuthentication;
        const QString basic = QStringLiteral("client_secret_basic");
        const QString post = QStringLiteral("client_secret_post");
        const QString none = QStringLiteral("none");
        const QString jwt = QStringLiteral("private_key_jwt");
        QTest::newRow("absent list, secret: RFC 8414 default basic")
            << QStringList() << true << std::optional<CA>(CA::ClientSecretBasic);
        QTest::newRow("absent list, no secret") << QStringList() << false << std::optional<CA>(CA::None);
        QTest::newRow("basic and post: basic")
            << QStringList {post, basic} << true << std::optional<CA>(CA::ClientSecretBasic);
        QTest::newRow("post only") << QStringList {post} << true << std::optional<CA>(CA::ClientSecretPost);
        QTest::newRow("keycloak list, no secret: public client") << QStringList {jwt, basic, post,
            QStringLiteral("tls_client_auth"), QStringLiteral("client_secret_jwt")}
                                                                 << false << std::optional<CA>(CA::None);
        QTest::newRow("keycloak list, secret")
            << QStringList {jwt, basic, post} << true << std::optional<CA>(CA::ClientSecretBasic);
        QTest::newRow("none listed, no secret")
            << QStringList {none, basic} << false << std::optional<CA>(CA::None);
        QTest::newRow("only none, secret unused")
            << QStringList {none} << true << std::optional<CA>(CA::None);
        QTest::newRow("only private_key_jwt: unsupported")
            << QStringList {jwt} << true << std::optional<CA>();
        QTest::newRow("only client_secret_jwt: the secret signs an assertion") << QStringList {
            QStringLiteral("client_secret_jwt"), jwt} << true << std::optional<CA>(CA::ClientSecretJwt);
    }
    void recommendedClientAuthentication()
    {
        QFETCH(QStringList, supported);
        QFETCH(bool, hasSecret);
        QFETCH(std::optional<ClientAuthentication>, expected);
        ProviderMetadata metadata;
        metadata.tokenEndpointAuthMethodsSupported = supported;
        QCOMPARE(describe(OAuth::recommendedClientAuthentication(metadata, hasSecret)), describe(expected));
    }

    void recommendedPkceMethod_data()
    {
        QTest::addColumn<QStringList>("supported");
        QTest::addColumn<QString>("expected");
        const QString s256 = QStringLiteral("S256");
        const QString plain = QStringLiteral("plain");
        QTest::newRow("absent") << QStringList() << s256;
        QTest::newRow("S256 only") << QStringList {s256} << s256;
        QTest::newRow("plain and S256") << QStringList {plain, s256} << s256;
        QTest::newRow("plain only") << QStringList {plain} << plain;
        QTest::newRow("unknown only") << QStringList {QStringLiteral("S512")} << s256;
    }
    void recommendedPkceMethod()
    {
        QFETCH(QStringList, supported);
        QFETCH(QString, expected);
        ProviderMetadata metadata;
        metadata.codeChallengeMethodsSupported = supported;
        QCOMPARE(OAuth::recommendedPkceMethod(metadata), expected);
    }
};

QTEST_GUILESS_MAIN(TestDiscovery)
#include "tst_discovery.moc"
