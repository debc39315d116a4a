#pragma once

#include "clientconfig.h"
#include "formencoding.h"
#include "pkce.h"

#include <QUrl>

namespace Tokenscope::OAuth {

// One authorization request in flight: what was sent, so the response can be checked against it.
// State is one-shot (RFC 6749 §10.12): once a callback consumed it, a replay is refused.
struct PendingAuthorization
{
    QUrl url; // what the browser opens; with PAR only client_id and request_uri (RFC 9126 §4)
    // The authorization parameters this client sets (not the endpoint's own query): what PAR pushes.
    Http::FormFields parameters;
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

// The browser's URL after a pushed authorization request (RFC 9126 §4): the authorization endpoint (with
// any query it has of its own) plus client_id and request_uri, nothing else.
QUrl pushedAuthorizationUrl(const ClientConfig& config, const QString& requestUri);

} // namespace Tokenscope::OAuth
