#include "authorizationcodeflow.h"
#include "instantloginagent.h"
#include "loopbackloginagent.h"
#include "oauthharness.h"
#include "scriptedbrowser.h"
#include "signing.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;
using Tokenscope::Tests::InstantLoginAgent;
using Tokenscope::Tests::OidcFixture;
using Tokenscope::Tests::reply;
using Tokenscope::Tests::ScriptedBrowser;
using Tokenscope::Tests::ScriptedServer;
using namespace Tokenscope::Tests::Signing;

Q_DECLARE_METATYPE(Tokenscope::Error)
Q_DECLARE_METATYPE(Tokenscope::Tests::ScriptedServer::Reply)

namespace {

const QString issuer = QStringLiteral("https://login.example.test/realms/main");
const QString clientId = QStringLiteral("tokenscope-test");

QStringList notes(const Http::FlowLog& log)
{
    QStringList result;
    for (const Http::FlowEvent& event : log.events()) {
        if (event.kind == Http::FlowEvent::Kind::Note)
            result << event.summary;
    }
    return result;
}

} // namespace

// The ID token's signature after the code exchange (OIDC Core §3.1.3.7 items 6-8, §10.1.1, RFC 8725),
// docs/oauth-client-rules.md cases 23, 24, 26 and 29 end to end through AuthorizationCodeFlow: scripted
// token and JWKS endpoints, tokens signed at test time; and the real provider's RS256 ID token.
class TestIdTokenVerification final : public QObject
{
    Q_OBJECT

private:
    PKey m_rsa;
    PKey m_rsa2;
    OidcFixture m_fixture;

    enum class Signing { Rs256Key1, Rs256Key2, None, Hs256WithPublicKey };

    QString idToken(const QString& alg, const QString& kid, Signing signing, const QString& nonce) const
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QJsonObject claims {{QStringLiteral("iss"), issuer},
            {QStringLiteral("sub"), QStringLiteral("alice")}, {QStringLiteral("aud"), clientId},
            {QStringLiteral("iat"), now}, {QStringLiteral("exp"), now + 300},
            {QStringLiteral("nonce"), nonce}};
        QJsonObject header {{QStringLiteral("alg"), alg}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
        if (!kid.isEmpty())
            header.insert(QStringLiteral("kid"), kid);
        const QString input = part(header) + QLatin1Char('.') + part(claims);
        QByteArray signature;
        switch (signing) {
        case Signing::Rs256Key1:
            signature = signRs256(m_rsa.get(), input.toLatin1());
            break;
        case Signing::Rs256Key2:
            signature = signRs256(m_rsa2.get(), input.toLatin1());
            break;
        case Signing::None:
            break;
        case Signing::Hs256WithPublicKey:
            signature = QMessageAuthenticationCode::hash(
                input.toLatin1(), publicPem(m_rsa.get()), QCryptographicHash::Sha256);
            break;
        }
        return input + QLatin1Char('.') + b64(signature);
    }

    // A public client of the made-up provider, its token endpoint and (when given) its key set on
    // scripted servers.
    static ClientConfig scriptedConfig(
        const ScriptedServer& tokenServer, const ScriptedServer* jwksServer, const QString& scope)
    {
        ClientConfig config;
        config.issuer = issuer;
        config.authorizationEndpoint = QUrl(issuer + QStringLiteral("/auth"));
        config.tokenEndpoint = tokenServer.url(QStringLiteral("/token"));
        if (jwksServer)
            config.jwksUri = jwksServer->url(QStringLiteral("/jwks"));
        config.clientId = clientId;
        config.scope = scope;
        config.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
        config.clientAuthentication = ClientAuthentication::None;
        return config;
    }

    // Each sign-in of agent gets tokens from tokenServer with an ID token for its nonce, RS256 with key-1.
    void answerWithIdToken(InstantLoginAgent& agent, ScriptedServer& tokenServer) const
    {
        agent.setOnStart([this, &tokenServer](const QUrlQuery& request) {
            const QJsonObject body {{QStringLiteral("access_token"), QStringLiteral("at-1")},
                {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                {QStringLiteral("id_token"),
                    idToken(QStringLiteral("RS256"), QStringLiteral("key-1"), Signing::Rs256Key1,
                        request.queryItemValue(QStringLiteral("nonce")))}};
            tokenServer.enqueue(reply(200, QJsonDocument(body).toJson(QJsonDocument::Compact)));
        });
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<Tokenscope::Error>();
        m_rsa = rsaKey();
        m_rsa2 = rsaKey();
        QVERIFY(m_rsa && m_rsa2);
    }

    void signInChecksTheSignature_data()
    {
        QTest::addColumn<QString>("alg");
        QTest::addColumn<QString>("kid");
        QTest::addColumn<int>("signing");
        QTest::addColumn<QString>("nonceOverride"); // empty: the sign-in's own nonce
        QTest::addColumn<bool>("withJwksUri");
        QTest::addColumn<QList<ScriptedServer::Reply>>("jwksReplies");
        QTest::addColumn<QString>("expectedError"); // empty: success
        QTest::addColumn<int>("expectedFetches");
        QTest::addColumn<QString>("expectedNote");

        const QString rs256 = QStringLiteral("RS256");
        const QString k1 = QStringLiteral("key-1");
        const QString k2 = QStringLiteral("key-2");
        const int key1 = int(Signing::Rs256Key1);
        const int key2 = int(Signing::Rs256Key2);
        const auto set1 = reply(200, jwks({publicJwk(m_rsa.get(), k1)}));
        const auto set12 = reply(200, jwks({publicJwk(m_rsa.get(), k1), publicJwk(m_rsa2.get(), k2)}));
        const QString verified = QStringLiteral("ID token signature verified (RS256, key key-1)");
        using Replies = QList<ScriptedServer::Reply>;

        QTest::newRow("valid") << rs256 << k1 << key1 << QString() << true << Replies {set1} << QString() << 1
                               << verified;
        // 23. bad-sig: the kid of the published key, the signature of another.
        QTest::newRow("bad-sig") << rs256 << k1 << key2 << QString() << true << Replies {set1}
                                 << QStringLiteral("bad-sig") << 1 << QString();
        // 24. alg-none, alternate-alg; 29. HS256 with the RSA public key as the shared secret.
        QTest::newRow("alg-none") << QStringLiteral("none") << k1 << int(Signing::None) << QString() << true
                                  << Replies {set1} << QStringLiteral("alg-none") << 1 << QString();
        QTest::newRow("alternate-alg")
            << QStringLiteral("HS256") << k1 << int(Signing::Hs256WithPublicKey) << QString() << true
            << Replies {set1} << QStringLiteral("alternate-alg") << 1 << QString();
        // 26. signing-key-rotation: the first key set lacks the kid, the second has it.
        QTest::newRow("signing-key-rotation")
            << rs256 << k2 << key2 << QString() << true << Replies {set1, set12} << QString() << 2
            << QStringLiteral("ID token signature verified (RS256, key key-2)");
        QTest::newRow("signing-key-rotation-still-unknown")
            << rs256 << k2 << key2 << QString() << true << Replies {set1, set1}
            << QStringLiteral("signing-key-rotation") << 2 << QString();
        // 25. kid-absent with a single key: that key is tried.
        QTest::newRow("kid-absent-single-key") << rs256 << QString() << key1 << QString() << true
                                               << Replies {set1} << QString() << 1 << verified;
        // The claims are still checked after a valid signature.
        QTest::newRow("nonce-invalid") << rs256 << k1 << key1 << QStringLiteral("another sign-in") << true
                                       << Replies {set1} << QStringLiteral("nonce-invalid") << 1 << verified;

        // The key set itself cannot be had: each failure says what went wrong.
        QTest::newRow("jwks-http-500")
            << rs256 << k1 << key1 << QString() << true << Replies {reply(500, R"({"error":"server_error"})")}
            << QStringLiteral("http_error") << 1 << QString();
        ScriptedServer::Reply html = reply(200, "<html><body>Sign in to the portal</body></html>");
        html.contentType = "text/html";
        QTest::newRow("jwks-html") << rs256 << k1 << key1 << QString() << true << Replies {html}
                                   << QStringLiteral("html_body") << 1 << QString();
        ScriptedServer::Reply silent;
        silent.neverAnswer = true;
        QTest::newRow("jwks-timeout") << rs256 << k1 << key1 << QString() << true << Replies {silent}
                                      << QStringLiteral("timeout") << 1 << QString();
        QTest::newRow("jwks-not-a-key-set")
            << rs256 << k1 << key1 << QString() << true << Replies {reply(200, R"({"issuer":"x"})")}
            << QStringLiteral("not_a_key_set") << 1 << QString();

        // No JWKS URI: the sign-in succeeds on the claims, and the log says what was not checked.
        QTest::newRow("no-jwks-uri") << rs256 << k1 << key1 << QString() << false << Replies {} << QString()
                                     << 0
                                     << QStringLiteral(
                                            "ID token signature not checked: no JWKS URI (use Discover)");
    }

    void signInChecksTheSignature()
    {
        QFETCH(QString, alg);
        QFETCH(QString, kid);
        QFETCH(int, signing);
        QFETCH(QString, nonceOverride);
        QFETCH(bool, withJwksUri);
        QFETCH(QList<ScriptedServer::Reply>, jwksReplies);
        QFETCH(QString, expectedError);
        QFETCH(int, expectedFetches);
        QFETCH(QString, expectedNote);

        ScriptedServer tokenServer;
        ScriptedServer jwksServer;
        QVERIFY(tokenServer.start());
        QVERIFY(jwksServer.start());
        for (const auto& reply : jwksReplies)
            jwksServer.enqueue(reply);

        InstantLoginAgent agent;
        agent.setOnStart([&](const QUrlQuery& request) {
            const QString nonce
                = nonceOverride.isEmpty() ? request.queryItemValue(QStringLiteral("nonce")) : nonceOverride;
            const QJsonObject body {{QStringLiteral("access_token"), QStringLiteral("at-1")},
                {QStringLiteral("token_type"), QStringLiteral("Bearer")}, {QStringLiteral("expires_in"), 300},
                {QStringLiteral("id_token"), idToken(alg, kid, Signing(signing), nonce)}};
            tokenServer.enqueue(reply(200, QJsonDocument(body).toJson(QJsonDocument::Compact)));
        });
        const ClientConfig config = scriptedConfig(
            tokenServer, withJwksUri ? &jwksServer : nullptr, QStringLiteral("openid profile"));

        Tests::FlowEngine engine;
        engine.keys.setTimeout(std::chrono::milliseconds(500));
        AuthorizationCodeFlow flow(config, {}, &agent, &engine.tokenClient, &engine.keys, &engine.log);
        QSignalSpy succeeded(&flow, &AuthorizationCodeFlow::succeeded);
        QSignalSpy failed(&flow, &AuthorizationCodeFlow::failed);
        flow.start();
        QTRY_COMPARE_WITH_TIMEOUT(succeeded.size() + failed.size(), 1, 10000);

        if (expectedError.isEmpty()) {
            if (!failed.isEmpty())
                QFAIL(qPrintable(failed.first().at(0).value<Error>().code + QStringLiteral(": ")
                    + failed.first().first().value<Error>().toText()));
            QCOMPARE(succeeded.first().first().value<TokenSet>().accessToken, QStringLiteral("at-1"));
        } else {
            QCOMPARE(succeeded.size(), 0);
            QCOMPARE(failed.first().at(0).value<Error>().code, expectedError);
            const Error error = failed.first().first().value<Error>();
            QVERIFY(!error.summary.isEmpty());
            QVERIFY(!error.hint.isEmpty());
        }
        QCOMPARE(jwksServer.requests().size(), expectedFetches);
        for (const auto& request : jwksServer.requests()) {
            QCOMPARE(request.method, QByteArray("GET"));
            QCOMPARE(request.target, QByteArray("/jwks"));
        }
        if (!expectedNote.isEmpty())
            QVERIFY2(notes(engine.log).contains(expectedNote), qPrintable(notes(engine.log).join(u'\n')));
        // Never both: a failed signature is not followed by a claims verdict, nor a success note.
        if (!expectedError.isEmpty() && expectedNote.isEmpty()) {
            for (const QString& note : notes(engine.log))
                QVERIFY2(!note.startsWith(QLatin1String("ID token signature verified")), qPrintable(note));
        }
    }

    // The key set is fetched once per session and URI, not at every sign-in.
    void keySetIsCachedForTheSession()
    {
        ScriptedServer tokenServer;
        ScriptedServer jwksServer;
        QVERIFY(tokenServer.start());
        QVERIFY(jwksServer.start());
        jwksServer.enqueue(reply(200, jwks({publicJwk(m_rsa.get(), QStringLiteral("key-1"))})));
        InstantLoginAgent agent;
        answerWithIdToken(agent, tokenServer);
        const ClientConfig config = scriptedConfig(tokenServer, &jwksServer, QStringLiteral("openid"));

        Tests::FlowEngine engine;
        for (int attempt = 0; attempt < 2; ++attempt) {
            AuthorizationCodeFlow flow(config, {}, &agent, &engine.tokenClient, &engine.keys, nullptr);
            QSignalSpy succeeded(&flow, &AuthorizationCodeFlow::succeeded);
            QSignalSpy failed(&flow, &AuthorizationCodeFlow::failed);
            flow.start();
            QTRY_COMPARE(succeeded.size() + failed.size(), 1);
            QCOMPARE(succeeded.size(), 1);
        }
        QCOMPARE(tokenServer.requests().size(), 2);
        QCOMPARE(jwksServer.requests().size(), 1);
    }

    // Cancelling while the keys are on their way: a cancel, and the late key set changes nothing.
    void cancelWhileFetchingKeys()
    {
        ScriptedServer tokenServer;
        ScriptedServer jwksServer;
        QVERIFY(tokenServer.start());
        QVERIFY(jwksServer.start());
        ScriptedServer::Reply held = reply(200, jwks({publicJwk(m_rsa.get(), QStringLiteral("key-1"))}));
        held.held = true;
        jwksServer.enqueue(held);
        InstantLoginAgent agent;
        answerWithIdToken(agent, tokenServer);
        const ClientConfig config = scriptedConfig(tokenServer, &jwksServer, QStringLiteral("openid"));

        Tests::FlowEngine engine;
        AuthorizationCodeFlow flow(config, {}, &agent, &engine.tokenClient, &engine.keys, &engine.log);
        QSignalSpy succeeded(&flow, &AuthorizationCodeFlow::succeeded);
        QSignalSpy failed(&flow, &AuthorizationCodeFlow::failed);
        QSignalSpy cancelled(&flow, &AuthorizationCodeFlow::cancelled);
        flow.start();
        QTRY_COMPARE(jwksServer.requests().size(), 1);
        flow.cancel();
        QCOMPARE(cancelled.size(), 1);
        jwksServer.releaseHeld();
        // The key set arrives but the flow stays cancelled.
        QTRY_VERIFY(std::any_of(
            engine.log.events().cbegin(), engine.log.events().cend(), [](const Http::FlowEvent& event) {
                return event.kind == Http::FlowEvent::Kind::HttpResponse
                    && event.url.path() == QLatin1String("/jwks");
            }));
        QCoreApplication::processEvents();
        QCOMPARE(succeeded.size() + failed.size(), 0);
        QCOMPARE(cancelled.size(), 1);
    }

    // The real provider (oidc-provider, RS256 by default) through the system-browser agent: its ID token
    // verifies against its own jwks_uri.
    void realProviderIdTokenVerifies()
    {
        QString error;
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
        const ClientConfig config = Tests::fixtureConfig(m_fixture, QStringLiteral("tokenscope-demo"));

        ScriptedBrowser browser;
        LoopbackLoginAgent agent([&browser](const QUrl& url) {
            browser.open(url);
            return true;
        });
        Tests::FlowEngine engine;
        AuthorizationCodeFlow flow(config, {}, &agent, &engine.tokenClient, &engine.keys, &engine.log);
        QSignalSpy succeeded(&flow, &AuthorizationCodeFlow::succeeded);
        QSignalSpy failed(&flow, &AuthorizationCodeFlow::failed);
        flow.start();
        QTRY_COMPARE_WITH_TIMEOUT(succeeded.size() + failed.size(), 1, 30000);
        if (!failed.isEmpty())
            QFAIL(qPrintable(failed.first().first().value<Error>().toText()));
        QVERIFY(!succeeded.first().first().value<TokenSet>().idToken.isEmpty());
        const QStringList all = notes(engine.log);
        const auto verified = std::find_if(all.cbegin(), all.cend(), [](const QString& note) {
            return note.startsWith(QLatin1String("ID token signature verified (RS256, key "));
        });
        QVERIFY2(verified != all.cend(), qPrintable(all.join(u'\n')));
        QVERIFY(all.contains(QStringLiteral("ID token claims checked (issuer, audience, expiry, nonce)")));
    }
};

QTEST_GUILESS_MAIN(TestIdTokenVerification)
#include "tst_idtokenverification.moc"
