#include "collection.h"

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
};

QTEST_GUILESS_MAIN(TestCollection)
#include "tst_collection.moc"
