#include "appsession.h"
#include "clientsecret.h"
#include "environmentcopy.h"
#include "keychainsecretstore.h"
#include "secretcall.h"
#include "sessionsecretstore.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Tokenscope;
using Status = Secrets::SecretResult::Status;

// Duplicating, removing and reordering environments against the real Secret Service: a copy has its own
// client secret and secret variable values in the keychain but no tokens; a removed environment leaves
// nothing there; the order is the workspace file's.
class TestEnvironmentOperations final : public QObject
{
    Q_OBJECT

private:
    const QString m_service = QStringLiteral("Tokenscope-test-") + QUuid::createUuid().toString(QUuid::Id128);
    const QString m_clientSecret = QStringLiteral("cs-4b1d-sandbox-secret");
    const QString m_apiKey = QStringLiteral("k-0a9b8c7d-sandbox");

    std::unique_ptr<Workspace::AppSession> newSession(const QString& directory)
    {
        auto session = std::make_unique<Workspace::AppSession>(
            directory, new Secrets::SessionSecretStore(new Secrets::KeychainSecretStore(m_service)));
        session->load();
        return session;
    }

    // What the keychain itself holds under key, read past any session's memory.
    Secrets::SecretResult keychainEntry(const QString& key) const
    {
        Secrets::KeychainSecretStore keychain(m_service);
        return Tests::callSecretStore(
            [&](QObject* context, auto handler) { keychain.read(key, context, handler); });
    }

    Workspace::Environment sandbox() const
    {
        Workspace::Environment environment;
        environment.id = QStringLiteral("env-sandbox-") + QUuid::createUuid().toString(QUuid::Id128);
        environment.name = QStringLiteral("Sandbox");
        environment.oauth.issuer = QStringLiteral("https://auth.sandbox.example");
        environment.oauth.tokenEndpoint = QUrl(QStringLiteral("https://auth.sandbox.example/token"));
        environment.oauth.clientId = QStringLiteral("tokenscope");
        environment.oauth.grant = OAuth::Grant::ClientCredentials;
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::ClientSecretBasic;
        environment.apiBaseUrls = {QUrl(QStringLiteral("https://api.sandbox.example"))};
        environment.variables
            = {{QStringLiteral("baseUrl"), QStringLiteral("https://api.sandbox.example"), true, false},
                {QStringLiteral("apiKey"), m_apiKey, true, true}};
        return environment;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void duplicateCopiesSecretsNotTokens()
    {
        QTemporaryDir directory;
        auto session = newSession(directory.path());
        const Workspace::Environment source = sandbox();
        session->putEnvironment(source, m_clientSecret);
        // A refresh token from an earlier sign-in: the copy does not get it.
        QVERIFY(Tests::writeSecret(
            session->secretStore(), OAuth::refreshTokenKey(source.id), QStringLiteral("rt-1"))
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(
            keychainEntry(OAuth::clientSecretKey(source.id)).value, m_clientSecret, 15000);

        QString copyId;
        Error error;
        bool done = false;
        Workspace::duplicateEnvironment(session.get(), source.id, QStringLiteral("Acceptance"), this,
            [&](const QString& id, const Error& e) {
                copyId = id;
                error = e;
                done = true;
            });
        QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
        QVERIFY2(error.isNull(), qPrintable(error.summary));
        QVERIFY(!copyId.isEmpty());
        QVERIFY(copyId != source.id);
        const Workspace::Environment* copy = session->workspace().findEnvironment(copyId);
        QVERIFY(copy);
        QCOMPARE(copy->name, QStringLiteral("Acceptance"));
        QCOMPARE(copy->oauth, source.oauth);
        QCOMPARE(copy->apiBaseUrls, source.apiBaseUrls);
        QCOMPARE(session->workspace().environments.size(), 2);

        // In the keychain under the copy's own id; a restart reads them back.
        QTRY_COMPARE_WITH_TIMEOUT(keychainEntry(OAuth::clientSecretKey(copyId)).value, m_clientSecret, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(
            keychainEntry(Workspace::secretVariableKey(copyId, QStringLiteral("apiKey"))).value, m_apiKey,
            15000);
        QCOMPARE(keychainEntry(OAuth::refreshTokenKey(copyId)).status, Status::NotFound);
        session.reset();
        session = newSession(directory.path());
        const auto apiKeyOf = [&session, &copyId] {
            for (const auto& variable : session->workspace().findEnvironment(copyId)->variables) {
                if (variable.name == QLatin1String("apiKey"))
                    return variable.value;
            }
            return QString();
        };
        QTRY_COMPARE_WITH_TIMEOUT(apiKeyOf(), m_apiKey, 15000);

        // Removing the copy leaves the source's secrets alone.
        session->removeEnvironment(copyId);
        QTRY_COMPARE_WITH_TIMEOUT(
            keychainEntry(OAuth::clientSecretKey(copyId)).status, Status::NotFound, 15000);
        QCOMPARE(keychainEntry(OAuth::clientSecretKey(source.id)).value, m_clientSecret);
        QCOMPARE(keychainEntry(OAuth::refreshTokenKey(source.id)).value, QStringLiteral("rt-1"));
        session->removeEnvironment(source.id);
    }

    void duplicateOfAGoneEnvironmentSaysSo()
    {
        QTemporaryDir directory;
        auto session = newSession(directory.path());
        Error error;
        bool done = false;
        Workspace::duplicateEnvironment(session.get(), QStringLiteral("gone"), QStringLiteral("Copy"), this,
            [&](const QString&, const Error& e) {
                error = e;
                done = true;
            });
        QVERIFY(done);
        QVERIFY(!error.isNull());
        QVERIFY(session->workspace().environments.isEmpty());
    }

    // Every keychain entry of a removed environment goes: client secret, refresh token, secret variables.
    void removeDeletesKeychainEntries_data()
    {
        QTest::addColumn<QString>("what");
        QTest::newRow("client secret") << QStringLiteral("client_secret");
        QTest::newRow("refresh token") << QStringLiteral("refresh_token");
        QTest::newRow("secret variable") << QStringLiteral("variable");
    }

    void removeDeletesKeychainEntries()
    {
        QFETCH(QString, what);
        QTemporaryDir directory;
        auto session = newSession(directory.path());
        const Workspace::Environment environment = sandbox();
        session->putEnvironment(environment, m_clientSecret);
        const QString key = what == QLatin1String("client_secret") ? OAuth::clientSecretKey(environment.id)
            : what == QLatin1String("refresh_token")
            ? OAuth::refreshTokenKey(environment.id)
            : Workspace::secretVariableKey(environment.id, QStringLiteral("apiKey"));
        if (what == QLatin1String("refresh_token"))
            QVERIFY(Tests::writeSecret(session->secretStore(), key, QStringLiteral("rt-2")).ok());
        QTRY_COMPARE_WITH_TIMEOUT(keychainEntry(key).status, Status::Ok, 15000);
        session->removeEnvironment(environment.id);
        QTRY_COMPARE_WITH_TIMEOUT(keychainEntry(key).status, Status::NotFound, 15000);
        QVERIFY(session->workspace().environments.isEmpty());
    }

    void reorderIsKeptAcrossReload_data()
    {
        QTest::addColumn<int>("from");
        QTest::addColumn<int>("to");
        QTest::addColumn<QString>("order");
        QTest::newRow("first to last") << 0 << 2 << QStringLiteral("B C A");
        QTest::newRow("last to first") << 2 << 0 << QStringLiteral("C A B");
        QTest::newRow("one down") << 0 << 1 << QStringLiteral("B A C");
        QTest::newRow("one up") << 2 << 1 << QStringLiteral("A C B");
        QTest::newRow("past the end stays last") << 1 << 7 << QStringLiteral("A C B");
        QTest::newRow("onto itself: nothing") << 1 << 1 << QStringLiteral("A B C");
    }

    void reorderIsKeptAcrossReload()
    {
        QFETCH(int, from);
        QFETCH(int, to);
        QFETCH(QString, order);
        QTemporaryDir directory;
        const auto names = [](const Workspace::AppSession& session) {
            QStringList list;
            for (const auto& environment : session.workspace().environments)
                list.append(environment.name);
            return list.join(QLatin1Char(' '));
        };
        {
            auto session = newSession(directory.path());
            for (const char* name : {"A", "B", "C"}) {
                Workspace::Environment environment;
                environment.id = QStringLiteral("env-") + QLatin1String(name);
                environment.name = QLatin1String(name);
                session->putEnvironment(environment);
            }
            session->setCurrentEnvironment(QStringLiteral("env-B"));
            const QString moved = session->workspace().environments.at(from).id;
            session->moveEnvironment(moved, to);
            QCOMPARE(names(*session), order);
            // Moving changes no choice.
            QCOMPARE(session->currentEnvironment()->id, QStringLiteral("env-B"));
        }
        auto reloaded = newSession(directory.path());
        QCOMPARE(names(*reloaded), order);
        QCOMPARE(reloaded->currentEnvironment()->id, QStringLiteral("env-B"));
    }
};

QTEST_GUILESS_MAIN(TestEnvironmentOperations)
#include "tst_environmentoperations.moc"
