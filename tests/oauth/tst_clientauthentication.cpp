#include "authorizationcodeflow.h"
#include "clientauthentication.h"
#include "flowlog.h"
#include "formencoding.h"
#include "instantloginagent.h"
#include "jwk.h"
#include "jwksclient.h"
#include "jws.h"
#include "jwssign.h"
#include "jwt.h"
#include "loopbackloginagent.h"
#include "networkclient.h"
#include "oauthharness.h"
#include "pkce.h"
#include "scriptedbrowser.h"
#include "scriptedserver.h"
#include "signing.h"
#include "tokenclient.h"
#include "tokenendpoints.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

#include <optional>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;
using Tokenscope::Tests::InstantLoginAgent;
using Tokenscope::Tests::OidcFixture;
using Tokenscope::Tests::ScriptedBrowser;
using Tokenscope::Tests::ScriptedServer;

Q_DECLARE_METATYPE(Tokenscope::Error)

namespace {

const QString secretJwtClient = QStringLiteral("tokenscope-secret-jwt");
const QString secretJwtSecret = QStringLiteral("tokenscope-secret-jwt-secret-at-least-32-bytes!!");
const QString privateKeyJwtClient = QStringLiteral("tokenscope-private-key-jwt");

// The TEST-ONLY key pairs whose public halves the fixture registers (tests/fixtures/oidc/test-client-keys).
QString testKey(const QString& name)
{
    QFile file(QStringLiteral(TOKENSCOPE_FIXTURE_DIR "/test-client-keys/") + name);
    return file.open(QIODevice::ReadOnly) ? QString::fromLatin1(file.readAll()) : QString();
}

QStringList queryNames(const QUrl& url)
{
    QStringList names;
    for (const auto& [name, value] : QUrlQuery(url).queryItems())
        names << name;
    names.sort();
    return names;
}

// A P-256 key nobody registered.
QByteArray freshEcPem()
{
    return Tests::Signing::privatePem(Tests::Signing::ecKey("P-256").get());
}

const QByteArray tokenResponse
    = R"({"access_token":"at-1","token_type":"Bearer","expires_in":300,"refresh_token":"rt-1"})";

} // namespace

// Client authentication with signed assertions (RFC 7523, OIDC Core §9), pushed authorization requests
// (RFC 9126) and the legacy knobs (PKCE method, token parameters in the query) — against the real
// oidc-provider where it speaks the protocol, and a scripted server for the exact bytes on the wire.
class TestClientAuthentication final : public QObject
{
    Q_OBJECT

private:
    OidcFixture m_fixture;

    ClientConfig config(const QString& clientId, ClientAuthentication method) const
    {
        ClientConfig config = Tests::fixtureConfig(m_fixture, clientId, method);
        config.parEndpoint = m_fixture.url(QStringLiteral("/request"));
        config.scope = QStringLiteral("openid demo.read");
        return config;
    }

    struct SignInResult
    {
        std::optional<TokenSet> tokens;
        Error error;
        QUrl opened; // the URL the browser was given; empty when none was opened
    };

    // A complete sign-in through the system-browser path: loopback listener, scripted browser, the
    // fixture's login form, code exchange with the configured client authentication.
    SignInResult signIn(const ClientConfig& config, const QString& credential, Http::FlowLog* log)
    {
        ScriptedBrowser browser;
        SignInResult result;
        LoopbackLoginAgent agent([&](const QUrl& url) {
            result.opened = url;
            browser.open(url);
            return true;
        });
        Http::NetworkClient network;
        network.setFlowLog(log);
        TokenClient tokens(&network);
        JwksClient keys(&network);
        AuthorizationCodeFlow flow(config, credential, &agent, &tokens, &keys, log);
        QSignalSpy succeeded(&flow, &AuthorizationCodeFlow::succeeded);
        QSignalSpy failed(&flow, &AuthorizationCodeFlow::failed);
        flow.start();
        if (!QTest::qWaitFor([&] { return succeeded.size() + failed.size() > 0; }, 30000)) {
            result.error = {QStringLiteral("sign-in timed out"), {}, {}};
            return result;
        }
        if (!failed.isEmpty()) {
            result.error = failed.first().at(0).value<Error>();
        } else {
            result.tokens = succeeded.first().first().value<TokenSet>();
        }
        return result;
    }

    // The token endpoint's answer to a refresh with an unknown refresh token and the given client fields.
    // invalid_grant means the provider AUTHENTICATED the client and then refused the grant; invalid_client
    // means the client authentication itself failed (RFC 6749 §5.2).
    QString tokenEndpointError(const Http::FormFields& clientFields)
    {
        Http::FormFields form {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
            {QStringLiteral("refresh_token"), QStringLiteral("not-a-refresh-token")}};
        form += clientFields;
        QNetworkAccessManager manager;
        QNetworkRequest request(m_fixture.url(QStringLiteral("/token")));
        request.setRawHeader("Content-Type", "application/x-www-form-urlencoded");
        QNetworkReply* reply = manager.post(request, Http::formEncode(form));
        if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
            return QStringLiteral("timeout");
        const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return body.value(QLatin1String("error")).toString();
    }

    static Http::FormFields assertionFields(const QString& clientId, const QString& assertion)
    {
        return {{QStringLiteral("client_id"), clientId},
            {QStringLiteral("client_assertion_type"), jwtBearerAssertionType},
            {QStringLiteral("client_assertion"), assertion}};
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<Tokenscope::Error>();
        QString error;
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
        QVERIFY(!testKey(QStringLiteral("rs256-private.pem")).isEmpty());
        QVERIFY(!testKey(QStringLiteral("es256-private.pem")).isEmpty());
    }

    // A full sign-in and a refresh with each assertion method; the provider verifies every assertion.
    void signInWithAssertion_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<ClientAuthentication>("method");
        QTest::addColumn<QString>("credential");
        QTest::addColumn<QString>("keyId");
        QTest::addColumn<QString>("alg");
        QTest::newRow("client-secret-jwt") << secretJwtClient << ClientAuthentication::ClientSecretJwt
                                           << secretJwtSecret << QString() << "HS256";
        QTest::newRow("private-key-jwt-rs256")
            << privateKeyJwtClient << ClientAuthentication::PrivateKeyJwt
            << testKey(QStringLiteral("rs256-private.pem")) << QString() << "RS256";
        QTest::newRow("private-key-jwt-es256")
            << privateKeyJwtClient << ClientAuthentication::PrivateKeyJwt
            << testKey(QStringLiteral("es256-private.pem")) << QString() << "ES256";
        QTest::newRow("private-key-jwt-rs256-kid")
            << privateKeyJwtClient << ClientAuthentication::PrivateKeyJwt
            << testKey(QStringLiteral("rs256-private.pem")) << "test-rs256"
            << "RS256";
    }

    void signInWithAssertion()
    {
        QFETCH(QString, clientId);
        QFETCH(ClientAuthentication, method);
        QFETCH(QString, credential);
        QFETCH(QString, keyId);
        QFETCH(QString, alg);
        ClientConfig settings = config(clientId, method);
        settings.assertionKeyId = keyId;

        Http::FlowLog log;
        const SignInResult result = signIn(settings, credential, &log);
        QVERIFY2(result.tokens, qPrintable(result.error.code + u' ' + result.error.toText()));
        QVERIFY(!result.tokens->accessToken.isEmpty());
        QVERIFY(!result.tokens->refreshToken.isEmpty());

        // The token request carried an assertion (masked in the log), never the secret or key itself.
        const auto tokenRequest
            = std::find_if(log.events().cbegin(), log.events().cend(), [](const auto& event) {
                  return event.kind == Http::FlowEvent::Kind::HttpRequest
                      && event.url.path().endsWith(u"/token");
              });
        QVERIFY(tokenRequest != log.events().cend());
        const Http::FormFields sent = Http::formDecode(tokenRequest->body);
        QVERIFY(sent.contains({QStringLiteral("client_assertion_type"), jwtBearerAssertionType}));
        const auto assertion = std::find_if(sent.cbegin(), sent.cend(),
            [](const auto& field) { return field.first == QLatin1String("client_assertion"); });
        QVERIFY(assertion != sent.cend());
        QVERIFY(assertion->second.contains(QStringLiteral("•••")));
        QVERIFY(!tokenRequest->body.contains("client_secret"));
        for (const auto& [name, value] : tokenRequest->headers)
            QVERIFY(name.toLower() != "authorization");
        for (const auto& event : log.events())
            QVERIFY(!event.body.contains(secretJwtSecret.toUtf8()));

        // The refresh authenticates the same way (a fresh jti: oidc-provider refuses a replay).
        Http::NetworkClient network;
        TokenClient tokens(&network);
        std::optional<TokenOutcome> refreshed;
        tokens.refresh(settings, credential, result.tokens->refreshToken, this,
            [&refreshed](const TokenOutcome& outcome) { refreshed = outcome; });
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.has_value(), 10000);
        QVERIFY2(refreshed->ok(), qPrintable(refreshed->error.code + u' ' + refreshed->error.toText()));

        // What the engine signs: the claims RFC 7523 §3 asks for, with the algorithm of the key.
        const ClientAssertion made
            = createClientAssertion(settings, credential, QDateTime::currentDateTimeUtc());
        QVERIFY(made.ok());
        const auto decoded = Jwt::decode(made.value);
        QVERIFY(decoded);
        QCOMPARE(decoded->header.value(QLatin1String("alg")).toString(), alg);
        QCOMPARE(decoded->header.value(QLatin1String("kid")).toString(), keyId);
        QCOMPARE(decoded->payload.value(QLatin1String("iss")).toString(), clientId);
        QCOMPARE(decoded->payload.value(QLatin1String("sub")).toString(), clientId);
        QCOMPARE(decoded->payload.value(QLatin1String("aud")).toString(), settings.issuer);
        QCOMPARE(decoded->payload.value(QLatin1String("exp")).toInteger()
                - decoded->payload.value(QLatin1String("iat")).toInteger(),
            60);
        QCOMPARE(QByteArray::fromBase64(decoded->payload.value(QLatin1String("jti")).toString().toLatin1(),
                     QByteArray::Base64UrlEncoding)
                     .size(),
            16);
    }

    // The provider tells authenticated clients (invalid_grant for the bogus refresh token) from
    // unauthenticated ones (invalid_client): good assertions pass, each broken one fails.
    void assertionAuthenticatesClient_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QString>("assertion");
        QTest::addColumn<QString>("expectedError");

        const QDateTime now = QDateTime::currentDateTimeUtc();
        const ClientConfig secretJwt = config(secretJwtClient, ClientAuthentication::ClientSecretJwt);
        ClientConfig rs256 = config(privateKeyJwtClient, ClientAuthentication::PrivateKeyJwt);
        const QString rsaPem = testKey(QStringLiteral("rs256-private.pem"));
        const QString ecPem = testKey(QStringLiteral("es256-private.pem"));

        // Hand-made assertions for the failures the engine never produces.
        const auto claims = [&](const QString& client, const QString& aud, qint64 iatOffset) {
            const qint64 iat = now.toSecsSinceEpoch() + iatOffset;
            return QJsonObject {{QStringLiteral("iss"), client}, {QStringLiteral("sub"), client},
                {QStringLiteral("aud"), aud}, {QStringLiteral("jti"), randomUrlSafe(16)},
                {QStringLiteral("iat"), iat}, {QStringLiteral("exp"), iat + 60}};
        };
        const auto hs = [](const QJsonObject& payload, const QString& secret) {
            return Jwt::sign({}, payload, Jwt::SigningKey::sharedSecret(secret.toUtf8())).token;
        };
        const QString token = secretJwt.tokenEndpoint.toString();

        QTest::newRow("client-secret-jwt")
            << secretJwtClient << createClientAssertion(secretJwt, secretJwtSecret, now).value
            << "invalid_grant";
        QTest::newRow("private-key-jwt-rs256")
            << privateKeyJwtClient << createClientAssertion(rs256, rsaPem, now).value << "invalid_grant";
        QTest::newRow("private-key-jwt-es256")
            << privateKeyJwtClient << createClientAssertion(rs256, ecPem, now).value << "invalid_grant";
        QTest::newRow("assertion-issuer-as-aud")
            << secretJwtClient
            << hs(claims(secretJwtClient, m_fixture.issuer().toString(), 0), secretJwtSecret)
            << "invalid_grant";
        QTest::newRow("assertion-bad-signature")
            << secretJwtClient
            << hs(claims(secretJwtClient, token, 0),
                   QStringLiteral("another-secret-that-is-at-least-32-bytes"))
            << "invalid_client";
        QTest::newRow("assertion-wrong-aud")
            << secretJwtClient
            << hs(claims(secretJwtClient, QStringLiteral("https://elsewhere.example/token"), 0),
                   secretJwtSecret)
            << "invalid_client";
        QTest::newRow("assertion-expired")
            << secretJwtClient << hs(claims(secretJwtClient, token, -600), secretJwtSecret)
            << "invalid_client";
        // iss (another client) and client_id disagree: refused as a malformed request, before any key.
        QTest::newRow("assertion-wrong-iss")
            << secretJwtClient << hs(claims(QStringLiteral("tokenscope-demo"), token, 0), secretJwtSecret)
            << "invalid_request";
        // A key the provider never saw: the right shape, the wrong signer.
        const Jwt::SignResult strangerKey = [&] {
            const auto key = Jwt::SigningKey::fromPem(freshEcPem());
            return key ? Jwt::sign({}, claims(privateKeyJwtClient, token, 0), *key) : Jwt::SignResult {};
        }();
        QTest::newRow("private-key-jwt-unregistered-key")
            << privateKeyJwtClient << strangerKey.token << "invalid_client";
        // HS256 with the secret of another client's method: a private_key_jwt client has no secret.
        QTest::newRow("private-key-jwt-client-hs256")
            << privateKeyJwtClient << hs(claims(privateKeyJwtClient, token, 0), secretJwtSecret)
            << "invalid_client";
    }

    void assertionAuthenticatesClient()
    {
        QFETCH(QString, clientId);
        QFETCH(QString, assertion);
        QFETCH(QString, expectedError);
        QVERIFY(!assertion.isEmpty());
        QCOMPARE(tokenEndpointError(assertionFields(clientId, assertion)), expectedError);
    }

    // RFC 7523 §3 item 7 / oidc-provider: a jti is single use; the engine makes a fresh one each time.
    void assertionReplayRefused()
    {
        const ClientConfig settings = config(secretJwtClient, ClientAuthentication::ClientSecretJwt);
        const QString assertion
            = createClientAssertion(settings, secretJwtSecret, QDateTime::currentDateTimeUtc()).value;
        QCOMPARE(
            tokenEndpointError(assertionFields(secretJwtClient, assertion)), QStringLiteral("invalid_grant"));
        QCOMPARE(tokenEndpointError(assertionFields(secretJwtClient, assertion)),
            QStringLiteral("invalid_client"));
        const QString fresh
            = createClientAssertion(settings, secretJwtSecret, QDateTime::currentDateTimeUtc()).value;
        QCOMPARE(
            tokenEndpointError(assertionFields(secretJwtClient, fresh)), QStringLiteral("invalid_grant"));
    }

    // RFC 7523 §3 lets the audience be the issuer identifier; every endpoint that authenticates the
    // client gets its own assertion naming the issuer, so an assertion captured by one endpoint (which
    // metadata may place on another host) is no key to the token endpoint of another issuer.
    void assertionAudience_data()
    {
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<QString>("path"); // the fixture's own
        QTest::addColumn<bool>("tokenEndpointAsAudience");
        QTest::newRow("client-assertion-aud-is-issuer") << "token"
                                                        << "/token" << false;
        QTest::newRow("client-assertion-aud-is-issuer-par") << "par"
                                                            << "/request" << false;
        QTest::newRow("client-assertion-aud-is-issuer-device") << "device"
                                                               << "/device/auth" << false;
        QTest::newRow("client-assertion-aud-is-issuer-revocation") << "revocation"
                                                                   << "/token/revocation" << false;
        QTest::newRow("client-assertion-aud-is-issuer-introspection") << "introspection"
                                                                      << "/token/introspection" << false;
        QTest::newRow("client-assertion-aud-token-endpoint-option") << "par"
                                                                    << "/request" << true;
    }

    void assertionAudience()
    {
        QFETCH(QString, endpoint);
        QFETCH(QString, path);
        QFETCH(bool, tokenEndpointAsAudience);
        const QString pem = testKey(QStringLiteral("es256-private.pem"));
        // The engine's request goes to a recording server first: the exact bytes, then replayed to the
        // real provider, which judges the assertion.
        ScriptedServer server;
        QVERIFY(server.start());
        ClientConfig settings = config(privateKeyJwtClient, ClientAuthentication::PrivateKeyJwt);
        settings.tokenEndpoint = server.url(QStringLiteral("/token"));
        settings.parEndpoint = server.url(QStringLiteral("/request"));
        settings.deviceAuthorizationEndpoint = server.url(QStringLiteral("/device/auth"));
        settings.revocationEndpoint = server.url(QStringLiteral("/token/revocation"));
        settings.introspectionEndpoint = server.url(QStringLiteral("/token/introspection"));
        settings.assertionAudienceIsTokenEndpoint = tokenEndpointAsAudience;
        server.enqueue(Tests::reply(400, R"({"error":"invalid_request"})"));

        Http::NetworkClient network;
        TokenClient tokens(&network);
        JwksClient keys(&network);
        TokenEndpoints endpoints(&network, &keys);
        bool answered = false;
        const QString token = QStringLiteral("not-a-token");
        if (endpoint == QLatin1String("token")) {
            tokens.refresh(settings, pem, token, this, [&](const TokenOutcome&) { answered = true; });
        } else if (endpoint == QLatin1String("par")) {
            const Http::FormFields parameters {{QStringLiteral("client_id"), privateKeyJwtClient},
                {QStringLiteral("response_type"), QStringLiteral("code")},
                {QStringLiteral("redirect_uri"), QStringLiteral("http://127.0.0.1/callback")},
                {QStringLiteral("scope"), QStringLiteral("openid")},
                {QStringLiteral("code_challenge"), Pkce::generate().challenge},
                {QStringLiteral("code_challenge_method"), QStringLiteral("S256")}};
            tokens.pushAuthorizationRequest(
                settings, pem, parameters, this, [&](const ParOutcome&) { answered = true; });
        } else if (endpoint == QLatin1String("device")) {
            tokens.startDeviceAuthorization(
                settings, pem, this, [&](const DeviceAuthorizationOutcome&) { answered = true; });
        } else if (endpoint == QLatin1String("revocation")) {
            endpoints.revoke(settings, pem, token, TokenEndpoints::TokenHint::RefreshToken, this,
                [&](const RevocationOutcome&) { answered = true; });
        } else {
            endpoints.introspect(
                settings, pem, token, this, [&](const IntrospectionOutcome&) { answered = true; });
        }
        QTRY_VERIFY(answered);
        QCOMPARE(server.requests().size(), 1);
        const ScriptedServer::Request sent = server.requests().first();
        QCOMPARE(QString::fromLatin1(sent.target), path);
        const Http::FormFields fields = Http::formDecode(sent.body);
        const auto assertion = std::find_if(fields.cbegin(), fields.cend(),
            [](const auto& field) { return field.first == QLatin1String("client_assertion"); });
        QVERIFY(assertion != fields.cend());
        const auto decoded = Jwt::decode(assertion->second);
        QVERIFY(decoded);
        const QString expectedAudience
            = tokenEndpointAsAudience ? settings.tokenEndpoint.toString() : m_fixture.issuer().toString();
        QCOMPARE(decoded->payload.value(QLatin1String("aud")).toString(), expectedAudience);
        if (tokenEndpointAsAudience)
            return; // the recording server's URL is no audience the provider knows

        // The provider authenticates the client by it at this endpoint: whatever it then answers, it
        // is not invalid_client (RFC 6749 §5.2).
        QNetworkAccessManager manager;
        QNetworkRequest replay(m_fixture.url(path));
        replay.setRawHeader("Content-Type", "application/x-www-form-urlencoded");
        QNetworkReply* reply = manager.post(replay, sent.body);
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        const QByteArray body = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        QVERIFY2(status != 401 && !body.contains("invalid_client"), body.constData());
    }

    // Key material the engine cannot sign with fails before anything is sent, with a readable error.
    void unusableCredentialFailsEarly_data()
    {
        QTest::addColumn<ClientAuthentication>("method");
        QTest::addColumn<QString>("credential");
        QTest::newRow("private-key-jwt-not-pem") << ClientAuthentication::PrivateKeyJwt << "not a key";
        QTest::newRow("client-secret-jwt-short-secret") << ClientAuthentication::ClientSecretJwt << "short";
    }

    void unusableCredentialFailsEarly()
    {
        QFETCH(ClientAuthentication, method);
        QFETCH(QString, credential);
        ScriptedServer server;
        QVERIFY(server.start());
        ClientConfig settings = config(QStringLiteral("c"), method);
        settings.tokenEndpoint = server.url(QStringLiteral("/token"));
        Http::NetworkClient network;
        TokenClient tokens(&network);
        std::optional<TokenOutcome> outcome;
        tokens.refresh(settings, credential, QStringLiteral("rt"), this,
            [&outcome](const TokenOutcome& result) { outcome = result; });
        QVERIFY(!outcome); // never before refresh returns
        QTRY_VERIFY(outcome.has_value());
        QVERIFY(!outcome->ok());
        QCOMPARE(outcome->error.code, QStringLiteral("client_assertion"));
        QVERIFY(!outcome->error.summary.isEmpty());
        QVERIFY(!outcome->error.hint.isEmpty());
        QVERIFY(server.requests().isEmpty());
    }

    // The private key is parsed once and kept as an OpenSSL key, not re-parsed for every assertion; the
    // cache holds a few keys only, keyed by a digest of the PEM (never the PEM itself).
    void pemKeyParsedOnce_data()
    {
        QTest::addColumn<int>("otherKeysBetween");
        QTest::addColumn<int>("expectedParses");
        QTest::newRow("pem-key-parsed-once") << 0 << 1;
        QTest::newRow("pem-key-recent-kept") << 3 << 4;
        QTest::newRow("pem-key-cache-bounded") << 4 << 6;
    }

    void pemKeyParsedOnce()
    {
        QFETCH(int, otherKeysBetween);
        QFETCH(int, expectedParses);
        ClientConfig settings = config(privateKeyJwtClient, ClientAuthentication::PrivateKeyJwt);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QString key = QString::fromLatin1(freshEcPem());
        QStringList others;
        for (int i = 0; i < otherKeysBetween; ++i)
            others << QString::fromLatin1(freshEcPem());

        const quint64 before = Jwt::SigningKey::pemParseCount();
        const ClientAssertion first = createClientAssertion(settings, key, now);
        for (const QString& other : std::as_const(others))
            QVERIFY(createClientAssertion(settings, other, now).ok());
        const ClientAssertion second = createClientAssertion(settings, key, now);
        QCOMPARE(Jwt::SigningKey::pemParseCount() - before, quint64(expectedParses));

        QVERIFY(first.ok());
        QVERIFY(second.ok());
        QVERIFY(first.value != second.value); // a fresh jti each time
        // Both signed by this very key (a cache keyed wrongly would sign with another one).
        const auto publicKey = Jwt::SigningKey::fromPem(key.toUtf8());
        QVERIFY(publicKey);
        const Jwt::JwkSetParse set = Jwt::parseJwkSet(QJsonDocument(
            QJsonObject {{QStringLiteral("keys"),
                QJsonArray {publicKey->publicJwk()}}}).toJson(QJsonDocument::Compact));
        QVERIFY(set.ok());
        QVERIFY(Jwt::verify(first.value, *set.set).ok());
        QVERIFY(Jwt::verify(second.value, *set.set).ok());
    }

    // RFC 9126: the parameters go to the PAR endpoint; the browser sees only client_id and request_uri.
    void parSignIn_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<ClientAuthentication>("method");
        QTest::addColumn<QString>("credential");
        QTest::newRow("par-public-client")
            << QStringLiteral("tokenscope-demo") << ClientAuthentication::None << QString();
        QTest::newRow("par-client-secret-jwt")
            << secretJwtClient << ClientAuthentication::ClientSecretJwt << secretJwtSecret;
        QTest::newRow("par-private-key-jwt-es256")
            << privateKeyJwtClient << ClientAuthentication::PrivateKeyJwt
            << testKey(QStringLiteral("es256-private.pem"));
    }

    void parSignIn()
    {
        QFETCH(QString, clientId);
        QFETCH(ClientAuthentication, method);
        QFETCH(QString, credential);
        ClientConfig settings = config(clientId, method);
        settings.usePar = true;
        Http::FlowLog log;
        const SignInResult result = signIn(settings, credential, &log);
        QVERIFY2(result.tokens, qPrintable(result.error.code + u' ' + result.error.toText()));
        QCOMPARE(queryNames(result.opened),
            (QStringList {QStringLiteral("client_id"), QStringLiteral("request_uri")}));
        QCOMPARE(QUrlQuery(result.opened).queryItemValue(QStringLiteral("client_id")), clientId);
        QVERIFY(QUrlQuery(result.opened)
                    .queryItemValue(QStringLiteral("request_uri"), QUrl::FullyDecoded)
                    .startsWith(QLatin1String("urn:ietf:params:oauth:request_uri:")));
        // The pushed request carried state, PKCE and the redirect URI, in a POST to the PAR endpoint.
        const auto pushed = std::find_if(log.events().cbegin(), log.events().cend(), [](const auto& event) {
            return event.kind == Http::FlowEvent::Kind::HttpRequest && event.url.path().endsWith(u"/request");
        });
        QVERIFY(pushed != log.events().cend());
        QCOMPARE(pushed->method, QByteArray("POST"));
        const Http::FormFields fields = Http::formDecode(pushed->body);
        QStringList names;
        for (const auto& field : fields)
            names << field.first;
        for (const char* name : {"response_type", "client_id", "redirect_uri", "state", "code_challenge",
                 "code_challenge_method", "nonce", "scope"})
            QVERIFY2(names.contains(QLatin1String(name)), name);
        QCOMPARE(names.count(QStringLiteral("client_id")), 1);
    }

    // An error from the PAR endpoint is shown like a token endpoint error, and no browser opens.
    void parErrorShown()
    {
        ClientConfig settings = config(secretJwtClient, ClientAuthentication::ClientSecretJwt);
        settings.usePar = true;
        Http::FlowLog log;
        const SignInResult result
            = signIn(settings, QStringLiteral("a-wrong-secret-that-is-long-enough-to-sign"), &log);
        QVERIFY(!result.tokens);
        QCOMPARE(result.error.code, QStringLiteral("invalid_client"));
        QVERIFY2(result.error.summary.contains(QLatin1String("pushed authorization request")),
            qPrintable(result.error.summary));
        QVERIFY(!result.error.hint.isEmpty());
        QVERIFY(result.opened.isEmpty());
    }

    void parWithoutEndpointFails()
    {
        ClientConfig settings = config(QStringLiteral("tokenscope-demo"), ClientAuthentication::None);
        settings.usePar = true;
        settings.parEndpoint.clear();
        Http::FlowLog log;
        const SignInResult result = signIn(settings, {}, &log);
        QCOMPARE(result.error.code, QStringLiteral("par_endpoint_missing"));
        QVERIFY(result.opened.isEmpty());
    }

    // pkce-shape for the legacy choices: what the authorization URL and the token request carry.
    void pkceMethod_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("pkce-shape") << "S256"; // docs/oauth-client-rules.md case 11, S256
        QTest::newRow("pkce-plain") << "plain";
        QTest::newRow("pkce-none") << "none";
    }

    void pkceMethod()
    {
        QFETCH(QString, method);
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue({200, "application/json", tokenResponse, {}});
        ClientConfig settings;
        settings.authorizationEndpoint = QUrl(QStringLiteral("https://login.example.test/auth"));
        settings.tokenEndpoint = server.url(QStringLiteral("/token"));
        settings.clientId = QStringLiteral("legacy");
        settings.clientAuthentication = ClientAuthentication::None;
        settings.redirectUri = QUrl(QStringLiteral("https://oauth.tokenscope.test/callback"));
        settings.pkceMethod = method;

        InstantLoginAgent agent;
        Http::NetworkClient network;
        TokenClient tokens(&network);
        JwksClient keys(&network);
        AuthorizationCodeFlow flow(settings, {}, &agent, &tokens, &keys, nullptr);
        QSignalSpy succeeded(&flow, &AuthorizationCodeFlow::succeeded);
        QSignalSpy failed(&flow, &AuthorizationCodeFlow::failed);
        flow.start();
        QTRY_COMPARE(succeeded.size() + failed.size(), 1);
        QCOMPARE(succeeded.size(), 1);

        const QUrlQuery authorization(agent.opened());
        QCOMPARE(server.requests().size(), 1);
        const QUrlQuery token(QString::fromLatin1(server.requests().first().body));
        const QString challenge = authorization.queryItemValue(QStringLiteral("code_challenge"));
        const QString verifier = token.queryItemValue(QStringLiteral("code_verifier"));
        if (method == QLatin1String("none")) {
            QVERIFY(!authorization.hasQueryItem(QStringLiteral("code_challenge")));
            QVERIFY(!authorization.hasQueryItem(QStringLiteral("code_challenge_method")));
            QVERIFY(!token.hasQueryItem(QStringLiteral("code_verifier")));
            return;
        }
        QCOMPARE(authorization.queryItemValue(QStringLiteral("code_challenge_method")), method);
        QVERIFY(Pkce::isValidVerifier(verifier));
        QCOMPARE(challenge, method == QLatin1String("plain") ? verifier : Pkce::challengeFor(verifier));
    }

    // The ZorgAPIs documentation: "POST …/openid-connect/token ?grant_type=authorization_code
    // &client_id=<client-id>&client_secret=<secret>&code=<auth-code>&redirect_uri=<redirect-uri>": every
    // parameter in the query of the POST, the body empty. Off: the standard form body (RFC 6749 §3.2).
    void tokenParametersInQuery_data()
    {
        QTest::addColumn<bool>("inQuery");
        QTest::addColumn<bool>("refresh");
        QTest::addColumn<QByteArray>("expectedTarget");
        QTest::addColumn<QByteArray>("expectedBody");
        const QByteArray path = "/realms/zorgapis/protocol/openid-connect/token";
        const QByteArray code
            = "grant_type=authorization_code&code=c%2B1&redirect_uri=https%3A%2F%2Foauth.pstmn.io"
              "%2Fv1%2Fbrowser-callback&client_id=zorgapis.postman&client_secret=s%20cr%2Bt";
        const QByteArray refresh = "grant_type=refresh_token&refresh_token=rt%2F1&client_id=zorgapis.postman&"
                                   "client_secret=s%20cr%2Bt";
        QTest::newRow("query-code") << true << false << path + '?' + code << QByteArray();
        QTest::newRow("query-refresh") << true << true << path + '?' + refresh << QByteArray();
        QTest::newRow("body-code") << false << false << path << code;
        QTest::newRow("body-refresh") << false << true << path << refresh;
    }

    void tokenParametersInQuery()
    {
        QFETCH(bool, inQuery);
        QFETCH(bool, refresh);
        QFETCH(QByteArray, expectedTarget);
        QFETCH(QByteArray, expectedBody);
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue({200, "application/json", tokenResponse, {}});
        ClientConfig settings;
        settings.tokenEndpoint = server.url(QStringLiteral("/realms/zorgapis/protocol/openid-connect/token"));
        settings.clientId = QStringLiteral("zorgapis.postman");
        settings.clientAuthentication = ClientAuthentication::ClientSecretPost;
        settings.redirectUri = QUrl(QStringLiteral("https://oauth.pstmn.io/v1/browser-callback"));
        settings.tokenParametersInQuery = inQuery;

        Http::FlowLog log;
        Http::NetworkClient network;
        network.setFlowLog(&log);
        TokenClient tokens(&network);
        std::optional<TokenOutcome> outcome;
        const auto done = [&outcome](const TokenOutcome& result) { outcome = result; };
        const QString secret = QStringLiteral("s cr+t");
        if (refresh)
            tokens.refresh(settings, secret, QStringLiteral("rt/1"), this, done);
        else
            tokens.exchangeCode(settings, secret, QStringLiteral("c+1"), {}, this, done);
        QTRY_VERIFY(outcome.has_value());
        QVERIFY2(outcome->ok(), qPrintable(outcome->error.toText()));

        QCOMPARE(server.requests().size(), 1);
        const ScriptedServer::Request& request = server.requests().first();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.target, expectedTarget);
        QCOMPARE(request.body, expectedBody);
        QVERIFY(!request.headers.contains("authorization"));

        // The flow log masks the secret wherever it travelled, query or body.
        for (const auto& event : log.events()) {
            QVERIFY(!event.url.toString(QUrl::FullyEncoded).contains(QLatin1String("s%20cr%2Bt")));
            QVERIFY(!event.body.contains("s%20cr%2Bt"));
        }
    }
};

QTEST_GUILESS_MAIN(TestClientAuthentication)
#include "tst_clientauthentication.moc"
