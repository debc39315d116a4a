#include "appsessionfixture.h"
#include "desktopservices.h"
#include "devicecodedialog.h"
#include "embeddedloginagent.h"
#include "messagebanner.h"
#include "scriptedserver.h"
#include "signincontroller.h"
#include "testmain.h"
#include "tokensession.h"
#include "widgethelpers.h"

#include <QAbstractButton>
#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QPointer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace Tokenscope;
using Tokenscope::Tests::ScriptedServer;

Q_DECLARE_METATYPE(Tokenscope::Error)

// What the window shows around a sign-in, per grant: the device code dialog while the device flow waits,
// where a sign-in in the system browser goes on (and how to stop waiting for it), and nothing at all for
// client credentials. The real provider behind these is in tst_mainwindow and tst_signin_e2e.
class TestSignInController final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Tests::AppSessionFixture> m_fixture;
    Workspace::AppSession* m_session = nullptr; // m_fixture's
    std::unique_ptr<QWidget> m_window;
    Ui::MessageBanner* m_banner = nullptr;
    Ui::SignInController* m_controller = nullptr;

    OAuth::TokenSession* addEnvironment(Workspace::Environment environment)
    {
        environment.id = QStringLiteral("env-") + QString::number(m_session->workspace().environments.size());
        environment.name = QStringLiteral("Sandbox");
        environment.oauth.clientId = QStringLiteral("client-1");
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
        m_session->putEnvironment(environment, std::nullopt);
        m_session->setCurrentEnvironment(environment.id);
        return m_session->currentTokenSession();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<Tokenscope::Error>();
        QStandardPaths::setTestModeEnabled(true);
    }

    void init()
    {
        m_fixture = std::make_unique<Tests::AppSessionFixture>();
        m_session = m_fixture->session();
        QVERIFY(m_session->load().isNull());
        m_window = std::make_unique<QWidget>();
        m_banner = new Ui::MessageBanner(m_window.get());
        m_controller = new Ui::SignInController(m_session, m_window.get(), m_banner);
    }

    void cleanup()
    {
        m_window.reset();
        m_fixture.reset();
    }

    void noEnvironmentIsAProblem()
    {
        QSignalSpy problem(m_controller, &Ui::SignInController::problem);
        m_controller->signIn(OAuth::TokenSession::SignInMode::Normal);
        QCOMPARE(problem.size(), 1);
        QVERIFY(!problem.first().first().value<Error>().hint.isEmpty());
        QVERIFY(!m_controller->loginAgent());
    }

    // The device flow: the dialog is there at once, fills in when the code arrives, and its Cancel
    // ends the sign-in.
    void deviceCodeDialogFollowsTheFlow()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        ScriptedServer::Reply code;
        code.body
            = R"({"device_code":"dc-1","user_code":"WDJB-MJHT","verification_uri":"https://example.test/device",)"
              R"("expires_in":600,"interval":5})";
        server.enqueue(code);
        Workspace::Environment environment;
        environment.oauth.grant = OAuth::Grant::DeviceCode;
        environment.oauth.tokenEndpoint = server.url(QStringLiteral("/token"));
        environment.oauth.deviceAuthorizationEndpoint = server.url(QStringLiteral("/device"));
        OAuth::TokenSession* session = addEnvironment(environment);
        QSignalSpy finished(session, &OAuth::TokenSession::signInFinished);

        m_controller->signIn(OAuth::TokenSession::SignInMode::Normal);
        QPointer<Ui::DeviceCodeDialog> dialog = m_window->findChild<Ui::DeviceCodeDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        auto* userCode = dialog->findChild<QLabel*>(QStringLiteral("userCodeLabel"));
        QTRY_COMPARE(userCode->text(), QStringLiteral("WDJB-MJHT"));
        QVERIFY(m_window->findChildren<Ui::EmbeddedLoginAgent*>().isEmpty()); // no window for this grant

        dialog->reject();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(session->state(), OAuth::TokenSession::State::SignedOut);
        QTRY_VERIFY(dialog.isNull());
    }

    // A device flow that cannot start (no device endpoint) shows no dialog: the session says why.
    void deviceFlowFailingAtOnceShowsNoDialog()
    {
        Workspace::Environment environment;
        environment.oauth.grant = OAuth::Grant::DeviceCode;
        environment.oauth.tokenEndpoint = QUrl(QStringLiteral("http://127.0.0.1:1/token"));
        OAuth::TokenSession* session = addEnvironment(environment);
        QSignalSpy finished(session, &OAuth::TokenSession::signInFinished);
        m_controller->signIn(OAuth::TokenSession::SignInMode::Normal);
        QCOMPARE(finished.size(), 1);
        QVERIFY(!finished.first().first().value<Error>().isNull());
        QVERIFY(!m_window->findChild<Ui::DeviceCodeDialog*>());
    }

    // The system browser is another application: the banner says where the sign-in goes on, and its
    // Cancel Sign-in ends the sign-in.
    void systemBrowserSignInIsAnnounced()
    {
        QList<QUrl> opened;
        Ui::DesktopServices::setUrlOpener([&opened](const QUrl& url) {
            opened.append(url);
            return true;
        });
        Workspace::Environment environment;
        environment.oauth.authorizationEndpoint = QUrl(QStringLiteral("http://127.0.0.1:1/auth"));
        environment.oauth.tokenEndpoint = QUrl(QStringLiteral("http://127.0.0.1:1/token"));
        environment.oauth.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
        environment.signIn.browser = Workspace::SignInSettings::Browser::System;
        OAuth::TokenSession* session = addEnvironment(environment);
        QSignalSpy finished(session, &OAuth::TokenSession::signInFinished);

        m_controller->signIn(OAuth::TokenSession::SignInMode::Normal);
        Ui::DesktopServices::setUrlOpener(nullptr);
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.first().adjusted(QUrl::RemoveQuery), environment.oauth.authorizationEndpoint);
        QCOMPARE(session->state(), OAuth::TokenSession::State::SigningIn);
        QVERIFY2(m_banner->text().contains(QStringLiteral("web browser")), qPrintable(m_banner->text()));
        auto* stop = m_banner->findChild<QAbstractButton*>(QStringLiteral("messageBannerActionButton"));
        QVERIFY(stop && stop->isVisibleTo(m_banner));
        QVERIFY(m_window->findChildren<Ui::EmbeddedLoginAgent*>().isEmpty());

        stop->click();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().value<Error>().summary, QStringLiteral("Sign-in cancelled"));
        QCOMPARE(session->state(), OAuth::TokenSession::State::SignedOut);
    }

    // The program that starts the browser fails (Chromium refusing to run, no browser behind
    // xdg-open): the banner says so, and the sign-in still waits for the link opened elsewhere.
    void browserNotStarting_data()
    {
        QTest::addColumn<QStringList>("opener");
        QTest::addColumn<QString>("said");
        QTest::newRow("browser-failed-to-start-reported") << QStringList {QStringLiteral("/bin/sh"),
            QStringLiteral("-c"), QStringLiteral("exit 3"), QStringLiteral("opener")}
                                                          << QStringLiteral("exit code 3");
    }

    void browserNotStarting()
    {
        QFETCH(QStringList, opener);
        QFETCH(QString, said);
        Ui::DesktopServices::setOpenerCommand(opener);
        const auto restore = qScopeGuard([] { Ui::DesktopServices::setOpenerCommand({}); });
        Workspace::Environment environment;
        environment.oauth.authorizationEndpoint = QUrl(QStringLiteral("http://127.0.0.1:1/auth"));
        environment.oauth.tokenEndpoint = QUrl(QStringLiteral("http://127.0.0.1:1/token"));
        environment.oauth.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
        environment.signIn.browser = Workspace::SignInSettings::Browser::System;
        OAuth::TokenSession* session = addEnvironment(environment);
        QSignalSpy finished(session, &OAuth::TokenSession::signInFinished);
        m_window->resize(900, 160);
        m_banner->setGeometry(10, 10, 880, 140);
        m_window->show();

        m_controller->signIn(OAuth::TokenSession::SignInMode::Normal);
        QTRY_VERIFY2(
            m_banner->text().contains(QStringLiteral("did not start")), qPrintable(m_banner->text()));
        QVERIFY2(m_banner->text().contains(said), qPrintable(m_banner->text()));
        QVERIFY(finished.isEmpty());
        QCOMPARE(session->state(), OAuth::TokenSession::State::SigningIn);
        QCOMPARE(m_banner->state()->level, Ui::MessageBanner::Level::Warning);
        QVERIFY(!m_banner->state()->closable);
        auto* copy
            = m_banner->findChild<QAbstractButton*>(QStringLiteral("messageBannerSecondaryActionButton"));
        QVERIFY(copy && copy->isVisibleTo(m_banner));
        QCOMPARE(copy->text(), QStringLiteral("Copy Sign-in Link"));
        copy->click();
        const QUrl link(QGuiApplication::clipboard()->text());
        QCOMPARE(link, m_controller->signInLink());
        QCOMPARE(link.adjusted(QUrl::RemoveQuery), environment.oauth.authorizationEndpoint);
        Tests::saveScreenshot(m_window.get(), QStringLiteral("i14-loopback-banner-browser-failed"));

        m_banner->findChild<QAbstractButton*>(QStringLiteral("messageBannerActionButton"))->click();
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.first().first().value<Error>().code, QStringLiteral("cancelled"));
        QVERIFY(m_controller->signInLink().isEmpty());
    }

    // Each environment has its own agent, and a removed environment's agent goes with it.
    void agentsPerEnvironment()
    {
        addEnvironment({});
        QPointer<OAuth::LoginAgent> first = m_controller->loginAgent();
        QVERIFY(qobject_cast<Ui::EmbeddedLoginAgent*>(first));
        QCOMPARE(m_controller->loginAgent(), first.data());
        const QString firstId = m_session->currentEnvironment()->id;
        addEnvironment({});
        QVERIFY(m_controller->loginAgent() != first.data());
        m_session->removeEnvironment(firstId);
        QVERIFY(first.isNull());
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestSignInController)
#include "tst_signincontroller.moc"
