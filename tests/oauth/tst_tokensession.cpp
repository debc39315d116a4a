#include "flowlog.h"
#include "jwksclient.h"
#include "memorysecretstore.h"
#include "networkclient.h"
#include "scriptedserver.h"
#include "tokenclient.h"
#include "tokensession.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;
using Tokenscope::Tests::ScriptedServer;

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

} // namespace

// Refresh cases of OAUTH-CLIENT-RULES.md against a scripted token endpoint, with the real network stack.
class TestTokenSession final : public QObject
{
    Q_OBJECT

private:
    struct Harness
    {
        ScriptedServer server;
        Http::FlowLog log;
        Http::NetworkClient network {nullptr};
        TokenClient tokens {&network};
        JwksClient keys {&network};
        Secrets::MemorySecretStore secrets;
        std::unique_ptr<TokenSession> session;
        QDateTime now = QDateTime::currentDateTimeUtc();

        explicit Harness(ClientAuthentication auth = ClientAuthentication::ClientSecretBasic)
        {
            network.setFlowLog(&log);
            tokens.setTimeout(std::chrono::milliseconds(1500));
            ClientConfig config;
            config.tokenEndpoint = QUrl(QStringLiteral("http://127.0.0.1:1/token"));
            config.clientId = QStringLiteral("client id:1");
            config.scope = QStringLiteral("openid demo.read");
            config.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
            config.clientAuthentication = auth;
            session = std::make_unique<TokenSession>(environmentId, config, &secrets, &tokens, &keys, &log);
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
            QObject context;
            bool done = false;
            secrets.write(Secrets::secretKey(environmentId, QStringLiteral("refresh_token")), value, &context,
                [&done](const Secrets::SecretResult&) { done = true; });
            secrets.write(Secrets::secretKey(environmentId, QStringLiteral("client_secret")),
                QStringLiteral("s3cr+t/é"), &context, [](const Secrets::SecretResult&) {});
            QTRY_VERIFY(done);
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

    // The flow log records the exchange with every secret masked (case 40, for the log).
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
};

QTEST_GUILESS_MAIN(TestTokenSession)
#include "tst_tokensession.moc"
