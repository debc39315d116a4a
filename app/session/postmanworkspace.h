#pragma once

#include "collection.h"
#include "collectionstore.h"
#include "environment.h"
#include "error.h"
#include "postmanimport.h"

#include <QObject>
#include <QString>

#include <functional>

namespace Tokenscope::Workspace {

class AppSession;

// Postman files taken into a workspace, the same way for the window (File ▸ Import) and tokenscope-cli
// (import postman): the collection saved in the store, its secret values in the keychain, environments
// added to the session. Nothing here asks the user anything.

// Which of Postman's two kinds a file is, from its JSON alone.
enum class PostmanFileKind {
    Collection, // "info" and "item"
    Environment, // "values"
    Unknown, // neither, or not JSON: the error says why
};
PostmanFileKind postmanFileKind(const QString& path, Error* error);

// Reads the collection file and saves it as a new collection of store. Its secret values are written to
// the session's keychain (collectionSecretKey): keychainFailed is called once for each that could not be,
// with the problem (while context lives). A null Error when the collection was saved.
Error importPostmanCollectionInto(const QString& path, CollectionStore* store, AppSession* session,
    QObject* context, const std::function<void(const Error&)>& keychainFailed,
    PostmanCollectionImport* result);

// The environment for an imported OAuth block (environmentFor), added to the session with the block's
// client secret in the keychain. Returns it as added.
Environment addOAuthEnvironment(
    AppSession* session, const ImportedOAuth& oauth, const QString& collectionName);

// Reads the environment file and adds it to the session as a new environment, its secret values written
// to the keychain by the session (problems come through AppSession::problem). result->environment is the
// environment as the workspace file keeps it: secret variables without their values.
Error importPostmanEnvironmentInto(
    const QString& path, AppSession* session, PostmanEnvironmentImport* result);

// The folders and saved requests of a collection's entries, counted at every depth.
void countCollectionItems(const QList<CollectionItem>& items, int* folders, int* requests);

} // namespace Tokenscope::Workspace
