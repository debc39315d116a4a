#pragma once

#include "environment.h"
#include "httpmessage.h"
#include "variables.h"

#include <QList>
#include <QString>

namespace Tokenscope::Workspace {

// Whether a header of this name carries a credential: Authorization, Proxy-Authorization, Cookie,
// X-Api-Key and names with token, secret, password, session or api key in them.
bool isSecretHeaderName(const QString& name);
// Whether this value of such a header holds the credential itself rather than {{variables}} standing
// for it: "Bearer eyJ…" does, "Bearer {{token}}" does not.
bool holdsLiteralSecret(const QString& value);
// Whether a switched-off query parameter is a credential typed in clear: access_token=eyJ…, api_key=….
bool holdsLiteralSecret(const Http::DisabledQueryParameter& parameter);

// A draft's header values that are secrets, moved into secret variables of the environment (whose values
// live in the keychain) and replaced by {{name}}; variables is extended with the new ones (a value already
// held by a secret variable reuses it). A literal basic-auth password moves the same way. Returns the names
// of the variables it created.
QStringList moveSecretHeadersToVariables(Http::HttpRequest* draft, QList<Http::Variable>* variables);
// The same for every open request, in tab order: a literal typed into two tabs becomes one variable.
QStringList moveSecretHeadersToVariables(OpenRequests* open, QList<Http::Variable>* variables);

} // namespace Tokenscope::Workspace
