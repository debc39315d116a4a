#include "externalredirectloginagent.h"

#include <QSignalSpy>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;

Q_DECLARE_METATYPE(Tokenscope::Error)

// The system-browser sign-in with a private-use redirect URI (RFC 8252 §7.1): the browser hands the
// redirect to the operating system, which starts Tokenscope with it; the running instance delivers it
// here. Only the redirect of this sign-in may end the wait (RFC 9700 §4.1.3: exact match, and the
// state of this request, RFC 6749 §10.12).
class TestExternalRedirectLoginAgent final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<Tokenscope::Error>(); }

    void outcome_data()
    {
        QTest::addColumn<bool>("browserOpens");
        QTest::addColumn<QString>("delivered"); // empty: nothing arrives
        QTest::addColumn<QString>("action"); // after the delivery: "", "cancel" or "timeout"
        QTest::addColumn<QString>("expected"); // redirected, waiting, failed, cancelled

        const QString right = QStringLiteral("com.example.app:/callback?code=c1&state=S1");
        QTest::newRow("exact-match") << true << right << QString() << "redirected";
        QTest::newRow("scheme-case-insensitive")
            << true << "COM.Example.App:/callback?code=c1&state=S1" << QString() << "redirected";
        QTest::newRow("error-redirect-right-state")
            << true << "com.example.app:/callback?error=access_denied&state=S1" << QString() << "redirected";
        QTest::newRow("other-path-keeps-waiting")
            << true << "com.example.app:/callback2?code=c1&state=S1" << QString() << "waiting";
        QTest::newRow("path-case-differs-keeps-waiting")
            << true << "com.example.app:/Callback?code=c1&state=S1" << QString() << "waiting";
        QTest::newRow("other-scheme-keeps-waiting")
            << true << "com.example.other:/callback?code=c1&state=S1" << QString() << "waiting";
        QTest::newRow("wrong-state-keeps-waiting")
            << true << "com.example.app:/callback?code=c0&state=S0" << QString() << "waiting";
        QTest::newRow("missing-state-keeps-waiting")
            << true << "com.example.app:/callback?code=c1" << QString() << "waiting";
        QTest::newRow("browser-start-failure") << false << QString() << QString() << "failed";
        QTest::newRow("timeout") << true << QString() << "timeout"
                                 << "failed";
        QTest::newRow("cancel") << true << QString() << "cancel"
                                << "cancelled";
        QTest::newRow("cancel-after-stale") << true << "com.example.app:/callback?code=c0&state=S0"
                                            << "cancel"
                                            << "cancelled";
    }

    void outcome()
    {
        QFETCH(bool, browserOpens);
        QFETCH(QString, delivered);
        QFETCH(QString, action);
        QFETCH(QString, expected);

        QList<QUrl> opened;
        ExternalRedirectLoginAgent agent([&opened, browserOpens](const QUrl& url) {
            opened.append(url);
            return browserOpens;
        });
        agent.setTimeout(std::chrono::milliseconds(action == QLatin1String("timeout") ? 50 : 600000));
        QSignalSpy redirected(&agent, &LoginAgent::redirected);
        QSignalSpy cancelled(&agent, &LoginAgent::cancelled);
        QSignalSpy failed(&agent, &LoginAgent::failed);
        QSignalSpy ignored(&agent, &ExternalRedirectLoginAgent::redirectIgnored);

        const QUrl configured(QStringLiteral("com.example.app:/callback"));
        Error error;
        const QUrl redirectUri = agent.redirectUriFor(configured, &error);
        QVERIFY2(error.isNull(), qPrintable(error.toText()));
        QCOMPARE(redirectUri, configured);
        const QUrl authorizationUrl(QStringLiteral(
            "https://provider.test/authorize?client_id=app&redirect_uri=com.example.app%3A%2Fcallback"
            "&state=S1"));
        agent.start(authorizationUrl, redirectUri);
        QCOMPARE(opened, QList<QUrl> {authorizationUrl});

        bool accepted = false;
        if (!delivered.isEmpty())
            accepted = agent.deliver(QUrl(delivered));
        if (action == QLatin1String("cancel"))
            agent.cancel();
        if (action == QLatin1String("timeout"))
            QVERIFY(failed.wait());

        if (expected == QLatin1String("redirected")) {
            QVERIFY(accepted);
            QCOMPARE(redirected.size(), 1);
            QCOMPARE(redirected.at(0).at(0).toUrl(), QUrl(delivered));
            QCOMPARE(ignored.size(), 0);
            QVERIFY(!agent.isWaiting());
            // The sign-in is over: the same answer again is not taken twice.
            QVERIFY(!agent.deliver(QUrl(delivered)));
            QCOMPARE(redirected.size(), 1);
        } else if (expected == QLatin1String("waiting")) {
            QVERIFY(!accepted);
            QCOMPARE(redirected.size(), 0);
            QCOMPARE(ignored.size(), 1);
            QVERIFY(!ignored.at(0).at(0).toString().isEmpty());
            QVERIFY(agent.isWaiting());
            QCOMPARE(failed.size() + cancelled.size(), 0);
            // Still waiting: the real answer ends it.
            const QUrl right(QStringLiteral("com.example.app:/callback?code=c1&state=S1"));
            QVERIFY(agent.deliver(right));
            QCOMPARE(redirected.size(), 1);
            QCOMPARE(redirected.at(0).at(0).toUrl(), right);
        } else if (expected == QLatin1String("failed")) {
            QCOMPARE(failed.size(), 1);
            QCOMPARE(redirected.size() + cancelled.size(), 0);
            const auto failure = failed.at(0).at(0).value<Error>();
            QVERIFY(!failure.summary.isEmpty());
            QVERIFY(!failure.hint.isEmpty());
            if (!browserOpens) // the user can still open the page by hand
                QVERIFY2(
                    failure.toText().contains(authorizationUrl.toString()), qPrintable(failure.toText()));
            else
                QVERIFY2(failure.toText().contains(QLatin1String("minute")), qPrintable(failure.toText()));
            QVERIFY(!agent.isWaiting());
        } else {
            QCOMPARE(cancelled.size(), 1);
            QCOMPARE(redirected.size() + failed.size(), 0);
            QVERIFY(!agent.isWaiting());
            QVERIFY(!agent.deliver(QUrl(QStringLiteral("com.example.app:/callback?code=c1&state=S1"))));
        }
    }

    // With pushed authorization requests the browser's URL carries no state: the flow names it.
    void expectedStateFromFlow()
    {
        ExternalRedirectLoginAgent agent([](const QUrl&) { return true; });
        QSignalSpy redirected(&agent, &LoginAgent::redirected);
        QSignalSpy ignored(&agent, &ExternalRedirectLoginAgent::redirectIgnored);
        const QUrl redirectUri(QStringLiteral("com.example.app:/callback"));
        Error error;
        QCOMPARE(agent.redirectUriFor(redirectUri, &error), redirectUri);
        agent.expectState(QStringLiteral("P1"));
        agent.start(QUrl(QStringLiteral("https://provider.test/authorize?client_id=app&request_uri=urn%3Ax")),
            redirectUri);
        QVERIFY(!agent.deliver(QUrl(QStringLiteral("com.example.app:/callback?code=c&state=S1"))));
        QCOMPARE(ignored.size(), 1);
        QVERIFY(agent.deliver(QUrl(QStringLiteral("com.example.app:/callback?code=c&state=P1"))));
        QCOMPARE(redirected.size(), 1);
    }

    void refusesRedirectUrisItCannotReceive_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::newRow("loopback") << "http://127.0.0.1/callback";
        QTest::newRow("https") << "https://app.example.com/callback";
        QTest::newRow("no-reverse-domain") << "myapp:/callback";
        QTest::newRow("mailto") << "mailto:someone";
    }

    void refusesRedirectUrisItCannotReceive()
    {
        QFETCH(QString, uri);
        ExternalRedirectLoginAgent agent([](const QUrl&) { return true; });
        Error error;
        QVERIFY(agent.redirectUriFor(QUrl(uri), &error).isEmpty());
        QVERIFY(!error.isNull());
        QVERIFY(!ExternalRedirectLoginAgent::isPrivateUseRedirectUri(QUrl(uri)));
    }
};

QTEST_GUILESS_MAIN(TestExternalRedirectLoginAgent)
#include "tst_externalredirectloginagent.moc"
