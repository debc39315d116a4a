#include "appsession.h"
#include "memorysecretstore.h"
#include "workspacewatcher.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::Workspace;

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// As git or an editor does: the file written in place.
bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

Environment environment(const QString& id, const QString& name)
{
    Environment result;
    result.id = id;
    result.name = name;
    result.variables = {{QStringLiteral("baseUrl"), QStringLiteral("https://api.example/%1").arg(id), true}};
    return result;
}

QStringList names(const AppSession& session)
{
    QStringList result;
    for (const Environment& environment : session.workspace().environments)
        result.append(environment.name);
    return result;
}

} // namespace

// Files changed outside Tokenscope (a git pull) are read again; its own saves are not taken for such a
// change; unsaved changes in the session are not overwritten without asking.
class TestWorkspaceWatcher final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void watcherReportsChangedFiles()
    {
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("environments"))));
        QVERIFY(writeBytes(dir.filePath(QStringLiteral("environments/a.json")), "{}"));
        WorkspaceWatcher watcher(dir.path());
        QSignalSpy changed(&watcher, &WorkspaceWatcher::filesChanged);
        QVERIFY(writeBytes(dir.filePath(QStringLiteral("environments/a.json")), "{ }"));
        QVERIFY(changed.wait());
        QCOMPARE(
            changed.takeFirst().at(0).toStringList(), QStringList {QStringLiteral("environments/a.json")});
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("collections"))));
        QVERIFY(writeBytes(dir.filePath(QStringLiteral("collections/c.json")), "{}"));
        QTRY_VERIFY(
            !changed.isEmpty() && changed.last().at(0).toStringList().contains(u"collections/c.json"));
        changed.clear();
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("environments/a.json"))));
        QVERIFY(changed.wait());
        QCOMPARE(
            changed.takeFirst().at(0).toStringList(), QStringList {QStringLiteral("environments/a.json")});
    }

    void outsideChanges_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QStringList>("expected"); // the environments' names after it
        QTest::newRow("changed") << QStringLiteral("changed")
                                 << QStringList {QStringLiteral("Alpha (pulled)"), QStringLiteral("Beta")};
        QTest::newRow("added") << QStringLiteral("added")
                               << QStringList {QStringLiteral("Alpha"), QStringLiteral("Beta"),
                                      QStringLiteral("Gamma")};
        QTest::newRow("removed") << QStringLiteral("removed") << QStringList {QStringLiteral("Beta")};
    }
    void outsideChanges()
    {
        QFETCH(QString, change);
        QFETCH(QStringList, expected);
        QTemporaryDir dir;
        AppSession session(dir.path(), new Secrets::MemorySecretStore);
        session.load();
        session.putEnvironment(environment(QStringLiteral("env-a"), QStringLiteral("Alpha")));
        session.putEnvironment(environment(QStringLiteral("env-b"), QStringLiteral("Beta")));
        QSignalSpy reloaded(&session, &AppSession::workspaceFileReloaded);
        QSignalSpy conflicts(&session, &AppSession::workspaceFileConflict);
        // Our own save of another environment is not an outside change.
        Environment beta = session.workspace().environments.at(1);
        beta.apiBaseUrls = {QUrl(QStringLiteral("https://api.example/beta"))};
        session.putEnvironment(beta);

        WorkspaceStore files(dir.path());
        const QString alpha = files.environmentFilePath(QStringLiteral("env-a"));
        QString expectedFile = QStringLiteral("environments/env-a.json");
        if (change == QLatin1String("changed")) {
            QVERIFY(writeBytes(alpha, readAll(alpha).replace("\"Alpha\"", "\"Alpha (pulled)\"")));
        } else if (change == QLatin1String("added")) {
            QVERIFY(writeBytes(files.environmentFilePath(QStringLiteral("env-c")),
                readAll(alpha).replace("\"Alpha\"", "\"Gamma\"").replace("\"env-a\"", "\"env-c\"")));
            expectedFile = QStringLiteral("environments/env-c.json");
        } else {
            QVERIFY(QFile::remove(alpha));
        }
        QVERIFY(reloaded.wait());
        QCOMPARE(reloaded.size(), 1);
        QCOMPARE(reloaded.at(0).at(0).toString(), expectedFile);
        QCOMPARE(names(session), expected);
        QVERIFY(conflicts.isEmpty());
        QCOMPARE(session.workspace().environments.constLast().apiBaseUrls.isEmpty(),
            change == QLatin1String("added"));
    }

    // A file that no longer reads after an outside change is reported; the session keeps what it had
    // and never saves over the file.
    void unreadableChangeIsReportedAndKept()
    {
        QTemporaryDir dir;
        AppSession session(dir.path(), new Secrets::MemorySecretStore);
        session.load();
        session.putEnvironment(environment(QStringLiteral("env-a"), QStringLiteral("Alpha")));
        QSignalSpy problems(&session, &AppSession::problem);
        const QString alpha = WorkspaceStore(dir.path()).environmentFilePath(QStringLiteral("env-a"));
        QVERIFY(writeBytes(alpha, "<<<<<<< HEAD\n{"));
        QVERIFY(problems.wait());
        const Error error = problems.first().at(0).value<Error>();
        QVERIFY2(error.summary.contains(QLatin1String("env-a.json")), qPrintable(error.toText()));
        QCOMPARE(names(session), QStringList {QStringLiteral("Alpha")});
        Environment renamed = session.workspace().environments.at(0);
        renamed.name = QStringLiteral("Alpha 2");
        session.putEnvironment(renamed);
        QCOMPARE(readAll(alpha), QByteArray("<<<<<<< HEAD\n{"));
    }

    // Unsaved changes (a save that failed) are not replaced without asking: the session says so, and
    // reads the file only when told.
    void unsavedChangesAskFirst()
    {
        QTemporaryDir dir;
        AppSession session(dir.path(), new Secrets::MemorySecretStore);
        session.load();
        session.putEnvironment(environment(QStringLiteral("env-a"), QStringLiteral("Alpha")));
        const QString alpha = WorkspaceStore(dir.path()).environmentFilePath(QStringLiteral("env-a"));
        const QByteArray pulled = readAll(alpha).replace("\"Alpha\"", "\"Alpha (pulled)\"");
        const QFileDevice::Permissions was = QFile::permissions(alpha);
        QVERIFY(QFile::setPermissions(alpha, QFileDevice::ReadOwner));
        QSignalSpy problems(&session, &AppSession::problem);
        Environment mine = session.workspace().environments.at(0);
        mine.name = QStringLiteral("Alpha (mine)");
        session.putEnvironment(mine);
        QCOMPARE(problems.size(), 1); // read-only: not saved
        QVERIFY(session.hasUnsavedChanges(QStringLiteral("environments/env-a.json")));

        QSignalSpy conflicts(&session, &AppSession::workspaceFileConflict);
        QSignalSpy reloaded(&session, &AppSession::workspaceFileReloaded);
        QVERIFY(QFile::setPermissions(alpha, was));
        QVERIFY(writeBytes(alpha, pulled));
        QVERIFY(conflicts.wait());
        QCOMPARE(conflicts.at(0).at(0).toString(), QStringLiteral("environments/env-a.json"));
        QCOMPARE(conflicts.at(0).at(1).toString(), QStringLiteral("Alpha (mine)"));
        QCOMPARE(names(session), QStringList {QStringLiteral("Alpha (mine)")});
        QVERIFY(reloaded.isEmpty());
        session.reloadWorkspaceFile(QStringLiteral("environments/env-a.json"));
        QCOMPARE(names(session), QStringList {QStringLiteral("Alpha (pulled)")});
        QVERIFY(!session.hasUnsavedChanges(QStringLiteral("environments/env-a.json")));
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceWatcher)
#include "tst_workspacewatcher.moc"
