#include "resolvedvariablesview.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

namespace {

constexpr int bulletCount = 8;

} // namespace

ResolvedVariablesView::ResolvedVariablesView(QWidget* parent)
    : QDialog(parent)
    , m_summary(new QLabel(this))
    , m_table(new QTableWidget(0, 4, this))
    , m_showSecrets(new QCheckBox(tr("&Show secret values"), this))
{
    setObjectName(QStringLiteral("resolvedVariablesView"));
    setWindowTitle(tr("Resolved Variables"));
    resize(720, 420);
    m_summary->setWordWrap(true);
    m_table->setObjectName(QStringLiteral("resolvedVariablesTable"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Value"), tr("Source"), tr("Hides")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(ValueColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(NameColumn, 170);
    m_table->setColumnWidth(SourceColumn, 190);
    m_table->setColumnWidth(HidesColumn, 150);
    m_showSecrets->setObjectName(QStringLiteral("showSecretValuesCheckBox"));
    m_showSecrets->setToolTip(tr("Show the values of secret variables instead of bullets"));
    connect(m_showSecrets, &QCheckBox::toggled, this, &ResolvedVariablesView::fill);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_showSecrets);
    bottom->addStretch(1);
    bottom->addWidget(buttons);
    layout->addLayout(bottom);
}

QString ResolvedVariablesView::levelName(Workspace::VariableLevel level)
{
    switch (level) {
    case Workspace::VariableLevel::Global:
        return tr("Global");
    case Workspace::VariableLevel::Collection:
        return tr("Collection");
    case Workspace::VariableLevel::Environment:
        return tr("Environment");
    case Workspace::VariableLevel::Override:
        return tr("Command line");
    }
    return {};
}

void ResolvedVariablesView::setScope(
    const Workspace::VariableScope& scope, const QString& environmentName, const QString& collectionName)
{
    m_resolved = Workspace::resolveVariables(scope);
    m_environmentName = environmentName;
    m_collectionName = collectionName;
    fill();
}

void ResolvedVariablesView::fill()
{
    const QString environment = m_environmentName.isEmpty()
        ? tr("no environment")
        : tr("the environment “%1”").arg(m_environmentName);
    const QString collection
        = m_collectionName.isEmpty() ? tr("no collection") : tr("the collection “%1”").arg(m_collectionName);
    m_summary->setText(
        tr("The variables the current request can use as {{name}}: from %1, %2 and the "
           "workspace's globals. The environment's win over the collection's, the collection's "
           "over the globals.")
            .arg(environment, collection));
    m_table->setRowCount(int(m_resolved.size()));
    for (int row = 0; row < m_resolved.size(); ++row) {
        const Workspace::ResolvedVariable& resolved = m_resolved.at(row);
        const Http::Variable& variable = resolved.variable;
        QString source = levelName(resolved.level);
        if (resolved.level == Workspace::VariableLevel::Environment && !m_environmentName.isEmpty())
            source = tr("%1 (%2)").arg(source, m_environmentName);
        else if (resolved.level == Workspace::VariableLevel::Collection && !m_collectionName.isEmpty())
            source = tr("%1 (%2)").arg(source, m_collectionName);
        QStringList hidden;
        for (const Workspace::VariableLevel level : resolved.hidden)
            hidden.append(levelName(level));
        const bool masked = variable.secret && !m_showSecrets->isChecked();
        auto* value = new QTableWidgetItem(masked ? QString(bulletCount, QChar(0x2022)) : variable.value);
        if (variable.secret)
            value->setToolTip(tr("Secret: kept in the keychain"));
        auto* hides = new QTableWidgetItem(hidden.join(QStringLiteral(", ")));
        if (!hidden.isEmpty())
            hides->setToolTip(tr("Also defined at these levels; this value is used instead"));
        m_table->setItem(row, NameColumn, new QTableWidgetItem(variable.name));
        m_table->setItem(row, ValueColumn, value);
        m_table->setItem(row, SourceColumn, new QTableWidgetItem(source));
        m_table->setItem(row, HidesColumn, hides);
    }
}

} // namespace Tokenscope::Ui
