#pragma once

#include "certificatefingerprint.h"

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
    // A signed JWT assertion instead of the secret itself (RFC 7523 §2.2, OIDC Core §9): HS256 with the
    // client secret as key. The secret never leaves the machine.
    ClientSecretJwt,
    // The same, signed with the client's private key (RS256 or ES256). The PEM private key is the
    // environment's "client secret": it lives in the same keychain slot (<envId>/client_secret), so one
    // environment never holds a stale secret beside a key; the provider has the public half.
    PrivateKeyJwt,
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
    // Certificates trusted for this provider although no authority vouches for them: a sandbox's
    // self-signed certificate, chosen explicitly by the user.
    QList<CertificateFingerprint> trustedCertificates;
    // Tokens and the client secret may go over plain http to hosts other than loopback ones: the user's
    // explicit choice for a test server without TLS (RFC 6749 §10.3 and RFC 6750 §5.3 require TLS), shown
    // with a warning wherever it applies.
    bool allowPlainHttp = false;
    // RFC 7636 code challenge method: "S256" (the default), "plain" or "none" (no PKCE at all). The last
    // two only for legacy servers that cannot do S256 (§4.2); the UI says they are insecure.
    QString pkceMethod = QStringLiteral("S256");
    // Pushed authorization requests (RFC 9126): the parameters go to parEndpoint in a POST with client
    // authentication, and the browser gets only client_id and request_uri (§4). usePar is the user's
    // "always use PAR", or set by discovery when the provider requires it (§5).
    bool usePar = false;
    QUrl parEndpoint;
    // Non-standard: token and refresh request parameters in the URL query of the POST, the body empty
    // (the ZorgAPIs documentation describes its token request this way). Off by default.
    bool tokenParametersInQuery = false;
    // The "kid" header of private_key_jwt assertions, when the provider needs it to find the key.
    QString assertionKeyId;
    // The "aud" of client assertions is the issuer identifier (RFC 7523 §3), so that an assertion made
    // for one endpoint cannot be replayed at the token endpoint of another issuer. Some providers accept
    // only their token endpoint URL there; for them this is set (the workspace file's
    // "assertionAudience": "token_endpoint"). Without an issuer the token endpoint is the audience.
    bool assertionAudienceIsTokenEndpoint = false;
    // The endpoints were filled in from the provider's metadata (Discover): an optional endpoint left
    // empty is one the provider does not offer, not one still to be filled in.
    bool endpointsDiscovered = false;
    // The provider's id_token_signing_alg_values_supported, from its metadata: an ID token signed with
    // another algorithm is refused. Empty: not known, the signature check's own allow-list applies.
    QStringList idTokenSigningAlgorithms;

    bool requestsOpenId() const;
    bool needsClientSecret() const { return clientAuthentication != ClientAuthentication::None; }
    bool usesPkce() const { return pkceMethod != QLatin1String("none"); }

    friend bool operator==(const ClientConfig&, const ClientConfig&) = default;
};

QString toString(ClientAuthentication method);
ClientAuthentication clientAuthenticationFromString(const QString& text);
// "authorization_code", "client_credentials", "device_code" (the workspace file's words).
QString toString(Grant grant);
Grant grantFromString(const QString& text);

} // namespace Tokenscope::OAuth
