#include "authorizationcodeflow.h"
#include "loopbackloginagent.h"
#include "oauthharness.h"
#include "scriptedbrowser.h"
#include "signatureverdict.h"
#include "signing.h"
#include "tokeninspection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;
using Tokenscope::Tests::OidcFixture;
using Tokenscope::Tests::reply;
using Tokenscope::Tests::ScriptedBrowser;
using Tokenscope::Tests::ScriptedServer;
using namespace Tokenscope::Tests::Signing;

Q_DECLARE_METATYPE(Tokenscope::OAuth::VerdictStatus)
Q_DECLARE_METATYPE(Tokenscope::Jwt::TokenForm)

namespace {

enum class Tamper { Nothing, Header, Payload, Signature };
enum class Lifetime { Current, Expired, NotYetValid };

// The verifier and the key-set client it runs on, as the application wires them.
struct Verifier
{
    Http::NetworkClient network;
    JwksClient keys {&network};
    SignatureVerifier verifier {&network, &keys};

    SignatureVerdict verify(const QString& token, const KeySource& source)
    {
        std::optional<SignatureVerdict> verdict;
        QObject context;
        verifier.verify(
            token, source, &context, [&verdict](const SignatureVerdict& result) { verdict = result; });
        // Never before returning: one code path for callers.
        if (verdict)
            return notCalledLater();
        if (!QTest::qWaitFor([&verdict] { return verdict.has_value(); }, 15000))
            return notCalledLater();
        return *verdict;
    }

    static SignatureVerdict notCalledLater()
    {
        SignatureVerdict wrong;
        wrong.summary = QStringLiteral("(handler called before verify returned, or never)");
        wrong.status = VerdictStatus::Malformed;
        return wrong;
    }
};

} // namespace

Q_DECLARE_METATYPE(Tamper)
Q_DECLARE_METATYPE(Lifetime)

// The inspector's verdict on a token's signature with the provider's keys, served from a real loopback
// server: every supported algorithm, tampering, a key the set lacks (fetched once more, then refused),
// the algorithms refused before any key is fetched, tokens that have no signature to check, and key
// sets that cannot be had. Then the real provider's tokens.
class TestSignatureVerdict final : public QObject
{
    Q_OBJECT

private:
    PKey m_rsa;
    PKey m_ec256;
    PKey m_ec384;
    PKey m_ed25519;
    OidcFixture m_fixture;

    EVP_PKEY* keyFor(const QString& alg) const
    {
        if (alg == QLatin1String("ES256"))
            return m_ec256.get();
        if (alg == QLatin1String("ES384") || alg == QLatin1String("ES512"))
            return m_ec384.get();
        if (alg == QLatin1String("EdDSA"))
            return m_ed25519.get();
        return m_rsa.get();
    }

    static QString kidFor(const QString& alg)
    {
        if (alg == QLatin1String("ES256"))
            return QStringLiteral("ec256-1");
        if (alg == QLatin1String("ES384"))
            return QStringLiteral("ec384-1");
        if (alg == QLatin1String("EdDSA"))
            return QStringLiteral("ed-1");
        return QStringLiteral("rsa-1");
    }

    QByteArray keySet() const
    {
        return jwks({publicJwk(m_rsa.get(), QStringLiteral("rsa-1")),
            publicJwk(m_ec256.get(), QStringLiteral("ec256-1")),
            publicJwk(m_ec384.get(), QStringLiteral("ec384-1")),
            publicJwk(m_ed25519.get(), QStringLiteral("ed-1"))});
    }

    static QJsonObject claims(Lifetime lifetime)
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QJsonObject result {{QStringLiteral("iss"), QStringLiteral("https://id.example.test")},
            {QStringLiteral("sub"), QStringLiteral("alice")}, {QStringLiteral("aud"), QStringLiteral("web")},
            {QStringLiteral("iat"), now - 60}, {QStringLiteral("exp"), now + 600}};
        if (lifetime == Lifetime::Expired)
            result.insert(QStringLiteral("exp"), now - 120);
        if (lifetime == Lifetime::NotYetValid)
            result.insert(QStringLiteral("nbf"), now + 3600);
        return result;
    }

    // A compact JWS as a provider signs it; HS256 with the RSA public key as the secret, as an attacker
    // would; alg "none" with an empty signature.
    QString token(const QString& alg, const QString& kid, Tamper tamper, Lifetime lifetime) const
    {
        QJsonObject header {{QStringLiteral("alg"), alg}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
        if (!kid.isEmpty())
            header.insert(QStringLiteral("kid"), kid);
        const QString input = part(header) + QLatin1Char('.') + part(claims(lifetime));
        QByteArray signature;
        if (alg == QLatin1String("HS256"))
            signature = QMessageAuthenticationCode::hash(
                input.toLatin1(), publicPem(m_rsa.get()), QCryptographicHash::Sha256);
        else if (alg != QLatin1String("none"))
            signature = sign(
                alg == QLatin1String("ES512") ? QStringLiteral("ES384") : alg, keyFor(alg), input.toLatin1());
        if (tamper == Tamper::Signature)
            signature[signature.size() / 2] = char(signature.at(signature.size() / 2) ^ 0x01);
        QString result = input + QLatin1Char('.') + b64(signature);
        if (tamper == Tamper::Header) {
            header.insert(QStringLiteral("x5u"), QStringLiteral("https://evil.test/cert"));
            result = part(header) + result.mid(result.indexOf(QLatin1Char('.')));
        }
        if (tamper == Tamper::Payload) {
            QJsonObject changed = claims(lifetime);
            changed.insert(QStringLiteral("sub"), QStringLiteral("admin"));
            const QStringList parts = result.split(QLatin1Char('.'));
            result = parts.at(0) + QLatin1Char('.') + part(changed) + QLatin1Char('.') + parts.at(2);
        }
        return result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_rsa = rsaKey();
        m_ec256 = ecKey("P-256");
        m_ec384 = ecKey("P-384");
        m_ed25519 = ed25519Key();
        QVERIFY(m_rsa && m_ec256 && m_ec384 && m_ed25519);
    }

    void verdicts_data()
    {
        QTest::addColumn<QString>("text"); // empty: made from the columns below
        QTest::addColumn<QString>("alg");
        QTest::addColumn<QString>("kid"); // "-": the alg's own key
        QTest::addColumn<Tamper>("tamper");
        QTest::addColumn<Lifetime>("lifetime");
        QTest::addColumn<bool>("bearer");
        QTest::addColumn<int>("jwksStatus");
        QTest::addColumn<VerdictStatus>("status");
        QTest::addColumn<int>("fetches");
        QTest::addColumn<Jwt::TokenForm>("form");

        const QString own = QStringLiteral("-");
        for (const char* alg :
            {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"}) {
            QTest::newRow(alg) << QString() << QString::fromLatin1(alg) << own << Tamper::Nothing
                               << Lifetime::Current << false << 200 << VerdictStatus::Valid << 1
                               << Jwt::TokenForm::Jws;
        }
        QTest::newRow("tampered-header")
            << QString() << QStringLiteral("RS256") << own << Tamper::Header << Lifetime::Current << false
            << 200 << VerdictStatus::InvalidSignature << 1 << Jwt::TokenForm::Jws;
        QTest::newRow("tampered-payload")
            << QString() << QStringLiteral("PS256") << own << Tamper::Payload << Lifetime::Current << false
            << 200 << VerdictStatus::InvalidSignature << 1 << Jwt::TokenForm::Jws;
        QTest::newRow("tampered-signature")
            << QString() << QStringLiteral("ES256") << own << Tamper::Signature << Lifetime::Current << false
            << 200 << VerdictStatus::InvalidSignature << 1 << Jwt::TokenForm::Jws;
        QTest::newRow("tampered-signature-eddsa")
            << QString() << QStringLiteral("EdDSA") << own << Tamper::Signature << Lifetime::Current << false
            << 200 << VerdictStatus::InvalidSignature << 1 << Jwt::TokenForm::Jws;
        QTest::newRow("wrong-kid-after-one-refetch")
            << QString() << QStringLiteral("RS256") << QStringLiteral("rotated-away") << Tamper::Nothing
            << Lifetime::Current << false << 200 << VerdictStatus::UnknownKey << 2 << Jwt::TokenForm::Jws;
        QTest::newRow("expired-but-genuine")
            << QString() << QStringLiteral("RS256") << own << Tamper::Nothing << Lifetime::Expired << false
            << 200 << VerdictStatus::Valid << 1 << Jwt::TokenForm::Jws;
        QTest::newRow("not-yet-valid-but-genuine")
            << QString() << QStringLiteral("ES384") << own << Tamper::Nothing << Lifetime::NotYetValid
            << false << 200 << VerdictStatus::Valid << 1 << Jwt::TokenForm::Jws;
        QTest::newRow("alg-none") << QString() << QStringLiteral("none") << QString() << Tamper::Nothing
                                  << Lifetime::Current << false << 200 << VerdictStatus::AlgNone << 0
                                  << Jwt::TokenForm::Jws;
        QTest::newRow("hs256-with-public-key")
            << QString() << QStringLiteral("HS256") << own << Tamper::Nothing << Lifetime::Current << false
            << 200 << VerdictStatus::SharedSecret << 0 << Jwt::TokenForm::Jws;
        QTest::newRow("unsupported-es512")
            << QString() << QStringLiteral("ES512") << own << Tamper::Nothing << Lifetime::Current << false
            << 200 << VerdictStatus::UnsupportedAlgorithm << 0 << Jwt::TokenForm::Jws;
        QTest::newRow("bearer-prefix")
            << QString() << QStringLiteral("RS256") << own << Tamper::Nothing << Lifetime::Current << true
            << 200 << VerdictStatus::Valid << 1 << Jwt::TokenForm::Jws;
        QTest::newRow("keys-unavailable-503")
            << QString() << QStringLiteral("RS256") << own << Tamper::Nothing << Lifetime::Current << false
            << 503 << VerdictStatus::KeysUnavailable << 1 << Jwt::TokenForm::Jws;
        const QString jwe = part({{QStringLiteral("alg"), QStringLiteral("RSA-OAEP-256")},
                                {QStringLiteral("enc"), QStringLiteral("A256GCM")}})
            + QStringLiteral(".a2V5.aXY.Y3Q.dGFn");
        QTest::newRow("jwe") << jwe << QString() << QString() << Tamper::Nothing << Lifetime::Current << false
                             << 200 << VerdictStatus::NotChecked << 0 << Jwt::TokenForm::Jwe;
        QTest::newRow("opaque") << QStringLiteral("Bearer 2YotnFZFEjr1zCsicMWpAA") << QString() << QString()
                                << Tamper::Nothing << Lifetime::Current << false << 200
                                << VerdictStatus::NotChecked << 0 << Jwt::TokenForm::Opaque;
    }

    void verdicts()
    {
        QFETCH(QString, text);
        QFETCH(QString, alg);
        QFETCH(QString, kid);
        QFETCH(Tamper, tamper);
        QFETCH(Lifetime, lifetime);
        QFETCH(bool, bearer);
        QFETCH(int, jwksStatus);
        QFETCH(VerdictStatus, status);
        QFETCH(int, fetches);
        QFETCH(Jwt::TokenForm, form);

        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(jwksStatus == 200 ? reply(200, keySet())
                                         : reply(jwksStatus, "Service Unavailable", "text/plain"));
        const QString keyId = kid == QLatin1String("-") ? kidFor(alg) : kid;
        if (text.isEmpty())
            text = token(alg, keyId, tamper, lifetime);
        if (bearer)
            text = QStringLiteral("  Bearer ") + text + QStringLiteral("\n");

        Verifier verifier;
        const SignatureVerdict verdict = verifier.verify(text, {server.url(QStringLiteral("/jwks")), {}, {}});
        QVERIFY2(verdict.status == status, qPrintable(verdict.summary + QLatin1Char(' ') + verdict.reason));
        QCOMPARE(server.requests().size(), fetches);
        QVERIFY(!verdict.summary.isEmpty());
        QCOMPARE(verdict.keysFetchedAgain, fetches == 2);
        if (status == VerdictStatus::Valid) {
            QCOMPARE(verdict.alg, alg);
            QCOMPARE(verdict.keyId, keyId);
            QCOMPARE(verdict.summary, QStringLiteral("Valid signature (%1, key “%2”)").arg(alg, keyId));
            QVERIFY(!verdict.keyThumbprint.isEmpty());
        }
        if (status == VerdictStatus::KeysUnavailable) {
            QCOMPARE(verdict.error.code, QStringLiteral("http_error"));
            QVERIFY(!verdict.reason.isEmpty());
        }

        // Decoding needs no network and agrees on the form and the lifetime.
        const TokenInspection inspection = inspectToken(text, {});
        QCOMPARE(inspection.token.form, form);
        QCOMPARE(inspection.token.hadBearerPrefix, bearer || text.startsWith(QLatin1String("Bearer")));
        QCOMPARE(inspection.expired, lifetime == Lifetime::Expired);
        QCOMPARE(inspection.notYetValid, lifetime == Lifetime::NotYetValid);
        if (form == Jwt::TokenForm::Jws)
            QCOMPARE(inspection.token.payload.value(QLatin1String("sub")).toString(),
                tamper == Tamper::Payload ? QStringLiteral("admin") : QStringLiteral("alice"));
    }

    void nestedJwtIsNotChecked()
    {
        const QString inner
            = token(QStringLiteral("RS256"), QStringLiteral("rsa-1"), Tamper::Nothing, Lifetime::Current);
        const QJsonObject header {{QStringLiteral("alg"), QStringLiteral("RS256")},
            {QStringLiteral("kid"), QStringLiteral("rsa-1")}, {QStringLiteral("cty"), QStringLiteral("JWT")}};
        const QString input = part(header) + QLatin1Char('.') + b64(inner.toLatin1());
        const QString nested = input + QLatin1Char('.') + b64(signRs256(m_rsa.get(), input.toLatin1()));
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(reply(200, keySet()));
        Verifier verifier;
        const SignatureVerdict verdict
            = verifier.verify(nested, {server.url(QStringLiteral("/jwks")), {}, {}});
        QCOMPARE(verdict.status, VerdictStatus::NotChecked);
        QVERIFY2(verdict.summary.contains(QLatin1String("nested")), qPrintable(verdict.summary));
        QCOMPARE(server.requests().size(), 0);
        const Jwt::ParsedToken parsed = Jwt::parseToken(nested);
        QCOMPARE(parsed.form, Jwt::TokenForm::NestedJwt);
        QCOMPARE(parsed.innerToken, inner);
        QCOMPARE(parsed.innerForm, Jwt::TokenForm::Jws);
    }

    void keysUnavailableWhenRefused()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        Verifier verifier;
        const SignatureVerdict verdict = verifier.verify(
            token(QStringLiteral("RS256"), QStringLiteral("rsa-1"), Tamper::Nothing, Lifetime::Current),
            {QUrl(QStringLiteral("http://127.0.0.1:%1/jwks").arg(port)), {}, {}});
        QCOMPARE(verdict.status, VerdictStatus::KeysUnavailable);
        QCOMPARE(verdict.error.code, QStringLiteral("network"));
        QVERIFY(!verdict.reason.isEmpty());
    }

    void noKeySourceIsNotChecked()
    {
        Verifier verifier;
        const SignatureVerdict verdict = verifier.verify(
            token(QStringLiteral("RS256"), QStringLiteral("rsa-1"), Tamper::Nothing, Lifetime::Current), {});
        QCOMPARE(verdict.status, VerdictStatus::NotChecked);
        QCOMPARE(verdict.summary, QStringLiteral("Not checked: no key source"));
        QVERIFY(!verdict.reason.isEmpty());
    }

    // An issuer typed in: OpenID discovery finds the jwks_uri.
    void issuerTypedIn()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        const QString issuer = server.url(QStringLiteral("/realms/main")).toString();
        const QJsonObject metadata {{QStringLiteral("issuer"), issuer},
            {QStringLiteral("authorization_endpoint"), QString(issuer + QStringLiteral("/auth"))},
            {QStringLiteral("token_endpoint"), QString(issuer + QStringLiteral("/token"))},
            {QStringLiteral("jwks_uri"), QString(issuer + QStringLiteral("/jwks"))}};
        server.enqueue(reply(200, QJsonDocument(metadata).toJson(QJsonDocument::Compact)));
        server.enqueue(reply(200, keySet()));
        Verifier verifier;
        const SignatureVerdict verdict = verifier.verify(
            token(QStringLiteral("ES256"), QStringLiteral("ec256-1"), Tamper::Nothing, Lifetime::Current),
            {{}, QStringLiteral(" %1 ").arg(issuer), {}});
        QVERIFY2(verdict.ok(), qPrintable(verdict.summary + QLatin1Char(' ') + verdict.reason));
        QCOMPARE(verdict.discoveredIssuer, issuer);
        QCOMPARE(verdict.jwksUri, QUrl(issuer + QStringLiteral("/jwks")));
        QCOMPARE(server.requests().size(), 2);
        QCOMPARE(server.requests().at(0).target, QByteArray("/realms/main/.well-known/openid-configuration"));
        QCOMPARE(server.requests().at(1).target, QByteArray("/realms/main/jwks"));
    }

    // The real provider (oidc-provider): its ID token verifies with its own keys, from the environment's
    // jwks_uri and from its issuer alone, and passes the claim checks; its opaque access token is
    // recognised as such.
    void realProviderTokens()
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
        const TokenSet tokens = succeeded.first().first().value<TokenSet>();
        QVERIFY(!tokens.idToken.isEmpty());

        Verifier verifier;
        const SignatureVerdict fromConfig = verifier.verify(tokens.idToken, KeySource::fromConfig(config));
        QVERIFY2(fromConfig.ok(), qPrintable(fromConfig.summary + QLatin1Char(' ') + fromConfig.reason));
        QCOMPARE(fromConfig.alg, QStringLiteral("RS256"));
        QVERIFY(fromConfig.summary.startsWith(QLatin1String("Valid signature (RS256, key ")));

        Verifier fresh;
        const SignatureVerdict fromIssuer = fresh.verify(tokens.idToken, {{}, config.issuer, {}});
        QVERIFY2(fromIssuer.ok(), qPrintable(fromIssuer.summary + QLatin1Char(' ') + fromIssuer.reason));
        QCOMPARE(fromIssuer.discoveredIssuer, config.issuer);
        QCOMPARE(fromIssuer.keyId, fromConfig.keyId);

        InspectionContext context;
        context.kind = TokenKind::IdToken;
        context.config = config;
        const TokenInspection idToken = inspectToken(tokens.idToken, context);
        QCOMPARE(idToken.token.form, Jwt::TokenForm::Jws);
        for (const ClaimCheck& check : idToken.checks)
            QVERIFY2(check.result != CheckResult::Failed,
                qPrintable(check.id + QLatin1String(": ") + check.reason));

        context.kind = TokenKind::AccessToken;
        context.grantedScope = tokens.grantedScope;
        const TokenInspection accessToken = inspectToken(tokens.accessToken, context);
        QVERIFY(accessToken.token.form == Jwt::TokenForm::Opaque
            || accessToken.token.form == Jwt::TokenForm::Jws);
        QVERIFY(accessToken.scopes.grantedKnown);
        QVERIFY2(accessToken.scopes.missing.isEmpty(), qPrintable(accessToken.scopes.missing.join(u' ')));
    }
};

QTEST_GUILESS_MAIN(TestSignatureVerdict)
#include "tst_signatureverdict.moc"
