#include "instantloginagent.h"
#include "memorysecretstore.h"
#include "oauthharness.h"
#include "secretbinding.h"
#include "secretcall.h"
#include "signing.h"
#include "storedsignin.h"
#include "tokensession.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;
using Tokenscope::Tests::reply;
using Tokenscope::Tests::ScriptedServer;
namespace Signing = Tokenscope::Tests::Signing;

namespace {

const QString environmentId = QStringLiteral("env-1");

QByteArray tokenBody(const QByteArray& access, const QByteArray& refresh = {}, int expiresIn = 300)
{
    QByteArray body = R"({"access_token":")" + access + R"(","token_type":"Bearer","expires_in":)"
        + QByteArray::number(expiresIn);
    if (!refresh.isEmpty())
        body += R"(,"refresh_token":")" + refresh + R"(")";
    return body + '}';
}

// The made-up provider of the refreshed ID token case, and our client there.
const QString issuer = QStringLiteral("https://login.example.test/realms/main");
const QString clientId = QStringLiteral("tokenscope-test");

QJsonObject originalClaims()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    return {{QStringLiteral("iss"), issuer}, {QStringLiteral("sub"), QStringLiteral("user-1")},
        {QStringLiteral("aud"), QJsonArray {clientId, QStringLiteral("api")}},
        {QStringLiteral("azp"), clientId}, {QStringLiteral("iat"), now}, {QStringLiteral("exp"), now + 300}};
}

QByteArray scopedTokenBody(const QByteArray& access, const QByteArray& refresh, const QByteArray& scope)
{
    QByteArray body = tokenBody(access, refresh);
    if (!scope.isEmpty())
        body.insert(body.size() - 1, R"(,"scope":")" + scope + R"(")");
    return body;
}

QByteArray tokenBodyWithIdToken(const QString& access, const QString& refresh, const QString& idToken)
{
    QJsonObject body {{QStringLiteral("access_token"), access},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")}, {QStringLiteral("expires_in"), 300},
        {QStringLiteral("refresh_token"), refresh}};
    if (!idToken.isEmpty())
        body.insert(QStringLiteral("id_token"), idToken);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace

// The refresh cases of docs/oauth-client-rules.md (30–34) against a scripted token endpoint, with the
// real network stack; for case 31 a second scripted server is the JWKS, and the ID tokens are signed here.
class TestTokenSession final : public QObject
{
    Q_OBJECT

private:
    struct Harness : Tests::FlowEngine
    {
        ScriptedServer server;
        Secrets::MemorySecretStore secrets;
        std::unique_ptr<TokenSession> session;
        QDateTime now = QDateTime::currentDateTimeUtc();

        explicit Harness(ClientAuthentication auth = ClientAuthentication::ClientSecretBasic)
        {
            tokenClient.setTimeout(std::chrono::milliseconds(1500));
            ClientConfig config;
            config.tokenEndpoint = QUrl(QStringLiteral("http://127.0.0.1:1/token"));
            config.clientId = QStringLiteral("client id:1");
            config.scope = QStringLiteral("openid demo.read");
            config.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
            config.clientAuthentication = auth;
            session
                = std::make_unique<TokenSession>(environmentId, config, &secrets, &tokenClient, &keys, &log);
            session->setClock([this] { return now; });
        }
        bool start()
        {
            if (!server.start())
                return false;
            ClientConfig config = session->config();
            config.tokenEndpoint = server.url(QStringLiteral("/token"));
            session->setConfig(config);
            return true;
        }
        void storeRefreshToken(const QString& value)
        {
            const auto key
                = [](const char* name) { return Secrets::secretKey(environmentId, QLatin1String(name)); };
            QVERIFY(Tests::writeSecret(&secrets, key("refresh_token"), value).ok());
            QVERIFY(Tests::writeSecret(&secrets, key("client_secret"), QStringLiteral("s3cr+t/é")).ok());
        }
    };

private Q_SLOTS:
    void init() { QStandardPaths::setTestModeEnabled(true); }

    // 30. refresh works; the rotated refresh token is stored before the new access token is used.
    void refreshWorksAndRotates()
    {
        Harness h;
        QVERIFY(h.start());
        h.storeRefreshToken(QStringLiteral("rt-1"));
        h.server.enqueue({200, "application/json", tokenBody("at-2", "rt-2"), {}, false});

        QSignalSpy refreshed(h.session.get(), &TokenSession::refreshFinished);
        h.session->refresh();
        QVERIFY(refreshed.wait(5000));
        QVERIFY(refreshed.first().first().value<Error>().isNull());
        QCOMPARE(h.session->tokens().accessToken, QStringLiteral("at-2"));
        QCOMPARE(h.session->tokens().refreshToken, QStringLiteral("rt-2"));
        QTRY_COMPARE(h.secrets.value(Secrets::secretKey(environmentId, QStringLiteral("refresh_token"))),
            QStringLiteral("rt-2"));

        QCOMPARE(h.server.requests().size(), 1);
        const auto& request = h.server.requests().first();
        QCOMPARE(request.body, QByteArray("grant_type=refresh_token&refresh_token=rt-1"));
        // RFC 6749 §2.3.1: id and secret form-urlencoded, then Base64.
        QCOMPARE(request.headers.value("authorization"),
            "Basic " + QByteArray("client%20id%3A1:s3cr%2Bt%2F%C3%A9").toBase64());
        QCOMPARE(request.headers.value("content-type"), QByteArray("application/x-www-form-urlencoded"));
    }

    // RFC 9700 §4.14.2: with rotation the old refresh token is dead once the new one is issued; a
    // request may use the new access token only when the new refresh token is safe in the keychain, or
    // the user has been told it is not.
    void rotatedRefreshToken_data()
    {
        QTest::addColumn<bool>("writeFails");
        QTest::newRow("rotated-refresh-token-stored-before-use") << false;
        QTest::newRow("rotated-refresh-token-write-failure-reported") << true;
    }
    void rotatedRefreshToken()
    {
        QFETCH(bool, writeFails);
        Harness h;
        QVERIFY(h.start());
        h.storeRefreshToken(QStringLiteral("rt-1"));
        h.server.enqueue({200, "application/json", tokenBody("at-2", "rt-2"), {}, false});
        const QString key = Secrets::secretKey(environmentId, QStringLiteral("refresh_token"));
        if (writeFails)
            h.secrets.setWritesFail(QStringLiteral("The keyring refused the item."));
        else
            h.secrets.holdWrites();
        QSignalSpy problems(h.session.get(), &TokenSession::secretStorageProblem);
        QObject context;
        QStringList received;
        QString storedWhenUsed;
        h.session->withAccessToken(
            &context, [&](const Http::AccessTokenProvider::Token& token, const Error&) {
                received.append(token.value);
                storedWhenUsed = h.secrets.value(key);
            });
        if (!writeFails) {
            QTRY_VERIFY(h.secrets.hasHeldWrites()); // the answer is in, its refresh token on its way
            QCoreApplication::processEvents();
            QVERIFY(received.isEmpty());
            h.secrets.releaseWrites();
        }
        QTRY_COMPARE(received, QStringList {QStringLiteral("at-2")});
        QCOMPARE(h.session->tokens().refreshToken, QStringLiteral("rt-2"));
        if (!writeFails) {
            QCOMPARE(storedWhenUsed, QStringLiteral("rt-2"));
            QVERIFY(problems.isEmpty());
            return;
        }
        // Kept in memory for this session; the user is told, in words that say what it means.
        QCOMPARE(storedWhenUsed, QStringLiteral("rt-1"));
        QCOMPARE(problems.size(), 1);
        const Error problem = problems.first().first().value<Error>();
        QVERIFY(problem.summary.contains(QLatin1String("could not be saved")));
        QCOMPARE(problem.detail, QStringLiteral("The keyring refused the item."));
        QVERIFY(problem.hint.contains(QLatin1String("sign in again after a restart")));
    }

    // 32. no refresh_token in the response: keep the old one.
    void noRefreshTokenInResponseKeepsTheOld()
    {
        Harness h;
        QVERIFY(h.start());
        h.storeRefreshToken(QStringLiteral("rt-1"));
        h.server.enqueue({200, "application/json", tokenBody("at-2"), {}, false});
        QSignalSpy refreshed(h.session.get(), &TokenSession::refreshFinished);
        h.session->refresh();
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(h.session->tokens().accessToken, QStringLiteral("at-2"));
        QCOMPARE(h.session->tokens().refreshToken, QStringLiteral("rt-1"));
        QCOMPARE(h.secrets.value(Secrets::secretKey(environmentId, QStringLiteral("refresh_token"))),
            QStringLiteral("rt-1"));
    }

    // 33. rotation reuse → invalid_grant → sign in again, no loop of refreshes.
    void rotationReuseEndsInSignInWithoutLoop()
    {
        Harness h;
        QVERIFY(h.start());
        h.storeRefreshToken(QStringLiteral("rt-old"));
        h.server.enqueue({400, "application/json",
            R"({"error":"invalid_grant","error_description":"grant request is invalid"})", {}, false});
        QSignalSpy refreshed(h.session.get(), &TokenSession::refreshFinished);
        h.session->refresh();
        QVERIFY(refreshed.wait(5000));
        const Error error = refreshed.first().first().value<Error>();
        QVERIFY(error.summary.contains(QStringLiteral("invalid_grant")));
        QVERIFY(error.hint.contains(QStringLiteral("Sign in again")));
        QVERIFY(h.session->tokens().refreshToken.isEmpty());
        QTRY_VERIFY(!h.secrets.contains(Secrets::secretKey(environmentId, QStringLiteral("refresh_token"))));

        // The next request for a token does not go to the token endpoint again.
        QObject context;
        bool answered = false;
        h.session->withAccessToken(
            &context, [&answered](const Http::AccessTokenProvider::Token&, const Error& e) {
                answered = true;
                QVERIFY(!e.isNull());
            });
        QTRY_VERIFY(answered);
        QCOMPARE(h.server.requests().size(), 1);
    }

    // 34. two (here ten) concurrent requests with an expired token → exactly one refresh.
    void concurrentRequestsShareOneRefresh()
    {
        Harness h;
        QVERIFY(h.start());
        h.storeRefreshToken(QStringLiteral("rt-1"));
        h.server.enqueue({200, "application/json", tokenBody("at-fresh", "rt-2"), {}, false});
        QObject context;
        QStringList received;
        for (int i = 0; i < 10; ++i) {
            h.session->withAccessToken(
                &context, [&received](const Http::AccessTokenProvider::Token& token, const Error& error) {
                    QVERIFY(error.isNull());
                    received.append(token.value);
                });
        }
        QTRY_COMPARE(received.size(), 10);
        QCOMPARE(received, QStringList(10, QStringLiteral("at-fresh")));
        QCOMPARE(h.server.requests().size(), 1);

        // Still valid: served from memory. Near expiry (inside the margin): refreshed ahead of time.
        h.session->withAccessToken(
            &context, [&received](const auto& token, const Error&) { received.append(token.value); });
        QCOMPARE(received.size(), 11);
        QCOMPARE(h.server.requests().size(), 1);
        h.server.enqueue({200, "application/json", tokenBody("at-3", "rt-3"), {}, false});
        h.now = h.now.addSecs(290);
        h.session->withAccessToken(
            &context, [&received](const auto& token, const Error&) { received.append(token.value); });
        QTRY_COMPARE(received.size(), 12);
        QCOMPARE(received.last(), QStringLiteral("at-3"));
        QCOMPARE(h.server.requests().size(), 2);
        QCOMPARE(h.server.requests().last().body, QByteArray("grant_type=refresh_token&refresh_token=rt-2"));
    }

    // The three ways a client authenticates at the token endpoint (RFC 6749 §2.3.1, OIDC Core §9); a
    // public client sends its id and never an empty client_secret.
    void clientAuthentication_data()
    {
        QTest::addColumn<ClientAuthentication>("method");
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<QByteArray>("bodyEnd");
        QTest::newRow("client_secret_basic")
            << ClientAuthentication::ClientSecretBasic
            << ("Basic " + QByteArray("client%20id%3A1:s3cr%2Bt%2F%C3%A9").toBase64())
            << QByteArray("refresh_token=rt-1");
        QTest::newRow("client_secret_post")
            << ClientAuthentication::ClientSecretPost << QByteArray()
            << QByteArray("&client_id=client%20id%3A1&client_secret=s3cr%2Bt%2F%C3%A9");
        QTest::newRow("none") << ClientAuthentication::None << QByteArray()
                              << QByteArray("&client_id=client%20id%3A1");
    }
    void clientAuthentication()
    {
        QFETCH(ClientAuthentication, method);
        QFETCH(QByteArray, authorization);
        QFETCH(QByteArray, bodyEnd);
        Harness h(method);
        QVERIFY(h.start());
        h.storeRefreshToken(QStringLiteral("rt-1"));
        h.server.enqueue({200, "application/json", tokenBody("at-2"), {}, false});
        QSignalSpy refreshed(h.session.get(), &TokenSession::refreshFinished);
        h.session->refresh();
        QVERIFY(refreshed.wait(5000));
        const auto& request = h.server.requests().first();
        QCOMPARE(request.headers.value("authorization"), authorization);
        QVERIFY2(request.body.endsWith(bodyEnd), request.body.constData());
        if (method != ClientAuthentication::ClientSecretPost)
            QVERIFY(!request.body.contains("client_secret"));
    }

    // The old refresh token (and the client secret with it) never goes to another provider's endpoint,
    // now or after a restart.
    void providerChangeDropsTheStoredRefreshToken()
    {
        Harness h;
        QVERIFY(h.start());
        h.storeRefreshToken(QStringLiteral("rt-old-provider"));
        ClientConfig other = h.session->config();
        other.tokenEndpoint = h.server.url(QStringLiteral("/other/token"));
        h.session->setConfig(other);
        QTRY_VERIFY(!h.secrets.contains(Secrets::secretKey(environmentId, QStringLiteral("refresh_token"))));

        QObject context;
        std::optional<Error> answer;
        h.session->withAccessToken(
            &context, [&answer](const Http::AccessTokenProvider::Token&, const Error& e) { answer = e; });
        QTRY_VERIFY(answer.has_value());
        QVERIFY(answer->summary.contains(QStringLiteral("Not signed in")));
        QCOMPARE(h.server.requests().size(), 0);
    }

    // A stored secret goes only to the token endpoint and client it was saved for: a workspace edited or
    // pulled while the application was closed (or --local-demo with another URL) that names another one
    // gets nothing, and the user is told why and what to do.
    void secretsBoundToTheirProvider_data()
    {
        QTest::addColumn<QString>("change");
        QTest::newRow("refresh-token-bound-to-token-endpoint") << "endpoint";
        QTest::newRow("refresh-token-bound-to-client-id") << "client";
        QTest::newRow("refresh-token-bound-to-revocation-endpoint") << "revocation";
        QTest::newRow("client-secret-bound-to-token-endpoint") << "secret";
        QTest::newRow("secrets-without-binding-bound-on-first-use") << "none";
    }
    void secretsBoundToTheirProvider()
    {
        QFETCH(QString, change);
        Harness h;
        QVERIFY(h.start());
        const QString refreshKey = Secrets::secretKey(environmentId, QStringLiteral("refresh_token"));
        const QString secretKey = Secrets::secretKey(environmentId, QStringLiteral("client_secret"));
        h.storeRefreshToken(QStringLiteral("rt-1"));
        if (change == QLatin1String("none")) {
            // Saved by a version without bindings: trusted once, for the workspace of the upgrade.
            h.server.enqueue({200, "application/json", tokenBody("at-2"), {}, false});
            QSignalSpy refreshed(h.session.get(), &TokenSession::refreshFinished);
            h.session->refresh();
            QVERIFY(refreshed.wait(5000));
            QVERIFY(refreshed.first().first().value<Error>().isNull());
            const QString bound = SecretBinding::of(h.session->config()).toJson();
            QTRY_COMPARE(h.secrets.value(secretBindingKey(refreshKey)), bound);
            QTRY_COMPARE(h.secrets.value(secretBindingKey(secretKey)), bound);
            return;
        }
        // The first run: a refresh with rotation binds the refresh token, the client secret was saved
        // with the environment.
        h.server.enqueue({200, "application/json", tokenBody("at-2", "rt-2"), {}, false});
        QSignalSpy refreshed(h.session.get(), &TokenSession::refreshFinished);
        h.session->refresh();
        QVERIFY(refreshed.wait(5000));
        QVERIFY(refreshed.first().first().value<Error>().isNull());
        QTRY_VERIFY(h.secrets.contains(secretBindingKey(refreshKey)));
        h.session.reset();

        // The next start: the workspace names another endpoint or client.
        ClientConfig moved = ClientConfig();
        moved.tokenEndpoint = h.server.url(QStringLiteral("/token"));
        moved.clientId = QStringLiteral("client id:1");
        moved.scope = QStringLiteral("openid demo.read");
        moved.clientAuthentication = ClientAuthentication::ClientSecretBasic;
        if (change == QLatin1String("client"))
            moved.clientId = QStringLiteral("another-client");
        else if (change == QLatin1String("revocation"))
            moved.revocationEndpoint = h.server.url(QStringLiteral("/elsewhere/revoke"));
        else
            moved.tokenEndpoint = h.server.url(QStringLiteral("/elsewhere/token"));
        if (change == QLatin1String("secret")) {
            moved.grant = Grant::ClientCredentials; // needs the client secret, no refresh token
            moved.tokenEndpoint = h.server.url(QStringLiteral("/token"));
            ClientConfig old = moved;
            old.tokenEndpoint = h.server.url(QStringLiteral("/old/token"));
            QVERIFY(
                Tests::writeSecret(&h.secrets, secretBindingKey(secretKey), SecretBinding::of(old).toJson())
                    .ok());
        }
        TokenSession restarted(environmentId, moved, &h.secrets, &h.tokenClient, &h.keys, &h.log);
        QObject context;
        std::optional<Error> answer;
        restarted.withAccessToken(
            &context, [&answer](const Http::AccessTokenProvider::Token&, const Error& e) { answer = e; });
        QTRY_VERIFY(answer.has_value());
        QVERIFY(!answer->isNull());
        QCOMPARE(h.server.requests().size(), 1); // nothing went anywhere
        if (change == QLatin1String("secret")) {
            QCOMPARE(answer->summary,
                QStringLiteral("The client secret belongs to another token endpoint or client"));
            QVERIFY2(answer->detail.contains(h.server.url(QStringLiteral("/old/token")).toString()),
                qPrintable(answer->detail));
            QVERIFY(answer->hint.contains(QLatin1String("enter the client secret again")));
            QVERIFY(h.secrets.contains(secretKey)); // kept: the user may undo the change
            return;
        }
        QVERIFY2(answer->summary.startsWith(QLatin1String("Sign in again")), qPrintable(answer->summary));
        QVERIFY2(answer->detail.contains(change == QLatin1String("client") ? QStringLiteral("another-client")
                         : change == QLatin1String("revocation") ? QStringLiteral("/elsewhere/revoke")
                                                                 : QStringLiteral("/elsewhere/token")),
            qPrintable(answer->detail));
        QVERIFY(answer->hint.contains(QLatin1String("Get New Access Token")));
        QTRY_VERIFY(!h.secrets.contains(refreshKey));
        QCOMPARE(restarted.storedSignIn().status, StoredSignIn::Status::Nothing);
    }

    // Forgetting while a refresh is under way: the refresh's answer does not bring the tokens back.
    void forgetDuringRefreshStaysForgotten()
    {
        Harness h;
        QVERIFY(h.start());
        h.storeRefreshToken(QStringLiteral("rt-1"));
        h.server.enqueue({200, "application/json", tokenBody("at-late", "rt-late"), {}, false, true});
        QObject context;
        std::optional<Error> answer;
        h.session->withAccessToken(
            &context, [&answer](const Http::AccessTokenProvider::Token&, const Error& e) { answer = e; });
        QTRY_COMPARE(h.server.requests().size(), 1); // the refresh is on the wire
        h.session->forget();
        QVERIFY(answer.has_value()); // waiters are told at once
        QVERIFY(!answer->isNull());
        // Now the late answer arrives, and is ignored.
        h.server.releaseHeld();
        QTRY_VERIFY(std::any_of(h.log.events().cbegin(), h.log.events().cend(),
            [](const Http::FlowEvent& e) { return e.kind == Http::FlowEvent::Kind::HttpResponse; }));
        QVERIFY(h.session->tokens().accessToken.isEmpty());
        QVERIFY(h.session->tokens().refreshToken.isEmpty());
        QCOMPARE(h.session->state(), TokenSession::State::SignedOut);
        QTRY_VERIFY(!h.secrets.contains(Secrets::secretKey(environmentId, QStringLiteral("refresh_token"))));
    }

    void slowTokenEndpointTimesOut()
    {
        Harness h;
        QVERIFY(h.start());
        h.storeRefreshToken(QStringLiteral("rt-1"));
        h.server.enqueue({200, {}, {}, {}, true});
        QSignalSpy refreshed(h.session.get(), &TokenSession::refreshFinished);
        h.session->refresh();
        QVERIFY(refreshed.wait(10000));
        const Error error = refreshed.first().first().value<Error>();
        QVERIFY2(error.summary.contains(QStringLiteral("did not answer in time")), qPrintable(error.summary));
        // The refresh token survives a timeout: nothing says it is dead.
        QCOMPARE(h.session->tokens().refreshToken, QStringLiteral("rt-1"));
    }

    // The flow log records the exchange with every secret masked (docs/oauth-client-rules.md case 40, for the
    // log).
    void flowLogIsRedacted()
    {
        Harness h;
        QVERIFY(h.start());
        h.storeRefreshToken(QStringLiteral("refresh-token-value-1234567890"));
        h.server.enqueue({200, "application/json",
            tokenBody("access-token-value-abcdefghij", "refresh-token-value-rotated-xyz"), {}, false});
        QSignalSpy refreshed(h.session.get(), &TokenSession::refreshFinished);
        h.session->refresh();
        QVERIFY(refreshed.wait(5000));
        QVERIFY(h.log.events().size() >= 2);
        for (const auto& event : h.log.events()) {
            QString all = event.url.toString() + QString::fromUtf8(event.body);
            for (const auto& [name, value] : event.headers)
                all += QString::fromLatin1(name + value);
            QVERIFY2(!all.contains(QStringLiteral("refresh-token-value-1234567890")), qPrintable(all));
            QVERIFY2(!all.contains(QStringLiteral("access-token-value-abcdefghij")), qPrintable(all));
            QVERIFY2(!all.contains(QStringLiteral("refresh-token-value-rotated-xyz")), qPrintable(all));
            QVERIFY2(!all.contains(
                         QString::fromLatin1(QByteArray("client%20id%3A1:s3cr%2Bt%2F%C3%A9").toBase64())),
                qPrintable(all));
        }
    }

    // A new sign-in starts a new grant: without a refresh token in its response, the old one is gone from
    // memory and the keychain (RFC 6749 §6 keeps it only for a refresh), and the record says why.
    void newSignInReplacesTheRefreshToken()
    {
        Harness h(ClientAuthentication::None);
        QVERIFY(h.start());
        ClientConfig config = h.session->config();
        config.authorizationEndpoint = h.server.url(QStringLiteral("/auth"));
        config.scope = QStringLiteral("demo.read offline_access");
        h.session->setConfig(config);
        h.server.enqueue({200, "application/json",
            scopedTokenBody("at-1", "rt-1", "demo.read offline_access"), {}, false});
        h.server.enqueue({200, "application/json", scopedTokenBody("at-2", {}, "demo.read"), {}, false});
        Tests::InstantLoginAgent agent;
        const QString refreshKey = Secrets::secretKey(environmentId, QStringLiteral("refresh_token"));

        QSignalSpy finished(h.session.get(), &TokenSession::signInFinished);
        h.session->signIn(&agent);
        QTRY_COMPARE(finished.size(), 1);
        QTRY_COMPARE(h.secrets.value(refreshKey), QStringLiteral("rt-1"));
        QVERIFY(h.session->canRefresh());
        QVERIFY(h.session->signInWarning().isNull());

        h.session->signIn(&agent);
        QTRY_COMPARE(finished.size(), 2);
        QVERIFY(finished.last().first().value<Error>().isNull());
        QCOMPARE(h.session->tokens().accessToken, QStringLiteral("at-2"));
        QVERIFY(h.session->tokens().refreshToken.isEmpty());
        QTRY_VERIFY(!h.secrets.contains(refreshKey));
        QVERIFY(!h.session->canRefresh());
        QCOMPARE(h.session->storedSignIn().status, StoredSignIn::Status::NoRefreshToken);
        const Error warning = h.session->signInWarning();
        QVERIFY2(warning.summary.contains(QStringLiteral("no refresh token")), qPrintable(warning.summary));
        QVERIFY2(warning.hint.contains(QStringLiteral("offline_access")), qPrintable(warning.hint));
    }

    // RFC 6749 §5.1 and §6: a refresh response without scope grants what was granted before, not what the
    // environment asks for; after a restart the sign-in record knows it.
    void refreshWithoutScopeKeepsTheGrantedScopes_data()
    {
        QTest::addColumn<bool>("restart");
        QTest::newRow("same session") << false;
        QTest::newRow("after a restart") << true;
    }
    void refreshWithoutScopeKeepsTheGrantedScopes()
    {
        QFETCH(bool, restart);
        Harness h(ClientAuthentication::None);
        QVERIFY(h.start());
        ClientConfig config = h.session->config();
        config.authorizationEndpoint = h.server.url(QStringLiteral("/auth"));
        config.scope = QStringLiteral("demo.read demo.write demo.admin");
        h.session->setConfig(config);
        h.server.enqueue(
            {200, "application/json", scopedTokenBody("at-1", "rt-1", "demo.read demo.write"), {}, false});
        h.server.enqueue({200, "application/json", tokenBody("at-2", "rt-2"), {}, false});
        Tests::InstantLoginAgent agent;
        QSignalSpy finished(h.session.get(), &TokenSession::signInFinished);
        h.session->signIn(&agent);
        QTRY_COMPARE(finished.size(), 1);
        QTRY_VERIFY(h.secrets.contains(signInRecordKey(environmentId)));

        TokenSession* session = h.session.get();
        std::unique_ptr<TokenSession> restarted;
        if (restart) {
            restarted = std::make_unique<TokenSession>(
                environmentId, config, &h.secrets, &h.tokenClient, &h.keys, &h.log);
            session = restarted.get();
            QTRY_COMPARE(session->storedSignIn().status, StoredSignIn::Status::RefreshTokenStored);
            QVERIFY(session->canRefresh());
        }
        QSignalSpy refreshed(session, &TokenSession::refreshFinished);
        session->refresh();
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(session->tokens().accessToken, QStringLiteral("at-2"));
        QCOMPARE(session->tokens().grantedScopes(),
            QStringList({QStringLiteral("demo.read"), QStringLiteral("demo.write")}));
        QCOMPARE(session->tokens().missingScopes(), QStringList {QStringLiteral("demo.admin")});
    }

    // The name shown for the tokens stays the sign-in's when a refreshed ID token has only the sub (OIDC
    // Core §12.2 does not require more), and after a restart, from the record in the keychain.
    void displayNameSurvivesRefreshAndRestart()
    {
        const Signing::PKey key = Signing::rsaKey();
        QVERIFY(key);
        ScriptedServer tokenServer;
        ScriptedServer jwksServer;
        QVERIFY(tokenServer.start());
        QVERIFY(jwksServer.start());
        jwksServer.enqueue(reply(200, Signing::jwks({Signing::publicJwk(key.get(), QStringLiteral("k1"))})));
        QJsonObject named = originalClaims();
        named.insert(QStringLiteral("email"), QStringLiteral("carol@example.test"));
        const QString original = Signing::signedJwt(key.get(), QStringLiteral("k1"), named);
        const QString bare = Signing::signedJwt(key.get(), QStringLiteral("k1"), originalClaims());
        tokenServer.enqueue(
            reply(200, tokenBodyWithIdToken(QStringLiteral("at-1"), QStringLiteral("rt-2"), original)));
        tokenServer.enqueue(
            reply(200, tokenBodyWithIdToken(QStringLiteral("at-2"), QStringLiteral("rt-3"), bare)));

        Tests::FlowEngine engine;
        Secrets::MemorySecretStore secrets;
        ClientConfig config;
        config.issuer = issuer;
        config.tokenEndpoint = tokenServer.url(QStringLiteral("/token"));
        config.jwksUri = jwksServer.url(QStringLiteral("/jwks"));
        config.clientId = clientId;
        config.scope = QStringLiteral("openid email offline_access");
        config.clientAuthentication = ClientAuthentication::None;
        QVERIFY(Tests::writeSecret(&secrets,
            Secrets::secretKey(environmentId, QStringLiteral("refresh_token")), QStringLiteral("rt-1"))
                    .ok());
        TokenSession session(environmentId, config, &secrets, &engine.tokenClient, &engine.keys, &engine.log);
        for (int i = 0; i < 2; ++i) {
            QSignalSpy refreshed(&session, &TokenSession::refreshFinished);
            session.refresh();
            QVERIFY(refreshed.wait(5000));
            QVERIFY2(refreshed.first().first().value<Error>().isNull(),
                qPrintable(refreshed.first().first().value<Error>().toText()));
            QCOMPARE(session.displayName(), QStringLiteral("carol@example.test"));
        }
        QCOMPARE(session.tokens().idToken, bare);
        QTRY_VERIFY(secrets.contains(signInRecordKey(environmentId)));

        TokenSession restarted(
            environmentId, config, &secrets, &engine.tokenClient, &engine.keys, &engine.log);
        QTRY_COMPARE(restarted.storedSignIn().status, StoredSignIn::Status::RefreshTokenStored);
        QCOMPARE(restarted.displayName(), QStringLiteral("carol@example.test"));

        // Forgetting removes the record with the refresh token.
        restarted.forget();
        QTRY_VERIFY(!secrets.contains(signInRecordKey(environmentId)));
        QVERIFY(!secrets.contains(Secrets::secretKey(environmentId, QStringLiteral("refresh_token"))));
        QVERIFY(restarted.displayName().isEmpty());
    }

    // docs/oauth-client-rules.md case 31 (OIDC Core §12.2): an ID token from a refresh must be about the same
    // user, from the same issuer, for the same client, and properly signed; else nothing of that response is
    // used.
    void refreshedIdToken_data()
    {
        QTest::addColumn<QJsonObject>("changes"); // merged into the original claims
        QTest::addColumn<bool>("withIdToken");
        QTest::addColumn<bool>("otherKey"); // signed with a key the JWKS does not hold under that kid
        QTest::addColumn<QString>("refusedClaim"); // empty: accepted

        QTest::newRow("refreshed-id-token-ok") << QJsonObject {} << true << false << QString();
        QTest::newRow("refreshed-without-id-token-ok") << QJsonObject {} << false << false << QString();
        QTest::newRow("refreshed-id-token-iss-mismatch")
            << QJsonObject {{QStringLiteral("iss"), QStringLiteral("https://evil.example.test")}} << true
            << false << QStringLiteral("iss");
        QTest::newRow("refreshed-id-token-sub-mismatch")
            << QJsonObject {{QStringLiteral("sub"), QStringLiteral("user-2")}} << true << false
            << QStringLiteral("sub");
        QTest::newRow("refreshed-id-token-aud-mismatch")
            << QJsonObject {{QStringLiteral("aud"), QJsonArray {clientId, QStringLiteral("other-api")}}}
            << true << false << QStringLiteral("aud");
        QTest::newRow("refreshed-id-token-azp-mismatch")
            << QJsonObject {{QStringLiteral("azp"), QStringLiteral("other-client")}} << true << false
            << QStringLiteral("azp");
        QTest::newRow("refreshed-id-token-bad-sig")
            << QJsonObject {} << true << true << QStringLiteral("signature");
    }

    void refreshedIdToken()
    {
        QFETCH(QJsonObject, changes);
        QFETCH(bool, withIdToken);
        QFETCH(bool, otherKey);
        QFETCH(QString, refusedClaim);

        const Signing::PKey key = Signing::rsaKey();
        const Signing::PKey intruder = Signing::rsaKey();
        QVERIFY(key && intruder);

        ScriptedServer tokenServer;
        ScriptedServer jwksServer;
        QVERIFY(tokenServer.start());
        QVERIFY(jwksServer.start());
        jwksServer.enqueue(reply(200, Signing::jwks({Signing::publicJwk(key.get(), QStringLiteral("k1"))})));

        const QString original = Signing::signedJwt(key.get(), QStringLiteral("k1"), originalClaims());
        QJsonObject claims = originalClaims();
        for (auto it = changes.begin(); it != changes.end(); ++it)
            claims.insert(it.key(), it.value());
        const QString refreshed
            = Signing::signedJwt(otherKey ? intruder.get() : key.get(), QStringLiteral("k1"), claims);
        tokenServer.enqueue(
            reply(200, tokenBodyWithIdToken(QStringLiteral("at-1"), QStringLiteral("rt-2"), original)));
        tokenServer.enqueue(reply(200,
            tokenBodyWithIdToken(
                QStringLiteral("at-2"), QStringLiteral("rt-3"), withIdToken ? refreshed : QString())));

        Tests::FlowEngine engine;
        Secrets::MemorySecretStore secrets;
        ClientConfig config;
        config.issuer = issuer;
        config.tokenEndpoint = tokenServer.url(QStringLiteral("/token"));
        config.jwksUri = jwksServer.url(QStringLiteral("/jwks"));
        config.clientId = clientId;
        config.scope = QStringLiteral("openid offline_access");
        config.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
        config.clientAuthentication = ClientAuthentication::None;
        TokenSession session(environmentId, config, &secrets, &engine.tokenClient, &engine.keys, &engine.log);
        const QString refreshKey = Secrets::secretKey(environmentId, QStringLiteral("refresh_token"));
        QVERIFY(Tests::writeSecret(&secrets, refreshKey, QStringLiteral("rt-1")).ok());

        // The first refresh brings the original ID token (nothing to compare it with yet).
        QSignalSpy refreshed1(&session, &TokenSession::refreshFinished);
        session.refresh();
        QVERIFY(refreshed1.wait(5000));
        QVERIFY2(refreshed1.first().first().value<Error>().isNull(),
            qPrintable(refreshed1.first().first().value<Error>().toText()));
        QCOMPARE(session.tokens().idToken, original);
        QTRY_COMPARE(secrets.value(refreshKey), QStringLiteral("rt-2"));

        // The second one is the case under test.
        QSignalSpy refreshed2(&session, &TokenSession::refreshFinished);
        session.refresh();
        QVERIFY(refreshed2.wait(5000));
        const Error error = refreshed2.first().first().value<Error>();
        QCOMPARE(tokenServer.requests().size(), 2);
        if (refusedClaim.isEmpty()) {
            QVERIFY2(error.isNull(), qPrintable(error.toText()));
            QCOMPARE(session.tokens().accessToken, QStringLiteral("at-2"));
            QCOMPARE(session.tokens().refreshToken, QStringLiteral("rt-3"));
            // Without a new ID token the sign-in's one still says who this is.
            QCOMPARE(session.tokens().idToken, withIdToken ? refreshed : original);
            QTRY_COMPARE(secrets.value(refreshKey), QStringLiteral("rt-3"));
            return;
        }
        QVERIFY(!error.isNull());
        QVERIFY2(error.summary.contains(refusedClaim), qPrintable(error.summary));
        // Nothing from the refused response is kept: not its access, refresh or ID token.
        QCOMPARE(session.tokens().accessToken, QStringLiteral("at-1"));
        QCOMPARE(session.tokens().refreshToken, QStringLiteral("rt-2"));
        QCOMPARE(session.tokens().idToken, original);
        QCOMPARE(secrets.value(refreshKey), QStringLiteral("rt-2"));
    }
};

QTEST_GUILESS_MAIN(TestTokenSession)
#include "tst_tokensession.moc"
