#pragma once

#include "error.h"
#include "httpmessage.h"
#include "variables.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Tokenscope::Http {

// A curl command read into a request. Secrets the command held in clear (a bearer token, a password,
// an API key or cookie header, a secret query or form field) are not in the request: it refers to them
// as {{pastedToken}}-style variables, and secretVariables holds their values for the caller to store
// in the keychain. The workspace file never holds them.
struct CurlImport
{
    HttpRequest request;
    QList<Variable> secretVariables; // secret = true; store them through the SecretStore only
    QStringList notes; // what was read differently from curl, or left out (-k, a file read when sent)
    Error error; // set when the command cannot be read; it names the part that could not

    bool ok() const { return error.isNull(); }
};

// Whether pasted text is meant as a curl command (after an optional "$ " prompt).
bool looksLikeCurlCommand(const QString& text);

// Reads a curl command as a POSIX shell or Windows cmd.exe would split it (browsers' "copy as cURL",
// Postman's code snippets, API documentation). Shell variables ($TOKEN) become {{TOKEN}}. The secret
// variables it creates take names that none of existing has; a secret equal to the value of one of
// existing's secret variables refers to that variable instead and is not created again.
CurlImport parseCurlCommand(const QString& command, const QList<Variable>& existing = {});

// The request as a POSIX shell curl command. Enabled non-secret variables are written out; secret ones
// and the access token are referenced as shell variables ("$token", "$ACCESS_TOKEN") with a comment
// saying so, unless revealSecrets, which writes the values given (accessToken for the environment's
// token). Secrets typed in clear (an Authorization, Cookie or X-Api-Key header's value, the basic-auth
// password, a form field or query parameter under a secret name) become shell variables named after
// where they were typed ("$X_API_KEY", "$CLIENT_SECRET") the same way. Unknown {{variables}} stay as
// they are.
QString curlCommand(const HttpRequest& request, const QList<Variable>& variables, bool revealSecrets,
    const QString& accessToken = {});

} // namespace Tokenscope::Http
