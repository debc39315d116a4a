#pragma once

#include "error.h"
#include "httpmessage.h"
#include "variables.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace Tokenscope::Workspace {

// One entry of a collection: a folder of entries or a saved request.
struct CollectionItem
{
    enum class Kind {
        Folder,
        Request,
    };
    Kind kind = Kind::Request;
    QString id; // stable across renames and moves
    QString name;
    QString description; // as written (Markdown in Postman's collections)
    // Folder: how the requests in it send a credential; Inherit: as the folder or collection around it.
    // A request keeps its own in request.auth, where Inherit means the same.
    Http::RequestAuth auth;
    QList<CollectionItem> items; // a folder's entries, in order
    Http::HttpRequest request; // a request's

    bool isFolder() const { return kind == Kind::Folder; }
    // Not defaulted: the comparison of items recurses into QList<CollectionItem>.
    friend bool operator==(const CollectionItem& a, const CollectionItem& b);
};

// Saved requests in nested folders, with the variables and the auth they share. A secret variable's
// value is not part of the file: the caller keeps it in the keychain (collectionSecretKey).
struct Collection
{
    QString id; // stable across renames; names the keychain entries of its secret variables
    QString name;
    QString description;
    QList<Http::Variable> variables;
    // How its requests send a credential unless a folder or the request says otherwise; Inherit: as
    // the environment says (its access token).
    Http::RequestAuth auth;
    QList<CollectionItem> items;

    friend bool operator==(const Collection&, const Collection&) = default;
};

QString newCollectionItemId();
// The keychain key of a collection's secret variable.
QString collectionSecretKey(const QString& collectionId, const QString& variableName);

// The entry at path (indexes from the top), or nullptr.
const CollectionItem* itemAt(const Collection& collection, const QList<int>& path);
// The auth the request at path sends with: its own, else the nearest folder's, else the collection's
// (Inherit when none says: the environment's access token).
Http::RequestAuth effectiveAuth(const Collection& collection, const QList<int>& path);
// Every saved request, depth first, with its folder path: "Folder/Sub/Request name".
struct CollectionRequestEntry
{
    QString path;
    QList<int> indexes;
};
QList<CollectionRequestEntry> collectionRequests(const Collection& collection);

// The native file: {"format": 1, …}. Keys sorted, indented, secret values never written.
constexpr int collectionFormat = 1;
QJsonObject collectionToJson(const Collection& collection);
QByteArray collectionToBytes(const Collection& collection);
// fileName only names the file in the error. A null Error on success.
Error collectionFromBytes(const QByteArray& bytes, const QString& fileName, Collection* collection);

// Atomic (QSaveFile) with mode 0600.
Error saveCollectionFile(const QString& path, const Collection& collection);
Error loadCollectionFile(const QString& path, Collection* collection);

} // namespace Tokenscope::Workspace
