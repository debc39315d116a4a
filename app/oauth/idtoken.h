#pragma once

#include "error.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace Tokenscope::Jwt {
struct JwkSet;
struct VerifyResult;
} // namespace Tokenscope::Jwt

namespace Tokenscope::OAuth {

// What an ID token from this sign-in must say (OIDC Core §3.1.3.7).
struct IdTokenExpectations
{
    QString issuer; // empty: not configured, not checked
    QString clientId;
    QString nonce; // the one sent in the authorization request
    QDateTime now;
    int leewaySeconds = 300; // clock skew between this computer and the provider
    // The max_age the authorization request sent (OIDC Core §3.1.2.1): auth_time is then required and
    // must be no older. Negative: none was sent.
    qint64 maxAgeSeconds = -1;
    // The provider's id_token_signing_alg_values_supported; empty: not known, not checked.
    QStringList algorithms {};
    // An older iat is refused: an ID token is issued for the sign-in that asked for it.
    qint64 maxIatAgeSeconds = 24 * 3600;
};

struct IdTokenCheck
{
    Error error; // null when accepted; code: a case name of docs/oauth-client-rules.md, e.g. "nonce-invalid"
    bool ok() const { return error.isNull(); }
};

// Checks the claims of an ID token. The signature is checked separately by verifyIdTokenSignature
// (that needs the provider's JWKS); until it is, the claims are only used to show who signed in, never
// to grant anything.
IdTokenCheck checkIdTokenClaims(const QString& idToken, const IdTokenExpectations& expected);

// Checks the ID token's signature with the provider's published keys (OIDC Core §3.1.3.7 items 6-8,
// RFC 8725). expectedAlgorithms: the client's id_token_signed_response_alg or the provider's
// id_token_signing_alg_values_supported; empty accepts any supported asymmetric algorithm. The error
// code is a case name of docs/oauth-client-rules.md; "signing-key-rotation" means: fetch the JWKS once
// more and check again (§10.1.1), and give up if it is still unknown. details, if given, receives the
// whole verification result (the algorithm, and the key that verified, for the flow log).
IdTokenCheck verifyIdTokenSignature(const QString& idToken, const Jwt::JwkSet& jwks,
    const QStringList& expectedAlgorithms = {}, Jwt::VerifyResult* details = nullptr);

} // namespace Tokenscope::OAuth
