#include "appsessionfixture.h"
#include "bodyview.h"
#include "devicecodedialog.h"
#include "embeddedloginagent.h"
#include "environmentlistmodel.h"
#include "flowlog.h"
#include "flowlogmodel.h"
#include "linedocument.h"
#include "loopbackloginagent.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "messagebox.h"
#include "oidcfixture.h"
#include "requesteditor.h"
#include "requesttabs.h"
#include "responsebodypane.h"
#include "responseviewer.h"
#include "scriptedbrowser.h"
#include "scriptedserver.h"
#include "testmain.h"
#include "widgethelpers.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>
#include <QTranslator>

using namespace Tokenscope;
using Tokenscope::Tests::saveScreenshot;
using Tokenscope::Tests::webEngineMapped;

class TestMainWindow final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Tests::AppSessionFixture> m_fixture;
    Workspace::AppSession* m_session = nullptr; // m_fixture's
    Secrets::MemorySecretStore* m_keychain = nullptr; // m_fixture's

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

    // Start-up: the window shows, and Qt WebEngine is not in the process until a sign-in needs it.
    void startsWithoutWebEngine()
    {
        QVERIFY2(QFile::exists(QStringLiteral("/proc/self/maps")), "Linux only");
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!webEngineMapped());
        auto* status = window.findChild<QLabel*>(QStringLiteral("tokenStatusLabel"));
        QVERIFY(status);
        QVERIFY(status->text().contains(QStringLiteral("No environment")));
        saveScreenshot(&window, QStringLiteral("mainwindow-empty"));

        // Loading the sign-in component maps WebEngine in; the plugin is found next to the binaries.
        QString problem;
        QVERIFY2(Ui::EmbeddedLoginAgent::loadFactory(&problem), qPrintable(problem));
        QVERIFY(webEngineMapped());
    }

    void localDemoEnvironmentIsSelected()
    {
        m_session->useLocalDemo(QUrl(QStringLiteral("http://127.0.0.1:4567")));
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* combo = window.findChild<QComboBox*>(QStringLiteral("environmentComboBox"));
        QCOMPARE(combo->currentText(), QStringLiteral("Local demo"));
        auto* url = window.findChild<QLineEdit*>(QStringLiteral("urlLineEdit"));
        QCOMPARE(url->text(), QStringLiteral("{{baseUrl}}/api/patients"));
        auto* preview = window.findChild<QLabel*>(QStringLiteral("urlPreviewLabel"));
        QVERIFY(preview->text().contains(QStringLiteral("http://127.0.0.1:4567")));
        auto* status = window.findChild<QLabel*>(QStringLiteral("tokenStatusLabel"));
        QVERIFY(status->text().contains(QStringLiteral("No access token")));
        saveScreenshot(&window, QStringLiteral("mainwindow-local-demo"));
    }

    void sendingWithoutATokenExplainsWhatToDo()
    {
        m_session->useLocalDemo(QUrl(QStringLiteral("http://127.0.0.1:4567")));
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.sendRequest();
        auto* statusLabel = window.findChild<QLabel*>(QStringLiteral("statusLabel"));
        QTRY_VERIFY(statusLabel->text().contains(QStringLiteral("Not signed in")));
        saveScreenshot(&window, QStringLiteral("mainwindow-no-token"));
    }

    void undefinedVariablesAreReported()
    {
        m_session->useLocalDemo(QUrl(QStringLiteral("http://127.0.0.1:4567")));
        Ui::MainWindow window(m_session);
        auto* url = window.findChild<QLineEdit*>(QStringLiteral("urlLineEdit"));
        url->setText(QStringLiteral("{{nope}}/x"));
        // No token: the Auth tab's "No authorization".
        window.findChild<QComboBox*>(QStringLiteral("authStyleComboBox"))
            ->setCurrentIndex(int(Http::RequestAuth::Style::None));
        window.sendRequest();
        auto* statusLabel = window.findChild<QLabel*>(QStringLiteral("statusLabel"));
        QTRY_VERIFY(statusLabel->text().contains(QStringLiteral("variables that are not defined")));
    }

    // Each tab keeps its own request and its last response; the viewer follows the current tab.
    void tabsKeepTheirRequestAndResponse()
    {
        Tests::ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(Tests::reply(201, R"({"tab":"one"})"));
        m_session->useLocalDemo(QUrl(QStringLiteral("http://127.0.0.1:4567")));
        Ui::MainWindow window(m_session);
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Http::HttpRequest first;
        first.url = server.url(QStringLiteral("/one")).toString();
        first.auth.style = Http::RequestAuth::Style::None;
        window.requestEditor()->setRequest(first);
        window.sendRequest();
        auto* status = window.findChild<QLabel*>(QStringLiteral("statusLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("201")), 10000);
        const quint64 firstTab = window.requestTabs()->currentId();

        Http::HttpRequest second;
        second.method = "DELETE";
        second.url = QStringLiteral("https://api.example/v1/orders/7");
        window.openRequestInNewTab(second);
        QCOMPARE(window.requestTabs()->count(), 2);
        QCOMPARE(window.requestEditor()->request(), second);
        QVERIFY(!status->text().contains(QLatin1String("201")));
        window.requestTabs()->setDirty(window.requestTabs()->currentId(), true);
        saveScreenshot(&window, QStringLiteral("composer-tabbar"));
        window.requestTabs()->setDirty(window.requestTabs()->currentId(), false);

        window.requestTabs()->selectNext(1);
        QCOMPARE(window.requestTabs()->currentId(), firstTab);
        QCOMPARE(window.requestEditor()->request().url, first.url);
        QVERIFY(status->text().contains(QLatin1String("201")));
        window.requestTabs()->selectNext(1);
        QCOMPARE(window.requestEditor()->request(), second);
    }

    void modelsPassTheModelTester()
    {
        m_session->useLocalDemo(QUrl(QStringLiteral("http://127.0.0.1:4567")));
        Ui::EnvironmentListModel environments(m_session);
        QAbstractItemModelTester environmentTester(
            &environments, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Workspace::Environment other;
        other.name = QStringLiteral("ZorgAPIs sandbox");
        m_session->putEnvironment(other);
        QCOMPARE(environments.rowCount(), 2);
        m_session->removeEnvironment(m_session->workspace().environments.last().id);
        QCOMPARE(environments.rowCount(), 1);

        Ui::FlowLogModel flow(m_session->flowLog());
        QAbstractItemModelTester flowTester(&flow, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_session->flowLog()->note(QStringLiteral("one"));
        m_session->flowLog()->failure(QStringLiteral("two"));
        QCOMPARE(flow.rowCount(), 2);
        QCOMPARE(flow.index(1, 1).data().toString(), QStringLiteral("two"));
        m_session->flowLog()->clear();
        QCOMPARE(flow.rowCount(), 0);
    }

    // The body as the server sent it, all of it: no display limit, shown from a line document at once;
    // JSON indented, its text and key order as received.
    void bodyShownWhole()
    {
        Http::FlowLog log;
        Ui::ResponseViewer viewer(&log);
        Http::HttpResponse response;
        response.status = 200;
        response.headers = {{"Content-Type", "application/json"}};
        response.body = R"({"items":[1,2,3],"name":"Zoë"})";
        QSignalSpy shown(&viewer, &Ui::ResponseViewer::bodyShown);
        viewer.showResponse(response);
        QCOMPARE(shown.count(), 1);
        Ui::ResponseBodyPane* pane = viewer.bodyPane();
        QCOMPARE(pane->shownText(),
            QStringLiteral("{\n  \"items\": [\n    1,\n    2,\n    3\n  ],\n  \"name\": \"Zoë\"\n}"));
        QCOMPARE(pane->mode(), Ui::ResponseBodyPane::Mode::Pretty);
        pane->setMode(Ui::ResponseBodyPane::Mode::Raw);
        QCOMPARE(pane->shownText(), QStringLiteral(R"({"items":[1,2,3],"name":"Zoë"})"));

        // Not JSON after all: shown as received, with a notice of where it went wrong.
        response.body = R"({"items":[1,2,3],"name":)";
        viewer.showResponse(response);
        auto* notice = pane->findChild<QLabel*>(QStringLiteral("bodyNotice"));
        QVERIFY(notice);
        QTRY_VERIFY(notice->isVisibleTo(pane));
        QVERIFY2(notice->text().contains(QStringLiteral("not valid JSON")), qPrintable(notice->text()));
        QCOMPARE(pane->shownText(), QStringLiteral(R"({"items":[1,2,3],"name":)"));

        response.headers = {{"Content-Type", "text/html"}};
        response.body = "plain <b>text</b>";
        viewer.showResponse(response);
        // HTML is pretty too: its text and each element on a line of their own.
        QCOMPARE(pane->shownText(), QStringLiteral("plain\n<b>text</b>"));
        pane->setMode(Ui::ResponseBodyPane::Mode::Raw);
        QCOMPARE(pane->shownText(), QStringLiteral("plain <b>text</b>"));

        // Far past the old limit of 1 Mi characters: the last line is there too.
        QByteArray large;
        int lines = 0;
        for (; large.size() < 3 * 1024 * 1024; ++lines)
            large += "line " + QByteArray::number(lines) + " of a large body\n";
        response.body = large;
        viewer.showResponse(response);
        Body::LineDocument* document = pane->view()->document();
        QTRY_VERIFY(document->isComplete());
        QCOMPARE(document->lineCount(), lines);
        QCOMPARE(document->line(lines - 1).text, QStringLiteral("line %1 of a large body").arg(lines - 1));
    }

    // The Dutch catalogue is compiled and embedded, and covers the main controls.
    void dutchTranslationIsEmbedded()
    {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::Dutch, QLocale::Netherlands), QStringLiteral("tokenscope"),
            QStringLiteral("_"), QStringLiteral(":/i18n")));
        QCOMPARE(
            translator.translate("Tokenscope::Ui::RequestEditor", "&Send"), QStringLiteral("&Verzenden"));
        QVERIFY(!translator
                     .translate(
                         "Tokenscope::OAuth::Callback", "The authorization response has no state parameter")
                     .isEmpty());
    }

    // The environment's sign-in settings decide the agent: Tokenscope's window (with or without a kept
    // session) or the system browser; the Token menu offers what applies.
    void signInSettingsChooseTheAgent()
    {
        m_session->useLocalDemo(QUrl(QStringLiteral("http://127.0.0.1:4567")));
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* clear = window.findChild<QAction*>(QStringLiteral("clearSignInSessionAction"));
        auto* someoneElse = window.findChild<QAction*>(QStringLiteral("signInAsSomeoneElseAction"));
        QVERIFY(clear && someoneElse);

        QVERIFY(qobject_cast<Ui::EmbeddedLoginAgent*>(window.loginAgent()));
        QVERIFY(!clear->isEnabled()); // nothing is kept between in-memory sign-in windows
        QVERIFY(someoneElse->isEnabled());

        Workspace::Environment environment = *m_session->currentEnvironment();
        environment.signIn.keepBrowserSession = true;
        m_session->putEnvironment(environment, std::nullopt);
        QVERIFY(clear->isEnabled());

        environment.signIn.browser = Workspace::SignInSettings::Browser::System;
        environment.signIn.timeoutSeconds = 120;
        m_session->putEnvironment(environment, std::nullopt);
        auto* browser = qobject_cast<OAuth::LoopbackLoginAgent*>(window.loginAgent());
        QVERIFY(browser);
        QVERIFY(!clear->isEnabled()); // the system browser keeps its own cookies
    }

    // Every control a keyboard or screen-reader user meets has a name, and Tab walks the request line.
    // The device grant from the main window: Get New Access Token shows the code; the user types it on
    // the provider's page elsewhere (a scripted browser) and the dialog closes when the tokens arrive.
    void deviceSignInShowsTheCode()
    {
        Tests::OidcFixture fixture;
        QString error;
        QVERIFY2(fixture.start(&error), qPrintable(error));
        Workspace::Environment environment;
        environment.id = QStringLiteral("device-env");
        environment.name = QStringLiteral("Living-room TV");
        environment.oauth.grant = OAuth::Grant::DeviceCode;
        environment.oauth.issuer = fixture.issuer().toString();
        environment.oauth.tokenEndpoint = fixture.url(QStringLiteral("/token"));
        environment.oauth.deviceAuthorizationEndpoint = fixture.url(QStringLiteral("/device/auth"));
        environment.oauth.jwksUri = fixture.url(QStringLiteral("/jwks"));
        environment.oauth.clientId = QStringLiteral("tokenscope-device");
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
        environment.oauth.scope = QStringLiteral("openid profile demo.read");
        m_session->putEnvironment(environment, {});
        m_session->setCurrentEnvironment(environment.id);
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QTest::mouseClick(
            window.findChild<QAbstractButton*>(QStringLiteral("getTokenButton")), Qt::LeftButton);
        QPointer<QDialog> dialog = window.findChild<QDialog*>(QStringLiteral("deviceCodeDialog"));
        QVERIFY(dialog);
        QVERIFY(!dialog->isModal());
        auto* code = dialog->findChild<QLabel*>(QStringLiteral("userCodeLabel"));
        QTRY_VERIFY(!code->text().isEmpty());
        auto* link = dialog->findChild<QLabel*>(QStringLiteral("verificationLinkLabel"));
        QVERIFY(link->text().contains(fixture.url(QStringLiteral("/device")).toString()));
        saveScreenshot(dialog, QStringLiteral("device-code-dialog-fixture"));

        Tests::ScriptedBrowser browser(QStringLiteral("carol"));
        browser.setUserCode(code->text());
        browser.open(fixture.url(QStringLiteral("/device")));
        QTRY_VERIFY_WITH_TIMEOUT(browser.isFinished(), 15000);
        QVERIFY2(browser.lastBody().contains("Sign-in Success"), browser.lastBody().constData());
        auto* tokenStatus = window.findChild<QLabel*>(QStringLiteral("tokenStatusLabel"));
        QTRY_VERIFY2_WITH_TIMEOUT(
            tokenStatus->text().contains(QStringLiteral("Carol Demo")), // the ID token's name
            qPrintable(tokenStatus->text()), 20000);
        QTRY_VERIFY(dialog.isNull()); // closed and deleted by itself
    }

    // Cancel in the device dialog ends the sign-in; nothing is left waiting.
    void deviceSignInCancelled()
    {
        Tests::OidcFixture fixture;
        QString error;
        QVERIFY2(fixture.start(&error), qPrintable(error));
        Workspace::Environment environment;
        environment.id = QStringLiteral("device-env");
        environment.name = QStringLiteral("TV");
        environment.oauth.grant = OAuth::Grant::DeviceCode;
        environment.oauth.tokenEndpoint = fixture.url(QStringLiteral("/token"));
        environment.oauth.deviceAuthorizationEndpoint = fixture.url(QStringLiteral("/device/auth"));
        environment.oauth.clientId = QStringLiteral("tokenscope-device");
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
        environment.oauth.scope = QStringLiteral("demo.read");
        m_session->putEnvironment(environment, {});
        m_session->setCurrentEnvironment(environment.id);
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        OAuth::TokenSession* tokens = m_session->currentTokenSession();
        QSignalSpy finished(tokens, &OAuth::TokenSession::signInFinished);
        QTest::mouseClick(
            window.findChild<QAbstractButton*>(QStringLiteral("getTokenButton")), Qt::LeftButton);
        QPointer<QDialog> dialog = window.findChild<QDialog*>(QStringLiteral("deviceCodeDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(!dialog->findChild<QLabel*>(QStringLiteral("userCodeLabel"))->text().isEmpty());
        dialog->reject();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(tokens->state(), OAuth::TokenSession::State::SignedOut);
        QTRY_VERIFY(dialog.isNull());
    }

    // Client credentials: no window at all, the token arrives and the status shows it.
    void clientCredentialsSignIn()
    {
        Tests::OidcFixture fixture;
        QString error;
        QVERIFY2(fixture.start(&error), qPrintable(error));
        Workspace::Environment environment;
        environment.id = QStringLiteral("service-env");
        environment.name = QStringLiteral("Service account");
        environment.oauth.grant = OAuth::Grant::ClientCredentials;
        environment.oauth.tokenEndpoint = fixture.url(QStringLiteral("/token"));
        environment.oauth.clientId = QStringLiteral("tokenscope-service");
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::ClientSecretBasic;
        environment.oauth.scope = QStringLiteral("demo.read");
        m_session->putEnvironment(environment, QStringLiteral("tokenscope-service-secret"));
        m_session->setCurrentEnvironment(environment.id);
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::mouseClick(
            window.findChild<QAbstractButton*>(QStringLiteral("getTokenButton")), Qt::LeftButton);
        QVERIFY(!window.findChild<QDialog*>(QStringLiteral("deviceCodeDialog")));
        auto* tokenStatus = window.findChild<QLabel*>(QStringLiteral("tokenStatusLabel"));
        QTRY_VERIFY2_WITH_TIMEOUT(tokenStatus->text().contains(QStringLiteral("expires in")),
            qPrintable(tokenStatus->text()), 15000);
        // No sign-in window and no dialog: a service account has no user to ask.
        QVERIFY(window.findChildren<Ui::EmbeddedLoginAgent*>().isEmpty());
        QVERIFY(window.findChildren<QDialog*>().isEmpty());
    }

    // Removing an environment deletes its browser profile folders (storage and cache), whether or not
    // it stays signed in now: the setting may have been on before. Another environment's stay.
    void removeEnvironmentDeletesProfileStorage_data()
    {
        QTest::addColumn<bool>("keepBrowserSession");
        QTest::newRow("remove-environment-deletes-profile-storage") << true;
        QTest::newRow("profile-of-earlier-stay-signed-in-deleted-too") << false;
    }

    void removeEnvironmentDeletesProfileStorage()
    {
        QFETCH(bool, keepBrowserSession);
        m_session->useLocalDemo(QUrl(QStringLiteral("http://127.0.0.1:4567")));
        Workspace::Environment removed = *m_session->currentEnvironment();
        removed.signIn.keepBrowserSession = keepBrowserSession;
        m_session->putEnvironment(removed, std::nullopt);
        Workspace::Environment kept = removed;
        kept.id = QStringLiteral("kept-env");
        kept.name = QStringLiteral("Kept");
        m_session->putEnvironment(kept, std::nullopt);
        const QStringList removedFolders = Ui::EmbeddedLoginAgent::persistentProfileFolders(removed.id);
        const QStringList keptFolders = Ui::EmbeddedLoginAgent::persistentProfileFolders(kept.id);
        QCOMPARE(removedFolders.size(), 2);
        for (const QString& folder : removedFolders + keptFolders) {
            QVERIFY(QDir().mkpath(folder + QStringLiteral("/Local Storage")));
            QFile cookies(folder + QStringLiteral("/Cookies"));
            QVERIFY(cookies.open(QIODevice::WriteOnly));
            cookies.write("provider session");
        }
        const auto cleanUp = qScopeGuard([&keptFolders] {
            for (const QString& folder : keptFolders)
                QDir(folder).removeRecursively();
        });

        Ui::MainWindow window(m_session);
        m_session->setCurrentEnvironment(removed.id);
        Ui::MessageBox::setNextAnswer(QMessageBox::Yes);
        window.removeEnvironment();
        QVERIFY(!m_session->workspace().findEnvironment(removed.id));
        for (const QString& folder : removedFolders)
            QVERIFY2(!QFileInfo::exists(folder), qPrintable(folder));
        for (const QString& folder : keptFolders)
            QVERIFY2(QFileInfo::exists(folder + QStringLiteral("/Cookies")), qPrintable(folder));
    }

    // A profile removed while WebEngine ran leaves a file behind (written as WebEngine lets go of it);
    // the next run removes its folders before WebEngine starts.
    void profileLeftBehindIsRemovedAtNextStart()
    {
        const QString name = QStringLiteral("left-behind-env");
        QSettings().setValue(QStringLiteral("SignInProfilesToRemove"), QStringList {name});
        const QStringList folders = Ui::EmbeddedLoginAgent::persistentProfileFolders(name);
        for (const QString& folder : folders) {
            QVERIFY(QDir().mkpath(folder));
            QFile state(folder + QStringLiteral("/Network Persistent State"));
            QVERIFY(state.open(QIODevice::WriteOnly));
        }
        QCOMPARE(Ui::EmbeddedLoginAgent::profilesLeftBehind(), QStringList {name});
        Ui::EmbeddedLoginAgent::removeProfilesLeftBehind();
        for (const QString& folder : folders)
            QVERIFY2(!QFileInfo::exists(folder), qPrintable(folder));
        QVERIFY(Ui::EmbeddedLoginAgent::profilesLeftBehind().isEmpty());
    }

    // Remove asks first, naming the environment; Cancel keeps it.
    void removeEnvironmentAsksFirst()
    {
        m_session->useLocalDemo(QUrl(QStringLiteral("http://127.0.0.1:4567")));
        Ui::MainWindow window(m_session);
        Ui::MessageBox::setNextAnswer(QMessageBox::Cancel);
        window.removeEnvironment();
        const QString asked = Ui::MessageBox::lastText();
        QVERIFY2(
            asked.startsWith(QStringLiteral("Remove “Local demo”? This also removes:")), qPrintable(asked));
        QVERIFY2(asked.contains(QStringLiteral("its client secret in the keychain")), qPrintable(asked));
        QVERIFY2(asked.contains(QStringLiteral("tokens")), qPrintable(asked));
        QCOMPARE(m_session->workspace().environments.size(), 1);
        Ui::MessageBox::setNextAnswer(QMessageBox::Yes);
        window.removeEnvironment();
        QVERIFY(m_session->workspace().environments.isEmpty());
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("tokenStatusLabel"))
                    ->text()
                    .contains(QLatin1String("No environment")));
    }

    // Without a keychain the status bar and the banner say that secrets stay in memory; Try Again
    // finds it back.
    void keychainUnavailableIsShownAndRetried()
    {
        m_keychain->setUnavailable(QStringLiteral("The name org.freedesktop.secrets was not provided"));
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY(window.banner()->isVisible()); // asked right after start-up
        QVERIFY(window.banner()->text().contains(QLatin1String("The keychain is not available")));
        QVERIFY(window.banner()->text().contains(QLatin1String("org.freedesktop.secrets was not provided")));
        auto* secrets = window.findChild<QLabel*>(QStringLiteral("secretsStatusLabel"));
        QVERIFY2(secrets->text().contains(QLatin1String("memory only")), qPrintable(secrets->text()));
        saveScreenshot(&window, QStringLiteral("mainwindow-no-keychain"));

        m_keychain->setUnavailable({}); // unlocked
        window.banner()->findChild<QAbstractButton*>(QStringLiteral("messageBannerActionButton"))->click();
        QTRY_VERIFY(!window.banner()->isVisible());
        QCOMPARE(secrets->text(), QStringLiteral("Secrets: memory only"));
        QVERIFY(window.statusBar()->currentMessage().startsWith(
            QLatin1String("The keychain is available again")));
    }

    void accessibilityAndTabOrder()
    {
        m_session->useLocalDemo(QUrl(QStringLiteral("http://127.0.0.1:4567")));
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        for (QWidget* widget : window.findChildren<QWidget*>()) {
            if (!widget->isVisibleTo(&window) || widget->focusPolicy() == Qt::NoFocus)
                continue;
            const auto* button = qobject_cast<QAbstractButton*>(widget);
            const bool named = !widget->accessibleName().isEmpty() || (button && !button->text().isEmpty());
            bool hasBuddy = false;
            for (auto* label : window.findChildren<QLabel*>())
                hasBuddy = hasBuddy || label->buddy() == widget;
            if (qobject_cast<QAbstractItemView*>(widget->parentWidget())
                || widget->objectName() == QLatin1String("qt_scrollarea_viewport"))
                continue;
            const bool isContainer = widget->inherits("QTabBar") || widget->inherits("QSplitterHandle")
                || widget->inherits("QHeaderView") || widget->inherits("QScrollBar")
                || widget->inherits("QToolBarExtension");
            QVERIFY2(named || hasBuddy || isContainer,
                qPrintable(
                    QStringLiteral("%1 (%2) has no accessible name")
                        .arg(widget->objectName(), QString::fromLatin1(widget->metaObject()->className()))));
        }
        auto* method = window.findChild<QWidget*>(QStringLiteral("methodComboBox"));
        auto* url = window.findChild<QWidget*>(QStringLiteral("urlLineEdit"));
        auto* send = window.findChild<QWidget*>(QStringLiteral("sendButton"));
        QCOMPARE(method->nextInFocusChain(), url);
        const auto nextFocus = [](QWidget* widget) {
            QWidget* next = widget->nextInFocusChain();
            while (next && next->focusPolicy() == Qt::NoFocus)
                next = next->nextInFocusChain();
            return next;
        };
        // The {{ }} button (Resolved Variables) sits between the URL and Send.
        auto* variables = window.findChild<QWidget*>(QStringLiteral("resolvedVariablesButton"));
        QCOMPARE(nextFocus(url), variables);
        QCOMPARE(nextFocus(variables), send);
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
