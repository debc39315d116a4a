#pragma once

#include "variablescope.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QTableWidget;

namespace Tokenscope::Ui {

// "Resolved Variables": every name the current request can use, its value (a secret one as bullets
// unless shown), the level it comes from and the lower levels it hides. Kept up to date by its owner.
class ResolvedVariablesView final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResolvedVariablesView)

public:
    enum Column {
        NameColumn,
        ValueColumn,
        SourceColumn,
        HidesColumn,
    };

    explicit ResolvedVariablesView(QWidget* parent = nullptr);

    // environmentName, collectionName: named beside their level (empty: none in scope).
    void setScope(
        const Workspace::VariableScope& scope, const QString& environmentName, const QString& collectionName);
    QTableWidget* table() const { return m_table; }
    QCheckBox* showSecrets() const { return m_showSecrets; }

    // "Environment", "Collection", "Global": translated, for the Source and Hides columns.
    static QString levelName(Workspace::VariableLevel level);

private:
    void fill();

    QLabel* m_summary;
    QTableWidget* m_table;
    QCheckBox* m_showSecrets;
    QList<Workspace::ResolvedVariable> m_resolved;
    QString m_environmentName;
    QString m_collectionName;
};

} // namespace Tokenscope::Ui
