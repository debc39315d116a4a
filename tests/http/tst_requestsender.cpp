#include "memorysecretstore.h"
#include "oauthharness.h"
#include "requestsender.h"
#include "secretcall.h"
#include "tokensession.h"

#include <QTest>

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
