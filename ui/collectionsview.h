#pragma once

#include "collection.h"

#include <QDockWidget>
#include <QModelIndex>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStandardItem;
class QStandardItemModel;
class QTreeView;

namespace Tokenscope::Ui {

// The "Collections" dock: collections, their folders and saved requests as a tree, filtered by name or
// URL (a match keeps the folders around it); a request opens in a new tab. Its context menu and F2 ask
// for new collections and folders, renames, duplicates and deletions, and a drag asks for a move; the
// owner (CollectionActions) does them and hands the collections back.
class CollectionsView final : public QDockWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectionsView)

public:
    enum Column {
        NameColumn,
        MethodColumn,
    };

    explicit CollectionsView(QWidget* parent = nullptr);

    void setCollections(const QList<Workspace::Collection>& collections);
    QTreeView* tree() const { return m_tree; }
    // The tree's index of the entry (the collection itself for the empty path); invalid when it is not
    // shown.
    QModelIndex indexOf(const QString& collectionId, const QList<int>& path) const;
    // Selects the entry, opening the folders around it.
    void reveal(const QString& collectionId, const QList<int>& path);
    // Selects the entry and starts editing its name in place (what F2 does).
    void editName(const QString& collectionId, const QList<int>& path);

    // Where a dragged entry lands.
    enum class DropPosition {
        Above,
        OnItem,
        Below,
    };
    // What a drop of source on target does: asks for the move (moveRequested). Public for tests, which
    // cannot run a platform drag.
    void drop(const QModelIndex& source, const QModelIndex& target, DropPosition position);
    // The collection of the selected row, or empty.
    QString currentCollectionId() const;

Q_SIGNALS:
    // path: the request's indexes from the top of the collection.
    void openRequested(const QString& collectionId, const QList<int>& path);
    void deleteRequested(const QString& collectionId);
    // The collection's variables are to be edited.
    void variablesRequested(const QString& collectionId);
    void newCollectionRequested();
    // parent: the folder to hold it (empty: the top of the collection).
    void newFolderRequested(const QString& collectionId, const QList<int>& parent);
    // path empty: the collection itself.
    void renameRequested(const QString& collectionId, const QList<int>& path, const QString& name);
    void duplicateRequested(const QString& collectionId, const QList<int>& path);
    void deleteItemRequested(const QString& collectionId, const QList<int>& path);
    // Into the folder parent of toCollectionId, before row (-1: at the end).
    void exportRequested(const QString& collectionId);
    void moveRequested(const QString& fromCollectionId, const QList<int>& from, const QString& toCollectionId,
        const QList<int>& parent, int row);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void appendItems(QStandardItem* parent, const QString& collectionId,
        const QList<Workspace::CollectionItem>& items, const QList<int>& path);
    void activate(const QModelIndex& index);
    void showMenu(const QPoint& position);
    void addEditActions(QMenu* menu, const QModelIndex& index);
    void nameEdited(QStandardItem* item);

    QStandardItemModel* m_model;
    QSortFilterProxyModel* m_filter;
    QLineEdit* m_search;
    QTreeView* m_tree;
    QLabel* m_empty; // in the tree's place while there are no collections
    bool m_filling = false; // setCollections is building the model: no item change is an edit
};

} // namespace Tokenscope::Ui
