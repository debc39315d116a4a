#include "collectionedit.h"

#include <QCoreApplication>

namespace Tokenscope::Workspace {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Workspace::Collection)
};

// The list of entries of the folder at path (the collection's own for the empty path), or nullptr.
QList<CollectionItem>* entriesAt(Collection* collection, const QList<int>& path)
{
    QList<CollectionItem>* items = &collection->items;
    for (const int index : path) {
        if (index < 0 || index >= items->size() || !(*items)[index].isFolder())
            return nullptr;
        items = &(*items)[index].items;
    }
    return items;
}

// The list holding the entry at path (not empty) and its index there, or nullptr.
QList<CollectionItem>* siblingsOf(Collection* collection, const QList<int>& path)
{
    if (path.isEmpty())
        return nullptr;
    QList<CollectionItem>* items = entriesAt(collection, path.first(path.size() - 1));
    return items && path.last() >= 0 && path.last() < items->size() ? items : nullptr;
}

void renewIds(CollectionItem* item)
{
    item->id = newCollectionItemId();
    for (CollectionItem& child : item->items)
        renewIds(&child);
}

QString copyName(const QString& name)
{
    return Text::tr("%1 copy").arg(name);
}

} // namespace

int requestCount(const QList<CollectionItem>& items)
{
    int count = 0;
    for (const CollectionItem& item : items)
        count += item.isFolder() ? requestCount(item.items) : 1;
    return count;
}

std::optional<QList<int>> addFolder(Collection* collection, const QList<int>& parent, const QString& name)
{
    QList<CollectionItem>* items = entriesAt(collection, parent);
    if (!items || name.trimmed().isEmpty())
        return std::nullopt;
    CollectionItem folder;
    folder.kind = CollectionItem::Kind::Folder;
    folder.id = newCollectionItemId();
    folder.name = name.trimmed();
    items->append(folder);
    return QList<int>(parent) << int(items->size() - 1);
}

bool renameItem(Collection* collection, const QList<int>& path, const QString& name)
{
    if (name.trimmed().isEmpty())
        return false;
    if (path.isEmpty()) {
        collection->name = name.trimmed();
        return true;
    }
    QList<CollectionItem>* items = siblingsOf(collection, path);
    if (!items)
        return false;
    (*items)[path.last()].name = name.trimmed();
    return true;
}

std::optional<QList<int>> duplicateItem(Collection* collection, const QList<int>& path)
{
    QList<CollectionItem>* items = siblingsOf(collection, path);
    if (!items)
        return std::nullopt;
    CollectionItem copy = items->at(path.last());
    renewIds(&copy);
    copy.name = copyName(copy.name);
    items->insert(path.last() + 1, copy);
    QList<int> result = path;
    ++result.last();
    return result;
}

Collection duplicateCollection(const Collection& collection, const QString& newId)
{
    Collection copy = collection;
    copy.id = newId;
    copy.name = copyName(collection.name);
    for (CollectionItem& item : copy.items)
        renewIds(&item);
    return copy;
}

bool removeItem(Collection* collection, const QList<int>& path)
{
    QList<CollectionItem>* items = siblingsOf(collection, path);
    if (!items)
        return false;
    items->removeAt(path.last());
    return true;
}

std::optional<QList<int>> moveItem(
    Collection* source, const QList<int>& from, Collection* target, QList<int> parent, int row)
{
    QList<CollectionItem>* sourceItems = siblingsOf(source, from);
    if (!sourceItems || !entriesAt(target, parent))
        return std::nullopt;
    const qsizetype depth = from.size() - 1; // where from's own index sits in a path
    if (source == target) {
        // Into itself or into a folder inside it.
        if (parent.size() >= from.size() && parent.first(from.size()) == from)
            return std::nullopt;
        // The entry leaves its list first: what came after it moves up by one.
        if (parent.size() > depth && parent.first(depth) == from.first(depth)
            && parent.at(depth) > from.last())
            --parent[depth];
        if (parent == from.first(depth) && row > from.last())
            --row;
    }
    const CollectionItem moved = sourceItems->takeAt(from.last());
    QList<CollectionItem>* targetItems = entriesAt(target, parent);
    if (row < 0 || row > targetItems->size())
        row = int(targetItems->size());
    targetItems->insert(row, moved);
    return parent << row;
}

} // namespace Tokenscope::Workspace
