#include "accesstokenprovider.h"
#include "memorysecretstore.h"
#include "oauthharness.h"
#include "requestsender.h"
#include "secretcall.h"
#include "tokensession.h"

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QTest>
#include <QTimer>

#include <algorithm>

using namespace Tokenscope;
using Tests::ScriptedServer;

namespace {

ScriptedServer::Reply tokenReply(const QByteArray& access)
{
    return {200, "application/json",
        R"({"access_token":")" + access + R"(","token_type":"Bearer","expires_in":300,"refresh_token":"rt-)"
            + access + R"("})",
        {}, false};
}

ScriptedServer::Reply apiReply(int status, const QByteArray& challenge = {})
{
    ScriptedServer::Reply reply {status, "application/json", R"({"ok":true})", {}, false};
    if (!challenge.isEmpty())
        reply.headers.append({"WWW-Authenticate", challenge});
    return reply;
}

// One access token, always the same: the tests here are about where it goes, not where it came from.
class FixedToken final : public Http::AccessTokenProvider
{
public:
    void withAccessToken(QObject* context, Handler handler) override
    {
        ++asked;
        QTimer::singleShot(0, context, [handler = std::move(handler)] {
            handler({QStringLiteral("Bearer"), QStringLiteral("at-1")}, {});
        });
    }
    void rejectAccessToken(const Token&) override { }

    int asked = 0;
};

// Every request through the scripted server as an HTTP proxy: it sees what would have left for a host
// that is not this computer (GET http://api.example.com/…, or CONNECT api.example.com:443 for https).
struct ProxiedClient
{
    ScriptedServer proxy;
    QNetworkAccessManager manager;
    Http::FlowLog log;
    Http::NetworkClient network {&manager};

    bool start()
    {
        if (!proxy.start())
            return false;
        manager.setProxy(
            QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), proxy.serverPort()));
        network.setFlowLog(&log);
        return true;
    }
};

} // namespace

// docs/oauth-client-rules.md case 38: a 401 invalid_token leads to at most one refresh and one retry;
// insufficient_scope to none. The token endpoint and the API are one scripted server, answering in order.
class TestRequestSender final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // RFC 6750 §2.1 spells the scheme "Bearer"; token_type is case-insensitive (RFC 6749 §5.1), and
    // some APIs accept only that spelling. Other token types keep the provider's own name.
    void authorizationScheme_data()
    {
        QTest::addColumn<QString>("tokenType");
        QTest::addColumn<QByteArray>("header");
        QTest::newRow("bearer, lowercase") << QStringLiteral("bearer") << QByteArray("Bearer at-1");
        QTest::newRow("BEARER, uppercase") << QStringLiteral("BEARER") << QByteArray("Bearer at-1");
        QTest::newRow("Bearer, as RFC 6750 writes it")
            << QStringLiteral("Bearer") << QByteArray("Bearer at-1");
        QTest::newRow("no type: Bearer") << QString() << QByteArray("Bearer at-1");
        QTest::newRow("DPoP, as written") << QStringLiteral("DPoP") << QByteArray("DPoP at-1");
        QTest::newRow("mac, as written") << QStringLiteral("mac") << QByteArray("mac at-1");
    }

    void authorizationScheme()
    {
        QFETCH(QString, tokenType);
        QFETCH(QByteArray, header);
        QCOMPARE(Http::authorizationHeader(tokenType, QStringLiteral("at-1")), header);
    }

    // RFC 6750 §5.3: a bearer token goes only under TLS; plain http only to this computer or where the
    // environment explicitly allows it. An address typed without a scheme is https.
    void plainHttp_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("attachToken");
        QTest::addColumn<bool>("allowPlainHttp");
        QTest::addColumn<QByteArray>("leaving"); // the request line the proxy sees; empty: nothing

        const QString remote = QStringLiteral("http://api.example.com/v1/items");
        QTest::newRow("bearer-over-plain-http-refused") << remote << true << false << QByteArray();
        QTest::newRow("bearer-over-plain-http-allowed-for-the-environment")
            << remote << true << true << QByteArray("GET http://api.example.com/v1/items");
        QTest::newRow("plain-http-without-token-sent")
            << remote << false << false << QByteArray("GET http://api.example.com/v1/items");
        QTest::newRow("scheme-less-url-is-https") << QStringLiteral("api.example.com/v1/items") << true
                                                  << false << QByteArray("CONNECT api.example.com:443");
    }

    void plainHttp()
    {
        QFETCH(QString, url);
        QFETCH(bool, attachToken);
        QFETCH(bool, allowPlainHttp);
        QFETCH(QByteArray, leaving);

        ProxiedClient client;
        QVERIFY(client.start());
        FixedToken tokens;
        Http::RequestSender sender(&client.network);
        Http::HttpRequest request;
        request.url = url;
        request.attachAccessToken = attachToken;
        std::optional<Error> error;
        sender.send(
            request, {}, &tokens, this, [&error](const Http::HttpResponse&, const Error& e) { error = e; },
            {}, true, allowPlainHttp);
        QTRY_VERIFY_WITH_TIMEOUT(error.has_value(), 10000);

        if (leaving.isEmpty()) {
            QCOMPARE(error->code, QStringLiteral("plain_http_refused"));
            QVERIFY2(
                error->detail.contains(QLatin1String("access token in clear over http to api.example.com")),
                qPrintable(error->toText()));
            QVERIFY2(error->hint.contains(QLatin1String("allow plain HTTP for this environment")),
                qPrintable(error->toText()));
            QCOMPARE(tokens.asked, 0);
            QVERIFY(client.proxy.requests().isEmpty());
            return;
        }
        QVERIFY(!client.proxy.requests().isEmpty());
        const ScriptedServer::Request& seen = client.proxy.requests().constFirst();
        QCOMPARE(seen.method + ' ' + seen.target, leaving);
        if (seen.method == "GET")
            QCOMPARE(
                seen.headers.value("authorization"), attachToken ? QByteArray("Bearer at-1") : QByteArray());
    }

    // The token to this computer over http: the local demo and the provider fixture.
    void bearerOverHttpToLoopbackSent()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(apiReply(200));
        Http::NetworkClient network;
        Http::RequestSender sender(&network);
        FixedToken tokens;
        Http::HttpRequest request;
        request.url = server.url(QStringLiteral("/api")).toString();
        std::optional<Http::HttpResponse> response;
        sender.send(request, {}, &tokens, this,
            [&response](const Http::HttpResponse& r, const Error&) { response = r; });
        QTRY_VERIFY_WITH_TIMEOUT(response.has_value(), 10000);
        QCOMPARE(response->status, 200);
        QCOMPARE(server.requests().constFirst().headers.value("authorization"), QByteArray("Bearer at-1"));
    }

    // The network client's own check, whatever sends: an Authorization header, a cookie or API key typed
    // into the request, or a body with the client secret (token, PAR, revocation, introspection requests)
    // never goes over plain http elsewhere.
    void credentialsOverPlainHttp_data()
    {
        QTest::addColumn<QByteArray>("secretHeader");
        QTest::addColumn<bool>("carriesCredentials");
        QTest::addColumn<bool>("allowPlainHttp");
        QTest::addColumn<bool>("sent");
        QTest::newRow("authorization-header-over-plain-http-refused")
            << QByteArray("Authorization") << false << false << false;
        QTest::newRow("pasted-api-key-over-plain-http-refused")
            << QByteArray("X-Api-Key") << false << false << false;
        QTest::newRow("pasted-cookie-over-plain-http-refused")
            << QByteArray("Cookie") << false << false << false;
        QTest::newRow("client-secret-over-plain-http-refused") << QByteArray() << true << false << false;
        QTest::newRow("client-secret-over-plain-http-allowed") << QByteArray() << true << true << true;
        QTest::newRow("nothing-secret-over-plain-http-sent") << QByteArray() << false << false << true;
    }

    void credentialsOverPlainHttp()
    {
        QFETCH(QByteArray, secretHeader);
        QFETCH(bool, carriesCredentials);
        QFETCH(bool, allowPlainHttp);
        QFETCH(bool, sent);

        ProxiedClient client;
        QVERIFY(client.start());
        QNetworkRequest request(QUrl(QStringLiteral("http://op.example/token")));
        if (!secretHeader.isEmpty())
            request.setRawHeader(secretHeader, "Basic Y2xpZW50OnNlY3JldA==");
        Http::NetworkClient::Options options;
        options.carriesCredentials = carriesCredentials;
        options.allowPlainHttp = allowPlainHttp;
        options.purpose = QStringLiteral("Token request");
        std::optional<Http::HttpResponse> response;
        client.network.send("POST", request, "client_secret=s3cr3t", options, this,
            [&response](const Http::HttpResponse& r) { response = r; });
        QTRY_VERIFY_WITH_TIMEOUT(response.has_value(), 10000);
        QCOMPARE(!client.proxy.requests().isEmpty(), sent);
        if (!sent) {
            QVERIFY2(response->errorString.contains(QLatin1String("Nothing was sent")),
                qPrintable(response->errorString));
            QVERIFY2(response->errorString.contains(QLatin1String("op.example")),
                qPrintable(response->errorString));
        }
    }

    // A header holding a secret variable, or named like a credential (X-Api-Key), is a credential like
    // Authorization: it does not follow a redirect to another origin (two servers on different ports are
    // different origins, RFC 6454 §4).
    void secretHeaderOnRedirect_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<bool>("secret");
        QTest::addColumn<bool>("follows");
        QTest::newRow("secret-header-dropped-on-cross-origin-redirect") << "X-Tenant-Key" << true << false;
        QTest::newRow("api-key-header-dropped-on-cross-origin-redirect") << "X-Api-Key" << false << false;
        QTest::newRow("plain-variable-header-follows-cross-origin-redirect")
            << "X-Tenant-Key" << false << true;
    }

    void secretHeaderOnRedirect()
    {
        QFETCH(QString, header);
        QFETCH(bool, secret);
        QFETCH(bool, follows);
        ScriptedServer first;
        ScriptedServer second;
        QVERIFY(first.start());
        QVERIFY(second.start());
        first.enqueue(Tests::reply(
            302, {}, "text/plain", {{"Location", second.url(QStringLiteral("/landing")).toEncoded()}}));
        second.enqueue(apiReply(200));

        Http::NetworkClient network;
        Http::RequestSender sender(&network);
        Http::HttpRequest request;
        request.url = first.url(QStringLiteral("/start")).toString();
        request.attachAccessToken = false;
        request.headers = {{header, QStringLiteral("{{apiKey}}"), true}};
        const QList<Http::Variable> variables {
            {QStringLiteral("apiKey"), QStringLiteral("k-123"), true, secret}};
        std::optional<Http::HttpResponse> response;
        sender.send(request, variables, nullptr, this,
            [&response](const Http::HttpResponse& r, const Error&) { response = r; });
        QTRY_VERIFY_WITH_TIMEOUT(response.has_value(), 10000);

        QCOMPARE(first.requests().size(), 1);
        const QByteArray name = header.toLower().toLatin1();
        QCOMPARE(first.requests().constFirst().headers.value(name), QByteArray("k-123"));
        const bool reachedSecond = std::any_of(second.requests().cbegin(), second.requests().cend(),
            [&name](const ScriptedServer::Request& r) { return r.headers.value(name) == "k-123"; });
        QCOMPARE(reachedSecond, follows);
    }

    void bearerChallenges_data()
    {
        QTest::addColumn<QList<ScriptedServer::Reply>>("replies");
        QTest::addColumn<int>("finalStatus");
        QTest::addColumn<QList<QByteArray>>("targets");
        QTest::addColumn<QByteArray>("lastAuthorization");

        const QByteArray invalid
            = R"(Bearer realm="demo", error="invalid_token", error_description="expired")";
        QTest::newRow("invalid-token: one refresh, one retry")
            << QList<ScriptedServer::Reply> {tokenReply("at-1"), apiReply(401, invalid), tokenReply("at-2"),
                   apiReply(200)}
            << 200 << QList<QByteArray> {"/token", "/api", "/token", "/api"} << QByteArray("Bearer at-2");
        QTest::newRow("invalid-token twice: no loop")
            << QList<ScriptedServer::Reply> {tokenReply("at-1"), apiReply(401, invalid), tokenReply("at-2"),
                   apiReply(401, invalid)}
            << 401 << QList<QByteArray> {"/token", "/api", "/token", "/api"} << QByteArray("Bearer at-2");
        QTest::newRow("insufficient-scope: no refresh")
            << QList<ScriptedServer::Reply> {tokenReply("at-1"),
                   apiReply(403, R"(Bearer error="insufficient_scope", scope="demo.write")")}
            << 403 << QList<QByteArray> {"/token", "/api"} << QByteArray("Bearer at-1");
        QTest::newRow("token_type bearer: sent as Bearer") << QList<
            ScriptedServer::Reply> {{200, "application/json",
                                        R"({"access_token":"at-1","token_type":"bearer","expires_in":300})",
                                        {}, false},
            apiReply(200)} << 200 << QList<QByteArray> {"/token", "/api"}
                                                           << QByteArray("Bearer at-1");
        QTest::newRow("401 without invalid_token: no refresh")
            << QList<ScriptedServer::Reply> {tokenReply("at-1"), apiReply(401, R"(Basic realm="legacy")")}
            << 401 << QList<QByteArray> {"/token", "/api"} << QByteArray("Bearer at-1");
    }

    void bearerChallenges()
    {
        QFETCH(QList<ScriptedServer::Reply>, replies);
        QFETCH(int, finalStatus);
        QFETCH(QList<QByteArray>, targets);
        QFETCH(QByteArray, lastAuthorization);

        ScriptedServer server;
        QVERIFY(server.start());
        for (const auto& reply : replies)
            server.enqueue(reply);

        Tests::FlowEngine engine;
        Secrets::MemorySecretStore secrets;
        OAuth::ClientConfig config;
        config.tokenEndpoint = server.url(QStringLiteral("/token"));
        config.clientId = QStringLiteral("client");
        config.clientAuthentication = OAuth::ClientAuthentication::None;
        OAuth::TokenSession session(
            QStringLiteral("env"), config, &secrets, &engine.tokenClient, &engine.keys, &engine.log);
        const QString refreshKey = Secrets::secretKey(QStringLiteral("env"), QStringLiteral("refresh_token"));
        QVERIFY(Tests::writeSecret(&secrets, refreshKey, QStringLiteral("rt-0")).ok());

        Http::RequestSender sender(&engine.network);
        Http::HttpRequest request;
        request.url = QStringLiteral("{{base}}/api");
        std::optional<Http::HttpResponse> response;
        sender.send(request,
            {{QStringLiteral("base"), server.url({}).toString(QUrl::StripTrailingSlash), true}}, &session,
            this, [&response](const Http::HttpResponse& r, const Error&) { response = r; });
        QTRY_VERIFY_WITH_TIMEOUT(response.has_value(), 10000);

        QCOMPARE(response->status, finalStatus);
        QList<QByteArray> seen;
        for (const auto& r : server.requests())
            seen.append(r.target);
        QCOMPARE(seen, targets);
        QCOMPARE(server.requests().last().headers.value("authorization"), lastAuthorization);
    }
};

QTEST_GUILESS_MAIN(TestRequestSender)
#include "tst_requestsender.moc"
