#include "jwt.h"
#include "loopbackloginagent.h"
#include "memorysecretstore.h"
#include "oauthharness.h"
#include "provideractions.h"
#include "scriptedbrowser.h"
#include "secretcall.h"
#include "tokensession.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUrlQuery>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;
using Tokenscope::Tests::Answer;
using Tokenscope::Tests::OidcFixture;
using Tokenscope::Tests::reply;
using Tokenscope::Tests::ScriptedBrowser;
using Tokenscope::Tests::ScriptedServer;

Q_DECLARE_METATYPE(Tokenscope::Error)
Q_DECLARE_METATYPE(Tokenscope::Tests::ScriptedServer::Reply)

namespace {

using Reply = ScriptedServer::Reply;

const QString environmentId = QStringLiteral("env-endpoints");

} // namespace

// The provider actions on a session's tokens: revocation that always forgets (RFC 7009), introspection
// (RFC 7662), UserInfo with one refresh on invalid_token (OIDC Core §5.3, RFC 6750 §3.1) and the
// RP-initiated logout URL; against the real oidc-provider after a real sign-in, and against a scripted
// server. The endpoints' own answers are in tst_tokenendpoints.
class TestProviderActions final : public QObject
{
    Q_OBJECT

private:
    OidcFixture m_fixture;
    ClientConfig m_fixtureConfig; // the public demo client, endpoints from discovery

    using Scripted = Tests::ScriptedEndpoints;

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<Tokenscope::Error>();
        QStandardPaths::setTestModeEnabled(true);
        QString error;
        QVERIFY2(m_fixture.start(&error), qPrintable(error));

        ClientConfig base;
        base.clientId = QStringLiteral("tokenscope-demo");
        base.clientAuthentication = ClientAuthentication::None;
        base.scope = QStringLiteral("openid profile email offline_access demo.read");
        base.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
        Http::NetworkClient network;
        const std::optional<ClientConfig> discovered
            = Tests::discoveredConfig(m_fixture, base, &network, &error);
        QVERIFY2(discovered, qPrintable(error));
        m_fixtureConfig = *discovered;
        QVERIFY(!m_fixtureConfig.revocationEndpoint.isEmpty());
        QVERIFY(!m_fixtureConfig.introspectionEndpoint.isEmpty());
        QVERIFY(!m_fixtureConfig.userinfoEndpoint.isEmpty());
        QVERIFY(!m_fixtureConfig.endSessionEndpoint.isEmpty());
    }

    // A whole life at the real provider: sign in, introspect, UserInfo, the logout URL, revoke.
    void fixtureSignInIntrospectUserInfoRevoke()
    {
        ScriptedBrowser browser;
        LoopbackLoginAgent agent([&browser](const QUrl& url) {
            browser.open(url);
            return true;
        });
        Tests::FlowEngine engine;
        TokenEndpoints endpoints(&engine.network, &engine.keys);
        Secrets::MemorySecretStore secrets;
        TokenSession session(
            environmentId, m_fixtureConfig, &secrets, &engine.tokenClient, &engine.keys, &engine.log);
        auto* actions = new ProviderActions(&session, &endpoints);

        QSignalSpy signedIn(&session, &TokenSession::signInFinished);
        session.signIn(&agent);
        QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 30000);
        QVERIFY2(signedIn.first().first().value<Error>().isNull(),
            qPrintable(signedIn.first().first().value<Error>().toText()));
        const TokenSet tokens = session.tokens();
        QVERIFY(!tokens.refreshToken.isEmpty());
        const auto idToken = Jwt::decode(tokens.idToken);
        QVERIFY(idToken);
        const QString subject = idToken->payload.value(QLatin1String("sub")).toString();
        QVERIFY(!subject.isEmpty());

        // Introspection of the access token: active, with its scope and subject (RFC 7662 §2.2).
        Answer<IntrospectionOutcome> introspected;
        actions->introspect(this, introspected.handler());
        QTRY_VERIFY_WITH_TIMEOUT(introspected.value.has_value(), 10000);
        QVERIFY2(introspected.value->ok(), qPrintable(introspected.value->error.toText()));
        const IntrospectionResult& active = *introspected.value->result;
        QVERIFY(active.active);
        QVERIFY2(active.scope.split(QLatin1Char(' ')).contains(QStringLiteral("demo.read")),
            qPrintable(active.scope));
        QCOMPARE(active.subject, subject);
        QCOMPARE(active.clientId, QStringLiteral("tokenscope-demo"));
        QVERIFY(active.expiresAt.isValid());

        // UserInfo: the same sub as the ID token, and the email scope's claims.
        Answer<UserInfoOutcome> userInfo;
        actions->fetchUserInfo(this, userInfo.handler());
        QTRY_VERIFY_WITH_TIMEOUT(userInfo.value.has_value(), 10000);
        QVERIFY2(userInfo.value->ok(), qPrintable(userInfo.value->error.toText()));
        QVERIFY(userInfo.value->subjectChecked);
        QCOMPARE(userInfo.value->signature, UserInfoOutcome::Signature::None);
        QCOMPARE(userInfo.value->claims->value(QLatin1String("sub")).toString(), subject);
        QVERIFY(userInfo.value->claims->value(QLatin1String("email"))
                    .toString()
                    .endsWith(QLatin1String("@example.test")));
        QVERIFY(userInfo.value->claims->value(QLatin1String("email_verified")).toBool());

        // RP-initiated logout: the URL carries the ID token hint, the client and the state, and the
        // provider accepts it (it answers with its logout confirmation page).
        const QUrl logout = actions->endSessionUrl({}, QStringLiteral("st-1"));
        QCOMPARE(logout.adjusted(QUrl::RemoveQuery), m_fixtureConfig.endSessionEndpoint);
        const QUrlQuery query(logout);
        QCOMPARE(query.queryItemValue(QStringLiteral("id_token_hint")), tokens.idToken);
        QCOMPARE(query.queryItemValue(QStringLiteral("client_id")), QStringLiteral("tokenscope-demo"));
        QCOMPARE(query.queryItemValue(QStringLiteral("state")), QStringLiteral("st-1"));
        QVERIFY(!query.hasQueryItem(QStringLiteral("post_logout_redirect_uri")));
        {
            QNetworkAccessManager manager;
            QNetworkReply* page = manager.get(QNetworkRequest(logout));
            QSignalSpy done(page, &QNetworkReply::finished);
            QVERIFY(done.wait(10000));
            QCOMPARE(page->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            QVERIFY(page->readAll().contains("<form"));
            page->deleteLater();
        }

        // Revoke and forget: 200, the tokens and the keychain entry are gone…
        const QString refreshKey = Secrets::secretKey(environmentId, QStringLiteral("refresh_token"));
        QTRY_COMPARE(secrets.value(refreshKey), tokens.refreshToken);
        QSignalSpy revoked(actions, &ProviderActions::revocationFinished);
        actions->revokeAndForget();
        QTRY_COMPARE_WITH_TIMEOUT(revoked.size(), 1, 10000);
        QVERIFY2(revoked.first().first().value<Error>().isNull(),
            qPrintable(revoked.first().first().value<Error>().toText()));
        QVERIFY(!session.tokens().hasAccessToken());
        QTRY_VERIFY(secrets.value(refreshKey).isEmpty());

        // …and the provider says so: the refresh token is no longer active.
        Answer<IntrospectionOutcome> afterRevoke;
        endpoints.introspect(m_fixtureConfig, {}, tokens.refreshToken, this, afterRevoke.handler());
        QTRY_VERIFY_WITH_TIMEOUT(afterRevoke.value.has_value(), 10000);
        QVERIFY2(afterRevoke.value->ok(), qPrintable(afterRevoke.value->error.toText()));
        QVERIFY(!afterRevoke.value->result->active);
    }

    // docs/oauth-client-rules.md case 39: the keychain entry goes whatever the provider answers.
    void revokeAndForgetAlwaysForgets_data()
    {
        QTest::addColumn<Reply>("answer");
        QTest::addColumn<bool>("succeeds");
        QTest::newRow("revoke-unknown-token-200") << reply(200, {}) << true;
        QTest::newRow("revoke-503-still-valid") << reply(503, {}, "text/plain") << false;
    }

    void revokeAndForgetAlwaysForgets()
    {
        QFETCH(Reply, answer);
        QFETCH(bool, succeeds);
        Scripted s;
        QVERIFY(s.start());
        s.config.clientAuthentication = ClientAuthentication::None;
        s.server.enqueue(answer);
        TokenClient tokenClient(&s.network);
        Secrets::MemorySecretStore secrets;
        TokenSession session(environmentId, s.config, &secrets, &tokenClient, &s.keys, &s.log);
        auto* actions = new ProviderActions(&session, &s.endpoints);
        const QString refreshKey = Secrets::secretKey(environmentId, QStringLiteral("refresh_token"));
        QVERIFY(Tests::writeSecret(&secrets, refreshKey, QStringLiteral("rt-from-keychain")).ok());

        QSignalSpy revoked(actions, &ProviderActions::revocationFinished);
        actions->revokeAndForget();
        QTRY_COMPARE(revoked.size(), 1);
        const Error error = revoked.first().first().value<Error>();
        QCOMPARE(error.isNull(), succeeds);
        if (!succeeds)
            QVERIFY2(error.summary.contains(QLatin1String("still valid")), qPrintable(error.summary));
        // After a restart the refresh token is only in the keychain: that is the one revoked.
        QCOMPARE(s.server.requests().size(), 1);
        QCOMPARE(s.server.requests().first().body,
            QByteArray("token=rt-from-keychain&token_type_hint=refresh_token&client_id=client%20id%3A1"));
        QTRY_VERIFY(!secrets.contains(refreshKey));
        QCOMPARE(session.state(), TokenSession::State::SignedOut);
    }

    // With tokens in memory: the refresh token is revoked first, then the access token (RFC 7009 §2.1:
    // not every server ends a grant's access tokens with its refresh token), before they are forgotten.
    void revokesRefreshThenAccessToken_data()
    {
        QTest::addColumn<QList<Reply>>("answers");
        QTest::addColumn<int>("revocations");
        QTest::addColumn<QString>("done");
        QTest::addColumn<QString>("errorSummary");
        QTest::newRow("both revoked")
            << QList<Reply> {reply(200, {}), reply(200, {})} << 2
            << QStringLiteral("Refresh and access tokens revoked at the provider") << QString();
        QTest::newRow("access token not revocable")
            << QList<Reply> {reply(200, {}), reply(400, R"({"error":"unsupported_token_type"})")} << 2
            << QString()
            << QStringLiteral("The refresh token was revoked, but the access token may still be valid");
        QTest::newRow("refresh token refused: nothing more sent")
            << QList<Reply> {reply(401, R"({"error":"invalid_client"})")} << 1 << QString()
            << QStringLiteral("still valid at the provider");
    }

    void revokesRefreshThenAccessToken()
    {
        QFETCH(QList<Reply>, answers);
        QFETCH(int, revocations);
        QFETCH(QString, done);
        QFETCH(QString, errorSummary);
        Scripted s;
        QVERIFY(s.start());
        s.config.clientAuthentication = ClientAuthentication::None;
        s.server.enqueue(reply(
            200, R"({"access_token":"at-1","token_type":"Bearer","expires_in":300,"refresh_token":"rt-1"})"));
        for (const Reply& answer : answers)
            s.server.enqueue(answer);
        TokenClient tokenClient(&s.network);
        Secrets::MemorySecretStore secrets;
        TokenSession session(environmentId, s.config, &secrets, &tokenClient, &s.keys, &s.log);
        auto* actions = new ProviderActions(&session, &s.endpoints);
        const QString refreshKey = Secrets::secretKey(environmentId, QStringLiteral("refresh_token"));
        QVERIFY(Tests::writeSecret(&secrets, refreshKey, QStringLiteral("rt-0")).ok());
        QSignalSpy refreshed(&session, &TokenSession::refreshFinished);
        session.refresh();
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(session.tokens().refreshToken, QStringLiteral("rt-1"));

        QSignalSpy revoked(actions, &ProviderActions::revocationFinished);
        actions->revokeAndForget();
        QTRY_COMPARE(revoked.size(), 1);
        const Error error = revoked.first().first().value<Error>();
        QVERIFY2(error.summary.contains(errorSummary), qPrintable(error.summary));
        QCOMPARE(error.isNull(), errorSummary.isEmpty());
        QVERIFY2(
            revoked.first().at(1).toString().contains(done), qPrintable(revoked.first().at(1).toString()));
        const auto& requests = s.server.requests();
        QCOMPARE(requests.size(), 1 + revocations);
        QVERIFY(requests.at(1).body.startsWith("token=rt-1&token_type_hint=refresh_token"));
        if (revocations == 2)
            QVERIFY(requests.at(2).body.startsWith("token=at-1&token_type_hint=access_token"));
        QVERIFY(!session.tokens().hasAccessToken());
        QTRY_VERIFY(!secrets.contains(refreshKey));
    }

    // docs/oauth-client-rules.md case 38 for UserInfo: invalid_token → one refresh and one retry; a second
    // invalid_token is the answer.
    void userInfoInvalidTokenRefreshesOnce_data()
    {
        QTest::addColumn<Reply>("second");
        QTest::addColumn<QString>("errorCode");
        const Reply invalid
            = reply(401, {}, "text/plain", {{"WWW-Authenticate", R"(Bearer error="invalid_token")"}});
        QTest::newRow("invalid-token-then-ok") << reply(200, R"({"sub":"u1"})") << QString();
        QTest::newRow("invalid-token-twice") << invalid << QStringLiteral("invalid_token");
    }

    void userInfoInvalidTokenRefreshesOnce()
    {
        QFETCH(Reply, second);
        QFETCH(QString, errorCode);
        const Reply invalid
            = reply(401, {}, "text/plain", {{"WWW-Authenticate", R"(Bearer error="invalid_token")"}});
        Scripted s;
        QVERIFY(s.start());
        s.config.clientAuthentication = ClientAuthentication::None;
        s.server.enqueue(reply(200, R"({"access_token":"at-1","token_type":"Bearer","expires_in":300})"));
        s.server.enqueue(invalid);
        s.server.enqueue(reply(200, R"({"access_token":"at-2","token_type":"Bearer","expires_in":300})"));
        s.server.enqueue(second);
        s.server.enqueue(reply(500, "unexpected request"));
        TokenClient tokenClient(&s.network);
        Secrets::MemorySecretStore secrets;
        TokenSession session(environmentId, s.config, &secrets, &tokenClient, &s.keys, &s.log);
        auto* actions = new ProviderActions(&session, &s.endpoints);
        const QString refreshKey = Secrets::secretKey(environmentId, QStringLiteral("refresh_token"));
        QVERIFY(Tests::writeSecret(&secrets, refreshKey, QStringLiteral("rt-1")).ok());
        Answer<UserInfoOutcome> received;
        actions->fetchUserInfo(this, received.handler());
        QTRY_VERIFY(received.value.has_value());
        QCOMPARE(received.value->error.code, errorCode);
        // token, userinfo (at-1), token, userinfo (at-2): one refresh, one retry, no loop.
        const auto& requests = s.server.requests();
        QCOMPARE(requests.size(), 4);
        QCOMPARE(requests.at(1).headers.value("authorization"), QByteArray("Bearer at-1"));
        QVERIFY(requests.at(2).body.startsWith("grant_type=refresh_token"));
        QCOMPARE(requests.at(3).headers.value("authorization"), QByteArray("Bearer at-2"));
    }

    // Nothing to ask about, or nowhere to ask: a readable answer, later, and nothing sent.
    void withoutTokenOrEndpoint()
    {
        Scripted s;
        QVERIFY(s.start());
        s.config.revocationEndpoint.clear();
        s.config.endSessionEndpoint.clear();
        TokenClient tokenClient(&s.network);
        Secrets::MemorySecretStore secrets;
        TokenSession session(environmentId, s.config, &secrets, &tokenClient, &s.keys, &s.log);
        auto* actions = new ProviderActions(&session, &s.endpoints);

        Answer<IntrospectionOutcome> introspected;
        actions->introspect(this, introspected.handler());
        QVERIFY(!introspected.value); // never before returning
        QTRY_VERIFY(introspected.value);
        QCOMPARE(introspected.value->error.code, QStringLiteral("no_token"));
        QVERIFY(!introspected.value->error.hint.isEmpty());

        QSignalSpy revoked(actions, &ProviderActions::revocationFinished);
        actions->revokeAndForget();
        QTRY_COMPARE(revoked.size(), 1);
        const Error error = revoked.first().first().value<Error>();
        QVERIFY2(error.summary.contains(QLatin1String("not revoked")), qPrintable(error.summary));
        QVERIFY2(
            error.summary.contains(QLatin1String("still valid at the provider")), qPrintable(error.summary));
        QCOMPARE(session.state(), TokenSession::State::SignedOut);

        QVERIFY(!actions->endSessionUrl().isValid());
        QVERIFY(s.server.requests().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProviderActions)
#include "tst_provideractions.moc"
