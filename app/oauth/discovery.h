#pragma once

#include "clientconfig.h"
#include "error.h"
#include "httpmessage.h"

#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <functional>
#include <optional>

namespace Tokenscope::Http {
class NetworkClient;
}

namespace Tokenscope::OAuth {

// What a provider says about itself (RFC 8414 §2, OIDC Discovery §3). A list that the document does not
// carry is empty here; the helpers below apply the defaults the RFC gives for absent lists.
struct ProviderMetadata
{
    QString issuer; // exactly as the document wrote it
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    QUrl userinfoEndpoint;
    QUrl jwksUri;
    QUrl revocationEndpoint;
    QUrl introspectionEndpoint;
    QUrl endSessionEndpoint;
    QUrl deviceAuthorizationEndpoint;
    QUrl pushedAuthorizationRequestEndpoint;
    QStringList scopesSupported;
    QStringList responseTypesSupported;
    QStringList responseModesSupported;
    QStringList grantTypesSupported;
    QStringList codeChallengeMethodsSupported;
    QStringList tokenEndpointAuthMethodsSupported;
    QStringList idTokenSigningAlgValuesSupported;
    bool authorizationResponseIssParameterSupported = false; // RFC 9207 §3
    bool requirePushedAuthorizationRequests = false; // RFC 9126 §5
    QJsonObject document; // the whole document, for showing what the provider said

    friend bool operator==(const ProviderMetadata&, const ProviderMetadata&) = default;
};

struct DiscoveryOutcome
{
    std::optional<ProviderMetadata> metadata;
    // Null when discovery succeeded. Its code, one of ours (like TokenOutcome's): "bad_issuer_url" (not an
    // absolute http(s) URL without query and fragment), "network", "timeout", "too_large",
    // "untrusted_certificate", "redirect", "http_error", "not_found", "html_body", "non_json",
    // "not_an_object", "missing_<field>", "invalid_<field>" (a field of the wrong type or shape),
    // "issuer_mismatch", "insecure_endpoint".
    Error error;
    // With "issuer_mismatch": the issuer the document declares, so the user can adopt it in one step
    // (after checking it is the provider they meant).
    QString declaredIssuer;
    QUrl documentUrl; // where the document (or the last failure) came from

    bool ok() const { return error.isNull(); }
};

// <issuer>/.well-known/openid-configuration, a terminating "/" of the issuer removed first (OIDC
// Discovery §4.1). Invalid for an issuer that is not an absolute http(s) URL without query and fragment.
QUrl openIdConfigurationUrl(const QString& issuer);
// <scheme://host>/.well-known/oauth-authorization-server<issuer path>, terminating "/" removed (RFC 8414
// §3.1).
QUrl authorizationServerMetadataUrl(const QString& issuer);

// Reads a metadata document with strict types: a string where a string belongs, arrays of strings, JSON
// booleans; endpoints absolute http(s) URLs without fragment. Requires issuer, authorization_endpoint and
// token_endpoint (what the authorization code flow needs). Does not compare the issuer.
DiscoveryOutcome parseProviderMetadata(const QJsonObject& document);

// The whole check of one discovery response: HTTP status, body, document, the issuer equal to
// expectedIssuer (OIDC Discovery §4.3, RFC 8414 §3.3), and https endpoints under an https issuer.
DiscoveryOutcome interpretDiscoveryResponse(
    const Http::HttpResponse& response, const QString& expectedIssuer);

// The token endpoint authentication to use. Without a secret: None (a public client with PKCE, RFC 8252
// §8.1; Keycloak and others omit "none" from the list yet accept public clients). With one:
// client_secret_basic when listed or when the list is absent (RFC 8414 §2 default), else
// client_secret_post, else None when that is all the server lists, else client_secret_jwt. nullopt: the
// server lists only methods that need something other than a secret (private_key_jwt needs a key the user
// imports; tls_client_auth, …).
std::optional<ClientAuthentication> recommendedClientAuthentication(
    const ProviderMetadata& metadata, bool hasSecret);

// "S256", unless the server lists "plain" and not "S256" (RFC 7636 §4.2: plain only when S256 is
// impossible). An absent list still gets S256: sending PKCE to a server that ignores it is harmless.
QString recommendedPkceMethod(const ProviderMetadata& metadata);

// The configuration with the provider's issuer, endpoints (PAR's too) and jwks_uri, requireIssuerInResponse
// from authorization_response_iss_parameter_supported (RFC 9207 §3), and usePar switched on when the
// provider requires pushed authorization requests (RFC 9126 §5; never switched off here). Client id, scope,
// redirect URI and the authentication method stay as the user set them.
ClientConfig applyProviderMetadata(ClientConfig config, const ProviderMetadata& metadata);

// Fetches a provider's metadata from its issuer: the OpenID configuration first, then, if that is not
// there (404, or not JSON), the RFC 8414 form. The issuer in the document must equal the one asked for,
// character for character: a trailing slash more or less is a mismatch too, because the issuer is later
// compared exactly with `iss` in authorization responses (RFC 9207) and ID tokens (OIDC Core §3.1.3.7),
// and a near-match accepted here would fail there or, worse, let a look-alike in. The error names the
// issuer the document declares (DiscoveryOutcome::declaredIssuer) so the user can correct it at once.
class Discovery final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Discovery)

public:
    using Handler = std::function<void(const DiscoveryOutcome&)>;

    explicit Discovery(Http::NetworkClient* network, QObject* parent = nullptr);

    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    // As ClientConfig::trustedCertificates: a sandbox provider's self-signed certificate the user trusts.
    void setTrustedCertificates(const QList<CertificateFingerprint>& fingerprints)
    {
        m_trustedCertificates = fingerprints;
    }

    // Calls handler exactly once on the thread of context (not null), never before returning, unless
    // context is destroyed first. Leading and trailing white space of issuer is ignored; nothing else of
    // it is changed.
    void discover(const QString& issuer, QObject* context, Handler handler);
    // The document at documentUrl itself (a provider template, an imported discovery URL), checked like
    // discover's. An empty expectedIssuer takes the issuer the document names; the caller decides whether
    // that issuer is acceptable (documentUrlFitsIssuer in providertemplates.h).
    void discoverDocument(
        const QUrl& documentUrl, const QString& expectedIssuer, QObject* context, Handler handler);

private:
    void fetch(const QUrl& url, const QString& purpose, QObject* context,
        std::function<void(const Http::HttpResponse&)> handler);

    Http::NetworkClient* m_network;
    std::chrono::milliseconds m_timeout {15000};
    QList<CertificateFingerprint> m_trustedCertificates;
};

} // namespace Tokenscope::OAuth
