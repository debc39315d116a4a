#pragma once

#include "clientconfig.h"
#include "collection.h"
#include "environment.h"
#include "error.h"
#include "variables.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Tokenscope::Workspace {

// Something of the imported file that Tokenscope did not take over, or took over differently.
struct ImportNote
{
    QString path; // "Folder/Sub/Request name"; empty: the collection or environment itself
    QString key; // the Postman key: "event", "response", "auth.digest", "protocolProfileBehavior.…"
    QString reason; // a sentence for the user

    friend bool operator==(const ImportNote&, const ImportNote&) = default;
};

// Per item, what was not mapped and why: shown to the user after an import.
struct ImportReport
{
    QList<ImportNote> notes;
    bool fromEnvironment = false; // an environment file's report: its own notes are "(environment)"

    bool isEmpty() const { return notes.isEmpty(); }
    // The notes for one path (empty: the collection's own).
    QList<ImportNote> notesFor(const QString& path) const;
    // One line per note: "Folder/Request: event: …".
    QStringList toLines() const;
};

// A Postman OAuth 2.0 auth block, as an environment's OAuth setup.
struct ImportedOAuth
{
    QString path; // where the block was: the collection (empty), a folder or a request
    OAuth::ClientConfig config;
    // The client secret as Postman held it: for the environment's keychain slot, never for a file.
    // Empty when there was none or it was a {{variable}} that the collection does not define.
    QString clientSecret;
    QString tokenName; // Postman's "Token Name": a name for the environment
    bool useSystemBrowser = false; // Postman's "Authorize using browser"
};

// A new environment (new id) with that OAuth setup, named after Postman's token name, else fallbackName;
// Postman's "Authorize using browser" becomes the system browser. The client secret is not in it: put
// oauth.clientSecret in its keychain slot.
Environment environmentFor(const ImportedOAuth& oauth, const QString& fallbackName);

struct PostmanCollectionImport
{
    // Secret variables hold no value here; their values are in secrets.
    Collection collection;
    // Values of the collection's secret variables: for the keychain (collectionSecretKey), never a file.
    // Besides Postman's own secret variables, credentials typed in clear (a bearer token, a basic-auth
    // password, an API key, a secret header's value) become secret variables referred to as {{name}}.
    QList<Http::Variable> secrets;
    QList<ImportedOAuth> oauth; // in document order: collection first
    ImportReport report;
};

// A Postman collection v2.0 or v2.1 (https://schema.getpostman.com/json/collection/v2.1.0/). sourceName
// names the file in the error, whose detail says where the input is wrong ("item[3].request.url: …").
Error importPostmanCollection(
    const QByteArray& json, const QString& sourceName, PostmanCollectionImport* result);

struct PostmanEnvironmentImport
{
    // A new environment (new id) with the file's variables; secret ones hold no value here.
    Environment environment;
    QList<Http::Variable> secrets; // for the keychain (secretVariableKey), never a file
    ImportReport report;
};

// A Postman environment file: {"name", "values": [{"key", "value", "enabled", "type"}]}.
Error importPostmanEnvironment(
    const QByteArray& json, const QString& sourceName, PostmanEnvironmentImport* result);

// The same, read from a file (its name in the error; a file that cannot be read is an error too).
Error importPostmanCollectionFile(const QString& path, PostmanCollectionImport* result);
Error importPostmanEnvironmentFile(const QString& path, PostmanEnvironmentImport* result);

} // namespace Tokenscope::Workspace
