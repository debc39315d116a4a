#pragma once

#include "error.h"
#include "history.h"

#include <QAbstractTableModel>

namespace Tokenscope::Ui {

// The workspace's request history as a table, newest first; each change is saved at once.
class HistoryModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryModel)

public:
    enum Column {
        MethodColumn,
        UrlColumn,
        StatusColumn,
        TimeColumn,
        SizeColumn,
        DurationColumn,
        ColumnCount
    };

    explicit HistoryModel(const QString& workspaceDirectory, QObject* parent = nullptr);

    Error load();
    Error record(const Workspace::HistoryEntry& entry, const QStringList& secretValues);
    Error removeEntry(int row);
    Error clearHistory();
    const Workspace::HistoryEntry& entry(int row) const { return m_history.entries().at(row); }
    QString filePath() const { return m_history.filePath(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    Workspace::History m_history;
};

} // namespace Tokenscope::Ui
