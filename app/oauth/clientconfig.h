#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace Tokenscope::OAuth {

// How the client proves its identity at the token endpoint (RFC 6749 §2.3, OIDC Core §9).
enum class ClientAuthentication {
    ClientSecretBasic, // HTTP Basic with form-urlencoded id and secret (RFC 6749 §2.3.1)
    ClientSecretPost, // client_id and client_secret in the form body
    None, // public client: client_id only, protected by PKCE (RFC 8252 §8.1)
};

// The OAuth part of an environment: where the provider is and who we are to it. The client secret is
// not here: it lives in the SecretStore only.
struct ClientConfig
{
    QString issuer; // compared exactly with `iss` when the provider sends it (RFC 9207)
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    // The provider's key set (JWKS, OIDC Discovery jwks_uri): the ID token's signature is checked with
    // these keys after the code exchange. Empty: only the claims are checked, and the flow log says so.
    QUrl jwksUri;
    // Optional endpoints (empty: the provider has none, or it is not configured): token revocation
    // (RFC 7009), introspection (RFC 7662), UserInfo (OIDC Core §5.3) and RP-initiated logout.
    QUrl revocationEndpoint;
    QUrl introspectionEndpoint;
    QUrl userinfoEndpoint;
    QUrl endSessionEndpoint;
    QString clientId;
    QString scope; // space separated, as sent
    QUrl redirectUri;
    ClientAuthentication clientAuthentication = ClientAuthentication::ClientSecretBasic;
    bool requireIssuerInResponse
        = false; // the server advertises authorization_response_iss_parameter_supported
    // Sent with every authorization request (audience, resource, prompt, login_hint, B2C's p, …); they
    // never replace the protocol's own parameters (state, PKCE, nonce, redirect_uri, client_id).
    QList<QPair<QString, QString>> extraAuthorizationParameters;
    // How the provider returns the code: empty for the default (query), or "form_post" (OAuth 2.0 Form
    // Post Response Mode), which the sign-in windows read from the POST body.
    QString responseMode;
    // SHA-256 fingerprints (hex) of certificates trusted for this provider although no authority
    // vouches for them: a sandbox's self-signed certificate, chosen explicitly by the user.
    QStringList trustedCertificates;

    bool requestsOpenId() const;
    bool needsClientSecret() const { return clientAuthentication != ClientAuthentication::None; }

    friend bool operator==(const ClientConfig&, const ClientConfig&) = default;
};

QString toString(ClientAuthentication method);
ClientAuthentication clientAuthenticationFromString(const QString& text);

} // namespace Tokenscope::OAuth
