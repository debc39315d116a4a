#pragma once

#include "collection.h"

#include <QDockWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStandardItem;
class QStandardItemModel;
class QTreeView;

namespace Tokenscope::Ui {

// The "Collections" dock: collections, their folders and saved requests as a tree, filtered by name or
// URL (a match keeps the folders around it); a request opens in a new tab.
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
    // The collection of the selected row, or empty.
    QString currentCollectionId() const;

Q_SIGNALS:
    // path: the request's indexes from the top of the collection.
    void openRequested(const QString& collectionId, const QList<int>& path);
    void deleteRequested(const QString& collectionId);
    void exportRequested(const QString& collectionId);

private:
    void appendItems(QStandardItem* parent, const QString& collectionId,
        const QList<Workspace::CollectionItem>& items, const QList<int>& path);
    void activate(const QModelIndex& index);
    void showMenu(const QPoint& position);

    QStandardItemModel* m_model;
    QSortFilterProxyModel* m_filter;
    QLineEdit* m_search;
    QTreeView* m_tree;
    QLabel* m_empty; // in the tree's place while there are no collections
};

} // namespace Tokenscope::Ui
