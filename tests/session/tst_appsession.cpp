#include "appsession.h"
#include "collection.h"
#include "filescan.h"
#include "flowlog.h"
#include "keychainsecretstore.h"
#include "memorysecretstore.h"
#include "scriptedserver.h"
#include "secretcall.h"
#include "sessionsecretstore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Tokenscope;

Q_DECLARE_METATYPE(Tokenscope::Error)

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

    // A request sees the globals, the variables of the collection it was opened from and the current
    // environment's, the environment's winning; secret values come from the keychain at every level and
    // go on the wire, never into the workspace file.
    void variableScopeGoesOnTheWire_data()
    {
        QTest::addColumn<QString>("collectionId");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("key");
        QTest::newRow("opened-from-the-collection")
            << QStringLiteral("col-1") << QByteArray("/v2/items") << QByteArray("collection-key-1");
        QTest::newRow("not-from-a-collection")
            << QString() << QByteArray("/v1/items") << QByteArray("global-key-9");
    }

    void variableScopeGoesOnTheWire()
    {
        QFETCH(QString, collectionId);
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, key);
        Tests::ScriptedServer api;
        QVERIFY(api.listen(QHostAddress::LocalHost));
        api.enqueue(Tests::reply(200, "{}"));
        QTemporaryDir directory;
        auto* keychain = new Secrets::MemorySecretStore;
        const auto put = [keychain](const QString& name, const QString& value) {
            keychain->write(name, value, nullptr, [](const Secrets::SecretResult&) {});
        };
        put(Workspace::collectionSecretKey(QStringLiteral("col-1"), QStringLiteral("key")),
            QStringLiteral("collection-key-1"));
        Workspace::AppSession session(directory.path(), keychain);
        QVERIFY(session.load().isNull());
        session.setGlobals({{QStringLiteral("version"), QStringLiteral("v1"), true, false},
            {QStringLiteral("key"), QStringLiteral("global-key-9"), true, true}});
        QTRY_COMPARE(keychain->value(Workspace::globalSecretKey(QStringLiteral("key"))),
            QStringLiteral("global-key-9"));
        session.setCollectionVariables(QStringLiteral("col-1"),
            {{QStringLiteral("version"), QStringLiteral("v2"), true, false},
                {QStringLiteral("key"), QString(), true, true}});
        Workspace::Environment environment;
        environment.id = QStringLiteral("env-1");
        environment.name = QStringLiteral("Local");
        environment.variables = {{QStringLiteral("baseUrl"), api.url({}).toString(QUrl::StripTrailingSlash)}};
        session.putEnvironment(environment);
        session.setCurrentEnvironment(environment.id);
        QTRY_COMPARE(session.variableScope(QStringLiteral("col-1")).collection.value(1).value,
            QStringLiteral("collection-key-1"));

        Http::HttpRequest request;
        request.url = QStringLiteral("{{baseUrl}}/{{version}}/items");
        request.auth.style = Http::RequestAuth::Style::None;
        request.headers = {{QStringLiteral("X-Key"), QStringLiteral("{{key}}"), true}};
        QCOMPARE(session.resolvedUrl(request, collectionId).path(), QString::fromUtf8(target));
        std::optional<Http::HttpResponse> response;
        session.send(
            request, this, [&response](const Http::HttpResponse& r, const Error&) { response = r; }, {},
            collectionId);
        QTRY_VERIFY(response.has_value());
        QCOMPARE(response->status, 200);
        QCOMPARE(api.requests().first().target, target);
        QCOMPARE(api.requests().first().headers.value("x-key"), key);
        QVERIFY(session.save().isNull());
        QFile file(directory.filePath(QStringLiteral("workspace.json")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray saved = file.readAll();
        QVERIFY(!saved.contains("global-key-9") && !saved.contains("collection-key-1"));
    }
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
        const QByteArray saved = Tests::readAllFiles(directory.path());
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

    // A credential pasted into a header of the draft request becomes a secret variable: its value in the
    // keychain, {{name}} in the file, the request still sending it.
    void draftSecretHeaders_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("variable");
        QTest::newRow("draft-authorization-header-not-persisted") << "Authorization"
                                                                  << "Bearer eyJhbGciOiJSUzI1NiJ9.pasted.sig"
                                                                  << "authorization";
        QTest::newRow("draft-x-api-key-header-not-persisted") << "X-Api-Key"
                                                              << "k-77-pasted"
                                                              << "x_api_key";
        QTest::newRow("draft-cookie-header-not-persisted") << "Cookie"
                                                           << "sid=s-1234-pasted"
                                                           << "cookie";
        QTest::newRow("draft-proxy-authorization-header-not-persisted") << "Proxy-Authorization"
                                                                        << "Basic dXNlcjpwYXNzLXBhc3RlZA=="
                                                                        << "proxy_authorization";
    }
    void draftSecretHeaders()
    {
        QFETCH(QString, header);
        QFETCH(QString, value);
        QFETCH(QString, variable);
        QTemporaryDir directory;
        Workspace::Environment environment;
        environment.id = QStringLiteral("env-draft-secrets");
        environment.name = QStringLiteral("Pasted");
        Http::HttpRequest request;
        request.url = QStringLiteral("https://api.example/me");
        request.headers
            = {{header, value, true}, {QStringLiteral("Accept"), QStringLiteral("text/plain"), true}};
        {
            auto session = newSession(directory.path());
            session->putEnvironment(environment);
            QSignalSpy told(session.get(), &Workspace::AppSession::problem);
            session->setDraftRequest(environment.id, request);
            QCOMPARE(told.size(), 1); // once, not at every keystroke after
            session->setDraftRequest(environment.id, request);
            QCOMPARE(told.size(), 1);
            QVERIFY(told.first().first().value<Error>().detail.contains(u"{{" + variable + u"}}"));
            QCOMPARE(session->draftRequest(environment.id).headers.first().value, u"{{" + variable + u"}}");
            QVERIFY(session->save().isNull());
        }
        const QByteArray saved = Tests::readAllFiles(directory.path());
        QVERIFY2(!saved.contains(value.toUtf8()), saved.constData());
        QVERIFY(saved.contains("text/plain"));

        // After a restart the header still sends the credential, from the keychain.
        auto session = newSession(directory.path());
        QTRY_COMPARE_WITH_TIMEOUT(valueOf(*session, variable), value, 15000);
        session->removeEnvironment(environment.id);
    }

    // A file written by an earlier version may hold a pasted credential in any environment's draft, not
    // only the one on screen: it moves to the keychain at load, before the first save blanks it in the
    // file, and nothing is lost.
    void draftCredentialOfAnotherEnvironmentMovedAtLoad()
    {
        QTemporaryDir directory;
        const QString value = QStringLiteral("k-older-version-91");
        Workspace::Environment shown;
        shown.id = QStringLiteral("env-shown");
        shown.name = QStringLiteral("Shown");
        Workspace::Environment other;
        other.id = QStringLiteral("env-other-draft");
        other.name = QStringLiteral("Other");
        // As an earlier version wrote it (format 1, one file): the value itself in the draft's header.
        Workspace::WorkspaceData data;
        data.environments = {shown, other};
        data.currentEnvironmentId = shown.id;
        QJsonObject root = Workspace::toJson(data);
        const QString path = directory.path() + QStringLiteral("/workspace.json");
        QFile file(path);
        QJsonArray environments = root.value(QLatin1String("environments")).toArray();
        bool written = false;
        for (auto it = environments.begin(); it != environments.end(); ++it) {
            QJsonObject environment = it->toObject();
            if (environment.value(QLatin1String("id")).toString() != other.id)
                continue;
            QJsonObject draft = environment.value(QLatin1String("draftRequest")).toObject();
            draft.insert(QStringLiteral("url"), QStringLiteral("https://api.example/other"));
            draft.insert(QStringLiteral("headers"),
                QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("X-Api-Key")},
                    {QStringLiteral("value"), value}, {QStringLiteral("enabled"), true}}});
            environment.insert(QStringLiteral("draftRequest"), draft);
            environment.remove(QStringLiteral("openRequests")); // written since tabs were kept
            environment.remove(QStringLiteral("currentRequest"));
            *it = environment;
            written = true;
        }
        QVERIFY(written);
        root.insert(QStringLiteral("environments"), environments);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(root).toJson());
        file.close();

        {
            auto session = newSession(directory.path());
            QCOMPARE(session->currentEnvironment()->id, shown.id);
            QCOMPARE(session->draftRequest(other.id).headers.first().value, QStringLiteral("{{x_api_key}}"));
            QVERIFY(session->save().isNull());
            // Not in the folder of format 2 it became; the copy of the format-1 file keeps what it held.
            QFile::remove(path + QStringLiteral(".v1-backup"));
            const QByteArray saved = Tests::readAllFiles(directory.path());
            QVERIFY2(!saved.contains(value.toUtf8()), saved.constData());
        }
        auto session = newSession(directory.path());
        session->setCurrentEnvironment(other.id);
        QTRY_COMPARE_WITH_TIMEOUT(valueOf(*session, QStringLiteral("x_api_key")), value, 15000);
        session->removeEnvironment(other.id);
        session->removeEnvironment(shown.id);
    }

    // The first successful call with a token names the environment's API; a 401 from a host the token is
    // not meant for is final (no refresh and second send), while the environment's own API gets one.
    void apiBaseUrlIsLearnedAndForeignHostsAreNotRetried()
    {
        Tests::ScriptedServer provider;
        Tests::ScriptedServer api;
        Tests::ScriptedServer elsewhere;
        QVERIFY(provider.start() && api.start() && elsewhere.start());
        for (int i = 1; i <= 3; ++i) {
            provider.enqueue(Tests::reply(200,
                "{\"access_token\":\"at-" + QByteArray::number(i)
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
        }
        const auto refused = Tests::reply(401, "{\"error\":\"invalid_token\"}", "application/json",
            {{"WWW-Authenticate", "Bearer error=\"invalid_token\""}});
        api.enqueue(Tests::reply(200, "{\"ok\":true}"));
        api.enqueue(refused);
        elsewhere.enqueue(refused);
        QTemporaryDir directory;
        Workspace::AppSession session(directory.path(), new Secrets::MemorySecretStore);
        session.load();
        Workspace::Environment environment;
        environment.id = QStringLiteral("env-learn");
        environment.name = QStringLiteral("Service");
        environment.oauth.grant = OAuth::Grant::ClientCredentials;
        environment.oauth.issuer = provider.url({}).toString(QUrl::StripTrailingSlash);
        environment.oauth.tokenEndpoint = provider.url(QStringLiteral("/token"));
        environment.oauth.clientId = QStringLiteral("service");
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::ClientSecretPost;
        session.putEnvironment(environment, QStringLiteral("s3cret"));
        session.setCurrentEnvironment(environment.id);
        const auto send = [&session, this](const QUrl& url) {
            Http::HttpRequest request;
            request.url = url.toString();
            std::optional<Http::HttpResponse> response;
            session.send(
                request, this, [&response](const Http::HttpResponse& r, const Error&) { response = r; });
            return QTest::qWaitFor([&response] { return response.has_value(); }, 10000) ? response->status
                                                                                        : -1;
        };
        Http::HttpRequest foreign;
        foreign.url = elsewhere.url(QStringLiteral("/v1/items")).toString();
        QCOMPARE(session.tokenDestination(foreign).kind, Workspace::TokenDestination::Kind::Unlearned);

        QCOMPARE(send(api.url(QStringLiteral("/v1/items"))), 200);
        QCOMPARE(
            session.currentEnvironment()->apiBaseUrls, QList<QUrl> {Workspace::apiBaseUrlOf(api.url({}))});
        QCOMPARE(session.tokenDestination(foreign).kind, Workspace::TokenDestination::Kind::Unknown);
        Http::HttpRequest ownCredentials = foreign;
        ownCredentials.headers = {{QStringLiteral("authorization"), QStringLiteral("Basic dTpw"), true}};
        QCOMPARE(session.tokenDestination(ownCredentials).kind, Workspace::TokenDestination::Kind::Own);
        ownCredentials.attachAccessToken = false;
        ownCredentials.headers.clear();
        QCOMPARE(session.tokenDestination(ownCredentials).kind, Workspace::TokenDestination::Kind::Own);

        QCOMPARE(send(elsewhere.url(QStringLiteral("/v1/items"))), 401);
        QCOMPARE(elsewhere.requests().size(), 1);
        QCOMPARE(provider.requests().size(), 1); // not refreshed

        QCOMPARE(send(api.url(QStringLiteral("/v1/items"))), 401);
        QCOMPARE(api.requests().size(), 3); // the 200, and the refused call sent twice
        QCOMPARE(provider.requests().size(), 2);
        QCOMPARE(api.requests().last().headers.value("authorization"), "Bearer at-2");
    }

    // Each environment keeps its own request, and the workspace file keeps them apart.
    void requestPerEnvironment()
    {
        QTemporaryDir directory;
        Workspace::Environment a;
        a.id = QStringLiteral("env-a");
        a.name = QStringLiteral("A");
        Workspace::Environment b = a;
        b.id = QStringLiteral("env-b");
        b.name = QStringLiteral("B");
        Http::HttpRequest forA;
        forA.url = QStringLiteral("https://api.a.example/v1");
        Http::HttpRequest forB;
        forB.method = "DELETE";
        forB.url = QStringLiteral("https://api.b.example/v1/7");
        {
            Workspace::AppSession session(directory.path(), new Secrets::MemorySecretStore);
            session.load();
            session.putEnvironment(a);
            session.putEnvironment(b);
            session.setDraftRequest(a.id, forA);
            session.setDraftRequest(b.id, forB);
            // Saving the environment's settings (the editor's copy) leaves its request alone.
            session.putEnvironment(b);
            QCOMPARE(session.draftRequest(b.id), forB);
        }
        Workspace::AppSession session(directory.path(), new Secrets::MemorySecretStore);
        session.load();
        QCOMPARE(session.draftRequest(a.id), forA);
        QCOMPARE(session.draftRequest(b.id), forB);
        QCOMPARE(session.draftRequest({}), Http::HttpRequest());
    }

    // Every tab of an environment is kept, in order and with the current one; a credential typed into a
    // tab that is not on screen goes to the keychain like the shown one's.
    void openRequestsAreKeptWithTheirEnvironment()
    {
        QTemporaryDir directory;
        Workspace::Environment environment;
        environment.id = QStringLiteral("env-tabs");
        environment.name = QStringLiteral("Tabs");
        Http::HttpRequest first;
        first.url = QStringLiteral("https://api.example/first");
        first.headers = {{QStringLiteral("X-Api-Key"), QStringLiteral("k-typed-in-a-tab-41"), true}};
        Http::HttpRequest second;
        second.method = "POST";
        second.url = QStringLiteral("https://api.example/second");
        Http::HttpRequest third;
        third.url = QStringLiteral("https://api.example/third");
        third.disabledQuery = {{0, QStringLiteral("debug"), QStringLiteral("1")}};
        {
            auto session = newSession(directory.path());
            session->putEnvironment(environment);
            QSignalSpy told(session.get(), &Workspace::AppSession::problem);
            session->setOpenRequests(environment.id, {{first, second, third}, 1});
            QCOMPARE(told.size(), 1);
            const Workspace::OpenRequests open = session->openRequests(environment.id);
            QCOMPARE(open.requests.size(), 3);
            QCOMPARE(open.current, 1);
            QCOMPARE(open.requests.at(0).headers.first().value, QStringLiteral("{{x_api_key}}"));
            QCOMPARE(session->draftRequest(environment.id), second);
            // Replacing the shown request leaves the others alone.
            Http::HttpRequest edited = second;
            edited.url = QStringLiteral("https://api.example/second/edited");
            session->setDraftRequest(environment.id, edited);
            QCOMPARE(session->openRequests(environment.id).requests.at(1), edited);
            QCOMPARE(session->openRequests(environment.id).requests.at(2), third);
        }
        const QByteArray saved = Tests::readAllFiles(directory.path());
        QVERIFY2(!saved.contains("k-typed-in-a-tab-41"), saved.constData());

        auto session = newSession(directory.path());
        const Workspace::OpenRequests open = session->openRequests(environment.id);
        QCOMPARE(open.requests.size(), 3);
        QCOMPARE(open.current, 1);
        QCOMPARE(open.requests.at(1).url, QStringLiteral("https://api.example/second/edited"));
        QCOMPARE(open.requests.at(2), third);
        QTRY_COMPARE_WITH_TIMEOUT(
            valueOf(*session, QStringLiteral("x_api_key")), QStringLiteral("k-typed-in-a-tab-41"), 15000);
        session->removeEnvironment(environment.id);
    }
};

QTEST_GUILESS_MAIN(TestAppSession)
#include "tst_appsession.moc"
