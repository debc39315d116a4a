#pragma once

#include "collection.h"
#include "error.h"

#include <QList>
#include <QString>

namespace Tokenscope::Workspace {

// The collections of a workspace: <workspace>/collections/<id>.json, one file per collection, the folder
// readable by the owner only. A file that cannot be read (corrupt, or written by a newer Tokenscope) is
// reported and left as it is: never overwritten, the others load.
class CollectionStore final
{
public:
    explicit CollectionStore(const QString& workspaceDirectory);

    QString directory() const;
    // Empty for an id that cannot name a file (only letters, digits, '-' and '_' can).
    QString filePath(const QString& collectionId) const;

    struct LoadResult
    {
        QList<Collection> collections; // by name
        QList<Error> problems; // one per file left out, naming it
    };
    LoadResult load();
    // Atomic, mode 0600; refused for a file that could not be read at load (it stays as it is).
    Error save(const Collection& collection) const;
    Error remove(const QString& collectionId) const;

private:
    QString m_directory;
    QStringList m_unreadable; // the files of the last load that were left out
};

} // namespace Tokenscope::Workspace
