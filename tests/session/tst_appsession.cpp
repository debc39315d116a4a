#include "appsession.h"
#include "flowlog.h"
#include "keychainsecretstore.h"
#include "scriptedserver.h"
#include "secretcall.h"
#include "sessionsecretstore.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Tokenscope;

// Secret variables (API keys, passwords) against the real Secret Service: kept in the keychain, never
// in the workspace file, restored after a restart, masked in the timeline, removed when unflagged.
class TestAppSession final : public QObject
{
    Q_OBJECT

private:
    const QString m_service = QStringLiteral("Tokenscope-test-") + QUuid::createUuid().toString(QUuid::Id128);
    const QString m_apiKey = QStringLiteral("k-9f8e7d6c5b4a-secret");

    std::unique_ptr<Workspace::AppSession> newSession(const QString& directory)
    {
        auto session = std::make_unique<Workspace::AppSession>(
            directory, new Secrets::SessionSecretStore(new Secrets::KeychainSecretStore(m_service)));
        session->load();
        return session;
    }

    static QString valueOf(const Workspace::AppSession& session, const QString& name)
    {
        for (const auto& variable : session.currentEnvironment()->variables) {
            if (variable.name == name)
                return variable.value;
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void secretVariables()
    {
        Tests::ScriptedServer api;
        QVERIFY(api.start());
        api.enqueue({200, "application/json", R"({"ok":true})", {}, false});
        QTemporaryDir directory;
        Workspace::Environment environment;
        environment.id = QStringLiteral("env-secret-vars");
        environment.name = QStringLiteral("Generic API v1");
        environment.variables
            = {{QStringLiteral("baseUrl"), api.url({}).toString(QUrl::StripTrailingSlash), true, false},
                {QStringLiteral("apiKey"), m_apiKey, true, true}};
        {
            auto session = newSession(directory.path());
            session->putEnvironment(environment);
            QVERIFY(session->save().isNull());
        }
        QFile file(directory.path() + QStringLiteral("/workspace.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray saved = file.readAll();
        QVERIFY(saved.contains("\"apiKey\""));
        QVERIFY(saved.contains("\"secret\": true"));
        QVERIFY(!saved.contains(m_apiKey.toUtf8()));

        // After a restart the value comes back from the keychain.
        auto session = newSession(directory.path());
        QTRY_COMPARE_WITH_TIMEOUT(valueOf(*session, QStringLiteral("apiKey")), m_apiKey, 15000);

        // Sent as it is, recorded masked.
        Http::HttpRequest request;
        request.url = QStringLiteral("{{baseUrl}}/v1/items?key={{apiKey}}");
        request.headers = {{QStringLiteral("X-Api-Key"), QStringLiteral("{{apiKey}}"), true}};
        request.attachAccessToken = false;
        std::optional<Http::HttpResponse> response;
        session->send(
            request, this, [&response](const Http::HttpResponse& r, const Error&) { response = r; });
        QTRY_VERIFY_WITH_TIMEOUT(response.has_value(), 10000);
        QCOMPARE(response->status, 200);
        QCOMPARE(api.requests().first().headers.value("x-api-key"), m_apiKey.toUtf8());
        QVERIFY(api.requests().first().target.contains(m_apiKey.toUtf8()));
        QVERIFY(session->flowLog()->events().size() >= 2);
        for (const auto& event : session->flowLog()->events()) {
            QString all = event.url.toString() + QString::fromUtf8(event.body);
            for (const auto& [name, value] : event.headers)
                all += QString::fromUtf8(name + ": " + value);
            QVERIFY2(!all.contains(m_apiKey), qPrintable(all));
        }

        // No longer secret: the keychain entry goes.
        environment.variables[1].secret = false;
        session->putEnvironment(environment);
        const auto key = Workspace::secretVariableKey(environment.id, QStringLiteral("apiKey"));
        Secrets::KeychainSecretStore keychain(m_service);
        QTRY_COMPARE_WITH_TIMEOUT(
            Tests::callSecretStore([&](QObject* c, auto h) { keychain.read(key, c, h); }).status,
            Secrets::SecretResult::Status::NotFound, 15000);
        session->removeEnvironment(environment.id);
    }
};

QTEST_GUILESS_MAIN(TestAppSession)
#include "tst_appsession.moc"
