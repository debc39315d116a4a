#include "configvalidation.h"

#include <QTest>

#include <functional>

using namespace Tokenscope::OAuth;

Q_DECLARE_METATYPE(Tokenscope::OAuth::ClientConfig)
Q_DECLARE_METATYPE(Tokenscope::OAuth::ConfigContext)

namespace {

QString fieldName(ConfigField field)
{
    switch (field) {
    case ConfigField::AuthorizationEndpoint:
        return QStringLiteral("authorization endpoint");
    case ConfigField::TokenEndpoint:
        return QStringLiteral("token endpoint");
    case ConfigField::DeviceAuthorizationEndpoint:
        return QStringLiteral("device authorization endpoint");
    case ConfigField::ClientAuthentication:
        return QStringLiteral("client authentication");
    case ConfigField::JwksUri:
        return QStringLiteral("JWKS URI");
    case ConfigField::ClientId:
        return QStringLiteral("client ID");
    case ConfigField::RedirectUri:
        return QStringLiteral("redirect URI");
    case ConfigField::ParEndpoint:
        return QStringLiteral("PAR endpoint");
    case ConfigField::RevocationEndpoint:
        return QStringLiteral("revocation endpoint");
    case ConfigField::IntrospectionEndpoint:
        return QStringLiteral("introspection endpoint");
    case ConfigField::UserinfoEndpoint:
        return QStringLiteral("UserInfo endpoint");
    case ConfigField::EndSessionEndpoint:
        return QStringLiteral("end-session endpoint");
    case ConfigField::ClientCredential:
        return QStringLiteral("client credential");
    case ConfigField::ExtraAuthorizationParameters:
        return QStringLiteral("extra parameters");
    case ConfigField::Issuer:
        return QStringLiteral("issuer");
    }
    return QStringLiteral("?");
}

QUrl url(const char* text)
{
    return QUrl(QLatin1String(text), QUrl::StrictMode);
}

// A confidential client of the authorization code flow with everything filled in.
ClientConfig complete(const std::function<void(ClientConfig&)>& change = {})
{
    ClientConfig config;
    config.issuer = QStringLiteral("https://op.example");
    config.authorizationEndpoint = url("https://op.example/auth");
    config.tokenEndpoint = url("https://op.example/token");
    config.jwksUri = url("https://op.example/jwks");
    config.clientId = QStringLiteral("tokenscope");
    config.redirectUri = url("https://oauth.pstmn.io/v1/browser-callback");
    config.scope = QStringLiteral("openid");
    if (change)
        change(config);
    return config;
}

ConfigContext context(const std::function<void(ConfigContext&)>& change)
{
    ConfigContext result;
    change(result);
    return result;
}

} // namespace

// What the environment editor refuses to save, and which field each problem belongs to.
class TestConfigValidation final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void problems_data()
    {
        QTest::addColumn<ClientConfig>("config");
        QTest::addColumn<ConfigContext>("context");
        QTest::addColumn<QStringList>("fields");
        QTest::addColumn<QString>("firstMessage"); // a part of it

        const ConfigContext plain;
        const QStringList none;
        QTest::newRow("complete authorization code client") << complete() << plain << none << QString();
        QTest::newRow("client credentials need no browser endpoints") << complete([](ClientConfig& c) {
            c.grant = Grant::ClientCredentials;
            c.authorizationEndpoint = {};
            c.redirectUri = {};
            c.usePar = true;
        }) << plain << none << QString();
        QTest::newRow("device code with its endpoint") << complete([](ClientConfig& c) {
            c.grant = Grant::DeviceCode;
            c.authorizationEndpoint = {};
            c.redirectUri = {};
            c.clientAuthentication = ClientAuthentication::None;
            c.deviceAuthorizationEndpoint = url("https://op.example/device");
        }) << plain << none << QString();
        QTest::newRow("empty form: in the order it is filled in")
            << ClientConfig() << plain
            << QStringList {QStringLiteral("authorization endpoint"), QStringLiteral("token endpoint"),
                   QStringLiteral("client ID"), QStringLiteral("redirect URI")}
            << QStringLiteral("The authorization endpoint must be a full http or https address.");

        QTest::newRow("authorization endpoint missing")
            << complete([](ClientConfig& c) { c.authorizationEndpoint = {}; }) << plain
            << QStringList {QStringLiteral("authorization endpoint")}
            << QStringLiteral("authorization endpoint");
        QTest::newRow("authorization endpoint not web")
            << complete([](ClientConfig& c) { c.authorizationEndpoint = url("ftp://op.example/auth"); })
            << plain << QStringList {QStringLiteral("authorization endpoint")}
            << QStringLiteral("http or https");
        QTest::newRow("token endpoint relative")
            << complete([](ClientConfig& c) { c.tokenEndpoint = url("/token"); }) << plain
            << QStringList {QStringLiteral("token endpoint")}
            << QStringLiteral("The token endpoint must be a full http or https address.");
        QTest::newRow("device grant without its endpoint")
            << complete([](ClientConfig& c) { c.grant = Grant::DeviceCode; }) << plain
            << QStringList {QStringLiteral("device authorization endpoint")}
            << QStringLiteral("device authorization endpoint");
        QTest::newRow("client credentials as a public client")
            << complete([](ClientConfig& c) {
                   c.grant = Grant::ClientCredentials;
                   c.clientAuthentication = ClientAuthentication::None;
               })
            << plain << QStringList {QStringLiteral("client authentication")}
            << QStringLiteral("Client credentials need a client secret");
        QTest::newRow("JWKS URI not web")
            << complete([](ClientConfig& c) { c.jwksUri = url("file:///etc/jwks.json"); }) << plain
            << QStringList {QStringLiteral("JWKS URI")} << QStringLiteral("or empty");
        QTest::newRow("JWKS URI may be empty")
            << complete([](ClientConfig& c) { c.jwksUri = {}; }) << plain << none << QString();
        QTest::newRow("client ID missing")
            << complete([](ClientConfig& c) { c.clientId.clear(); }) << plain
            << QStringList {QStringLiteral("client ID")}
            << QStringLiteral("Enter the client ID registered at the provider.");

        QTest::newRow("redirect URI missing")
            << complete([](ClientConfig& c) { c.redirectUri = {}; }) << plain
            << QStringList {QStringLiteral("redirect URI")}
            << QStringLiteral("Enter the redirect URI exactly as registered at the provider.");
        QTest::newRow("redirect URI without scheme")
            << complete([](ClientConfig& c) { c.redirectUri = url("callback"); }) << plain
            << QStringList {QStringLiteral("redirect URI")} << QStringLiteral("exactly as registered");
        QTest::newRow("private-use scheme redirect (RFC 8252 §7.1)")
            << complete([](ClientConfig& c) { c.redirectUri = url("com.example.app:/callback"); }) << plain
            << none << QString();
        const ConfigContext systemBrowser = context([](ConfigContext& c) { c.systemBrowser = true; });
        QTest::newRow("system browser, https redirect elsewhere")
            << complete() << systemBrowser << QStringList {QStringLiteral("redirect URI")}
            << QStringLiteral("http://127.0.0.1/callback");
        QTest::newRow("system browser, https on loopback")
            << complete([](ClientConfig& c) { c.redirectUri = url("https://127.0.0.1/callback"); })
            << systemBrowser << QStringList {QStringLiteral("redirect URI")}
            << QStringLiteral("The system browser can only return to this computer");
        QTest::newRow("system browser, 127.0.0.1 with a port")
            << complete([](ClientConfig& c) { c.redirectUri = url("http://127.0.0.1:8400/callback"); })
            << systemBrowser << none << QString();
        QTest::newRow("system browser, localhost")
            << complete([](ClientConfig& c) { c.redirectUri = url("http://localhost/callback"); })
            << systemBrowser << none << QString();
        QTest::newRow("system browser, IPv6 loopback")
            << complete([](ClientConfig& c) { c.redirectUri = url("http://[::1]/callback"); })
            << systemBrowser << none << QString();
        QTest::newRow("system browser, private-use scheme (RFC 8252 §7.1)")
            << complete([](ClientConfig& c) { c.redirectUri = url("com.example.app:/callback"); })
            << systemBrowser << none << QString();
        QTest::newRow("system browser, private-use scheme without a domain")
            << complete([](ClientConfig& c) { c.redirectUri = url("myapp:/callback"); }) << systemBrowser
            << QStringList {QStringLiteral("redirect URI")} << QStringLiteral("com.example.app:/callback");
        QTest::newRow("system browser, no redirect: one problem for the field")
            << complete([](ClientConfig& c) { c.redirectUri = {}; }) << systemBrowser
            << QStringList {QStringLiteral("redirect URI")} << QStringLiteral("exactly as registered");

        QTest::newRow("PAR on without endpoint")
            << complete([](ClientConfig& c) { c.usePar = true; }) << plain
            << QStringList {QStringLiteral("PAR endpoint")}
            << QStringLiteral("Pushed authorization requests need the PAR endpoint");
        QTest::newRow("PAR on with a bad endpoint: one problem for the field")
            << complete([](ClientConfig& c) {
                   c.usePar = true;
                   c.parEndpoint = url("ftp://op.example/par");
               })
            << plain << QStringList {QStringLiteral("PAR endpoint")}
            << QStringLiteral("Pushed authorization requests need the PAR endpoint");
        QTest::newRow("PAR off, bad endpoint")
            << complete([](ClientConfig& c) { c.parEndpoint = url("ftp://op.example/par"); }) << plain
            << QStringList {QStringLiteral("PAR endpoint")}
            << QStringLiteral("The PAR endpoint must be a full http or https address, or empty.");

        QTest::newRow("revocation endpoint not web")
            << complete([](ClientConfig& c) { c.revocationEndpoint = url("ftp://op.example/revoke"); })
            << plain << QStringList {QStringLiteral("revocation endpoint")}
            << QStringLiteral("ftp://op.example/revoke is not a full http or https address");
        QTest::newRow("every optional endpoint not web")
            << complete([](ClientConfig& c) {
                   c.revocationEndpoint = url("ftp://op.example/revoke");
                   c.introspectionEndpoint = url("ftp://op.example/introspect");
                   c.userinfoEndpoint = url("ftp://op.example/me");
                   c.endSessionEndpoint = url("ftp://op.example/logout");
               })
            << plain
            << QStringList {QStringLiteral("revocation endpoint"), QStringLiteral("introspection endpoint"),
                   QStringLiteral("UserInfo endpoint"), QStringLiteral("end-session endpoint")}
            << QStringLiteral("correct it or leave the field empty");

        const auto privateKeyJwt
            = complete([](ClientConfig& c) { c.clientAuthentication = ClientAuthentication::PrivateKeyJwt; });
        QTest::newRow("private_key_jwt without a key")
            << privateKeyJwt << plain << QStringList {QStringLiteral("client credential")}
            << QStringLiteral("Import the private key (PEM) for private_key_jwt.");
        QTest::newRow("private_key_jwt with a secret stored")
            << privateKeyJwt << context([](ConfigContext& c) { c.credentialStored = true; })
            << QStringList {QStringLiteral("client credential")} << QStringLiteral("Import the private key");
        QTest::newRow("private_key_jwt with the key stored")
            << privateKeyJwt << context([](ConfigContext& c) {
                   c.credentialStored = true;
                   c.storedFor = ClientAuthentication::PrivateKeyJwt;
               })
            << none << QString();
        QTest::newRow("private_key_jwt with a key imported")
            << privateKeyJwt << context([](ConfigContext& c) { c.keyImported = true; }) << none << QString();
        const ConfigContext keyStored = context([](ConfigContext& c) {
            c.credentialStored = true;
            c.storedFor = ClientAuthentication::PrivateKeyJwt;
        });
        QTest::newRow("a secret method where the key is stored")
            << complete() << keyStored << QStringList {QStringLiteral("client credential")}
            << QStringLiteral("Enter the client secret: the stored credential is a private key.");
        QTest::newRow("a secret method where the key is stored, secret typed")
            << complete() << context([](ConfigContext& c) {
                   c.credentialStored = true;
                   c.storedFor = ClientAuthentication::PrivateKeyJwt;
                   c.secretEntered = true;
               })
            << none << QString();
        QTest::newRow("a public client where the key is stored")
            << complete([](ClientConfig& c) { c.clientAuthentication = ClientAuthentication::None; })
            << keyStored << none << QString();

        // RFC 6749 §10.3: the secret and the tokens travel only under TLS, except to this computer.
        QTest::newRow("token endpoint over plain http refused")
            << complete([](ClientConfig& c) { c.tokenEndpoint = url("http://op.example/token"); }) << plain
            << QStringList {QStringLiteral("token endpoint")}
            << QStringLiteral("would travel in clear to op.example. Use https, or allow plain HTTP");
        QTest::newRow("every credential endpoint over plain http refused")
            << complete([](ClientConfig& c) {
                   c.parEndpoint = url("http://op.example/par");
                   c.revocationEndpoint = url("http://op.example/revoke");
                   c.introspectionEndpoint = url("http://op.example/introspect");
                   c.userinfoEndpoint = url("http://op.example/me");
                   c.endSessionEndpoint = url("http://op.example/logout");
               })
            << plain
            << QStringList {QStringLiteral("PAR endpoint"), QStringLiteral("revocation endpoint"),
                   QStringLiteral("introspection endpoint"), QStringLiteral("UserInfo endpoint")}
            << QStringLiteral("http://op.example/par uses plain http");
        QTest::newRow("http issuer that is not loopback refused")
            << complete([](ClientConfig& c) { c.issuer = QStringLiteral("http://op.example"); }) << plain
            << QStringList {QStringLiteral("issuer")}
            << QStringLiteral("The issuer http://op.example uses plain http");
        QTest::newRow("plain http on loopback: the local demo") << complete([](ClientConfig& c) {
            c.issuer = QStringLiteral("http://127.0.0.1:8080");
            c.tokenEndpoint = url("http://127.0.0.1:8080/token");
            c.userinfoEndpoint = url("http://localhost:8080/me");
            c.revocationEndpoint = url("http://[::1]:8080/revoke");
        }) << plain << none << QString();
        QTest::newRow("plain http allowed for the environment") << complete([](ClientConfig& c) {
            c.issuer = QStringLiteral("http://op.example");
            c.tokenEndpoint = url("http://op.example/token");
            c.allowPlainHttp = true;
        }) << plain << none << QString();

        QTest::newRow("extra parameter without a name")
            << complete([](ClientConfig& c) {
                   c.extraAuthorizationParameters = {{QStringLiteral("prompt"), QStringLiteral("login")},
                       {QString(), QStringLiteral("x")}, {QString(), QStringLiteral("y")}};
               })
            << plain << QStringList {QStringLiteral("extra parameters")}
            << QStringLiteral("Write each extra parameter as name=value.");
    }
    void problems()
    {
        QFETCH(ClientConfig, config);
        QFETCH(ConfigContext, context);
        QFETCH(QStringList, fields);
        QFETCH(QString, firstMessage);
        const QList<ConfigProblem> problems = validateClientConfig(config, context);
        QStringList found;
        for (const ConfigProblem& problem : problems) {
            found.append(fieldName(problem.field));
            // Whole sentences, shown as they are.
            QVERIFY2(problem.message.endsWith(QLatin1Char('.')), qPrintable(problem.message));
        }
        QCOMPARE(found, fields);
        if (!problems.isEmpty())
            QVERIFY2(problems.first().message.contains(firstMessage), qPrintable(problems.first().message));
    }
};

QTEST_GUILESS_MAIN(TestConfigValidation)
#include "tst_configvalidation.moc"
