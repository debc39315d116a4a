#include "appsessionfixture.h"
#include "collectionactions.h"
#include "collectionstore.h"
#include "collectionsview.h"
#include "mainwindow.h"
#include "messagebox.h"
#include "testmain.h"
#include "widgethelpers.h"

#include <QApplication>
#include <QLineEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTreeView>

using namespace Tokenscope;
using Tokenscope::Tests::saveScreenshot;
using Workspace::Collection;
using Workspace::CollectionItem;

Q_DECLARE_METATYPE(Tokenscope::Ui::CollectionsView::DropPosition)

namespace {

CollectionItem request(const QString& name)
{
    CollectionItem item;
    item.id = Workspace::newCollectionItemId();
    item.name = name;
    item.request.method = "GET";
    item.request.url = QStringLiteral("{{baseUrl}}/") + name.toLower();
    return item;
}

CollectionItem folder(const QString& name, const QList<CollectionItem>& items)
{
    CollectionItem item;
    item.kind = CollectionItem::Kind::Folder;
    item.id = Workspace::newCollectionItemId();
    item.name = name;
    item.items = items;
    return item;
}

// "Patients(Get,List),Upload": the tree by names.
QString shape(const QList<CollectionItem>& items)
{
    QStringList parts;
    for (const CollectionItem& item : items)
        parts.append(item.isFolder() ? item.name + u'(' + shape(item.items) + u')' : item.name);
    return parts.join(u',');
}

// As the file on disk says.
QString shapeOnDisk(const QString& workspace, const QString& collectionId)
{
    Collection collection;
    const Error error = Workspace::loadCollectionFile(
        workspace + QStringLiteral("/collections/") + collectionId + QStringLiteral(".json"), &collection);
    return error.isNull() ? collection.name + u':' + shape(collection.items) : error.summary;
}

} // namespace

// Editing collections in the Collections dock: new collections and nested folders named in place, F2,
// duplicates (a collection's secret variables copied in the keychain), deletions that ask how many
// requests go, and moves by dragging within and between collections; every change on disk at once.
class TestCollectionEditGui final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Tests::AppSessionFixture> m_fixture;
    std::unique_ptr<Ui::MainWindow> m_window;
    Ui::CollectionActions* m_actions = nullptr;
    Ui::CollectionsView* m_view = nullptr;
    QString m_api; // "Demo API": Patients(Get,List),Upload
    QString m_other; // "Other": Archive()

    const Collection& collection(const QString& id) const
    {
        for (const Collection& c : m_actions->collections())
            if (c.id == id)
                return c;
        qFatal("no collection %s", qPrintable(id));
    }

    QString shapeOf(const QString& id) const { return shape(collection(id).items); }

    // Types name into the tree's in-place editor and presses Enter.
    void typeName(const QString& name) const
    {
        QTRY_VERIFY(m_view->tree()->viewport()->findChild<QLineEdit*>());
        auto* editor = m_view->tree()->viewport()->findChild<QLineEdit*>();
        editor->selectAll();
        QTest::keyClicks(editor, name);
        QTest::keyClick(editor, Qt::Key_Return);
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        QSettings().setValue(QStringLiteral("window/collectionsVisible"), true); // the dock as a user left it
        m_fixture = std::make_unique<Tests::AppSessionFixture>();
        QVERIFY(m_fixture->session()->load().isNull());
        Collection api;
        api.id = Workspace::newCollectionItemId();
        api.name = QStringLiteral("Demo API");
        api.variables = {{QStringLiteral("baseUrl"), QStringLiteral("https://api.example.test")},
            {QStringLiteral("apiKey"), QString(), true, true}};
        api.items = {folder(QStringLiteral("Patients"),
                         {request(QStringLiteral("Get")), request(QStringLiteral("List"))}),
            request(QStringLiteral("Upload"))};
        Collection other;
        other.id = Workspace::newCollectionItemId();
        other.name = QStringLiteral("Other");
        other.items = {folder(QStringLiteral("Archive"), {})};
        Workspace::CollectionStore store(m_fixture->directory());
        QVERIFY(store.save(api).isNull());
        QVERIFY(store.save(other).isNull());
        bool written = false;
        QObject context;
        m_fixture->keychain()->write(Workspace::collectionSecretKey(api.id, QStringLiteral("apiKey")),
            QStringLiteral("s3cret-key"), &context,
            [&written](const Secrets::SecretResult&) { written = true; });
        QTRY_VERIFY(written);
        m_api = api.id;
        m_other = other.id;

        m_window = std::make_unique<Ui::MainWindow>(m_fixture->session());
        m_window->resize(1400, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_actions = m_window->collectionActions();
        m_view = m_actions->view();
        m_window->resizeDocks({m_view}, {320}, Qt::Horizontal);
        QCOMPARE(m_actions->collections().size(), 2);
    }

    void cleanup()
    {
        Ui::MessageBox::setNextAnswer(QMessageBox::NoButton);
        QSettings().remove(QStringLiteral("window/collectionsVisible"));
        m_window.reset();
        m_fixture.reset();
    }

    void newCollectionAndNestedFoldersAreNamedInPlace()
    {
        const QString id = m_actions->newCollection();
        QVERIFY(!id.isEmpty());
        typeName(QStringLiteral("Sandbox calls"));
        QTRY_COMPARE(collection(id).name, QStringLiteral("Sandbox calls"));

        m_actions->newFolder(id, {});
        typeName(QStringLiteral("Patients"));
        QTRY_COMPARE(shapeOf(id), QStringLiteral("Patients()"));
        m_actions->newFolder(id, {0});
        saveScreenshot(m_view, QStringLiteral("collections-new-folder-editing"));
        typeName(QStringLiteral("Drafts"));
        QTRY_COMPARE(shapeOf(id), QStringLiteral("Patients(Drafts())"));
        QCOMPARE(shapeOnDisk(m_fixture->directory(), id), QStringLiteral("Sandbox calls:Patients(Drafts())"));
    }

    void f2RenamesAndAnEmptyNameKeepsTheOld()
    {
        QTreeView* tree = m_view->tree();
        tree->setFocus();
        m_view->reveal(m_api, {0, 1});
        QTest::keyClick(tree, Qt::Key_F2);
        typeName(QStringLiteral("List all"));
        QTRY_COMPARE(shapeOf(m_api), QStringLiteral("Patients(Get,List all),Upload"));
        QCOMPARE(shapeOnDisk(m_fixture->directory(), m_api),
            QStringLiteral("Demo API:Patients(Get,List all),Upload"));

        m_view->editName(m_api, {});
        typeName(QStringLiteral("   "));
        QTRY_COMPARE(m_view->indexOf(m_api, {}).data().toString(), QStringLiteral("Demo API"));
        QCOMPARE(collection(m_api).name, QStringLiteral("Demo API"));
    }

    void duplicate_data()
    {
        QTest::addColumn<QList<int>>("path");
        QTest::addColumn<QString>("shape");
        QTest::newRow("request") << QList<int> {0, 0} << "Patients(Get,Get copy,List),Upload";
        QTest::newRow("folder") << QList<int> {0} << "Patients(Get,List),Patients copy(Get,List),Upload";
    }

    void duplicate()
    {
        QFETCH(QList<int>, path);
        QFETCH(QString, shape);
        m_actions->duplicate(m_api, path);
        QCOMPARE(shapeOf(m_api), shape);
        QCOMPARE(shapeOnDisk(m_fixture->directory(), m_api), QStringLiteral("Demo API:") + shape);
    }

    void duplicatedCollectionGetsItsOwnSecrets()
    {
        m_actions->duplicate(m_api, {});
        QCOMPARE(m_actions->collections().size(), 3);
        const auto copy = std::find_if(m_actions->collections().cbegin(), m_actions->collections().cend(),
            [](const Collection& c) { return c.name == QStringLiteral("Demo API copy"); });
        QVERIFY(copy != m_actions->collections().cend());
        QCOMPARE(shape(copy->items), shapeOf(m_api));
        QTRY_COMPARE(
            m_fixture->keychain()->value(Workspace::collectionSecretKey(copy->id, QStringLiteral("apiKey"))),
            QStringLiteral("s3cret-key"));
        QCOMPARE(shapeOnDisk(m_fixture->directory(), copy->id),
            QStringLiteral("Demo API copy:Patients(Get,List),Upload"));
    }

    void deleteAsksNamingHowManyRequestsGo()
    {
        Ui::MessageBox::setNextAnswer(QMessageBox::No);
        m_actions->deleteItem(m_api, {0});
        QVERIFY2(Ui::MessageBox::lastText().contains(QStringLiteral("“Patients” with its 2 saved request")),
            qPrintable(Ui::MessageBox::lastText()));
        QCOMPARE(shapeOf(m_api), QStringLiteral("Patients(Get,List),Upload"));

        Ui::MessageBox::setNextAnswer(QMessageBox::Yes);
        m_actions->deleteItem(m_api, {0});
        QCOMPARE(shapeOf(m_api), QStringLiteral("Upload"));
        QCOMPARE(shapeOnDisk(m_fixture->directory(), m_api), QStringLiteral("Demo API:Upload"));

        Ui::MessageBox::setNextAnswer(QMessageBox::Yes);
        m_actions->deleteItem(m_api, {0});
        QVERIFY(Ui::MessageBox::lastText().contains(QStringLiteral("the saved request “Upload”")));
        QCOMPARE(shapeOf(m_api), QString());
    }

    // Where an entry lands when dropped on another: above or below it, or into a folder or collection.
    void dragAndDrop_data()
    {
        using Position = Ui::CollectionsView::DropPosition;
        QTest::addColumn<QList<int>>("from");
        QTest::addColumn<bool>("ontoOther");
        QTest::addColumn<QList<int>>("onto");
        QTest::addColumn<Position>("position");
        QTest::addColumn<QString>("apiShape");
        QTest::addColumn<QString>("otherShape");

        QTest::newRow("request above its sibling") << QList<int> {0, 1} << false << QList<int> {0, 0}
                                                   << Position::Above << "Patients(List,Get),Upload"
                                                   << "Archive()";
        QTest::newRow("request into a folder")
            << QList<int> {1} << false << QList<int> {0} << Position::OnItem << "Patients(Get,List,Upload)"
            << "Archive()";
        QTest::newRow("request below a folder: beside it")
            << QList<int> {0, 0} << false << QList<int> {0} << Position::Below << "Patients(List),Get,Upload"
            << "Archive()";
        QTest::newRow("folder into another collection's folder")
            << QList<int> {0} << true << QList<int> {0} << Position::OnItem << "Upload"
            << "Archive(Patients(Get,List))";
        QTest::newRow("request onto another collection")
            << QList<int> {1} << true << QList<int> {} << Position::OnItem << "Patients(Get,List)"
            << "Archive(),Upload";
        QTest::newRow("folder into itself: nothing moves")
            << QList<int> {0} << false << QList<int> {0} << Position::OnItem << "Patients(Get,List),Upload"
            << "Archive()";
    }

    void dragAndDrop()
    {
        using Position = Ui::CollectionsView::DropPosition;
        QFETCH(QList<int>, from);
        QFETCH(bool, ontoOther);
        QFETCH(QList<int>, onto);
        QFETCH(Position, position);
        QFETCH(QString, apiShape);
        QFETCH(QString, otherShape);

        m_view->drop(
            m_view->indexOf(m_api, from), m_view->indexOf(ontoOther ? m_other : m_api, onto), position);
        QCOMPARE(shapeOf(m_api), apiShape);
        QCOMPARE(shapeOf(m_other), otherShape);
        QCOMPARE(shapeOnDisk(m_fixture->directory(), m_api), QStringLiteral("Demo API:") + apiShape);
        QCOMPARE(shapeOnDisk(m_fixture->directory(), m_other), QStringLiteral("Other:") + otherShape);
        if (QByteArray(QTest::currentDataTag()) == "folder into another collection's folder") {
            m_view->reveal(m_other, {0, 0, 1});
            saveScreenshot(m_view, QStringLiteral("collections-after-drop"));
        }
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestCollectionEditGui)
#include "tst_collectionedit_gui.moc"
