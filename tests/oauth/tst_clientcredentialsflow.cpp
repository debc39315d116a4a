#include "clientcredentialsflow.h"
#include "oauthharness.h"
#include "providererrors.h"

#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;
using Tokenscope::Tests::reply;
using Tokenscope::Tests::ScriptedServer;

Q_DECLARE_METATYPE(Tokenscope::Error)
Q_DECLARE_METATYPE(Tokenscope::OAuth::TokenSet)

namespace {

bool logged(const Http::FlowLog& log, Http::FlowEvent::Kind kind, const QString& summary)
{
    return std::any_of(log.events().cbegin(), log.events().cend(),
        [&](const Http::FlowEvent& event) { return event.kind == kind && event.summary == summary; });
}

} // namespace

// The client credentials grant (RFC 6749 §4.4) as a sign-in flow, against a scripted token endpoint:
// what it asks, what it hands on, and that a cancelled run ignores the late answer. The same grant
// through the token session (and at the real provider) is in tst_grants.
class TestClientCredentialsFlow final : public QObject
{
    Q_OBJECT

private:
    struct Harness : Tests::FlowEngine
    {
        ScriptedServer server;
        ClientConfig config;

        bool start()
        {
            if (!server.start())
                return false;
            config.grant = Grant::ClientCredentials;
            config.tokenEndpoint = server.url(QStringLiteral("/token"));
            config.clientId = QStringLiteral("svc");
            config.scope = QStringLiteral("demo.read");
            config.clientAuthentication = ClientAuthentication::ClientSecretPost;
            return true;
        }
    };

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<Tokenscope::Error>();
        qRegisterMetaType<Tokenscope::OAuth::TokenSet>();
    }

    void tokensArrive()
    {
        Harness h;
        QVERIFY(h.start());
        h.server.enqueue(reply(200, R"({"access_token":"svc-at","token_type":"Bearer","expires_in":60})"));
        ClientCredentialsFlow flow(h.config, QStringLiteral("s3cret"), &h.tokenClient, &h.log);
        QSignalSpy succeeded(&flow, &SignInFlow::succeeded);
        QSignalSpy failed(&flow, &SignInFlow::failed);
        flow.start();
        QTRY_COMPARE(succeeded.size(), 1);
        QCOMPARE(failed.size(), 0);
        QCOMPARE(succeeded.first().first().value<TokenSet>().accessToken, QStringLiteral("svc-at"));
        QVERIFY(logged(h.log, Http::FlowEvent::Kind::Note,
            QStringLiteral("Requesting a token for the client itself (client credentials)")));

        // RFC 6749 §4.4.2, with the client's own authentication (client_secret_post here).
        QCOMPARE(h.server.requests().size(), 1);
        const QUrlQuery body(QString::fromUtf8(h.server.requests().first().body));
        QCOMPARE(body.queryItemValue(QStringLiteral("grant_type")), QStringLiteral("client_credentials"));
        QCOMPARE(body.queryItemValue(QStringLiteral("client_id")), QStringLiteral("svc"));
        QCOMPARE(body.queryItemValue(QStringLiteral("client_secret")), QStringLiteral("s3cret"));
        QCOMPARE(body.queryItemValue(QStringLiteral("scope")), QStringLiteral("demo.read"));

        flow.cancel(); // after the end: nothing more
        QCoreApplication::processEvents();
        QCOMPARE(succeeded.size(), 1);
    }

    // The provider's refusal reaches the caller with its code, and the flow log says what failed.
    void refused_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::newRow("invalid-client")
            << 401 << QByteArray(R"({"error":"invalid_client","error_description":"bad secret"})")
            << QStringLiteral("invalid_client");
        QTest::newRow("unauthorized-client") << 400 << QByteArray(R"({"error":"unauthorized_client"})")
                                             << QStringLiteral("unauthorized_client");
        QTest::newRow("missing-access-token")
            << 200 << QByteArray(R"({"token_type":"Bearer"})") << QStringLiteral("missing_access_token");
    }

    void refused()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        Harness h;
        QVERIFY(h.start());
        h.server.enqueue(reply(status, body));
        ClientCredentialsFlow flow(h.config, QStringLiteral("s3cret"), &h.tokenClient, &h.log);
        QSignalSpy succeeded(&flow, &SignInFlow::succeeded);
        QSignalSpy failed(&flow, &SignInFlow::failed);
        flow.start();
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(succeeded.size(), 0);
        const Error error = failed.first().first().value<Error>();
        QCOMPARE(error.code, code);
        QVERIFY(!error.summary.isEmpty());
        // The summary, with the provider error's explanation when there is one.
        QVERIFY(failureLine(error).startsWith(error.summary));
        QVERIFY(logged(h.log, Http::FlowEvent::Kind::Failure, failureLine(error)));
    }

    // Cancelled while the token request is under way: one cancelled, and the late answer is dropped.
    void cancelledWhileRequesting()
    {
        Harness h;
        QVERIFY(h.start());
        ScriptedServer::Reply held = reply(200, R"({"access_token":"late","token_type":"Bearer"})");
        held.held = true;
        h.server.enqueue(held);
        ClientCredentialsFlow flow(h.config, QStringLiteral("s3cret"), &h.tokenClient, &h.log);
        QSignalSpy succeeded(&flow, &SignInFlow::succeeded);
        QSignalSpy failed(&flow, &SignInFlow::failed);
        QSignalSpy cancelled(&flow, &SignInFlow::cancelled);
        flow.start();
        QTRY_COMPARE(h.server.requests().size(), 1);
        flow.cancel();
        QCOMPARE(cancelled.size(), 1);
        flow.cancel();
        QCOMPARE(cancelled.size(), 1);
        h.server.releaseHeld();
        QTRY_VERIFY(std::any_of(h.log.events().cbegin(), h.log.events().cend(),
            [](const Http::FlowEvent& event) { return event.kind == Http::FlowEvent::Kind::HttpResponse; }));
        QCoreApplication::processEvents();
        QCOMPARE(succeeded.size(), 0);
        QCOMPARE(failed.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestClientCredentialsFlow)
#include "tst_clientcredentialsflow.moc"
