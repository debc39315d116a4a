#include "appsessionfixture.h"
#include "collectionactions.h"
#include "mainwindow.h"
#include "memorysecretstore.h"
#include "oidcfixture.h"
#include "requesteditor.h"
#include "requesttabs.h"
#include "resolvedvariablesview.h"
#include "roles.h"
#include "scriptedserver.h"
#include "testmain.h"
#include "urllineedit.h"
#include "variableactions.h"
#include "variablesdialog.h"
#include "variabletablemodel.h"
#include "widgethelpers.h"

#include <QAbstractButton>
#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Tokenscope;
using Tokenscope::Tests::child;
using Tokenscope::Tests::saveScreenshot;

namespace {

const QString collectionSecret = QStringLiteral("collection-secret-4711");
const QString globalSecret = QStringLiteral("global-secret-0815");

// A Postman v2.1 collection with variables of its own (one secret) and one request that needs them;
// withToken: it sends the environment's access token, else no authorization.
QString writeCollection(const QTemporaryDir& dir, const QString& url, bool withToken = false)
{
    QJsonObject request {{QStringLiteral("method"), QStringLiteral("GET")},
        {QStringLiteral("header"),
            QJsonArray {QJsonObject {{QStringLiteral("key"), QStringLiteral("X-Tenant")},
                            {QStringLiteral("value"), QStringLiteral("{{tenantKey}}")}},
                QJsonObject {{QStringLiteral("key"), QStringLiteral("X-Shared")},
                    {QStringLiteral("value"), QStringLiteral("{{shared}}")}},
                QJsonObject {{QStringLiteral("key"), QStringLiteral("X-Global")},
                    {QStringLiteral("value"), QStringLiteral("{{onlyGlobal}}")}}}},
        {QStringLiteral("url"), QJsonObject {{QStringLiteral("raw"), url}}}};
    // A bearer block without a token: the environment's access token is sent.
    request.insert(QStringLiteral("auth"),
        withToken ? QJsonObject {{QStringLiteral("type"), QStringLiteral("bearer")},
            {QStringLiteral("bearer"),
                QJsonArray {QJsonObject {
                    {QStringLiteral("key"), QStringLiteral("token")}, {QStringLiteral("value"), QString()}}}}}
                  : QJsonObject {{QStringLiteral("type"), QStringLiteral("noauth")}});
    const QJsonObject collection {
        {QStringLiteral("info"),
            QJsonObject {{QStringLiteral("name"), QStringLiteral("Vars API")},
                {QStringLiteral("schema"),
                    QStringLiteral("https://schema.getpostman.com/json/collection/v2.1.0/collection.json")}}},
        {QStringLiteral("variable"),
            QJsonArray {
                QJsonObject {{QStringLiteral("key"), QStringLiteral("apiPath")},
                    {QStringLiteral("value"), QStringLiteral("/api/patients")}},
                QJsonObject {{QStringLiteral("key"), QStringLiteral("shared")},
                    {QStringLiteral("value"), QStringLiteral("from-collection")}},
                QJsonObject {{QStringLiteral("key"), QStringLiteral("tenantKey")},
                    {QStringLiteral("value"), collectionSecret},
                    {QStringLiteral("type"), QStringLiteral("secret")}},
            }},
        {QStringLiteral("item"),
            QJsonArray {QJsonObject {
                {QStringLiteral("name"), QStringLiteral("Patients")}, {QStringLiteral("request"), request}}}},
    };
    const QString path = dir.filePath(QStringLiteral("vars.postman_collection.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(collection).toJson()) < 0)
        qFatal("cannot write the collection");
    return path;
}

// A Postman environment naming the API's address.
QString writeEnvironment(const QTemporaryDir& dir, const QString& baseUrl)
{
    const QJsonObject environment {{QStringLiteral("name"), QStringLiteral("Demo here")},
        {QStringLiteral("values"),
            QJsonArray {QJsonObject {{QStringLiteral("key"), QStringLiteral("baseUrl")},
                            {QStringLiteral("value"), baseUrl}, {QStringLiteral("enabled"), true}},
                QJsonObject {{QStringLiteral("key"), QStringLiteral("shared")},
                    {QStringLiteral("value"), QStringLiteral("from-environment")},
                    {QStringLiteral("enabled"), true}}}}};
    const QString path = dir.filePath(QStringLiteral("here.postman_environment.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(environment).toJson()) < 0)
        qFatal("cannot write the environment");
    return path;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Every file under the workspace folder, collections included, holds none of the secret values.
void verifyNoSecretOnDisk(const QString& directory, const QStringList& secrets)
{
    const QDir workspace(directory);
    const QStringList names = workspace.entryList(QDir::Files)
        + QDir(workspace.filePath(QStringLiteral("collections"))).entryList(QDir::Files);
    for (const QString& name : names) {
        QByteArray bytes = readAll(workspace.filePath(name));
        if (bytes.isEmpty())
            bytes = readAll(workspace.filePath(QStringLiteral("collections/") + name));
        for (const QString& secret : secrets)
            QVERIFY2(!bytes.contains(secret.toUtf8()), qPrintable(name));
    }
}

// Opens the collection's first request in a tab, as a double click in the Collections dock does.
void openFirstRequest(Ui::MainWindow& window)
{
    Ui::CollectionActions* collections = window.collectionActions();
    const Workspace::Collection collection = collections->collections().first();
    Q_EMIT collections->openRequested(
        *collections->requestAt(collection.id, {0}), collection.id, collection.items.first().id);
}

QString cell(const QTableWidget* table, const QString& name, int column)
{
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, Ui::ResolvedVariablesView::NameColumn)->text() == name)
            return table->item(row, column)->text();
    }
    return QStringLiteral("(no row %1)").arg(name);
}

} // namespace

class TestVariablesGui final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().remove(QStringLiteral("window/collectionsVisible")); }

    // The view lists each name once with the level it comes from and the lower levels it hides.
    void resolvedViewShowsLevelAndHiding_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("hides");
        QTest::newRow("environment-hides-collection-and-global")
            << QStringLiteral("shared") << QStringLiteral("from-environment")
            << QStringLiteral("Environment (Demo here)") << QStringLiteral("Collection, Global");
        QTest::newRow("collection-alone") << QStringLiteral("apiPath") << QStringLiteral("/api/patients")
                                          << QStringLiteral("Collection (Vars API)") << QString();
        QTest::newRow("global-alone")
            << QStringLiteral("onlyGlobal") << QStringLiteral("g1") << QStringLiteral("Global") << QString();
        QTest::newRow("collection-secret-as-bullets")
            << QStringLiteral("tenantKey") << QString(8, QChar(0x2022))
            << QStringLiteral("Collection (Vars API)") << QString();
        QTest::newRow("global-secret-as-bullets") << QStringLiteral("globalKey") << QString(8, QChar(0x2022))
                                                  << QStringLiteral("Global") << QString();
    }

    void resolvedViewShowsLevelAndHiding()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QString, source);
        QFETCH(QString, hides);
        QTemporaryDir files;
        Tests::AppSessionFixture fixture;
        QVERIFY(fixture.session()->load().isNull());
        fixture.session()->setGlobals({{QStringLiteral("shared"), QStringLiteral("from-global"), true, false},
            {QStringLiteral("onlyGlobal"), QStringLiteral("g1"), true, false},
            {QStringLiteral("globalKey"), globalSecret, true, true}});
        Ui::MainWindow window(fixture.session());
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Ui::CollectionActions* collections = window.collectionActions();
        QVERIFY(collections->importCollectionFile(
            writeCollection(files, QStringLiteral("{{baseUrl}}{{apiPath}}"))));
        QVERIFY(collections->importEnvironmentFile(
            writeEnvironment(files, QStringLiteral("http://127.0.0.1:9"))));
        openFirstRequest(window);

        child<QAction>(window, "resolvedVariablesAction")->trigger();
        Ui::ResolvedVariablesView* view = window.variableActions()->view();
        QVERIFY(view->isVisible());
        QTableWidget* table = view->table();
        QCOMPARE(cell(table, name, Ui::ResolvedVariablesView::ValueColumn), value);
        QCOMPARE(cell(table, name, Ui::ResolvedVariablesView::SourceColumn), source);
        QCOMPARE(cell(table, name, Ui::ResolvedVariablesView::HidesColumn), hides);
        QCOMPARE(table->rowCount(), 6); // apiPath, baseUrl, globalKey, onlyGlobal, shared, tenantKey
        saveScreenshot(view, QStringLiteral("resolved-variables"));

        // Shown on request; the tab of a request not from the collection sees no collection variables.
        view->showSecrets()->setChecked(true);
        QCOMPARE(cell(table, QStringLiteral("tenantKey"), Ui::ResolvedVariablesView::ValueColumn),
            collectionSecret);
        QCOMPARE(
            cell(table, QStringLiteral("globalKey"), Ui::ResolvedVariablesView::ValueColumn), globalSecret);
        saveScreenshot(view, QStringLiteral("resolved-variables-shown"));
        window.openRequestInNewTab({});
        QCOMPARE(cell(table, QStringLiteral("shared"), Ui::ResolvedVariablesView::HidesColumn),
            QStringLiteral("Global"));
        QVERIFY(cell(table, QStringLiteral("apiPath"), 0).startsWith(QStringLiteral("(no row")));
        view->close();

        // The {{ }} button beside the URL shows it too.
        QTest::mouseClick(child<QToolButton>(window, "resolvedVariablesButton"), Qt::LeftButton);
        QVERIFY(view->isVisible());
        saveScreenshot(&window, QStringLiteral("resolved-variables-button"));
    }

    // Edited in the dialog, the globals are kept in the workspace file, a secret one's value in the
    // keychain only, and come back after a restart.
    void globalsDialogPersistsAcrossReload()
    {
        Tests::AppSessionFixture fixture;
        QVERIFY(fixture.session()->load().isNull());
        {
            Ui::MainWindow window(fixture.session());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            child<QAction>(window, "globalVariablesAction")->trigger();
            auto* dialog = child<Ui::VariablesDialog>(window, "globalVariablesDialog");
            QVERIFY(dialog->isVisible());
            dialog->model()->appendVariable(
                {QStringLiteral("region"), QStringLiteral("eu-west"), true, false});
            dialog->model()->appendVariable({QStringLiteral("globalKey"), globalSecret, true, true});
            saveScreenshot(dialog, QStringLiteral("global-variables-dialog"));
            dialog->accept();
            QTRY_COMPARE(fixture.keychain()->value(Workspace::globalSecretKey(QStringLiteral("globalKey"))),
                globalSecret);
            const QByteArray file
                = readAll(QDir(fixture.directory()).filePath(QStringLiteral("workspace.json")));
            QVERIFY2(file.contains("eu-west"), file.constData());
            QVERIFY(file.contains("globalKey"));
            QVERIFY(!file.contains(globalSecret.toUtf8()));
        }

        auto* keychain = new Secrets::MemorySecretStore;
        keychain->write(Workspace::globalSecretKey(QStringLiteral("globalKey")), globalSecret, nullptr,
            [](const Secrets::SecretResult&) {});
        Workspace::AppSession restarted(fixture.directory(), keychain);
        QVERIFY(restarted.load().isNull());
        QTRY_COMPARE(restarted.variableScope().globals,
            (QList<Http::Variable> {{QStringLiteral("region"), QStringLiteral("eu-west"), true, false},
                {QStringLiteral("globalKey"), globalSecret, true, true}}));
        Ui::MainWindow again(&restarted);
        child<QAction>(again, "globalVariablesAction")->trigger();
        auto* dialog = child<Ui::VariablesDialog>(again, "globalVariablesDialog");
        QCOMPARE(dialog->variables(), restarted.workspace().globals);
        dialog->reject();
    }

    // A request opened from a collection goes out with the collection's variables (its secret from the
    // keychain) and the globals, the environment's winning; after a restart the tab still knows where
    // it came from.
    void collectionVariablesGoOnTheWire()
    {
        Tests::ScriptedServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        server.enqueue(Tests::reply(200, "{\"ok\":true}"));
        server.enqueue(Tests::reply(200, "{\"ok\":true}"));
        QTemporaryDir files;
        Tests::AppSessionFixture fixture;
        QVERIFY(fixture.session()->load().isNull());
        fixture.session()->setGlobals({{QStringLiteral("onlyGlobal"), QStringLiteral("g1"), true, false}});
        // The status of the answer (-1: none came).
        const auto sendAndWait = [](Ui::MainWindow& window) {
            const quint64 tab = window.requestTabs()->currentId();
            window.sendRequest();
            const Ui::RequestTabs* tabs = window.requestTabs();
            return QTest::qWaitFor([tabs, tab] { return tabs->tab(tab).response.has_value(); }, 10000)
                ? tabs->tab(tab).response->status
                : -1;
        };
        {
            Ui::MainWindow window(fixture.session());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QVERIFY(window.collectionActions()->importCollectionFile(
                writeCollection(files, QStringLiteral("{{baseUrl}}/v1{{apiPath}}"))));
            QVERIFY(window.collectionActions()->importEnvironmentFile(
                writeEnvironment(files, server.url({}).toString(QUrl::StripTrailingSlash))));
            openFirstRequest(window);
            QCOMPARE(child<Ui::UrlLineEdit>(window, "urlLineEdit")->text(),
                QStringLiteral("{{baseUrl}}/v1{{apiPath}}"));
            const int status = sendAndWait(window);
            QVERIFY2(status == 200,
                qPrintable(window.requestTabs()->tab(window.requestTabs()->currentId()).error.summary));
            QCOMPARE(server.requests().size(), 1);
            const auto& sent = server.requests().first();
            QCOMPARE(sent.target, QByteArray("/v1/api/patients"));
            QCOMPARE(sent.headers.value("x-tenant"), collectionSecret.toUtf8());
            QCOMPARE(sent.headers.value("x-shared"), QByteArray("from-environment"));
            QCOMPARE(sent.headers.value("x-global"), QByteArray("g1"));
            verifyNoSecretOnDisk(fixture.directory(), {collectionSecret});
        }

        // Restarted: the tab opened from the collection is still its request.
        auto* keychain = new Secrets::MemorySecretStore;
        const Workspace::Collection collection = [&fixture] {
            Workspace::CollectionStore store(fixture.directory());
            return store.load().collections.first();
        }();
        const QString key = Workspace::collectionSecretKey(collection.id, QStringLiteral("tenantKey"));
        QCOMPARE(fixture.keychain()->value(key), collectionSecret);
        keychain->write(key, collectionSecret, nullptr, [](const Secrets::SecretResult&) {});
        Workspace::AppSession restarted(fixture.directory(), keychain);
        QVERIFY(restarted.load().isNull());
        Ui::MainWindow again(&restarted);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QCOMPARE(again.requestTabs()->count(), 2); // the new environment's empty tab, and the opened one
        QCOMPARE(again.currentCollectionId(), collection.id);
        QCOMPARE(
            again.requestTabs()->tab(again.requestTabs()->currentId()).itemId, collection.items.first().id);
        QTRY_COMPARE(restarted.collectionVariables(collection.id).value(2).value, collectionSecret);
        QCOMPARE(sendAndWait(again), 200);
        QCOMPARE(server.requests().size(), 2);
        QCOMPARE(server.requests().last().headers.value("x-tenant"), collectionSecret.toUtf8());
    }

    // The "done when": a Postman collection with collection variables and a Postman environment
    // imported, and a request of the collection run against the demo API from the window.
    void importedPostmanCollectionRunsAgainstTheDemoApi()
    {
        Tests::OidcFixture provider;
        QString error;
        QVERIFY2(provider.start(&error), qPrintable(error));
        QTemporaryDir files;
        Tests::AppSessionFixture fixture;
        QVERIFY(fixture.session()->load().isNull());
        fixture.session()->setGlobals({{QStringLiteral("onlyGlobal"), QStringLiteral("g1"), true, false}});
        Ui::MainWindow window(fixture.session());
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Ui::CollectionActions* collections = window.collectionActions();
        collections->setFileChooser([&files, &provider](bool collection) {
            return collection ? writeCollection(files, QStringLiteral("{{baseUrl}}{{apiPath}}"), true)
                              : writeEnvironment(
                                  files, QStringLiteral("http://127.0.0.1:%1").arg(provider.issuer().port()));
        });
        child<QAction>(window, "importPostmanCollectionAction")->trigger();
        if (auto* report = window.findChild<QDialog*>(QStringLiteral("importReportDialog")))
            report->reject();
        child<QAction>(window, "importPostmanEnvironmentAction")->trigger();
        QCOMPARE(collections->collections().size(), 1);
        QCOMPARE(fixture.session()->currentEnvironment()->name, QStringLiteral("Demo here"));

        // The service account of the demo provider signs the imported environment in.
        Workspace::Environment environment = *fixture.session()->currentEnvironment();
        environment.oauth.grant = OAuth::Grant::ClientCredentials;
        environment.oauth.tokenEndpoint = provider.url(QStringLiteral("/token"));
        environment.oauth.clientId = QStringLiteral("tokenscope-service");
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::ClientSecretBasic;
        environment.oauth.scope = QStringLiteral("demo.read");
        fixture.session()->putEnvironment(environment, QStringLiteral("tokenscope-service-secret"));
        QTest::mouseClick(child<QAbstractButton>(window, "getTokenButton"), Qt::LeftButton);
        auto* tokenStatus = child<QLabel>(window, "tokenStatusLabel");
        QTRY_VERIFY2_WITH_TIMEOUT(tokenStatus->text().contains(QStringLiteral("expires in")),
            qPrintable(tokenStatus->text()), 15000);

        openFirstRequest(window);
        const quint64 tab = window.requestTabs()->currentId();
        window.sendRequest();
        QTRY_VERIFY_WITH_TIMEOUT(window.requestTabs()->tab(tab).response.has_value(), 20000);
        const Http::HttpResponse response = *window.requestTabs()->tab(tab).response;
        QVERIFY2(response.status == 200,
            qPrintable(QString::number(response.status) + u' ' + window.requestTabs()->tab(tab).error.summary
                + u' ' + QString::fromUtf8(response.body).simplified()));
        QCOMPARE(response.url.path(), QStringLiteral("/api/patients"));
        saveScreenshot(&window, QStringLiteral("postman-collection-against-demo-api"));
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestVariablesGui)
#include "tst_variables_gui.moc"
