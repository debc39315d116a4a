// CollectionActions: editing the collections' trees from the Collections dock.

#include "appsession.h"
#include "collectionactions.h"
#include "collectionedit.h"
#include "collectionsview.h"
#include "messagebanner.h"
#include "messagebox.h"
#include "secretstore.h"

#include <QMainWindow>

namespace Tokenscope::Ui {

void CollectionActions::connectEditing()
{
    connect(m_view, &CollectionsView::newCollectionRequested, this, [this] { newCollection(); });
    connect(m_view, &CollectionsView::newFolderRequested, this, &CollectionActions::newFolder);
    connect(m_view, &CollectionsView::renameRequested, this, &CollectionActions::rename);
    connect(m_view, &CollectionsView::duplicateRequested, this, &CollectionActions::duplicate);
    connect(m_view, &CollectionsView::deleteItemRequested, this, &CollectionActions::deleteItem);
    connect(m_view, &CollectionsView::moveRequested, this, &CollectionActions::move);
}

Workspace::Collection* CollectionActions::findCollection(const QString& collectionId)
{
    const auto found = std::find_if(m_collections.begin(), m_collections.end(),
        [&collectionId](const Workspace::Collection& c) { return c.id == collectionId; });
    return found == m_collections.end() ? nullptr : &*found;
}

bool CollectionActions::store(const Workspace::Collection& collection)
{
    if (const Error error = m_store.save(collection); !error.isNull()) {
        showError(error);
        return false;
    }
    if (Workspace::Collection* existing = findCollection(collection.id))
        *existing = collection;
    else
        m_collections.append(collection);
    std::stable_sort(m_collections.begin(), m_collections.end(),
        [](const Workspace::Collection& a, const Workspace::Collection& b) {
            return a.name.toCaseFolded().localeAwareCompare(b.name.toCaseFolded()) < 0;
        });
    return true;
}

QString CollectionActions::newCollection()
{
    Workspace::Collection collection;
    collection.id = Workspace::newCollectionItemId();
    collection.name = tr("New Collection");
    if (!store(collection))
        return {};
    m_view->setVisible(true);
    m_view->setCollections(m_collections);
    m_view->editName(collection.id, {});
    return collection.id;
}

void CollectionActions::newFolder(const QString& collectionId, const QList<int>& parent)
{
    const Workspace::Collection* found = findCollection(collectionId);
    if (!found)
        return;
    Workspace::Collection edited = *found;
    const std::optional<QList<int>> path = Workspace::addFolder(&edited, parent, tr("New Folder"));
    if (!path || !store(edited))
        return;
    m_view->setCollections(m_collections);
    m_view->editName(collectionId, *path);
}

void CollectionActions::rename(const QString& collectionId, const QList<int>& path, const QString& name)
{
    const Workspace::Collection* found = findCollection(collectionId);
    if (!found)
        return;
    Workspace::Collection edited = *found;
    if (Workspace::renameItem(&edited, path, name))
        store(edited);
    else if (name.trimmed().isEmpty())
        Q_EMIT statusMessage(tr("A name cannot be empty; the old one is kept."), 5000);
    // Also after a refused name: the tree shows the name kept.
    m_view->setCollections(m_collections);
    m_view->reveal(collectionId, path);
}

void CollectionActions::duplicate(const QString& collectionId, const QList<int>& path)
{
    const Workspace::Collection* found = findCollection(collectionId);
    if (!found)
        return;
    if (path.isEmpty()) {
        const Workspace::Collection copy
            = Workspace::duplicateCollection(*found, Workspace::newCollectionItemId());
        if (!store(copy))
            return;
        // The secret variables' values live in the keychain under the collection's id: the copy gets its own.
        Secrets::SecretStore* secrets = m_session->secretStore();
        for (const Http::Variable& variable : copy.variables) {
            if (!variable.secret)
                continue;
            const QString to = Workspace::collectionSecretKey(copy.id, variable.name);
            secrets->read(Workspace::collectionSecretKey(collectionId, variable.name), this,
                [this, secrets, to](const Secrets::SecretResult& result) {
                    if (result.ok())
                        secrets->write(to, result.value, this, [](const Secrets::SecretResult&) {});
                });
        }
        m_view->setCollections(m_collections);
        m_view->reveal(copy.id, {});
        Q_EMIT statusMessage(tr("Made “%1”.").arg(copy.name), 5000);
        return;
    }
    Workspace::Collection edited = *found;
    const std::optional<QList<int>> copy = Workspace::duplicateItem(&edited, path);
    if (!copy || !store(edited))
        return;
    m_view->setCollections(m_collections);
    m_view->reveal(collectionId, *copy);
}

void CollectionActions::deleteItem(const QString& collectionId, const QList<int>& path)
{
    const Workspace::Collection* found = findCollection(collectionId);
    const Workspace::CollectionItem* item = found ? Workspace::itemAt(*found, path) : nullptr;
    if (!item)
        return;
    const QString question = item->isFolder()
        ? tr("Delete the folder “%1” with its %n saved request(s)? This cannot be undone.", nullptr,
            Workspace::requestCount(item->items))
              .arg(item->name)
        : tr("Delete the saved request “%1”? This cannot be undone.").arg(item->name);
    if (MessageBox::question(m_window, item->isFolder() ? tr("Delete Folder") : tr("Delete Request"),
            question, QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        != QMessageBox::Yes)
        return;
    const QString name = item->name;
    Workspace::Collection edited = *found;
    if (!Workspace::removeItem(&edited, path) || !store(edited))
        return;
    m_view->setCollections(m_collections);
    Q_EMIT statusMessage(tr("Deleted “%1”.").arg(name), 8000);
}

void CollectionActions::move(const QString& fromCollectionId, const QList<int>& from,
    const QString& toCollectionId, const QList<int>& parent, int row)
{
    const Workspace::Collection* source = findCollection(fromCollectionId);
    const Workspace::Collection* target = findCollection(toCollectionId);
    if (!source || !target)
        return;
    Workspace::Collection editedSource = *source;
    Workspace::Collection editedTarget = *target;
    const bool same = fromCollectionId == toCollectionId;
    const std::optional<QList<int>> moved
        = Workspace::moveItem(&editedSource, from, same ? &editedSource : &editedTarget, parent, row);
    if (!moved) {
        Q_EMIT statusMessage(tr("A folder cannot go into itself."), 5000);
        return;
    }
    // Into the target first: a failure in between leaves a copy, never a loss.
    if (!same && !store(editedTarget))
        return;
    if (!store(editedSource)) {
        m_view->setCollections(m_collections);
        return;
    }
    m_view->setCollections(m_collections);
    m_view->reveal(toCollectionId, *moved);
}

} // namespace Tokenscope::Ui
