#include "appsessionfixture.h"
#include "collectionactions.h"
#include "collectionsview.h"
#include "filescan.h"
#include "importreportdialog.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "messagebox.h"
#include "postmanimport.h"
#include "requesteditor.h"
#include "requesttabs.h"
#include "secretstore.h"
#include "testmain.h"
#include "widgethelpers.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

using namespace Tokenscope;
using Tokenscope::Tests::saveScreenshot;

namespace {

const QString collectionFile
    = QStringLiteral(TOKENSCOPE_POSTMAN_FIXTURES "/demo-v2.1.postman_collection.json");
const QString environmentFile = QStringLiteral(TOKENSCOPE_POSTMAN_FIXTURES "/demo.postman_environment.json");

QAction* action(const QMainWindow& window, const char* name)
{
    auto* found = window.findChild<QAction*>(QLatin1String(name));
    if (!found)
        qFatal("no action %s", name);
    return found;
}

// The row called name under parent in the view's (filtered) model.
QModelIndex childNamed(const QAbstractItemModel* model, const QModelIndex& parent, const QString& name)
{
    for (int row = 0; row < model->rowCount(parent); ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        if (index.data().toString() == name)
            return index;
    }
    return {};
}

QStringList childNames(const QAbstractItemModel* model, const QModelIndex& parent)
{
    QStringList names;
    for (int row = 0; row < model->rowCount(parent); ++row)
        names.append(model->index(row, 0, parent).data().toString());
    return names;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestCollectionsGui final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    // The dock's remembered visibility, from a test before, is not this one's.
    void init() { QSettings().remove(QStringLiteral("window/collectionsVisible")); }
    void cleanup() { Ui::MessageBox::setNextAnswer(QMessageBox::NoButton); }

    void importedCollectionShowsInTheDockAndOpensRequests()
    {
        Tests::AppSessionFixture fixture;
        QVERIFY(fixture.session()->load().isNull());
        Ui::MainWindow window(fixture.session());
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Ui::CollectionActions* collections = window.collectionActions();
        collections->setFileChooser([](bool collection) { return collection ? collectionFile : QString(); });

        // The fixture has one OAuth 2.0 block: its environment is asked for, and made.
        Ui::MessageBox::setNextAnswer(QMessageBox::Yes);
        action(window, "importPostmanCollectionAction")->trigger();
        QVERIFY2(
            Ui::MessageBox::lastText().contains(QStringLiteral("for the OAuth settings of “Demo API / ")),
            qPrintable(Ui::MessageBox::lastText()));
        QCOMPARE(collections->collections().size(), 1);
        const Workspace::Collection collection = collections->collections().first();
        QCOMPARE(collection.name, QStringLiteral("Demo API"));

        // Saved in the workspace's collections folder; its secrets went to the keychain, not the file.
        Workspace::PostmanCollectionImport expected;
        QVERIFY(Workspace::importPostmanCollectionFile(collectionFile, &expected).isNull());
        const QString file
            = QDir(fixture.directory()).filePath(QStringLiteral("collections/%1.json").arg(collection.id));
        const QByteArray bytes = readAll(file);
        QVERIFY(bytes.contains("Demo API"));
        QVERIFY(!expected.secrets.isEmpty());
        for (const Http::Variable& secret : std::as_const(expected.secrets)) {
            QTRY_COMPARE(
                fixture.keychain()->value(Workspace::collectionSecretKey(collection.id, secret.name)),
                secret.value);
            QVERIFY2(!bytes.contains(secret.value.toUtf8()), qPrintable(secret.name));
        }
        // The OAuth block became an environment, its client secret in the keychain only.
        QCOMPARE(expected.oauth.size(), 1);
        const Workspace::Environment oauthShape
            = Workspace::environmentFor(expected.oauth.first(), collection.name);
        const auto& environments = fixture.session()->workspace().environments;
        const auto made = std::find_if(environments.cbegin(), environments.cend(),
            [&](const Workspace::Environment& e) { return e.name == oauthShape.name; });
        QVERIFY(made != environments.cend());
        QCOMPARE(made->oauth.tokenEndpoint, oauthShape.oauth.tokenEndpoint);
        QCOMPARE(made->oauth.clientId, oauthShape.oauth.clientId);
        QTRY_COMPARE(fixture.keychain()->value(Secrets::secretKey(made->id, QStringLiteral("client_secret"))),
            expected.oauth.first().clientSecret);

        // The report: counts, and each note per item with its Postman key.
        auto* report = window.findChild<Ui::ImportReportDialog*>(QStringLiteral("importReportDialog"));
        QVERIFY(report);
        QTRY_VERIFY(report->isVisible());
        const QString summary = report->findChild<QLabel*>(QStringLiteral("importSummaryLabel"))->text();
        QVERIFY2(summary.contains(QStringLiteral("Folders: 5\n")), qPrintable(summary));
        QVERIFY2(summary.contains(
                     QStringLiteral("Requests: %1\n").arg(Workspace::collectionRequests(collection).size())),
            qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("in the file: %1").arg(expected.secrets.size())),
            qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("The environment “%1”").arg(oauthShape.name)),
            qPrintable(summary));
        auto* notes = report->findChild<QTreeWidget*>(QStringLiteral("importNotesTree"));
        QCOMPARE(notes->topLevelItemCount(), int(expected.report.notes.size()));
        QVERIFY(notes->topLevelItemCount() > 0);
        for (int row = 0; row < notes->topLevelItemCount(); ++row) {
            const Workspace::ImportNote& note = expected.report.notes.at(row);
            QCOMPARE(notes->topLevelItem(row)->text(1), note.key);
            QCOMPARE(notes->topLevelItem(row)->text(2), note.reason);
            if (!note.path.isEmpty())
                QCOMPARE(notes->topLevelItem(row)->text(0), note.path);
        }
        const QString firstReason = expected.report.notes.first().reason;
        QVERIFY(report->findChild<QLabel*>(QStringLiteral("importNoteLabel"))->text().endsWith(firstReason));
        saveScreenshot(report, QStringLiteral("collections-import-report"));
        report->findChild<QPushButton*>(QStringLiteral("copyReportButton"))->click();
        const QString copied = QApplication::clipboard()->text();
        for (const QString& line : expected.report.toLines())
            QVERIFY2(copied.contains(line), qPrintable(line));
        report->reject();

        // The dock: the collection, its folders and requests.
        auto* dock = window.findChild<Ui::CollectionsView*>(QStringLiteral("collectionsDock"));
        QVERIFY(dock);
        QTRY_VERIFY(dock->isVisible());
        QVERIFY(action(window, "collectionsAction")->isChecked());
        QTreeView* tree = dock->tree();
        const QAbstractItemModel* model = tree->model();
        QCOMPARE(childNames(model, {}), QStringList {QStringLiteral("Demo API")});
        const QModelIndex top = model->index(0, 0);
        QCOMPARE(childNames(model, top),
            QStringLiteral("Patients|Bodies|Keys|Signed in|Inherits collection bearer").split(u'|'));
        const QModelIndex patients = childNamed(model, top, QStringLiteral("Patients"));
        QCOMPARE(childNames(model, patients), QStringLiteral("Get patient|Admin").split(u'|'));
        QCOMPARE(model->index(0, Ui::CollectionsView::MethodColumn, patients).data().toString(),
            QStringLiteral("GET"));
        tree->expandAll();
        saveScreenshot(&window, QStringLiteral("collections-dock"));

        // The filter keeps the folders around a match, by name or by URL.
        auto* search = dock->findChild<QLineEdit*>(QStringLiteral("collectionsSearchLineEdit"));
        QTest::keyClicks(search, QStringLiteral("create patient"));
        QCOMPARE(childNames(model, model->index(0, 0)), QStringList {QStringLiteral("Patients")});
        const QModelIndex admin = childNamed(model,
            childNamed(model, model->index(0, 0), QStringLiteral("Patients")), QStringLiteral("Admin"));
        QCOMPARE(childNames(model, admin), QStringList {QStringLiteral("Create patient")});
        search->clear();
        QTest::keyClicks(search, QStringLiteral("/me"));
        QCOMPARE(childNames(model, model->index(0, 0)), QStringList {QStringLiteral("Signed in")});
        saveScreenshot(dock, QStringLiteral("collections-dock-filtered"));
        search->clear();
        QTest::keyClicks(search, QStringLiteral("no such request"));
        QCOMPARE(model->rowCount(), 0);
        search->clear();
        QCOMPARE(model->rowCount(), 1);

        // Enter on a request opens it in a new tab, as saved, with the auth its folder gives it.
        const QList<Workspace::CollectionRequestEntry> entries = Workspace::collectionRequests(collection);
        const auto entry = std::find_if(entries.cbegin(), entries.cend(),
            [](const auto& e) { return e.path == QLatin1String("Patients/Get patient"); });
        QVERIFY(entry != entries.cend());
        const Http::HttpRequest saved = Workspace::itemAt(collection, entry->indexes)->request;
        QVERIFY(!saved.headers.isEmpty());
        const int tabsBefore = window.requestTabs()->count();
        QTest::keyClicks(search, QStringLiteral("get patient"));
        const QModelIndex create = childNamed(model,
            childNamed(model, model->index(0, 0), QStringLiteral("Patients")), QStringLiteral("Get patient"));
        QVERIFY(create.isValid());
        tree->setFocus();
        tree->setCurrentIndex(create);
        QTest::keyClick(tree->viewport(), Qt::Key_Return);
        QTRY_COMPARE(window.requestTabs()->count(), tabsBefore + 1);
        const Http::HttpRequest opened = window.requestEditor()->request();
        QCOMPARE(opened.method, saved.method);
        QCOMPARE(opened.url, saved.url);
        QCOMPARE(opened.headers.size(), saved.headers.size());
        for (int i = 0; i < saved.headers.size(); ++i) {
            QCOMPARE(opened.headers.at(i).name, saved.headers.at(i).name);
            QCOMPARE(opened.headers.at(i).value, saved.headers.at(i).value);
        }
        QVERIFY(opened.auth == Workspace::effectiveAuth(collection, entry->indexes));

        // Save writes the tab's request back: the folder's auth still inherited, a credential typed into a
        // header moved to a secret variable of the collection, in the keychain only.
        Http::HttpRequest edited = opened;
        edited.url = QStringLiteral("{{baseUrl}}/patients/{{id}}?edited=1");
        edited.headers.append(
            {QStringLiteral("Authorization"), QStringLiteral("Bearer typed-in-secret-4711")});
        window.requestEditor()->setRequest(edited);
        action(window, "saveToCollectionAction")->trigger();
        const QByteArray savedBytes = readAll(file);
        QVERIFY(savedBytes.contains("edited=1"));
        QVERIFY(!savedBytes.contains("typed-in-secret-4711"));
        const Workspace::Collection updated = collections->collections().first();
        const Workspace::CollectionItem* savedItem = Workspace::itemAt(updated, entry->indexes);
        QCOMPARE(savedItem->request.url, edited.url);
        QVERIFY(savedItem->request.auth == saved.auth);
        const auto secret = std::find_if(
            updated.variables.cbegin(), updated.variables.cend(), [&collection](const Http::Variable& v) {
                return v.secret
                    && std::none_of(collection.variables.cbegin(), collection.variables.cend(),
                        [&v](const Http::Variable& old) { return old.name == v.name; });
            });
        QVERIFY(secret != updated.variables.cend());
        QTRY_COMPARE(fixture.keychain()->value(Workspace::collectionSecretKey(updated.id, secret->name)),
            QStringLiteral("Bearer typed-in-secret-4711"));
        QVERIFY(!window.requestTabs()->tab(window.requestTabs()->currentId()).dirty);
        // A request not from a collection has nowhere to go.
        window.openRequestInNewTab({});
        action(window, "saveToCollectionAction")->trigger();
        QCOMPARE(readAll(file), savedBytes);

        // The next start finds it again.
        Ui::MainWindow second(fixture.session());
        QCOMPARE(second.collectionActions()->collections(), QList<Workspace::Collection> {updated});

        // Delete asks; the file and its keychain entries go.
        Ui::MessageBox::setNextAnswer(QMessageBox::No);
        collections->deleteCollection(collection.id);
        QTRY_VERIFY(fixture.keychain()->contains(Workspace::collectionSecretKey(updated.id, secret->name)));
        QVERIFY(QFile::exists(file));
        Ui::MessageBox::setNextAnswer(QMessageBox::Yes);
        collections->deleteCollection(collection.id);
        QVERIFY(Ui::MessageBox::lastText().contains(QStringLiteral("Delete the collection “Demo API”")));
        QVERIFY(!QFile::exists(file));
        QTRY_VERIFY(!fixture.keychain()->contains(Workspace::collectionSecretKey(updated.id, secret->name)));
        QVERIFY(collections->collections().isEmpty());
        QCOMPARE(model->rowCount(), 0);
        QVERIFY(dock->findChild<QLabel*>(QStringLiteral("collectionsEmptyLabel"))->isVisible());
        QVERIFY(!tree->isVisible());
    }

    void aBadFileCreatesNothing()
    {
        Tests::AppSessionFixture fixture;
        QVERIFY(fixture.session()->load().isNull());
        Ui::MainWindow window(fixture.session());
        QTemporaryDir dir;
        const QString bad = dir.filePath(QStringLiteral("broken.postman_collection.json"));
        {
            QFile file(bad);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("{\"info\": {\"name\": \"Broken\"}, \"item\": [");
        }
        const int environments = int(fixture.session()->workspace().environments.size());
        window.collectionActions()->setFileChooser([&bad](bool) { return bad; });
        action(window, "importPostmanCollectionAction")->trigger();
        action(window, "importPostmanEnvironmentAction")->trigger();
        QVERIFY(window.collectionActions()->collections().isEmpty());
        QVERIFY(!QFile::exists(QDir(fixture.directory()).filePath(QStringLiteral("collections"))));
        QCOMPARE(int(fixture.session()->workspace().environments.size()), environments);
        QVERIFY(window.banner()->state());
        QVERIFY2(window.banner()->state()->title.contains(QStringLiteral("broken.postman_collection.json")),
            qPrintable(window.banner()->state()->title));
        QVERIFY(!window.findChild<Ui::ImportReportDialog*>());
    }

    void importedEnvironmentKeepsItsSecretsInTheKeychain()
    {
        Tests::AppSessionFixture fixture;
        QVERIFY(fixture.session()->load().isNull());
        Ui::MainWindow window(fixture.session());
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.collectionActions()->setFileChooser(
            [](bool collection) { return collection ? QString() : environmentFile; });
        action(window, "importPostmanEnvironmentAction")->trigger();

        const Workspace::Environment* environment = fixture.session()->currentEnvironment();
        QVERIFY(environment);
        QCOMPARE(environment->name, QStringLiteral("Demo sandbox"));
        QTRY_COMPARE(fixture.keychain()->value(
                         Workspace::secretVariableKey(environment->id, QStringLiteral("apiKey"))),
            QStringLiteral("env-api-key-secret"));
        QVERIFY(fixture.session()->save().isNull());
        QVERIFY(!Tests::readAllFiles(fixture.directory()).contains("env-api-key-secret"));
        QVERIFY(window.banner()->state());
        QCOMPARE(
            window.banner()->state()->title, QStringLiteral("The environment “Demo sandbox” was created"));
        QVERIFY2(window.banner()->state()->detail.contains(QStringLiteral("4 variables, of which 2 secret")),
            qPrintable(window.banner()->state()->detail));
        if (auto* report = window.findChild<Ui::ImportReportDialog*>())
            report->reject();
        saveScreenshot(&window, QStringLiteral("collections-environment-created"));
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestCollectionsGui)
#include "tst_collections_gui.moc"
