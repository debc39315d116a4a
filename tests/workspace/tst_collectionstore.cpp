#include "collectionstore.h"
#include "postmanimport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::Workspace;

namespace {

Collection collectionNamed(const QString& name)
{
    Collection collection;
    collection.id = newCollectionItemId();
    collection.name = name;
    CollectionItem request;
    request.id = newCollectionItemId();
    request.name = QStringLiteral("Items");
    request.request.method = "GET";
    request.request.url = QStringLiteral("{{baseUrl}}/items");
    collection.items.append(request);
    return collection;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

} // namespace

class TestCollectionStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void savesOneOwnerOnlyFilePerCollectionAndLoadsThemByName()
    {
        QTemporaryDir workspace;
        CollectionStore store(workspace.path());
        const Collection zulu = collectionNamed(QStringLiteral("Zulu"));
        const Collection alpha = collectionNamed(QStringLiteral("alpha"));
        QVERIFY(store.save(zulu).isNull());
        QVERIFY(store.save(alpha).isNull());
        const QString folder = workspace.filePath(QStringLiteral("collections"));
        QCOMPARE(store.directory(), folder);
        QCOMPARE(QFile::permissions(folder) & 0x0077, QFileDevice::Permissions());
        QCOMPARE(QFile::permissions(folder) & QFileDevice::ExeOwner, QFileDevice::ExeOwner);
        for (const Collection& c : {zulu, alpha}) {
            const QString path = QDir(folder).filePath(c.id + QStringLiteral(".json"));
            QCOMPARE(store.filePath(c.id), path);
            QCOMPARE(QFile::permissions(path) & 0x0077, QFileDevice::Permissions());
            QCOMPARE(QFile::permissions(path) & 0x7000, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }

        CollectionStore again(workspace.path());
        const CollectionStore::LoadResult loaded = again.load();
        QVERIFY(loaded.problems.isEmpty());
        QCOMPARE(loaded.collections.size(), 2);
        QCOMPARE(loaded.collections.at(0), alpha);
        QCOMPARE(loaded.collections.at(1), zulu);

        QVERIFY(again.remove(alpha.id).isNull());
        QVERIFY(!QFile::exists(again.filePath(alpha.id)));
        QCOMPARE(CollectionStore(workspace.path()).load().collections, QList<Collection> {zulu});
    }

    void noFolderIsNoCollections()
    {
        QTemporaryDir workspace;
        CollectionStore store(workspace.path());
        const CollectionStore::LoadResult loaded = store.load();
        QVERIFY(loaded.collections.isEmpty());
        QVERIFY(loaded.problems.isEmpty());
        QVERIFY(!QFile::exists(store.directory()));
    }

    void unreadableFilesAreReportedSkippedAndNeverOverwritten_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("detailPart");
        QTest::newRow("corrupt JSON") << QByteArray("{\"format\": 1, \"items\": [") << "not valid JSON";
        QTest::newRow("not a collection") << QByteArray("{\"name\": \"x\"}") << "not a Tokenscope collection";
        QTest::newRow("newer format") << QByteArray("{\"format\": 99, \"id\": \"ID\", \"name\": \"Future\", "
                                                    "\"items\": []}")
                                      << "newer Tokenscope";
        QTest::newRow("id not the file name")
            << QByteArray("{\"format\": 1, \"id\": \"other\", \"name\": \"Moved\", \"items\": []}")
            << "does not match the file name";
    }

    void unreadableFilesAreReportedSkippedAndNeverOverwritten()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, detailPart);
        QTemporaryDir workspace;
        CollectionStore store(workspace.path());
        const Collection good = collectionNamed(QStringLiteral("Good"));
        QVERIFY(store.save(good).isNull());
        const QString id = newCollectionItemId();
        const QString bad = store.filePath(id);
        QVERIFY(writeFile(
            bad, QByteArray(bytes).replace(QByteArray("\"ID\""), QByteArray("\"" + id.toUtf8() + "\""))));
        const QByteArray before = readAll(bad);

        const CollectionStore::LoadResult loaded = store.load();
        QCOMPARE(loaded.collections, QList<Collection> {good});
        QCOMPARE(loaded.problems.size(), 1);
        QVERIFY2(loaded.problems.first().summary.contains(id + QStringLiteral(".json")),
            qPrintable(loaded.problems.first().summary));
        QVERIFY2(
            loaded.problems.first().detail.contains(detailPart), qPrintable(loaded.problems.first().detail));

        // A collection of that id is not saved over the file the load could not read.
        Collection replacement = collectionNamed(QStringLiteral("Replacement"));
        replacement.id = id;
        QVERIFY(!store.save(replacement).isNull());
        QVERIFY(store.save(good).isNull());
        QCOMPARE(readAll(bad), before);
    }

    void idsThatCannotNameAFileAreRefused()
    {
        QTemporaryDir workspace;
        CollectionStore store(workspace.path());
        Collection collection = collectionNamed(QStringLiteral("Escape"));
        collection.id = QStringLiteral("../workspace");
        QVERIFY(store.filePath(collection.id).isEmpty());
        QVERIFY(!store.save(collection).isNull());
        QVERIFY(!QFile::exists(workspace.filePath(QStringLiteral("workspace.json"))));
    }

    void importedSecretsNeverReachTheFile()
    {
        PostmanCollectionImport imported;
        QVERIFY(importPostmanCollectionFile(
            QStringLiteral(TOKENSCOPE_POSTMAN_FIXTURES "/demo-v2.1.postman_collection.json"), &imported)
                    .isNull());
        QVERIFY(!imported.secrets.isEmpty());
        QTemporaryDir workspace;
        CollectionStore store(workspace.path());
        QVERIFY(store.save(imported.collection).isNull());
        const QByteArray bytes = readAll(store.filePath(imported.collection.id));
        QVERIFY(bytes.contains(imported.collection.name.toUtf8()));
        for (const Http::Variable& secret : std::as_const(imported.secrets)) {
            QVERIFY(!secret.value.isEmpty());
            QVERIFY2(!bytes.contains(secret.value.toUtf8()), qPrintable(secret.name));
        }
        for (const ImportedOAuth& oauth : std::as_const(imported.oauth)) {
            if (!oauth.clientSecret.isEmpty())
                QVERIFY(!bytes.contains(oauth.clientSecret.toUtf8()));
        }
        QCOMPARE(CollectionStore(workspace.path()).load().collections.value(0), imported.collection);
    }
};

QTEST_GUILESS_MAIN(TestCollectionStore)
#include "tst_collectionstore.moc"
