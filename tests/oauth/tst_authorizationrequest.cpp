#include "authorizationrequest.h"
#include "formencoding.h"

#include <QTest>
#include <QUrlQuery>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;

namespace {

ClientConfig keycloakLike()
{
    ClientConfig config;
    config.issuer = QStringLiteral("https://auth.sandbox.zorgapis.nl/realms/zorgapis");
    config.authorizationEndpoint = QUrl(
        QStringLiteral("https://auth.sandbox.zorgapis.nl/realms/zorgapis/protocol/openid-connect/auth"));
    config.tokenEndpoint = QUrl(
        QStringLiteral("https://auth.sandbox.zorgapis.nl/realms/zorgapis/protocol/openid-connect/token"));
    config.clientId = QStringLiteral("zorgapis.postman");
    config.scope = QStringLiteral("openid api-requirements-versions:read");
    config.redirectUri = QUrl(QStringLiteral("https://oauth.pstmn.io/v1/browser-callback"));
    return config;
}

QHash<QString, QStringList> parameters(const QUrl& url)
{
    QHash<QString, QStringList> result;
    for (const auto& [name, value] : Http::formDecode(url.query(QUrl::FullyEncoded).toLatin1()))
        result[name].append(value);
    return result;
}

} // namespace

class TestAuthorizationRequest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void carriesEveryRequiredParameter()
    {
        const ClientConfig config = keycloakLike();
        const PendingAuthorization pending = createAuthorizationRequest(config);
        const auto query = parameters(pending.url);
        QCOMPARE(pending.url.adjusted(QUrl::RemoveQuery), config.authorizationEndpoint);
        QCOMPARE(query.value(QStringLiteral("response_type")), QStringList {QStringLiteral("code")});
        QCOMPARE(query.value(QStringLiteral("client_id")), QStringList {QStringLiteral("zorgapis.postman")});
        QCOMPARE(query.value(QStringLiteral("redirect_uri")),
            QStringList {QStringLiteral("https://oauth.pstmn.io/v1/browser-callback")});
        QCOMPARE(query.value(QStringLiteral("scope")),
            QStringList {QStringLiteral("openid api-requirements-versions:read")});
        QCOMPARE(query.value(QStringLiteral("state")), QStringList {pending.state});
        QCOMPARE(query.value(QStringLiteral("code_challenge")), QStringList {pending.pkce.challenge});
        QCOMPARE(query.value(QStringLiteral("code_challenge_method")), QStringList {QStringLiteral("S256")});
        QCOMPARE(query.value(QStringLiteral("nonce")), QStringList {pending.nonce});
        QVERIFY(!pending.nonce.isEmpty());
        // The verifier never travels in the authorization request.
        QVERIFY(!pending.url.toString().contains(pending.pkce.verifier));
        QCOMPARE(pending.expectedIssuer, config.issuer);
    }

    void noNonceWithoutOpenId()
    {
        ClientConfig config = keycloakLike();
        config.scope = QStringLiteral("api-requirements-versions:read");
        const PendingAuthorization pending = createAuthorizationRequest(config);
        QVERIFY(pending.nonce.isEmpty());
        QVERIFY(!parameters(pending.url).contains(QStringLiteral("nonce")));
    }

    // Azure AD B2C puts the policy in the query of the authorize URL (p=…): it must survive.
    void keepsTheEndpointsOwnQuery()
    {
        ClientConfig config = keycloakLike();
        config.authorizationEndpoint = QUrl(QStringLiteral(
            "https://tenant.b2clogin.com/tenant.onmicrosoft.com/oauth2/v2.0/authorize?p=B2C_1_signin"));
        const auto query = parameters(createAuthorizationRequest(config).url);
        QCOMPARE(query.value(QStringLiteral("p")), QStringList {QStringLiteral("B2C_1_signin")});
        QCOMPARE(query.value(QStringLiteral("response_type")), QStringList {QStringLiteral("code")});
    }

    void extraParametersAreEncodedAndOverride()
    {
        ClientConfig config = keycloakLike();
        config.extraAuthorizationParameters
            = {{QStringLiteral("audience"), QStringLiteral("https://api.example/a+b c&d")},
                {QStringLiteral("prompt"), QStringLiteral("login")}};
        const PendingAuthorization pending = createAuthorizationRequest(config);
        const auto query = parameters(pending.url);
        QCOMPARE(query.value(QStringLiteral("audience")),
            QStringList {QStringLiteral("https://api.example/a+b c&d")});
        QCOMPARE(query.value(QStringLiteral("prompt")), QStringList {QStringLiteral("login")});
        QVERIFY(pending.url.toString(QUrl::FullyEncoded).contains(QStringLiteral("a%2Bb%20c%26d")));
    }

    // A free parameter named like a protocol one would undo what protects the request (a fixed state
    // is CSRF, a chosen code_challenge defeats PKCE): such names are ignored.
    void extraParametersNeverReplaceProtocolParameters_data()
    {
        QTest::addColumn<QString>("name");
        for (const char* name : {"state", "code_challenge", "code_challenge_method", "nonce", "redirect_uri",
                 "client_id", "response_type"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }

    void extraParametersNeverReplaceProtocolParameters()
    {
        QFETCH(QString, name);
        ClientConfig config = keycloakLike();
        config.extraAuthorizationParameters = {{name, QStringLiteral("attacker-chosen")}};
        const PendingAuthorization pending = createAuthorizationRequest(config);
        const auto query = parameters(pending.url);
        QCOMPARE(query.value(name).size(), 1);
        QVERIFY(query.value(name).constFirst() != QLatin1String("attacker-chosen"));
    }

    void responseModeFormPost()
    {
        ClientConfig config = keycloakLike();
        QVERIFY(
            !parameters(createAuthorizationRequest(config).url).contains(QStringLiteral("response_mode")));
        config.responseMode = QStringLiteral("form_post");
        QCOMPARE(parameters(createAuthorizationRequest(config).url).value(QStringLiteral("response_mode")),
            QStringList {QStringLiteral("form_post")});
    }

    // pkce-shape for the legacy choices (ClientConfig::pkceMethod).
    void pkceMethod_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("pkce-shape") << "S256"; // docs/oauth-client-rules.md case 11, S256
        QTest::newRow("pkce-plain") << "plain";
        QTest::newRow("pkce-none") << "none";
    }
    void pkceMethod()
    {
        QFETCH(QString, method);
        ClientConfig config = keycloakLike();
        config.pkceMethod = method;
        const PendingAuthorization pending = createAuthorizationRequest(config);
        const auto query = parameters(pending.url);
        if (method == QLatin1String("none")) {
            QVERIFY(pending.pkce.isEmpty());
            QVERIFY(!query.contains(QStringLiteral("code_challenge")));
            QVERIFY(!query.contains(QStringLiteral("code_challenge_method")));
            return;
        }
        QVERIFY(Pkce::isValidVerifier(pending.pkce.verifier));
        QCOMPARE(query.value(QStringLiteral("code_challenge_method")), QStringList {method});
        QCOMPARE(query.value(QStringLiteral("code_challenge")),
            QStringList {method == QLatin1String("plain") ? pending.pkce.verifier
                                                          : Pkce::challengeFor(pending.pkce.verifier)});
    }

    // RFC 9126 §4: what PAR pushes is what the URL would carry; the browser then gets only the reference.
    void pushedAuthorizationRequest()
    {
        ClientConfig config = keycloakLike();
        config.authorizationEndpoint.setQuery(QStringLiteral("p=B2C_1_signin"));
        config.extraAuthorizationParameters = {{QStringLiteral("prompt"), QStringLiteral("login")}};
        const PendingAuthorization pending = createAuthorizationRequest(config);
        QHash<QString, QStringList> pushed;
        for (const auto& [name, value] : pending.parameters)
            pushed[name].append(value);
        auto inUrl = parameters(pending.url);
        inUrl.remove(QStringLiteral("p")); // the endpoint's own query is part of its address, not pushed
        QCOMPARE(pushed, inUrl);

        const QUrl browser
            = pushedAuthorizationUrl(config, QStringLiteral("urn:ietf:params:oauth:request_uri:abc"));
        QCOMPARE(
            browser.adjusted(QUrl::RemoveQuery), config.authorizationEndpoint.adjusted(QUrl::RemoveQuery));
        const auto query = parameters(browser);
        QCOMPARE(query.keys().size(), 3);
        QCOMPARE(query.value(QStringLiteral("p")), QStringList {QStringLiteral("B2C_1_signin")});
        QCOMPARE(query.value(QStringLiteral("client_id")), QStringList {config.clientId});
        QCOMPARE(query.value(QStringLiteral("request_uri")),
            QStringList {QStringLiteral("urn:ietf:params:oauth:request_uri:abc")});
    }

    void eachRequestIsFresh()
    {
        const ClientConfig config = keycloakLike();
        const PendingAuthorization first = createAuthorizationRequest(config);
        const PendingAuthorization second = createAuthorizationRequest(config);
        QVERIFY(first.state != second.state);
        QVERIFY(first.nonce != second.nonce);
        QVERIFY(first.pkce.verifier != second.pkce.verifier);
        QVERIFY(!first.consumed);
    }
};

QTEST_GUILESS_MAIN(TestAuthorizationRequest)
#include "tst_authorizationrequest.moc"
