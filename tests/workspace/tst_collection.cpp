#include "collection.h"
#include "collectionedit.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::Workspace;
using Style = Http::RequestAuth::Style;

Q_DECLARE_METATYPE(Collection)
Q_DECLARE_METATYPE(Http::RequestAuth::Style)

namespace {

// JSON written with single quotes for readability.
QByteArray json(QByteArray text)
{
    return text.replace('\'', '"');
}

Http::RequestAuth authOf(Style style)
{
    Http::RequestAuth auth;
    auth.style = style;
    return auth;
}

CollectionItem request(
    const QString& name, const QByteArray& method, const QString& url, Style style = Style::Inherit)
{
    CollectionItem item;
    item.id = QStringLiteral("request-") + name;
    item.name = name;
    item.request.method = method;
    item.request.url = url;
    item.request.auth = authOf(style);
    return item;
}

CollectionItem folder(const QString& name, Style style, const QList<CollectionItem>& items)
{
    CollectionItem item;
    item.kind = CollectionItem::Kind::Folder;
    item.id = QStringLiteral("folder-") + name;
    item.name = name;
    item.auth = authOf(style);
    item.items = items;
    return item;
}

// Collection (bearer) > Patients (none) > [Get (inherit), Admin (inherit) > [Create (basic), List
// (inherit)]], Other (inherit).
Collection sample()
{
    Collection collection;
    collection.id = QStringLiteral("c0ffee00-0000-4000-8000-000000000001");
    collection.name = QStringLiteral("Demo API");
    collection.description = QStringLiteral("The **demo** API.");
    collection.variables = {{QStringLiteral("baseUrl"), QStringLiteral("https://api.example.test")},
        {QStringLiteral("apiKey"), QString(), true, true},
        {QStringLiteral("off"), QStringLiteral("x"), false}};
    collection.auth = authOf(Style::BearerHeader);
    CollectionItem create
        = request(QStringLiteral("Create"), "POST", QStringLiteral("{{baseUrl}}/p"), Style::Basic);
    create.request.auth.username = QStringLiteral("admin");
    create.request.auth.password = QStringLiteral("{{basic_password}}");
    create.request.bodyKind = Http::BodyKind::Raw;
    create.request.rawType = QStringLiteral("json");
    create.request.body = "{\"naam\":\"Zoë\"}";
    create.description = QStringLiteral("Creates one.");
    CollectionItem list = request(QStringLiteral("List"), "GET", QStringLiteral("{{baseUrl}}/p?a=1"));
    list.request.disabledQuery = {{1, QStringLiteral("debug"), QStringLiteral("1")}};
    list.request.headers = {{QStringLiteral("Accept"), QStringLiteral("application/json"), false}};
    list.request.pathVariables = {{QStringLiteral("id"), QStringLiteral("7"), true}};
    CollectionItem upload = request(QStringLiteral("Upload"), "POST", QStringLiteral("{{baseUrl}}/u"));
    upload.request.bodyKind = Http::BodyKind::Multipart;
    upload.request.formFields
        = {{QStringLiteral("scan"), QStringLiteral("/tmp/scan.pdf"), true, QString(), true},
            {QStringLiteral("title"), QStringLiteral("Scan"), false, QStringLiteral("text/plain"), false}};
    collection.items = {folder(QStringLiteral("Patients"), Style::None,
                            {request(QStringLiteral("Get"), "GET", QStringLiteral("{{baseUrl}}/p/:id")),
                                folder(QStringLiteral("Admin"), Style::Inherit, {create, list})}),
        upload};
    return collection;
}

// The tree by names: "Patients(Get,Admin(Create,List)),Upload".
QString shape(const QList<CollectionItem>& items)
{
    QStringList parts;
    for (const CollectionItem& item : items)
        parts.append(item.isFolder() ? item.name + u'(' + shape(item.items) + u')' : item.name);
    return parts.join(u',');
}

QStringList ids(const QList<CollectionItem>& items)
{
    QStringList result;
    for (const CollectionItem& item : items)
        result << item.id << ids(item.items);
    return result;
}

} // namespace

class TestCollection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writeThenReadGivesTheSameCollection_data()
    {
        QTest::addColumn<Collection>("collection");
        QTest::newRow("empty") << Collection {
            QStringLiteral("id-1"), QStringLiteral("Empty"), {}, {}, {}, {}};
        QTest::newRow("nested folders, auth, variables, bodies") << sample();
        Collection folders = sample();
        folders.items = {folder(QStringLiteral("Empty folder"), Style::Inherit, {})};
        QTest::newRow("only an empty folder") << folders;
    }

    void writeThenReadGivesTheSameCollection()
    {
        QFETCH(Collection, collection);
        Collection read;
        const Error error
            = collectionFromBytes(collectionToBytes(collection), QStringLiteral("c.json"), &read);
        QVERIFY2(error.isNull(), qPrintable(error.toText()));
        QCOMPARE(read, collection);
    }

    void writingTwiceGivesIdenticalIndentedBytesWithTheFormatFirstLevel()
    {
        const QByteArray once = collectionToBytes(sample());
        Collection read;
        QVERIFY(collectionFromBytes(once, QStringLiteral("c.json"), &read).isNull());
        QCOMPARE(collectionToBytes(read), once);
        QVERIFY(once.contains("\n    \"format\": 1,\n"));
        // Keys in a fixed (sorted) order: "auth" first, "variables" last.
        QVERIFY(once.startsWith("{\n    \"auth\": {"));
        QVERIFY(once.indexOf("\"items\"") < once.indexOf("\"variables\""));
    }

    void noSecretValueReachesTheFile()
    {
        Collection collection = sample();
        collection.variables.append(
            {QStringLiteral("token"), QStringLiteral("secret-variable-value"), true, true});
        collection.auth = authOf(Style::Basic);
        collection.auth.password = QStringLiteral("literal-folder-password");
        CollectionItem typed = request(QStringLiteral("Typed"), "GET", QStringLiteral("{{baseUrl}}/t"));
        typed.request.headers
            = {{QStringLiteral("Authorization"), QStringLiteral("Bearer eyJ-literal-token"), true}};
        collection.items.append(typed);
        const QByteArray bytes = collectionToBytes(collection);
        for (const char* secret : {"secret-variable-value", "literal-folder-password", "eyJ-literal-token"})
            QVERIFY2(!bytes.contains(secret), secret);
        QVERIFY(bytes.contains("\"secret\": true"));
        Collection read;
        QVERIFY(collectionFromBytes(bytes, QStringLiteral("c.json"), &read).isNull());
        QCOMPARE(read.variables.last(), (Http::Variable {QStringLiteral("token"), QString(), true, true}));
    }

    void unreadableFileIsAnErrorNamingIt_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("detail");
        const QByteArray whole = collectionToBytes(sample());
        QTest::newRow("truncated") << whole.left(whole.size() / 2) << "not valid JSON";
        QTest::newRow("empty") << QByteArray() << "not valid JSON";
        QTest::newRow("array") << json("[]") << "not a Tokenscope collection";
        QTest::newRow("no format") << json("{'items':[]}") << "not a Tokenscope collection";
        QTest::newRow("format as text") << json("{'format':'1','items':[]}") << "not a Tokenscope collection";
        QTest::newRow("newer format") << json("{'format':2,'items':[]}") << "newer Tokenscope (format 2)";
        QTest::newRow("format zero") << json("{'format':0,'items':[]}") << "format 0";
        QTest::newRow("entry of unknown kind")
            << json("{'format':1,'items':[{'kind':'folder','items':[{'kind':'x'}]}]}")
            << "items[0].items[0]: neither a folder nor a request";
        QTest::newRow("folder items not a list") << json("{'format':1,'items':[{'kind':'folder','items':3}]}")
                                                 << "items[0].items: expected a list";
        QByteArray deep = "{'format':1,'items':[";
        for (int i = 0; i < 70; ++i)
            deep += "{'kind':'folder','items':[";
        for (int i = 0; i < 70; ++i)
            deep += "]}";
        deep += "]}";
        QTest::newRow("nested too deep") << json(deep) << "nested deeper than 64 levels";
    }

    void unreadableFileIsAnErrorNamingIt()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, detail);
        Collection collection = sample();
        const Error error = collectionFromBytes(bytes, QStringLiteral("demo.collection.json"), &collection);
        QVERIFY(!error.isNull());
        QVERIFY2(error.summary.contains(QLatin1String("demo.collection.json")), qPrintable(error.summary));
        QVERIFY2(error.detail.contains(detail), qPrintable(error.detail));
        QCOMPARE(collection, sample()); // left as it was
    }

    void savedFileIsOwnerOnlyAndLoadsBack()
    {
        QTemporaryDir directory;
        QVERIFY(directory.isValid());
        const QString path = directory.filePath(QStringLiteral("demo.collection.json"));
        QVERIFY(saveCollectionFile(path, sample()).isNull());
        const QFileDevice::Permissions permissions = QFile::permissions(path);
        QVERIFY(permissions.testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup
            | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther
            | QFileDevice::ExeOther;
        QVERIFY(!(permissions & others));
        Collection read;
        QVERIFY(loadCollectionFile(path, &read).isNull());
        QCOMPARE(read, sample());
        const Error missing = loadCollectionFile(directory.filePath(QStringLiteral("gone.json")), &read);
        QVERIFY(missing.summary.contains(QLatin1String("gone.json")));
    }

    void effectiveAuthIsTheInnermostThatSaysSomething_data()
    {
        QTest::addColumn<QList<int>>("path");
        QTest::addColumn<Style>("style");
        QTest::newRow("request inherits folder none over collection bearer")
            << QList<int> {0, 0} << Style::None;
        QTest::newRow("own basic inside inheriting folder") << QList<int> {0, 1, 0} << Style::Basic;
        QTest::newRow("inheriting folder passes its parent's on") << QList<int> {0, 1, 1} << Style::None;
        QTest::newRow("top-level request gets the collection's") << QList<int> {1} << Style::BearerHeader;
        QTest::newRow("path outside the collection") << QList<int> {5, 0} << Style::Inherit;
    }

    void effectiveAuthIsTheInnermostThatSaysSomething()
    {
        QFETCH(QList<int>, path);
        QFETCH(Style, style);
        QCOMPARE(effectiveAuth(sample(), path).style, style);
    }

    void requestsAreListedWithTheirFolderPath()
    {
        QStringList paths;
        for (const CollectionRequestEntry& entry : collectionRequests(sample()))
            paths.append(entry.path);
        QCOMPARE(paths,
            QStringList({QStringLiteral("Patients/Get"), QStringLiteral("Patients/Admin/Create"),
                QStringLiteral("Patients/Admin/List"), QStringLiteral("Upload")}));
        QCOMPARE(itemAt(sample(), {0, 1, 1})->name, QStringLiteral("List"));
        QCOMPARE(itemAt(sample(), {0, 9}), nullptr);
    }

    // Drag and drop in the Collections dock: within a folder, between folders, to the top, between
    // collections; a folder never into itself.
    void move_data()
    {
        QTest::addColumn<QList<int>>("from");
        QTest::addColumn<QList<int>>("parent");
        QTest::addColumn<int>("row");
        QTest::addColumn<bool>("toOther");
        QTest::addColumn<QString>("shape"); // of the source, or nothing when refused
        QTest::addColumn<QString>("otherShape");
        QTest::addColumn<QList<int>>("path");

        using Path = QList<int>;
        QTest::newRow("request up in its folder")
            << Path {0, 1, 1} << Path {0, 1} << 0 << false << "Patients(Get,Admin(List,Create)),Upload"
            << "" << Path {0, 1, 0};
        QTest::newRow("request to the end of its folder")
            << Path {0, 1, 0} << Path {0, 1} << -1 << false << "Patients(Get,Admin(List,Create)),Upload"
            << "" << Path {0, 1, 1};
        QTest::newRow("request below its next sibling")
            << Path {0, 0} << Path {0} << 2 << false << "Patients(Admin(Create,List),Get),Upload"
            << "" << Path {0, 1};
        QTest::newRow("request to the top")
            << Path {0, 0} << Path {} << 0 << false << "Get,Patients(Admin(Create,List)),Upload"
            << "" << Path {0};
        QTest::newRow("request into a later sibling folder")
            << Path {0, 0} << Path {0, 1} << -1 << false << "Patients(Admin(Create,List,Get)),Upload"
            << "" << Path {0, 0, 2};
        QTest::newRow("top request into a nested folder")
            << Path {1} << Path {0, 1} << 1 << false << "Patients(Get,Admin(Create,Upload,List))"
            << "" << Path {0, 1, 1};
        QTest::newRow("folder to the top")
            << Path {0, 1} << Path {} << -1 << false << "Patients(Get),Upload,Admin(Create,List)"
            << "" << Path {2};
        QTest::newRow("folder to another collection")
            << Path {0, 1} << Path {} << 0 << true << "Patients(Get),Upload"
            << "Admin(Create,List),Keep()" << Path {0};
        QTest::newRow("request into a folder of another collection")
            << Path {1} << Path {0} << 0 << true << "Patients(Get,Admin(Create,List))"
            << "Keep(Upload)" << Path {0, 0};
        QTest::newRow("refused: folder into itself") << Path {0} << Path {0} << 0 << false << ""
                                                     << "" << Path {};
        QTest::newRow("refused: folder into its subfolder") << Path {0} << Path {0, 1} << 0 << false << ""
                                                            << "" << Path {};
        QTest::newRow("refused: into a request") << Path {0, 0} << Path {1} << 0 << false << ""
                                                 << "" << Path {};
        QTest::newRow("refused: nothing there") << Path {4} << Path {} << 0 << false << ""
                                                << "" << Path {};
    }

    void move()
    {
        QFETCH(QList<int>, from);
        QFETCH(QList<int>, parent);
        QFETCH(int, row);
        QFETCH(bool, toOther);
        QFETCH(QString, shape);
        QFETCH(QString, otherShape);
        QFETCH(QList<int>, path);

        Collection collection = sample();
        Collection other;
        other.id = QStringLiteral("other");
        if (toOther)
            other.items = {folder(QStringLiteral("Keep"), Style::Inherit, {})};
        const Collection before = collection;
        const QString movedId = itemAt(collection, from) ? itemAt(collection, from)->id : QString();
        Collection* target = toOther ? &other : &collection;
        const std::optional<QList<int>> moved = moveItem(&collection, from, target, parent, row);
        if (shape.isEmpty()) {
            QVERIFY(!moved);
            QCOMPARE(collection, before);
            return;
        }
        QVERIFY(moved);
        QCOMPARE(*moved, path);
        QCOMPARE(::shape(collection.items), shape);
        if (toOther)
            QCOMPARE(::shape(other.items), otherShape);
        QCOMPARE(itemAt(*target, path)->id, movedId);
    }

    void editOperations()
    {
        Collection collection = sample();
        QCOMPARE(requestCount(collection.items), 4);
        QCOMPARE(requestCount(itemAt(collection, {0})->items), 3);

        // A folder inside a nested folder, then at the top.
        QCOMPARE(addFolder(&collection, {0, 1}, QStringLiteral(" Drafts ")), QList<int>({0, 1, 2}));
        QCOMPARE(addFolder(&collection, {}, QStringLiteral("Later")), QList<int>({2}));
        QVERIFY(!addFolder(&collection, {1}, QStringLiteral("In a request")));
        QVERIFY(!addFolder(&collection, {}, QStringLiteral("  ")));
        QCOMPARE(shape(collection.items),
            QStringLiteral("Patients(Get,Admin(Create,List,Drafts())),Upload,Later()"));

        QVERIFY(renameItem(&collection, {0, 0}, QStringLiteral("Get one")));
        QVERIFY(renameItem(&collection, {}, QStringLiteral("Renamed API")));
        QVERIFY(!renameItem(&collection, {0, 0}, QStringLiteral(" ")));
        QVERIFY(!renameItem(&collection, {9}, QStringLiteral("x")));
        QCOMPARE(collection.name, QStringLiteral("Renamed API"));
        QCOMPARE(itemAt(collection, {0, 0})->name, QStringLiteral("Get one"));

        // A duplicated folder: right after it, everything in it with new ids, the requests the same.
        QCOMPARE(duplicateItem(&collection, {0, 1}), QList<int>({0, 2}));
        QCOMPARE(shape(collection.items),
            QStringLiteral("Patients(Get one,Admin(Create,List,Drafts()),Admin "
                           "copy(Create,List,Drafts())),Upload,Later()"));
        const QStringList original = ids({*itemAt(collection, {0, 1})});
        const QStringList copied = ids({*itemAt(collection, {0, 2})});
        QCOMPARE(copied.size(), original.size());
        for (const QString& id : copied)
            QVERIFY(!original.contains(id));
        QCOMPARE(itemAt(collection, {0, 2, 1})->request, itemAt(collection, {0, 1, 1})->request);
        QCOMPARE(duplicateItem(&collection, {1}), QList<int>({2}));
        QCOMPARE(itemAt(collection, {2})->name, QStringLiteral("Upload copy"));
        QVERIFY(!duplicateItem(&collection, {}));

        QVERIFY(removeItem(&collection, {0, 2}));
        QVERIFY(removeItem(&collection, {2}));
        QVERIFY(!removeItem(&collection, {}));
        QVERIFY(!removeItem(&collection, {0, 7}));
        QCOMPARE(shape(collection.items),
            QStringLiteral("Patients(Get one,Admin(Create,List,Drafts())),Upload,Later()"));

        const Collection copy = duplicateCollection(collection, QStringLiteral("copy-id"));
        QCOMPARE(copy.id, QStringLiteral("copy-id"));
        QCOMPARE(copy.name, QStringLiteral("Renamed API copy"));
        QCOMPARE(shape(copy.items), shape(collection.items));
        QCOMPARE(copy.variables, collection.variables);
        for (const QString& id : ids(copy.items))
            QVERIFY(!ids(collection.items).contains(id));
    }
};

QTEST_GUILESS_MAIN(TestCollection)
#include "tst_collection.moc"
