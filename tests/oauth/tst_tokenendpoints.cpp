#include "formencoding.h"
#include "jwt.h"
#include "oauthharness.h"
#include "signing.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;
using Tokenscope::Tests::Answer;
using Tokenscope::Tests::reply;
using Tokenscope::Tests::ScriptedServer;

Q_DECLARE_METATYPE(Tokenscope::Error)
Q_DECLARE_METATYPE(Tokenscope::Tests::ScriptedServer::Reply)

using Reply = ScriptedServer::Reply;

// Revocation (RFC 7009), introspection (RFC 7662), UserInfo (OIDC Core §5.3) and the RP-initiated logout
// URL: what goes over the wire and how each answer is read, against a scripted server for the answers a
// real provider does not give. The same endpoints at the real provider, through a session's tokens, are
// in tst_provideractions.
class TestTokenEndpoints final : public QObject
{
    Q_OBJECT

private:
    using Scripted = Tests::ScriptedEndpoints;

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<Tokenscope::Error>(); }

    void revocation_data()
    {
        QTest::addColumn<Reply>("answer");
        QTest::addColumn<QString>("errorCode");
        QTest::addColumn<bool>("stillValid");
        QTest::newRow("revoke-unknown-token-200") << reply(200, {}) << QString() << false;
        QTest::newRow("revoke-503-still-valid") << reply(503, "busy", "text/plain", {{"Retry-After", "120"}})
                                                << QStringLiteral("unavailable") << true;
        QTest::newRow("revoke-unsupported-token-type") << reply(
            400, R"({"error":"unsupported_token_type","error_description":"no refresh tokens here"})")
                                                       << QStringLiteral("unsupported_token_type") << false;
        QTest::newRow("revoke-500-html")
            << reply(500, "<html>oops</html>", "text/html") << QStringLiteral("http_error") << false;
    }

    void revocation()
    {
        QFETCH(Reply, answer);
        QFETCH(QString, errorCode);
        QFETCH(bool, stillValid);
        Scripted s;
        QVERIFY(s.start());
        s.server.enqueue(answer);
        Answer<RevocationOutcome> revoked;
        s.endpoints.revoke(s.config, QStringLiteral("s3cr+t"), QStringLiteral("rt-1"),
            TokenEndpoints::TokenHint::RefreshToken, this, revoked.handler());
        QTRY_VERIFY(revoked.value.has_value());
        QCOMPARE(revoked.value->error.code, errorCode);
        QCOMPARE(revoked.value->ok(), errorCode.isEmpty());
        QCOMPARE(revoked.value->stillValid, stillValid);
        if (!errorCode.isEmpty())
            QVERIFY(!revoked.value->error.isNull());
        if (stillValid)
            QVERIFY2(revoked.value->error.hint.contains(QLatin1String("120")),
                qPrintable(revoked.value->error.hint));
        if (errorCode == QLatin1String("unsupported_token_type"))
            QCOMPARE(revoked.value->error.detail, QStringLiteral("no refresh tokens here"));

        // RFC 7009 §2.1: the token, its hint, and the client authentication of the token endpoint.
        QCOMPARE(s.server.requests().size(), 1);
        const auto& request = s.server.requests().first();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.body, QByteArray("token=rt-1&token_type_hint=refresh_token"));
        QCOMPARE(request.headers.value("authorization"),
            "Basic " + QByteArray("client%20id%3A1:s3cr%2Bt").toBase64());
    }

    void introspection_data()
    {
        QTest::addColumn<Reply>("answer");
        QTest::addColumn<QString>("errorCode");
        QTest::addColumn<bool>("active");
        QTest::newRow("active") << reply(200,
            R"({"active":true,"scope":"openid demo.read","client_id":"c1","username":"jdoe",)"
            R"("token_type":"Bearer","exp":1900000000,"iat":1800000000,"nbf":1800000000,"sub":"u1",)"
            "\"aud\":[\"api\",\"c1\"],\"iss\":\"https:/"
            "/id.example.test\",\"jti\":\"j1\"}")
                                << QString() << true;
        QTest::newRow("active-false") << reply(200, R"({"active":false})") << QString() << false;
        QTest::newRow("exp-out-of-range: 9e30")
            << reply(200, "{\"active\":true,\"exp\":9e30,\"iat\":-1e300,\"nbf\":\"soon\"}") << QString()
            << true;
        QTest::newRow("active-as-string")
            << reply(200, R"({"active":"true"})") << QStringLiteral("missing_active") << false;
        QTest::newRow("missing-active")
            << reply(200, R"({"scope":"openid"})") << QStringLiteral("missing_active") << false;
        QTest::newRow("not-authorized-401")
            << reply(401, R"({"error":"invalid_client","error_description":"client authentication failed"})")
            << QStringLiteral("not_authorized") << false;
        QTest::newRow("html") << reply(200, "<!DOCTYPE html><title>Sign in</title>", "text/html")
                              << QStringLiteral("non_json") << false;
    }

    void introspection()
    {
        QFETCH(Reply, answer);
        QFETCH(QString, errorCode);
        QFETCH(bool, active);
        Scripted s;
        QVERIFY(s.start());
        s.server.enqueue(answer);
        Answer<IntrospectionOutcome> introspected;
        s.endpoints.introspect(
            s.config, QStringLiteral("secret"), QStringLiteral("at-1"), this, introspected.handler());
        QTRY_VERIFY(introspected.value.has_value());
        QCOMPARE(introspected.value->error.code, errorCode);
        QCOMPARE(s.server.requests().first().body, QByteArray("token=at-1"));
        if (!errorCode.isEmpty()) {
            QVERIFY(!introspected.value->ok());
            QVERIFY(!introspected.value->error.isNull());
            return;
        }
        const IntrospectionResult& result = *introspected.value->result;
        QCOMPARE(result.active, active);
        if (qstrcmp(QTest::currentDataTag(), "exp-out-of-range: 9e30") == 0) {
            // Not dates: left unknown rather than converted with undefined behaviour.
            QVERIFY(!result.expiresAt.isValid());
            QVERIFY(!result.issuedAt.isValid());
            QVERIFY(!result.notBefore.isValid());
        }
        if (qstrcmp(QTest::currentDataTag(), "active") == 0) {
            QCOMPARE(result.scope, QStringLiteral("openid demo.read"));
            QCOMPARE(result.clientId, QStringLiteral("c1"));
            QCOMPARE(result.username, QStringLiteral("jdoe"));
            QCOMPARE(result.tokenType, QStringLiteral("Bearer"));
            QCOMPARE(result.expiresAt, QDateTime::fromSecsSinceEpoch(1900000000, Qt::UTC));
            QCOMPARE(result.issuedAt, QDateTime::fromSecsSinceEpoch(1800000000, Qt::UTC));
            QCOMPARE(result.notBefore, QDateTime::fromSecsSinceEpoch(1800000000, Qt::UTC));
            QCOMPARE(result.subject, QStringLiteral("u1"));
            QCOMPARE(result.audiences, (QStringList {QStringLiteral("api"), QStringLiteral("c1")}));
            QCOMPARE(result.issuer, QStringLiteral("https://id.example.test"));
            QCOMPARE(result.jwtId, QStringLiteral("j1"));
        }
    }

    void userInfo_data()
    {
        QTest::addColumn<Reply>("answer");
        QTest::addColumn<QString>("errorCode");
        QTest::newRow("userinfo-ok") << reply(200, R"({"sub":"u1","email":"u1@example.test"})") << QString();
        QTest::newRow("userinfo-bad-sub")
            << reply(200, R"({"sub":"someone-else"})") << QStringLiteral("userinfo-bad-sub");
        QTest::newRow("userinfo-missing-sub")
            << reply(200, R"({"email":"u1@example.test"})") << QStringLiteral("missing-sub");
        QTest::newRow("invalid-token-401") << reply(401, {}, "text/plain",
            {{"WWW-Authenticate", R"(Bearer error="invalid_token", error_description="token expired")"}})
                                           << QStringLiteral("invalid_token");
        QTest::newRow("non-json") << reply(200, "sub=u1", "text/plain") << QStringLiteral("non_json");
        QTest::newRow("encrypted-jwt")
            << reply(200, "a.b.c.d.e", "application/jwt") << QStringLiteral("encrypted_response");
    }

    void userInfo()
    {
        QFETCH(Reply, answer);
        QFETCH(QString, errorCode);
        Scripted s;
        QVERIFY(s.start());
        s.server.enqueue(answer);
        Answer<UserInfoOutcome> received;
        s.endpoints.userInfo(s.config, QStringLiteral("Bearer"), QStringLiteral("at-1"), QStringLiteral("u1"),
            this, received.handler());
        QTRY_VERIFY(received.value.has_value());
        QCOMPARE(received.value->error.code, errorCode);
        QCOMPARE(received.value->ok(), errorCode.isEmpty());
        if (!errorCode.isEmpty())
            QVERIFY(!received.value->error.isNull());
        else
            QVERIFY(received.value->subjectChecked);
        if (errorCode == QLatin1String("invalid_token"))
            QVERIFY(received.value->error.detail.contains(QLatin1String("token expired")));
        // RFC 6750 §2.1: the token in the header, never in the URL.
        const auto& request = s.server.requests().first();
        QCOMPARE(request.method, QByteArray("GET"));
        QCOMPARE(request.headers.value("authorization"), QByteArray("Bearer at-1"));
        QVERIFY(!request.target.contains("at-1"));
    }

    // OIDC Core §5.3.2: a signed (application/jwt) answer, checked with the provider's keys.
    void signedUserInfo_data()
    {
        QTest::addColumn<QJsonObject>("changes"); // merged into {sub: u1, iss, aud}
        QTest::addColumn<bool>("otherKey");
        QTest::addColumn<QString>("errorCode");
        QTest::newRow("signed-userinfo-verified") << QJsonObject {} << false << QString();
        QTest::newRow("signed-userinfo-bad-sig") << QJsonObject {} << true << QStringLiteral("bad-sig");
        QTest::newRow("signed-userinfo-bad-sub")
            << QJsonObject {{QStringLiteral("sub"), QStringLiteral("u2")}} << false
            << QStringLiteral("userinfo-bad-sub");
        QTest::newRow("signed-userinfo-invalid-aud")
            << QJsonObject {{QStringLiteral("aud"), QStringLiteral("someone-else")}} << false
            << QStringLiteral("invalid-aud");
        QTest::newRow("signed-userinfo-invalid-iss")
            << QJsonObject {{QStringLiteral("iss"), QStringLiteral("https://evil.example.test")}} << false
            << QStringLiteral("invalid-iss");
    }

    void signedUserInfo()
    {
        using namespace Tokenscope::Tests::Signing;
        QFETCH(QJsonObject, changes);
        QFETCH(bool, otherKey);
        QFETCH(QString, errorCode);
        const PKey key = rsaKey();
        const PKey intruder = rsaKey();
        QVERIFY(key && intruder);
        Scripted s;
        QVERIFY(s.start());
        s.config.jwksUri = s.server.url(QStringLiteral("/jwks"));
        QJsonObject claims {{QStringLiteral("sub"), QStringLiteral("u1")},
            {QStringLiteral("iss"), s.config.issuer}, {QStringLiteral("aud"), s.config.clientId},
            {QStringLiteral("email"), QStringLiteral("u1@example.test")}};
        for (auto it = changes.begin(); it != changes.end(); ++it)
            claims.insert(it.key(), it.value());
        s.server.enqueue(reply(200,
            signedJwt(otherKey ? intruder.get() : key.get(), QStringLiteral("k1"), claims).toLatin1(),
            "application/jwt"));
        s.server.enqueue(reply(200, jwks({publicJwk(key.get(), QStringLiteral("k1"))})));
        Answer<UserInfoOutcome> received;
        s.endpoints.userInfo(
            s.config, {}, QStringLiteral("at-1"), QStringLiteral("u1"), this, received.handler());
        QTRY_VERIFY_WITH_TIMEOUT(received.value.has_value(), 10000);
        QCOMPARE(received.value->error.code, errorCode);
        if (errorCode.isEmpty()) {
            QCOMPARE(received.value->signature, UserInfoOutcome::Signature::Verified);
            QCOMPARE(received.value->claims->value(QLatin1String("email")).toString(),
                QStringLiteral("u1@example.test"));
        } else {
            QVERIFY(!received.value->error.isNull());
        }
    }

    // A signed UserInfo answer without a JWKS URI to check it with: the claims, marked not verified.
    void signedUserInfoWithoutKeys()
    {
        Scripted s;
        QVERIFY(s.start());
        const QByteArray payload
            = QByteArray("{\"sub\":\"u1\",\"iss\":\"https:/"
                         "/id.example.test\"}")
                  .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        const QByteArray header
            = QByteArray(R"({"alg":"RS256"})")
                  .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
        s.server.enqueue(reply(200, header + '.' + payload + ".c2ln", "application/jwt"));
        Answer<UserInfoOutcome> received;
        s.endpoints.userInfo(
            s.config, {}, QStringLiteral("at-1"), QStringLiteral("u1"), this, received.handler());
        QTRY_VERIFY(received.value.has_value());
        QVERIFY2(received.value->ok(), qPrintable(received.value->error.toText()));
        QCOMPARE(received.value->signature, UserInfoOutcome::Signature::NotVerified);
    }

    void endSessionUrlShape()
    {
        ClientConfig config;
        config.clientId = QStringLiteral("my app");
        config.endSessionEndpoint = QUrl(QStringLiteral("https://id.example.test/logout?p=B2C_1_signin"));
        const QUrl url = endSessionUrl(config, QStringLiteral("eyJ.a+b.c"),
            QUrl(QStringLiteral("http://127.0.0.1:8080/logged-out")), QStringLiteral("s/1"));
        QCOMPARE(url.toString(QUrl::FullyEncoded),
            QStringLiteral(
                "https://id.example.test/logout?p=B2C_1_signin&id_token_hint=eyJ.a%2Bb.c"
                "&client_id=my%20app&post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Flogged-out"
                "&state=s%2F1"));
        QVERIFY(!endSessionUrl(ClientConfig {}, QStringLiteral("x"), {}, {}).isValid());
    }

    void withoutEndpointsNothingIsSent()
    {
        Scripted s;
        QVERIFY(s.start());
        s.config.revocationEndpoint.clear();
        s.config.introspectionEndpoint.clear();
        s.config.userinfoEndpoint.clear();
        Answer<RevocationOutcome> revoked;
        Answer<IntrospectionOutcome> introspected;
        Answer<UserInfoOutcome> received;
        s.endpoints.revoke(s.config, {}, QStringLiteral("t"), TokenEndpoints::TokenHint::AccessToken, this,
            revoked.handler());
        s.endpoints.introspect(s.config, {}, QStringLiteral("t"), this, introspected.handler());
        s.endpoints.userInfo(s.config, {}, QStringLiteral("t"), {}, this, received.handler());
        QVERIFY(!revoked.value && !introspected.value && !received.value); // never before returning
        QTRY_VERIFY(revoked.value && introspected.value && received.value);
        QCOMPARE(revoked.value->error.code, QStringLiteral("no_endpoint"));
        QCOMPARE(introspected.value->error.code, QStringLiteral("no_endpoint"));
        QCOMPARE(received.value->error.code, QStringLiteral("no_endpoint"));
        QVERIFY(s.server.requests().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTokenEndpoints)
#include "tst_tokenendpoints.moc"
