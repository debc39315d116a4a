#pragma once

#include "certificatefingerprint.h"
#include "error.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

namespace Tokenscope::Http {
class NetworkClient;
}

namespace Tokenscope::OAuth {

class Discovery;
class JwksClient;
struct ClientConfig;

enum class VerdictStatus {
    NotChecked, // no key source, or a form that has no signature to check (JWE, opaque); see reason
    Valid, // alg and keyId say which key verified
    InvalidSignature, // the key fits, the signature does not match: changed or forged
    UnknownKey, // no published key has the token's kid, also after fetching the JWKS once more
    UnsupportedAlgorithm, // an alg outside Jwt::supportedAlgorithms(), or no published key fits it
    AlgNone, // alg "none" or missing: not signed at all
    SharedSecret, // HS256/384/512: cannot be checked with public keys
    KeysUnavailable, // the JWKS or discovery could not be fetched (network, TLS, HTTP error); see error
    Malformed, // not a readable JWS, or a crit header
};

// Where the provider's keys come from, in this order: jwksUri when set, else OpenID discovery of issuer.
struct KeySource
{
    QUrl jwksUri;
    QString issuer;
    QList<CertificateFingerprint> trustedCertificates; // as ClientConfig::trustedCertificates

    bool isEmpty() const { return jwksUri.isEmpty() && issuer.trimmed().isEmpty(); }
    // The environment's: its jwksUri, else its issuer.
    static KeySource fromConfig(const ClientConfig& config);
};

struct SignatureVerdict
{
    VerdictStatus status = VerdictStatus::NotChecked;
    QString summary; // one translated line, e.g. "Valid signature (RS256, key “k1”)"
    QString reason; // more detail in plain words; empty when the summary says it all
    Error error; // KeysUnavailable: the fetch's error (code "jwks_network", "network", "http_error", …)
    QString alg; // the token's alg as written
    QString keyId; // Valid: the kid of the key that verified (may be empty)
    QString keyThumbprint; // Valid: its RFC 7638 thumbprint
    QUrl jwksUri; // the key set used (from the source or from discovery)
    QString discoveredIssuer; // the issuer discovery confirmed; empty when discovery was not used
    bool keysFetchedAgain = false; // the JWKS was fetched a second time for an unknown kid

    bool ok() const { return status == VerdictStatus::Valid; }
};

// Checks a token's signature with the provider's keys, as a support tool would: it never refuses to
// answer, it says what it found. Decoding needs no network; only this does.
class SignatureVerifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignatureVerifier)

public:
    using Handler = std::function<void(const SignatureVerdict&)>;

    // jwksClient is not owned and may be shared with the session (its cache then serves both); network is
    // used for discovery.
    explicit SignatureVerifier(
        Http::NetworkClient* network, JwksClient* jwksClient, QObject* parent = nullptr);

    // token: any text inspectToken accepts ("Bearer " prefix allowed). Calls handler exactly once on
    // context's thread, never before returning, unless context is destroyed first.
    void verify(const QString& token, const KeySource& source, QObject* context, Handler handler);

private:
    void verifyWithKeys(const QString& token, const QUrl& jwksUri, const KeySource& source,
        const QString& discoveredIssuer, QObject* context, Handler handler);

    Http::NetworkClient* m_network;
    JwksClient* m_jwksClient;
    Discovery* m_discovery;
};

} // namespace Tokenscope::OAuth
