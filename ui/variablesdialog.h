#pragma once

#include "variables.h"

#include <QDialog>

class QTableView;

namespace Tokenscope::Ui {

class VariableTableModel;

// Edits one level's variables (the workspace's globals, a collection's) in the environment dialog's
// table: name (checked when used), secret, value. A secret value is kept in the keychain by the caller.
class VariablesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VariablesDialog)

public:
    // intro: a sentence above the table saying whose variables these are and who sees them.
    VariablesDialog(const QString& title, const QString& intro, const QList<Http::Variable>& variables,
        QWidget* parent = nullptr);

    QList<Http::Variable> variables() const;
    QTableView* table() const { return m_view; }
    VariableTableModel* model() const { return m_model; }

private:
    VariableTableModel* m_model;
    QTableView* m_view;
};

} // namespace Tokenscope::Ui
