#include "appsessionfixture.h"
#include "historymodel.h"
#include "historyview.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "messagebox.h"
#include "requestactions.h"
#include "requesteditor.h"
#include "requesttabs.h"
#include "testmain.h"
#include "widgethelpers.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace Tokenscope;
using Tokenscope::Tests::saveScreenshot;

namespace {

const QString token = QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.HISTORY-secret-token");

Http::HttpRequest request(const char* method, const QString& url)
{
    Http::HttpRequest r;
    r.method = method;
    r.url = url;
    return r;
}

Http::HttpResponse response(int status, const QByteArray& body)
{
    Http::HttpResponse r;
    r.status = status;
    r.elapsedMs = 42;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = body;
    return r;
}

void recordSamples(Ui::RequestActions* actions)
{
    actions->record(
        request("GET", QStringLiteral("https://api.example.com/v1/items")), response(200, "[1,2]"));
    Http::HttpRequest post = request("POST", QStringLiteral("https://api.example.com/v1/orders"));
    post.body = "{\"item\":\"book\"}";
    post.rawType = QStringLiteral("json");
    Http::HttpResponse created = response(201, "{\"id\":7}");
    created.sent.url = QUrl(QStringLiteral("https://api.example.com/v1/orders"));
    created.sent.headers = {{"Authorization", "Bearer " + token.toUtf8()}};
    actions->record(post, created);
    actions->record(request("DELETE", QStringLiteral("https://api.example.com/v1/orders/7")),
        response(404, "{\"error\":\"not_found\"}"));
}

} // namespace

class TestCurlHistoryGui final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void historyDockFiltersAndReopens()
    {
        Tests::AppSessionFixture fixture;
        QVERIFY(fixture.session()->load().isNull());
        Ui::MainWindow window(fixture.session());
        auto* dock = window.findChild<Ui::HistoryView*>(QStringLiteral("historyDock"));
        QVERIFY(dock);
        dock->show();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QAbstractItemModelTester tester(window.requestActions()->historyModel());
        recordSamples(window.requestActions());
        auto* list = dock->findChild<QTreeView*>(QStringLiteral("historyTreeView"));
        auto* search = dock->findChild<QLineEdit*>(QStringLiteral("historySearchLineEdit"));
        QVERIFY(list && search);
        QCOMPARE(list->model()->rowCount(), 3);
        QCOMPARE(list->model()->index(0, Ui::HistoryModel::MethodColumn).data().toString(),
            QStringLiteral("DELETE"));
        saveScreenshot(&window, QStringLiteral("curlhistory-dock"));

        QTest::keyClicks(search, QStringLiteral("post"));
        QCOMPARE(list->model()->rowCount(), 1);
        search->clear();
        QTest::keyClicks(search, QStringLiteral("404"));
        QCOMPARE(list->model()->rowCount(), 1);
        search->clear();
        QTest::keyClicks(search, QStringLiteral("orders 201"));
        QCOMPARE(list->model()->rowCount(), 1);
        saveScreenshot(dock, QStringLiteral("curlhistory-dock-filtered"));

        // Enter on the entry opens its request as composed.
        list->setFocus();
        list->setCurrentIndex(list->model()->index(0, 0));
        QTest::keyClick(list->viewport(), Qt::Key_Return);
        QTRY_COMPARE(
            window.requestEditor()->request().url, QStringLiteral("https://api.example.com/v1/orders"));
        QCOMPARE(window.requestEditor()->request().method, QByteArray("POST"));
        QCOMPARE(window.requestEditor()->request().body, QByteArray("{\"item\":\"book\"}"));

        window.requestActions()->historyModel()->removeEntry(0);
        QCOMPARE(window.requestActions()->historyModel()->rowCount(), 2);
    }

    void keptAcrossARestartWithoutSecrets()
    {
        QTemporaryDir dir;
        {
            Workspace::AppSession session(
                dir.path(), new Secrets::SessionSecretStore(new Secrets::MemorySecretStore));
            QVERIFY(session.load().isNull());
            session.flowLog()->registerSecret(token);
            Ui::MainWindow window(&session);
            recordSamples(window.requestActions());
        }
        QFile file(dir.filePath(QStringLiteral("history.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray stored = file.readAll();
        QVERIFY(stored.contains("/v1/orders"));
        QVERIFY(!stored.contains(token.toUtf8()));
        QVERIFY(!stored.contains("HISTORY-secret"));

        Workspace::AppSession session(
            dir.path(), new Secrets::SessionSecretStore(new Secrets::MemorySecretStore));
        QVERIFY(session.load().isNull());
        Ui::MainWindow window(&session);
        Ui::HistoryModel* model = window.requestActions()->historyModel();
        QTRY_VERIFY(model->isLoaded());
        QCOMPARE(model->rowCount(), 3);
        QCOMPARE(model->index(1, Ui::HistoryModel::UrlColumn).data().toString(),
            QStringLiteral("https://api.example.com/v1/orders"));
        QCOMPARE(model->index(1, Ui::HistoryModel::StatusColumn).data().toString(), QStringLiteral("201"));
        QCOMPARE(model->entry(1).request.body, QByteArray("{\"item\":\"book\"}"));
    }

    // The window does not wait for the file: sends recorded before it is read go first, and nothing of
    // either is lost, also when the application quits before the file was read.
    void recordedBeforeTheHistoryIsReadIsKept()
    {
        QTemporaryDir dir;
        Workspace::History older(dir.path());
        for (int i = 0; i < 400; ++i)
            older.record(
                Workspace::History::entryFor(request("GET", QStringLiteral("https://x.test/old%1").arg(i)),
                    {}, response(200, QByteArray(4000, 'x')), QDateTime::currentDateTimeUtc()),
                {});
        QVERIFY(older.save().isNull());
        {
            Ui::HistoryModel model(dir.path());
            QAbstractItemModelTester tester(&model);
            QSignalSpy loaded(&model, &Ui::HistoryModel::loaded);
            model.load();
            model.record(Workspace::History::entryFor(request("GET", QStringLiteral("https://x.test/new0")),
                             {}, response(200, "{}"), QDateTime::currentDateTimeUtc()),
                {});
            QCOMPARE(model.rowCount(), 1);
            QVERIFY(loaded.wait());
            QVERIFY(loaded.at(0).at(0).value<Error>().isNull());
            QCOMPARE(model.rowCount(), 401);
            QCOMPARE(model.entry(0).request.url, QStringLiteral("https://x.test/new0"));
            QCOMPARE(model.entry(1).request.url, QStringLiteral("https://x.test/old399"));
            for (int i = 1; i <= 50; ++i)
                model.record(Workspace::History::entryFor(
                                 request("POST", QStringLiteral("https://x.test/new%1").arg(i)), {},
                                 response(201, "{}"), QDateTime::currentDateTimeUtc()),
                    {});
        }
        {
            // Quit before the file was read: the new entry still reaches it, after the others.
            Ui::HistoryModel model(dir.path());
            model.load();
            model.record(Workspace::History::entryFor(request("GET", QStringLiteral("https://x.test/last")),
                             {}, response(200, "{}"), QDateTime::currentDateTimeUtc()),
                {});
        }
        Workspace::History reloaded(dir.path());
        QVERIFY(reloaded.load().isNull());
        QCOMPARE(reloaded.entries().size(), 452);
        QCOMPARE(reloaded.entries().at(0).request.url, QStringLiteral("https://x.test/last"));
        QCOMPARE(reloaded.entries().at(1).request.url, QStringLiteral("https://x.test/new50"));
        QCOMPARE(reloaded.entries().at(51).request.url, QStringLiteral("https://x.test/new0"));
        QCOMPARE(reloaded.entries().at(52).request.url, QStringLiteral("https://x.test/old399"));
        QCOMPARE(reloaded.entries().constLast().request.url, QStringLiteral("https://x.test/old0"));
    }

    void pastingCurlIntoTheUrlReplacesTheRequest()
    {
        Tests::AppSessionFixture fixture;
        Workspace::AppSession* session = fixture.session();
        QVERIFY(session->load().isNull());
        Workspace::Environment environment;
        environment.id = QStringLiteral("env-1");
        environment.name = QStringLiteral("Orders API");
        session->putEnvironment(environment);
        session->setCurrentEnvironment(environment.id);
        Ui::MainWindow window(session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const Http::HttpRequest before = window.requestEditor()->request();

        QApplication::clipboard()->setText(QStringLiteral(
            "curl -X PUT 'https://api.example.com/v1/orders/7' \\\n  -H 'Accept: application/json' \\\n"
            "  -H 'Authorization: Bearer pasted-SECRET-123' \\\n  --data-raw '{\"qty\":3}'"));
        auto* url = window.findChild<QLineEdit*>(QStringLiteral("urlLineEdit"));
        QVERIFY(url);
        url->setFocus();
        QTest::keyClick(url, Qt::Key_V, Qt::ControlModifier);
        const Http::HttpRequest pasted = window.requestEditor()->request();
        QCOMPARE(pasted.method, QByteArray("PUT"));
        QCOMPARE(pasted.url, QStringLiteral("https://api.example.com/v1/orders/7"));
        QCOMPARE(pasted.body, QByteArray("{\"qty\":3}"));
        auto* banner = window.findChild<Ui::MessageBanner*>();
        QVERIFY(banner->text().contains(QStringLiteral("replaced")));
        // The token went to the environment's secret variables, not into the request.
        const Workspace::Environment* current = session->currentEnvironment();
        QVERIFY(current);
        const auto found = std::find_if(current->variables.cbegin(), current->variables.cend(),
            [](const Http::Variable& v) { return v.name == QLatin1String("pastedToken"); });
        QVERIFY(found != current->variables.cend());
        QVERIFY(found->secret);
        QCOMPARE(found->value, QStringLiteral("pasted-SECRET-123"));
        saveScreenshot(&window, QStringLiteral("curlhistory-pasted"));

        // Copy as curl gives the request back without the secret.
        auto* copyAction = window.findChild<QAction*>(QStringLiteral("copyAsCurlAction"));
        QVERIFY(copyAction);
        copyAction->trigger();
        QString copied = QApplication::clipboard()->text();
        QVERIFY2(copied.contains(QLatin1String("https://api.example.com/v1/orders/7")), qPrintable(copied));
        QVERIFY2(!copied.contains(QLatin1String("pasted-SECRET-123")), qPrintable(copied));
        // The token kept as a secret variable of the environment comes out as a shell variable.
        Http::HttpRequest withToken = pasted;
        withToken.auth.style = Http::RequestAuth::Style::BearerFromVariable;
        withToken.auth.variable = QStringLiteral("pastedToken");
        window.requestActions()->copyAsCurl(withToken, false);
        copied = QApplication::clipboard()->text();
        QVERIFY2(!copied.contains(QLatin1String("pasted-SECRET-123")), qPrintable(copied));
        QVERIFY2(copied.contains(QLatin1String("${pastedToken}")), qPrintable(copied));
        // With the secrets only after saying yes.
        Ui::MessageBox::setNextAnswer(QMessageBox::Yes);
        window.requestActions()->copyAsCurl(withToken, true);
        QVERIFY(QApplication::clipboard()->text().contains(QLatin1String("Bearer pasted-SECRET-123")));

        // Undo puts the previous request back.
        QPushButton* undo = nullptr;
        for (auto* button : banner->findChildren<QPushButton*>()) {
            if (button->text() == QLatin1String("Undo"))
                undo = button;
        }
        QVERIFY(undo);
        undo->click();
        QCOMPARE(window.requestEditor()->request().url, before.url);

        // Text that is not a curl command is pasted as text.
        QApplication::clipboard()->setText(QStringLiteral("https://example.org/plain"));
        url->clear();
        QTest::keyClick(url, Qt::Key_V, Qt::ControlModifier);
        QCOMPARE(url->text(), QStringLiteral("https://example.org/plain"));
    }

    void secondImportKeepsTheFirstSecretAndUndoRemovesItsOwn()
    {
        Tests::AppSessionFixture fixture;
        Workspace::AppSession* session = fixture.session();
        QVERIFY(session->load().isNull());
        Workspace::Environment environment;
        environment.id = QStringLiteral("env-1");
        environment.name = QStringLiteral("Orders API");
        environment.variables = {{QStringLiteral("tenant"), QStringLiteral("acme"), true, false}};
        session->putEnvironment(environment);
        session->setCurrentEnvironment(environment.id);
        Ui::MainWindow window(session);
        Ui::RequestActions* actions = window.requestActions();
        const auto variables = [session] {
            QStringList lines;
            for (const Http::Variable& v : session->currentEnvironment()->variables)
                lines.append(v.name + u'=' + v.value);
            return lines;
        };
        const auto keyOf = [](const char* name) {
            return Workspace::secretVariableKey(QStringLiteral("env-1"), QLatin1String(name));
        };
        const auto undo = [&window] {
            auto* banner = window.findChild<Ui::MessageBanner*>();
            for (auto* button : banner->findChildren<QPushButton*>()) {
                if (button->text() == QLatin1String("Undo"))
                    return button;
            }
            return static_cast<QPushButton*>(nullptr);
        };

        QVERIFY(actions->applyCurl(
            QStringLiteral("curl https://api.example.com/a -H 'Authorization: Bearer first-SECRET'")));
        QCOMPARE(variables(),
            QStringList({QStringLiteral("tenant=acme"), QStringLiteral("pastedToken=first-SECRET")}));
        QCOMPARE(window.requestEditor()->request().auth.variable, QStringLiteral("pastedToken"));
        const Http::HttpRequest afterFirst = window.requestEditor()->request();

        // Another token: a name of its own; the first one's value is kept.
        QVERIFY(actions->applyCurl(QStringLiteral(
            "curl https://api.example.com/b -H 'Authorization: Bearer second-SECRET' -H 'X-Api-Key: k-1'")));
        QCOMPARE(variables(),
            QStringList({QStringLiteral("tenant=acme"), QStringLiteral("pastedToken=first-SECRET"),
                QStringLiteral("pastedToken2=second-SECRET"), QStringLiteral("pastedXApiKey=k-1")}));
        QCOMPARE(window.requestEditor()->request().auth.variable, QStringLiteral("pastedToken2"));
        QTRY_COMPARE(fixture.keychain()->value(keyOf("pastedToken2")), QStringLiteral("second-SECRET"));
        QCOMPARE(fixture.keychain()->value(keyOf("pastedToken")), QStringLiteral("first-SECRET"));
        QTRY_VERIFY(fixture.keychain()->contains(keyOf("pastedXApiKey")));

        // Undo takes the variables it created away again, from the keychain too.
        QPushButton* button = undo();
        QVERIFY(button);
        button->click();
        QCOMPARE(window.requestEditor()->request(), afterFirst);
        QCOMPARE(variables(),
            QStringList({QStringLiteral("tenant=acme"), QStringLiteral("pastedToken=first-SECRET")}));
        QTRY_VERIFY(!fixture.keychain()->contains(keyOf("pastedToken2")));
        QTRY_VERIFY(!fixture.keychain()->contains(keyOf("pastedXApiKey")));
        QCOMPARE(fixture.keychain()->value(keyOf("pastedToken")), QStringLiteral("first-SECRET"));

        // The same token again refers to the variable that holds it; nothing new is made.
        QVERIFY(actions->applyCurl(
            QStringLiteral("curl https://api.example.com/c -H 'Authorization: Bearer first-SECRET'")));
        QCOMPARE(variables(),
            QStringList({QStringLiteral("tenant=acme"), QStringLiteral("pastedToken=first-SECRET")}));
        QCOMPARE(window.requestEditor()->request().auth.variable, QStringLiteral("pastedToken"));
        button = undo();
        QVERIFY(button);
        button->click();
        QCOMPARE(variables(),
            QStringList({QStringLiteral("tenant=acme"), QStringLiteral("pastedToken=first-SECRET")}));
        QCOMPARE(fixture.keychain()->value(keyOf("pastedToken")), QStringLiteral("first-SECRET"));
    }

    // The Undo of a pasted curl command puts back the request of the tab it was pasted in: once another tab
    // or environment is shown it goes, and the request shown there is left as it is.
    void curlUndoGoesWhenAnotherTabIsShown()
    {
        Tests::AppSessionFixture fixture;
        Workspace::AppSession* session = fixture.session();
        QVERIFY(session->load().isNull());
        for (const char* id : {"env-1", "env-2"}) {
            Workspace::Environment environment;
            environment.id = QLatin1String(id);
            environment.name = QLatin1String(id);
            session->putEnvironment(environment);
        }
        session->setCurrentEnvironment(QStringLiteral("env-1"));
        session->setOpenRequests(QStringLiteral("env-1"),
            {{request("GET", QStringLiteral("https://api.example.com/first-tab"))}, 0});
        Ui::MainWindow window(session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Ui::RequestTabs* tabs = window.requestTabs();
        const quint64 first = tabs->currentId();
        const auto undoShown = [&window] {
            const auto buttons = window.banner()->findChildren<QPushButton*>();
            return window.banner()->isVisible() && std::any_of(buttons.cbegin(), buttons.cend(), [](auto* b) {
                return b->isVisible() && b->text() == QLatin1String("Undo");
            });
        };

        // A new tab (Ctrl+T, or a history entry opened in one) is typed in: the Undo is gone.
        QVERIFY(window.requestActions()->applyCurl(QStringLiteral("curl https://api.example.com/pasted")));
        QVERIFY(undoShown());
        window.openRequestInNewTab(request("GET", QStringLiteral("https://api.example.com/history")));
        QVERIFY(tabs->currentId() != first);
        QVERIFY(!undoShown());
        auto* url = window.findChild<QLineEdit*>(QStringLiteral("urlLineEdit"));
        QVERIFY(url);
        url->setFocus();
        QTest::keyClicks(url, QStringLiteral("/typed"));
        QCOMPARE(
            window.requestEditor()->request().url, QStringLiteral("https://api.example.com/history/typed"));
        QCOMPARE(tabs->tab(first).request.url, QStringLiteral("https://api.example.com/pasted"));
        saveScreenshot(&window, QStringLiteral("curlhistory-undo-gone"));

        // Back in the first tab: no Undo either; a paste there has one of its own, which works.
        tabs->bar()->setCurrentIndex(0);
        QCOMPARE(tabs->currentId(), first);
        QVERIFY(!undoShown());
        QCOMPARE(window.requestEditor()->request().url, QStringLiteral("https://api.example.com/pasted"));
        QVERIFY(window.requestActions()->applyCurl(QStringLiteral("curl https://api.example.com/again")));
        QVERIFY(undoShown());

        // Another environment and back: its tabs were shown meanwhile, so the Undo does not come back.
        session->setCurrentEnvironment(QStringLiteral("env-2"));
        QVERIFY(!undoShown());
        session->setCurrentEnvironment(QStringLiteral("env-1"));
        QCOMPARE(tabs->currentId(), first);
        QVERIFY(!undoShown());
        QCOMPARE(window.requestEditor()->request().url, QStringLiteral("https://api.example.com/again"));
        const QList<Http::HttpRequest> kept = session->openRequests(QStringLiteral("env-1")).requests;
        QCOMPARE(kept.size(), 2);
        QCOMPARE(kept.at(1).url, QStringLiteral("https://api.example.com/history/typed"));
    }

    // Pasted by the context menu (QLineEdit::paste, as a middle click or a drop): Undo gives the path
    // variables back with their values.
    void curlPastedByMenuUndoKeepsPathVariables()
    {
        Tests::AppSessionFixture fixture;
        Workspace::AppSession* session = fixture.session();
        QVERIFY(session->load().isNull());
        Workspace::Environment environment;
        environment.id = QStringLiteral("env-1");
        environment.name = QStringLiteral("Patients API");
        session->putEnvironment(environment);
        session->setCurrentEnvironment(environment.id);
        Http::HttpRequest patient = request("GET", QStringLiteral("https://api.example.com/patients/:id"));
        patient.pathVariables = {{QStringLiteral("id"), QStringLiteral("42"), true}};
        session->setOpenRequests(environment.id, {{patient}, 0});
        Ui::MainWindow window(session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.requestEditor()->request().pathVariables, patient.pathVariables);

        QApplication::clipboard()->setText(QStringLiteral("curl https://api.example.com/orders/7"));
        auto* url = window.findChild<QLineEdit*>(QStringLiteral("urlLineEdit"));
        QVERIFY(url);
        url->selectAll();
        url->paste();
        QTRY_COMPARE(
            window.requestEditor()->request().url, QStringLiteral("https://api.example.com/orders/7"));
        QPushButton* undo = nullptr;
        for (auto* button : window.banner()->findChildren<QPushButton*>()) {
            if (button->text() == QLatin1String("Undo"))
                undo = button;
        }
        QVERIFY(undo);
        undo->click();
        const Http::HttpRequest back = window.requestEditor()->request();
        QCOMPARE(back.url, patient.url);
        QCOMPARE(back.pathVariables, patient.pathVariables);
    }

    void importDialogNamesWhatItCannotRead()
    {
        Tests::AppSessionFixture fixture;
        QVERIFY(fixture.session()->load().isNull());
        Ui::MainWindow window(fixture.session());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        bool checked = false;
        QTimer::singleShot(0, &window, [&] {
            auto* dialog = window.findChild<QDialog*>(QStringLiteral("importCurlDialog"));
            QVERIFY(dialog);
            auto* text = dialog->findChild<QPlainTextEdit*>(QStringLiteral("curlTextEdit"));
            auto* buttons = dialog->findChild<QDialogButtonBox*>();
            text->setPlainText(QStringLiteral("curl --digest -u ann:pw https://api.example.com/"));
            buttons->button(QDialogButtonBox::Ok)->click();
            auto* error = dialog->findChild<QLabel*>(QStringLiteral("curlErrorLabel"));
            QVERIFY(error->isVisible());
            QVERIFY(error->text().contains(QStringLiteral("--digest")));
            text->setPlainText(QStringLiteral("curl https://api.example.com/v1/items \\\n"
                                              "  -H 'Accept: application/json' \\\n  -G -d page=2"));
            saveScreenshot(dialog, QStringLiteral("curlhistory-import-dialog"));
            buttons->button(QDialogButtonBox::Ok)->click();
            checked = true;
        });
        window.requestActions()->importCurlDialog();
        QVERIFY(checked);
        QCOMPARE(
            window.requestEditor()->request().url, QStringLiteral("https://api.example.com/v1/items?page=2"));
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestCurlHistoryGui)
#include "tst_curlhistory_gui.moc"
