#include "common/secretcall.h"
#include "secrets/memorysecretstore.h"
#include "secrets/sessionsecretstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace Tokenscope::Secrets;

namespace {

// A keychain that is not there: every call answers Unavailable, as QtKeychain does without a
// Secret Service on the bus or when the user refuses the unlock prompt.
class AbsentKeychain final : public SecretStore
{
public:
    explicit AbsentKeychain(SecretResult::Status status = SecretResult::Status::Unavailable)
        : m_status(status)
    { }
    int writes = 0;
    void read(const QString&, QObject* context, Handler handler) override
    {
        answer(context, std::move(handler));
    }
    void write(const QString&, const QString&, QObject* context, Handler handler) override
    {
        ++writes;
        answer(context, std::move(handler));
    }
    void remove(const QString&, QObject* context, Handler handler) override
    {
        answer(context, std::move(handler));
    }
    QString backendName() const override { return QStringLiteral("absent"); }

private:
    void answer(QObject* context, Handler handler) const
    {
        QMetaObject::invokeMethod(
            context,
            [handler = std::move(handler), status = m_status] {
                handler({status, {}, QStringLiteral("The name org.freedesktop.secrets was not provided")});
            },
            Qt::QueuedConnection);
    }

    SecretResult::Status m_status;
};

SecretResult call(const std::function<void(QObject*, SecretStore::Handler)>& operation)
{
    return Tokenscope::Tests::callSecretStore(operation, 5000);
}

} // namespace

// Case 35 (keychain locked → error, never plain text) for the session store's part.
class TestSessionSecretStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keychainAbsentKeepsSecretsInMemoryAndSaysSo()
    {
        auto* absent = new AbsentKeychain;
        SessionSecretStore store(absent);
        QSignalSpy problem(&store, &SessionSecretStore::keychainProblem);
        QSignalSpy availability(&store, &SessionSecretStore::keychainAvailableChanged);

        const SecretResult written = call([&](QObject* c, auto h) {
            store.write(QStringLiteral("e/refresh_token"), QStringLiteral("rt"), c, h);
        });
        QCOMPARE(written.status, SecretResult::Status::Unavailable); // the failure is reported, not swallowed
        QCOMPARE(problem.size(), 1);
        QCOMPARE(availability.size(), 1);
        QVERIFY(!store.keychainAvailable());
        QVERIFY(store.backendName().contains(QStringLiteral("memory only")));
        QCOMPARE(absent->writes, 1);

        // The session goes on with the value held in memory.
        const SecretResult read
            = call([&](QObject* c, auto h) { store.read(QStringLiteral("e/refresh_token"), c, h); });
        QVERIFY(read.ok());
        QCOMPARE(read.value, QStringLiteral("rt"));

        QVERIFY(
            !call([&](QObject* c, auto h) { store.remove(QStringLiteral("e/refresh_token"), c, h); }).ok());
        QCOMPARE(
            call([&](QObject* c, auto h) { store.read(QStringLiteral("e/refresh_token"), c, h); }).status,
            SecretResult::Status::Unavailable);
    }

    // A locked keyring whose prompt cannot be shown answers "Failed": reported the same way.
    void lockedKeychainIsReportedAndProbed()
    {
        auto* absent = new AbsentKeychain(SecretResult::Status::Failed);
        SessionSecretStore store(absent);
        QSignalSpy problem(&store, &SessionSecretStore::keychainProblem);
        store.probe();
        QTRY_COMPARE(problem.size(), 1);
        QVERIFY(!store.keychainAvailable());
        QCOMPARE(absent->writes, 0);
    }

    void workingKeychainIsUsed()
    {
        auto* memory = new MemorySecretStore;
        SessionSecretStore store(memory);
        QVERIFY(call([&](QObject* c, auto h) {
            store.write(QStringLiteral("k"), QStringLiteral("v"), c, h);
        }).ok());
        QCOMPARE(memory->value(QStringLiteral("k")), QStringLiteral("v"));
        QVERIFY(store.keychainAvailable());
    }
};

QTEST_GUILESS_MAIN(TestSessionSecretStore)
#include "tst_sessionsecretstore.moc"
