#pragma once

#include "error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>

// OpenSSL's EVP_PKEY, declared here so that users of this header need no OpenSSL headers.
struct evp_pkey_st;

namespace Tokenscope::Jwt {

struct SignResult;

// A key this client signs with: a shared secret (HS256, OIDC Core §9 client_secret_jwt) or a private
// key the user imported as PEM (RS256 or ES256, private_key_jwt). Holds key material: never log it.
class SigningKey final
{
public:
    static SigningKey sharedSecret(const QByteArray& secret);
    // A PKCS#8 ("PRIVATE KEY") or traditional ("RSA PRIVATE KEY", "EC PRIVATE KEY") PEM, unencrypted:
    // RSA of at least 2048 bits or EC P-256. Anything else: nothing, and reason says why.
    static std::optional<SigningKey> fromPem(const QByteArray& pem, QString* reason = nullptr);
    // How many times fromPem has run in this process: lets tests prove a key is parsed once, not per use.
    static quint64 pemParseCount();

    bool isSharedSecret() const { return !m_key; }
    // HS256, RS256 or ES256: the algorithm this key signs with.
    QString algorithm() const;
    // The public half as a JWK (RFC 7517: kty, n/e or crv/x/y), for registering the key with the provider.
    // Empty for a shared secret.
    QJsonObject publicJwk() const;

private:
    SigningKey() = default;
    friend SignResult sign(QJsonObject header, const QJsonObject& payload, const SigningKey& key);

    QByteArray m_secret;
    std::shared_ptr<evp_pkey_st> m_key;
};

struct SignResult
{
    QString token; // compact JWS; empty on failure
    Error error;
    bool ok() const { return !token.isEmpty(); }
};

// Signs a JWS (RFC 7515 §7.1 compact serialization) over the compact JSON of header and payload. The
// header's "alg" must be the key's algorithm (the key decides, never the header alone: RFC 8725 §3.1);
// a missing "alg" is set from the key. ES256 signatures are raw r‖s, 64 bytes (RFC 7518 §3.4). An HS256
// secret must have at least 256 bits (RFC 7518 §3.2).
SignResult sign(QJsonObject header, const QJsonObject& payload, const SigningKey& key);

} // namespace Tokenscope::Jwt
