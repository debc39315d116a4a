#pragma once

// The engine parts the OAuth tests set up around the unit under test, as the application wires them,
// against the OpenID provider fixture or scripted servers.

#include "clientconfig.h"
#include "discovery.h"
#include "flowlog.h"
#include "httpmessage.h"
#include "jwksclient.h"
#include "networkclient.h"
#include "oidcfixture.h"
#include "scriptedserver.h"
#include "tokenclient.h"
#include "tokenendpoints.h"

#include <QTest>

#include <optional>

namespace Tokenscope::Tests {

// An answer as the network client hands it to a reader: status, body and (unless empty) Content-Type.
inline Http::HttpResponse httpResponse(
    int status, const QByteArray& body, const QByteArray& contentType = "application/json")
{
    Http::HttpResponse response;
    response.status = status;
    response.body = body;
    if (!contentType.isEmpty())
        response.headers.append(Http::RawHeader(QByteArray("Content-Type"), contentType));
    return response;
}

// Holds the one answer of a handler-style call, for QTRY_VERIFY(answer.value).
template<typename Outcome>
struct Answer
{
    std::optional<Outcome> value;
    auto handler()
    {
        return [this](const Outcome& outcome) { value = outcome; };
    }
};

// One network client that records into one flow log, and the token and key-set clients on it: what a
// sign-in flow or token session runs on.
struct FlowEngine
{
    Http::FlowLog log;
    Http::NetworkClient network;
    OAuth::TokenClient tokenClient {&network};
    OAuth::JwksClient keys {&network};

    FlowEngine() { network.setFlowLog(&log); }
};

// Revocation, introspection, UserInfo and token endpoints on one scripted server, and a confidential
// client of it (client_secret_basic, an id that needs form-encoding in the Basic header).
struct ScriptedEndpoints
{
    ScriptedServer server;
    Http::FlowLog log;
    Http::NetworkClient network {nullptr};
    OAuth::JwksClient keys {&network};
    OAuth::TokenEndpoints endpoints {&network, &keys};
    OAuth::ClientConfig config;

    ScriptedEndpoints()
    {
        network.setFlowLog(&log);
        endpoints.setTimeout(std::chrono::milliseconds(3000));
    }
    bool start()
    {
        if (!server.start())
            return false;
        config.issuer = QStringLiteral("https://id.example.test");
        config.tokenEndpoint = server.url(QStringLiteral("/token"));
        config.revocationEndpoint = server.url(QStringLiteral("/revoke"));
        config.introspectionEndpoint = server.url(QStringLiteral("/introspect"));
        config.userinfoEndpoint = server.url(QStringLiteral("/userinfo"));
        config.clientId = QStringLiteral("client id:1");
        config.clientAuthentication = OAuth::ClientAuthentication::ClientSecretBasic;
        return true;
    }
};

// One of the fixture's registered clients, with the endpoints Discover would find (issuer,
// authorization, token, JWKS), the scope most tests ask for and the loopback redirect URI the fixture
// accepts on any port.
inline OAuth::ClientConfig fixtureConfig(const OidcFixture& fixture, const QString& clientId,
    OAuth::ClientAuthentication authentication = OAuth::ClientAuthentication::None)
{
    OAuth::ClientConfig config;
    config.issuer = fixture.issuer().toString();
    config.authorizationEndpoint = fixture.url(QStringLiteral("/auth"));
    config.tokenEndpoint = fixture.url(QStringLiteral("/token"));
    config.jwksUri = fixture.url(QStringLiteral("/jwks"));
    config.clientId = clientId;
    config.clientAuthentication = authentication;
    config.scope = QStringLiteral("openid profile demo.read");
    config.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
    return config;
}

// The configuration Discover makes for base: the fixture's metadata, fetched over network from its
// issuer alone, applied to base. Empty, with error set, when discovery does not succeed.
inline std::optional<OAuth::ClientConfig> discoveredConfig(
    const OidcFixture& fixture, const OAuth::ClientConfig& base, Http::NetworkClient* network, QString* error)
{
    OAuth::Discovery discovery(network);
    std::optional<OAuth::DiscoveryOutcome> outcome;
    QObject context;
    discovery.discover(fixture.issuer().toString(), &context,
        [&outcome](const OAuth::DiscoveryOutcome& result) { outcome = result; });
    if (!QTest::qWaitFor([&outcome] { return outcome.has_value(); }, 15000)) {
        *error = QStringLiteral("discovery did not finish in time");
        return std::nullopt;
    }
    if (!outcome->ok()) {
        *error = outcome->error.toText();
        return std::nullopt;
    }
    return OAuth::applyProviderMetadata(base, *outcome->metadata);
}

} // namespace Tokenscope::Tests
