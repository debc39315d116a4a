#include "collectionsview.h"

#include "historymodel.h"

#include <QFont>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

namespace {

enum Role {
    CollectionIdRole = Qt::UserRole + 1,
    PathRole, // QVariantList of the indexes from the top; empty for the collection itself
    IsRequestRole,
    FilterTextRole, // the name, and a request's method and URL
};

QVariantList toVariant(const QList<int>& path)
{
    QVariantList list;
    for (const int index : path)
        list.append(index);
    return list;
}

QList<int> fromVariant(const QVariant& value)
{
    QList<int> path;
    for (const QVariant& index : value.toList())
        path.append(index.toInt());
    return path;
}

} // namespace

CollectionsView::CollectionsView(QWidget* parent)
    : QDockWidget(tr("Collections"), parent)
    , m_model(new QStandardItemModel(this))
    , m_filter(new QSortFilterProxyModel(this))
    , m_search(new QLineEdit(this))
    , m_tree(new QTreeView(this))
    , m_empty(new QLabel(this))
{
    setObjectName(QStringLiteral("collectionsDock"));
    m_model->setHorizontalHeaderLabels({tr("Name"), tr("Method")});
    m_filter->setSourceModel(m_model);
    m_filter->setRecursiveFilteringEnabled(true); // a match keeps its folders and collection
    m_filter->setFilterRole(FilterTextRole);
    m_filter->setFilterKeyColumn(NameColumn);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_search->setObjectName(QStringLiteral("collectionsSearchLineEdit"));
    m_search->setPlaceholderText(tr("Filter by name or URL"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Filter the collections"));
    m_tree->setObjectName(QStringLiteral("collectionsTreeView"));
    m_tree->setModel(m_filter);
    m_tree->setUniformRowHeights(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setAccessibleName(tr("Collections and their requests"));
    m_tree->setHeaderHidden(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(MethodColumn, QHeaderView::ResizeToContents);

    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_search);
    layout->addWidget(m_tree, 1);
    m_empty->setObjectName(QStringLiteral("collectionsEmptyLabel"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setText(tr("No collections yet. Import one with File ▸ Import ▸ Postman Collection…"));
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_empty, 1);
    m_empty->hide();
    setWidget(body);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_filter->setFilterFixedString(text.trimmed());
        if (!text.trimmed().isEmpty())
            m_tree->expandAll();
    });
    connect(m_tree, &QTreeView::activated, this, &CollectionsView::activate);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &CollectionsView::showMenu);
}

void CollectionsView::setCollections(const QList<Workspace::Collection>& collections)
{
    m_model->removeRows(0, m_model->rowCount());
    for (const Workspace::Collection& collection : collections) {
        auto* item = new QStandardItem(collection.name);
        QFont bold = item->font();
        bold.setBold(true);
        item->setFont(bold);
        item->setData(collection.id, CollectionIdRole);
        item->setData(QVariantList(), PathRole);
        item->setData(false, IsRequestRole);
        item->setData(collection.name, FilterTextRole);
        item->setToolTip(collection.description);
        m_model->appendRow({item, new QStandardItem()});
        appendItems(item, collection.id, collection.items, {});
    }
    m_tree->expandToDepth(0);
    m_tree->setVisible(!collections.isEmpty());
    m_search->setEnabled(!collections.isEmpty());
    m_empty->setVisible(collections.isEmpty());
}

void CollectionsView::appendItems(QStandardItem* parent, const QString& collectionId,
    const QList<Workspace::CollectionItem>& items, const QList<int>& path)
{
    for (int i = 0; i < items.size(); ++i) {
        const Workspace::CollectionItem& entry = items.at(i);
        const QList<int> here = QList<int>(path) << i;
        auto* item = new QStandardItem(entry.name);
        item->setData(collectionId, CollectionIdRole);
        item->setData(toVariant(here), PathRole);
        item->setData(!entry.isFolder(), IsRequestRole);
        auto* method = new QStandardItem();
        if (entry.isFolder()) {
            item->setData(entry.name, FilterTextRole);
            item->setToolTip(entry.description);
        } else {
            const QString methodName = QString::fromLatin1(entry.request.method);
            item->setData(QStringList {entry.name, methodName, entry.request.url}.join(u' '), FilterTextRole);
            item->setToolTip(methodName + u' ' + entry.request.url);
            method->setText(methodName);
            method->setForeground(methodColour(entry.request.method));
            QFont font = method->font();
            font.setBold(true);
            method->setFont(font);
        }
        parent->appendRow({item, method});
        if (entry.isFolder())
            appendItems(item, collectionId, entry.items, here);
    }
}

void CollectionsView::activate(const QModelIndex& index)
{
    const QModelIndex name = index.siblingAtColumn(NameColumn);
    if (name.data(IsRequestRole).toBool())
        Q_EMIT openRequested(name.data(CollectionIdRole).toString(), fromVariant(name.data(PathRole)));
    else
        m_tree->setExpanded(index, !m_tree->isExpanded(index));
}

QString CollectionsView::currentCollectionId() const
{
    return m_tree->currentIndex().siblingAtColumn(NameColumn).data(CollectionIdRole).toString();
}

void CollectionsView::showMenu(const QPoint& position)
{
    const QModelIndex index = m_tree->indexAt(position).siblingAtColumn(NameColumn);
    if (!index.isValid())
        return;
    const QString collectionId = index.data(CollectionIdRole).toString();
    QMenu menu(this);
    if (index.data(IsRequestRole).toBool())
        menu.addAction(tr("&Open"), this, [this, index] { activate(index); });
    menu.addAction(tr("&Export…"), this, [this, collectionId] { Q_EMIT exportRequested(collectionId); });
    menu.addAction(
        tr("&Delete Collection…"), this, [this, collectionId] { Q_EMIT deleteRequested(collectionId); });
    menu.exec(m_tree->viewport()->mapToGlobal(position));
}

} // namespace Tokenscope::Ui
