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

// How the environment gets its tokens.
enum class Grant {
    AuthorizationCode, // a user signs in through a browser (RFC 6749 §4.1 with PKCE)
    ClientCredentials, // a service account, no user (RFC 6749 §4.4)
    DeviceCode, // a user signs in on another device with a short code (RFC 8628)
};

// The OAuth part of an environment: where the provider is and who we are to it. The client secret is
// not here: it lives in the SecretStore only.
struct ClientConfig
{
    Grant grant = Grant::AuthorizationCode;
    QString issuer; // compared exactly with `iss` when the provider sends it (RFC 9207)
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    QUrl deviceAuthorizationEndpoint; // RFC 8628 §3.1, for Grant::DeviceCode
    // The provider's key set (JWKS, OIDC Discovery jwks_uri): the ID token's signature is checked with
    // these keys after the code exchange. Empty: only the claims are checked, and the flow log says so.
    QUrl jwksUri;
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
// "authorization_code", "client_credentials", "device_code" (the workspace file's words).
QString toString(Grant grant);
Grant grantFromString(const QString& text);

} // namespace Tokenscope::OAuth
