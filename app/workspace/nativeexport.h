#pragma once

// Tokenscope's own files for sharing a collection or an environment: everything it holds except secret
// values, which stay in the keychain (the export says which were left out). The window's File ▸ Export
// and the command line use these.

#include "collection.h"
#include "environment.h"
#include "error.h"

#include <QByteArray>
#include <QLatin1String>
#include <QStringList>

namespace Tokenscope::Workspace {

struct NativeExport
{
    QByteArray json; // indented, keys sorted
    // One sentence per secret value left out, with where and its name ("Collection: the value of secret
    // variable “apiKey” was left out."). Empty: the export held no secret.
    QStringList secrets;
};

// The "format" of an exported environment file.
constexpr QLatin1String nativeEnvironmentFormat("tokenscope-environment");
constexpr int nativeEnvironmentVersion = 1;

// The collection file as the workspace keeps it (collectionToBytes, {"format": 1, …}): read it back with
// collectionFromBytes. Secret variables keep their name without a value; a credential typed in clear
// (a header, a secret-named form field, a disabled query parameter, a basic-auth password) is written
// empty.
NativeExport exportNativeCollection(const Collection& collection);

// {"format": "tokenscope-environment", "version": 1, "id", "name", "variables", "oauth", "signIn",
// "apiBaseUrls", "production"}: the workspace file's entry for the environment, without its open requests.
// Secret variables keep their name without a value; the client secret and tokens are never in it.
NativeExport exportNativeEnvironment(const Environment& environment);

// Reads such a file as a new environment (a new id) for the caller to add; its secret variables hold no
// value. sourceName names the file in the error. *skipped (if given) gets a sentence per entry left out.
Error importNativeEnvironment(const QByteArray& json, const QString& sourceName, Environment* environment,
    QStringList* skipped = nullptr);
Error importNativeEnvironmentFile(
    const QString& path, Environment* environment, QStringList* skipped = nullptr);

} // namespace Tokenscope::Workspace
