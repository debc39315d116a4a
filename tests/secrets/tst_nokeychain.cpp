#include "appsession.h"
#include "filescan.h"
#include "keychainsecretstore.h"
#include "secretcall.h"
#include "sessionsecretstore.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Tokenscope;
using Secrets::SecretResult;

// docs/oauth-client-rules.md case 35 against the real QtKeychain: a desktop without any Secret Service on its
// session bus. The session keeps working with secrets in memory, says so, and writes no secret to disk.
class TestNoKeychain final : public QObject
{
    Q_OBJECT

private:
    QProcess m_bus;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // A private bus with no service files, started before anything in this process talks D-Bus.
        m_bus.start(QStringLiteral("dbus-daemon"),
            {QStringLiteral("--config-file=" TOKENSCOPE_BARE_BUS_CONFIG), QStringLiteral("--print-address"),
                QStringLiteral("--nofork")});
        QVERIFY(m_bus.waitForStarted(5000));
        QTRY_VERIFY(m_bus.canReadLine());
        const QByteArray address = m_bus.readLine().trimmed();
        QVERIFY(address.startsWith("unix:"));
        qputenv("DBUS_SESSION_BUS_ADDRESS", address);
    }

    void cleanupTestCase()
    {
        m_bus.terminate();
        m_bus.waitForFinished(5000);
    }

    void memoryOnlyAndNothingOnDisk()
    {
        QTemporaryDir workspace;
        auto* secrets = new Secrets::SessionSecretStore(
            new Secrets::KeychainSecretStore(QStringLiteral("Tokenscope-test")));
        QSignalSpy problem(secrets, &Secrets::SessionSecretStore::availabilityProblem);
        Workspace::AppSession session(workspace.path(), secrets);
        QVERIFY(session.load().isNull());
        QSignalSpy sessionProblem(&session, &Workspace::AppSession::problem);

        const QString secret = QStringLiteral("client-secret-that-must-not-hit-the-disk-4711");
        Workspace::Environment environment;
        environment.id = QStringLiteral("env-no-keychain");
        environment.name = QStringLiteral("No keychain");
        environment.oauth.clientId = QStringLiteral("client");
        session.putEnvironment(environment, secret);

        // Once per refused answer: the secret and the binding written beside it may both be refused.
        QTRY_VERIFY_WITH_TIMEOUT(!problem.isEmpty(), 15000);
        QVERIFY(problem.first().first().toString().contains(QStringLiteral("secrets")));
        QTRY_COMPARE(sessionProblem.size(), 1); // "could not be saved in the keychain … kept in memory"
        QVERIFY(!secrets->isAvailable());
        QVERIFY(secrets->backendName().contains(QStringLiteral("memory only")));

        // The session still has it.
        const SecretResult read = Tests::callSecretStore([&](QObject* c, auto h) {
            secrets->read(Secrets::secretKey(environment.id, QStringLiteral("client_secret")), c, h);
        });
        QVERIFY(read.ok());
        QCOMPARE(read.value, secret);

        // And no file anywhere this process may write holds it.
        QVERIFY(session.save().isNull());
        const auto scan = Tests::scanFiles(
            Tests::writableRoots({workspace.path()}), {{QStringLiteral("client secret"), secret.toUtf8()}});
        QVERIFY2(scan.offenders.isEmpty(), qPrintable(scan.offenders.join(QLatin1Char('\n'))));
        QVERIFY(scan.filesScanned >= 1); // at least the workspace file was looked at
    }
};

QTEST_GUILESS_MAIN(TestNoKeychain)
#include "tst_nokeychain.moc"
