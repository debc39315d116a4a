#pragma once

#include "httpmessage.h"
#include "variables.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Tokenscope::Workspace {

// A composed request as the workspace file keeps it. Literal credentials (a secret header's value, a
// basic-auth password) are left out: the session moves them to the keychain first (draftsecrets.h).
QJsonObject requestToJson(const Http::HttpRequest& request);
Http::HttpRequest requestFromJson(const QJsonObject& json);
// A request's auth alone (also a collection's or folder's): a literal basic-auth password is left out.
QJsonObject authToJson(const Http::RequestAuth& auth);
Http::RequestAuth authFromJson(const QJsonObject& json);

// Variables (an environment's, a collection's): a secret variable is written with its name alone, its
// value being in the keychain; read back with an empty value.
QJsonArray variablesToJson(const QList<Http::Variable>& variables);
QList<Http::Variable> variablesFromJson(const QJsonArray& array);

// Whether a basic-auth password is the secret itself rather than {{variables}} standing for it.
bool holdsLiteralPassword(const QString& password);

} // namespace Tokenscope::Workspace
