#include "nativeexport.h"
#include "postmanexport.h"
#include "postmanimport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::Workspace;
using Style = Http::RequestAuth::Style;

Q_DECLARE_METATYPE(Http::RequestAuth::Style)

namespace {

QByteArray fixture(const char* name)
{
    QFile file(QStringLiteral(TOKENSCOPE_POSTMAN_FIXTURES "/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    return file.readAll();
}

void clearIds(QList<CollectionItem>* items)
{
    for (CollectionItem& item : *items) {
        item.id.clear();
        clearIds(&item.items);
    }
}

} // namespace

class TestPostmanExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exportedCollectionImportsBackToTheSameRequests()
    {
        PostmanCollectionImport first;
        QVERIFY(
            importPostmanCollection(fixture("demo-v2.1.postman_collection.json"), QStringLiteral("a"), &first)
                .isNull());
        const PostmanExport exported = exportPostmanCollection(first.collection);
        PostmanCollectionImport second;
        const Error error = importPostmanCollection(exported.json, QStringLiteral("exported"), &second);
        QVERIFY2(error.isNull(), qPrintable(error.toText()));
        QCOMPARE(second.collection.name, first.collection.name);
        QCOMPARE(second.collection.description, first.collection.description);
        QList<CollectionItem> expected = first.collection.items;
        // The environment's token has no Postman form: it comes back as the {{access_token}} variable.
        expected[3].auth = {};
        expected[3].auth.style = Style::BearerFromVariable;
        expected[3].auth.variable = QStringLiteral("access_token");
        QList<CollectionItem> actual = second.collection.items;
        clearIds(&expected);
        clearIds(&actual);
        QCOMPARE(actual.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i)
            QVERIFY2(actual.at(i) == expected.at(i), qPrintable(expected.at(i).name));
        const QJsonObject root = QJsonDocument::fromJson(exported.json).object();
        QCOMPARE(root.value(QLatin1String("info")).toObject().value(QLatin1String("schema")).toString(),
            QStringLiteral("https://schema.getpostman.com/json/collection/v2.1.0/collection.json"));
    }

    void secretsAreLeftOutAndTheExportSaysWhich()
    {
        Collection collection;
        collection.id = QStringLiteral("c1");
        collection.name = QStringLiteral("Secrets");
        collection.variables
            = {{QStringLiteral("apiKey"), QStringLiteral("variable-secret-value"), true, true},
                {QStringLiteral("baseUrl"), QStringLiteral("https://api.example.test"), true, false}};
        collection.auth.style = Style::Basic;
        collection.auth.username = QStringLiteral("admin");
        collection.auth.password = QStringLiteral("literal-password");
        CollectionItem request;
        request.name = QStringLiteral("Typed");
        request.request.url = QStringLiteral("{{baseUrl}}/t?a=1");
        request.request.headers
            = {{QStringLiteral("Authorization"), QStringLiteral("Bearer eyJ-literal"), true}};
        request.request.disabledQuery
            = {{0, QStringLiteral("access_token"), QStringLiteral("query-literal")}};
        request.request.bodyKind = Http::BodyKind::FormUrlEncoded;
        request.request.formFields
            = {{QStringLiteral("client_secret"), QStringLiteral("form-literal"), false, QString(), true}};
        collection.items = {request};
        const PostmanExport exported = exportPostmanCollection(collection);
        for (const char* secret :
            {"variable-secret-value", "literal-password", "eyJ-literal", "query-literal", "form-literal"})
            QVERIFY2(!exported.json.contains(secret), secret);
        QVERIFY(exported.json.contains("https://api.example.test"));
        const QStringList expected {
            QStringLiteral("Collection: the value of secret variable “apiKey” was left out."),
            QStringLiteral("Typed: the value of header “Authorization” was left out."),
            QStringLiteral("Typed: the value of query parameter “access_token” was left out."),
            QStringLiteral("Typed: the value of form field “client_secret” was left out."),
            QStringLiteral("Collection: the basic-auth password was left out.")};
        QCOMPARE(exported.leftOut, expected);
        QCOMPARE(exported.secrets, expected);
    }

    void environmentExportsWithoutSecretValuesAndImportsBack()
    {
        PostmanEnvironmentImport first;
        QVERIFY(importPostmanEnvironmentFile(
            QStringLiteral(TOKENSCOPE_POSTMAN_FIXTURES "/demo.postman_environment.json"), &first)
                    .isNull());
        Environment environment = first.environment;
        environment.variables[1].value
            = QStringLiteral("env-api-key-secret"); // as the keychain would fill it in
        environment.oauth.clientId = QStringLiteral("demo-client");
        const PostmanExport exported = exportPostmanEnvironment(environment);
        QVERIFY(!exported.json.contains("env-api-key-secret"));
        QCOMPARE(exported.leftOut,
            QStringList({QStringLiteral("Demo sandbox: the value of secret variable “apiKey” was left out."),
                QStringLiteral("Demo sandbox: the value of secret variable “emptySecret” was left out."),
                QStringLiteral("Demo sandbox: the OAuth setup has no place in a Postman environment; it was "
                               "left out.")}));
        PostmanEnvironmentImport second;
        QVERIFY(importPostmanEnvironment(exported.json, QStringLiteral("back"), &second).isNull());
        QCOMPARE(second.environment.name, first.environment.name);
        QCOMPARE(second.environment.variables, first.environment.variables);
        QVERIFY(second.secrets.isEmpty());
        QVERIFY(second.report.isEmpty());
    }

    void unreadableFileIsAnErrorNamingIt()
    {
        PostmanCollectionImport result;
        const Error error = importPostmanCollectionFile(
            QStringLiteral("/nonexistent/dir/gone.postman_collection.json"), &result);
        QVERIFY(error.summary.contains(QLatin1String("gone.postman_collection.json")));
    }

    void secretVariablesStaySecretThroughPostman()
    {
        Collection collection;
        collection.name = QStringLiteral("S");
        collection.variables = {{QStringLiteral("apiKey"), QStringLiteral("kept-in-keychain"), true, true},
            {QStringLiteral("plain"), QStringLiteral("p"), true, false}};
        const PostmanExport exported = exportPostmanCollection(collection);
        QVERIFY(!exported.json.contains("kept-in-keychain"));
        const QJsonArray rows
            = QJsonDocument::fromJson(exported.json).object().value(QLatin1String("variable")).toArray();
        QCOMPARE(rows.at(0).toObject().value(QLatin1String("type")).toString(), QStringLiteral("secret"));
        QCOMPARE(rows.at(1).toObject().value(QLatin1String("type")).toString(), QStringLiteral("string"));
        PostmanCollectionImport back;
        QVERIFY(importPostmanCollection(exported.json, QStringLiteral("back"), &back).isNull());
        const QList<Http::Variable> expected {{QStringLiteral("apiKey"), QString(), true, true},
            {QStringLiteral("plain"), QStringLiteral("p"), true, false}};
        QCOMPARE(back.collection.variables, expected);
        QVERIFY(back.secrets.isEmpty());
    }

    void requestsThatSendNoTokenExportAsNoAuth_data()
    {
        QTest::addColumn<bool>("attach");
        QTest::addColumn<QString>("type");
        QTest::addColumn<Style>("back");
        QTest::newRow("token attached: inherits") << true << QString() << Style::Inherit;
        QTest::newRow("no token attached: noauth") << false << "noauth" << Style::None;
    }

    void requestsThatSendNoTokenExportAsNoAuth()
    {
        QFETCH(bool, attach);
        QFETCH(QString, type);
        QFETCH(Style, back);
        Collection collection;
        CollectionItem request;
        request.name = QStringLiteral("R");
        request.request.url = QStringLiteral("https://h/");
        request.request.attachAccessToken = attach;
        collection.items = {request};
        const PostmanExport exported = exportPostmanCollection(collection);
        const QJsonObject written = QJsonDocument::fromJson(exported.json)
                                        .object()
                                        .value(QLatin1String("item"))
                                        .toArray()
                                        .at(0)
                                        .toObject()
                                        .value(QLatin1String("request"))
                                        .toObject();
        QCOMPARE(
            written.value(QLatin1String("auth")).toObject().value(QLatin1String("type")).toString(), type);
        PostmanCollectionImport read;
        QVERIFY(importPostmanCollection(exported.json, QStringLiteral("r"), &read).isNull());
        QCOMPARE(read.collection.items.at(0).request.auth.style, back);
    }

    void environmentSettingsWithoutAPostmanPlaceAreListed_data()
    {
        QTest::addColumn<bool>("production");
        QTest::addColumn<QString>("apiBaseUrl");
        QTest::addColumn<bool>("systemBrowser");
        QTest::addColumn<QStringList>("leftOut");
        QTest::newRow("nothing to leave out") << false << QString() << false << QStringList();
        QTest::newRow("production mark")
            << true << QString() << false
            << QStringList {QStringLiteral("Prod: Postman has no production mark; it was left out. Mark the "
                                           "environment again after importing it here.")};
        QTest::newRow("API base URLs")
            << false << "https://api.example.test/v1" << false
            << QStringList {
                   QStringLiteral("Prod: the API base URLs (https://api.example.test/v1) have no place "
                                  "in a Postman environment; they were left out.")};
        QTest::newRow("sign-in settings")
            << false << QString() << true
            << QStringList {QStringLiteral(
                   "Prod: the sign-in settings have no place in a Postman environment; they were left out.")};
    }

    void environmentSettingsWithoutAPostmanPlaceAreListed()
    {
        QFETCH(bool, production);
        QFETCH(QString, apiBaseUrl);
        QFETCH(bool, systemBrowser);
        QFETCH(QStringList, leftOut);
        Environment environment;
        environment.id = QStringLiteral("e1");
        environment.name = QStringLiteral("Prod");
        environment.production = production;
        if (!apiBaseUrl.isEmpty())
            environment.apiBaseUrls = {QUrl(apiBaseUrl)};
        if (systemBrowser)
            environment.signIn.browser = SignInSettings::Browser::System;
        QCOMPARE(exportPostmanEnvironment(environment).leftOut, leftOut);
    }

    void notesOfUnnamedItemsNameTheirPlace()
    {
        Collection collection;
        CollectionItem folder;
        folder.kind = CollectionItem::Kind::Folder;
        folder.name = QStringLiteral("F");
        CollectionItem request;
        request.request.url = QStringLiteral("https://h/");
        request.request.timeoutMs = 5000;
        folder.items = {request};
        collection.items = {folder};
        collection.auth.style = Style::None;
        QCOMPARE(exportPostmanCollection(collection).leftOut,
            QStringList {QStringLiteral("F/item[0]: Postman has no timeout per request; it was left out.")});
    }

    void nativeCollectionRoundTripsWithoutSecrets()
    {
        Collection collection;
        collection.id = QStringLiteral("c1");
        collection.name = QStringLiteral("Native");
        collection.variables
            = {{QStringLiteral("apiKey"), QStringLiteral("variable-secret-value"), true, true},
                {QStringLiteral("baseUrl"), QStringLiteral("https://api.example.test"), true, false}};
        CollectionItem request;
        request.id = QStringLiteral("r1");
        request.name = QStringLiteral("Typed");
        request.request.url = QStringLiteral("{{baseUrl}}/t");
        request.request.headers = {{QStringLiteral("X-Api-Key"), QStringLiteral("header-literal"), true}};
        request.request.timeoutMs = 2500;
        collection.items = {request};
        const NativeExport exported = exportNativeCollection(collection);
        for (const char* secret : {"variable-secret-value", "header-literal"})
            QVERIFY2(!exported.json.contains(secret), secret);
        QCOMPARE(exported.secrets,
            QStringList({QStringLiteral("Collection: the value of secret variable “apiKey” was left out."),
                QStringLiteral("Typed: the value of header “X-Api-Key” was left out.")}));
        Collection read;
        QVERIFY(collectionFromBytes(exported.json, QStringLiteral("n.json"), &read).isNull());
        Collection expected = collection;
        expected.variables[0].value.clear();
        expected.items[0].request.headers[0].value.clear();
        QCOMPARE(read, expected);
        QVERIFY(exportNativeCollection(read).json == exported.json);
        Collection plain;
        plain.name = QStringLiteral("Plain");
        QVERIFY(exportNativeCollection(plain).secrets.isEmpty());
    }

    void nativeEnvironmentRoundTripsWithoutSecrets()
    {
        Environment environment;
        environment.id = QStringLiteral("e1");
        environment.name = QStringLiteral("Staging");
        environment.variables = {{QStringLiteral("host"), QStringLiteral("h.example.test"), true, false},
            {QStringLiteral("token"), QStringLiteral("env-secret-value"), false, true}};
        environment.oauth.clientId = QStringLiteral("app");
        environment.oauth.tokenEndpoint = QUrl(QStringLiteral("https://id.example.test/token"));
        environment.oauth.scope = QStringLiteral("openid");
        environment.signIn.browser = SignInSettings::Browser::System;
        environment.apiBaseUrls = {QUrl(QStringLiteral("https://api.example.test/v1"))};
        environment.production = true;
        environment.openRequests.requests = {Http::HttpRequest()};
        const NativeExport exported = exportNativeEnvironment(environment);
        QVERIFY(!exported.json.contains("env-secret-value"));
        const QJsonObject root = QJsonDocument::fromJson(exported.json).object();
        QCOMPARE(root.value(QLatin1String("format")).toString(), QStringLiteral("tokenscope-environment"));
        QVERIFY(!root.contains(QLatin1String("openRequests")));
        QCOMPARE(exported.secrets,
            QStringList({QStringLiteral("Staging: the value of secret variable “token” was left out."),
                QStringLiteral("Staging: the client secret (kept in the keychain) was left out.")}));
        Environment read;
        const Error error = importNativeEnvironment(exported.json, QStringLiteral("e.json"), &read);
        QVERIFY2(error.isNull(), qPrintable(error.toText()));
        QVERIFY(!read.id.isEmpty() && read.id != environment.id);
        Environment expected = environment;
        expected.id = read.id;
        expected.variables[1].value.clear();
        expected.openRequests = {};
        QVERIFY(read == expected);
    }

    void malformedNativeEnvironmentIsAnError_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("detail");
        QTest::newRow("not JSON") << QByteArray("{\"format\":") << "It is not valid JSON";
        QTest::newRow("a Postman environment") << fixture("demo.postman_environment.json") << "format";
        QTest::newRow("a newer version")
            << QByteArray("{\"format\":\"tokenscope-environment\",\"version\":9,\"name\":\"x\"}") << "newer";
    }

    void malformedNativeEnvironmentIsAnError()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, detail);
        Environment read;
        read.name = QStringLiteral("untouched");
        const Error error = importNativeEnvironment(input, QStringLiteral("bad.json"), &read);
        QVERIFY(!error.isNull());
        QVERIFY(error.summary.contains(QLatin1String("bad.json")));
        QVERIFY2(error.detail.contains(detail), qPrintable(error.detail));
        QCOMPARE(read.name, QStringLiteral("untouched"));
    }

    void disabledQueryRowsKeepTheirPlace()
    {
        Collection collection;
        CollectionItem request;
        request.name = QStringLiteral("Q");
        request.request.url = QStringLiteral("https://h/p?a=1&c=3#top");
        request.request.disabledQuery
            = {{1, QStringLiteral("b"), QStringLiteral("2")}, {3, QStringLiteral("d"), QString()}};
        collection.items = {request};
        PostmanCollectionImport back;
        QVERIFY(importPostmanCollection(exportPostmanCollection(collection).json, QStringLiteral("q"), &back)
                    .isNull());
        const Http::HttpRequest& read = back.collection.items.at(0).request;
        QCOMPARE(read.url, request.request.url);
        QCOMPARE(read.disabledQuery, request.request.disabledQuery);
    }
};

QTEST_GUILESS_MAIN(TestPostmanExport)
#include "tst_postmanexport.moc"
