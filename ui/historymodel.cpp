#include "historymodel.h"

#include <QColor>
#include <QFont>
#include <QLocale>

namespace Tokenscope::Ui {

namespace {

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
{ }

Error HistoryModel::load()
{
    beginResetModel();
    Error error = m_history.load();
    endResetModel();
    return error;
}

Error HistoryModel::record(const Workspace::HistoryEntry& entry, const QStringList& secretValues)
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
    return m_history.save();
}

Error HistoryModel::removeEntry(int row)
{
    if (row < 0 || row >= rowCount())
        return {};
    beginRemoveRows({}, row, row);
    m_history.remove(row);
    endRemoveRows();
    return m_history.save();
}

Error HistoryModel::clearHistory()
{
    beginResetModel();
    m_history.clear();
    endResetModel();
    return m_history.save();
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
