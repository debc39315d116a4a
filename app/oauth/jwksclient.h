#pragma once

#include "certificatefingerprint.h"
#include "error.h"
#include "httpmessage.h"
#include "jwk.h"

#include <QHash>
#include <QObject>
#include <QUrl>

#include <chrono>
#include <functional>
#include <optional>

namespace Tokenscope::Http {
class NetworkClient;
}

namespace Tokenscope::OAuth {

struct JwksOutcome
{
    std::optional<Jwt::JwkSet> keys;
    // Null on success. Its code: "bad_jwks_uri", the codes of EndpointAnswer ("timeout", "network",
    // "untrusted_certificate", "http_error", "html_body", "non_json", …) or "not_a_key_set" (a JSON object
    // without a "keys" array).
    Error error;
    bool fromCache = false; // served from this session's cache, not fetched just now

    bool ok() const { return error.isNull(); }
};

// Reads the answer of a jwks_uri: HTTP status, body, and the JWK Set (RFC 7517 §5).
JwksOutcome interpretJwksResponse(const Http::HttpResponse& response);

// Fetches a provider's public keys (its JWKS, OIDC Discovery jwks_uri) and keeps them for the session,
// per URI, so that every sign-in does not cost a request. A token signed with a key the cache does not
// hold asks for Fetch::Again once (OIDC Core §10.1.1: the provider may have rotated its keys).
class JwksClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JwksClient)

public:
    enum class Fetch {
        CachedOrNew, // the cached set if there is one
        Again, // always from the network; replaces the cached set on success
    };
    using Handler = std::function<void(const JwksOutcome&)>;

    explicit JwksClient(Http::NetworkClient* network, QObject* parent = nullptr);

    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    // Calls handler exactly once on the thread of context (not null), never before returning, unless
    // context is destroyed first. trustedCertificates: as ClientConfig::trustedCertificates.
    void keys(const QUrl& jwksUri, const QList<CertificateFingerprint>& trustedCertificates, Fetch fetch,
        QObject* context, Handler handler);
    // Drops every cached key set.
    void clear() { m_cache.clear(); }

private:
    Http::NetworkClient* m_network;
    std::chrono::milliseconds m_timeout {15000};
    QHash<QString, Jwt::JwkSet> m_cache; // by jwks URI, fully encoded, and the certificates trusted
};

} // namespace Tokenscope::OAuth
