#pragma once

#include "error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

// OpenSSL's EVP_PKEY, declared here so that users of this header need no OpenSSL headers.
struct evp_pkey_st;

namespace Tokenscope::Jwt {

// One public signing key from a provider's JWKS (RFC 7517 §4), ready for OpenSSL. Only keys that can
// verify a JWS signature are kept: RSA, EC P-256/P-384 and OKP Ed25519.
struct Jwk
{
    QString kty; // "RSA", "EC" or "OKP"
    QString crv; // "P-256", "P-384", "Ed25519"; empty for RSA
    QString kid; // may be empty
    QString use; // "sig" or empty
    QString alg; // may be empty; when set, the only algorithm this key verifies
    int bits = 0; // RSA modulus size, or the curve's size
    QString thumbprint; // RFC 7638 SHA-256 thumbprint, base64url: a stable name to show
    std::shared_ptr<evp_pkey_st> key; // the public key; shared because EVP_PKEY is immutable once built
};

// A key of the set that cannot be used, and why (RFC 7517 §5: such keys are ignored, not fatal).
struct SkippedJwk
{
    int index = -1; // position in "keys"
    QString kid;
    QString reason; // readable, e.g. "an encryption key (use “enc”)"
};

struct JwkSet
{
    QList<Jwk> keys;
    QList<SkippedJwk> skipped;
};

struct JwkSetParse
{
    std::optional<JwkSet> set; // empty when the document is not a JWK Set at all
    Error error;
    bool ok() const { return set.has_value(); }
};

// Parses a JWK Set document (RFC 7517 §5). Unusable keys are skipped and listed, never fatal: a
// provider may publish encryption keys or algorithms this client does not know beside its signing keys.
JwkSetParse parseJwkSet(const QByteArray& json);

// Parses one JWK. On failure returns nothing and, if given, sets reason to a readable explanation.
std::optional<Jwk> parseJwk(const QJsonObject& object, QString* reason = nullptr);

// RFC 7638 JWK thumbprint (SHA-256, base64url without padding) from the required public members.
// Empty for a kty this client does not support.
QString jwkThumbprint(const QJsonObject& object);

} // namespace Tokenscope::Jwt
