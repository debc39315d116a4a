#include "authorizationcodeflow.h"
#include "formencoding.h"
#include "loopbackloginagent.h"
#include "oauthharness.h"
#include "scriptedbrowser.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;
using Tokenscope::Tests::OidcFixture;
using Tokenscope::Tests::ScriptedBrowser;

Q_DECLARE_METATYPE(Tokenscope::Error)

namespace {

bool ipv6LoopbackAvailable()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHostIPv6, 0);
}

// Whether something still accepts connections on the port (the listener must be gone).
bool accepts(const QString& host, quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(host, port);
    return socket.waitForConnected(3000);
}

} // namespace

// The system-browser sign-in (RFC 8252 §7.3): a listener on the loopback interface, the real
// oidc-provider, and a scripted browser that follows the provider's redirects like a user's would.
class TestLoopbackLoginAgent final : public QObject
{
    Q_OBJECT

private:
    OidcFixture m_fixture;

    ClientConfig config(const QString& redirect, const QString& responseMode = {}) const
    {
        ClientConfig config = Tests::fixtureConfig(m_fixture, QStringLiteral("tokenscope-demo"));
        config.redirectUri = QUrl(redirect);
        config.responseMode = responseMode;
        return config;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<Tokenscope::Error>();
        QString error;
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
    }

    void signInThroughSystemBrowser_data()
    {
        QTest::addColumn<QString>("redirect");
        QTest::addColumn<QString>("responseMode");
        QTest::addColumn<QString>("listenHost");
        QTest::newRow("loopback-ipv4") << "http://127.0.0.1/callback" << QString() << "127.0.0.1";
        QTest::newRow("loopback-ipv6") << "http://[::1]/callback" << QString() << "::1";
        QTest::newRow("localhost-any-port") << "http://localhost/callback" << QString() << "127.0.0.1";
        QTest::newRow("form-post") << "http://127.0.0.1/callback"
                                   << "form_post"
                                   << "127.0.0.1";
    }

    void signInThroughSystemBrowser()
    {
        QFETCH(QString, redirect);
        QFETCH(QString, responseMode);
        QFETCH(QString, listenHost);
        if (listenHost == QLatin1String("::1") && !ipv6LoopbackAvailable())
            QSKIP("no IPv6 loopback on this machine");

        ScriptedBrowser browser;
        QUrl opened;
        LoopbackLoginAgent agent([&](const QUrl& url) {
            opened = url;
            browser.open(url);
            return true;
        });
        Tests::FlowEngine engine;
        AuthorizationCodeFlow flow(
            config(redirect, responseMode), {}, &agent, &engine.tokenClient, &engine.keys, &engine.log);
        QSignalSpy succeeded(&flow, &AuthorizationCodeFlow::succeeded);
        QSignalSpy failed(&flow, &AuthorizationCodeFlow::failed);
        flow.start();

        QVERIFY(agent.isListening());
        const quint16 port = agent.port();
        QVERIFY(port > 0);
        // The authorization request names the port the listener got (any port: RFC 8252 §7.3).
        const QUrl sentRedirect(
            QUrlQuery(opened).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
        QCOMPARE(sentRedirect.port(), int(port));
        QCOMPARE(sentRedirect.host(), QUrl(redirect).host());
        QCOMPARE(sentRedirect.path(), QStringLiteral("/callback"));

        QTRY_COMPARE_WITH_TIMEOUT(succeeded.size() + failed.size(), 1, 30000);
        if (!failed.isEmpty())
            QFAIL(qPrintable(failed.first().first().value<Error>().toText()));
        QVERIFY(!succeeded.first().first().value<TokenSet>().accessToken.isEmpty());

        // The browser was answered with the page that tells the user to go back to Tokenscope.
        QTRY_VERIFY(browser.isFinished());
        QVERIFY2(browser.error().isEmpty(), qPrintable(browser.error()));
        QCOMPARE(browser.lastStatus(), 200);
        QVERIFY(browser.lastBody().contains("You can close this tab"));
        const auto& last = browser.visits().last();
        QCOMPARE(last.url.port(), int(port));
        QCOMPARE(
            last.method, responseMode == QLatin1String("form_post") ? QByteArray("POST") : QByteArray("GET"));
        // …and nothing listens any more.
        QVERIFY(!agent.isListening());
        QVERIFY(!accepts(listenHost, port));
        // The Timeline tells it as it happened: the browser loaded the redirect from the listener.
        QStringList redirectSummaries;
        for (const Http::FlowEvent& event : engine.log.events()) {
            if (event.kind == Http::FlowEvent::Kind::RedirectReceived)
                redirectSummaries.append(event.summary);
        }
        QCOMPARE(redirectSummaries,
            QStringList {
                QStringLiteral("Redirect received by the loopback listener (loaded by the browser)")});
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("redirect");
        QTest::addColumn<bool>("browserOpens");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not-loopback") << "https://oauth.pstmn.io/v1/browser-callback" << true
                                      << "The system browser can only return to this computer";
        QTest::newRow("private-use-scheme")
            << "com.example.app:/callback" << true << "The system browser can only return to this computer";
        QTest::newRow("port-in-use") << "http://127.0.0.1:%1/callback" << true
                                     << "Tokenscope could not listen for the redirect";
        QTest::newRow("no-browser") << "http://127.0.0.1/callback" << false
                                    << "The system browser could not be opened";
    }

    void refusals()
    {
        QFETCH(QString, redirect);
        QFETCH(bool, browserOpens);
        QFETCH(QString, expected);
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        if (redirect.contains(QLatin1String("%1")))
            redirect = redirect.arg(squatter.serverPort());

        int opened = 0;
        LoopbackLoginAgent agent([&](const QUrl&) {
            ++opened;
            return browserOpens;
        });
        Tests::FlowEngine engine;
        AuthorizationCodeFlow flow(
            config(redirect), {}, &agent, &engine.tokenClient, &engine.keys, &engine.log);
        QSignalSpy failed(&flow, &AuthorizationCodeFlow::failed);
        flow.start();
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.first().first().value<Error>().summary, expected);
        QCOMPARE(failed.first().at(0).value<Error>().code, QStringLiteral("login_agent"));
        QVERIFY(!agent.isListening());
        QCOMPARE(opened, browserOpens ? 0 : 1);
    }

    // Probes, favicons and requests without a response are answered and ignored; the first real
    // response ends the sign-in and the listener.
    void strayRequestsAreIgnored()
    {
        LoopbackLoginAgent agent([](const QUrl&) { return true; });
        QSignalSpy redirected(&agent, &LoginAgent::redirected);
        Error error;
        const QUrl redirect = agent.redirectUriFor(QUrl(QStringLiteral("http://127.0.0.1/callback")), &error);
        QVERIFY(error.isNull());
        agent.start(QUrl(QStringLiteral("http://127.0.0.1:1/auth")), redirect);

        QNetworkAccessManager network;
        const auto get = [&network, &redirect](const QString& pathAndQuery) {
            QNetworkReply* reply = network.get(QNetworkRequest(redirect.resolved(QUrl(pathAndQuery))));
            QSignalSpy done(reply, &QNetworkReply::finished);
            done.wait(5000);
            reply->deleteLater();
            return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        };
        QCOMPARE(get(QStringLiteral("/favicon.ico")), 404);
        QCOMPARE(get(QStringLiteral("/callback")), 400);
        QCOMPARE(get(QStringLiteral("/elsewhere?code=x&state=y")), 404);
        QVERIFY(redirected.isEmpty());
        QVERIFY(agent.isListening());

        QCOMPARE(get(QStringLiteral("/callback?code=the-code&state=the-state")), 200);
        QTRY_COMPARE(redirected.size(), 1);
        const QUrl received = redirected.first().first().toUrl();
        QCOMPARE(received.port(), redirect.port());
        QCOMPARE(QUrlQuery(received).queryItemValue(QStringLiteral("code")), QStringLiteral("the-code"));
        QVERIFY(!agent.isListening());
        QVERIFY(!accepts(QStringLiteral("127.0.0.1"), quint16(redirect.port())));
    }

    // RFC 6749 §10.12: only this sign-in's answer ends it. Another sign-in's (an old tab, another
    // program or page sending a code) gets a page that says so, and the listener goes on for the live
    // one.
    void strayCallbacksKeepListening_data()
    {
        QTest::addColumn<QString>("stray");
        QTest::newRow("stray-callback-wrong-state-keeps-listening")
            << QStringLiteral("/callback?code=old-code&state=old-state");
        QTest::newRow("stray-callback-without-state-keeps-listening") << QStringLiteral("/callback?code=x");
        QTest::newRow("stray-error-wrong-state-keeps-listening")
            << QStringLiteral("/callback?error=access_denied&state=old-state");
    }

    void strayCallbacksKeepListening()
    {
        QFETCH(QString, stray);
        LoopbackLoginAgent agent([](const QUrl&) { return true; });
        QSignalSpy redirected(&agent, &LoginAgent::redirected);
        QSignalSpy failed(&agent, &LoginAgent::failed);
        QSignalSpy ignored(&agent, &LoginAgent::redirectIgnored);
        Error error;
        const QUrl redirect = agent.redirectUriFor(QUrl(QStringLiteral("http://127.0.0.1/callback")), &error);
        QVERIFY(error.isNull());
        // A pushed request (RFC 9126): the browser's URL carries no state, the flow names it.
        agent.expectState(QStringLiteral("live-state"));
        agent.start(QUrl(QStringLiteral("http://127.0.0.1:1/auth?client_id=c&request_uri=urn:x")), redirect);

        QNetworkAccessManager network;
        const auto get = [&network, &redirect](const QString& pathAndQuery, QByteArray* body) {
            QNetworkReply* reply = network.get(QNetworkRequest(redirect.resolved(QUrl(pathAndQuery))));
            QSignalSpy done(reply, &QNetworkReply::finished);
            done.wait(5000);
            reply->deleteLater();
            *body = reply->readAll();
            return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        };
        QByteArray page;
        QCOMPARE(get(stray, &page), 400);
        QVERIFY2(page.contains("another sign-in"), page.constData());
        QVERIFY(!page.contains("Signed in"));
        QCOMPARE(ignored.size(), 1);
        QVERIFY(redirected.isEmpty());
        QVERIFY(failed.isEmpty());
        QVERIFY(agent.isListening());

        QCOMPARE(get(QStringLiteral("/callback?code=the-code&state=live-state"), &page), 200);
        QVERIFY(page.contains("You can close this tab"));
        QTRY_COMPARE(redirected.size(), 1);
        QCOMPARE(QUrlQuery(redirected.first().first().toUrl()).queryItemValue(QStringLiteral("code")),
            QStringLiteral("the-code"));
        QVERIFY(!agent.isListening());
    }

    // The pushed request is refused before the browser opens: nothing is left listening.
    void listenerClosedAfterFailure_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::newRow("listener-closed-after-par-failure") << QStringLiteral("no-such-client");
    }

    void listenerClosedAfterFailure()
    {
        QFETCH(QString, clientId);
        int opened = 0;
        LoopbackLoginAgent agent([&opened](const QUrl&) {
            ++opened;
            return true;
        });
        Tests::FlowEngine engine;
        ClientConfig parConfig = config(QStringLiteral("http://127.0.0.1/callback"));
        parConfig.clientId = clientId;
        parConfig.usePar = true;
        parConfig.parEndpoint = m_fixture.url(QStringLiteral("/request"));
        AuthorizationCodeFlow flow(parConfig, {}, &agent, &engine.tokenClient, &engine.keys, &engine.log);
        QSignalSpy failed(&flow, &AuthorizationCodeFlow::failed);
        flow.start();
        QVERIFY(agent.isListening());
        const quint16 port = agent.port();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 15000);
        QCOMPARE(opened, 0);
        QVERIFY(!agent.isListening());
        QVERIFY(!accepts(QStringLiteral("127.0.0.1"), port));
    }

    // RFC 8252 §8.3: "localhost" may resolve to either loopback address; a port another program holds
    // on one of them would hand it the code, so the sign-in does not start.
    void localhostNeedsBothAddresses_data()
    {
        QTest::addColumn<QString>("taken");
        QTest::newRow("localhost-ipv6-port-taken-refused") << QStringLiteral("::1");
        QTest::newRow("localhost-ipv4-port-taken-refused") << QStringLiteral("127.0.0.1");
    }

    void localhostNeedsBothAddresses()
    {
        QFETCH(QString, taken);
        if (taken == QLatin1String("::1") && !ipv6LoopbackAvailable())
            QSKIP("no IPv6 loopback on this machine");
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress(taken), 0));
        const quint16 port = squatter.serverPort();
        LoopbackLoginAgent agent([](const QUrl&) { return true; });
        Error error;
        const QUrl redirect
            = agent.redirectUriFor(QUrl(QStringLiteral("http://localhost:%1/callback").arg(port)), &error);
        QVERIFY(redirect.isEmpty());
        QCOMPARE(error.summary, QStringLiteral("Tokenscope could not listen for the redirect"));
        QVERIFY2(error.detail.contains(QHostAddress(taken).toString()), qPrintable(error.detail));
        QVERIFY2(error.hint.contains(QString::number(port)), qPrintable(error.hint));
        QVERIFY(!agent.isListening());
        // Neither address is left half-bound.
        const QString other
            = taken == QLatin1String("::1") ? QStringLiteral("127.0.0.1") : QStringLiteral("::1");
        if (other == QLatin1String("127.0.0.1") || ipv6LoopbackAvailable())
            QVERIFY(!accepts(other, port));
    }

    // After the time is up nothing listens any more: the page still open in the browser cannot finish.
    void timeoutMessage_data()
    {
        QTest::addColumn<int>("seconds");
        QTest::addColumn<QString>("limit");
        QTest::newRow("timeout-says-start-again") << 1 << QStringLiteral("1-minute limit");
    }

    void timeoutMessage()
    {
        QFETCH(int, seconds);
        QFETCH(QString, limit);
        LoopbackLoginAgent agent([](const QUrl&) { return true; });
        agent.setTimeout(std::chrono::seconds(seconds));
        QSignalSpy failed(&agent, &LoginAgent::failed);
        Error error;
        const QUrl redirect = agent.redirectUriFor(QUrl(QStringLiteral("http://127.0.0.1/callback")), &error);
        agent.start(QUrl(QStringLiteral("http://127.0.0.1:1/auth")), redirect);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 5000);
        const Error timeout = failed.first().first().value<Error>();
        QCOMPARE(timeout.code, QStringLiteral("timeout"));
        QVERIFY2(timeout.detail.contains(limit), qPrintable(timeout.detail));
        QVERIFY2(!timeout.toText().contains(QLatin1String("minute(s)")), qPrintable(timeout.toText()));
        QVERIFY2(timeout.hint.contains(QLatin1String("stopped listening")), qPrintable(timeout.hint));
        QVERIFY2(timeout.hint.contains(QLatin1String("Start the sign-in again")), qPrintable(timeout.hint));
        QVERIFY2(!timeout.hint.contains(QLatin1String("Finish signing in")), qPrintable(timeout.hint));
        QVERIFY(!accepts(QStringLiteral("127.0.0.1"), quint16(redirect.port())));
    }

    void timeoutAndCancel()
    {
        LoopbackLoginAgent agent([](const QUrl&) { return true; });
        agent.setTimeout(std::chrono::seconds(1));
        QSignalSpy failed(&agent, &LoginAgent::failed);
        QSignalSpy cancelled(&agent, &LoginAgent::cancelled);
        Error error;
        QUrl redirect = agent.redirectUriFor(QUrl(QStringLiteral("http://127.0.0.1/callback")), &error);
        agent.start(QUrl(QStringLiteral("http://127.0.0.1:1/auth")), redirect);
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 5000);
        QCOMPARE(failed.first().first().value<Error>().summary,
            QStringLiteral("The sign-in did not finish in time"));
        QVERIFY(!agent.isListening());

        redirect = agent.redirectUriFor(QUrl(QStringLiteral("http://127.0.0.1/callback")), &error);
        agent.start(QUrl(QStringLiteral("http://127.0.0.1:1/auth")), redirect);
        QVERIFY(agent.isListening());
        agent.cancel();
        QCOMPARE(cancelled.size(), 1);
        QVERIFY(!agent.isListening());
        QCOMPARE(failed.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestLoopbackLoginAgent)
#include "tst_loopbackloginagent.moc"
