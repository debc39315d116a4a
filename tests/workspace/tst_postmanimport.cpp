#include "collection.h"
#include "postmanimport.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::Workspace;
using Style = Http::RequestAuth::Style;

Q_DECLARE_METATYPE(Http::BodyKind)
Q_DECLARE_METATYPE(Http::RequestAuth::Style)
Q_DECLARE_METATYPE(OAuth::ClientConfig)

namespace {

QByteArray fixture(const char* name)
{
    QFile file(QStringLiteral(TOKENSCOPE_POSTMAN_FIXTURES "/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    return file.readAll();
}

// JSON written with single quotes for readability.
QByteArray json(QByteArray text)
{
    return text.replace('\'', '"');
}

PostmanCollectionImport imported(const char* name)
{
    PostmanCollectionImport result;
    const Error error = importPostmanCollection(fixture(name), QString::fromLatin1(name), &result);
    if (!error.isNull())
        qFatal("%s", qPrintable(error.toText()));
    return result;
}

// The request at "Folder/Sub/Name" with its indexes.
const CollectionItem* requestAt(
    const Collection& collection, const QString& path, QList<int>* indexes = nullptr)
{
    for (const CollectionRequestEntry& entry : collectionRequests(collection)) {
        if (entry.path == path) {
            if (indexes)
                *indexes = entry.indexes;
            return itemAt(collection, entry.indexes);
        }
    }
    return nullptr;
}

bool hasNote(const ImportReport& report, const QString& path, const QString& key)
{
    return std::any_of(report.notes.cbegin(), report.notes.cend(),
        [&](const ImportNote& note) { return note.path == path && note.key == key; });
}

QString secretValue(const QList<Http::Variable>& secrets, const QString& name)
{
    for (const Http::Variable& variable : secrets) {
        if (variable.name == name)
            return variable.value;
    }
    return {};
}

constexpr const char* collectionSchema
    = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

} // namespace

class TestPostmanImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestsMapWithMethodUrlBodyAndEffectiveAuth_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("url");
        QTest::addColumn<Http::BodyKind>("bodyKind");
        QTest::addColumn<QString>("rawType");
        QTest::addColumn<Style>("auth");

        const QString v21 = QStringLiteral("demo-v2.1.postman_collection.json");
        const QString v20 = QStringLiteral("demo-v2.0.postman_collection.json");
        QTest::newRow("folder noauth overrides collection bearer")
            << v21 << "Patients/Get patient" << QByteArray("GET")
            << "{{baseUrl}}/patients/:id?active=true&_count={{count}}" << Http::BodyKind::None << QString()
            << Style::None;
        QTest::newRow("request basic inside noauth folder, raw json, lower-case method")
            << v21 << "Patients/Admin/Create patient" << QByteArray("POST") << "{{baseUrl}}/patients"
            << Http::BodyKind::Raw << "json" << Style::Basic;
        QTest::newRow("raw xml") << v21 << "Patients/Admin/Import XML" << QByteArray("PUT")
                                 << "{{baseUrl}}/patients/import" << Http::BodyKind::Raw << "xml"
                                 << Style::None;
        QTest::newRow("urlencoded inherits collection bearer variable")
            << v21 << "Bodies/Form login" << QByteArray("POST") << "{{baseUrl}}/login"
            << Http::BodyKind::FormUrlEncoded << QString() << Style::BearerFromVariable;
        QTest::newRow("formdata") << v21 << "Bodies/Upload" << QByteArray("POST") << "{{baseUrl}}/uploads"
                                  << Http::BodyKind::Multipart << QString() << Style::BearerFromVariable;
        QTest::newRow("file body") << v21 << "Bodies/Binary" << QByteArray("POST") << "{{baseUrl}}/blobs"
                                   << Http::BodyKind::BinaryFile << QString() << Style::BearerFromVariable;
        QTest::newRow("graphql becomes raw json")
            << v21 << "Bodies/GraphQL" << QByteArray("POST") << "{{baseUrl}}/graphql" << Http::BodyKind::Raw
            << "json" << Style::BearerFromVariable;
        QTest::newRow("raw without language is text")
            << v21 << "Bodies/Plain text" << QByteArray("POST") << "{{baseUrl}}/echo" << Http::BodyKind::Raw
            << "text" << Style::BearerFromVariable;
        QTest::newRow("apikey folder: no token style, key as header")
            << v21 << "Keys/With key" << QByteArray("GET") << "{{baseUrl}}/keyed" << Http::BodyKind::None
            << QString() << Style::None;
        QTest::newRow("apikey in query appended to the url")
            << v21 << "Keys/Query key" << QByteArray("GET") << "{{baseUrl}}/keyed?x=1&api_key={{apiKey}}"
            << Http::BodyKind::None << QString() << Style::None;
        QTest::newRow("unsupported digest sends nothing")
            << v21 << "Keys/Digest" << QByteArray("GET") << "{{baseUrl}}/digest" << Http::BodyKind::None
            << QString() << Style::None;
        QTest::newRow("oauth2 folder sends the environment's token")
            << v21 << "Signed in/Me" << QByteArray("GET") << "{{baseUrl}}/me" << Http::BodyKind::None
            << QString() << Style::BearerHeader;
        QTest::newRow("url object without raw") << v21 << "Inherits collection bearer" << QByteArray("DELETE")
                                                << "https://api.example.test/items/7" << Http::BodyKind::None
                                                << QString() << Style::BearerFromVariable;
        QTest::newRow("v2.0 request noauth in basic folder, header string")
            << v20 << "Reports/Public" << QByteArray("GET") << "{{baseUrl}}/reports/public"
            << Http::BodyKind::None << QString() << Style::None;
        QTest::newRow("v2.0 literal bearer becomes a variable")
            << v20 << "Reports/Private" << QByteArray("GET") << "{{baseUrl}}/reports/private"
            << Http::BodyKind::None << QString() << Style::BearerFromVariable;
        QTest::newRow("v2.0 request as a url string inherits folder basic")
            << v20 << "Reports/Inherits basic" << QByteArray("GET") << "https://api.example.test/reports/all"
            << Http::BodyKind::None << QString() << Style::Basic;
        QTest::newRow("v2.0 hawk sends nothing")
            << v20 << "Reports/Hawk" << QByteArray("GET") << "{{baseUrl}}/hawk" << Http::BodyKind::None
            << QString() << Style::None;
    }

    void requestsMapWithMethodUrlBodyAndEffectiveAuth()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, path);
        QFETCH(QByteArray, method);
        QFETCH(QString, url);
        QFETCH(Http::BodyKind, bodyKind);
        QFETCH(QString, rawType);
        QFETCH(Style, auth);
        const PostmanCollectionImport result = imported(fixture.toLatin1().constData());
        QList<int> indexes;
        const CollectionItem* item = requestAt(result.collection, path, &indexes);
        QVERIFY2(item, qPrintable(path));
        QCOMPARE(item->request.method, method);
        QCOMPARE(item->request.url, url);
        QCOMPARE(item->request.bodyKind, bodyKind);
        QCOMPARE(item->request.rawType, rawType);
        QCOMPARE(effectiveAuth(result.collection, indexes).style, auth);
    }

    void collectionKeepsNameDescriptionFoldersAndVariables()
    {
        const PostmanCollectionImport result = imported("demo-v2.1.postman_collection.json");
        const Collection& collection = result.collection;
        QCOMPARE(collection.name, QStringLiteral("Demo API"));
        QCOMPARE(collection.description, QStringLiteral("The **demo** API."));
        QCOMPARE(collection.items.size(), 5);
        QVERIFY(collection.items.at(0).isFolder());
        QCOMPARE(collection.items.at(0).description, QStringLiteral("Patient records."));
        QVERIFY(collection.items.at(0).items.at(1).isFolder());
        QCOMPARE(collection.items.at(4).description, QStringLiteral("Deletes item 7."));
        QCOMPARE(collection.auth.style, Style::BearerFromVariable);
        QCOMPARE(collection.auth.variable, QStringLiteral("accessToken"));
        const QList<Http::Variable> expected {
            {QStringLiteral("baseUrl"), QStringLiteral("https://api.example.test")},
            {QStringLiteral("issuer"), QStringLiteral("https://id.example.test/realms/demo")},
            {QStringLiteral("oldValue"), QStringLiteral("x"), false},
            {QStringLiteral("count"), QStringLiteral("10")}};
        QCOMPARE(collection.variables.mid(0, 4), expected);
        QVERIFY(!collection.id.isEmpty());
    }

    void headersQueryAndPathVariablesKeepDisabledRows()
    {
        const PostmanCollectionImport result = imported("demo-v2.1.postman_collection.json");
        const Http::HttpRequest& request
            = requestAt(result.collection, QStringLiteral("Patients/Get patient"))->request;
        const QList<Http::HeaderField> headers {
            {QStringLiteral("Accept"), QStringLiteral("application/json"), true},
            {QStringLiteral("X-Debug"), QStringLiteral("1"), false}};
        QCOMPARE(request.headers, headers);
        const QList<Http::DisabledQueryParameter> disabled {
            {1, QStringLiteral("debug"), QStringLiteral("1")}};
        QCOMPARE(request.disabledQuery, disabled);
        const QList<Http::HeaderField> pathVariables {{QStringLiteral("id"), QStringLiteral("42"), true}};
        QCOMPARE(request.pathVariables, pathVariables);
        // A copy: the import result is a temporary.
        const Http::HttpRequest v20
            = imported("demo-v2.0.postman_collection.json").collection.items.at(0).items.at(0).request;
        const QList<Http::HeaderField> fromString {
            {QStringLiteral("Accept"), QStringLiteral("text/csv"), true},
            {QStringLiteral("X-Trace"), QStringLiteral("on"), true}};
        QCOMPARE(v20.headers, fromString);
    }

    void bodyModesMapFieldsFilesAndGraphql()
    {
        const PostmanCollectionImport result = imported("demo-v2.1.postman_collection.json");
        const Collection& collection = result.collection;
        const QList<Http::FormField> urlencoded {
            {QStringLiteral("grant"), QStringLiteral("password"), false, QString(), true},
            {QStringLiteral("scope"), QStringLiteral("openid"), false, QString(), false}};
        QCOMPARE(requestAt(collection, QStringLiteral("Bodies/Form login"))->request.formFields, urlencoded);
        const QList<Http::FormField> multipart {
            {QStringLiteral("title"), QStringLiteral("Scan"), false, QString(), true},
            {QStringLiteral("meta"), QStringLiteral("{\"a\":1}"), false, QStringLiteral("application/json")},
            {QStringLiteral("scan"), QStringLiteral("/tmp/scan.pdf"), true, QString(), true},
            {QStringLiteral("old"), QString(), true, QString(), false}};
        QCOMPARE(requestAt(collection, QStringLiteral("Bodies/Upload"))->request.formFields, multipart);
        QCOMPARE(requestAt(collection, QStringLiteral("Bodies/Binary"))->request.bodyFilePath,
            QStringLiteral("/tmp/payload.bin"));
        QCOMPARE(requestAt(collection, QStringLiteral("Patients/Admin/Create patient"))->request.body,
            QByteArray("{\"name\": \"Zoë\"}"));
        const QJsonObject graphql
            = QJsonDocument::fromJson(requestAt(collection, QStringLiteral("Bodies/GraphQL"))->request.body)
                  .object();
        QCOMPARE(graphql.value(QLatin1String("query")).toString(),
            QStringLiteral("query ($id: ID!) { patient(id: $id) { name } }"));
        QCOMPARE(graphql.value(QLatin1String("variables")).toObject(),
            QJsonObject({{QStringLiteral("id"), QStringLiteral("42")}}));
        QVERIFY(!requestAt(collection, QStringLiteral("Patients/Admin/Import XML"))->request.followRedirects);
    }

    void literalCredentialsBecomeSecretVariablesOutsideTheModel()
    {
        const PostmanCollectionImport result = imported("demo-v2.1.postman_collection.json");
        const Collection& collection = result.collection;
        const Http::HttpRequest& basic
            = requestAt(collection, QStringLiteral("Patients/Admin/Create patient"))->request;
        QCOMPARE(basic.auth.username, QStringLiteral("admin"));
        QCOMPARE(basic.auth.password, QStringLiteral("{{basic_password}}"));
        QCOMPARE(
            secretValue(result.secrets, QStringLiteral("basic_password")), QStringLiteral("s3cret-pass"));
        const Http::HttpRequest& keyed = requestAt(collection, QStringLiteral("Keys/With key"))->request;
        QCOMPARE(keyed.headers,
            (QList<Http::HeaderField> {{QStringLiteral("X-Api-Key"), QStringLiteral("{{x_api_key}}")}}));
        QCOMPARE(secretValue(result.secrets, QStringLiteral("x_api_key")), QStringLiteral("k-123456"));
        // A disabled Authorization header typed in clear moves as well.
        const Http::HttpRequest& me = requestAt(collection, QStringLiteral("Signed in/Me"))->request;
        QCOMPARE(me.headers.at(0).value, QStringLiteral("{{authorization}}"));
        QCOMPARE(secretValue(result.secrets, QStringLiteral("authorization")),
            QStringLiteral("Token literal-header-secret"));
        for (const Http::Variable& variable : collection.variables) {
            if (variable.secret)
                QVERIFY2(variable.value.isEmpty(), qPrintable(variable.name));
        }
        const QByteArray bytes = collectionToBytes(collection);
        for (const char* secret :
            {"s3cret-pass", "k-123456", "literal-header-secret", "oauth-client-secret-1", "eyJhbGci"})
            QVERIFY2(!bytes.contains(secret), secret);
    }

    void oauth2BlocksMapOntoAnEnvironmentSetup_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("path");
        QTest::addColumn<OAuth::ClientConfig>("config");
        QTest::addColumn<QString>("clientSecret");
        QTest::addColumn<QString>("tokenName");
        QTest::addColumn<bool>("systemBrowser");

        OAuth::ClientConfig code;
        code.grant = OAuth::Grant::AuthorizationCode;
        code.authorizationEndpoint
            = QUrl(QStringLiteral("https://id.example.test/realms/demo/protocol/openid-connect/auth"));
        code.tokenEndpoint
            = QUrl(QStringLiteral("https://id.example.test/realms/demo/protocol/openid-connect/token"));
        code.clientId = QStringLiteral("demo-client");
        code.scope = QStringLiteral("openid profile");
        code.redirectUri = QUrl(QStringLiteral("https://oauth.pstmn.io/v1/callback"));
        code.clientAuthentication = OAuth::ClientAuthentication::ClientSecretPost;
        code.pkceMethod = QStringLiteral("S256");
        QTest::newRow("v2.1 array, authorization code with PKCE")
            << "demo-v2.1.postman_collection.json"
            << "Signed in" << code << "oauth-client-secret-1"
            << "Demo token" << false;
        OAuth::ClientConfig service;
        service.grant = OAuth::Grant::ClientCredentials;
        service.tokenEndpoint = QUrl(QStringLiteral("https://id.example.test/token"));
        service.clientId = QStringLiteral("service-client");
        service.scope = QStringLiteral("api:read");
        service.clientAuthentication = OAuth::ClientAuthentication::ClientSecretBasic;
        QTest::newRow("v2.0 object, client credentials, secret from a secret variable")
            << "demo-v2.0.postman_collection.json" << QString() << service << "cc-secret-value"
            << "Service token" << false;
    }

    void oauth2BlocksMapOntoAnEnvironmentSetup()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, path);
        QFETCH(OAuth::ClientConfig, config);
        QFETCH(QString, clientSecret);
        QFETCH(QString, tokenName);
        QFETCH(bool, systemBrowser);
        const PostmanCollectionImport result = imported(fixture.toLatin1().constData());
        QCOMPARE(result.oauth.size(), 1);
        const ImportedOAuth& oauth = result.oauth.first();
        QCOMPARE(oauth.path, path);
        QVERIFY(oauth.config.grant == config.grant);
        QCOMPARE(oauth.config.authorizationEndpoint, config.authorizationEndpoint);
        QCOMPARE(oauth.config.tokenEndpoint, config.tokenEndpoint);
        QCOMPARE(oauth.config.redirectUri, config.redirectUri);
        QCOMPARE(oauth.config.clientId, config.clientId);
        QCOMPARE(oauth.config.scope, config.scope);
        QVERIFY(oauth.config.clientAuthentication == config.clientAuthentication);
        QCOMPARE(oauth.config.pkceMethod, config.pkceMethod);
        QVERIFY(oauth.config == config);
        QCOMPARE(oauth.clientSecret, clientSecret);
        QCOMPARE(oauth.tokenName, tokenName);
        QCOMPARE(oauth.useSystemBrowser, systemBrowser);
    }

    void oauthSettingsNeverTakeASecretVariablesValue()
    {
        const QByteArray input = json(QByteArray("{'info':{'name':'x','schema':'") + collectionSchema
            + "'},'variable':[{'key':'hidden','value':'hidden-value','type':'secret'}],"
              "'auth':{'type':'oauth2','oauth2':{'grant_type':'client_credentials','clientId':'{{hidden}}',"
              "'accessTokenUrl':'https://id/{{hidden}}','clientSecret':'{{hidden}}'}},'item':[]}");
        PostmanCollectionImport result;
        QVERIFY(importPostmanCollection(input, QStringLiteral("inline"), &result).isNull());
        QCOMPARE(result.oauth.size(), 1);
        QCOMPARE(result.oauth.first().config.clientId, QStringLiteral("{{hidden}}"));
        QVERIFY(result.oauth.first().config.tokenEndpoint.isEmpty());
        QCOMPARE(result.oauth.first().clientSecret, QStringLiteral("hidden-value"));
        QVERIFY(hasNote(result.report, QString(), QStringLiteral("auth.oauth2.clientId")));
        QVERIFY(hasNote(result.report, QString(), QStringLiteral("auth.oauth2.accessTokenUrl")));
    }

    void anOAuthBlockBecomesANewEnvironment()
    {
        const PostmanCollectionImport result = imported("demo-v2.1.postman_collection.json");
        ImportedOAuth viaBrowser = result.oauth.first();
        viaBrowser.useSystemBrowser = true;
        const Environment environment = environmentFor(viaBrowser, QStringLiteral("Demo API"));
        QCOMPARE(environment.name, QStringLiteral("Demo token"));
        QVERIFY(!environment.id.isEmpty());
        QVERIFY(environment.oauth == result.oauth.first().config);
        QVERIFY(environment.signIn.browser == SignInSettings::Browser::System);
        ImportedOAuth unnamed = result.oauth.first();
        unnamed.tokenName.clear();
        unnamed.useSystemBrowser = false;
        const Environment fallback = environmentFor(unnamed, QStringLiteral("Demo API"));
        QCOMPARE(fallback.name, QStringLiteral("Demo API"));
        QVERIFY(fallback.signIn.browser == SignInSettings::Browser::Embedded);
        QVERIFY(fallback.id != environment.id);
    }

    void nonBearerOAuthPrefixIsACustomHeader()
    {
        const PostmanCollectionImport result = imported("demo-v2.0.postman_collection.json");
        QCOMPARE(result.collection.auth.style, Style::CustomHeader);
        QCOMPARE(result.collection.auth.headerName, QStringLiteral("Authorization"));
        QCOMPARE(result.collection.auth.prefix, QStringLiteral("DPoP "));
        // Postman's own secret variable: its value goes to the keychain, the model keeps the name.
        QCOMPARE(
            secretValue(result.secrets, QStringLiteral("clientSecret")), QStringLiteral("cc-secret-value"));
        QCOMPARE(secretValue(result.secrets, QStringLiteral("bearer_token")),
            QStringLiteral("literal-bearer-abc"));
    }

    void reportListsWhatWasNotMapped_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("key");

        const QString v21 = QStringLiteral("demo-v2.1.postman_collection.json");
        QTest::newRow("collection pre-request script") << v21 << QString() << "event.prerequest";
        QTest::newRow("request test script") << v21 << "Patients/Admin/Create patient"
                                             << "event.test";
        QTest::newRow("response example") << v21 << "Patients/Get patient"
                                          << "response";
        QTest::newRow("protocol profile setting") << v21 << "Patients/Admin/Import XML"
                                                  << "protocolProfileBehavior.disableBodyPruning";
        QTest::newRow("unsupported auth type") << v21 << "Keys/Digest"
                                               << "auth.digest";
        QTest::newRow("stale oauth token") << v21 << "Signed in"
                                           << "auth.oauth2.accessToken";
        QTest::newRow("api key as a header") << v21 << "Keys"
                                             << "auth.apikey";
        QTest::newRow("folder variables") << "demo-v2.0.postman_collection.json"
                                          << "Reports"
                                          << "variable";
        QTest::newRow("graphql conversion") << v21 << "Bodies/GraphQL"
                                            << "body.graphql";
        QTest::newRow("multipart file row without a file") << v21 << "Bodies/Upload"
                                                           << "body.formdata.src";
        QTest::newRow("v2.0 hawk") << "demo-v2.0.postman_collection.json"
                                   << "Reports/Hawk"
                                   << "auth.hawk";
        QTest::newRow("path variable description") << v21 << "Patients/Get patient"
                                                   << "url.variable.description";
    }

    void reportListsWhatWasNotMapped()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, path);
        QFETCH(QString, key);
        const PostmanCollectionImport result = imported(fixture.toLatin1().constData());
        QVERIFY2(hasNote(result.report, path, key), qPrintable(result.report.toLines().join(u'\n')));
    }

    void emptyScriptsAndMappedKeysAreNotReported()
    {
        const PostmanCollectionImport result = imported("demo-v2.1.postman_collection.json");
        QVERIFY(!hasNote(result.report, QString(), QStringLiteral("event.test")));
        QVERIFY(!hasNote(result.report, QString(), QStringLiteral("variable")));
        QVERIFY(!hasNote(result.report, QStringLiteral("Patients/Admin/Import XML"),
            QStringLiteral("protocolProfileBehavior.followRedirects")));
        QVERIFY(result.report.notesFor(QStringLiteral("Bodies/Form login")).isEmpty());
    }

    void requestAuthBlocksInsideACollectionWithBasic_data()
    {
        QTest::addColumn<QByteArray>("auth");
        QTest::addColumn<Style>("style");
        QTest::addColumn<QString>("detail"); // the variable, username or parameter the style uses
        QTest::addColumn<int>("notes");
        QTest::newRow("missing: inherits basic") << QByteArray() << Style::Basic << "u" << 0;
        QTest::newRow("null: inherits basic") << json("'auth':null,") << Style::Basic << "u" << 0;
        QTest::newRow("type inherit: inherits basic")
            << json("'auth':{'type':'inherit'},") << Style::Basic << "u" << 0;
        QTest::newRow("noauth") << json("'auth':{'type':'noauth'},") << Style::None << QString() << 0;
        QTest::newRow("bearer of two variables stays as written")
            << json("'auth':{'type':'bearer','bearer':[{'key':'token','value':'{{a}}{{b}}'}]},")
            << Style::BearerFromVariable << "{{a}}{{b}}" << 0;
        QTest::newRow("oauth2 token in the query")
            << json("'auth':{'type':'oauth2','oauth2':[{'key':'addTokenTo','value':'queryParams'}]},")
            << Style::QueryParameter << "access_token" << 2; // no PKCE, and no client secret
        QTest::newRow("unknown setting of bearer is reported") << json(
            "'auth':{'type':'bearer','bearer':[{'key':'token','value':'{{t}}'},{'key':'x','value':1}]},")
                                                               << Style::BearerFromVariable << "t" << 1;
        QTest::newRow("ntlm") << json("'auth':{'type':'ntlm','ntlm':[]},") << Style::None << QString() << 1;
    }

    void requestAuthBlocksInsideACollectionWithBasic()
    {
        QFETCH(QByteArray, auth);
        QFETCH(Style, style);
        QFETCH(QString, detail);
        QFETCH(int, notes);
        const QByteArray input = json(QByteArray("{'info':{'name':'x','schema':'") + collectionSchema
            + "'},'auth':{'type':'basic','basic':[{'key':'username','value':'u'},{'key':'password','value':'{"
              "{p}}'}]},"
              "'item':[{'name':'r','request':{"
            + auth + "'url':'https://h/'}}]}");
        PostmanCollectionImport result;
        const Error error = importPostmanCollection(input, QStringLiteral("inline"), &result);
        QVERIFY2(error.isNull(), qPrintable(error.toText()));
        const Http::RequestAuth effective = effectiveAuth(result.collection, {0});
        QCOMPARE(effective.style, style);
        const QString used = style == Style::Basic ? effective.username
            : style == Style::BearerFromVariable   ? effective.variable
                                                   : effective.parameterName;
        QCOMPARE(used, detail);
        QVERIFY2(result.report.notesFor(QStringLiteral("r")).size() == notes,
            qPrintable(result.report.toLines().join(u'\n')));
    }

    void olderExportsRowsWithEnabledFalseAreSwitchedOff()
    {
        const QByteArray input = json(QByteArray("{'info':{'name':'x','schema':'") + collectionSchema
            + "','_exporter_id':'1'},'item':[{'data':[],'request':{'url':{'raw':'https://h/p',"
              "'query':[{'key':'q','value':'1','enabled':false}]},'header':[{'key':'H','value':'v','enabled':"
              "false}],"
              "'body':{'mode':'urlencoded','urlencoded':[{'key':'f','value':'2','enabled':false}]}}}]}");
        PostmanCollectionImport result;
        QVERIFY(importPostmanCollection(input, QStringLiteral("inline"), &result).isNull());
        const Http::HttpRequest& request = result.collection.items.at(0).request;
        QCOMPARE(request.url, QStringLiteral("https://h/p"));
        QCOMPARE(request.disabledQuery,
            (QList<Http::DisabledQueryParameter> {{0, QStringLiteral("q"), QStringLiteral("1")}}));
        QVERIFY(!request.headers.at(0).enabled);
        QVERIFY(!request.formFields.at(0).enabled);
        // Empty leftovers and Postman's bookkeeping are not reported; nothing of them was lost.
        QVERIFY2(result.report.isEmpty(), qPrintable(result.report.toLines().join(u'\n')));
    }

    void notesOfAnUnnamedItemNameItsPlace()
    {
        const QByteArray input = json(QByteArray("{'info':{'name':'x','schema':'") + collectionSchema
            + "'},'item':[{'name':'f','item':[{'request':{'url':'u','proxy':{'host':'p'}}}]}]}");
        PostmanCollectionImport result;
        QVERIFY(importPostmanCollection(input, QStringLiteral("inline"), &result).isNull());
        QVERIFY(hasNote(result.report, QStringLiteral("f/item[0]"), QStringLiteral("proxy")));
    }

    void malformedInputIsAnErrorSayingWhere_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("detail");

        const QByteArray head = QByteArray("{'info':{'name':'x','schema':'") + collectionSchema + "'},";
        QTest::newRow("truncated") << json("{'info':{'name':'x'") << "It is not valid JSON";
        QTest::newRow("not an object") << json("[1,2]") << "not a JSON object";
        QTest::newRow("missing info") << json("{'item':[]}") << "info: missing";
        QTest::newRow("v1 collection") << json("{'id':'a','requests':[]}") << "Postman v1 collection";
        QTest::newRow("missing schema") << json("{'info':{'name':'x'},'item':[]}") << "info.schema";
        QTest::newRow("other schema")
            << json("{'info':{'name':'x','schema':'https://example.test/v3'},'item':[]}") << "info.schema";
        QTest::newRow("item not a list") << json(head + "'item':{}}") << "item: expected a list";
        QTest::newRow("item entry not an object")
            << json(head + "'item':[1]}") << "item[0]: expected an object";
        QTest::newRow("neither request nor folder")
            << json(head + "'item':[{'name':'a'}]}") << "item[0]: neither";
        QTest::newRow("url of wrong type")
            << json(head + "'item':[{'request':'u'},{'name':'b','request':{'url':3}}]}")
            << "item[1].request.url: expected a string or an object";
        QTest::newRow("url of wrong type, deeper")
            << json(head + "'item':[{'name':'f','item':[{'name':'b','request':{'url':3}}]}]}")
            << "item[0].item[0].request.url: expected a string or an object";
        QTest::newRow("header of wrong type") << json(head + "'item':[{'request':{'url':'u','header':5}}]}")
                                              << "item[0].request.header: expected a list or a string";
        QTest::newRow("body of wrong type") << json(head + "'item':[{'request':{'url':'u','body':'x'}}]}")
                                            << "item[0].request.body: expected an object";
        QTest::newRow("auth without type")
            << json(head + "'auth':{'bearer':[]},'item':[]}") << "auth.type: expected a string";
        QTest::newRow("auth attributes of wrong type")
            << json(head + "'auth':{'type':'bearer','bearer':'t'},'item':[]}")
            << "auth.bearer: expected a list or an object";
        QTest::newRow("variable without key")
            << json(head + "'variable':[{'value':'v'}],'item':[]}") << "variable[0]";
        QByteArray deep = head + "'item':[";
        for (int i = 0; i < 70; ++i)
            deep += "{'name':'f','item':[";
        deep += "{'request':'u'}";
        for (int i = 0; i < 70; ++i)
            deep += "]}";
        deep += "]}";
        QTest::newRow("nested too deep") << json(deep) << "nested deeper than 63 levels";
        QByteArray huge;
        for (int i = 0; i < 5000; ++i)
            huge += '[';
        QTest::newRow("huge nesting of JSON") << huge << "It is not valid JSON";
    }

    void malformedInputIsAnErrorSayingWhere()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, detail);
        PostmanCollectionImport result;
        result.collection.name = QStringLiteral("untouched");
        const Error error = importPostmanCollection(input, QStringLiteral("broken.json"), &result);
        QVERIFY(!error.isNull());
        QVERIFY2(error.summary.contains(QLatin1String("broken.json")), qPrintable(error.summary));
        QVERIFY2(error.detail.contains(detail), qPrintable(error.detail));
        QCOMPARE(result.collection.name, QStringLiteral("untouched"));
    }

    void environmentFileBecomesVariablesWithSecretsApart()
    {
        PostmanEnvironmentImport result;
        const Error error = importPostmanEnvironment(fixture("demo.postman_environment.json"),
            QStringLiteral("demo.postman_environment.json"), &result);
        QVERIFY2(error.isNull(), qPrintable(error.toText()));
        QCOMPARE(result.environment.name, QStringLiteral("Demo sandbox"));
        QVERIFY(!result.environment.id.isEmpty());
        const QList<Http::Variable> variables {
            {QStringLiteral("baseUrl"), QStringLiteral("https://api.sandbox.example.test"), true, false},
            {QStringLiteral("apiKey"), QString(), true, true},
            {QStringLiteral("legacyHost"), QStringLiteral("old.example.test"), false, false},
            {QStringLiteral("emptySecret"), QString(), true, true}};
        QCOMPARE(result.environment.variables, variables);
        const QList<Http::Variable> secrets {
            {QStringLiteral("apiKey"), QStringLiteral("env-api-key-secret"), true, true}};
        QCOMPARE(result.secrets, secrets);
        // "color": null loses nothing: not reported.
        QVERIFY(result.report.isEmpty());
    }

    void malformedEnvironmentIsAnError_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("detail");
        QTest::newRow("truncated") << json("{'name':'x','values':[") << "It is not valid JSON";
        QTest::newRow("a collection")
            << fixture("demo-v2.1.postman_collection.json") << "values: expected a list";
        QTest::newRow("value not an object")
            << json("{'name':'x','values':[3]}") << "values[0]: expected an object";
        QTest::newRow("value without key")
            << json("{'name':'x','values':[{'value':'v'}]}") << "values[0].key";
        QTest::newRow("name of wrong type") << json("{'name':1,'values':[]}") << "name: expected a string";
    }

    void malformedEnvironmentIsAnError()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, detail);
        PostmanEnvironmentImport result;
        const Error error = importPostmanEnvironment(input, QStringLiteral("env.json"), &result);
        QVERIFY(!error.isNull());
        QVERIFY(error.summary.contains(QLatin1String("env.json")));
        QVERIFY2(error.detail.contains(detail), qPrintable(error.detail));
    }

    void urlsKeepWhatPostmanSends_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("secretName");
        QTest::addColumn<QString>("expectedSecret");
        QTest::addColumn<bool>("rawNote");

        QTest::newRow("raw parameter missing from the rows is kept")
            << json("{'url':{'raw':'https://h/p?a=1&b=2','query':[{'key':'a','value':'1'}]}}")
            << "https://h/p?a=1&b=2" << QString() << QString() << true;
        QTest::newRow("empty query list keeps raw's query")
            << json("{'url':{'raw':'https://h/p?a=1#top','query':[]}}") << "https://h/p?a=1#top" << QString()
            << QString() << true;
        QTest::newRow("row missing from raw is added")
            << json("{'url':{'raw':'https://h/p','query':[{'key':'a','value':'1'}]}}") << "https://h/p?a=1"
            << QString() << QString() << false;
        QTest::newRow("null path variables are none")
            << json("{'url':{'raw':'https://h/:id','variable':null,'query':null}}") << "https://h/:id"
            << QString() << QString() << false;
        QTest::newRow("enabled credential parameter becomes a secret variable")
            << json("{'url':'https://h/p?api_key=abc123&x=1'}") << "https://h/p?api_key={{api_key}}&x=1"
            << "api_key"
            << "abc123" << false;
        QTest::newRow("credential parameter from the query rows") << json(
            "{'url':{'raw':'https://h/p?access_token=t0k','query':[{'key':'access_token','value':"
            "'t0k'}]}}") << "https://h/p?access_token={{access_token}}"
                                                                  << "access_token"
                                                                  << "t0k" << false;
        QTest::newRow("credential parameter holding a variable stays")
            << json("{'url':'https://h/p?access_token={{tok}}'}") << "https://h/p?access_token={{tok}}"
            << QString() << QString() << false;
        QTest::newRow("api key in the query is percent-encoded") << json(
            "{'url':'https://h/p#f','auth':{'type':'apikey','apikey':[{'key':'key','value':'my key&x'},"
            "{'key':'value','value':'{{k}}'},{'key':'in','value':'query'}]}}")
                                                                 << "https://h/p?my%20key%26x={{k}}#f"
                                                                 << QString() << QString() << false;
    }

    void urlsKeepWhatPostmanSends()
    {
        QFETCH(QByteArray, request);
        QFETCH(QString, url);
        QFETCH(QString, secretName);
        QFETCH(QString, expectedSecret);
        QFETCH(bool, rawNote);
        PostmanCollectionImport result;
        const QByteArray input = json(QByteArray("{'info':{'name':'x','schema':'") + collectionSchema
                                     + "'},'item':[{'name':'r','request':")
            + request + "}]}";
        const Error error = importPostmanCollection(input, QStringLiteral("inline"), &result);
        QVERIFY2(error.isNull(), qPrintable(error.toText()));
        QCOMPARE(result.collection.items.at(0).request.url, url);
        QCOMPARE(secretValue(result.secrets, secretName), expectedSecret);
        QCOMPARE(hasNote(result.report, QStringLiteral("r"), QStringLiteral("url.raw")), rawNote);
        QVERIFY(!collectionToBytes(result.collection).contains("abc123"));
    }

    void oauthSettingsThatChangeOnTheWayAreReported_data()
    {
        QTest::addColumn<QByteArray>("oauth2");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("reason");

        QTest::newRow("audience keyed by id, several values")
            << json("'audience':{'a1':'https://api.one','b2':'https://api.two'}") << "auth.oauth2.audience"
            << "only the first";
        QTest::newRow("resource of an unknown shape") << json("'resource':[1,2]") << "auth.oauth2.resource"
                                                      << "form Tokenscope does not know";
        QTest::newRow("browser through Postman's callback")
            << json("'useBrowser':true,'redirect_uri':'https://oauth.pstmn.io/v1/callback'")
            << "auth.oauth2.useBrowser"
            << "have the provider allow";
        QTest::newRow("public client without a secret")
            << json("'grant_type':'authorization_code_with_pkce'") << "auth.oauth2.client_authentication"
            << "public client";
        QTest::newRow("secret variable in the client id")
            << json("'clientId':'{{hidden}}'") << "auth.oauth2.clientId"
            << "secret variable hidden";
        QTest::newRow("secret variable in a URL")
            << json("'authUrl':'https://id/{{hidden}}/auth'") << "auth.oauth2.authUrl"
            << "secret variable hidden";
    }

    void oauthSettingsThatChangeOnTheWayAreReported()
    {
        QFETCH(QByteArray, oauth2);
        QFETCH(QString, key);
        QFETCH(QString, reason);
        const QByteArray input = json(QByteArray("{'info':{'name':'x','schema':'") + collectionSchema
                                     + "'},'variable':[{'key':'hidden','value':'h1','type':'secret'}],"
                                       "'auth':{'type':'oauth2','oauth2':{")
            + oauth2 + json("}},'item':[]}");
        PostmanCollectionImport result;
        const Error error = importPostmanCollection(input, QStringLiteral("inline"), &result);
        QVERIFY2(error.isNull(), qPrintable(error.toText()));
        const auto note = std::find_if(result.report.notes.cbegin(), result.report.notes.cend(),
            [&key](const ImportNote& candidate) { return candidate.key == key; });
        QVERIFY2(note != result.report.notes.cend(), qPrintable(result.report.toLines().join(u'\n')));
        QVERIFY2(note->reason.contains(reason), qPrintable(note->reason));
        QVERIFY(!note->reason.contains(QLatin1String("h1")));
    }

    void oauthSettingsMapToAWorkingSetup()
    {
        const QByteArray input = json(QByteArray("{'info':{'name':'x','schema':'") + collectionSchema
            + "'},'auth':{'type':'oauth2','oauth2':{'grant_type':'authorization_code_with_pkce',"
              "'useBrowser':true,'redirect_uri':'https://oauth.pstmn.io/v1/callback','clientId':'app',"
              "'audience':{'a1':'https://api.one'},'resource':{'r1':'https://res'}}},'item':[]}");
        PostmanCollectionImport result;
        QVERIFY(importPostmanCollection(input, QStringLiteral("inline"), &result).isNull());
        const ImportedOAuth& oauth = result.oauth.first();
        QVERIFY(!oauth.useSystemBrowser);
        QCOMPARE(oauth.config.redirectUri, QUrl(QStringLiteral("https://oauth.pstmn.io/v1/callback")));
        QVERIFY(oauth.config.clientAuthentication == OAuth::ClientAuthentication::None);
        const QList<std::pair<QString, QString>> extra {
            {QStringLiteral("audience"), QStringLiteral("https://api.one")},
            {QStringLiteral("resource"), QStringLiteral("https://res")}};
        QCOMPARE(oauth.config.extraAuthorizationParameters, extra);
        // A loopback redirect comes back to the system browser as it is.
        QByteArray loopback = input;
        loopback.replace("https://oauth.pstmn.io/v1/callback", "http://127.0.0.1/cb");
        QVERIFY(importPostmanCollection(loopback, QStringLiteral("inline"), &result).isNull());
        QVERIFY(result.oauth.first().useSystemBrowser);
        QVERIFY(!hasNote(result.report, QString(), QStringLiteral("auth.oauth2.useBrowser")));
    }

    void bodyKeysWithoutAPlaceAreReported_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("key");

        QTest::newRow("form field description")
            << json("{'mode':'formdata','formdata':[{'key':'a','value':'1','description':'the a'}]}")
            << "body.formdata.description";
        QTest::newRow("urlencoded field description")
            << json("{'mode':'urlencoded','urlencoded':[{'key':'a','value':'1','description':'the a'}]}")
            << "body.urlencoded.description";
        QTest::newRow("graphql extension key")
            << json("{'mode':'graphql','graphql':{'query':'{a}','extensions':{'p':1}}}")
            << "body.graphql.extensions";
    }

    void bodyKeysWithoutAPlaceAreReported()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, key);
        const QByteArray input = json(QByteArray("{'info':{'name':'x','schema':'") + collectionSchema
                                     + "'},'item':[{'name':'r','request':{'url':'u','body':")
            + body + "}}]}";
        PostmanCollectionImport result;
        QVERIFY(importPostmanCollection(input, QStringLiteral("inline"), &result).isNull());
        QVERIFY2(hasNote(result.report, QStringLiteral("r"), key),
            qPrintable(result.report.toLines().join(u'\n')));
    }

    void graphqlOperationNameIsSent()
    {
        const QByteArray input = json(QByteArray("{'info':{'name':'x','schema':'") + collectionSchema
            + "'},'item':[{'name':'r','request':{'url':'u','body':{'mode':'graphql','graphql':{'query':"
              "'query A {a} query B {b}','operationName':'B'}}}}]}");
        PostmanCollectionImport result;
        QVERIFY(importPostmanCollection(input, QStringLiteral("inline"), &result).isNull());
        const QJsonObject sent = QJsonDocument::fromJson(result.collection.items.at(0).request.body).object();
        QCOMPARE(sent.value(QLatin1String("operationName")).toString(), QStringLiteral("B"));
        QVERIFY(!hasNote(result.report, QStringLiteral("r"), QStringLiteral("body.graphql.operationName")));
    }

    void numbersKeepTheirText_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("fraction") << QByteArray("0.1") << "0.1";
        QTest::newRow("integer") << QByteArray("3") << "3";
        QTest::newRow("large integer") << QByteArray("100000000") << "100000000";
        QTest::newRow("negative fraction") << QByteArray("-2.5") << "-2.5";
        QTest::newRow("exponent") << QByteArray("1.5e300") << "1.5e+300";
        QTest::newRow("boolean") << QByteArray("true") << "true";
    }

    void numbersKeepTheirText()
    {
        QFETCH(QByteArray, value);
        QFETCH(QString, text);
        const QByteArray input = json(QByteArray("{'info':{'name':'x','schema':'") + collectionSchema
                                     + "'},'variable':[{'key':'n','value':")
            + value + json("}],'item':[]}");
        PostmanCollectionImport result;
        QVERIFY(importPostmanCollection(input, QStringLiteral("inline"), &result).isNull());
        QCOMPARE(result.collection.variables.at(0).value, text);
        PostmanEnvironmentImport environment;
        QVERIFY(
            importPostmanEnvironment("{\"name\":\"e\",\"values\":[{\"key\":\"n\",\"value\":" + value + "}]}",
                QStringLiteral("e"), &environment)
                .isNull());
        QCOMPARE(environment.environment.variables.at(0).value, text);
    }

    void nestingLimitIsTheOneStated_data()
    {
        QTest::addColumn<int>("levels");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("63 levels") << 63 << true;
        QTest::newRow("64 levels") << 64 << false;
    }

    void nestingLimitIsTheOneStated()
    {
        QFETCH(int, levels);
        QFETCH(bool, accepted);
        QByteArray deep = QByteArray("{'info':{'name':'x','schema':'") + collectionSchema + "'},'item':[";
        for (int i = 0; i < levels; ++i)
            deep += "{'name':'f','item':[";
        deep += "{'request':'u'}";
        for (int i = 0; i < levels; ++i)
            deep += "]}";
        deep += "]}";
        PostmanCollectionImport result;
        const Error error = importPostmanCollection(json(deep), QStringLiteral("deep"), &result);
        QCOMPARE(error.isNull(), accepted);
        if (!accepted)
            QVERIFY2(error.detail.contains(QLatin1String("nested deeper than 63 levels")),
                qPrintable(error.detail));
    }

    void environmentReportNamesTheEnvironment_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("lines");
        QTest::newRow("null keys are not reported")
            << json("{'name':'e','color':null,'values':[{'key':'a','value':'1','description':null}]}")
            << QStringList();
        QTest::newRow("own notes are the environment's")
            << json("{'name':'e','color':'red','values':[]}")
            << QStringList {
                   QStringLiteral("(environment): color: “color” is not part of what Tokenscope imports.")};
    }

    void environmentReportNamesTheEnvironment()
    {
        QFETCH(QByteArray, input);
        QFETCH(QStringList, lines);
        PostmanEnvironmentImport result;
        QVERIFY(importPostmanEnvironment(input, QStringLiteral("e"), &result).isNull());
        QCOMPARE(result.report.toLines(), lines);
    }

    void importedCollectionSurvivesTheNativeRoundTrip()
    {
        for (const char* name : {"demo-v2.1.postman_collection.json", "demo-v2.0.postman_collection.json"}) {
            const PostmanCollectionImport result = imported(name);
            Collection read;
            const Error error
                = collectionFromBytes(collectionToBytes(result.collection), QStringLiteral("c.json"), &read);
            QVERIFY2(error.isNull(), qPrintable(error.toText()));
            QCOMPARE(read, result.collection);
        }
    }
};

QTEST_GUILESS_MAIN(TestPostmanImport)
#include "tst_postmanimport.moc"
