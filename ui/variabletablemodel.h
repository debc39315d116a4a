#pragma once

#include "variables.h"

#include <QStandardItemModel>
#include <QStyledItemDelegate>

namespace Tokenscope::Ui {

// An environment's variables as an editable table (columns: VariableColumn): the name, checked when the
// variable is used; whether it is secret; the value.
class VariableTableModel final : public QStandardItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VariableTableModel)

public:
    explicit VariableTableModel(const QList<Http::Variable>& variables, QObject* parent = nullptr);

    // A row at the end; the index of its name.
    QModelIndex appendVariable(const Http::Variable& variable);
    // The rows that have a name, in order.
    QList<Http::Variable> variables() const;
};

// Shows the value of a secret variable as bullets, and edits it in a password field.
class SecretValueDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretValueDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
    QWidget* createEditor(
        QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace Tokenscope::Ui
