#include "keychainsecretstore.h"
#include "secretbinding.h"
#include "secretcall.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QUuid>

using namespace Tokenscope::Secrets;

namespace {

SecretResult call(const std::function<void(QObject*, SecretStore::Handler)>& operation)
{
    return Tokenscope::Tests::callSecretStore(operation, 15000);
}

} // namespace

// Against the real Secret Service (gnome-keyring in the test's private D-Bus session).
class TestKeychainSecretStore final : public QObject
{
    Q_OBJECT

private:
    // A fresh service name per run: tests never see each other's entries.
    const QString m_service = QStringLiteral("Tokenscope-test-") + QUuid::createUuid().toString(QUuid::Id128);

private Q_SLOTS:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QFAIL(
                "No D-Bus session: run the suite through scripts/test.sh (private bus with gnome-keyring).");
    }

    void writeReadOverwriteDelete()
    {
        KeychainSecretStore store(m_service);
        const QString key = QStringLiteral("env-a/refresh_token");
        QVERIFY(call([&](QObject* c, auto h) { store.write(key, QStringLiteral("rt-1 ✓"), c, h); }).ok());
        SecretResult read = call([&](QObject* c, auto h) { store.read(key, c, h); });
        QVERIFY2(read.ok(), qPrintable(read.message));
        QCOMPARE(read.value, QStringLiteral("rt-1 ✓"));

        // Refresh-token rotation overwrites in place.
        QVERIFY(call([&](QObject* c, auto h) { store.write(key, QStringLiteral("rt-2"), c, h); }).ok());
        QCOMPARE(call([&](QObject* c, auto h) { store.read(key, c, h); }).value, QStringLiteral("rt-2"));

        QVERIFY(call([&](QObject* c, auto h) { store.remove(key, c, h); }).ok());
        QCOMPARE(
            call([&](QObject* c, auto h) { store.read(key, c, h); }).status, SecretResult::Status::NotFound);
        // Removing what is gone is not an error.
        QVERIFY(call([&](QObject* c, auto h) { store.remove(key, c, h); }).ok());
    }

    // The binding of a stored secret lives in the keychain beside it, and says where it may go.
    void secretBinding_data()
    {
        QTest::addColumn<QString>("stored"); // the token endpoint the binding names; empty: none stored
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<bool>("sendable");
        QTest::newRow("refresh-token-bound-to-token-endpoint-keychain") << "https://old.example/token"
                                                                        << "client-1" << false;
        QTest::newRow("refresh-token-bound-to-client-id-keychain") << "https://id.example/token"
                                                                   << "client-0" << false;
        QTest::newRow("refresh-token-same-provider-keychain") << "https://id.example/token"
                                                              << "client-1" << true;
        QTest::newRow("refresh-token-without-binding-keychain") << ""
                                                                << "" << true;
    }
    void secretBinding()
    {
        QFETCH(QString, stored);
        QFETCH(QString, clientId);
        QFETCH(bool, sendable);
        KeychainSecretStore store(m_service);
        const QString key = QStringLiteral("env-b/refresh_token");
        const QString bindingKey = Tokenscope::OAuth::secretBindingKey(key);
        QVERIFY(call([&](QObject* c, auto h) { store.write(key, QStringLiteral("rt-1"), c, h); }).ok());
        QVERIFY(call([&](QObject* c, auto h) { store.remove(bindingKey, c, h); }).ok());
        Tokenscope::OAuth::ClientConfig config;
        config.tokenEndpoint = QUrl(QStringLiteral("https://id.example/token"));
        config.clientId = QStringLiteral("client-1");
        if (!stored.isEmpty()) {
            Tokenscope::OAuth::ClientConfig old = config;
            old.tokenEndpoint = QUrl(stored);
            old.clientId = clientId;
            QObject context;
            Tokenscope::OAuth::writeSecretBinding(&store, key, old, &context);
        }
        QObject context;
        std::optional<Tokenscope::OAuth::BindingCheck> check;
        Tokenscope::OAuth::checkSecretBinding(&store, key, config, &context,
            [&check](const Tokenscope::OAuth::BindingCheck& answer) { check = answer; });
        QTRY_VERIFY_WITH_TIMEOUT(check.has_value(), 15000);
        QCOMPARE(check->ok(), sendable);
        const SecretResult binding = call([&](QObject* c, auto h) { store.read(bindingKey, c, h); });
        QVERIFY2(binding.ok(), qPrintable(binding.message));
        if (sendable) {
            // A secret saved before bindings existed is bound now, to the environment it is used with.
            QCOMPARE(binding.value, Tokenscope::OAuth::SecretBinding::of(config).toJson());
        } else {
            QCOMPARE(check->boundTo.tokenEndpoint, stored);
            QCOMPARE(check->boundTo.clientId, clientId);
        }
        QVERIFY(call([&](QObject* c, auto h) { store.remove(key, c, h); }).ok());
        QVERIFY(call([&](QObject* c, auto h) { store.remove(bindingKey, c, h); }).ok());
    }

    // Read back from a fresh process: the secret is in the keychain, not in this process's memory.
    void readBackAcrossProcesses()
    {
        KeychainSecretStore store(m_service);
        const QString key = QStringLiteral("env-b/client_secret");
        QVERIFY(
            call([&](QObject* c, auto h) { store.write(key, QStringLiteral("s3cret-across"), c, h); }).ok());
        QProcess lookup;
        lookup.start(QStringLiteral("secret-tool"),
            {QStringLiteral("lookup"), QStringLiteral("server"), m_service, QStringLiteral("user"), key});
        if (!lookup.waitForStarted(5000))
            QSKIP("secret-tool is not installed");
        QVERIFY(lookup.waitForFinished(15000));
        QCOMPARE(lookup.readAllStandardOutput().trimmed(), QByteArray("s3cret-across"));
        QVERIFY(call([&](QObject* c, auto h) { store.remove(key, c, h); }).ok());
    }

    // Calls are answered in the order they were made, even for the same key without waiting.
    void operationsAreOrdered()
    {
        KeychainSecretStore store(m_service);
        const QString key = QStringLiteral("env-c/refresh_token");
        QObject context;
        QStringList log;
        store.write(key, QStringLiteral("one"), &context,
            [&log](const SecretResult& r) { log << QStringLiteral("w1:%1").arg(r.ok()); });
        store.read(key, &context, [&log](const SecretResult& r) { log << QStringLiteral("r1:") + r.value; });
        store.write(key, QStringLiteral("two"), &context,
            [&log](const SecretResult& r) { log << QStringLiteral("w2:%1").arg(r.ok()); });
        store.read(key, &context, [&log](const SecretResult& r) { log << QStringLiteral("r2:") + r.value; });
        store.remove(
            key, &context, [&log](const SecretResult& r) { log << QStringLiteral("d:%1").arg(r.ok()); });
        QTRY_COMPARE_WITH_TIMEOUT(log.size(), 5, 15000);
        QCOMPARE(log,
            (QStringList {QStringLiteral("w1:1"), QStringLiteral("r1:one"), QStringLiteral("w2:1"),
                QStringLiteral("r2:two"), QStringLiteral("d:1")}));
    }

    void handlerSkippedWhenContextIsGone()
    {
        KeychainSecretStore store(m_service);
        bool called = false;
        auto* context = new QObject;
        store.read(QStringLiteral("env-d/none"), context, [&called](const SecretResult&) { called = true; });
        delete context;
        // A later operation completes; by then the first one has finished too, without its handler.
        QCOMPARE(call([&](QObject* c, auto h) { store.read(QStringLiteral("env-d/none"), c, h); }).status,
            SecretResult::Status::NotFound);
        QVERIFY(!called);
    }

    // Quitting does not wait for the keychain to answer a read (a locked keychain may take minutes):
    // the destructor returns without running an event loop, and the read's handler is never called.
    void destroyedWithoutWaitingForReads()
    {
        auto* store = new KeychainSecretStore(m_service);
        bool readAnswered = false;
        QObject context;
        store->read(QStringLiteral("env-e/one"), &context, [&](const SecretResult&) { readAnswered = true; });
        store->read(QStringLiteral("env-e/two"), &context, [&](const SecretResult&) { readAnswered = true; });
        bool eventLoopRan = false;
        QTimer::singleShot(0, &context, [&eventLoopRan] { eventLoopRan = true; });
        delete store;
        QVERIFY(!eventLoopRan);
        QVERIFY(!readAnswered);
        // The job in flight still finishes on its own, harmlessly: the next store works as usual.
        KeychainSecretStore next(m_service);
        QCOMPARE(call([&](QObject* c, auto h) { next.read(QStringLiteral("env-e/one"), c, h); }).status,
            SecretResult::Status::NotFound);
        QVERIFY(eventLoopRan);
        QVERIFY(!readAnswered);
    }

    // A write waiting at exit is a rotated refresh token or a new client secret: it is finished first.
    void destroyedAfterFinishingWrites()
    {
        const QString key = QStringLiteral("env-f/refresh_token");
        auto* store = new KeychainSecretStore(m_service);
        QObject context;
        store->read(key, &context, [](const SecretResult&) {});
        store->write(key, QStringLiteral("rt-rotated"), &context, [](const SecretResult&) {});
        delete store;
        KeychainSecretStore next(m_service);
        QCOMPARE(call([&](QObject* c, auto h) { next.read(key, c, h); }).value, QStringLiteral("rt-rotated"));
        QVERIFY(call([&](QObject* c, auto h) { next.remove(key, c, h); }).ok());
    }
};

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "tst_keychainsecretstore.moc"
