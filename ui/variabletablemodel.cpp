#include "variabletablemodel.h"

#include "roles.h"

#include <QLineEdit>

namespace Tokenscope::Ui {

namespace {

bool isSecret(const QModelIndex& index)
{
    return index.siblingAtColumn(int(VariableColumn::Secret)).data(Qt::CheckStateRole).toInt() == Qt::Checked;
}

bool isChecked(const QStandardItem* item)
{
    return item->checkState() == Qt::Checked;
}

} // namespace

VariableTableModel::VariableTableModel(const QList<Http::Variable>& variables, QObject* parent)
    : QStandardItemModel(0, int(VariableColumn::Count), parent)
{
    setHorizontalHeaderLabels({tr("Name"), tr("Secret"), tr("Value")});
    for (const auto& variable : variables)
        appendVariable(variable);
}

QModelIndex VariableTableModel::appendVariable(const Http::Variable& variable)
{
    auto* name = new QStandardItem(variable.name);
    name->setCheckable(true);
    name->setCheckState(variable.enabled ? Qt::Checked : Qt::Unchecked);
    name->setToolTip(tr("Checked: the variable is used"));
    auto* secret = new QStandardItem;
    secret->setCheckable(true);
    secret->setEditable(false);
    secret->setCheckState(variable.secret ? Qt::Checked : Qt::Unchecked);
    secret->setToolTip(tr("Secret: kept in the keychain, never in the workspace file, and masked on screen"));
    appendRow({name, secret, new QStandardItem(variable.value)});
    return indexFromItem(name);
}

QList<Http::Variable> VariableTableModel::variables() const
{
    QList<Http::Variable> result;
    for (int row = 0; row < rowCount(); ++row) {
        const QStandardItem* name = item(row, int(VariableColumn::Name));
        if (name->text().trimmed().isEmpty())
            continue;
        result.append({name->text().trimmed(), item(row, int(VariableColumn::Value))->text(), isChecked(name),
            isChecked(item(row, int(VariableColumn::Secret)))});
    }
    return result;
}

void SecretValueDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (isSecret(index) && !option->text.isEmpty())
        option->text = QString(8, QChar(0x2022));
}

QWidget* SecretValueDelegate::createEditor(
    QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QWidget* editor = QStyledItemDelegate::createEditor(parent, option, index);
    if (auto* line = qobject_cast<QLineEdit*>(editor); line && isSecret(index))
        line->setEchoMode(QLineEdit::Password);
    return editor;
}

} // namespace Tokenscope::Ui
