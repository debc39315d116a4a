#include "filescan.h"
#include "workspacestore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Tokenscope;
using namespace Tokenscope::Workspace;

namespace {

constexpr QFileDevice::Permissions ownerFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions ownerFolder = ownerFile | QFileDevice::ExeOwner;

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// The owner's and everyone else's bits (Qt's "user" bits repeat the owner's).
QFileDevice::Permissions mode(const QString& path)
{
    return QFile::permissions(path)
        & ~(QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ExeUser);
}

// Which file a path names on disk: a file written anew (QSaveFile renames over it) is another one.
quint64 inode(const QString& path)
{
    struct stat info
    { };
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? quint64(info.st_ino) : 0;
}

// Every file of the folder by its path relative to it.
QStringList filesIn(const QString& directory)
{
    QStringList files;
    QDirIterator it(directory, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(QDir(directory).relativeFilePath(it.next()));
    files.sort();
    return files;
}

Environment environment(const QString& id, const QString& name)
{
    Environment result;
    const QString host = QString(id).remove(QRegularExpression(QStringLiteral("[^a-z-]")));
    result.id = id;
    result.name = name;
    result.variables = {{QStringLiteral("baseUrl"), QStringLiteral("https://api.%1.example").arg(host), true},
        {QStringLiteral("apiKey"), QStringLiteral("secret-value-of-%1").arg(id), true, true}};
    result.oauth.issuer = QStringLiteral("https://id.example/%1").arg(host);
    result.oauth.tokenEndpoint = QUrl(QStringLiteral("https://id.example/%1/token").arg(host));
    result.oauth.clientId = QStringLiteral("client-%1").arg(id);
    result.oauth.scope = QStringLiteral("openid profile");
    result.signIn.browser = SignInSettings::Browser::System;
    result.signIn.timeoutSeconds = 120;
    result.apiBaseUrls = {QUrl(QStringLiteral("https://api.%1.example/v1").arg(host))};
    result.production = id == QLatin1String("env-prod");
    Http::HttpRequest request;
    request.method = "POST";
    request.url = QStringLiteral("{{baseUrl}}/items");
    request.headers = {{QStringLiteral("Accept"), QStringLiteral("application/json"), true}};
    result.openRequests = {{request, Http::HttpRequest()}, 1};
    return result;
}

WorkspaceData sample()
{
    WorkspaceData data;
    data.environments = {environment(QStringLiteral("env-prod"), QStringLiteral("Productie")),
        environment(QStringLiteral("env-test"), QStringLiteral("Test")),
        environment(QStringLiteral("odd id/with…dots.."), QStringLiteral("Odd"))};
    data.currentEnvironmentId = QStringLiteral("env-test");
    data.globals = {{QStringLiteral("tenant"), QStringLiteral("zorg"), true},
        {QStringLiteral("globalKey"), QStringLiteral("secret-global-value"), true, true}};
    Http::HttpRequest ping;
    ping.url = QStringLiteral("https://status.example/ping");
    data.openRequests = {{ping}, 0};
    return data;
}

// What a load gives back of data: secret values come from the keychain, never from the files.
WorkspaceData withoutSecretValues(WorkspaceData data)
{
    const auto blank = [](QList<Http::Variable>* variables) {
        for (Http::Variable& variable : *variables) {
            if (variable.secret)
                variable.value.clear();
        }
    };
    for (Environment& environment : data.environments)
        blank(&environment.variables);
    blank(&data.globals);
    return data;
}

void compareData(const WorkspaceData& actual, const WorkspaceData& expected)
{
    QCOMPARE(actual.environments, expected.environments);
    QCOMPARE(actual.currentEnvironmentId, expected.currentEnvironmentId);
    QCOMPARE(actual.globals, expected.globals);
    QCOMPARE(actual.openRequests, expected.openRequests);
}

} // namespace

class TestWorkspaceFolder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // One readable file per environment, the globals and their order in workspace.json, this user's
    // own state apart, each file with its format, two spaces per level, sorted keys.
    void layout()
    {
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        QVERIFY(store.save(sample()).isNull());
        QCOMPARE(filesIn(dir.path()),
            (QStringList {QStringLiteral(".gitignore"), QStringLiteral(".tokenscope/state.json"),
                QStringLiteral("environments/env-prod.json"), QStringLiteral("environments/env-test.json"),
                QStringLiteral("environments/odd%20id%2Fwith%E2%80%A6dots%2E%2E.json"),
                QStringLiteral("workspace.json")}));
        QVERIFY(readAll(dir.filePath(QStringLiteral(".gitignore"))).contains(".tokenscope/\n"));
        const QJsonObject main = QJsonDocument::fromJson(readAll(store.filePath())).object();
        QCOMPARE(main.value(QLatin1String("environments")).toArray(),
            (QJsonArray {QStringLiteral("env-prod"), QStringLiteral("env-test"),
                QStringLiteral("odd id/with…dots..")}));
        QVERIFY(!main.contains(QLatin1String("currentEnvironment"))); // a user's own: in the state file
        for (const QString& name : filesIn(dir.path())) {
            if (!name.endsWith(QLatin1String(".json")))
                continue;
            const QByteArray bytes = readAll(dir.filePath(name));
            const QJsonObject object = QJsonDocument::fromJson(bytes).object();
            QVERIFY2(
                object.value(QLatin1String("format")).toString().startsWith(QLatin1String("tokenscope-")),
                qPrintable(name));
            QCOMPARE(object.value(QLatin1String("version")).toInt(), 2);
            const QList<QByteArray> lines = bytes.split('\n');
            QCOMPARE(lines.at(0), QByteArray("{"));
            QVERIFY2(
                lines.at(1).startsWith("  \"") && !lines.at(1).startsWith("   "), lines.at(1).constData());
            QVERIFY(bytes.endsWith("}\n"));
        }
        const QByteArray prod = readAll(store.environmentFilePath(QStringLiteral("env-prod")));
        QVERIFY(prod.contains("\"production\": true"));
        QVERIFY(!prod.contains("openRequests"));

        const auto loaded = store.load();
        QVERIFY2(loaded.error.isNull(), qPrintable(loaded.error.toText()));
        compareData(loaded.data, withoutSecretValues(sample()));
    }

    // A save that changes nothing writes nothing; a change to one environment rewrites its file alone.
    void onlyChangedFilesAreWritten()
    {
        QTemporaryDir dir;
        {
            WorkspaceStore first(dir.path());
            QVERIFY(first.save(sample()).isNull());
        }
        QHash<QString, QByteArray> bytes;
        QHash<QString, quint64> inodes;
        for (const QString& name : filesIn(dir.path())) {
            bytes.insert(name, readAll(dir.filePath(name)));
            inodes.insert(name, inode(dir.filePath(name)));
        }
        WorkspaceStore store(dir.path());
        WorkspaceData data = store.load().data;
        QVERIFY(store.save(data).isNull());
        for (const QString& name : filesIn(dir.path())) {
            QCOMPARE(readAll(dir.filePath(name)), bytes.value(name));
            QVERIFY2(inode(dir.filePath(name)) == inodes.value(name), qPrintable(name));
        }
        data.environments[1].name = QStringLiteral("Test 2");
        QVERIFY(store.save(data).isNull());
        for (const QString& name : filesIn(dir.path())) {
            const bool changed = name == QLatin1String("environments/env-test.json");
            QVERIFY2((inode(dir.filePath(name)) != inodes.value(name)) == changed, qPrintable(name));
            QVERIFY2((readAll(dir.filePath(name)) != bytes.value(name)) == changed, qPrintable(name));
        }
        // Removed: its file goes, the order in workspace.json follows.
        data.environments.removeAt(1);
        QVERIFY(store.save(data).isNull());
        QVERIFY(!QFile::exists(store.environmentFilePath(QStringLiteral("env-test"))));
        QCOMPARE(WorkspaceStore(dir.path()).load().data.environments.size(), 2);
    }

    void modes()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("ws"));
        WorkspaceStore store(folder);
        QVERIFY(store.save(sample()).isNull());
        QCOMPARE(mode(folder), ownerFolder);
        QCOMPARE(mode(QDir(folder).filePath(QStringLiteral("environments"))), ownerFolder);
        QCOMPARE(mode(QDir(folder).filePath(QStringLiteral(".tokenscope"))), ownerFolder);
        for (const QString& name : filesIn(folder))
            QVERIFY2(mode(QDir(folder).filePath(name)) == ownerFile, qPrintable(name));
    }

    // No secret value reaches any file of the folder: secret variables (an environment's, a global's)
    // are written without their value.
    void nothingSecretInAnyFile()
    {
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        QVERIFY(store.save(sample()).isNull());
        QList<QPair<QString, QByteArray>> needles;
        for (const Environment& environment : sample().environments)
            needles.append({environment.name, environment.variables.at(1).value.toUtf8()});
        needles.append({QStringLiteral("global"), QByteArrayLiteral("secret-global-value")});
        const Tests::ScanResult scan = Tests::scanFiles({dir.path()}, needles);
        QCOMPARE(scan.filesScanned, 6);
        QVERIFY2(scan.offenders.isEmpty(), qPrintable(scan.offenders.join(QLatin1Char('\n'))));
    }

    // A file that cannot be read is named in the report and left alone: not moved, not overwritten, not
    // removed, whatever is saved after; the rest of the workspace loads.
    void unreadableFileIsNamedAndKept_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("environments"); // loaded
        const QString env = QStringLiteral("environments/env-prod.json");
        const QString state = QStringLiteral(".tokenscope/state.json");
        const QString main = QStringLiteral("workspace.json");
        const QByteArray truncated = "{\"format\": \"tokenscope-environment\", \"version\": 2, \"na";
        const QByteArray newerEnv
            = "{\"format\": \"tokenscope-environment\", \"version\": 3, \"id\": \"env-prod\"}";
        QTest::newRow("environment corrupt") << env << QByteArray("{ not json at all") << 2;
        QTest::newRow("environment truncated") << env << truncated << 2;
        QTest::newRow("environment newer format") << env << newerEnv << 2;
        QTest::newRow("environment of another format") << env << QByteArray("{\"info\": {}}") << 2;
        QTest::newRow("environment empty") << env << QByteArray() << 2;
        QTest::newRow("environment binary") << env << QByteArray("\x00\xff\xfe", 3) << 2;
        QTest::newRow("environment id not its file name")
            << env
            << QByteArray("{\"format\": \"tokenscope-environment\", \"version\": 2, \"id\": \"other\"}") << 2;
        QTest::newRow("state truncated") << state << QByteArray("{\"format\": \"tokenscope-st") << 3;
        QTest::newRow("workspace.json truncated")
            << main << QByteArray("{\"format\": \"tokenscope-work") << 3;
    }
    void unreadableFileIsNamedAndKept()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, content);
        QFETCH(int, environments);
        QTemporaryDir dir;
        QVERIFY(WorkspaceStore(dir.path()).save(sample()).isNull());
        const QString path = dir.filePath(file);
        QVERIFY(writeBytes(path, content));

        WorkspaceStore store(dir.path());
        auto loaded = store.load();
        QVERIFY(!loaded.error.isNull());
        QVERIFY2(loaded.error.detail.contains(file), qPrintable(loaded.error.toText()));
        QCOMPARE(loaded.data.environments.size(), environments);
        QVERIFY(loaded.setAsidePath.isEmpty());
        // Saving, even with every environment changed or removed, leaves it as it is.
        for (Environment& environment : loaded.data.environments)
            environment.name += QStringLiteral(" (changed)");
        const Error saved = store.save(loaded.data);
        if (!file.startsWith(QLatin1String("environments/"))) {
            QVERIFY(!saved.isNull());
            QVERIFY2(saved.toText().contains(QFileInfo(file).fileName()), qPrintable(saved.toText()));
        }
        QCOMPARE(readAll(path), content);
        loaded.data.environments.clear();
        store.save(loaded.data);
        QCOMPARE(readAll(path), content);
        QVERIFY(QFile::exists(path));
        // The environments that could be read were saved all the same.
        if (file.startsWith(QLatin1String("environments/")))
            QVERIFY(!QFile::exists(store.environmentFilePath(QStringLiteral("env-test"))));
    }

    // A workspace.json of a newer format opens read-only: nothing is written, and it says why.
    void newerWorkspaceIsReadOnly()
    {
        QTemporaryDir dir;
        QVERIFY(WorkspaceStore(dir.path()).save(sample()).isNull());
        const QByteArray newer
            = "{\"format\": \"tokenscope-workspace\", \"version\": 3, \"environments\": []}\n";
        QVERIFY(writeBytes(dir.filePath(QStringLiteral("workspace.json")), newer));
        const QByteArray before = Tests::readAllFiles(dir.path());
        WorkspaceStore store(dir.path());
        auto loaded = store.load();
        QVERIFY(loaded.error.summary.contains(QLatin1String("read-only")));
        QVERIFY(loaded.error.detail.contains(QLatin1String("workspace.json")));
        QVERIFY(loaded.error.detail.contains(QLatin1String("format 3")));
        loaded.data.environments.clear();
        const Error saved = store.save(loaded.data);
        QVERIFY(!saved.isNull());
        QCOMPARE(Tests::readAllFiles(dir.path()), before);
    }

    // A read-only file or folder is reported by name when a change cannot be written; nothing is lost:
    // once writable again the next save writes it.
    void readOnly_data()
    {
        QTest::addColumn<QString>("path"); // made read-only
        QTest::addColumn<QString>("kept"); // a file a change cannot reach then
        const QString environment = QStringLiteral("environments/env-test.json");
        QTest::newRow("read-only environment file") << environment << environment;
        QTest::newRow("read-only environments folder") << QStringLiteral("environments") << environment;
        QTest::newRow("read-only workspace folder") << QString() << QStringLiteral("workspace.json");
    }
    void readOnly()
    {
        QFETCH(QString, path);
        QFETCH(QString, kept);
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        WorkspaceData data = sample();
        QVERIFY(store.save(data).isNull());
        const QString target = path.isEmpty() ? dir.path() : dir.filePath(path);
        const QFileDevice::Permissions was = QFile::permissions(target);
        QVERIFY(QFile::setPermissions(target, was & ~(QFileDevice::WriteOwner | QFileDevice::WriteUser)));
        const QByteArray before = readAll(dir.filePath(kept));
        data.environments[1].name = QStringLiteral("Renamed");
        data.globals.append({QStringLiteral("added"), QStringLiteral("1"), true});
        const Error saved = store.save(data);
        QVERIFY(!saved.isNull());
        QVERIFY2(saved.toText().contains(QLatin1String("read-only")), qPrintable(saved.toText()));
        QVERIFY2(saved.summary.contains(QFileInfo(kept).fileName()), qPrintable(saved.toText()));
        QCOMPARE(readAll(dir.filePath(kept)), before);
        QCOMPARE(mode(target),
            was
                & ~(QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser
                    | QFileDevice::ExeUser)); // not made writable behind the user's back
        // Nothing lost: writable again, the next save writes it.
        QVERIFY(QFile::setPermissions(target, was));
        QVERIFY(store.save(data).isNull());
        compareData(WorkspaceStore(dir.path()).load().data, withoutSecretValues(data));
    }

    // Format 1, a single workspace.json, becomes a folder at the first load: every field kept, the old
    // file kept as workspace.json.v1-backup (an existing backup is never replaced).
    void migration_data()
    {
        QTest::addColumn<bool>("backupExists");
        QTest::newRow("first migration") << false;
        QTest::newRow("an older backup is kept") << true;
    }
    void migration()
    {
        QFETCH(bool, backupExists);
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        const QByteArray format1 = QJsonDocument(toJson(sample())).toJson();
        QVERIFY(writeBytes(store.filePath(), format1));
        if (backupExists)
            QVERIFY(writeBytes(store.backupFilePath(), "older backup"));
        // tokenscope-cli reads it as it is, changing nothing.
        const auto read = WorkspaceStore(dir.path()).load(WorkspaceStore::Unreadable::LeaveInPlace);
        QVERIFY(read.error.isNull());
        compareData(read.data, withoutSecretValues(sample()));
        QCOMPARE(readAll(store.filePath()), format1);

        const auto loaded = store.load();
        QVERIFY2(loaded.error.isNull(), qPrintable(loaded.error.toText()));
        compareData(loaded.data, withoutSecretValues(sample()));
        QCOMPARE(readAll(store.backupFilePath()), backupExists ? QByteArray("older backup") : format1);
        QCOMPARE(mode(store.backupFilePath()), backupExists ? mode(store.backupFilePath()) : ownerFile);
        QCOMPARE(QJsonDocument::fromJson(readAll(store.filePath()))
                     .object()
                     .value(QLatin1String("version"))
                     .toInt(),
            2);
        QVERIFY(QFile::exists(store.environmentFilePath(QStringLiteral("env-prod"))));
        // Read again from the folder: the same.
        compareData(WorkspaceStore(dir.path()).load().data, withoutSecretValues(sample()));
    }

    // An environment file that a git pull added (not yet in workspace.json's order) loads, after the
    // others; one the order names but that is gone is no error.
    void environmentsOutsideTheOrder()
    {
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        QVERIFY(store.save(sample()).isNull());
        QVERIFY(QFile::copy(store.environmentFilePath(QStringLiteral("env-prod")),
            dir.filePath(QStringLiteral("environments/pulled.json"))));
        QByteArray pulled = readAll(dir.filePath(QStringLiteral("environments/pulled.json")));
        pulled.replace("\"id\": \"env-prod\"", "\"id\": \"pulled\"");
        QVERIFY(writeBytes(dir.filePath(QStringLiteral("environments/pulled.json")), pulled));
        QVERIFY(QFile::remove(store.environmentFilePath(QStringLiteral("env-test"))));
        const auto loaded = store.load();
        QVERIFY2(loaded.error.isNull(), qPrintable(loaded.error.toText()));
        QStringList ids;
        for (const Environment& environment : loaded.data.environments)
            ids.append(environment.id);
        QCOMPARE(ids,
            (QStringList {
                QStringLiteral("env-prod"), QStringLiteral("odd id/with…dots.."), QStringLiteral("pulled")}));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceFolder)
#include "tst_workspacefolder.moc"
