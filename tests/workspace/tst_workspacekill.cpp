#include "workspacestore.h"

#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::Workspace;

// A save interrupted by SIGKILL loses nothing saved before: a child saves in a loop (workspacesaver) and
// is killed after a random number of completed saves, many times over the same folder. Each time the
// workspace loads without a problem and holds at least the last save the child reported complete (a
// file of the save under way may already be the next one's: each file is replaced whole).
class TestWorkspaceKill final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void killedMidSaveLosesNothing()
    {
        QTemporaryDir dir;
        int lastSaved = -1;
        constexpr int rounds = 50;
        for (int round = 0; round < rounds; ++round) {
            QProcess saver;
            saver.setProgram(QStringLiteral(TOKENSCOPE_WORKSPACE_SAVER));
            saver.setArguments({dir.path()});
            saver.setProcessChannelMode(QProcess::SeparateChannels);
            saver.start();
            QVERIFY(saver.waitForStarted());
            // Wait for 1 to 4 completed saves, then kill the child wherever it is.
            const int wanted = int(QRandomGenerator::global()->bounded(1, 5));
            int seen = 0;
            while (seen < wanted) {
                if (!saver.canReadLine()) {
                    QSignalSpy output(&saver, &QProcess::readyReadStandardOutput);
                    QVERIFY2(
                        output.wait(30000) || saver.canReadLine(), saver.readAllStandardError().constData());
                    continue;
                }
                const QByteArray line = saver.readLine().trimmed();
                QVERIFY2(line.startsWith("saved "), line.constData());
                lastSaved = line.mid(6).toInt();
                ++seen;
            }
            saver.kill(); // SIGKILL
            QVERIFY(saver.waitForFinished());
            // Lines printed before the kill are saves that completed.
            for (const QByteArray& line : saver.readAllStandardOutput().split('\n')) {
                if (line.startsWith("saved "))
                    lastSaved = line.mid(6).toInt();
            }

            WorkspaceStore store(dir.path());
            const auto loaded = store.load(WorkspaceStore::Unreadable::LeaveInPlace);
            QVERIFY2(loaded.error.isNull(), qPrintable(loaded.error.toText()));
            QCOMPARE(loaded.data.environments.size(), 12);
            const auto roundOf = [](const QList<Http::Variable>& variables) {
                return variables.isEmpty() ? -1 : variables.constFirst().value.toInt();
            };
            const int global = roundOf(loaded.data.globals);
            QVERIFY2(global == lastSaved || global == lastSaved + 1,
                qPrintable(QStringLiteral("global %1, last saved %2").arg(global).arg(lastSaved)));
            for (const Environment& environment : loaded.data.environments) {
                const int value = roundOf(environment.variables);
                QVERIFY2(value == lastSaved || value == lastSaved + 1,
                    qPrintable(QStringLiteral("%1: %2, last saved %3")
                                   .arg(environment.id)
                                   .arg(value)
                                   .arg(lastSaved)));
                QCOMPARE(environment.variables.at(1).value.size(), 4096);
            }
        }
        QVERIFY(lastSaved >= rounds);
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceKill)
#include "tst_workspacekill.moc"
