#include "appsessionfixture.h"
#include "desktopservices.h"
#include "embeddedloginagent.h"
#include "flowlog.h"
#include "messagebanner.h"
#include "oidcfixture.h"
#include "scriptedserver.h"
#include "signincontroller.h"
#include "testmain.h"
#include "tokensession.h"
#include "widgethelpers.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUrlQuery>

#include <memory>

using namespace Tokenscope;
using Tokenscope::Tests::Grab;
using Tokenscope::Tests::OidcFixture;
using Tokenscope::Tests::saveScreenshot;
using Tokenscope::Tests::ScriptedServer;

Q_DECLARE_METATYPE(Tokenscope::Error)

namespace {

constexpr int signInTimeout = 60000;

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

// The sign-in window as the main window opens it (through SignInController, per environment), with
// real Qt WebEngine under Xvfb: what it prints, the size it opens at, and what it does when a sign-in
// goes nowhere. The first test function is the first to load WebEngine in this process.
class TestSignInWindowMore final : public QObject
{
    Q_OBJECT

private:
    OidcFixture m_fixture;
    std::unique_ptr<Tests::AppSessionFixture> m_sessionFixture;
    Workspace::AppSession* m_session = nullptr;
    std::unique_ptr<QWidget> m_window;
    Ui::MessageBanner* m_banner = nullptr;
    Ui::SignInController* m_controller = nullptr;

    // The fixture's public native client, which has every kind of redirect URI registered.
    Workspace::Environment addEnvironment(const QString& name, const QString& redirect)
    {
        const QString issuer = m_fixture.issuer().toString(QUrl::StripTrailingSlash);
        Workspace::Environment environment;
        environment.id = QStringLiteral("env-%1").arg(m_session->workspace().environments.size());
        environment.name = name;
        environment.oauth.issuer = issuer;
        environment.oauth.authorizationEndpoint = m_fixture.url(QStringLiteral("/auth"));
        environment.oauth.tokenEndpoint = m_fixture.url(QStringLiteral("/token"));
        environment.oauth.clientId = QStringLiteral("tokenscope-demo");
        environment.oauth.scope = QStringLiteral("openid profile demo.read");
        environment.oauth.redirectUri = QUrl(redirect);
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
        environment.oauth.requireIssuerInResponse = true;
        m_session->putEnvironment(environment, std::nullopt);
        return environment;
    }

    // The sign-in window of the current environment, once it is there.
    QWidget* signInWindow()
    {
        auto* agent = qobject_cast<Ui::EmbeddedLoginAgent*>(m_controller->loginAgent());
        if (!agent || !QTest::qWaitFor([agent] { return agent->window() != nullptr; }, 10000))
            return nullptr;
        return agent->window();
    }

    // The page of the open sign-in window once loaded, with keyboard focus.
    QWidget* loadedPage()
    {
        QPointer<QWidget> window = signInWindow();
        if (!window)
            return nullptr;
        auto* progress = window->findChild<QProgressBar*>(QStringLiteral("loadProgressBar"));
        if (!QTest::qWaitFor([&] { return !window || !progress->isVisible(); }, signInTimeout) || !window)
            return nullptr;
        auto* view = window->findChild<QWidget*>(QStringLiteral("loginWebView"));
        window->activateWindow();
        if (!QTest::qWaitForWindowActive(window))
            return nullptr;
        QWidget* page = view->focusProxy() ? view->focusProxy() : view;
        page->setFocus();
        return QTest::qWaitFor([page] { return page->hasFocus(); }, 5000) ? page : nullptr;
    }

    // Where the sign-in window is: the host label's tooltip is the page's URL without its query.
    QString windowLocation()
    {
        auto* agent = qobject_cast<Ui::EmbeddedLoginAgent*>(m_controller->loginAgent());
        QWidget* window = agent ? agent->window() : nullptr;
        auto* host = window ? window->findChild<QLabel*>(QStringLiteral("hostLabel")) : nullptr;
        return host ? host->toolTip() : QString();
    }

    // The fixture's login form: a name, Tab, a password, Enter.
    bool submitLoginForm(const QString& login, const QString& screenshot = {})
    {
        if (!QTest::qWaitFor([this] { return windowLocation().contains(QLatin1String("/interaction/")); },
                signInTimeout)) {
            qWarning() << "no login form; the sign-in window is at" << windowLocation();
            return false;
        }
        QWidget* page = loadedPage();
        if (!page)
            return false;
        QTest::keyClicks(page, login);
        if (!screenshot.isEmpty())
            saveScreenshot(page->window(), screenshot, Grab::Screen);
        QTest::keyClick(page, Qt::Key_Tab);
        QTest::keyClicks(page, QStringLiteral("any password"));
        QTest::keyClick(page, Qt::Key_Return);
        return true;
    }

    static Error finishedWith(const QSignalSpy& spy, int i = 0) { return spy.at(i).first().value<Error>(); }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<Tokenscope::Error>();
        QStandardPaths::setTestModeEnabled(true);
        // Where QSettings keeps the window sizes (under the test-mode configuration folder).
        QCoreApplication::setOrganizationName(QStringLiteral("Tokenscope"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_signinwindow_more_e2e"));
        previousHandler = qInstallMessageHandler(recordMessage);
        QString error;
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
    }

    void cleanupTestCase() { qInstallMessageHandler(previousHandler); }

    void init()
    {
        QSettings().clear(); // no window size remembered from an earlier run
        m_sessionFixture = std::make_unique<Tests::AppSessionFixture>();
        m_session = m_sessionFixture->session();
        QVERIFY(m_session->load().isNull());
        m_window = std::make_unique<QWidget>();
        m_banner = new Ui::MessageBanner(m_window.get());
        m_controller = new Ui::SignInController(m_session, m_window.get(), m_banner);
    }

    void cleanup()
    {
        Ui::DesktopServices::setUrlOpener(nullptr);
        m_window.reset();
        m_sessionFixture.reset();
    }

    // The first sign-in of a run loads Qt WebEngine without a word on stderr: no "initialized from a
    // plugin", no attribute set too late, and a private-use redirect scheme of another environment than
    // the first one signed in to is known to WebEngine before it starts, so its window claims it without
    // "Please register the custom scheme".
    void firstSignInPrintsNoQtWarnings()
    {
        QVERIFY2(!Tests::webEngineMapped(), "another test function loaded Qt WebEngine first");
        const Workspace::Environment https = addEnvironment(
            QStringLiteral("Foreign host"), QStringLiteral("https://oauth.pstmn.io/v1/browser-callback"));
        const Workspace::Environment privateUse
            = addEnvironment(QStringLiteral("Native app"), QStringLiteral("com.example.app:/callback"));
        loggedMessages().clear();

        for (const auto& environment : {https, privateUse}) {
            m_session->setCurrentEnvironment(environment.id);
            OAuth::TokenSession* tokens = m_session->currentTokenSession();
            QSignalSpy finished(tokens, &OAuth::TokenSession::signInFinished);
            m_controller->signIn(OAuth::TokenSession::SignInMode::Normal);
            // WebEngine draws with the shared OpenGL context made before it loaded: the page is there.
            QVERIFY(submitLoginForm(QStringLiteral("alice"),
                environment.id == privateUse.id ? QStringLiteral("i10-12-first-signin-private-use-scheme")
                                                : QString()));
            QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, signInTimeout);
            QVERIFY2(finishedWith(finished).isNull(), qPrintable(finishedWith(finished).toText()));
            QCOMPARE(Tests::interceptedRedirect(*m_session).scheme(), environment.oauth.redirectUri.scheme());
        }
        QVERIFY(Tests::webEngineMapped());

        const QString all = loggedMessages().join(QLatin1Char('\n'));
        for (const char* text : {"Qt WebEngine seems to be initialized from a plugin",
                 "must be set before QCoreApplication is created", "Please register the custom scheme",
                 "Too late to register scheme"}) {
            QVERIFY2(!all.contains(QLatin1String(text)), qPrintable(all));
        }
    }

    // An environment with a private-use scheme added after Qt WebEngine started (it takes no more
    // schemes then): its redirect is still caught, never handed to the system, and still without the
    // warning. The provider here sends the browser straight to the redirect URI with a 302.
    void schemeAddedAfterWebEngineStartedIsStillCaught()
    {
        QVERIFY(Tests::webEngineMapped());
        ScriptedServer provider;
        QVERIFY(provider.start());
        provider.enqueue(
            Tests::reply(302, {}, {}, {{"Location", "com.example.late:/callback?code=abc&state=other"}}));
        Workspace::Environment environment;
        environment.id = QStringLiteral("env-late");
        environment.name = QStringLiteral("Late");
        environment.oauth.authorizationEndpoint = provider.url(QStringLiteral("/auth"));
        environment.oauth.tokenEndpoint = provider.url(QStringLiteral("/token"));
        environment.oauth.clientId = QStringLiteral("client-1");
        environment.oauth.redirectUri = QUrl(QStringLiteral("com.example.late:/callback"));
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
        m_session->putEnvironment(environment, std::nullopt);
        m_session->setCurrentEnvironment(environment.id);
        QSignalSpy finished(m_session->currentTokenSession(), &OAuth::TokenSession::signInFinished);
        loggedMessages().clear();

        m_controller->signIn(OAuth::TokenSession::SignInMode::Normal);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, signInTimeout);
        // Caught: the state is not this sign-in's, so the flow refuses it (RFC 6749 §10.12).
        QCOMPARE(Tests::interceptedRedirect(*m_session).scheme(), QStringLiteral("com.example.late"));
        QVERIFY(!finishedWith(finished).isNull());
        QVERIFY2(finishedWith(finished).code != QLatin1String("timeout"),
            qPrintable(finishedWith(finished).toText()));
        const QString all = loggedMessages().join(QLatin1Char('\n'));
        QVERIFY2(!all.contains(QLatin1String("Please register the custom scheme")), qPrintable(all));
    }

    // The window opens large enough for common login and consent pages, and reopens at the size the
    // user gave it, per environment.
    void signInWindowSizeIsRememberedPerEnvironment()
    {
        const Workspace::Environment first = addEnvironment(
            QStringLiteral("First"), QStringLiteral("https://oauth.pstmn.io/v1/browser-callback"));
        const Workspace::Environment second = addEnvironment(
            QStringLiteral("Second"), QStringLiteral("https://oauth.pstmn.io/v1/browser-callback"));
        const QSize standard(900, 760);
        const QSize chosen(1040, 700);

        const auto open = [this](const QString& id) -> QWidget* {
            m_session->setCurrentEnvironment(id);
            m_controller->signIn(OAuth::TokenSession::SignInMode::Normal);
            QWidget* window = signInWindow();
            return window && QTest::qWaitForWindowExposed(window) ? window : nullptr;
        };
        // Cancel, as the user would; the next window is a new one.
        const auto close = [this](QWidget* window) {
            QSignalSpy finished(m_session->currentTokenSession(), &OAuth::TokenSession::signInFinished);
            QPointer<QWidget> gone = window;
            window->findChild<QPushButton*>(QStringLiteral("cancelButton"))->click();
            return (finished.size() == 1 || finished.wait(10000))
                && QTest::qWaitFor([&gone] { return gone.isNull(); }, 10000);
        };

        QWidget* window = open(first.id);
        QVERIFY(window);
        QCOMPARE(window->size(), standard);
        QVERIFY(loadedPage());
        saveScreenshot(window, QStringLiteral("i10-15-signin-window-default-size"), Grab::Screen);
        window->resize(chosen);
        QTRY_COMPARE(window->size(), chosen);
        QVERIFY(close(window));

        window = open(first.id);
        QVERIFY(window);
        QCOMPARE(window->size(), chosen);
        QVERIFY(close(window));

        window = open(second.id);
        QVERIFY(window);
        QCOMPARE(window->size(), standard);
        QVERIFY(close(window));
    }

    // A provider whose login form always leads back to the login page (its session cookie is not
    // kept): after the second round the window says so and offers the system browser, which takes
    // over the same sign-in. With a redirect URI the system browser cannot return to, it says why
    // instead of offering it.
    void signInGoingRoundInCirclesOffersSystemBrowser_data()
    {
        QTest::addColumn<QString>("redirect");
        QTest::addColumn<bool>("offered");
        QTest::newRow("loopback-redirect-offers-system-browser") << "http://127.0.0.1/callback" << true;
        QTest::newRow("https-redirect-says-why-not") << "https://oauth.pstmn.io/v1/browser-callback" << false;
    }

    void signInGoingRoundInCirclesOffersSystemBrowser()
    {
        QFETCH(QString, redirect);
        QFETCH(bool, offered);
        ScriptedServer provider;
        QVERIFY(provider.start());
        // No favicon request: every request the page makes is one of the scripted ones, in order.
        const QByteArray form = "<!doctype html><html><head><title>Sign in</title><link rel=\"icon\" "
                                "href=\"data:,\"></head><body><h1>Example provider</h1><form method=\"post\" "
                                "action=\"/login\"><input name=\"user\" autofocus> <button>Sign in</button>"
                                "</form></body></html>";
        const auto backToLogin = [&provider](int round) {
            return Tests::reply(302, {}, {},
                {{"Location",
                    provider.url(QStringLiteral("/login")).toEncoded()
                        + "?return=" + QByteArray::number(round)}});
        };
        provider.enqueue(backToLogin(0)); // GET /auth
        for (int round = 1; round <= 3; ++round) {
            provider.enqueue(Tests::reply(200, form, "text/html")); // GET /login?return=…
            provider.enqueue(backToLogin(round)); // POST /login
        }
        provider.enqueue(Tests::reply(200, form, "text/html"));

        Workspace::Environment environment;
        environment.id = QStringLiteral("env-circles");
        environment.name = QStringLiteral("Circles");
        environment.oauth.authorizationEndpoint = provider.url(QStringLiteral("/auth"));
        environment.oauth.tokenEndpoint = provider.url(QStringLiteral("/token"));
        environment.oauth.clientId = QStringLiteral("client-1");
        environment.oauth.redirectUri = QUrl(redirect);
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
        m_session->putEnvironment(environment, std::nullopt);
        m_session->setCurrentEnvironment(environment.id);
        OAuth::TokenSession* tokens = m_session->currentTokenSession();
        QSignalSpy finished(tokens, &OAuth::TokenSession::signInFinished);
        m_controller->signIn(OAuth::TokenSession::SignInMode::Normal);
        QPointer<QWidget> window = signInWindow();
        QVERIFY(window);

        for (int round = 1; round <= 2; ++round) {
            QTRY_VERIFY_WITH_TIMEOUT(windowLocation().endsWith(QLatin1String("/login")), signInTimeout);
            QWidget* page = loadedPage();
            QVERIFY(page);
            const qsizetype before = provider.requests().size();
            QTest::keyClicks(page, QStringLiteral("carol"));
            QTest::keyClick(page, Qt::Key_Return);
            // The post, and the login page it leads back to.
            QTRY_VERIFY_WITH_TIMEOUT(provider.requests().size() >= before + 2, signInTimeout);
            QCOMPARE(provider.requests().at(before).method, QByteArray("POST"));
        }

        auto* bar = window->findChild<QWidget*>(QStringLiteral("stallBar"));
        QVERIFY(bar);
        QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible(), signInTimeout);
        auto* label = window->findChild<QLabel*>(QStringLiteral("stallLabel"));
        QVERIFY2(
            label->text().contains(QStringLiteral("sent you back to this page")), qPrintable(label->text()));
        auto* button = window->findChild<QPushButton*>(QStringLiteral("systemBrowserButton"));
        QVERIFY(button);
        QCOMPARE(button->isVisible(), offered);
        saveScreenshot(window,
            offered ? QStringLiteral("i10-16-stalled-signin-offers-system-browser")
                    : QStringLiteral("i10-16-stalled-signin-no-loopback-redirect"),
            Grab::Screen);
        QCOMPARE(finished.size(), 0); // nothing ends by itself
        if (!offered) {
            QVERIFY2(
                label->text().contains(QStringLiteral("loopback redirect URI")), qPrintable(label->text()));
            QVERIFY(label->text().contains(redirect));
            return;
        }

        QList<QUrl> opened;
        Ui::DesktopServices::setUrlOpener([&opened](const QUrl& url) {
            opened.append(url);
            return true;
        });
        button->click();
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finishedWith(finished).summary, QStringLiteral("Sign-in cancelled"));
        QTRY_VERIFY(window.isNull());
        // The same sign-in again, in the system browser, back through a loopback listener.
        QTRY_COMPARE(opened.size(), 1);
        QCOMPARE(opened.first().adjusted(QUrl::RemoveQuery), environment.oauth.authorizationEndpoint);
        const QUrl browserRedirect(
            QUrlQuery(opened.first()).queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
        QCOMPARE(browserRedirect.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(browserRedirect.port() > 0);
        QCOMPARE(tokens->state(), OAuth::TokenSession::State::SigningIn);
        QVERIFY2(m_banner->text().contains(QStringLiteral("web browser")), qPrintable(m_banner->text()));
        tokens->cancelSignIn();
        QTRY_COMPARE(finished.size(), 2);
    }
    // A sign-in page on which nothing happens for a while (here 2 s) says so and offers the system
    // browser; when the page moves on, the remark goes.
    void signInWithoutProgressOffersSystemBrowser()
    {
        ScriptedServer provider;
        QVERIFY(provider.start());
        const QByteArray page = "<!doctype html><html><head><title>Sign in</title><link rel=\"icon\" "
                                "href=\"data:,\"></head><body><h1>Waiting for your phone</h1>"
                                "<a id=\"next\" href=\"/next\" autofocus>Approved</a></body></html>";
        provider.enqueue(Tests::reply(200, page, "text/html"));
        Workspace::Environment environment;
        environment.id = QStringLiteral("env-idle");
        environment.name = QStringLiteral("Idle");
        environment.oauth.authorizationEndpoint = provider.url(QStringLiteral("/auth"));
        environment.oauth.tokenEndpoint = provider.url(QStringLiteral("/token"));
        environment.oauth.clientId = QStringLiteral("client-1");
        environment.oauth.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
        m_session->putEnvironment(environment, std::nullopt);
        m_session->setCurrentEnvironment(environment.id);
        auto* agent = qobject_cast<Ui::EmbeddedLoginAgent*>(m_controller->loginAgent());
        QVERIFY(agent);
        agent->setNoProgressAfter(std::chrono::seconds(2));
        QSignalSpy finished(m_session->currentTokenSession(), &OAuth::TokenSession::signInFinished);
        m_controller->signIn(OAuth::TokenSession::SignInMode::Normal);
        QWidget* pageWidget = loadedPage();
        QVERIFY(pageWidget);
        QWidget* window = agent->window();
        auto* bar = window->findChild<QWidget*>(QStringLiteral("stallBar"));
        QVERIFY(!bar->isVisible());

        QTRY_VERIFY_WITH_TIMEOUT(bar->isVisible(), 10000);
        auto* label = window->findChild<QLabel*>(QStringLiteral("stallLabel"));
        QVERIFY2(label->text().contains(QStringLiteral("Nothing has happened")), qPrintable(label->text()));
        QVERIFY(window->findChild<QPushButton*>(QStringLiteral("systemBrowserButton"))->isVisible());
        saveScreenshot(window, QStringLiteral("i10-16-signin-without-progress"), Grab::Screen);

        QTest::keyClick(pageWidget, Qt::Key_Return); // the focused link: the page moves on
        QTRY_VERIFY_WITH_TIMEOUT(!bar->isVisible(), 10000);
        QCOMPARE(finished.size(), 0);
        window->findChild<QPushButton*>(QStringLiteral("cancelButton"))->click();
        QTRY_COMPARE(finished.size(), 1);
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestSignInWindowMore)
#include "tst_signinwindow_more_e2e.moc"
