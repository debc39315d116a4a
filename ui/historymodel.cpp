#include "historymodel.h"

#include <QColor>
#include <QFileInfo>
#include <QFont>
#include <QLocale>

namespace Tokenscope::Ui {

QColor methodColour(const QByteArray& method)
{
    if (method == "GET")
        return QColor(0x2e, 0x7d, 0x32);
    if (method == "POST")
        return QColor(0xb2, 0x6a, 0x00);
    if (method == "PUT" || method == "PATCH")
        return QColor(0x15, 0x65, 0xc0);
    if (method == "DELETE")
        return QColor(0xc6, 0x28, 0x28);
    return QColor(0x6a, 0x1b, 0x9a);
}

namespace {

QColor statusColour(int status)
{
    if (status >= 200 && status < 300)
        return QColor(0x2e, 0x7d, 0x32);
    if (status >= 300 && status < 400)
        return QColor(0x15, 0x65, 0xc0);
    if (status >= 400 && status < 500)
        return QColor(0xb2, 0x6a, 0x00);
    return QColor(0xc6, 0x28, 0x28);
}

} // namespace

HistoryModel::HistoryModel(const QString& workspaceDirectory, QObject* parent)
    : QAbstractTableModel(parent)
    , m_history(workspaceDirectory)
    , m_file(new Workspace::HistoryFile(workspaceDirectory, this))
{
    connect(m_file, &Workspace::HistoryFile::loaded, this,
        [this](const QList<Workspace::HistoryEntry>& entries, const Error& error) {
            m_loading = false;
            m_loaded = true;
            adoptLoaded(entries);
            Q_EMIT loaded(error);
        });
    connect(m_file, &Workspace::HistoryFile::saveFailed, this, &HistoryModel::saveFailed);
}

// What was recorded before the file was read must reach it: read it now, the one time the GUI waits.
HistoryModel::~HistoryModel()
{
    if (!m_loaded && m_changedWhileLoading) {
        Workspace::History older(QFileInfo(m_history.filePath()).absolutePath());
        if (older.load().isNull()) {
            if (!m_clearedWhileLoading)
                m_history.appendOlder(older.entries());
            m_file->save(m_history.entries());
        }
    }
    // The file's destructor, run after this one, writes what is pending.
}

void HistoryModel::load()
{
    if (m_loading || m_loaded)
        return;
    m_loading = true;
    m_file->load();
}

void HistoryModel::adoptLoaded(const QList<Workspace::HistoryEntry>& entries)
{
    const bool keep = !m_clearedWhileLoading;
    if (keep && !entries.isEmpty()) {
        const int first = int(m_history.entries().size());
        const int room = int(Workspace::History::maxEntries) - first;
        if (room > 0) {
            beginInsertRows({}, first, first + int(std::min<qsizetype>(room, entries.size())) - 1);
            m_history.appendOlder(entries);
            endInsertRows();
        }
    }
    if (m_changedWhileLoading)
        save();
    m_changedWhileLoading = false;
    m_clearedWhileLoading = false;
}

void HistoryModel::save()
{
    if (m_loaded)
        m_file->save(m_history.entries());
    else
        m_changedWhileLoading = true; // saved, with the file's entries, once they are read
}

void HistoryModel::flush()
{
    m_file->flush();
}

void HistoryModel::record(const Workspace::HistoryEntry& entry, const QStringList& secretValues)
{
    if (m_history.entries().size() >= Workspace::History::maxEntries) {
        const int last = int(m_history.entries().size()) - 1;
        beginRemoveRows({}, last, last);
        m_history.remove(last);
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    m_history.record(entry, secretValues);
    endInsertRows();
    save();
}

void HistoryModel::removeEntry(int row)
{
    if (row < 0 || row >= rowCount())
        return;
    beginRemoveRows({}, row, row);
    m_history.remove(row);
    endRemoveRows();
    save();
}

void HistoryModel::clearHistory()
{
    beginResetModel();
    m_history.clear();
    endResetModel();
    if (!m_loaded)
        m_clearedWhileLoading = true;
    save();
}

int HistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_history.entries().size());
}

int HistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Workspace::HistoryEntry& e = m_history.entries().at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case MethodColumn:
            return QString::fromLatin1(e.request.method);
        case UrlColumn:
            return e.sentUrl.isEmpty() ? e.request.url : e.sentUrl;
        case StatusColumn:
            return e.status ? QString::number(e.status) : tr("failed");
        case TimeColumn:
            return QLocale().toString(e.time.toLocalTime(), QLocale::ShortFormat);
        case SizeColumn:
            return QLocale().formattedDataSize(e.responseBytes);
        case DurationColumn:
            return tr("%1 ms").arg(e.durationMs);
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == MethodColumn)
        return methodColour(e.request.method);
    if (role == Qt::ForegroundRole && index.column() == StatusColumn)
        return statusColour(e.status);
    if (role == Qt::FontRole && (index.column() == MethodColumn || index.column() == StatusColumn)) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ToolTipRole && index.column() == UrlColumn)
        return e.errorString.isEmpty() ? e.request.url : e.request.url + u'\n' + e.errorString;
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case MethodColumn:
        return tr("Method");
    case UrlColumn:
        return tr("URL");
    case StatusColumn:
        return tr("Status");
    case TimeColumn:
        return tr("Time");
    case SizeColumn:
        return tr("Size");
    case DurationColumn:
        return tr("Duration");
    default:
        return {};
    }
}

} // namespace Tokenscope::Ui
