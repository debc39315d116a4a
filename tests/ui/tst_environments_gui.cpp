#include "application.h"
#include "appsessionfixture.h"
#include "environmentdialog.h"
#include "environmentlistmodel.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "messagebox.h"
#include "requesteditor.h"
#include "scriptedserver.h"
#include "testmain.h"
#include "widgethelpers.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextCursor>
#include <QTimer>

using namespace Tokenscope;
using Tokenscope::Tests::child;
using Tokenscope::Tests::saveScreenshot;
using Tokenscope::Tests::ScriptedServer;

// Environments as a user meets them in the main window: selecting, editing and saving one, the
// environment editor's fields.
class TestEnvironmentsGui final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Tests::AppSessionFixture> m_fixture;
    Workspace::AppSession* m_session = nullptr; // m_fixture's

    // A service-account environment the editor accepts as it is.
    QString addEnvironment(const QString& name, const QUrl& provider)
    {
        Workspace::Environment environment;
        environment.name = name;
        environment.oauth.grant = OAuth::Grant::ClientCredentials;
        environment.oauth.issuer = provider.toString(QUrl::StripTrailingSlash);
        environment.oauth.tokenEndpoint = provider.resolved(QUrl(QStringLiteral("/token")));
        environment.oauth.clientId = QStringLiteral("tokenscope-service");
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::ClientSecretBasic;
        environment.oauth.scope = QStringLiteral("demo.read");
        m_session->putEnvironment(environment, QStringLiteral("service-secret"));
        return m_session->workspace().environments.last().id;
    }

    // Opens Edit for the current environment and presses the button of the editor's button box.
    static void editAndPress(Ui::MainWindow& window, QDialogButtonBox::StandardButton button)
    {
        QTest::mouseClick(child<QPushButton>(window, "editEnvironmentButton"), Qt::LeftButton);
        QPointer<Ui::EnvironmentDialog> dialog = window.findChild<Ui::EnvironmentDialog*>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QTest::mouseClick(child<QDialogButtonBox>(*dialog, "buttonBox")->button(button), Qt::LeftButton);
        QTRY_VERIFY(dialog.isNull() || !dialog->isVisible());
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_fixture = std::make_unique<Tests::AppSessionFixture>();
        m_session = m_fixture->session();
        QVERIFY(m_session->load().isNull());
    }

    void cleanup() { m_fixture.reset(); }

    // Edit → Save (with or without a change) keeps the edited environment selected and current: the next
    // Send or sign-in uses it, not the first one in the list.
    void savingAnEditedEnvironmentKeepsTheSelection_data()
    {
        QTest::addColumn<QString>("newName");
        QTest::newRow("unchanged") << QString();
        QTest::newRow("renamed") << QStringLiteral("Beta (renamed)");
    }

    void savingAnEditedEnvironmentKeepsTheSelection()
    {
        QFETCH(QString, newName);
        addEnvironment(QStringLiteral("Alpha"), QUrl(QStringLiteral("https://alpha.example.test/")));
        const QString beta
            = addEnvironment(QStringLiteral("Beta"), QUrl(QStringLiteral("https://beta.example.test/")));
        addEnvironment(QStringLiteral("Gamma"), QUrl(QStringLiteral("https://gamma.example.test/")));
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* combo = child<QComboBox>(window, "environmentComboBox");
        auto* list = child<QListView>(window, "environmentListView");
        QAbstractItemModelTester tester(
            combo->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        combo->setCurrentIndex(1); // the user picks Beta
        QCOMPARE(m_session->currentEnvironment()->id, beta);
        QSignalSpy resets(combo->model(), &QAbstractItemModel::modelReset);
        QSignalSpy currentChanges(m_session, &Workspace::AppSession::currentEnvironmentChanged);

        QTest::mouseClick(child<QPushButton>(window, "editEnvironmentButton"), Qt::LeftButton);
        QPointer<Ui::EnvironmentDialog> dialog = window.findChild<Ui::EnvironmentDialog*>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        if (!newName.isEmpty())
            child<QLineEdit>(*dialog, "nameLineEdit")->setText(newName);
        QTest::mouseClick(
            child<QDialogButtonBox>(*dialog, "buttonBox")->button(QDialogButtonBox::Save), Qt::LeftButton);
        QTRY_VERIFY(dialog.isNull());

        QCOMPARE(m_session->currentEnvironment()->id, beta);
        QCOMPARE(combo->currentIndex(), 1);
        QCOMPARE(combo->currentText(), newName.isEmpty() ? QStringLiteral("Beta") : newName);
        QCOMPARE(list->currentIndex().row(), 1);
        QCOMPARE(currentChanges.count(), 0);
        QCOMPARE(resets.count(), 0); // rows stay rows: the views keep their selection themselves
        saveScreenshot(&window, QStringLiteral("i10-3-selection-after-save"));

        // Cancel never changed it either.
        editAndPress(window, QDialogButtonBox::Cancel);
        QCOMPARE(m_session->currentEnvironment()->id, beta);
        QCOMPARE(combo->currentIndex(), 1);
    }

    // Adding and removing environments moves rows, never the current environment, unless the current one
    // itself is removed.
    void addingAndRemovingKeepTheCurrentEnvironment()
    {
        const QString alpha
            = addEnvironment(QStringLiteral("Alpha"), QUrl(QStringLiteral("https://alpha.example.test/")));
        const QString beta
            = addEnvironment(QStringLiteral("Beta"), QUrl(QStringLiteral("https://beta.example.test/")));
        Ui::MainWindow window(m_session);
        auto* combo = child<QComboBox>(window, "environmentComboBox");
        auto* list = child<QListView>(window, "environmentListView");
        QAbstractItemModelTester tester(
            combo->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_session->setCurrentEnvironment(beta);
        QCOMPARE(combo->currentText(), QStringLiteral("Beta"));

        addEnvironment(QStringLiteral("Gamma"), QUrl(QStringLiteral("https://gamma.example.test/")));
        QCOMPARE(m_session->currentEnvironment()->id, beta);
        QCOMPARE(combo->currentText(), QStringLiteral("Beta"));

        m_session->removeEnvironment(alpha);
        QCOMPARE(m_session->currentEnvironment()->id, beta);
        QCOMPARE(combo->currentText(), QStringLiteral("Beta"));
        QCOMPARE(list->currentIndex().row(), 0);
        QCOMPARE(combo->count(), 2);
    }

    // Each environment keeps the request composed in it: switching swaps the editor's contents, and
    // each one's request is saved with it.
    void requestIsKeptPerEnvironment()
    {
        addEnvironment(QStringLiteral("Alpha"), QUrl(QStringLiteral("https://alpha.example.test/")));
        addEnvironment(QStringLiteral("Beta"), QUrl(QStringLiteral("https://beta.example.test/")));
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* combo = child<QComboBox>(window, "environmentComboBox");
        auto* url = child<QLineEdit>(window, "urlLineEdit");
        combo->setCurrentIndex(0);
        url->setFocus();
        url->selectAll();
        QTest::keyClicks(url, QStringLiteral("https://api.alpha.example.test/v1/patients"));
        combo->setCurrentIndex(1);
        QCOMPARE(url->text(), QString()); // Beta has no request yet
        QTest::keyClicks(url, QStringLiteral("https://api.beta.example.test/v2/orders"));
        saveScreenshot(&window, QStringLiteral("i10-4-request-of-beta"));
        combo->setCurrentIndex(0);
        QCOMPARE(url->text(), QStringLiteral("https://api.alpha.example.test/v1/patients"));
        combo->setCurrentIndex(1);
        QCOMPARE(url->text(), QStringLiteral("https://api.beta.example.test/v2/orders"));
        window.close(); // saves the request on screen

        // After a restart each environment comes back with its own request.
        Workspace::AppSession restarted(m_fixture->directory(), new Secrets::MemorySecretStore);
        QVERIFY(restarted.load().isNull());
        Ui::MainWindow again(&restarted);
        auto* urlAgain = child<QLineEdit>(again, "urlLineEdit");
        QCOMPARE(urlAgain->text(), QStringLiteral("https://api.beta.example.test/v2/orders"));
        child<QComboBox>(again, "environmentComboBox")->setCurrentIndex(0);
        QCOMPARE(urlAgain->text(), QStringLiteral("https://api.alpha.example.test/v1/patients"));
    }

    // A workspace from before per-environment requests: its one request goes to the environment that was
    // current, the others start empty.
    void sharedRequestMovesToTheCurrentEnvironment()
    {
        const QJsonObject request {{QStringLiteral("method"), QStringLiteral("GET")},
            {QStringLiteral("url"), QStringLiteral("https://api.beta.example.test/v2/orders")}};
        const auto environment = [](const QString& id, const QString& name) {
            return QJsonObject {{QStringLiteral("id"), id}, {QStringLiteral("name"), name},
                {QStringLiteral("oauth"),
                    QJsonObject {{QStringLiteral("grant"), QStringLiteral("client_credentials")},
                        {QStringLiteral("tokenEndpoint"), QStringLiteral("https://id.example.test/token")},
                        {QStringLiteral("clientId"), QStringLiteral("c")}}}};
        };
        const QJsonObject old {{QStringLiteral("format"), QStringLiteral("tokenscope-workspace")},
            {QStringLiteral("version"), 1}, {QStringLiteral("currentEnvironment"), QStringLiteral("env-b")},
            {QStringLiteral("environments"),
                QJsonArray {environment(QStringLiteral("env-a"), QStringLiteral("Alpha")),
                    environment(QStringLiteral("env-b"), QStringLiteral("Beta"))}},
            {QStringLiteral("draftRequest"), request}};
        QTemporaryDir directory;
        QFile file(directory.filePath(QStringLiteral("workspace.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(old).toJson());
        file.close();
        Workspace::AppSession session(directory.path(), new Secrets::MemorySecretStore);
        QVERIFY(session.load().isNull());
        Ui::MainWindow window(&session);
        auto* url = child<QLineEdit>(window, "urlLineEdit");
        QCOMPARE(url->text(), QStringLiteral("https://api.beta.example.test/v2/orders"));
        child<QComboBox>(window, "environmentComboBox")->setCurrentIndex(0);
        QCOMPARE(url->text(), QString());
    }

    // With Beta selected and Alpha's API in the URL bar, Beta's token is not sent unasked; the question
    // names the host and the environment it belongs to. Sent once anyway, a 401 is not "cured" by
    // refreshing Beta's token and sending it there again, and the error says whose host it is.
    void tokenForAnotherEnvironmentsHostAsksFirst()
    {
        ScriptedServer alphaProvider; // Alpha's provider, which also serves Alpha's API
        ScriptedServer betaProvider;
        QVERIFY(alphaProvider.start() && betaProvider.start());
        betaProvider.enqueue(Tests::reply(
            200, R"({"access_token":"token-of-beta-1","token_type":"Bearer","expires_in":3600})"));
        betaProvider.enqueue(Tests::reply(
            200, R"({"access_token":"token-of-beta-2","token_type":"Bearer","expires_in":3600})"));
        alphaProvider.enqueue(Tests::reply(401, R"({"error":"invalid_token"})", "application/json",
            {{"WWW-Authenticate", R"(Bearer error="invalid_token")"}}));
        addEnvironment(QStringLiteral("Alpha"), alphaProvider.url(QStringLiteral("/")));
        const QString beta = addEnvironment(QStringLiteral("Beta"), betaProvider.url(QStringLiteral("/")));
        m_session->setCurrentEnvironment(beta);
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* url = child<QLineEdit>(window, "urlLineEdit");
        auto* send = child<QPushButton>(window, "sendButton");
        url->setText(alphaProvider.url(QStringLiteral("/api/items")).toString());
        const QString host = QStringLiteral("127.0.0.1:%1").arg(alphaProvider.serverPort());

        Ui::MessageBox::setNextAnswer(QMessageBox::Cancel);
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(!window.requestEditor()->isBusy()); // nothing is on its way (Send would read Cancel)
        QVERIFY2(Ui::MessageBox::lastText().contains(host), qPrintable(Ui::MessageBox::lastText()));
        QVERIFY2(Ui::MessageBox::lastText().contains(QStringLiteral("“Alpha”")),
            qPrintable(Ui::MessageBox::lastText()));
        QVERIFY(alphaProvider.requests().isEmpty());
        QVERIFY(betaProvider.requests().isEmpty());

        Ui::MessageBox::setNextAnswer(QMessageBox::Yes); // Send once
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window.requestEditor()->isBusy(), 10000);
        QCOMPARE(alphaProvider.requests().size(), 1);
        QCOMPARE(alphaProvider.requests().first().headers.value("authorization"), "Bearer token-of-beta-1");
        QCOMPARE(betaProvider.requests().size(), 1); // no refresh after the 401
        QVERIFY(window.banner()->isVisible());
        QVERIFY2(
            window.banner()->text().contains(QStringLiteral("“Alpha”")), qPrintable(window.banner()->text()));
        QVERIFY2(!window.banner()->text().contains(QStringLiteral("Refresh it")),
            qPrintable(window.banner()->text()));
        saveScreenshot(&window, QStringLiteral("i10-4-foreign-host-401"));

        // The real question: "Always for This Host" makes the host one of Beta's API base URLs, and the
        // next call there goes without asking (and would be retried after a refresh like any other).
        alphaProvider.enqueue(Tests::reply(200, "{}"));
        QString asked;
        QTimer::singleShot(0, this, [&asked] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box)
                return;
            asked = box->text();
            saveScreenshot(box, QStringLiteral("i10-4-send-token-question"));
            for (QAbstractButton* button : box->buttons()) {
                if (button->text().remove(QLatin1Char('&')) == QLatin1String("Always for This Host"))
                    button->click();
            }
        });
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY2(asked.startsWith(QStringLiteral("Send the access token of “Beta” to %1?").arg(host)),
            qPrintable(asked));
        QTRY_VERIFY_WITH_TIMEOUT(!window.requestEditor()->isBusy(), 10000);
        QCOMPARE(alphaProvider.requests().size(), 2);
        QCOMPARE(m_session->currentEnvironment()->apiBaseUrls,
            QList<QUrl> {Workspace::apiBaseUrlOf(alphaProvider.url({}))});
        Ui::MessageBox::setNextAnswer(QMessageBox::Cancel); // would stop the call if it were asked
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window.requestEditor()->isBusy(), 10000);
        QCOMPARE(alphaProvider.requests().size(), 3);
        Ui::MessageBox::setNextAnswer(QMessageBox::NoButton);

        // The environment editor lists it, and a line that is no base URL is refused by name.
        QTest::mouseClick(child<QPushButton>(window, "editEnvironmentButton"), Qt::LeftButton);
        QPointer<Ui::EnvironmentDialog> dialog = window.findChild<Ui::EnvironmentDialog*>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        auto* tabs = child<QTabWidget>(*dialog, "sectionsTabWidget");
        tabs->setCurrentWidget(child<QWidget>(*dialog, "variablesTab"));
        auto* apiBaseUrls = child<QPlainTextEdit>(*dialog, "apiBaseUrlsTextEdit");
        QCOMPARE(apiBaseUrls->toPlainText(), Workspace::apiBaseUrlOf(alphaProvider.url({})).toString());
        apiBaseUrls->appendPlainText(
            QStringLiteral("https://api.beta.example.test/v2\napi.beta.example.test/v3?x"));
        auto* buttons = child<QDialogButtonBox>(*dialog, "buttonBox");
        QTest::mouseClick(buttons->button(QDialogButtonBox::Save), Qt::LeftButton);
        auto* problem = child<QLabel>(*dialog, "problemLabel");
        QVERIFY2(
            problem->text().contains(QStringLiteral("“api.beta.example.test/v3?x” is not an API base URL")),
            qPrintable(problem->text()));
        saveScreenshot(dialog, QStringLiteral("i10-4-api-base-urls"));
        QTextCursor last = apiBaseUrls->textCursor();
        last.movePosition(QTextCursor::End);
        last.select(QTextCursor::LineUnderCursor);
        last.removeSelectedText();
        QTest::mouseClick(buttons->button(QDialogButtonBox::Save), Qt::LeftButton);
        QTRY_VERIFY(dialog.isNull());
        QCOMPARE(m_session->currentEnvironment()->apiBaseUrls,
            (QList<QUrl> {Workspace::apiBaseUrlOf(alphaProvider.url({})),
                QUrl(QStringLiteral("https://api.beta.example.test/v2"))}));
    }

    // The workspace used to be kept in Tokenscope/Tokenscope (organisation and application name both);
    // it is now in one Tokenscope folder, and a file in the old place is moved there on start.
    void workspaceMovesOutOfTheDoubleFolder()
    {
        QTemporaryDir data;
        const QByteArray savedDataHome = qgetenv("XDG_DATA_HOME");
        qputenv("XDG_DATA_HOME", QFile::encodeName(data.path()));
        QStandardPaths::setTestModeEnabled(false);
        const QString savedName = QCoreApplication::applicationName();
        const QString savedOrganization = QCoreApplication::organizationName();
        auto restore = qScopeGuard([&] {
            qputenv("XDG_DATA_HOME", savedDataHome);
            QStandardPaths::setTestModeEnabled(true);
            QCoreApplication::setApplicationName(savedName);
            QCoreApplication::setOrganizationName(savedOrganization);
        });
        const QString oldFolder = QDir(data.path()).filePath(QStringLiteral("Tokenscope/Tokenscope"));
        {
            Workspace::AppSession older(oldFolder, new Secrets::MemorySecretStore);
            older.load();
            Workspace::Environment environment;
            environment.name = QStringLiteral("Kept through the move");
            older.putEnvironment(environment);
        }
        const QByteArray written = [&oldFolder] {
            QFile file(QDir(oldFolder).filePath(QStringLiteral("workspace.json")));
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }();
        QVERIFY(!written.isEmpty());

        // As main() does on start: the names, then the folder they give, then the move.
        Ui::setUpApplication(*qApp);
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QCOMPARE(folder, QDir(data.path()).filePath(QStringLiteral("Tokenscope")));
        QVERIFY(Ui::adoptLegacyDataFolder(folder).isNull());
        QFile moved(QDir(folder).filePath(QStringLiteral("workspace.json")));
        QVERIFY(moved.open(QIODevice::ReadOnly));
        QCOMPARE(moved.readAll(), written);
        QVERIFY(!QFile::exists(QDir(oldFolder).filePath(QStringLiteral("workspace.json"))));
        QFile note(QDir(oldFolder).filePath(QStringLiteral("workspace.json.moved.txt")));
        QVERIFY(note.open(QIODevice::ReadOnly));
        QVERIFY(note.readAll().contains(QFile::encodeName(moved.fileName())));

        Workspace::AppSession session(folder, new Secrets::MemorySecretStore);
        QVERIFY(session.load().isNull());
        Ui::MainWindow window(&session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(child<QComboBox>(window, "environmentComboBox")->currentText(),
            QStringLiteral("Kept through the move"));
        saveScreenshot(&window, QStringLiteral("i10-10-workspace-after-move"));
        // A second start finds nothing more to move.
        QVERIFY(Ui::adoptLegacyDataFolder(folder).isNull());
        QVERIFY(moved.exists());
    }

    // A long endpoint shows its beginning (scheme and host, what tells one provider from another), and
    // the whole value as its tooltip, also after it changes.
    void longEndpointFieldsShowTheirStart()
    {
        const QString longPath = QStringLiteral(
            "/tenant-7c1f0d2e-8a55-4bb4-9a0e-2f3b6c1d9e77/b2c_1a_signup_signin_with_a_long_policy_name/"
            "oauth2/v2.0/token");
        Workspace::Environment environment;
        environment.name = QStringLiteral("Hub");
        environment.oauth.issuer = QStringLiteral("https://login.hub.example.test") + longPath;
        environment.oauth.authorizationEndpoint = QUrl(
            QStringLiteral("https://login.hub.example.test") + longPath + QStringLiteral("/authorize"));
        environment.oauth.tokenEndpoint = QUrl(QStringLiteral("https://login.hub.example.test") + longPath);
        environment.oauth.jwksUri
            = QUrl(QStringLiteral("https://login.hub.example.test") + longPath + QStringLiteral("/keys"));
        environment.oauth.redirectUri
            = QUrl(QStringLiteral("https://app.hub.example.test/signin-callback") + longPath);
        Ui::EnvironmentDialog dialog(environment, false);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        for (const char* name : {"issuerLineEdit", "authorizationEndpointLineEdit", "tokenEndpointLineEdit",
                 "jwksUriLineEdit", "redirectUriLineEdit"}) {
            auto* edit = child<QLineEdit>(dialog, name);
            QVERIFY2(edit->fontMetrics().horizontalAdvance(edit->text()) > edit->width(), name); // too long
            QVERIFY2(edit->cursorPosition() == 0, name);
            QVERIFY2(edit->toolTip().contains(edit->text()), qPrintable(edit->toolTip()));
        }
        saveScreenshot(&dialog, QStringLiteral("i10-11-long-endpoints"));

        auto* token = child<QLineEdit>(dialog, "tokenEndpointLineEdit");
        token->setFocus();
        token->selectAll();
        QTest::keyClicks(token, QStringLiteral("https://other.example.test/token"));
        QVERIFY2(token->toolTip().contains(QStringLiteral("https://other.example.test/token")),
            qPrintable(token->toolTip() + QStringLiteral(" / ") + token->text()));
        QVERIFY(!token->toolTip().contains(longPath));
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestEnvironmentsGui)
#include "tst_environments_gui.moc"
