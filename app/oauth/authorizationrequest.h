#pragma once

#include "clientconfig.h"
#include "pkce.h"

#include <QUrl>

namespace Tokenscope::OAuth {

// One authorization request in flight: what was sent, so the response can be checked against it.
// State is one-shot (RFC 6749 §10.12): once a callback consumed it, a replay is refused.
struct PendingAuthorization
{
    QUrl url;
    QUrl redirectUri;
    QString state;
    QString nonce; // set when openid is requested (OIDC Core §3.1.2.1)
    PkcePair pkce;
    QString scope;
    QString expectedIssuer;
    bool issuerRequired = false;
    bool consumed = false;
};

PendingAuthorization createAuthorizationRequest(const ClientConfig& config);

} // namespace Tokenscope::OAuth
