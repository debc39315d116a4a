#include "appsessionfixture.h"
#include "desktopservices.h"
#include "endpointresultdialog.h"
#include "environmentdialog.h"
#include "loopbackloginagent.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "messagebox.h"
#include "networkclient.h"
#include "oidcfixture.h"
#include "scriptedserver.h"
#include "secretcall.h"
#include "testmain.h"
#include "tokenmenu.h"
#include "tokensession.h"
#include "widgethelpers.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QTreeWidget>
#include <QUrlQuery>

using namespace Tokenscope;
using Tokenscope::Tests::saveScreenshot;
using Tokenscope::Tests::ScriptedServer;

namespace {

QString topLevelText(const QTreeWidget* tree, const QString& claim)
{
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        if (tree->topLevelItem(i)->text(0) == claim)
            return tree->topLevelItem(i)->text(1);
    }
    return {};
}

} // namespace

// The Token menu, through the main window: the provider endpoints (revocation, introspection, UserInfo
// and sign-out) enabled only where the environment has the endpoint, their results in a dialog or the
// banner, and what asks before it forgets.
class TestTokenMenu final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Tests::AppSessionFixture> m_fixture;
    Workspace::AppSession* m_session = nullptr; // m_fixture's
    Secrets::MemorySecretStore* m_keychain = nullptr; // m_fixture's

    QString addEnvironment(const QUrl& base, bool withEndpoints)
    {
        Workspace::Environment environment;
        environment.name = QStringLiteral("Scripted provider");
        environment.oauth.issuer = QStringLiteral("https://id.example.test");
        environment.oauth.authorizationEndpoint = base.resolved(QUrl(QStringLiteral("/auth")));
        environment.oauth.tokenEndpoint = base.resolved(QUrl(QStringLiteral("/token")));
        environment.oauth.clientId = QStringLiteral("tokenscope-demo");
        environment.oauth.scope = QStringLiteral("openid demo.read");
        environment.oauth.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
        if (withEndpoints) {
            environment.oauth.revocationEndpoint = base.resolved(QUrl(QStringLiteral("/revoke")));
            environment.oauth.introspectionEndpoint = base.resolved(QUrl(QStringLiteral("/introspect")));
            environment.oauth.userinfoEndpoint = base.resolved(QUrl(QStringLiteral("/userinfo")));
            environment.oauth.endSessionEndpoint = base.resolved(QUrl(QStringLiteral("/logout")));
        }
        m_session->putEnvironment(environment);
        const QString id = m_session->workspace().environments.last().id;
        m_session->setCurrentEnvironment(id);
        return id;
    }

    // A refresh token in the keychain, as after a restart; its key.
    QString storeRefreshToken(const QString& environmentId)
    {
        const QString key = Secrets::secretKey(environmentId, QStringLiteral("refresh_token"));
        if (!Tests::writeSecret(m_keychain, key, QStringLiteral("rt-1")).ok())
            qFatal("the keychain did not answer");
        return key;
    }

    // Refreshes with the stored refresh token, as the first action after a restart does; the scripted
    // server's next answer is the token response. False when no answer came.
    bool refreshTokens()
    {
        OAuth::TokenSession* session = m_session->currentTokenSession();
        QSignalSpy refreshed(session, &OAuth::TokenSession::refreshFinished);
        session->refresh();
        return refreshed.wait(5000);
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_fixture = std::make_unique<Tests::AppSessionFixture>();
        m_session = m_fixture->session();
        m_keychain = m_fixture->keychain();
        QVERIFY(m_session->load().isNull());
    }

    void cleanup() { m_fixture.reset(); }

    // Without the endpoints the actions are disabled and say why; with them, revoke and sign-out are
    // available at once, introspection and UserInfo once there is an access token.
    void actionsFollowTheEnvironment()
    {
        Ui::MainWindow window(m_session);
        addEnvironment(QUrl(QStringLiteral("http://127.0.0.1:1/")), false);
        const QStringList names {QStringLiteral("revokeTokenAction"), QStringLiteral("introspectTokenAction"),
            QStringLiteral("userInfoAction"), QStringLiteral("signOutAtProviderAction")};
        for (const QString& name : names) {
            auto* action = window.findChild<QAction*>(name);
            QVERIFY2(action, qPrintable(name));
            QVERIFY2(!action->isEnabled(), qPrintable(name));
            QVERIFY2(action->toolTip().contains(QLatin1String("Discover")), qPrintable(action->toolTip()));
        }
        addEnvironment(QUrl(QStringLiteral("http://127.0.0.1:1/")), true);
        QVERIFY(window.findChild<QAction*>(QStringLiteral("revokeTokenAction"))->isEnabled());
        QVERIFY(window.findChild<QAction*>(QStringLiteral("signOutAtProviderAction"))->isEnabled());
        auto* introspect = window.findChild<QAction*>(QStringLiteral("introspectTokenAction"));
        QVERIFY(!introspect->isEnabled());
        QVERIFY(introspect->toolTip().contains(QLatin1String("Sign in first")));
    }

    // Discover in the environment editor keeps the provider's revocation, introspection, UserInfo and
    // end-session endpoints with the environment (there are no fields for them), so the menu can use them.
    void discoverKeepsTheProviderEndpoints()
    {
        Tests::OidcFixture fixture;
        QString error;
        QVERIFY2(fixture.start(&error), qPrintable(error));
        Http::NetworkClient network;
        Workspace::Environment environment;
        environment.name = QStringLiteral("Local provider");
        environment.oauth.clientId = QStringLiteral("tokenscope-demo");
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
        environment.oauth.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
        Ui::EnvironmentDialog dialog(environment, false, &network);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClicks(
            dialog.findChild<QLineEdit*>(QStringLiteral("issuerLineEdit")), fixture.issuer().toString());
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("discoverButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.environment().oauth.introspectionEndpoint.isEmpty(), 10000);
        const Workspace::Environment edited = dialog.environment();
        QCOMPARE(edited.oauth.revocationEndpoint, fixture.url(QStringLiteral("/token/revocation")));
        QCOMPARE(edited.oauth.introspectionEndpoint, fixture.url(QStringLiteral("/token/introspection")));
        QCOMPARE(edited.oauth.userinfoEndpoint, fixture.url(QStringLiteral("/me")));
        QCOMPARE(edited.oauth.endSessionEndpoint, fixture.url(QStringLiteral("/session/end")));

        Ui::MainWindow window(m_session);
        m_session->putEnvironment(edited);
        m_session->setCurrentEnvironment(m_session->workspace().environments.last().id);
        QVERIFY(window.findChild<QAction*>(QStringLiteral("revokeTokenAction"))->isEnabled());
        QVERIFY(window.findChild<QAction*>(QStringLiteral("signOutAtProviderAction"))->isEnabled());
    }

    // Introspection from the Token menu: the provider's answer in the result dialog.
    void introspectionResultDialog()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        server.enqueue({200, "application/json",
            R"({"access_token":"at-1","token_type":"Bearer","expires_in":300,"refresh_token":"rt-2"})", {},
            false});
        const QJsonObject answer {{QStringLiteral("active"), true},
            {QStringLiteral("scope"), QStringLiteral("openid profile email demo.read")},
            {QStringLiteral("client_id"), QStringLiteral("tokenscope-demo")},
            {QStringLiteral("sub"), QStringLiteral("alice")},
            {QStringLiteral("token_type"), QStringLiteral("Bearer")}, {QStringLiteral("iat"), now},
            {QStringLiteral("exp"), now + 300},
            {QStringLiteral("iss"), QStringLiteral("http://127.0.0.1:3000")},
            {QStringLiteral("aud"), QStringLiteral("tokenscope-demo")}};
        server.enqueue(
            {200, "application/json", QJsonDocument(answer).toJson(QJsonDocument::Compact), {}, false});

        Ui::MainWindow window(m_session);
        const QString id = addEnvironment(server.url(QStringLiteral("/")), true);
        // A refresh token in the keychain, as after a restart: the refresh gets the access token.
        storeRefreshToken(id);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(refreshTokens());
        QVERIFY(m_session->currentTokenSession()->tokens().hasAccessToken());

        auto* introspect = window.findChild<QAction*>(QStringLiteral("introspectTokenAction"));
        QVERIFY(introspect->isEnabled());
        introspect->trigger();
        Ui::EndpointResultDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<Ui::EndpointResultDialog*>()) != nullptr);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QCOMPARE(dialog->windowTitle(), QStringLiteral("Introspection"));
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("summaryLabel"))
                    ->text()
                    .contains(QLatin1String("Active.")));
        auto* tree = dialog->findChild<QTreeWidget*>(QStringLiteral("claimsTreeWidget"));
        QCOMPARE(tree->topLevelItemCount(), answer.size());
        QCOMPARE(topLevelText(tree, QStringLiteral("sub")), QStringLiteral("alice"));
        QCOMPARE(topLevelText(tree, QStringLiteral("active")), QStringLiteral("true"));
        QVERIFY(topLevelText(tree, QStringLiteral("exp")).endsWith(QLatin1String(" UTC)")));
        // The request carried the access token from the refresh, and no secret was needed (public client).
        QCOMPARE(server.requests().last().body, QByteArray("token=at-1&client_id=tokenscope-demo"));
        saveScreenshot(dialog, QStringLiteral("endpoints-introspection"));

        dialog->findChild<QAbstractButton*>(QStringLiteral("copyButton"))->click();
        QCOMPARE(QJsonDocument::fromJson(QApplication::clipboard()->text().toUtf8()).object(), answer);
        dialog->close();
    }

    // UserInfo from the Token menu: the claims in the result dialog, and what could not be checked.
    void userInfoResultDialog()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue({200, "application/json",
            R"({"access_token":"at-1","token_type":"Bearer","expires_in":300,"refresh_token":"rt-2"})", {},
            false});
        server.enqueue({200, "application/json",
            R"({"sub":"alice","name":"Alice Demo","email":"alice@example.test","email_verified":true})", {},
            false});
        Ui::MainWindow window(m_session);
        const QString id = addEnvironment(server.url(QStringLiteral("/")), true);
        storeRefreshToken(id);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(refreshTokens());

        window.findChild<QAction*>(QStringLiteral("userInfoAction"))->trigger();
        Ui::EndpointResultDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<Ui::EndpointResultDialog*>()) != nullptr);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QCOMPARE(dialog->windowTitle(), QStringLiteral("UserInfo"));
        // This refresh brought no ID token, so there was nothing to compare the subject with; it says so.
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("summaryLabel"))
                    ->text()
                    .contains(QLatin1String("No ID token to compare")));
        auto* tree = dialog->findChild<QTreeWidget*>(QStringLiteral("claimsTreeWidget"));
        QCOMPARE(topLevelText(tree, QStringLiteral("email")), QStringLiteral("alice@example.test"));
        QCOMPARE(server.requests().last().headers.value("authorization"), QByteArray("Bearer at-1"));
        saveScreenshot(dialog, QStringLiteral("endpoints-userinfo"));
        dialog->close();
    }

    // Revoke and Forget when the provider answers 503 (docs/oauth-client-rules.md case 39): the banner says
    // the token is still valid, and the tokens and the keychain entry are gone all the same.
    void revokeAndForgetWhenTheProviderCannot()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue({503, "text/plain", "try later", {{"Retry-After", "30"}}, false});
        Ui::MainWindow window(m_session);
        const QString id = addEnvironment(server.url(QStringLiteral("/")), true);
        const QString key = storeRefreshToken(id);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.findChild<QAction*>(QStringLiteral("revokeTokenAction"))->trigger();
        QTRY_VERIFY(window.banner()->isVisible());
        bool stillValid = false;
        for (const QLabel* label : window.banner()->findChildren<QLabel*>())
            stillValid = stillValid || label->text().contains(QLatin1String("still valid"));
        QVERIFY(stillValid);
        QCOMPARE(server.requests().size(), 1);
        QVERIFY(server.requests().first().body.startsWith("token=rt-1&token_type_hint=refresh_token"));
        QTRY_VERIFY(!m_keychain->contains(key));
        saveScreenshot(&window, QStringLiteral("endpoints-revoke-503"));
    }

    // A refusal goes to the banner, not to a dialog.
    void introspectionRefusalInTheBanner()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue({200, "application/json",
            R"({"access_token":"at-1","token_type":"Bearer","expires_in":300})", {}, false});
        server.enqueue({401, "application/json", R"({"error":"invalid_client"})", {}, false});
        Ui::MainWindow window(m_session);
        const QString id = addEnvironment(server.url(QStringLiteral("/")), true);
        storeRefreshToken(id);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(refreshTokens());
        window.findChild<QAction*>(QStringLiteral("introspectTokenAction"))->trigger();
        QTRY_VERIFY(window.banner()->isVisible());
        QVERIFY(window.banner()->findChildren<QLabel*>().size() > 0);
        bool found = false;
        for (const QLabel* label : window.banner()->findChildren<QLabel*>())
            found
                = found || label->text().contains(QLatin1String("does not allow this client to introspect"));
        QVERIFY(found);
        QVERIFY(!window.findChild<Ui::EndpointResultDialog*>());
    }

    // Sign Out at Provider opens the end-session page in the browser (here: the test) and forgets the
    // tokens; when no browser opens, the tokens stay and the banner says so.
    void signOutOpensTheEndSessionPage()
    {
        Ui::MainWindow window(m_session);
        const QUrl base(QStringLiteral("http://127.0.0.1:1/"));
        const QString key = storeRefreshToken(addEnvironment(base, true));
        QList<QUrl> opened;
        bool browserOpens = false;
        Ui::DesktopServices::setUrlOpener([&](const QUrl& url) {
            opened.append(url);
            return browserOpens;
        });
        const auto restore = qScopeGuard([] { Ui::DesktopServices::setUrlOpener(nullptr); });
        auto* signOut = window.findChild<QAction*>(QStringLiteral("signOutAtProviderAction"));

        signOut->trigger();
        QCOMPARE(opened.size(), 1);
        QVERIFY2(window.banner()->text().contains(QLatin1String("The browser could not be opened")),
            qPrintable(window.banner()->text()));
        QVERIFY(window.banner()->text().contains(QLatin1String("The tokens were kept.")));
        QVERIFY(m_keychain->contains(key));

        browserOpens = true;
        signOut->trigger();
        QCOMPARE(opened.size(), 2);
        QCOMPARE(opened.last().adjusted(QUrl::RemoveQuery), base.resolved(QUrl(QStringLiteral("/logout"))));
        const QUrlQuery query(opened.last());
        QCOMPARE(query.queryItemValue(QStringLiteral("client_id")), QStringLiteral("tokenscope-demo"));
        QVERIFY(!query.queryItemValue(QStringLiteral("state")).isEmpty());
        QTRY_VERIFY(!m_keychain->contains(key));
        QCOMPARE(window.statusBar()->currentMessage(),
            QStringLiteral("Signing out at the provider in your browser; tokens forgotten here."));
    }

    // A sign-in in the system browser from the menu: the waiting banner stays until it ends (no
    // dismiss button), the menu can cancel it and copy its link; the user's own cancel is no error,
    // and a timeout says the listener is gone.
    void systemBrowserSignInFromTheMenu_data()
    {
        QTest::addColumn<QString>("ending");
        QTest::newRow("cancel-sign-in-from-menu") << QStringLiteral("menu");
        QTest::newRow("own-cancel-shown-neutrally") << QStringLiteral("banner");
        QTest::newRow("timeout-banner-says-start-again") << QStringLiteral("timeout");
    }

    void systemBrowserSignInFromTheMenu()
    {
        QFETCH(QString, ending);
        QList<QUrl> opened;
        Ui::DesktopServices::setUrlOpener([&opened](const QUrl& url) {
            opened.append(url);
            return true;
        });
        const auto restore = qScopeGuard([] { Ui::DesktopServices::setUrlOpener(nullptr); });
        addEnvironment(QUrl(QStringLiteral("http://127.0.0.1:1")), false);
        Workspace::Environment environment = *m_session->currentEnvironment();
        environment.signIn.browser = Workspace::SignInSettings::Browser::System;
        environment.signIn.timeoutSeconds = ending == QLatin1String("timeout") ? 1 : 600;
        m_session->putEnvironment(environment, std::nullopt);
        Ui::MainWindow window(m_session);
        window.resize(1100, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* menu = Tests::child<Ui::TokenMenu>(window, "tokenMenu");
        auto* cancel = Tests::child<QAction>(window, "cancelSignInAction");
        auto* copy = Tests::child<QAction>(window, "copySignInLinkAction");
        auto* banner = Tests::child<Ui::MessageBanner>(window, "messageBanner");
        menu->updateActions();
        QVERIFY(!cancel->isEnabled());
        QVERIFY(!copy->isEnabled());

        OAuth::TokenSession* session = m_session->currentTokenSession();
        QSignalSpy finished(session, &OAuth::TokenSession::signInFinished);
        Tests::child<QAction>(window, "getTokenAction")->trigger();
        QTRY_COMPARE(opened.size(), 1);
        QVERIFY(banner->isVisible());
        QVERIFY(!Tests::child<QAbstractButton>(*banner, "messageBannerCloseButton")->isVisibleTo(banner));
        QVERIFY2(banner->text().contains(QStringLiteral("error page")), qPrintable(banner->text()));
        QVERIFY2(
            banner->text().contains(QStringLiteral("http://127.0.0.1/callback")), qPrintable(banner->text()));
        menu->updateActions();
        QVERIFY(cancel->isEnabled());
        QVERIFY(copy->isEnabled());
        copy->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), opened.first().toString(QUrl::FullyEncoded));
        saveScreenshot(&window, QStringLiteral("i14-loopback-banner-waiting"));
        if (ending == QLatin1String("menu")) {
            menu->popup(window.mapToGlobal(QPoint(60, 40)));
            QTRY_VERIFY(menu->isVisible());
            saveScreenshot(menu, QStringLiteral("i14-loopback-token-menu"));
            menu->hide();
        }

        if (ending == QLatin1String("menu"))
            cancel->trigger();
        else if (ending == QLatin1String("banner"))
            Tests::child<QAbstractButton>(*banner, "messageBannerActionButton")->click();
        else
            QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
        QCOMPARE(finished.size(), 1);
        QVERIFY(!qobject_cast<OAuth::LoopbackLoginAgent*>(window.loginAgent())->isListening());
        const std::optional<Ui::MessageBanner::State> shown = banner->state();
        QVERIFY(shown);
        QVERIFY(shown->closable);
        if (ending == QLatin1String("timeout")) {
            QCOMPARE(shown->level, Ui::MessageBanner::Level::Error);
            QVERIFY2(shown->detail.contains(QStringLiteral("stopped listening")), qPrintable(shown->detail));
            QVERIFY2(
                shown->detail.contains(QStringLiteral("Start the sign-in again")), qPrintable(shown->detail));
            QVERIFY2(!shown->detail.contains(QStringLiteral("minute(s)")), qPrintable(shown->detail));
            saveScreenshot(&window, QStringLiteral("i14-loopback-banner-timeout"));
        } else {
            QCOMPARE(shown->level, Ui::MessageBanner::Level::Information);
            QCOMPARE(shown->title, QStringLiteral("Sign-in cancelled"));
        }
        menu->updateActions();
        QVERIFY(!cancel->isEnabled());
        QVERIFY(!copy->isEnabled());
    }

    // Forget All Tokens asks first; Cancel keeps every refresh token.
    void forgetAllTokensAsksFirst()
    {
        Ui::MainWindow window(m_session);
        const QString key
            = storeRefreshToken(addEnvironment(QUrl(QStringLiteral("http://127.0.0.1:1/")), false));
        auto* forgetAll = window.findChild<QAction*>(QStringLiteral("forgetAllTokensAction"));
        QVERIFY(forgetAll);

        Ui::MessageBox::setNextAnswer(QMessageBox::Cancel);
        forgetAll->trigger();
        QVERIFY2(
            Ui::MessageBox::lastText().startsWith(QLatin1String("Forget the tokens of every environment?")),
            qPrintable(Ui::MessageBox::lastText()));
        QVERIFY(m_keychain->contains(key));
        QVERIFY(window.statusBar()->currentMessage().isEmpty());

        Ui::MessageBox::setNextAnswer(QMessageBox::Yes);
        forgetAll->trigger();
        QTRY_VERIFY(!m_keychain->contains(key));
        QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("All tokens forgotten."));
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestTokenMenu)
#include "tst_tokenmenu.moc"
