#include "claimtablemodel.h"

#include "palette.h"
#include "plaintext.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace Tokenscope::Ui {

ClaimTableModel::ClaimTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

bool ClaimTableModel::sameClaims(const QList<Row>& a, const QList<Row>& b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a.at(i).claim != b.at(i).claim)
            return false;
    }
    return true;
}

void ClaimTableModel::setRows(const QList<Row>& rows)
{
    if (!sameClaims(m_rows, rows)) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (m_rows.at(i) == rows.at(i))
            continue;
        m_rows[i] = rows.at(i);
        Q_EMIT dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
    }
}

int ClaimTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClaimTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ClaimTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ClaimColumn:
            return row.claim;
        case NameColumn:
            return row.name;
        case ValueColumn:
            // The flag in words too, and first: colour alone does not tell it, and a narrow column
            // elides the end.
            return row.flag.isEmpty() ? row.value : tr("%1 — %2").arg(row.flag, row.value);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        // The value column is often too narrow for a URL or a list: the tooltip has it whole.
        if (index.column() == ValueColumn && !row.explanation.isEmpty())
            return plainToolTip(tr("%1\n\n%2").arg(data(index).toString(), row.explanation));
        return index.column() == ValueColumn ? plainToolTip(data(index).toString())
                                             : QVariant(row.explanation);
    case Qt::AccessibleDescriptionRole:
        return row.explanation;
    case Qt::ForegroundRole:
        if (index.column() != ValueColumn)
            return {};
        switch (row.tone) {
        case Tone::Good:
            return QBrush(QColor(Palette::success));
        case Tone::Warning:
            return QBrush(QColor(Palette::warning));
        case Tone::Bad:
            return QBrush(QColor(Palette::error));
        case Tone::Normal:
            return {};
        }
        return {};
    case Qt::FontRole:
        if (index.column() == ClaimColumn) {
            QFont font;
            font.setFamily(QStringLiteral("monospace"));
            font.setStyleHint(QFont::Monospace);
            return font;
        }
        return {};
    case CopyRole:
        return row.copyText.isEmpty() ? row.value : row.copyText;
    default:
        return {};
    }
}

QVariant ClaimTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ClaimColumn:
        return tr("Claim");
    case NameColumn:
        return tr("Name");
    case ValueColumn:
        return tr("Value");
    default:
        return {};
    }
}

} // namespace Tokenscope::Ui
