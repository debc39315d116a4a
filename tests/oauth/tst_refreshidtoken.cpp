#include "flowlog.h"
#include "jwksclient.h"
#include "memorysecretstore.h"
#include "networkclient.h"
#include "scriptedserver.h"
#include "signing.h"
#include "tokenclient.h"
#include "tokensession.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;
using Tokenscope::Tests::ScriptedServer;
using namespace Tokenscope::Tests::Signing;

namespace {

const QString environmentId = QStringLiteral("env-refresh");
const QString issuer = QStringLiteral("https://login.example.test/realms/main");
const QString clientId = QStringLiteral("tokenscope-test");

QString signedIdToken(EVP_PKEY* key, const QJsonObject& claims)
{
    return signedJwt(key, QStringLiteral("k1"), claims);
}

QJsonObject originalClaims()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    return {{QStringLiteral("iss"), issuer}, {QStringLiteral("sub"), QStringLiteral("user-1")},
        {QStringLiteral("aud"), QJsonArray {clientId, QStringLiteral("api")}},
        {QStringLiteral("azp"), clientId}, {QStringLiteral("iat"), now}, {QStringLiteral("exp"), now + 300}};
}

QByteArray tokenBody(const QString& access, const QString& refresh, const QString& idToken)
{
    QJsonObject body {{QStringLiteral("access_token"), access},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")}, {QStringLiteral("expires_in"), 300},
        {QStringLiteral("refresh_token"), refresh}};
    if (!idToken.isEmpty())
        body.insert(QStringLiteral("id_token"), idToken);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace

// Case 31 of OAUTH-CLIENT-RULES.md (OIDC Core §12.2): an ID token from a refresh must be about the same
// user, from the same issuer, for the same client, and properly signed; else nothing of that response is
// used. A scripted token endpoint returns ID tokens signed here; a second scripted server is the JWKS.
class TestRefreshIdToken final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QStandardPaths::setTestModeEnabled(true); }

    void refreshedIdToken_data()
    {
        QTest::addColumn<QJsonObject>("changes"); // merged into the original claims
        QTest::addColumn<bool>("withIdToken");
        QTest::addColumn<bool>("otherKey"); // signed with a key the JWKS does not hold under that kid
        QTest::addColumn<QString>("refusedClaim"); // empty: accepted

        QTest::newRow("refreshed-id-token-ok") << QJsonObject {} << true << false << QString();
        QTest::newRow("refreshed-without-id-token-ok") << QJsonObject {} << false << false << QString();
        QTest::newRow("refreshed-id-token-iss-mismatch")
            << QJsonObject {{QStringLiteral("iss"), QStringLiteral("https://evil.example.test")}} << true
            << false << QStringLiteral("iss");
        QTest::newRow("refreshed-id-token-sub-mismatch")
            << QJsonObject {{QStringLiteral("sub"), QStringLiteral("user-2")}} << true << false
            << QStringLiteral("sub");
        QTest::newRow("refreshed-id-token-aud-mismatch")
            << QJsonObject {{QStringLiteral("aud"), QJsonArray {clientId, QStringLiteral("other-api")}}}
            << true << false << QStringLiteral("aud");
        QTest::newRow("refreshed-id-token-azp-mismatch")
            << QJsonObject {{QStringLiteral("azp"), QStringLiteral("other-client")}} << true << false
            << QStringLiteral("azp");
        QTest::newRow("refreshed-id-token-bad-sig")
            << QJsonObject {} << true << true << QStringLiteral("signature");
    }

    void refreshedIdToken()
    {
        QFETCH(QJsonObject, changes);
        QFETCH(bool, withIdToken);
        QFETCH(bool, otherKey);
        QFETCH(QString, refusedClaim);

        const PKey key = rsaKey();
        const PKey intruder = rsaKey();
        QVERIFY(key && intruder);

        ScriptedServer tokenServer;
        ScriptedServer jwksServer;
        QVERIFY(tokenServer.start());
        QVERIFY(jwksServer.start());
        jwksServer.enqueue({200, "application/json",
            QJsonDocument(QJsonObject {{QStringLiteral("keys"),
                              QJsonArray {publicJwk(key.get(), QStringLiteral("k1"))}}})
                .toJson(QJsonDocument::Compact),
            {}, false});

        const QString original = signedIdToken(key.get(), originalClaims());
        QJsonObject claims = originalClaims();
        for (auto it = changes.begin(); it != changes.end(); ++it)
            claims.insert(it.key(), it.value());
        const QString refreshed = signedIdToken(otherKey ? intruder.get() : key.get(), claims);
        tokenServer.enqueue({200, "application/json",
            tokenBody(QStringLiteral("at-1"), QStringLiteral("rt-2"), original), {}, false});
        tokenServer.enqueue({200, "application/json",
            tokenBody(QStringLiteral("at-2"), QStringLiteral("rt-3"), withIdToken ? refreshed : QString()),
            {}, false});

        Http::FlowLog log;
        Http::NetworkClient network(nullptr);
        network.setFlowLog(&log);
        TokenClient tokens(&network);
        JwksClient keys(&network);
        Secrets::MemorySecretStore secrets;
        ClientConfig config;
        config.issuer = issuer;
        config.tokenEndpoint = tokenServer.url(QStringLiteral("/token"));
        config.jwksUri = jwksServer.url(QStringLiteral("/jwks"));
        config.clientId = clientId;
        config.scope = QStringLiteral("openid offline_access");
        config.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
        config.clientAuthentication = ClientAuthentication::None;
        TokenSession session(environmentId, config, &secrets, &tokens, &keys, &log);
        const QString refreshKey = Secrets::secretKey(environmentId, QStringLiteral("refresh_token"));
        {
            QObject context;
            bool done = false;
            secrets.write(refreshKey, QStringLiteral("rt-1"), &context,
                [&done](const Secrets::SecretResult&) { done = true; });
            QTRY_VERIFY(done);
        }

        // The first refresh brings the original ID token (nothing to compare it with yet).
        QSignalSpy refreshed1(&session, &TokenSession::refreshFinished);
        session.refresh();
        QVERIFY(refreshed1.wait(5000));
        QVERIFY2(refreshed1.first().first().value<Error>().isNull(),
            qPrintable(refreshed1.first().first().value<Error>().toText()));
        QCOMPARE(session.tokens().idToken, original);
        QTRY_COMPARE(secrets.value(refreshKey), QStringLiteral("rt-2"));

        // The second one is the case under test.
        QSignalSpy refreshed2(&session, &TokenSession::refreshFinished);
        session.refresh();
        QVERIFY(refreshed2.wait(5000));
        const Error error = refreshed2.first().first().value<Error>();
        QCOMPARE(tokenServer.requests().size(), 2);
        if (refusedClaim.isEmpty()) {
            QVERIFY2(error.isNull(), qPrintable(error.toText()));
            QCOMPARE(session.tokens().accessToken, QStringLiteral("at-2"));
            QCOMPARE(session.tokens().refreshToken, QStringLiteral("rt-3"));
            // Without a new ID token the sign-in's one still says who this is.
            QCOMPARE(session.tokens().idToken, withIdToken ? refreshed : original);
            QTRY_COMPARE(secrets.value(refreshKey), QStringLiteral("rt-3"));
            return;
        }
        QVERIFY(!error.isNull());
        QVERIFY2(error.summary.contains(refusedClaim), qPrintable(error.summary));
        // Nothing from the refused response is kept: not its access, refresh or ID token.
        QCOMPARE(session.tokens().accessToken, QStringLiteral("at-1"));
        QCOMPARE(session.tokens().refreshToken, QStringLiteral("rt-2"));
        QCOMPARE(session.tokens().idToken, original);
        QCOMPARE(secrets.value(refreshKey), QStringLiteral("rt-2"));
    }
};

QTEST_GUILESS_MAIN(TestRefreshIdToken)
#include "tst_refreshidtoken.moc"
