#include "collectionsview.h"

#include "historymodel.h"

#include <QAction>
#include <QDropEvent>
#include <QFont>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
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
    NameRole, // the name as saved: an edit that leaves it as it is asks for nothing
};

// The method column: not edited, not a drop target.
QStandardItem* fixedItem()
{
    auto* item = new QStandardItem();
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
    return item;
}

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
    m_tree->setEditTriggers(QAbstractItemView::EditKeyPressed); // F2 renames
    m_tree->setDragEnabled(true);
    m_tree->setAcceptDrops(true);
    m_tree->setDropIndicatorShown(true);
    m_tree->setDragDropMode(QAbstractItemView::InternalMove);
    // Drops ask for a move instead of moving rows: the collections are the truth, the model is rebuilt.
    m_tree->viewport()->installEventFilter(this);
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
    m_empty->setText(
        tr("No collections yet. Make one with File ▸ New Collection, or import one with File ▸ Import ▸ "
           "Postman Collection…"));
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
    connect(m_model, &QStandardItemModel::itemChanged, this, &CollectionsView::nameEdited);
    connect(m_tree, &QTreeView::customContextMenuRequested, this, &CollectionsView::showMenu);
}

void CollectionsView::setCollections(const QList<Workspace::Collection>& collections)
{
    m_filling = true;
    m_model->removeRows(0, m_model->rowCount());
    for (const Workspace::Collection& collection : collections) {
        auto* item = new QStandardItem(collection.name);
        item->setData(collection.name, NameRole);
        item->setFlags((item->flags() | Qt::ItemIsDropEnabled) & ~Qt::ItemIsDragEnabled);
        QFont bold = item->font();
        bold.setBold(true);
        item->setFont(bold);
        item->setData(collection.id, CollectionIdRole);
        item->setData(QVariantList(), PathRole);
        item->setData(false, IsRequestRole);
        item->setData(collection.name, FilterTextRole);
        item->setToolTip(collection.description);
        m_model->appendRow({item, fixedItem()});
        appendItems(item, collection.id, collection.items, {});
    }
    m_filling = false;
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
        item->setData(entry.name, NameRole);
        if (!entry.isFolder())
            item->setFlags(item->flags() & ~Qt::ItemIsDropEnabled);
        item->setData(collectionId, CollectionIdRole);
        item->setData(toVariant(here), PathRole);
        item->setData(!entry.isFolder(), IsRequestRole);
        auto* method = fixedItem();
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
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("collectionsMenu"));
    if (index.isValid()) {
        m_tree->setCurrentIndex(index);
        addEditActions(&menu, index);
        menu.addSeparator();
    }
    menu.addAction(tr("New &Collection"), this, [this] { Q_EMIT newCollectionRequested(); });
    menu.exec(m_tree->viewport()->mapToGlobal(position));
}

void CollectionsView::addEditActions(QMenu* menu, const QModelIndex& index)
{
    const QString collectionId = index.data(CollectionIdRole).toString();
    const QList<int> path = fromVariant(index.data(PathRole));
    const bool request = index.data(IsRequestRole).toBool();
    if (request)
        menu->addAction(tr("&Open"), this, [this, index] { activate(index); });
    // A folder is made inside the folder or collection clicked, or beside the request clicked.
    const QList<int> parent = request ? path.first(path.size() - 1) : path;
    menu->addAction(tr("New &Folder"), this,
        [this, collectionId, parent] { Q_EMIT newFolderRequested(collectionId, parent); });
    QAction* rename = menu->addAction(tr("&Rename"), this, [this, index] { m_tree->edit(index); });
    rename->setShortcut(QKeySequence(Qt::Key_F2));
    menu->addAction(tr("D&uplicate"), this,
        [this, collectionId, path] { Q_EMIT duplicateRequested(collectionId, path); });
    menu->addAction(tr("&Export…"), this, [this, collectionId] { Q_EMIT exportRequested(collectionId); });
    menu->addAction(
        tr("&Variables…"), this, [this, collectionId] { Q_EMIT variablesRequested(collectionId); });
    if (path.isEmpty())
        menu->addAction(
            tr("&Delete Collection…"), this, [this, collectionId] { Q_EMIT deleteRequested(collectionId); });
    else
        menu->addAction(tr("&Delete…"), this,
            [this, collectionId, path] { Q_EMIT deleteItemRequested(collectionId, path); });
}

void CollectionsView::nameEdited(QStandardItem* item)
{
    if (m_filling || item->column() != NameColumn || item->text() == item->data(NameRole).toString())
        return;
    const QString collectionId = item->data(CollectionIdRole).toString();
    const QList<int> path = fromVariant(item->data(PathRole));
    const QString name = item->text();
    // After the editor has closed: the answer rebuilds the model the edit came from.
    QMetaObject::invokeMethod(
        this, [this, collectionId, path, name] { Q_EMIT renameRequested(collectionId, path, name); },
        Qt::QueuedConnection);
}

bool CollectionsView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_tree->viewport() || event->type() != QEvent::Drop)
        return QDockWidget::eventFilter(watched, event);
    auto* dropEvent = static_cast<QDropEvent*>(event);
    // Only an entry dragged from this tree; the copy action keeps the view from removing rows itself.
    if ((dropEvent->source() && dropEvent->source() != m_tree)
        || !dropEvent->mimeData()->hasFormat(QStringLiteral("application/x-qstandarditemmodeldatalist"))) {
        dropEvent->ignore();
        return true;
    }
    dropEvent->setDropAction(Qt::CopyAction);
    dropEvent->accept();
    const QPoint point = dropEvent->position().toPoint();
    const QModelIndex target = m_tree->indexAt(point);
    const QRect rect = m_tree->visualRect(target);
    const int margin = qMax(2, rect.height() / 4);
    auto position = DropPosition::OnItem;
    if (point.y() - rect.top() < margin)
        position = DropPosition::Above;
    else if (rect.bottom() - point.y() < margin)
        position = DropPosition::Below;
    if (target.isValid())
        drop(m_tree->currentIndex(), target, position);
    return true;
}

QModelIndex CollectionsView::indexOf(const QString& collectionId, const QList<int>& path) const
{
    const QModelIndexList found
        = m_model->match(m_model->index(0, NameColumn), CollectionIdRole, collectionId, 1, Qt::MatchExactly);
    if (found.isEmpty())
        return {};
    QModelIndex index = found.first();
    for (const int row : path)
        index = m_model->index(row, NameColumn, index);
    return m_filter->mapFromSource(index);
}

void CollectionsView::reveal(const QString& collectionId, const QList<int>& path)
{
    const QModelIndex index = indexOf(collectionId, path);
    if (!index.isValid())
        return;
    for (QModelIndex parent = index.parent(); parent.isValid(); parent = parent.parent())
        m_tree->expand(parent);
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
}

void CollectionsView::editName(const QString& collectionId, const QList<int>& path)
{
    reveal(collectionId, path);
    const QModelIndex index = indexOf(collectionId, path);
    if (index.isValid())
        m_tree->edit(index);
}

void CollectionsView::drop(const QModelIndex& source, const QModelIndex& target, DropPosition position)
{
    const QModelIndex from = source.siblingAtColumn(NameColumn);
    const QModelIndex onto = target.siblingAtColumn(NameColumn);
    const QList<int> fromPath = fromVariant(from.data(PathRole));
    if (!from.isValid() || !onto.isValid() || fromPath.isEmpty()) // a collection does not move
        return;
    const QList<int> ontoPath = fromVariant(onto.data(PathRole));
    QList<int> parent = ontoPath;
    int row = -1;
    if (ontoPath.isEmpty()) {
        // On a collection: at the end of it.
    } else if (onto.data(IsRequestRole).toBool() || position != DropPosition::OnItem) {
        parent.removeLast();
        row = ontoPath.last() + (position == DropPosition::Above ? 0 : 1);
    }
    Q_EMIT moveRequested(from.data(CollectionIdRole).toString(), fromPath,
        onto.data(CollectionIdRole).toString(), parent, row);
}

} // namespace Tokenscope::Ui
