#pragma once

#include "accesstokenprovider.h"
#include "httpmessage.h"
#include "variables.h"

#include <QByteArray>
#include <QStringList>

#include <optional>

namespace Tokenscope::Http {

// Whether the request sends the environment's access token (and so needs one, and the token-destination
// question applies to it).
bool usesAccessToken(const HttpRequest& request);
// Whether that token goes in the Authorization header, where a header the user typed overrides it.
bool tokenInAuthorizationHeader(const HttpRequest& request);
// Whether the request carries a credential that is not the access token (basic auth, a variable's token).
bool carriesOwnCredential(const HttpRequest& request);

// Where the credential goes on the wire for the request's auth style.
struct AppliedAuth
{
    QByteArray headerName; // empty: no header
    QByteArray headerValue;
    QString queryName; // empty: nothing added to the URL
    QString queryValue;
    QStringList unresolved;
    bool empty = false; // the style names a header or parameter but none was given
};

// token: the environment's access token when usesAccessToken(request).
AppliedAuth applyAuth(const HttpRequest& request, const std::optional<AccessTokenProvider::Token>& token,
    const QList<Variable>& variables);

} // namespace Tokenscope::Http
