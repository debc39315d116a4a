#pragma once

#include "http/error.h"

#include <QDateTime>
#include <QString>

namespace Tokenscope::OAuth {

// What an ID token from this sign-in must say (OIDC Core §3.1.3.7).
struct IdTokenExpectations
{
    QString issuer; // empty: not configured, not checked
    QString clientId;
    QString nonce; // the one sent in the authorization request
    QDateTime now;
    int leewaySeconds = 300; // clock skew between this computer and the provider
};

struct IdTokenCheck
{
    QString errorCode; // OAUTH-CLIENT-RULES case name, e.g. "nonce-invalid"; empty when accepted
    Error error;
    bool ok() const { return errorCode.isEmpty(); }
};

// Checks the claims of an ID token. The signature is not verified here (that needs the provider's
// JWKS); until it is, the claims are only used to show who signed in, never to grant anything.
IdTokenCheck checkIdTokenClaims(const QString& idToken, const IdTokenExpectations& expected);

} // namespace Tokenscope::OAuth
