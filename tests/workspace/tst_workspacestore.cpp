#include "draftsecrets.h"
#include "workspacestore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::Workspace;

namespace {

const QString fingerprint = QStringLiteral(
    "9E:3A:12:74:88:30:EA:67:D9:C2:C3:3E:B2:B6:80:BE:18:19:7C:9A:8A:6F:B2:A6:09:E7:6F:CE:E9:76:3E:0E");

// JSON written with single quotes for readability (and because moc mis-reads raw string literals).
QByteArray json(const char* text)
{
    return QByteArray(text).replace('\'', '"');
}

WorkspaceData sample()
{
    WorkspaceData data;
    Environment sandbox;
    sandbox.id = QStringLiteral("b7c6…-sandbox");
    sandbox.name = QStringLiteral("ZorgAPIs sandbox");
    sandbox.variables = {{QStringLiteral("baseUrl"), QStringLiteral("https://api.sandbox.zorgapis.nl"), true},
        {QStringLiteral("off"), QStringLiteral("x"), false}};
    sandbox.oauth.issuer = QStringLiteral("https://auth.sandbox.zorgapis.nl/realms/zorgapis");
    sandbox.oauth.authorizationEndpoint = QUrl(
        QStringLiteral("https://auth.sandbox.zorgapis.nl/realms/zorgapis/protocol/openid-connect/auth"));
    sandbox.oauth.tokenEndpoint = QUrl(
        QStringLiteral("https://auth.sandbox.zorgapis.nl/realms/zorgapis/protocol/openid-connect/token"));
    sandbox.oauth.jwksUri = QUrl(
        QStringLiteral("https://auth.sandbox.zorgapis.nl/realms/zorgapis/protocol/openid-connect/certs"));
    sandbox.oauth.grant = OAuth::Grant::DeviceCode;
    sandbox.oauth.deviceAuthorizationEndpoint = QUrl(QStringLiteral(
        "https://auth.sandbox.zorgapis.nl/realms/zorgapis/protocol/openid-connect/auth/device"));
    sandbox.oauth.revocationEndpoint = QUrl(
        QStringLiteral("https://auth.sandbox.zorgapis.nl/realms/zorgapis/protocol/openid-connect/revoke"));
    sandbox.oauth.introspectionEndpoint = QUrl(QStringLiteral(
        "https://auth.sandbox.zorgapis.nl/realms/zorgapis/protocol/openid-connect/token/introspect"));
    sandbox.oauth.userinfoEndpoint = QUrl(
        QStringLiteral("https://auth.sandbox.zorgapis.nl/realms/zorgapis/protocol/openid-connect/userinfo"));
    sandbox.oauth.endSessionEndpoint = QUrl(
        QStringLiteral("https://auth.sandbox.zorgapis.nl/realms/zorgapis/protocol/openid-connect/logout"));
    sandbox.oauth.clientId = QStringLiteral("zorgapis.postman");
    sandbox.oauth.scope = QStringLiteral("api-requirements-versions:read");
    sandbox.oauth.redirectUri = QUrl(QStringLiteral("https://oauth.pstmn.io/v1/browser-callback"));
    sandbox.oauth.clientAuthentication = OAuth::ClientAuthentication::ClientSecretPost;
    sandbox.oauth.extraAuthorizationParameters = {{QStringLiteral("p"), QStringLiteral("B2C_1_signin")}};
    sandbox.oauth.responseMode = QStringLiteral("form_post");
    sandbox.oauth.trustedCertificates = {
        CertificateFingerprint::fromText(fingerprint)->forHost(QStringLiteral("auth.sandbox.zorgapis.nl"))};
    sandbox.signIn.browser = SignInSettings::Browser::System;
    sandbox.signIn.keepBrowserSession = true;
    sandbox.signIn.timeoutSeconds = 90;
    sandbox.production = true;
    sandbox.apiBaseUrls = {QUrl(QStringLiteral("https://api.sandbox.zorgapis.nl/v1")),
        QUrl(QStringLiteral("http://127.0.0.1:8080"))};
    Http::HttpRequest sandboxDraft;
    sandboxDraft.method = "POST";
    sandboxDraft.url = QStringLiteral("{{baseUrl}}/v1/items");
    sandboxDraft.headers = {{QStringLiteral("X-Trace"), QStringLiteral("1"), false}};
    sandboxDraft.body = json("{'naam':'Zoë'}");
    // Three tabs, the middle one current; a switched-off query parameter keeps its place.
    Http::HttpRequest firstTab;
    firstTab.url = QStringLiteral("{{baseUrl}}/v1/patients?active=true&_count=10");
    firstTab.disabledQuery
        = {{1, QStringLiteral("name"), QStringLiteral("Zo%C3%AB")}, {3, QStringLiteral("debug"), QString()}};
    Http::HttpRequest thirdTab;
    thirdTab.method = "DELETE";
    thirdTab.url = QStringLiteral("{{baseUrl}}/v1/items/7");
    // The middle one was opened from a collection: Save writes it back there.
    sandbox.openRequests = {{firstTab, sandboxDraft, thirdTab}, 1,
        {{}, {QStringLiteral("collection-1"), QStringLiteral("item-7")}, {}}};
    data.environments.append(sandbox);
    // The Advanced settings: signed client assertions, PAR, the PKCE method and the
    // token-parameters-in-query quirk.
    Environment hub;
    hub.id = QStringLiteral("hub-1");
    hub.name = QStringLiteral("The Identity Hub");
    hub.oauth.issuer = QStringLiteral("https://id.example/acme");
    hub.oauth.tokenEndpoint = QUrl(QStringLiteral("https://id.example/acme/oauth2/v1/token/"));
    hub.oauth.clientId = QStringLiteral("hub-client");
    hub.oauth.clientAuthentication = OAuth::ClientAuthentication::PrivateKeyJwt;
    hub.oauth.assertionKeyId = QStringLiteral("key-2026");
    hub.oauth.assertionAudienceIsTokenEndpoint = true;
    hub.oauth.pkceMethod = QStringLiteral("plain");
    hub.oauth.usePar = true;
    hub.oauth.parEndpoint = QUrl(QStringLiteral("https://id.example/acme/oauth2/v1/par"));
    hub.oauth.tokenParametersInQuery = true;
    Http::HttpRequest hubDraft;
    hubDraft.url = QStringLiteral("https://api.example/acme/me");
    hubDraft.attachAccessToken = false;
    // The composer's body kinds, auth styles and settings.
    hubDraft.bodyKind = Http::BodyKind::Multipart;
    hubDraft.rawType = QStringLiteral("xml");
    hubDraft.formFields = {{QStringLiteral("note"), QStringLiteral("{{who}}"), false, {}, true},
        {QStringLiteral("scan"), QStringLiteral("/home/zoë/scan.pdf"), true,
            QStringLiteral("application/pdf"), false}};
    hubDraft.bodyFilePath = QStringLiteral("/tmp/upload.bin");
    hubDraft.auth.style = Http::RequestAuth::Style::Basic;
    hubDraft.auth.username = QStringLiteral("{{user}}");
    hubDraft.auth.password = QStringLiteral("{{hub_password}}");
    hubDraft.auth.headerName = QStringLiteral("X-Token");
    hubDraft.auth.prefix = QStringLiteral("Token ");
    hubDraft.auth.parameterName = QStringLiteral("key");
    hubDraft.auth.variable = QStringLiteral("serviceToken");
    hubDraft.timeoutMs = 4500;
    hubDraft.followRedirects = false;
    hubDraft.pathVariables = {{QStringLiteral("id"), QStringLiteral("{{patient}}")},
        {QStringLiteral("visit"), QStringLiteral("7"), false}};
    hub.openRequests = {{hubDraft}, 0};
    data.environments.append(hub);
    Environment legacy;
    legacy.id = QStringLiteral("legacy-1");
    legacy.name = QStringLiteral("Legacy");
    legacy.oauth.clientAuthentication = OAuth::ClientAuthentication::ClientSecretJwt;
    legacy.oauth.pkceMethod = QStringLiteral("none");
    data.environments.append(legacy);
    data.currentEnvironmentId = sandbox.id;
    // The request composed before there was an environment.
    Http::HttpRequest ping;
    ping.url = QStringLiteral("https://status.example/ping");
    data.openRequests = {{ping}, 0};
    data.globals = {{QStringLiteral("tenant"), QStringLiteral("zorg"), true},
        {QStringLiteral("apiKey"), QString(), true, true}};
    return data;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Every file of the workspace folder, one after the other.
QByteArray readFolder(const QString& directory)
{
    QByteArray all;
    QDirIterator it(directory, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        all += readAll(it.next());
    return all;
}

// The single file of format 1, as versions before workspace folders wrote it.
void writeFormat1(const QString& path, const WorkspaceData& data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(toJson(data)).toJson());
}

} // namespace

class TestWorkspaceStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void missingFileIsAnEmptyWorkspace()
    {
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        const auto result = store.load();
        QVERIFY(result.error.isNull());
        QVERIFY(result.data.environments.isEmpty());
    }

    void roundTrip()
    {
        QTemporaryDir dir;
        WorkspaceStore store(dir.path() + QStringLiteral("/nested/folder"));
        const WorkspaceData data = sample();
        QVERIFY(store.save(data).isNull());
        const auto result = store.load();
        QVERIFY(result.error.isNull());
        QCOMPARE(result.data.environments, data.environments);
        QCOMPARE(result.data.currentEnvironmentId, data.currentEnvironmentId);
        QCOMPARE(result.data.openRequests, data.openRequests);
        QCOMPARE(result.data.globals, data.globals);
        // No stray temporary files from the atomic save.
        QCOMPARE(QDir(dir.path() + QStringLiteral("/nested/folder")).entryList(QDir::Files),
            QStringList {QStringLiteral("workspace.json")});
    }

    // The file keeps its format (an array of strings, now "AB:CD:… @ host"); what is read is parsed once,
    // and an entry that is no fingerprint is left out and reported while the rest of the workspace loads.
    // An entry from before entries named their host was trusted on every host of the environment: it is
    // bound to each host the environment names, and so trusted on no other.
    void trustedCertificatesInTheFile_data()
    {
        QTest::addColumn<QStringList>("written");
        QTest::addColumn<QStringList>("loaded"); // canonical entries
        QTest::addColumn<int>("reported");
        const auto onEveryHost = [](const QStringList& fingerprints) {
            QStringList entries;
            for (const QString& digest : fingerprints) {
                for (const QString& host : configuredHosts(sample().environments.at(0)))
                    entries.append(digest + QStringLiteral(" @ ") + host);
            }
            return entries;
        };
        QTest::newRow("canonical") << QStringList {fingerprint} << onEveryHost({fingerprint}) << 0;
        QTest::newRow("hand-edited plain lower-case hex")
            << QStringList {QString(fingerprint).remove(u':').toLower()} << onEveryHost({fingerprint}) << 0;
        QTest::newRow("openssl's line pasted")
            << QStringList {QStringLiteral("sha256 Fingerprint=") + fingerprint} << onEveryHost({fingerprint})
            << 0;
        QTest::newRow("too short: left out, reported")
            << QStringList {QStringLiteral("AB:CD:EF"), fingerprint} << onEveryHost({fingerprint}) << 1;
        QTest::newRow("two bad ones")
            << QStringList {QStringLiteral("nonsense"), QString()} << QStringList() << 2;
        QTest::newRow("with its host: kept for that host alone")
            << QStringList {fingerprint + QStringLiteral(" @ Sandbox.Example.COM")}
            << QStringList {fingerprint + QStringLiteral(" @ sandbox.example.com")} << 0;
        QTest::newRow("old-fingerprint-bound-to-configured-hosts")
            << QStringList {fingerprint} << onEveryHost({fingerprint}) << 0;
        QTest::newRow("nothing after @: left out, reported")
            << QStringList {fingerprint + QStringLiteral(" @ ")} << QStringList() << 1;
    }
    void trustedCertificatesInTheFile()
    {
        QFETCH(QStringList, written);
        QFETCH(QStringList, loaded);
        QFETCH(int, reported);
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        {
            QJsonObject document = toJson(sample());
            QJsonArray environments = document.value(QLatin1String("environments")).toArray();
            QJsonObject environment = environments.at(0).toObject();
            QJsonObject oauth = environment.value(QLatin1String("oauth")).toObject();
            oauth.insert(QStringLiteral("trustedCertificates"), QJsonArray::fromStringList(written));
            environment.insert(QStringLiteral("oauth"), oauth);
            environments.replace(0, environment);
            document.insert(QStringLiteral("environments"), environments);
            QFile file(store.filePath());
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QJsonDocument(document).toJson());
        }
        const auto result = store.load();
        QCOMPARE(result.data.environments.size(), sample().environments.size());
        QStringList fingerprints;
        for (const CertificateFingerprint& trusted : result.data.environments.at(0).oauth.trustedCertificates)
            fingerprints.append(trusted.toEntry());
        QCOMPARE(fingerprints, loaded);
        QCOMPARE(result.error.isNull(), reported == 0);
        QVERIFY(result.setAsidePath.isEmpty());
        if (reported) {
            QCOMPARE(result.error.detail.count(QLatin1Char('\n')) + 1, reported);
            QVERIFY(result.error.detail.contains(sample().environments.at(0).name));
            QVERIFY2(result.error.detail.contains(written.constFirst()), qPrintable(result.error.detail));
        }

        // Saved again: the same format, canonical text.
        QVERIFY(store.save(result.data).isNull());
        const QJsonArray saved
            = QJsonDocument::fromJson(readAll(store.environmentFilePath(sample().environments.at(0).id)))
                  .object()
                  .value(QLatin1String("oauth"))
                  .toObject()
                  .value(QLatin1String("trustedCertificates"))
                  .toArray();
        QCOMPARE(saved, QJsonArray::fromStringList(loaded));
    }

    // Files from before requests were kept per environment hold one request for all: it becomes the
    // request of the environment that was current (the first, if none was), the others start empty.
    void sharedDraftMovesToTheCurrentEnvironment_data()
    {
        QTest::addColumn<QString>("current");
        QTest::addColumn<int>("receiver");
        QTest::newRow("current environment") << QStringLiteral("env-b") << 1;
        QTest::newRow("no current environment") << QString() << 0;
        QTest::newRow("current environment gone") << QStringLiteral("env-x") << 0;
    }
    void sharedDraftMovesToTheCurrentEnvironment()
    {
        QFETCH(QString, current);
        QFETCH(int, receiver);
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        {
            QFile file(store.filePath());
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(json("{'format':'tokenscope-workspace','version':1,'currentEnvironment':'")
                + current.toUtf8()
                + json("','environments':[{'id':'env-a','name':'A'},{'id':'env-b','name':'B'}],"
                       "'draftRequest':{'method':'PUT','url':'https://api.b.example/v1/x','body':'{}'}}"));
        }
        const auto result = store.load();
        QVERIFY(result.error.isNull());
        const auto& environments = result.data.environments;
        QCOMPARE(environments.size(), 2);
        // It becomes the one open request of that environment.
        QCOMPARE(environments.at(receiver).openRequests.requests.size(), 1);
        const Http::HttpRequest moved = environments.at(receiver).openRequests.currentRequest();
        QCOMPARE(moved.method, QByteArray("PUT"));
        QCOMPARE(moved.url, QStringLiteral("https://api.b.example/v1/x"));
        QCOMPARE(moved.body, QByteArray("{}"));
        QCOMPARE(environments.at(1 - receiver).openRequests, OpenRequests());
        QCOMPARE(result.data.openRequests, OpenRequests());
    }

    // An environment's open requests as the file has them: the tabs in order and the current one; a file
    // from before tabs has one request, draftRequest, which becomes the one tab.
    void openRequestsAreRead_data()
    {
        QTest::addColumn<QByteArray>("environment");
        QTest::addColumn<QStringList>("urls");
        QTest::addColumn<int>("current");
        QTest::addColumn<QStringList>("origins"); // "collection/item" per request; none: empty
        QTest::newRow("tabs") << json(
            "'openRequests':[{'url':'https://a.example/1'},{'url':'https://a.example/2'},"
            "{'url':'https://a.example/3'}],'currentRequest':2")
                              << QStringList {QStringLiteral("https://a.example/1"),
                                     QStringLiteral("https://a.example/2"),
                                     QStringLiteral("https://a.example/3")}
                              << 2 << QStringList();
        QTest::newRow("tabs from a collection")
            << json("'openRequests':[{'url':'https://a.example/1'},{'url':'{{baseUrl}}/p',"
                    "'origin':{'collection':'col-1','item':'item-2'}}],'currentRequest':1")
            << QStringList {QStringLiteral("https://a.example/1"), QStringLiteral("{{baseUrl}}/p")} << 1
            << QStringList {QStringLiteral("/"), QStringLiteral("col-1/item-2")};
        QTest::newRow("current out of range")
            << json("'openRequests':[{'url':'https://a.example/1'},{'url':'https://a.example/2'}],"
                    "'currentRequest':7")
            << QStringList {QStringLiteral("https://a.example/1"), QStringLiteral("https://a.example/2")} << 1
            << QStringList();
        QTest::newRow("no tabs") << json("'openRequests':[],'currentRequest':0") << QStringList() << 0
                                 << QStringList();
        QTest::newRow("older file: its draft")
            << json("'draftRequest':{'method':'PUT','url':'https://a.example/old'}")
            << QStringList {QStringLiteral("https://a.example/old")} << 0 << QStringList();
        QTest::newRow("older file: an empty draft")
            << json("'draftRequest':{}") << QStringList() << 0 << QStringList();
        QTest::newRow("tabs win over a draft") << json(
            "'draftRequest':{'url':'https://a.example/old'},'openRequests':[{'url':'https://a.example/"
            "new'}],'currentRequest':0") << QStringList {QStringLiteral("https://a.example/new")}
                                               << 0 << QStringList();
    }
    void openRequestsAreRead()
    {
        QFETCH(QByteArray, environment);
        QFETCH(QStringList, urls);
        QFETCH(int, current);
        QFETCH(QStringList, origins);
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        {
            QFile file(store.filePath());
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(json("{'format':'tokenscope-workspace','version':1,'currentEnvironment':'env-a',"
                            "'environments':[{'id':'env-a','name':'A',")
                + environment + "}]}");
        }
        const auto result = store.load();
        QVERIFY(result.error.isNull());
        const OpenRequests open = result.data.environments.at(0).openRequests;
        QStringList read;
        for (const Http::HttpRequest& request : open.requests)
            read.append(request.url);
        QCOMPARE(read, urls);
        QCOMPARE(open.current, current);
        QStringList readOrigins;
        for (const RequestOrigin& origin : open.origins)
            readOrigins.append(origin.collectionId + u'/' + origin.itemId);
        QCOMPARE(readOrigins, origins);
        // Written back, they read the same.
        QVERIFY(store.save(result.data).isNull());
        QCOMPARE(store.load().data.environments.at(0).openRequests, open);
    }

    // Every open request gives up its literal credentials, not only the one on screen; the same literal
    // in two tabs becomes one secret variable.
    void secretsMoveFromEveryTab()
    {
        Http::HttpRequest first;
        first.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer at-typed-1"), true}};
        Http::HttpRequest second;
        second.headers = {{QStringLiteral("X-Api-Key"), QStringLiteral("key-typed-2"), true},
            {QStringLiteral("Authorization"), QStringLiteral("Bearer at-typed-1"), true}};
        Http::HttpRequest third;
        third.auth.style = Http::RequestAuth::Style::Basic;
        third.auth.password = QStringLiteral("pw-typed-3");
        OpenRequests open {{first, second, third}, 2};
        QList<Http::Variable> variables;
        const QStringList created = moveSecretHeadersToVariables(&open, &variables);
        QCOMPARE(created,
            (QStringList {QStringLiteral("authorization"), QStringLiteral("x_api_key"),
                QStringLiteral("basic_password")}));
        QCOMPARE(open.requests.at(0).headers.at(0).value, QStringLiteral("{{authorization}}"));
        QCOMPARE(open.requests.at(1).headers.at(0).value, QStringLiteral("{{x_api_key}}"));
        QCOMPARE(open.requests.at(1).headers.at(1).value, QStringLiteral("{{authorization}}"));
        QCOMPARE(open.requests.at(2).auth.password, QStringLiteral("{{basic_password}}"));
        QCOMPARE(open.current, 2);
        QCOMPARE(variables.size(), 3);
        QCOMPARE(variables.at(0).value, QStringLiteral("Bearer at-typed-1"));

        // And none reaches the file even when they were not moved.
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        WorkspaceData data;
        Environment environment;
        environment.id = QStringLiteral("env-a");
        environment.openRequests = {{first, second, third}, 0};
        data.environments.append(environment);
        QVERIFY(store.save(data).isNull());
        const QByteArray saved = readFolder(dir.path());
        QVERIFY2(!saved.contains("typed"), saved.constData());
    }

    // The hosts a trusted certificate without a host of its own is bound to include every open request's.
    void configuredHostsNameEveryTab()
    {
        Environment environment;
        environment.oauth.tokenEndpoint = QUrl(QStringLiteral("https://id.example/token"));
        Http::HttpRequest first;
        first.url = QStringLiteral("https://api.one.example/v1/x");
        Http::HttpRequest second;
        second.url = QStringLiteral("{{baseUrl}}/v1/y");
        Http::HttpRequest third;
        third.url = QStringLiteral("https://api.two.example/z");
        environment.openRequests = {{first, second, third}, 0};
        QCOMPARE(configuredHosts(environment),
            (QStringList {QStringLiteral("id.example"), QStringLiteral("api.one.example"),
                QStringLiteral("api.two.example")}));
    }

    // The workspace an older version kept in <data>/Tokenscope/Tokenscope is moved, never copied over a
    // newer one, and a note says where it went.
    void olderFolderIsAdopted()
    {
        QTemporaryDir dir;
        const QString oldDirectory = dir.filePath(QStringLiteral("Tokenscope/Tokenscope"));
        writeFormat1(WorkspaceStore(oldDirectory).filePath(), sample());
        const QByteArray saved = readAll(WorkspaceStore(oldDirectory).filePath());
        WorkspaceStore store(dir.filePath(QStringLiteral("Tokenscope")));
        bool moved = false;
        QVERIFY(store.adoptFrom(oldDirectory, &moved).isNull());
        QVERIFY(moved);
        QCOMPARE(readAll(store.filePath()), saved);
        QVERIFY(!QFile::exists(WorkspaceStore(oldDirectory).filePath()));
        const QByteArray note
            = readAll(WorkspaceStore(oldDirectory).filePath() + QStringLiteral(".moved.txt"));
        QVERIFY2(note.contains(QDir::toNativeSeparators(store.filePath()).toUtf8()), note.constData());
        QCOMPARE(store.load().data.environments, sample().environments);
        const QByteArray converted = readAll(store.filePath()); // a folder of format 2 now
        QCOMPARE(readAll(store.backupFilePath()), saved);

        // A workspace in the new place wins; the old one is left alone.
        writeFormat1(WorkspaceStore(oldDirectory).filePath(), WorkspaceData());
        const QByteArray older = readAll(WorkspaceStore(oldDirectory).filePath());
        QVERIFY(store.adoptFrom(oldDirectory, &moved).isNull());
        QVERIFY(!moved);
        QCOMPARE(readAll(store.filePath()), converted);
        QCOMPARE(readAll(WorkspaceStore(oldDirectory).filePath()), older);
    }

    // The workspace holds no secret by design, but what a user pastes (a header, a URL) may be one: the
    // file and its copies are the user's alone, whatever the umask or an older version left.
    void fileModes_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("workspace-file-mode-0600") << "saved";
        QTest::newRow("workspace-file-mode-0600-older-0644-file") << "older";
        QTest::newRow("workspace-file-mode-0600-unreadable-kept") << "unreadable";
        QTest::newRow("workspace-file-mode-0600-moved") << "moved";
    }
    void fileModes()
    {
        QFETCH(QString, how);
        const QFileDevice::Permissions owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
        const QFileDevice::Permissions ownerFolder = owner | QFileDevice::ExeOwner;
        const auto mode = [](const QString& path) {
            // The user's bits and everyone else's; Qt's "user" bits repeat the owner's.
            return QFile::permissions(path)
                & ~(QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ExeUser);
        };
        const auto writeWorld = [](const QString& path, const QByteArray& content) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
            file.close();
            QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner
                | QFileDevice::ReadGroup | QFileDevice::ReadOther));
        };
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("Tokenscope"));
        WorkspaceStore store(folder);
        QString kept = store.filePath();
        if (how == QLatin1String("saved")) {
            QVERIFY(store.save(sample()).isNull());
        } else if (how == QLatin1String("older")) {
            QVERIFY(QDir().mkpath(folder));
            QVERIFY(QFile::setPermissions(folder,
                ownerFolder | QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
                    | QFileDevice::ExeOther));
            writeWorld(store.filePath(), json("{'format':'tokenscope-workspace','version':1}"));
            QVERIFY(store.load().error.isNull());
            QCOMPARE(mode(store.filePath()), owner); // tightened when read, before any save
            QVERIFY(store.save(sample()).isNull());
        } else if (how == QLatin1String("unreadable")) {
            QVERIFY(QDir().mkpath(folder));
            writeWorld(store.filePath(), "{ not json");
            QVERIFY(!store.load().error.isNull()); // left where it is, tightened
        } else {
            const QString oldDirectory = dir.filePath(QStringLiteral("old"));
            QVERIFY(QDir().mkpath(oldDirectory));
            writeWorld(WorkspaceStore(oldDirectory).filePath(),
                json("{'format':'tokenscope-workspace','version':1}"));
            bool moved = false;
            QVERIFY(store.adoptFrom(oldDirectory, &moved).isNull());
            QVERIFY(moved);
        }
        QCOMPARE(mode(kept), owner);
        QCOMPARE(mode(folder), ownerFolder);
    }

    // Whatever reaches the store, a credential typed into a header is not written; references are.
    void draftSecretHeaderNotWritten()
    {
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        WorkspaceData data;
        Http::HttpRequest draft;
        draft.url = QStringLiteral("https://api.example/me");
        draft.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer at-pasted-1"), true},
            {QStringLiteral("X-Api-Key"), QStringLiteral("key-pasted-2"), false},
            {QStringLiteral("Cookie"), QStringLiteral("sid=pasted-3"), true},
            {QStringLiteral("Proxy-Authorization"), QStringLiteral("Basic cGFzdGVkLTQ="), true},
            {QStringLiteral("X-Auth-Token"), QStringLiteral("pasted-5"), true},
            {QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}"), false},
            {QStringLiteral("Accept"), QStringLiteral("application/json"), true}};
        data.openRequests = {{Http::HttpRequest(), draft}, 1};
        QVERIFY(store.save(data).isNull());
        const QByteArray saved = readFolder(dir.path());
        QVERIFY2(!saved.contains("pasted") && !saved.contains("cGFzdGVk"), saved.constData());
        QVERIFY(saved.contains("Bearer {{token}}"));
        QVERIFY(saved.contains("application/json"));
        const auto loaded = store.load();
        const Http::HttpRequest loadedDraft = loaded.data.openRequests.currentRequest();
        QCOMPARE(loadedDraft.headers.size(), draft.headers.size());
        QCOMPARE(loadedDraft.headers.first().name, QStringLiteral("Authorization"));
        QVERIFY(loadedDraft.headers.first().value.isEmpty());
    }

    // A basic-auth password typed as it is never reaches the file; a {{reference}} does. The session moves
    // the literal one into a secret variable first (kept in the keychain), as it does a header's.
    void basicPasswordNotWritten()
    {
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        WorkspaceData data;
        Http::HttpRequest draft;
        draft.url = QStringLiteral("https://api.example/me");
        draft.auth.style = Http::RequestAuth::Style::Basic;
        draft.auth.username = QStringLiteral("zoë");
        draft.auth.password = QStringLiteral("pasted-pw-{{suffix}}");
        data.openRequests = {{draft}, 0};
        QVERIFY(store.save(data).isNull());
        QVERIFY(!readFolder(dir.path()).contains("pasted-pw"));
        QVERIFY(store.load().data.openRequests.currentRequest().auth.password.isEmpty());

        QList<Http::Variable> variables;
        const QStringList created = moveSecretHeadersToVariables(&data.openRequests, &variables);
        QCOMPARE(created, QStringList {QStringLiteral("basic_password")});
        QCOMPARE(data.openRequests.currentRequest().auth.password, QStringLiteral("{{basic_password}}"));
        QCOMPARE(variables,
            (QList<Http::Variable> {
                {QStringLiteral("basic_password"), QStringLiteral("pasted-pw-{{suffix}}"), true, true}}));
        QVERIFY(store.save(data).isNull());
        QCOMPARE(store.load().data.openRequests.currentRequest().auth.password,
            QStringLiteral("{{basic_password}}"));
    }

    // A literal secret in a form field under a secret name goes to the keychain, never to the file.
    void secretFormFieldNotWritten()
    {
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        WorkspaceData data;
        Http::HttpRequest draft;
        draft.url = QStringLiteral("https://idp.example/token");
        draft.bodyKind = Http::BodyKind::FormUrlEncoded;
        draft.formFields
            = {{QStringLiteral("client_secret"), QStringLiteral("typed-s3cr3t"), false, {}, true},
                {QStringLiteral("grant_type"), QStringLiteral("client_credentials"), false, {}, true}};
        data.openRequests = {{draft}, 0};
        QVERIFY(store.save(data).isNull());
        QVERIFY(!readFolder(dir.path()).contains("typed-s3cr3t"));
        QVERIFY(readFolder(dir.path()).contains("client_credentials"));

        QList<Http::Variable> variables;
        const QStringList created = moveSecretHeadersToVariables(&draft, &variables);
        QCOMPARE(created.size(), 1);
        QCOMPARE(draft.formFields.at(0).value, QStringLiteral("{{%1}}").arg(created.at(0)));
        QCOMPARE(variables.at(0).value, QStringLiteral("typed-s3cr3t"));
        QVERIFY(variables.at(0).secret);
        QCOMPARE(draft.formFields.at(1).value, QStringLiteral("client_credentials"));
    }

    // A switched-off query row under a secret name keeps its literal value in the keychain, never in the
    // file; a {{reference}} and an ordinary row are written as they are.
    void secretDisabledQueryNotWritten()
    {
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        WorkspaceData data;
        Http::HttpRequest draft;
        draft.url = QStringLiteral("https://api.example/patients?active=true");
        draft.disabledQuery = {{1, QStringLiteral("access_token"), QStringLiteral("eyJoff-1")},
            {2, QStringLiteral("api%5Fkey"), QStringLiteral("key-off-2")},
            {3, QStringLiteral("client_secret"), QStringLiteral("{{clientSecret}}")},
            {4, QStringLiteral("_count"), QStringLiteral("25")}};
        data.openRequests = {{draft}, 0};
        QVERIFY(store.save(data).isNull());
        const QByteArray saved = readFolder(dir.path());
        QVERIFY2(!saved.contains("eyJoff-1") && !saved.contains("key-off-2"), saved.constData());
        QVERIFY(saved.contains("{{clientSecret}}"));
        const Http::HttpRequest loaded = store.load().data.openRequests.currentRequest();
        QCOMPARE(loaded.disabledQuery.size(), 4);
        QCOMPARE(loaded.disabledQuery.at(0).name, QStringLiteral("access_token"));
        QVERIFY(loaded.disabledQuery.at(0).value.isEmpty());
        QCOMPARE(loaded.disabledQuery.at(3).value, QStringLiteral("25"));

        QList<Http::Variable> variables;
        const QStringList created = moveSecretHeadersToVariables(&data.openRequests, &variables);
        QCOMPARE(created, (QStringList {QStringLiteral("access_token"), QStringLiteral("api_key")}));
        QCOMPARE(variables,
            (QList<Http::Variable> {{QStringLiteral("access_token"), QStringLiteral("eyJoff-1"), true, true},
                {QStringLiteral("api_key"), QStringLiteral("key-off-2"), true, true}}));
        const Http::HttpRequest moved = data.openRequests.currentRequest();
        QCOMPARE(moved.disabledQuery.at(0).value, QStringLiteral("{{access_token}}"));
        QCOMPARE(moved.disabledQuery.at(1).value, QStringLiteral("{{api_key}}"));
        QCOMPARE(moved.disabledQuery.at(2).value, QStringLiteral("{{clientSecret}}"));
        QVERIFY(store.save(data).isNull());
        QCOMPARE(store.load().data.openRequests.currentRequest().disabledQuery.at(0).value,
            QStringLiteral("{{access_token}}"));
    }

    // A request saved before body kinds sent its body as JSON, and still does.
    void legacyBodyStaysJson()
    {
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        {
            QFile file(store.filePath());
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(json("{'format':'tokenscope-workspace','version':1,'environments':[],"
                            "'draftRequest':{'method':'POST','url':'https://api.example/x','body':'{}'}}"));
        }
        const Http::HttpRequest draft = store.load().data.openRequests.currentRequest();
        QCOMPARE(draft.bodyKind, Http::BodyKind::Raw);
        QCOMPARE(draft.rawType, QStringLiteral("json"));
        QCOMPARE(draft.auth.style, Http::RequestAuth::Style::Inherit);
        QVERIFY(draft.followRedirects);
        QCOMPARE(draft.timeoutMs, 0);
    }

    void corruptFileIsKeptAndReported_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("truncated json")
            << QByteArray(json("{'format':'tokenscope-workspace','version':1,'environ"));
        QTest::newRow("not an object") << QByteArray("[1,2,3]");
        QTest::newRow("another format") << QByteArray(json("{'info':{'_postman_id':'x'}}"));
        QTest::newRow("newer version") << QByteArray(json("{'format':'tokenscope-workspace','version':99}"));
        QTest::newRow("binary garbage") << QByteArray("\x00\xff\xfe garbage", 12);
    }
    void corruptFileIsKeptAndReported()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        {
            QFile file(store.filePath());
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        const auto result = store.load();
        QVERIFY(!result.error.isNull());
        QVERIFY(!result.error.detail.isEmpty());
        QVERIFY(result.data.environments.isEmpty());
        QVERIFY2(
            result.error.detail.contains(QLatin1String("workspace.json")), qPrintable(result.error.detail));
        // Nothing lost: the unreadable file stays where it is, byte for byte, and saving does not touch it
        // (the environments still get their files).
        QVERIFY(result.setAsidePath.isEmpty());
        QCOMPARE(readAll(store.filePath()), content);
        const Error saved = store.save(sample());
        QVERIFY(!saved.isNull());
        QVERIFY2(saved.toText().contains(QLatin1String("workspace.json")), qPrintable(saved.toText()));
        QCOMPARE(readAll(store.filePath()), content);
        // Unless it is of a newer format: the workspace is then read-only.
        const bool readOnly = result.error.summary.contains(QLatin1String("read-only"));
        QCOMPARE(QFile::exists(store.environmentFilePath(sample().environments.at(0).id)), !readOnly);
    }

    // tokenscope-cli only reads: an unreadable file stays where it is, untouched, and no save replaces it.
    void corruptFileLeftInPlace_data() { corruptFileIsKeptAndReported_data(); }
    void corruptFileLeftInPlace()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        WorkspaceStore store(dir.path());
        {
            QFile file(store.filePath());
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        const auto result = store.load(WorkspaceStore::Unreadable::LeaveInPlace);
        QVERIFY(!result.error.isNull());
        QVERIFY(!result.error.detail.isEmpty());
        QVERIFY(result.data.environments.isEmpty());
        QVERIFY(result.setAsidePath.isEmpty());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {QStringLiteral("workspace.json")});
        QCOMPARE(readAll(store.filePath()), content);
        QVERIFY(!store.save(sample()).isNull());
        QCOMPARE(readAll(store.filePath()), content);
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceStore)
#include "tst_workspacestore.moc"
