#include "embeddedloginagent.h"
#include "redirecttarget.h"
#include "scriptedserver.h"
#include "testmain.h"
#include "widgethelpers.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUrlQuery>

using namespace Tokenscope;
using Tokenscope::Tests::ScriptedServer;

namespace {

constexpr int signInTimeout = 60000;

QByteArray html(const QByteArray& body)
{
    // No favicon request: every request the page makes is one of the scripted ones, in order.
    return "<!doctype html><html><head><title>Provider</title><link rel=\"icon\" "
           "href=\"data:,\"></head><body>"
        + body + "</body></html>";
}

// Every message Qt logs in this process, besides being printed as usual.
QStringList& loggedMessages()
{
    static QStringList messages;
    return messages;
}

QtMessageHandler previousHandler = nullptr;

void recordMessage(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    loggedMessages().append(message);
    if (previousHandler)
        previousHandler(type, context, message);
}

} // namespace

// The sign-in window on real Qt WebEngine against pages that try to reach the redirect URI in ways
// other than the top-level navigation that carries the authorization response: nothing but that
// navigation is taken as the response, and no request of any kind reaches the redirect URI.
class TestSignInWindowHardening final : public QObject
{
    Q_OBJECT

private:
    // Every page of provider sets the provider's session cookie and goes on to the redirect URI.
    static void providerSettingACookie(ScriptedServer& provider)
    {
        provider.enqueue(Tests::reply(200,
            html("<script>location.href = 'http://127.0.0.1:9/callback?code=good&state=s';</script>"),
            "text/html", {{"Set-Cookie", "provider_session=alice; Max-Age=3600; Path=/; HttpOnly"}}));
    }

    // Signs in once with the profile (empty: in memory); the Cookie header the provider received.
    static QByteArray cookieSent(ScriptedServer& provider, const QString& profile)
    {
        Ui::EmbeddedLoginAgent agent(nullptr);
        agent.setPersistentProfile(profile);
        QSignalSpy redirected(&agent, &OAuth::LoginAgent::redirected);
        const qsizetype before = provider.requests().size();
        agent.start(
            provider.url(QStringLiteral("/auth")), QUrl(QStringLiteral("http://127.0.0.1:9/callback")));
        if (!redirected.wait(signInTimeout) || !QTest::qWaitFor([&agent] { return !agent.window(); }))
            return "(no redirect)";
        if (provider.requests().size() <= before)
            return "(no request)";
        return provider.requests().at(before).headers.value("cookie");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        previousHandler = qInstallMessageHandler(recordMessage);
    }

    void cleanupTestCase() { qInstallMessageHandler(previousHandler); }

    // The provider's page may write anything to its console, a token included: none of it reaches the
    // application's log (Qt WebEngine logs warnings and errors of the page by default).
    void consoleMessagesAreNotLogged_data()
    {
        QTest::addColumn<QByteArray>("script");
        QTest::newRow("provider-console-messages-not-logged") << QByteArray(
            "console.log('marker-log'); console.info('marker-info'); console.warn('marker-warn');"
            "console.error('marker-error'); console.debug('marker-debug');");
        QTest::newRow("provider-script-error-not-logged") << QByteArray("throw new Error('marker-thrown');");
    }

    void consoleMessagesAreNotLogged()
    {
        QFETCH(QByteArray, script);
        ScriptedServer provider;
        QVERIFY(provider.start());
        const QUrl redirectUri(QStringLiteral("http://127.0.0.1:9/callback"));
        // The redirect comes from a second script, so it runs whatever the first one did.
        provider.enqueue(Tests::reply(200,
            html("<script>" + script + "</script><script>location.href = '" + redirectUri.toEncoded()
                + "?code=good&state=s';</script>"),
            "text/html"));
        loggedMessages().clear();
        Ui::EmbeddedLoginAgent agent(nullptr);
        QSignalSpy redirected(&agent, &OAuth::LoginAgent::redirected);
        agent.start(provider.url(QStringLiteral("/auth")), redirectUri);
        QVERIFY(redirected.wait(signInTimeout));
        QTRY_VERIFY(agent.window() == nullptr);
        const QString all = loggedMessages().join(QLatin1Char('\n'));
        QVERIFY2(!all.contains(QLatin1String("marker")), qPrintable(all));
    }

    // Each environment has its own cookie jar: a provider session made in one environment's window is
    // unknown in another's, on disk or in memory.
    void cookiesStayWithTheirEnvironment_data()
    {
        QTest::addColumn<bool>("persistent");
        QTest::newRow("cookies-not-shared-between-environments") << true;
        QTest::newRow("in-memory-sign-ins-share-no-cookies") << false;
    }

    void cookiesStayWithTheirEnvironment()
    {
        QFETCH(bool, persistent);
        ScriptedServer provider;
        QVERIFY(provider.start());
        const QString first = persistent ? QStringLiteral("env-cookies-a") : QString();
        const QString second = persistent ? QStringLiteral("env-cookies-b") : QString();
        for (const QString& name : {first, second})
            Ui::EmbeddedLoginAgent::removePersistentProfile(name); // from an earlier run
        providerSettingACookie(provider);

        QCOMPARE(cookieSent(provider, first), QByteArray());
        QCOMPARE(cookieSent(provider, second), QByteArray());
        // The first one's jar does keep it (for a persistent profile), so the test shows something.
        QCOMPARE(
            cookieSent(provider, first), persistent ? QByteArray("provider_session=alice") : QByteArray());
        for (const QString& name : {first, second})
            Ui::EmbeddedLoginAgent::removePersistentProfile(name);
    }

    // Removing an environment while its profile is live in this run: the window on it closes, its
    // cookies and storage go, the next sign-in under the same name starts without the provider's session,
    // and what WebEngine writes as it lets go of the profile is removed before it starts again.
    void removedLiveProfileLosesItsSession()
    {
        ScriptedServer provider;
        QVERIFY(provider.start());
        const QString name = QStringLiteral("env-removed-live");
        providerSettingACookie(provider);
        Ui::EmbeddedLoginAgent::removePersistentProfile(name);
        QCOMPARE(cookieSent(provider, name), QByteArray());
        QCOMPARE(cookieSent(provider, name), QByteArray("provider_session=alice"));
        const QStringList folders = Ui::EmbeddedLoginAgent::persistentProfileFolders(name);
        QVERIFY2(QFileInfo::exists(folders.constFirst()), qPrintable(folders.constFirst()));

        QVERIFY(QFileInfo::exists(folders.constFirst() + QStringLiteral("/Cookies")));

        Ui::EmbeddedLoginAgent::removePersistentProfile(name);
        QVERIFY(!QFileInfo::exists(folders.constFirst() + QStringLiteral("/Cookies")));
        QVERIFY(!QFileInfo::exists(folders.constFirst() + QStringLiteral("/Local Storage")));
        QVERIFY(Ui::EmbeddedLoginAgent::profilesLeftBehind().contains(name));
        QCOMPARE(cookieSent(provider, name), QByteArray());
        Ui::EmbeddedLoginAgent::removePersistentProfile(name);
    }

    void onlyMainFrameNavigationIsTheResponse_data()
    {
        QTest::addColumn<QString>("redirectPath");
        QTest::addColumn<QByteArray>("page");
        QTest::addColumn<QByteArray>("serviceWorker");
        QTest::addColumn<QString>("expectedServiceWorker");

        // {R} is the redirect URI's origin (http://127.0.0.1:port). Each page ends by sending the main
        // frame to the redirect URI with code=good: the one response that counts.
        QTest::newRow("redirect-in-iframe-refused")
            << QStringLiteral("/callback")
            << html("<iframe src=\"{R}/callback?code=evil&state=s\"></iframe><script>"
                    "addEventListener('load', function () { setTimeout(function () {"
                    " location.href = '{R}/callback?code=good&state=s'; }, 0); });</script>")
            << QByteArray() << QString();
        QTest::newRow("page-requests-to-redirect-blocked")
            << QStringLiteral("/callback")
            << html("<script>new Image().src = '{R}/callback?code=img&state=s';"
                    "var xhr = new XMLHttpRequest(); xhr.open('GET', '{R}/callback?code=xhr&state=s'); "
                    "xhr.send();"
                    "fetch('{R}/callback?code=fetch&state=s', {mode: 'no-cors'}).then(function () {}, "
                    "function () {}).then(function () { location.href = '{R}/callback?code=good&state=s'; });"
                    "</script>")
            << QByteArray() << QString();
        // A service worker's requests belong to no page: only an interceptor on the profile sees them.
        QTest::newRow("service-worker-request-to-redirect-blocked")
            << QStringLiteral("/callback")
            << html("<script>navigator.serviceWorker.register('/sw.js')"
                    ".then(function () { return navigator.serviceWorker.ready; })"
                    ".then(function () { return 'ready'; }, function (e) { return 'failed-' + e.name; })"
                    ".then(function (r) { location.href = '{R}/callback?code=good&state=s&sw=' + r; });"
                    "</script>")
            << QByteArray("self.addEventListener('install', function (event) {"
                          " event.waitUntil(fetch('{R}/callback?code=sw&state=s', {mode: 'no-cors'})"
                          ".then(function () {}, function () {})); });")
            << QStringLiteral("ready");
        // Chromium resolves the dot segments before the window sees the request; an image and the
        // navigation both go through them.
        QTest::newRow("redirect-path-dot-segments-intercepted")
            << QStringLiteral("/callback")
            << html("<img src=\"{R}/x/%2e%2e/callback?code=img&state=s\"><script>"
                    "addEventListener('load', function () {"
                    " location.href = '{R}/x/../callback?code=good&state=s'; });</script>")
            << QByteArray() << QString();
        // A redirect URI registered with a dot segment reaches the window resolved: still the same one.
        QTest::newRow("redirect-uri-with-dot-segments-intercepted")
            << QStringLiteral("/app/./callback")
            << html("<script>location.href = '{R}/app/./callback?code=good&state=s';</script>")
            << QByteArray() << QString();
    }

    void onlyMainFrameNavigationIsTheResponse()
    {
        QFETCH(QString, redirectPath);
        QFETCH(QByteArray, page);
        QFETCH(QByteArray, serviceWorker);
        QFETCH(QString, expectedServiceWorker);
        ScriptedServer provider;
        QVERIFY(provider.start());
        // Whatever listens on the redirect URI: it must never see a request.
        ScriptedServer redirectTarget;
        QVERIFY(redirectTarget.start());
        redirectTarget.enqueue(Tests::reply(200, "caught", "text/plain"));
        const QUrl redirectUri = redirectTarget.url(redirectPath);
        const QByteArray origin = redirectTarget.url({}).toEncoded(QUrl::StripTrailingSlash);
        provider.enqueue(Tests::reply(200, page.replace("{R}", origin), "text/html"));
        if (!serviceWorker.isEmpty())
            provider.enqueue(Tests::reply(200, serviceWorker.replace("{R}", origin), "text/javascript"));
        provider.enqueue(Tests::reply(404, "not here", "text/plain"));

        Ui::EmbeddedLoginAgent agent(nullptr);
        agent.setTimeout(std::chrono::seconds(120));
        QSignalSpy redirected(&agent, &OAuth::LoginAgent::redirected);
        QSignalSpy failed(&agent, &OAuth::LoginAgent::failed);
        agent.start(provider.url(QStringLiteral("/auth")), redirectUri);
        QTRY_VERIFY_WITH_TIMEOUT(!redirected.isEmpty() || !failed.isEmpty(), signInTimeout);
        if (!failed.isEmpty())
            QFAIL(qPrintable(failed.first().first().value<Error>().toText()));

        // Anything the reports of other requests would still bring has arrived by now.
        QTRY_VERIFY(agent.window() == nullptr);
        QCoreApplication::processEvents();
        QCOMPARE(redirected.size(), 1);
        const QUrl url = redirected.first().first().toUrl();
        QVERIFY2(OAuth::targetsRedirectUri(url, redirectUri), qPrintable(url.toString()));
        const QUrlQuery query(url);
        QCOMPARE(query.queryItemValue(QStringLiteral("code")), QStringLiteral("good"));
        QCOMPARE(query.queryItemValue(QStringLiteral("sw")), expectedServiceWorker);
        QStringList reached;
        for (const auto& request : redirectTarget.requests())
            reached.append(QString::fromLatin1(request.method + ' ' + request.target));
        QVERIFY2(reached.isEmpty(), qPrintable(reached.join(QLatin1String(", "))));
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestSignInWindowHardening)
#include "tst_signinwindow_hardening_e2e.moc"
