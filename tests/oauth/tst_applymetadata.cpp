#include "applymetadata.h"
#include "discovery.h"

#include <QTest>

using namespace Tokenscope::OAuth;

Q_DECLARE_METATYPE(Tokenscope::OAuth::ClientAuthentication)

namespace {

QUrl url(const char* text)
{
    return QUrl(QLatin1String(text), QUrl::StrictMode);
}

// What every discovery document has: the issuer and the endpoints the parser requires.
ProviderMetadata minimal()
{
    ProviderMetadata metadata;
    metadata.issuer = QStringLiteral("https://op.example");
    metadata.authorizationEndpoint = url("https://op.example/auth");
    metadata.tokenEndpoint = url("https://op.example/token");
    metadata.jwksUri = url("https://op.example/jwks");
    return metadata;
}

} // namespace

// What Discover does with the provider's metadata beyond copying the endpoints: the choices the
// provider's lists rule on, and what the user is told about them.
class TestApplyMetadata final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The endpoints, the issuer and the iss requirement come from the document; the client's own
    // settings stay.
    void endpointsAndIssuer()
    {
        ProviderMetadata metadata = minimal();
        metadata.userinfoEndpoint = url("https://op.example/me");
        metadata.revocationEndpoint = url("https://op.example/revoke");
        metadata.introspectionEndpoint = url("https://op.example/introspect");
        metadata.endSessionEndpoint = url("https://op.example/logout");
        metadata.deviceAuthorizationEndpoint = url("https://op.example/device");
        metadata.pushedAuthorizationRequestEndpoint = url("https://op.example/par");
        metadata.authorizationResponseIssParameterSupported = true;
        ClientConfig config;
        config.issuer = QStringLiteral("https://op.example/");
        config.clientId = QStringLiteral("tokenscope");
        config.scope = QStringLiteral("openid profile");
        config.redirectUri = url("http://127.0.0.1/callback");

        const AppliedMetadata applied = applyDiscovered(metadata, &config, false);
        QCOMPARE(config.issuer, metadata.issuer);
        QCOMPARE(config.authorizationEndpoint, metadata.authorizationEndpoint);
        QCOMPARE(config.tokenEndpoint, metadata.tokenEndpoint);
        QCOMPARE(config.jwksUri, metadata.jwksUri);
        QCOMPARE(config.userinfoEndpoint, metadata.userinfoEndpoint);
        QCOMPARE(config.revocationEndpoint, metadata.revocationEndpoint);
        QCOMPARE(config.introspectionEndpoint, metadata.introspectionEndpoint);
        QCOMPARE(config.endSessionEndpoint, metadata.endSessionEndpoint);
        QCOMPARE(config.deviceAuthorizationEndpoint, metadata.deviceAuthorizationEndpoint);
        QCOMPARE(config.parEndpoint, metadata.pushedAuthorizationRequestEndpoint);
        QVERIFY(config.requireIssuerInResponse); // RFC 9207 §3
        QVERIFY(!config.usePar); // offered, not required
        QCOMPARE(config.clientId, QStringLiteral("tokenscope"));
        QCOMPARE(config.scope, QStringLiteral("openid profile"));
        QCOMPARE(config.redirectUri, url("http://127.0.0.1/callback"));
        QCOMPARE(applied.endpointCount, 9);
        QCOMPARE(applied.notes, QStringList());
        QVERIFY(!applied.advancedSettingChanged);
    }

    void endpointCount_data()
    {
        QTest::addColumn<bool>("withJwks");
        QTest::addColumn<bool>("withUserinfo");
        QTest::addColumn<int>("expected");
        QTest::newRow("authorization and token only") << false << false << 2;
        QTest::newRow("and JWKS") << true << false << 3;
        QTest::newRow("and JWKS and UserInfo") << true << true << 4;
    }
    void endpointCount()
    {
        QFETCH(bool, withJwks);
        QFETCH(bool, withUserinfo);
        QFETCH(int, expected);
        ProviderMetadata metadata = minimal();
        if (!withJwks)
            metadata.jwksUri = {};
        if (withUserinfo)
            metadata.userinfoEndpoint = url("https://op.example/me");
        ClientConfig config;
        QCOMPARE(applyDiscovered(metadata, &config, false).endpointCount, expected);
    }

    // RFC 9126 §5: a provider that requires PAR gets it, and the user is told (the setting is under
    // Advanced).
    void requiredPar()
    {
        ProviderMetadata metadata = minimal();
        metadata.pushedAuthorizationRequestEndpoint = url("https://op.example/par");
        metadata.requirePushedAuthorizationRequests = true;
        ClientConfig config;
        const AppliedMetadata applied = applyDiscovered(metadata, &config, false);
        QVERIFY(config.usePar);
        QVERIFY(applied.advancedSettingChanged);
        QCOMPARE(applied.notes,
            QStringList {QStringLiteral("The provider requires pushed authorization requests: PAR is on.")});
    }

    // RFC 7636 §4.2: S256 unless the provider can only do plain; a method the user chose stands.
    void pkceMethod_data()
    {
        QTest::addColumn<QStringList>("supported");
        QTest::addColumn<QString>("configured");
        QTest::addColumn<bool>("keep");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("note");
        QTest::newRow("no list: S256") << QStringList() << "S256" << false << "S256" << QString();
        QTest::newRow("S256 listed") << QStringList {QStringLiteral("plain"), QStringLiteral("S256")}
                                     << "S256" << false << "S256" << QString();
        QTest::newRow("plain only") << QStringList {QStringLiteral("plain")} << "S256" << false << "plain"
                                    << "The provider supports only PKCE plain.";
        QTest::newRow("plain only, the user chose S256")
            << QStringList {QStringLiteral("plain")} << "S256" << true << "S256" << QString();
        QTest::newRow("the user's plain replaced where S256 works")
            << QStringList {QStringLiteral("S256")} << "plain" << false << "S256" << QString();
        QTest::newRow("the user's choice of none stands")
            << QStringList {QStringLiteral("S256")} << "none" << true << "none" << QString();
    }
    void pkceMethod()
    {
        QFETCH(QStringList, supported);
        QFETCH(QString, configured);
        QFETCH(bool, keep);
        QFETCH(QString, expected);
        QFETCH(QString, note);
        ProviderMetadata metadata = minimal();
        metadata.codeChallengeMethodsSupported = supported;
        ClientConfig config;
        config.pkceMethod = configured;
        const AppliedMetadata applied = applyDiscovered(metadata, &config, keep);
        QCOMPARE(config.pkceMethod, expected);
        QCOMPARE(applied.notes, note.isEmpty() ? QStringList() : QStringList {note});
        QCOMPARE(applied.advancedSettingChanged, !note.isEmpty());
    }

    // The configured client authentication stands unless the provider's list rules it out; then the
    // one it supports, with a note. A public client stays public (Keycloak accepts one without listing
    // "none").
    void clientAuthentication_data()
    {
        QTest::addColumn<QStringList>("supported");
        QTest::addColumn<ClientAuthentication>("configured");
        QTest::addColumn<ClientAuthentication>("expected");
        QTest::addColumn<QString>("note");
        const auto list = [](std::initializer_list<const char*> methods) {
            QStringList result;
            for (const char* method : methods)
                result.append(QLatin1String(method));
            return result;
        };
        QTest::newRow("no list (RFC 8414 §2: basic)")
            << QStringList() << ClientAuthentication::ClientSecretPost
            << ClientAuthentication::ClientSecretPost << QString();
        QTest::newRow("configured method listed")
            << list({"client_secret_basic", "client_secret_post"}) << ClientAuthentication::ClientSecretPost
            << ClientAuthentication::ClientSecretPost << QString();
        QTest::newRow("basic ruled out: post")
            << list({"client_secret_post"}) << ClientAuthentication::ClientSecretBasic
            << ClientAuthentication::ClientSecretPost
            << "Client authentication set to client_secret_post, which the provider supports.";
        QTest::newRow("post ruled out: basic")
            << list({"client_secret_basic", "private_key_jwt"}) << ClientAuthentication::ClientSecretPost
            << ClientAuthentication::ClientSecretBasic
            << "Client authentication set to client_secret_basic, which the provider supports.";
        QTest::newRow("only client_secret_jwt")
            << list({"client_secret_jwt"}) << ClientAuthentication::ClientSecretBasic
            << ClientAuthentication::ClientSecretJwt
            << "Client authentication set to client_secret_jwt, which the provider supports.";
        QTest::newRow("only private_key_jwt")
            << list({"private_key_jwt"}) << ClientAuthentication::ClientSecretBasic
            << ClientAuthentication::PrivateKeyJwt
            << "Client authentication set to private_key_jwt: import your private key.";
        QTest::newRow("only mutual TLS")
            << list({"tls_client_auth", "self_signed_tls_client_auth"})
            << ClientAuthentication::ClientSecretBasic << ClientAuthentication::ClientSecretBasic
            << "The provider supports only client authentication Tokenscope does not speak "
               "(tls_client_auth, self_signed_tls_client_auth).";
        QTest::newRow("public client, none not listed")
            << list({"client_secret_basic"}) << ClientAuthentication::None << ClientAuthentication::None
            << QString();
    }
    void clientAuthentication()
    {
        QFETCH(QStringList, supported);
        QFETCH(ClientAuthentication, configured);
        QFETCH(ClientAuthentication, expected);
        QFETCH(QString, note);
        ProviderMetadata metadata = minimal();
        metadata.tokenEndpointAuthMethodsSupported = supported;
        ClientConfig config;
        config.clientAuthentication = configured;
        const AppliedMetadata applied = applyDiscovered(metadata, &config, false);
        QCOMPARE(toString(config.clientAuthentication), toString(expected));
        QCOMPARE(applied.notes, note.isEmpty() ? QStringList() : QStringList {note});
        QVERIFY(!applied.advancedSettingChanged);
    }

    // Without a JWKS URI the ID token's signature cannot be checked: the user is told.
    void noJwksUri()
    {
        ProviderMetadata metadata = minimal();
        metadata.jwksUri = {};
        ClientConfig config;
        config.jwksUri = url("https://old.example/jwks");
        const AppliedMetadata applied = applyDiscovered(metadata, &config, false);
        QVERIFY(config.jwksUri.isEmpty());
        QCOMPARE(applied.notes,
            QStringList {QStringLiteral(
                "The provider publishes no JWKS URI: ID token signatures cannot be checked.")});
    }

    // Several notes in one status line, in this order: PAR, PKCE, client authentication, JWKS.
    void notesInOrder()
    {
        ProviderMetadata metadata = minimal();
        metadata.jwksUri = {};
        metadata.pushedAuthorizationRequestEndpoint = url("https://op.example/par");
        metadata.requirePushedAuthorizationRequests = true;
        metadata.codeChallengeMethodsSupported = {QStringLiteral("plain")};
        metadata.tokenEndpointAuthMethodsSupported = {QStringLiteral("client_secret_post")};
        ClientConfig config;
        const AppliedMetadata applied = applyDiscovered(metadata, &config, false);
        QCOMPARE(applied.notes.size(), 4);
        QVERIFY(applied.notes.at(0).contains(QLatin1String("pushed authorization requests")));
        QVERIFY(applied.notes.at(1).contains(QLatin1String("PKCE plain")));
        QVERIFY(applied.notes.at(2).contains(QLatin1String("client_secret_post")));
        QVERIFY(applied.notes.at(3).contains(QLatin1String("JWKS URI")));
    }
};

QTEST_GUILESS_MAIN(TestApplyMetadata)
#include "tst_applymetadata.moc"
