#pragma once

#include "error.h"
#include "history.h"
#include "historyfile.h"

#include <QAbstractTableModel>
#include <QColor>

namespace Tokenscope::Ui {

// The colour a method is shown in, the same in every list of requests.
QColor methodColour(const QByteArray& method);

// The workspace's request history as a table, newest first. The file is read and written on a thread
// of its own (Workspace::HistoryFile): the table fills when load() has read it, and each change is saved
// a moment later, in order; the last changes are written when the model goes.
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
    ~HistoryModel() override;

    // Starts reading the file; loaded() says when the rows are there. Entries recorded before go first.
    void load();
    bool isLoaded() const { return m_loaded; }
    void record(const Workspace::HistoryEntry& entry, const QStringList& secretValues);
    void removeEntry(int row);
    void clearHistory();
    // Returns when the changes so far are on disk.
    void flush();
    const Workspace::HistoryEntry& entry(int row) const { return m_history.entries().at(row); }
    QString filePath() const { return m_history.filePath(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // error is null when the file was read (or there was none).
    void loaded(const Tokenscope::Error& error);
    void saveFailed(const Tokenscope::Error& error);

private:
    void adoptLoaded(const QList<Workspace::HistoryEntry>& entries);
    void save();

    Workspace::History m_history;
    Workspace::HistoryFile* m_file;
    bool m_loading = false;
    bool m_loaded = false;
    bool m_changedWhileLoading = false;
    bool m_clearedWhileLoading = false;
};

} // namespace Tokenscope::Ui
