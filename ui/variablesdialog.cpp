#include "variablesdialog.h"

#include "roles.h"
#include "variabletablemodel.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

VariablesDialog::VariablesDialog(
    const QString& title, const QString& intro, const QList<Http::Variable>& variables, QWidget* parent)
    : QDialog(parent)
    , m_model(new VariableTableModel(variables, this))
    , m_view(new QTableView(this))
{
    setWindowTitle(title);
    setObjectName(QStringLiteral("variablesDialog"));
    resize(640, 400);
    auto* introLabel = new QLabel(intro, this);
    introLabel->setWordWrap(true);
    m_view->setObjectName(QStringLiteral("variablesTableView"));
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(int(VariableColumn::Value), new SecretValueDelegate(this));
    m_view->setColumnWidth(int(VariableColumn::Name), 180);
    m_view->setColumnWidth(int(VariableColumn::Secret), 70);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->hide();
    auto* add = new QPushButton(tr("&Add"), this);
    add->setObjectName(QStringLiteral("addVariableButton"));
    auto* remove = new QPushButton(tr("&Remove"), this);
    remove->setObjectName(QStringLiteral("removeVariableButton"));
    connect(add, &QPushButton::clicked, this, [this] {
        const QModelIndex index = m_model->appendVariable({tr("name"), {}, true, false});
        m_view->setCurrentIndex(index);
        m_view->edit(index);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (const QModelIndex current = m_view->currentIndex(); current.isValid())
            m_model->removeRow(current.row());
    });
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* rowButtons = new QHBoxLayout;
    rowButtons->addWidget(add);
    rowButtons->addWidget(remove);
    rowButtons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(introLabel);
    layout->addWidget(m_view, 1);
    layout->addLayout(rowButtons);
    layout->addWidget(buttons);
}

QList<Http::Variable> VariablesDialog::variables() const
{
    return m_model->variables();
}

} // namespace Tokenscope::Ui
