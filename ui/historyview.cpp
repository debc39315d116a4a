#include "historyview.h"

#include "historymodel.h"
#include "messagebox.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

namespace {

// Method, URL and status: what a search is for (the time and size columns would match by accident).
class HistoryFilter final : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setNeedle(const QString& needle)
    {
        m_needle = needle;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override
    {
        const QStringList words = m_needle.split(u' ', Qt::SkipEmptyParts);
        if (words.isEmpty())
            return true;
        QString haystack;
        for (const int column :
            {HistoryModel::MethodColumn, HistoryModel::UrlColumn, HistoryModel::StatusColumn})
            haystack += sourceModel()->index(row, column, parent).data().toString() + u' ';
        return std::all_of(words.cbegin(), words.cend(),
            [&](const QString& word) { return haystack.contains(word, Qt::CaseInsensitive); });
    }

private:
    QString m_needle;
};

} // namespace

HistoryView::HistoryView(HistoryModel* model, QWidget* parent)
    : QDockWidget(tr("History"), parent)
    , m_model(model)
    , m_filter(new HistoryFilter(this))
    , m_search(new QLineEdit(this))
    , m_list(new QTreeView(this))
{
    setObjectName(QStringLiteral("historyDock"));
    m_filter->setSourceModel(model);
    m_search->setObjectName(QStringLiteral("historySearchLineEdit"));
    m_search->setPlaceholderText(tr("Search method, URL or status"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search the history"));
    m_list->setObjectName(QStringLiteral("historyTreeView"));
    m_list->setModel(m_filter);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->setAccessibleName(tr("Sent requests"));
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(HistoryModel::UrlColumn, QHeaderView::Stretch);
    for (const int column : {HistoryModel::MethodColumn, HistoryModel::StatusColumn, HistoryModel::TimeColumn,
             HistoryModel::SizeColumn, HistoryModel::DurationColumn})
        m_list->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);

    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);
    setWidget(body);

    connect(m_search, &QLineEdit::textChanged, m_filter,
        [this](const QString& text) { static_cast<HistoryFilter*>(m_filter)->setNeedle(text); });
    connect(m_list, &QTreeView::activated, this,
        [this](const QModelIndex& index) { openRow(m_filter->mapToSource(index).row()); });
    connect(m_list, &QTreeView::customContextMenuRequested, this, &HistoryView::showMenu);
}

int HistoryView::currentRow() const
{
    const QModelIndex index = m_filter->mapToSource(m_list->currentIndex());
    return index.isValid() ? index.row() : -1;
}

void HistoryView::openRow(int row)
{
    if (row >= 0 && row < m_model->rowCount())
        Q_EMIT openRequested(m_model->entry(row).request);
}

void HistoryView::showMenu(const QPoint& position)
{
    const int row = m_filter->mapToSource(m_list->indexAt(position)).row();
    QMenu menu(this);
    if (row >= 0) {
        menu.addAction(tr("&Open"), this, [this, row] { openRow(row); });
        menu.addAction(tr("Copy as &curl"), this,
            [this, row] { Q_EMIT copyAsCurlRequested(m_model->entry(row).request); });
        menu.addAction(tr("&Delete"), this, [this, row] { m_model->removeEntry(row); });
        menu.addSeparator();
    }
    menu.addAction(tr("C&lear History…"), this, &HistoryView::clearAll)->setEnabled(m_model->rowCount() > 0);
    menu.exec(m_list->viewport()->mapToGlobal(position));
}

void HistoryView::clearAll()
{
    if (MessageBox::question(this, tr("Clear History"),
            tr("Remove all %n sent request(s) from the history?", nullptr, m_model->rowCount()),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        != QMessageBox::Yes)
        return;
    m_model->clearHistory();
    Q_EMIT statusMessage(tr("The history is empty."), 5000);
}

} // namespace Tokenscope::Ui
