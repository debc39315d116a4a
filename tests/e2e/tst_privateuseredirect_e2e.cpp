#include "appsessionfixture.h"
#include "browserstandin.h"
#include "desktopservices.h"
#include "environmentdialog.h"
#include "instancehandover.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "oidcfixture.h"
#include "scriptedbrowser.h"
#include "signincontroller.h"
#include "testmain.h"
#include "tokensession.h"
#include "urlschemeregistration.h"
#include "widgethelpers.h"
#include "xdgmime.h"

#include <QAbstractButton>
#include <QLabel>
#include <QProcess>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>
#include <QUuid>

#include <memory>

using namespace Tokenscope;
using Tokenscope::Tests::OidcFixture;
using Tokenscope::Tests::saveScreenshot;
using Tokenscope::Tests::xdgMimeDefault;

// Sign-in in the system browser with a private-use redirect URI (RFC 8252 §7.1), end to end on real
// parts: the oidc-provider fixture, a browser that follows its login and consent, and at the redirect to
// com.example.app:/callback the built tokenscope started with that URL, as the desktop starts it. That
// second process hands the URL to this one, the instance under test, where the token arrives.
class TestPrivateUseRedirectEndToEnd final : public QObject
{
    Q_OBJECT

private:
    OidcFixture m_fixture;
    QTemporaryDir m_home;
    std::vector<std::unique_ptr<QProcess>> m_launched;

    // The fixture's public client with the private-use redirect URI it registers.
    Workspace::Environment nativeApp(
        const QString& id, const QString& name, Workspace::SignInSettings::Browser browser) const
    {
        Workspace::Environment environment;
        environment.id = id;
        environment.name = name;
        environment.oauth.issuer = m_fixture.issuer().toString(QUrl::StripTrailingSlash);
        environment.oauth.authorizationEndpoint = m_fixture.url(QStringLiteral("/auth"));
        environment.oauth.tokenEndpoint = m_fixture.url(QStringLiteral("/token"));
        environment.oauth.jwksUri = m_fixture.url(QStringLiteral("/jwks"));
        environment.oauth.clientId = QStringLiteral("tokenscope-demo");
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
        environment.oauth.scope = QStringLiteral("openid demo.read");
        environment.oauth.redirectUri = QUrl(QStringLiteral("com.example.app:/callback"));
        environment.signIn.browser = browser;
        return environment;
    }

    // Starts tokenscope with url the way the desktop does, but with no display: it must not need one.
    QProcess* launch(const QUrl& url)
    {
        auto process = std::make_unique<QProcess>();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("DISPLAY"));
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        process->setProcessEnvironment(environment);
        process->start(QStringLiteral(TOKENSCOPE_BINARY), {url.toString(QUrl::FullyEncoded)});
        m_launched.push_back(std::move(process));
        return m_launched.back().get();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        // This process is the running instance: a name of its own, and the desktop's files kept here.
        qputenv("TOKENSCOPE_INSTANCE_NAME",
            (QStringLiteral("tst-private-use-") + QUuid::createUuid().toString(QUuid::Id128)).toUtf8());
        qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8());
        qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
        QString error;
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
    }

    void signInReturnsThroughASecondProcess()
    {
        Tests::AppSessionFixture fixture;
        Workspace::AppSession* session = fixture.session();
        session->load();
        const Workspace::Environment environment = nativeApp(QStringLiteral("native-app"),
            QStringLiteral("Native app (private-use redirect)"), Workspace::SignInSettings::Browser::System);
        session->putEnvironment(environment);
        session->setCurrentEnvironment(environment.id);

        // The browser hands the redirect to the desktop, which starts tokenscope with it: first an old
        // answer of an earlier sign-in (another state), then the real one.
        Tests::ScriptedBrowser browser(QStringLiteral("dave"));
        QList<QProcess*> started;
        browser.setSchemeHandler([this, &started](const QUrl& redirect) {
            QUrl stale = redirect;
            QUrlQuery query(stale);
            query.removeAllQueryItems(QStringLiteral("state"));
            query.addQueryItem(QStringLiteral("state"), QStringLiteral("an-earlier-sign-in"));
            stale.setQuery(query);
            QProcess* first = launch(stale);
            started.append(first);
            connect(first, &QProcess::finished, this,
                [this, redirect, &started] { started.append(launch(redirect)); });
        });
        const Tests::SystemBrowserStandIn standIn(browser);

        Ui::MainWindow window(session);
        QStringList statusMessages;
        connect(window.statusBar(), &QStatusBar::messageChanged, this,
            [&statusMessages](const QString& message) { statusMessages.append(message); });
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Ui::receiveRedirects(&window, session, QCoreApplication::arguments());
        // The desktop was told, as main() tells it.
        QTRY_VERIFY(QFile::exists(m_home.filePath(
            QStringLiteral("data/applications/") + Ui::UrlSchemeRegistration::desktopFileName())));

        QTest::mouseClick(Tests::child<QAbstractButton>(window, "getTokenButton"), Qt::LeftButton);
        saveScreenshot(&window, QStringLiteral("i15-private-use-waiting"));
        OAuth::TokenSession* tokens = session->currentTokenSession();
        QTRY_VERIFY_WITH_TIMEOUT(tokens->tokens().hasAccessToken(), 60000);
        QVERIFY2(browser.error().isEmpty(), qPrintable(browser.error()));
        QCOMPARE(started.size(), 2);
        for (QProcess* process : std::as_const(started)) {
            QTRY_VERIFY_WITH_TIMEOUT(process->state() == QProcess::NotRunning, 30000);
            QCOMPARE(process->exitStatus(), QProcess::NormalExit);
            QVERIFY2(process->exitCode() == 0, process->readAllStandardError().constData());
        }
        // The earlier sign-in's answer was shown in passing and did not end the wait.
        const QString joined = statusMessages.join(QLatin1Char('\n'));
        QVERIFY2(joined.contains(QLatin1String("answer to an earlier sign-in")), qPrintable(joined));

        // Once signed in, nothing waits: a late answer says so in the banner and is not taken.
        window.receiveRedirect(
            QUrl(QStringLiteral("com.example.app:/callback?code=late&state=an-earlier-sign-in")));
        QVERIFY(window.banner()->isVisible());
        QVERIFY2(window.banner()->text().contains(QLatin1String("no sign-in was waiting")),
            qPrintable(window.banner()->text()));
        saveScreenshot(&window, QStringLiteral("i15-redirect-no-signin-waiting"));

        Ui::EnvironmentDialog dialog(environment, false);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* tabs = Tests::child<QTabWidget>(dialog, "sectionsTabWidget");
        tabs->setCurrentWidget(Tests::child<QWidget>(dialog, "signInTab"));
        const QString hint = Tests::child<QLabel>(dialog, "signInBrowserHintLabel")->text();
        QVERIFY2(hint.contains(QLatin1String("com.example.app:/callback")), qPrintable(hint));
        saveScreenshot(&dialog, QStringLiteral("i15-environment-private-use-hint"));
    }

    // The embedded window's "continue in the system browser" for an environment set to the embedded
    // window: its private-use scheme is not registered by its settings, so it is registered for this
    // run the moment the sign-in moves, and the browser's answer comes back through a second process.
    void fallbackToTheSystemBrowserRegistersTheScheme()
    {
        Tests::AppSessionFixture fixture;
        Workspace::AppSession* session = fixture.session();
        session->load();
        const Workspace::Environment environment = nativeApp(QStringLiteral("embedded-native-app"),
            QStringLiteral("Embedded, private-use redirect"), Workspace::SignInSettings::Browser::Embedded);
        session->putEnvironment(environment);
        session->setCurrentEnvironment(environment.id);

        Tests::ScriptedBrowser browser(QStringLiteral("erin"));
        QString handlerAtRedirect;
        QList<QProcess*> started;
        browser.setSchemeHandler([this, &started, &handlerAtRedirect](const QUrl& redirect) {
            handlerAtRedirect = xdgMimeDefault(QStringLiteral("com.example.app"));
            started.append(launch(redirect));
        });
        const Tests::SystemBrowserStandIn standIn(browser);

        Ui::MainWindow window(session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Ui::receiveRedirects(&window, session, QCoreApplication::arguments());
        // The settings name the embedded window, which catches its redirect itself: nothing registered.
        QCOMPARE(xdgMimeDefault(QStringLiteral("com.example.app")), QString());

        window.signInController()->continueInSystemBrowser(environment.id);
        OAuth::TokenSession* tokens = session->currentTokenSession();
        QTRY_VERIFY_WITH_TIMEOUT(tokens->tokens().hasAccessToken(), 60000);
        QVERIFY2(browser.error().isEmpty(), qPrintable(browser.error()));
        QCOMPARE(handlerAtRedirect, Ui::UrlSchemeRegistration::desktopFileName());
        QCOMPARE(started.size(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(started.constFirst()->state() == QProcess::NotRunning, 30000);
        QVERIFY2(
            started.constFirst()->exitCode() == 0, started.constFirst()->readAllStandardError().constData());
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestPrivateUseRedirectEndToEnd)
#include "tst_privateuseredirect_e2e.moc"
