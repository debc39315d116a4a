#pragma once

#include "error.h"
#include "jwk.h"
#include "jwt.h"

#include <QString>
#include <QStringList>

namespace Tokenscope::Jwt {

enum class VerifyStatus {
    Valid,
    BadSignature, // a key fits, but the signature does not match it
    UnknownKid, // no key with the token's kid: fetch the JWKS again, once, then give up
    AlgorithmRefused, // alg none/missing, a shared-secret (HS*) alg, unsupported or not allowed
    NoSuitableKey, // keys exist, but none is of the type, curve or alg the token needs
    Malformed, // not a compact JWS, or a header this client must refuse (crit)
};

struct VerifyOptions
{
    // The algorithms the caller expects, e.g. the one registered for the client or the provider's
    // id_token_signing_alg_values_supported (RFC 8725 §3.1: the header never chooses alone). Empty: any
    // of supportedAlgorithms(). Names that are not supported are never accepted.
    QStringList allowedAlgorithms;
};

struct VerifyResult
{
    VerifyStatus status = VerifyStatus::Malformed;
    QString caseName; // case name of docs/oauth-client-rules.md ("bad-sig", "alg-none", …); empty when valid
    Error error; // null when valid
    QString alg; // the token's alg, as written
    QString keyId; // when valid: the kid of the key that verified (may be empty)
    QString keyThumbprint; // when valid: RFC 7638 thumbprint of that key

    bool ok() const { return status == VerifyStatus::Valid; }
    // The provider may have rotated its keys (OIDC Core §10.1.1): fetch its JWKS once more and verify
    // again; if the kid is still unknown, the token is refused.
    bool shouldRefetchKeys() const { return status == VerifyStatus::UnknownKid; }
};

// The allow-list: RS256/384/512, PS256/384/512, ES256/384, EdDSA (Ed25519). Never none or HS*.
QStringList supportedAlgorithms();

// Verifies the JWS signature of a decoded token against a provider's public keys (RFC 7515 §5.2,
// RFC 8725). Says nothing about the claims.
VerifyResult verify(const DecodedJwt& jwt, const JwkSet& keys, const VerifyOptions& options = {});
// The same for a compact JWS; text that does not decode is Malformed.
VerifyResult verify(const QString& compact, const JwkSet& keys, const VerifyOptions& options = {});

} // namespace Tokenscope::Jwt
