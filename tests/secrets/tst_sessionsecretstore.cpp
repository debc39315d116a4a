#include "memorysecretstore.h"
#include "secretcall.h"
#include "sessionsecretstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace Tokenscope::Secrets;

namespace {

// A keychain that is not there: every call answers Unavailable, as QtKeychain does without a
// Secret Service on the bus or when the user refuses the unlock prompt.
class AbsentKeychain final : public SecretStore
{
public:
    explicit AbsentKeychain(SecretResult::Status initial = SecretResult::Status::Unavailable)
        : status(initial)
    { }
    // What every call answers; Ok makes it a working keychain (the user unlocked it).
    SecretResult::Status status;
    int writes = 0;
    QHash<QString, QString> stored;

    void read(const QString& key, QObject* context, Handler handler) override
    {
        const auto it = stored.constFind(key);
        if (status == SecretResult::Status::Ok && it == stored.constEnd())
            answer(context, std::move(handler), SecretResult::Status::NotFound);
        else
            answer(context, std::move(handler), status, it == stored.constEnd() ? QString() : *it);
    }
    void write(const QString& key, const QString& value, QObject* context, Handler handler) override
    {
        ++writes;
        if (status == SecretResult::Status::Ok)
            stored.insert(key, value);
        answer(context, std::move(handler), status);
    }
    void remove(const QString& key, QObject* context, Handler handler) override
    {
        if (status == SecretResult::Status::Ok)
            stored.remove(key);
        answer(context, std::move(handler), status);
    }
    QString backendName() const override { return QStringLiteral("absent"); }

private:
    static void answer(
        QObject* context, Handler handler, SecretResult::Status status, const QString& value = {})
    {
        QMetaObject::invokeMethod(
            context,
            [handler = std::move(handler), status, value] {
                handler({status, value,
                    status == SecretResult::Status::Ok
                        ? QString()
                        : QStringLiteral("The name org.freedesktop.secrets was not provided")});
            },
            Qt::QueuedConnection);
    }
};

SecretResult call(const std::function<void(QObject*, SecretStore::Handler)>& operation)
{
    return Tokenscope::Tests::callSecretStore(operation, 5000);
}

} // namespace

// docs/oauth-client-rules.md case 35 (keychain locked → error, never plain text) for the session store's
// part.
class TestSessionSecretStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keychainAbsentKeepsSecretsInMemoryAndSaysSo()
    {
        auto* absent = new AbsentKeychain;
        SessionSecretStore store(absent);
        QSignalSpy problem(&store, &SessionSecretStore::availabilityProblem);
        QSignalSpy availability(&store, &SessionSecretStore::availabilityChanged);

        const SecretResult written = call([&](QObject* c, auto h) {
            store.write(QStringLiteral("e/refresh_token"), QStringLiteral("rt"), c, h);
        });
        QCOMPARE(written.status, SecretResult::Status::Unavailable); // the failure is reported, not swallowed
        QCOMPARE(problem.size(), 1);
        QCOMPARE(availability.size(), 1);
        QVERIFY(!store.isAvailable());
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
        QSignalSpy problem(&store, &SessionSecretStore::availabilityProblem);
        store.probe();
        QTRY_COMPARE(problem.size(), 1);
        QVERIFY(!store.isAvailable());
        QCOMPARE(absent->writes, 0);
    }

    // Retrying after unlocking works: what the session held in memory is saved once the keychain answers.
    void secretsHeldInMemoryAreSavedAfterUnlock()
    {
        auto* keychain = new AbsentKeychain(SecretResult::Status::Failed);
        SessionSecretStore store(keychain);
        QVERIFY(!call([&](QObject* c, auto h) {
            store.write(QStringLiteral("e/refresh_token"), QStringLiteral("rt-9"), c, h);
        }).ok());
        QVERIFY(!store.isAvailable());
        QVERIFY(keychain->stored.isEmpty());

        keychain->status = SecretResult::Status::Ok; // the user unlocked the keyring
        QSignalSpy availability(&store, &SessionSecretStore::availabilityChanged);
        store.probe();
        QTRY_COMPARE(availability.size(), 1);
        QVERIFY(store.isAvailable());
        QTRY_COMPARE(keychain->stored.value(QStringLiteral("e/refresh_token")), QStringLiteral("rt-9"));
    }

    // A read that was under way when the secret was removed does not bring it back into the cache.
    void removedSecretStaysRemoved()
    {
        auto* keychain = new AbsentKeychain(SecretResult::Status::Ok);
        keychain->stored.insert(QStringLiteral("e/refresh_token"), QStringLiteral("rt-old"));
        SessionSecretStore store(keychain);
        QObject context;
        std::optional<SecretResult> first;
        store.read(
            QStringLiteral("e/refresh_token"), &context, [&first](const SecretResult& r) { first = r; });
        QVERIFY(
            call([&](QObject* c, auto h) { store.remove(QStringLiteral("e/refresh_token"), c, h); }).ok());
        QVERIFY(first.has_value());
        QCOMPARE(
            call([&](QObject* c, auto h) { store.read(QStringLiteral("e/refresh_token"), c, h); }).status,
            SecretResult::Status::NotFound);
    }

    void workingKeychainIsUsed()
    {
        auto* memory = new MemorySecretStore;
        SessionSecretStore store(memory);
        QVERIFY(call([&](QObject* c, auto h) {
            store.write(QStringLiteral("k"), QStringLiteral("v"), c, h);
        }).ok());
        QCOMPARE(memory->value(QStringLiteral("k")), QStringLiteral("v"));
        QVERIFY(store.isAvailable());
    }
};

QTEST_GUILESS_MAIN(TestSessionSecretStore)
#include "tst_sessionsecretstore.moc"
