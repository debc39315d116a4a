#include "appsession.h"
#include "embeddedloginagent.h"
#include "filescan.h"
#include "flowlog.h"
#include "keychainsecretstore.h"
#include "mainwindow.h"
#include "oidcfixture.h"
#include "responsebodypane.h"
#include "responseviewer.h"
#include "sessionsecretstore.h"
#include "testmain.h"
#include "tokensession.h"
#include "widgethelpers.h"

#include <QAbstractButton>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Tokenscope;
using Tokenscope::Tests::Grab;
using Tokenscope::Tests::OidcFixture;
using Tokenscope::Tests::saveScreenshot;
using Tokenscope::Tests::webEngineMapped;

namespace {

constexpr int signInTimeout = 60000;

} // namespace

// The thin slice end to end, on real parts: Qt WebEngine under Xvfb, the oidc-provider fixture, the
// Secret Service in a private D-Bus session.
class TestSignInEndToEnd final : public QObject
{
    Q_OBJECT

private:
    OidcFixture m_fixture;
    QTemporaryDir m_dir;
    const QString m_service = QStringLiteral("Tokenscope-e2e-") + QUuid::createUuid().toString(QUuid::Id128);

    std::unique_ptr<Workspace::AppSession> newSession()
    {
        auto session = std::make_unique<Workspace::AppSession>(
            m_dir.path(), new Secrets::SessionSecretStore(new Secrets::KeychainSecretStore(m_service)));
        session->load();
        return session;
    }

    // An environment for one of the fixture's clients.
    Workspace::Environment fixtureEnvironment(const QString& id, const QString& clientId,
        OAuth::ClientAuthentication authentication, const QUrl& redirectUri,
        const QString& scope = QStringLiteral("openid profile email demo.read")) const
    {
        const QString issuer = m_fixture.issuer().toString(QUrl::StripTrailingSlash);
        Workspace::Environment environment;
        environment.id = id;
        environment.name = QStringLiteral("Fixture: ") + clientId;
        environment.variables = {{QStringLiteral("baseUrl"), issuer, true}};
        environment.oauth.issuer = issuer;
        environment.oauth.authorizationEndpoint = m_fixture.url(QStringLiteral("/auth"));
        environment.oauth.tokenEndpoint = m_fixture.url(QStringLiteral("/token"));
        environment.oauth.clientId = clientId;
        environment.oauth.scope = scope;
        environment.oauth.redirectUri = redirectUri;
        environment.oauth.clientAuthentication = authentication;
        environment.oauth.requireIssuerInResponse = true;
        return environment;
    }

    // The confidential client, whose redirect URI is https on a host nobody serves, like ZorgAPIs'
    // oauth.pstmn.io registration.
    Workspace::Environment confidentialEnvironment(const QString& id) const
    {
        return fixtureEnvironment(id, QStringLiteral("tokenscope-confidential"),
            OAuth::ClientAuthentication::ClientSecretBasic,
            QUrl(QStringLiteral("https://oauth.tokenscope.test/callback")));
    }

    // Waits until the provider's page has loaded in the sign-in window the agent opened, and gives the
    // page keyboard focus. The test drives the window as a person does, through the keyboard: it does
    // not link Qt WebEngine, so WebEngine is loaded exactly as in the application, from the plugin.
    void waitForLoginPage(Ui::EmbeddedLoginAgent& agent, QWidget** page)
    {
        QTRY_VERIFY_WITH_TIMEOUT(agent.window() != nullptr, 10000);
        QWidget* window = agent.window();
        auto* progress = window->findChild<QProgressBar*>(QStringLiteral("loadProgressBar"));
        auto* host = window->findChild<QLabel*>(QStringLiteral("hostLabel"));
        QVERIFY(progress && host);
        QTRY_VERIFY_WITH_TIMEOUT(!progress->isVisible(), signInTimeout);
        QCOMPARE(host->text(), m_fixture.issuer().authority());
        auto* view = window->findChild<QWidget*>(QStringLiteral("loginWebView"));
        QVERIFY(view);
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window));
        *page = view->focusProxy() ? view->focusProxy() : view;
        (*page)->setFocus();
        QTRY_VERIFY((*page)->hasFocus());
    }

    // Signs in on the provider's form: the login field has autofocus; Tab to the password; Enter.
    void submitLoginForm(Ui::EmbeddedLoginAgent& agent, const QString& login)
    {
        QWidget* page = nullptr;
        waitForLoginPage(agent, &page);
        if (!page)
            return;
        QTest::keyClicks(page, login);
        saveScreenshot(agent.window(), QStringLiteral("login-window"), Grab::Screen);
        QTest::keyClick(page, Qt::Key_Tab);
        QTest::keyClicks(page, QStringLiteral("any password"));
        QTest::keyClick(page, Qt::Key_Return);
    }

    QByteArray callApi(Workspace::AppSession& session, const QString& path, int* status)
    {
        Http::HttpRequest request;
        request.url = QStringLiteral("{{baseUrl}}") + path;
        std::optional<Http::HttpResponse> response;
        Error error;
        session.send(request, this, [&](const Http::HttpResponse& r, const Error& e) {
            response = r;
            error = e;
        });
        if (!QTest::qWaitFor([&response] { return response.has_value(); }, 15000))
            return {};
        *status = response->status;
        return response->body;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
    }

    // Sign in through the real WebEngine window, call the API, then refresh in a fresh token holder
    // with the refresh token read back from the real keychain.
    void signInCallApiAndRefreshFromKeychain()
    {
        const QString environmentId = QStringLiteral("e2e-confidential");
        auto session = newSession();
        session->putEnvironment(
            confidentialEnvironment(environmentId), QStringLiteral("tokenscope-confidential-secret"));
        session->setCurrentEnvironment(environmentId);
        OAuth::TokenSession* tokens = session->currentTokenSession();
        QVERIFY(tokens);

        Ui::EmbeddedLoginAgent agent(nullptr);
        QSignalSpy finished(tokens, &OAuth::TokenSession::signInFinished);
        tokens->signIn(&agent);
        submitLoginForm(agent, QStringLiteral("alice"));
        QVERIFY(finished.wait(signInTimeout));
        const Error error = finished.first().first().value<Error>();
        QVERIFY2(error.isNull(), qPrintable(error.toText()));

        QVERIFY(!tokens->tokens().accessToken.isEmpty());
        QVERIFY(!tokens->tokens().refreshToken.isEmpty());
        QVERIFY(!tokens->tokens().idToken.isEmpty());
        QCOMPARE(tokens->tokens().grantedScope, QStringLiteral("openid profile email demo.read"));
        QTRY_VERIFY(agent.window() == nullptr); // the window closed itself

        // The redirect was intercepted, and the timeline shows it with the code masked.
        bool intercepted = false;
        for (const auto& event : session->flowLog()->events()) {
            if (event.kind == Http::FlowEvent::Kind::RedirectReceived) {
                intercepted = event.url.host() == QLatin1String("oauth.tokenscope.test");
                QVERIFY(event.url.query().contains(QStringLiteral("code=")));
            }
        }
        QVERIFY(intercepted);

        int status = 0;
        const QByteArray body = callApi(*session, QStringLiteral("/api/me"), &status);
        QCOMPARE(status, 200);
        QCOMPARE(QJsonDocument::fromJson(body).object().value(QLatin1String("sub")).toString(),
            QStringLiteral("alice"));
        const QString firstAccessToken = tokens->tokens().accessToken;

        // docs/oauth-client-rules.md case 40: after a sign-in and API calls, no file written anywhere holds a
        // token or the secret.
        QVERIFY(session->save().isNull());
        const auto scan = Tests::scanFiles(Tests::writableRoots({m_dir.path()}),
            {{QStringLiteral("access token"), firstAccessToken.toUtf8()},
                {QStringLiteral("refresh token"), tokens->tokens().refreshToken.toUtf8()},
                {QStringLiteral("ID token"), tokens->tokens().idToken.toUtf8()},
                {QStringLiteral("client secret"), QByteArray("tokenscope-confidential-secret")}});
        QVERIFY2(scan.offenders.isEmpty(), qPrintable(scan.offenders.join(QLatin1Char('\n'))));
        QVERIFY(scan.filesScanned >= 1);

        // A fresh token holder: nothing in memory, the refresh token comes from the keychain.
        session.reset();
        auto restarted = newSession();
        restarted->setCurrentEnvironment(environmentId);
        OAuth::TokenSession* fresh = restarted->currentTokenSession();
        QVERIFY(fresh->tokens().refreshToken.isEmpty());
        QSignalSpy refreshed(fresh, &OAuth::TokenSession::refreshFinished);
        fresh->refresh();
        QVERIFY(refreshed.wait(20000));
        const Error refreshError = refreshed.first().first().value<Error>();
        QVERIFY2(refreshError.isNull(), qPrintable(refreshError.toText()));
        QVERIFY(!fresh->tokens().accessToken.isEmpty());
        QVERIFY(fresh->tokens().accessToken != firstAccessToken);
        status = 0;
        QVERIFY(callApi(*restarted, QStringLiteral("/api/patients"), &status).contains("birthDate"));
        QCOMPARE(status, 200);

        restarted->removeEnvironment(environmentId); // leaves the test keychain clean
    }

    // Errors along the way end the sign-in with a message a user can act on, and no tokens.
    void signInErrors_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("expectedSummary");
        QTest::newRow("user-cancel") << QStringLiteral("close-window") << QStringLiteral("Sign-in cancelled");
        QTest::newRow("access-denied") << QStringLiteral("abort-at-provider")
                                       << QStringLiteral("The provider refused the sign-in: access_denied");
        QTest::newRow("token-endpoint-refusal") << QStringLiteral(
            "wrong-secret") << QStringLiteral("The token endpoint refused the request: invalid_client");
        QTest::newRow("network-failure")
            << QStringLiteral("token-endpoint-down") << QStringLiteral("Could not reach the token endpoint");
    }
    void signInErrors()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, expectedSummary);
        const QString environmentId = QStringLiteral("e2e-errors");
        auto session = newSession();
        Workspace::Environment environment = confidentialEnvironment(environmentId);
        if (scenario == QLatin1String("token-endpoint-down")) {
            QTcpServer closed; // a port that was free a moment ago and refuses connections now
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            environment.oauth.tokenEndpoint
                = QUrl(QStringLiteral("http://127.0.0.1:%1/token").arg(closed.serverPort()));
        }
        session->putEnvironment(environment,
            scenario == QLatin1String("wrong-secret") ? QStringLiteral("not-the-secret")
                                                      : QStringLiteral("tokenscope-confidential-secret"));
        session->setCurrentEnvironment(environmentId);
        OAuth::TokenSession* tokens = session->currentTokenSession();
        Ui::EmbeddedLoginAgent agent(nullptr);
        QSignalSpy finished(tokens, &OAuth::TokenSession::signInFinished);
        tokens->signIn(&agent);

        if (scenario == QLatin1String("close-window")) {
            QTRY_VERIFY_WITH_TIMEOUT(agent.window() != nullptr, 10000);
            agent.window()->close();
        } else if (scenario == QLatin1String("abort-at-provider")) {
            // The provider's own "[ Cancel ]" link, three Tabs after the login field.
            QWidget* page = nullptr;
            waitForLoginPage(agent, &page);
            QVERIFY(page);
            for (int i = 0; i < 3; ++i)
                QTest::keyClick(page, Qt::Key_Tab);
            QTest::keyClick(page, Qt::Key_Return);
        } else {
            submitLoginForm(agent, QStringLiteral("bob"));
        }
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, signInTimeout); // closing reports at once
        const Error error = finished.first().first().value<Error>();
        QVERIFY2(error.summary.startsWith(expectedSummary), qPrintable(error.toText()));
        if (scenario != QLatin1String("close-window"))
            QVERIFY2(!error.hint.isEmpty(), "says what to try");
        QVERIFY(tokens->tokens().accessToken.isEmpty());
        QCOMPARE(tokens->state(), OAuth::TokenSession::State::SignedOut);
        QTRY_VERIFY(agent.window() == nullptr);
        session->removeEnvironment(environmentId);
    }

    // A loopback redirect URI is intercepted before any request leaves for it: the listener there
    // never sees a connection, yet the sign-in completes (redirect-mismatch's counterpart).
    void loopbackRedirectIsNeverLoaded()
    {
        QTcpServer listener;
        QVERIFY(listener.listen(QHostAddress::LocalHost));
        QSignalSpy connections(&listener, &QTcpServer::newConnection);
        const QString environmentId = QStringLiteral("e2e-loopback");
        auto session = newSession();
        const Workspace::Environment environment = fixtureEnvironment(environmentId,
            QStringLiteral("tokenscope-demo"), OAuth::ClientAuthentication::None,
            QUrl(QStringLiteral("http://127.0.0.1:%1/callback").arg(listener.serverPort())),
            QStringLiteral("openid demo.read"));
        session->putEnvironment(environment);
        session->setCurrentEnvironment(environmentId);
        OAuth::TokenSession* tokens = session->currentTokenSession();
        Ui::EmbeddedLoginAgent agent(nullptr);
        QSignalSpy finished(tokens, &OAuth::TokenSession::signInFinished);
        tokens->signIn(&agent);
        submitLoginForm(agent, QStringLiteral("carol"));
        QVERIFY(finished.wait(signInTimeout));
        QVERIFY2(finished.first().first().value<Error>().isNull(),
            qPrintable(finished.first().first().value<Error>().toText()));
        QVERIFY(!tokens->tokens().accessToken.isEmpty());
        QCOMPARE(tokens->tokens().grantedScope, QStringLiteral("openid demo.read"));
        QCOMPARE(connections.size(), 0);
        QVERIFY(!listener.hasPendingConnections());
        session->removeEnvironment(environmentId);
    }

    // What a newcomer does with the run command: Local demo → Get New Access Token → sign in → Send.
    void newcomerGetsA200OnTheLocalDemo()
    {
        QTemporaryDir workspace;
        Workspace::AppSession session(
            workspace.path(), new Secrets::SessionSecretStore(new Secrets::KeychainSecretStore(m_service)));
        QVERIFY(session.load().isNull());
        session.useLocalDemo(m_fixture.issuer());
        Ui::MainWindow window(&session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto* getToken = window.findChild<QAbstractButton*>(QStringLiteral("getTokenButton"));
        QVERIFY(getToken && getToken->isEnabled());
        QTest::mouseClick(getToken, Qt::LeftButton);
        auto* embedded = qobject_cast<Ui::EmbeddedLoginAgent*>(window.loginAgent());
        QVERIFY(embedded);
        submitLoginForm(*embedded, QStringLiteral("alice"));
        QVERIFY(webEngineMapped()); // loaded from the plugin (tst_mainwindow checks it was absent before)
        auto* tokenStatus = window.findChild<QLabel*>(QStringLiteral("tokenStatusLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(tokenStatus->text().contains(QStringLiteral("alice")), signInTimeout);
        QVERIFY(tokenStatus->text().contains(QStringLiteral("expires in")));

        QSignalSpy shown(window.responseViewer(), &Ui::ResponseViewer::bodyShown);
        QTest::mouseClick(window.findChild<QAbstractButton*>(QStringLiteral("sendButton")), Qt::LeftButton);
        QVERIFY(shown.wait(15000));
        auto* status = window.findChild<QLabel*>(QStringLiteral("statusLabel"));
        QVERIFY2(status->text().contains(QStringLiteral("200")), qPrintable(status->text()));
        auto* body = window.findChild<Ui::ResponseBodyPane*>(QStringLiteral("responseBodyPane"));
        saveScreenshot(&window, QStringLiteral("mainwindow-response"), Grab::Screen);
        QVERIFY2(body->shownText().contains(QStringLiteral("\"birthDate\"")), qPrintable(body->shownText()));

        window.findChild<QTabWidget*>(QStringLiteral("responseTabWidget"))->setCurrentIndex(2);
        saveScreenshot(&window, QStringLiteral("mainwindow-timeline"), Grab::Screen);
        session.removeEnvironment(session.currentEnvironment()->id);
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestSignInEndToEnd)
#include "tst_signin_e2e.moc"
