#pragma once

#include "collection.h"

#include <QList>

#include <optional>

namespace Tokenscope::Workspace {

// Editing a collection's tree. A path is the entry's indexes from the top of its collection; the empty
// path is the collection itself (the top folder). Operations on a path that names nothing change
// nothing and say so (nullopt, false).

// The saved requests among items and in all their folders.
int requestCount(const QList<CollectionItem>& items);

// A new empty folder at the end of the folder at parent; its path.
std::optional<QList<int>> addFolder(Collection* collection, const QList<int>& parent, const QString& name);

// Renames the entry at path, or the collection itself for the empty path. A name of white space only is
// refused.
bool renameItem(Collection* collection, const QList<int>& path, const QString& name);

// A copy of the entry right after it, "<name> copy", with new ids for it and everything in it; its path.
std::optional<QList<int>> duplicateItem(Collection* collection, const QList<int>& path);

// A copy of the whole collection under newId, "<name> copy", every entry with a new id. Its secret
// variables' values are in the keychain under the original's id: the caller copies them.
Collection duplicateCollection(const Collection& collection, const QString& newId);

// Removes the entry at path (a folder with everything in it).
bool removeItem(Collection* collection, const QList<int>& path);

// Moves the entry at from in source into the folder at parent of target, before row (-1 or past the end:
// last). target may be source. Refused: a folder into itself or a folder inside it, a parent that is no
// folder. The entry keeps its id; its new path.
std::optional<QList<int>> moveItem(
    Collection* source, const QList<int>& from, Collection* target, QList<int> parent, int row);

} // namespace Tokenscope::Workspace
