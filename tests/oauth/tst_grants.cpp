#include "deviceauthorizationflow.h"
#include "flowlog.h"
#include "jwksclient.h"
#include "memorysecretstore.h"
#include "networkclient.h"
#include "oauthharness.h"
#include "requestsender.h"
#include "scriptedbrowser.h"
#include "secretcall.h"
#include "tokenclient.h"
#include "tokensession.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

#include <memory>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;
using Tokenscope::Tests::OidcFixture;
using Tokenscope::Tests::reply;
using Tokenscope::Tests::ScriptedBrowser;
using Tokenscope::Tests::ScriptedServer;

Q_DECLARE_METATYPE(Tokenscope::Error)

namespace {

const QString environmentId = QStringLiteral("env-grants");

struct Scripted
{
    int status = 200;
    QByteArray body;
};

QByteArray json(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray deviceAuthorization(QJsonObject changes = {}, const QStringList& remove = {})
{
    QJsonObject object {
        {QStringLiteral("device_code"), QStringLiteral("GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS")},
        {QStringLiteral("user_code"), QStringLiteral("WDJB-MJHT")},
        {QStringLiteral("verification_uri"), QStringLiteral("https://example.test/device")},
        {QStringLiteral("verification_uri_complete"),
            QStringLiteral("https://example.test/device?user_code=WDJB-MJHT")},
        {QStringLiteral("expires_in"), 1800}, {QStringLiteral("interval"), 1}};
    for (auto it = changes.constBegin(); it != changes.constEnd(); ++it)
        object.insert(it.key(), it.value());
    for (const QString& name : remove)
        object.remove(name);
    return json(object);
}

Scripted tokenError(const QString& code, const QString& description = {})
{
    QJsonObject object {{QStringLiteral("error"), code}};
    if (!description.isEmpty())
        object.insert(QStringLiteral("error_description"), description);
    return {400, json(object)};
}

const Scripted tokens {200, R"({"access_token":"device-access","token_type":"Bearer","expires_in":300})"};

QUrlQuery form(const QByteArray& body)
{
    return QUrlQuery(QString::fromUtf8(body));
}

} // namespace

Q_DECLARE_METATYPE(Scripted)
Q_DECLARE_METATYPE(Tokenscope::OAuth::TokenSet)

// The grants without a redirect: client credentials (RFC 6749 §4.4) and the device authorization
// grant (RFC 8628), against the real oidc-provider (a scripted browser confirms the code on the
// provider's own verification page) and a scripted server for what a real provider never sends.
class TestGrants final : public QObject
{
    Q_OBJECT

private:
    OidcFixture m_fixture;

    struct Harness : Tests::FlowEngine
    {
        Secrets::MemorySecretStore secrets;
        std::unique_ptr<TokenSession> session;
        QDateTime now = QDateTime::currentDateTimeUtc();

        Harness(const ClientConfig& config, const QString& clientSecret)
        {
            tokenClient.setClock([this] { return now; });
            session
                = std::make_unique<TokenSession>(environmentId, config, &secrets, &tokenClient, &keys, &log);
            session->setClock([this] { return now; });
            session->setDeviceFlowSecondLength(std::chrono::milliseconds(20));
            if (!clientSecret.isEmpty())
                Tests::writeSecret(&secrets,
                    Secrets::secretKey(environmentId, QStringLiteral("client_secret")), clientSecret);
        }
        // One API call through the session's token, as the request editor sends it.
        int callApi(const QUrl& url)
        {
            Http::RequestSender sender(&network);
            int status = -1;
            Http::HttpRequest request;
            request.url = url.toString();
            QObject context;
            sender.send(request, {}, session.get(), &context,
                [&status](const Http::HttpResponse& response, const Error&) { status = response.status; });
            if (!QTest::qWaitFor([&status] { return status != -1; }, 10000))
                return -2;
            return status;
        }
    };

    ClientConfig serviceConfig() const
    {
        ClientConfig config = Tests::fixtureConfig(
            m_fixture, QStringLiteral("tokenscope-service"), ClientAuthentication::ClientSecretBasic);
        config.grant = Grant::ClientCredentials;
        config.scope = QStringLiteral("demo.read");
        return config;
    }

    static ClientConfig deviceConfig(const OidcFixture& fixture)
    {
        ClientConfig config = Tests::fixtureConfig(fixture, QStringLiteral("tokenscope-device"));
        config.grant = Grant::DeviceCode;
        config.deviceAuthorizationEndpoint = fixture.url(QStringLiteral("/device/auth"));
        return config;
    }

    static ClientConfig scriptedConfig(const ScriptedServer& server)
    {
        ClientConfig config;
        config.grant = Grant::DeviceCode;
        config.tokenEndpoint = server.url(QStringLiteral("/token"));
        config.deviceAuthorizationEndpoint = server.url(QStringLiteral("/device"));
        config.clientId = QStringLiteral("device-client");
        config.clientAuthentication = ClientAuthentication::None;
        config.scope = QStringLiteral("demo.read");
        return config;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<Tokenscope::Error>();
        QString error;
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
    }

    // --- client credentials ---------------------------------------------------------------------

    void clientCredentials()
    {
        Harness harness(serviceConfig(), QStringLiteral("tokenscope-service-secret"));
        TokenSession& session = *harness.session;
        QSignalSpy finished(&session, &TokenSession::signInFinished);
        session.signIn(nullptr);
        QCOMPARE(session.state(), TokenSession::State::SigningIn);
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY2(finished.at(0).at(0).value<Error>().isNull(),
            qPrintable(finished.at(0).at(0).value<Error>().summary));
        QCOMPARE(session.state(), TokenSession::State::SignedIn);
        QVERIFY(session.tokens().hasAccessToken());
        QCOMPARE(session.tokens().grantedScope, QStringLiteral("demo.read"));
        QVERIFY(session.tokens().scopeFromResponse);
        QVERIFY(session.tokens().refreshToken.isEmpty());
        const QString first = session.tokens().accessToken;

        // The token works at the API (the fixture's /api/me knows client credentials tokens).
        QCOMPARE(harness.callApi(m_fixture.url(QStringLiteral("/api/me"))), 200);

        // Past its expiry, two requests at once get one new token: there is nothing to refresh with, so
        // the session asks for a new one, once (RFC 6749 §4.4.3).
        harness.now = session.tokens().expiresAt.addSecs(1);
        QSignalSpy refreshed(&session, &TokenSession::refreshFinished);
        QStringList handed;
        QObject context;
        for (int i = 0; i < 2; ++i) {
            session.withAccessToken(
                &context, [&handed](const Http::AccessTokenProvider::Token& token, const Error&) {
                    handed.append(token.value);
                });
        }
        QTRY_COMPARE(handed.size(), 2);
        QCOMPARE(refreshed.count(), 1);
        QVERIFY(refreshed.at(0).at(0).value<Error>().isNull());
        QCOMPARE(handed.at(0), handed.at(1));
        QVERIFY(handed.at(0) != first);
        QCOMPARE(session.tokens().accessToken, handed.at(0));
        QCOMPARE(session.state(), TokenSession::State::SignedIn);
        harness.now = QDateTime::currentDateTimeUtc();
        QCOMPARE(harness.callApi(m_fixture.url(QStringLiteral("/api/me"))), 200);

        // Nothing went to the keychain: there is no refresh token to keep.
        bool found = true;
        harness.secrets.read(Secrets::secretKey(environmentId, QStringLiteral("refresh_token")), &context,
            [&found](const Secrets::SecretResult& result) { found = result.ok(); });
        QTRY_VERIFY(!found);
    }

    void clientCredentialsWrongSecret()
    {
        Harness harness(serviceConfig(), QStringLiteral("not-the-secret"));
        QSignalSpy finished(harness.session.get(), &TokenSession::signInFinished);
        harness.session->signIn(nullptr);
        QTRY_COMPARE(finished.count(), 1);
        const Error error = finished.at(0).at(0).value<Error>();
        QVERIFY(error.summary.contains(QLatin1String("invalid_client")));
        QVERIFY(!error.hint.isEmpty());
        QCOMPARE(harness.session->state(), TokenSession::State::SignedOut);
        QVERIFY(!harness.session->tokens().hasAccessToken());
    }

    // The request itself (RFC 6749 §4.4.2) and a refresh token the server should not have sent.
    void clientCredentialsRequest()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(reply(200,
            R"({"access_token":"svc","token_type":"Bearer","expires_in":60,"refresh_token":"should-not-be-here"})"));
        ClientConfig config;
        config.grant = Grant::ClientCredentials;
        config.tokenEndpoint = server.url(QStringLiteral("/token"));
        config.clientId = QStringLiteral("svc:1");
        config.scope = QStringLiteral("demo.read  demo.write");
        config.clientAuthentication = ClientAuthentication::ClientSecretBasic;
        Http::NetworkClient network;
        TokenClient client(&network);
        std::optional<TokenOutcome> outcome;
        QObject context;
        client.requestClientCredentials(config, QStringLiteral("s3cr+t"), &context,
            [&outcome](const TokenOutcome& result) { outcome = result; });
        QTRY_VERIFY(outcome.has_value());
        QVERIFY(outcome->ok());
        QCOMPARE(outcome->tokens->accessToken, QStringLiteral("svc"));
        QVERIFY(outcome->tokens->refreshToken.isEmpty());
        QCOMPARE(outcome->tokens->grantedScope, QStringLiteral("demo.read demo.write"));
        QCOMPARE(server.requests().size(), 1);
        const auto& request = server.requests().at(0);
        const QUrlQuery body = form(request.body);
        QCOMPARE(body.queryItemValue(QStringLiteral("grant_type")), QStringLiteral("client_credentials"));
        QCOMPARE(body.queryItemValue(QStringLiteral("scope"), QUrl::FullyDecoded),
            QStringLiteral("demo.read demo.write"));
        QVERIFY(!body.hasQueryItem(QStringLiteral("client_secret")));
        QCOMPARE(
            request.headers.value("authorization"), "Basic " + QByteArray("svc%3A1:s3cr%2Bt").toBase64());
    }

    // Cancelled while the token request is under way: signed out, and the late answer is dropped.
    void clientCredentialsCancelled()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        ScriptedServer::Reply held
            = reply(200, R"({"access_token":"late","token_type":"Bearer","expires_in":60})");
        held.held = true;
        server.enqueue(held);
        ClientConfig config;
        config.grant = Grant::ClientCredentials;
        config.tokenEndpoint = server.url(QStringLiteral("/token"));
        config.clientId = QStringLiteral("svc");
        config.clientAuthentication = ClientAuthentication::ClientSecretPost;
        Harness harness(config, QStringLiteral("secret"));
        TokenSession& session = *harness.session;
        QSignalSpy finished(&session, &TokenSession::signInFinished);
        session.signIn(nullptr);
        QTRY_COMPARE(server.requests().size(), 1);
        QCOMPARE(form(server.requests().at(0).body).queryItemValue(QStringLiteral("client_secret")),
            QStringLiteral("secret"));
        session.cancelSignIn();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.at(0).at(0).value<Error>().summary, QStringLiteral("Sign-in cancelled"));
        QCOMPARE(session.state(), TokenSession::State::SignedOut);
        server.releaseHeld();
        // The answer arrives (the timeline records it) and changes nothing.
        QTRY_VERIFY(std::any_of(harness.log.events().cbegin(), harness.log.events().cend(),
            [](const Http::FlowEvent& event) { return event.kind == Http::FlowEvent::Kind::HttpResponse; }));
        QCoreApplication::processEvents();
        QVERIFY(!session.tokens().hasAccessToken());
        QCOMPARE(finished.count(), 1);
    }

    // Another grant is another identity: the service account's token is dropped when the environment
    // switches to a user's grant.
    void grantChangeDropsTheTokens()
    {
        Harness harness(serviceConfig(), QStringLiteral("tokenscope-service-secret"));
        TokenSession& session = *harness.session;
        QSignalSpy finished(&session, &TokenSession::signInFinished);
        session.signIn(nullptr);
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(session.tokens().hasAccessToken());
        ClientConfig config = session.config();
        config.grant = Grant::DeviceCode;
        session.setConfig(config);
        QVERIFY(!session.tokens().hasAccessToken());
        QCOMPARE(session.state(), TokenSession::State::SignedOut);
    }

    // --- device authorization grant, real provider -----------------------------------------------

    void deviceFlowApproved()
    {
        Harness harness(deviceConfig(m_fixture), {});
        TokenSession& session = *harness.session;
        harness.now = QDateTime::currentDateTimeUtc();
        ScriptedBrowser browser(QStringLiteral("dana"));
        QSignalSpy codeReady(&session, &TokenSession::deviceCodeReady);
        QSignalSpy finished(&session, &TokenSession::signInFinished);
        connect(&session, &TokenSession::deviceCodeReady, &browser,
            [&browser](const QString&, const QUrl&, const QUrl& complete, const QDateTime&) {
                browser.open(complete);
            });
        session.signIn(nullptr);
        QTRY_COMPARE(codeReady.count(), 1);
        const QString userCode = codeReady.at(0).at(0).toString();
        QVERIFY(!userCode.isEmpty());
        QCOMPARE(codeReady.at(0).at(1).toUrl(), m_fixture.url(QStringLiteral("/device")));
        QVERIFY(codeReady.at(0).at(2).toUrl().toString().contains(QStringLiteral("user_code=")));
        QVERIFY(codeReady.at(0).at(3).toDateTime() > harness.now);

        QTRY_VERIFY_WITH_TIMEOUT(browser.isFinished(), 15000);
        QVERIFY2(browser.error().isEmpty(), qPrintable(browser.error()));
        QVERIFY2(browser.lastBody().contains("Sign-in Success"), browser.lastBody().constData());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        QVERIFY2(finished.at(0).at(0).value<Error>().isNull(),
            qPrintable(finished.at(0).at(0).value<Error>().summary));
        QCOMPARE(session.state(), TokenSession::State::SignedIn);
        QVERIFY(!session.tokens().idToken.isEmpty());
        QVERIFY(!session.tokens().refreshToken.isEmpty());
        QCOMPARE(harness.callApi(m_fixture.url(QStringLiteral("/api/me"))), 200);

        // The ID token went through the same checks as after a code exchange, with the provider's keys.
        bool verified = false;
        for (const auto& event : harness.log.events()) {
            if (event.summary.startsWith(QLatin1String("ID token signature verified")))
                verified = true;
        }
        QVERIFY(verified);
    }

    void deviceFlowDenied()
    {
        Http::FlowLog log;
        Http::NetworkClient network;
        TokenClient client(&network);
        JwksClient keys(&network);
        DeviceAuthorizationFlow flow(deviceConfig(m_fixture), {}, &client, &keys, &log);
        flow.setSecondLength(std::chrono::milliseconds(20));
        ScriptedBrowser browser;
        browser.setAbortDeviceConfirmation(true);
        connect(&flow, &DeviceAuthorizationFlow::userCodeReady, &browser,
            [&browser](const QString&, const QUrl&, const QUrl& complete, const QDateTime&) {
                browser.open(complete);
            });
        QSignalSpy failed(&flow, &DeviceAuthorizationFlow::failed);
        QSignalSpy succeeded(&flow, &DeviceAuthorizationFlow::succeeded);
        flow.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 15000);
        QCOMPARE(succeeded.count(), 0);
        QCOMPARE(failed.at(0).at(0).value<Error>().code, QStringLiteral("access_denied"));
        const Error error = failed.at(0).at(0).value<Error>();
        QVERIFY(error.detail.contains(QLatin1String("End-User aborted interaction"))); // the provider's words
        QVERIFY(!error.hint.isEmpty());
        QVERIFY(flow.isFinished());
        QTRY_VERIFY(browser.isFinished());
        QVERIFY2(browser.error().isEmpty(), qPrintable(browser.error()));
        QVERIFY2(browser.lastBody().contains("interrupted"), browser.lastBody().constData());
    }

    void deviceFlowExpired()
    {
        OidcFixture fixture({QStringLiteral("--device-code-ttl"), QStringLiteral("1")});
        QString startError;
        QVERIFY2(fixture.start(&startError), qPrintable(startError));
        Http::NetworkClient network;
        TokenClient client(&network);
        JwksClient keys(&network);
        DeviceAuthorizationFlow flow(deviceConfig(fixture), {}, &client, &keys, nullptr);
        flow.setSecondLength(std::chrono::milliseconds(100));
        QSignalSpy codeReady(&flow, &DeviceAuthorizationFlow::userCodeReady);
        QSignalSpy failed(&flow, &DeviceAuthorizationFlow::failed);
        flow.start();
        // Nobody confirms the code; a second later it is dead, on the provider's side and on ours.
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        QCOMPARE(codeReady.count(), 1);
        QCOMPARE(failed.at(0).at(0).value<Error>().code, QStringLiteral("expired_token"));
        QVERIFY(failed.at(0).at(0).value<Error>().summary.contains(QLatin1String("expired")));
        QVERIFY(!flow.isPolling()); // a stopped flow polls no more
    }

    // --- device authorization grant, scripted misbehaviour ----------------------------------------

    void deviceFlowScripted_data()
    {
        QTest::addColumn<Scripted>("authorization");
        QTest::addColumn<QList<Scripted>>("polls");
        QTest::addColumn<QString>("errorCode"); // empty: tokens arrive
        QTest::addColumn<int>("pollCount");
        QTest::addColumn<int>("interval"); // seconds, after the last poll

        const Scripted ok {200, deviceAuthorization()};
        QTest::newRow("authorization-pending-then-success")
            << ok
            << QList<Scripted> {tokenError(QStringLiteral("authorization_pending")),
                   tokenError(QStringLiteral("authorization_pending")), tokens}
            << QString() << 3 << 1;
        QTest::newRow("slow-down") << ok
                                   << QList<Scripted> {tokenError(QStringLiteral("slow_down")),
                                          tokenError(QStringLiteral("authorization_pending")), tokens}
                                   << QString() << 3 << 6;
        QTest::newRow("slow-down-twice") << ok
                                         << QList<Scripted> {tokenError(QStringLiteral("slow_down")),
                                                tokenError(QStringLiteral("slow_down")), tokens}
                                         << QString() << 3 << 11;
        QTest::newRow("timeout-backs-off")
            << ok << QList<Scripted> {{-1, {}}, tokens} << QString() << 2 << 2; // -1: never answered
        QTest::newRow("no-interval-means-5")
            << Scripted {200, deviceAuthorization({}, {QStringLiteral("interval")})}
            << QList<Scripted> {tokens} << QString() << 1 << 5;
        QTest::newRow("interval-as-string")
            << Scripted {200, deviceAuthorization({{QStringLiteral("interval"), QStringLiteral("2")}})}
            << QList<Scripted> {tokens} << QString() << 1 << 2;
        QTest::newRow("expired-token")
            << ok
            << QList<Scripted> {tokenError(QStringLiteral("authorization_pending")),
                   tokenError(QStringLiteral("expired_token"))}
            << "expired_token" << 2 << 1;
        QTest::newRow("access-denied")
            << ok
            << QList<Scripted> {tokenError(QStringLiteral("access_denied"), QStringLiteral("User said no"))}
            << "access_denied" << 1 << 1;
        QTest::newRow("invalid-grant") << ok << QList<Scripted> {tokenError(QStringLiteral("invalid_grant"))}
                                       << "invalid_grant" << 1 << 1;
        QTest::newRow("missing-device-code")
            << Scripted {200, deviceAuthorization({}, {QStringLiteral("device_code")})} << QList<Scripted> {}
            << "missing_device_code" << 0 << 5;
        QTest::newRow("missing-user-code")
            << Scripted {200, deviceAuthorization({}, {QStringLiteral("user_code")})} << QList<Scripted> {}
            << "missing_user_code" << 0 << 5;
        QTest::newRow("missing-verification-uri")
            << Scripted {200, deviceAuthorization({}, {QStringLiteral("verification_uri")})}
            << QList<Scripted> {} << "missing_verification_uri" << 0 << 5;
        QTest::newRow("javascript-verification-uri")
            << Scripted {200,
                   deviceAuthorization(
                       {{QStringLiteral("verification_uri"), QStringLiteral("javascript:alert(1)")}})}
            << QList<Scripted> {} << "invalid_verification_uri" << 0 << 5;
        QTest::newRow("missing-expires-in")
            << Scripted {200, deviceAuthorization({}, {QStringLiteral("expires_in")})} << QList<Scripted> {}
            << "missing_expires_in" << 0 << 5;
        QTest::newRow("non-numeric-expires-in")
            << Scripted {200, deviceAuthorization({{QStringLiteral("expires_in"), QStringLiteral("soon")}})}
            << QList<Scripted> {} << "invalid_expires_in" << 0 << 5;
        QTest::newRow("non-numeric-interval")
            << Scripted {200, deviceAuthorization({{QStringLiteral("interval"), QStringLiteral("fast")}})}
            << QList<Scripted> {} << "invalid_interval" << 0 << 5;
        QTest::newRow("negative-interval")
            << Scripted {200, deviceAuthorization({{QStringLiteral("interval"), -5}})} << QList<Scripted> {}
            << "invalid_interval" << 0 << 5;
        QTest::newRow("non-json") << Scripted {200, "device code: 1234"} << QList<Scripted> {} << "non_json"
                                  << 0 << 5;
        QTest::newRow("array-body") << Scripted {200, "[]"} << QList<Scripted> {} << "array_body" << 0 << 5;
        QTest::newRow("unauthorized-client")
            << Scripted {400, R"({"error":"unauthorized_client","error_description":"no device grant"})"}
            << QList<Scripted> {} << "unauthorized_client" << 0 << 5;
    }

    void deviceFlowScripted()
    {
        QFETCH(Scripted, authorization);
        QFETCH(QList<Scripted>, polls);
        QFETCH(QString, errorCode);
        QFETCH(int, pollCount);
        QFETCH(int, interval);

        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(reply(authorization.status, authorization.body));
        for (const Scripted& poll : polls) {
            ScriptedServer::Reply scripted = reply(poll.status, poll.body);
            scripted.neverAnswer = poll.status < 0;
            server.enqueue(scripted);
        }
        Http::NetworkClient network;
        TokenClient client(&network);
        JwksClient keys(&network);
        client.setTimeout(std::chrono::milliseconds(300));
        DeviceAuthorizationFlow flow(scriptedConfig(server), {}, &client, &keys, nullptr);
        flow.setSecondLength(std::chrono::milliseconds(2));
        QSignalSpy codeReady(&flow, &DeviceAuthorizationFlow::userCodeReady);
        QSignalSpy succeeded(&flow, &DeviceAuthorizationFlow::succeeded);
        QSignalSpy failed(&flow, &DeviceAuthorizationFlow::failed);
        flow.start();
        QTRY_COMPARE(succeeded.count() + failed.count(), 1);
        if (errorCode.isEmpty()) {
            QCOMPARE(succeeded.count(), 1);
            QCOMPARE(succeeded.at(0).at(0).value<TokenSet>().accessToken, QStringLiteral("device-access"));
        } else {
            QCOMPARE(failed.at(0).at(0).value<Error>().code, errorCode);
            const Error error = failed.at(0).at(0).value<Error>();
            QVERIFY(!error.summary.isEmpty());
            QVERIFY(!error.hint.isEmpty());
            if (errorCode == QLatin1String("access_denied"))
                QCOMPARE(error.detail, QStringLiteral("User said no"));
        }
        QCOMPARE(codeReady.count(), (pollCount > 0 || errorCode.isEmpty()) ? 1 : 0);
        QCOMPARE(flow.pollCount(), pollCount);
        QCOMPARE(server.requests().size(), 1 + pollCount);
        if (pollCount > 0)
            QCOMPARE(flow.intervalSeconds(), interval);
    }

    // What goes over the wire (RFC 8628 §3.1, §3.4), and the user code as the provider sent it.
    void deviceFlowRequests()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(reply(200, deviceAuthorization()));
        server.enqueue(reply(tokens.status, tokens.body));
        Http::NetworkClient network;
        TokenClient client(&network);
        JwksClient keys(&network);
        Http::FlowLog log;
        network.setFlowLog(&log);
        DeviceAuthorizationFlow flow(scriptedConfig(server), {}, &client, &keys, &log);
        flow.setSecondLength(std::chrono::milliseconds(2));
        QSignalSpy codeReady(&flow, &DeviceAuthorizationFlow::userCodeReady);
        QSignalSpy succeeded(&flow, &DeviceAuthorizationFlow::succeeded);
        flow.start();
        QTRY_COMPARE(succeeded.count(), 1);
        QCOMPARE(codeReady.at(0).at(0).toString(), QStringLiteral("WDJB-MJHT"));

        // docs/oauth-client-rules.md case 40 (redaction): the device code is a bearer secret until it is
        // redeemed; the timeline shows both exchanges without it, and without the access token.
        int exchanges = 0;
        for (const auto& event : log.events()) {
            const QByteArray text = event.body + event.url.toEncoded() + event.summary.toUtf8();
            QVERIFY2(!text.contains("GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS"), text.constData());
            QVERIFY2(!text.contains("device-access"), text.constData());
            if (event.body.contains("device_code"))
                ++exchanges;
        }
        QVERIFY(exchanges >= 2); // the request and response bodies were recorded, masked
        QCOMPARE(codeReady.at(0).at(1).toUrl(), QUrl(QStringLiteral("https://example.test/device")));
        QCOMPARE(codeReady.at(0).at(2).toUrl(),
            QUrl(QStringLiteral("https://example.test/device?user_code=WDJB-MJHT")));

        QCOMPARE(server.requests().size(), 2);
        const auto& start = server.requests().at(0);
        QCOMPARE(start.method, "POST");
        QCOMPARE(start.target, "/device");
        QCOMPARE(
            form(start.body).queryItemValue(QStringLiteral("client_id")), QStringLiteral("device-client"));
        QCOMPARE(form(start.body).queryItemValue(QStringLiteral("scope")), QStringLiteral("demo.read"));
        const auto& poll = server.requests().at(1);
        QCOMPARE(poll.target, "/token");
        QCOMPARE(form(poll.body).queryItemValue(QStringLiteral("grant_type"), QUrl::FullyDecoded),
            QStringLiteral("urn:ietf:params:oauth:grant-type:device_code"));
        QCOMPARE(form(poll.body).queryItemValue(QStringLiteral("device_code")),
            QStringLiteral("GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS"));
        QCOMPARE(
            form(poll.body).queryItemValue(QStringLiteral("client_id")), QStringLiteral("device-client"));
    }

    // expires_in passes on this computer's clock while the provider still says authorization_pending.
    void deviceCodeExpiresLocally()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(reply(200, deviceAuthorization()));
        const Scripted pending = tokenError(QStringLiteral("authorization_pending"));
        server.enqueue(reply(pending.status, pending.body));
        Http::NetworkClient network;
        TokenClient client(&network);
        QDateTime now = QDateTime::currentDateTimeUtc();
        client.setClock([&now] { return now; });
        JwksClient keys(&network);
        DeviceAuthorizationFlow flow(scriptedConfig(server), {}, &client, &keys, nullptr);
        flow.setClock([&now] { return now; });
        flow.setSecondLength(std::chrono::milliseconds(5));
        QSignalSpy failed(&flow, &DeviceAuthorizationFlow::failed);
        flow.start();
        QTRY_VERIFY(flow.pollCount() >= 2);
        now = now.addSecs(1800);
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).value<Error>().code, QStringLiteral("expired_token"));
        QCOMPARE(server.requests().size(), 1 + flow.pollCount()); // no poll after the expiry
    }

    void deviceFlowCancel()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(reply(200, deviceAuthorization()));
        const Scripted pending = tokenError(QStringLiteral("authorization_pending"));
        server.enqueue(reply(pending.status, pending.body));
        Http::NetworkClient network;
        TokenClient client(&network);
        JwksClient keys(&network);
        DeviceAuthorizationFlow flow(scriptedConfig(server), {}, &client, &keys, nullptr);
        flow.setSecondLength(std::chrono::milliseconds(5));
        QSignalSpy cancelled(&flow, &DeviceAuthorizationFlow::cancelled);
        QSignalSpy failed(&flow, &DeviceAuthorizationFlow::failed);
        flow.start();
        QTRY_VERIFY(server.requests().size() >= 2); // a poll has arrived
        flow.cancel();
        QCOMPARE(cancelled.count(), 1);
        const int polls = flow.pollCount();
        QVERIFY(!flow.isPolling()); // a cancelled flow polls no more
        QTRY_COMPARE(server.requests().size(), 1 + polls); // a poll already on the wire still arrives
        QCOMPARE(failed.count(), 0);
        flow.cancel();
        QCOMPARE(cancelled.count(), 1);
    }

    // openid asked for, no ID token in the answer: nothing of it is kept (as after a code exchange).
    void deviceFlowIdTokenMissing()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(reply(200, deviceAuthorization()));
        server.enqueue(reply(tokens.status, tokens.body));
        Http::NetworkClient network;
        TokenClient client(&network);
        JwksClient keys(&network);
        ClientConfig config = scriptedConfig(server);
        config.scope = QStringLiteral("openid demo.read");
        DeviceAuthorizationFlow flow(config, {}, &client, &keys, nullptr);
        flow.setSecondLength(std::chrono::milliseconds(2));
        QSignalSpy failed(&flow, &DeviceAuthorizationFlow::failed);
        QSignalSpy succeeded(&flow, &DeviceAuthorizationFlow::succeeded);
        flow.start();
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).value<Error>().code, QStringLiteral("id-token-missing"));
        QCOMPARE(succeeded.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestGrants)
#include "tst_grants.moc"
