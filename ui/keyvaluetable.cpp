#include "keyvaluetable.h"

#include <QCompleter>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

namespace {

constexpr int fileRole = Qt::UserRole + 1;

// The name column's editor completes from a list (common header names), case-insensitively.
class CompletingDelegate final : public QStyledItemDelegate
{
public:
    CompletingDelegate(const QStringList* names, QObject* parent)
        : QStyledItemDelegate(parent)
        , m_names(names)
    { }

    QWidget* createEditor(
        QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QWidget* editor = QStyledItemDelegate::createEditor(parent, option, index);
        auto* line = qobject_cast<QLineEdit*>(editor);
        if (line && index.column() == 0 && !m_names->isEmpty()) {
            auto* completer = new QCompleter(*m_names, line);
            completer->setCaseSensitivity(Qt::CaseInsensitive);
            line->setCompleter(completer);
        }
        return editor;
    }

private:
    const QStringList* m_names;
};

} // namespace

KeyValueTable::KeyValueTable(
    const QString& nameHeader, const QString& valueHeader, bool withFiles, QWidget* parent)
    : QWidget(parent)
    , m_model(new QStandardItemModel(0, 2, this))
    , m_view(new QTableView(this))
{
    m_model->setHorizontalHeaderLabels({nameHeader, valueHeader});
    m_view->setModel(m_model);
    m_view->setItemDelegate(new CompletingDelegate(&m_completions, m_view));
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->hide();
    m_view->setColumnWidth(0, 200);
    m_view->setToolTip(tr("Untick a row to leave it out without deleting it."));

    auto* add = new QPushButton(tr("Add"), this);
    add->setObjectName(QStringLiteral("addRowButton"));
    auto* remove = new QPushButton(tr("Remove"), this);
    remove->setObjectName(QStringLiteral("removeRowButton"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    if (withFiles) {
        auto* addFile = new QPushButton(tr("Add File…"), this);
        addFile->setObjectName(QStringLiteral("addFileButton"));
        buttons->addWidget(addFile);
        connect(addFile, &QPushButton::clicked, this, [this] {
            const QString path = QFileDialog::getOpenFileName(this, tr("Choose a File to Upload"));
            if (path.isEmpty())
                return;
            appendRow({QStringLiteral("file"), path, true, true});
            Q_EMIT edited();
        });
    }
    buttons->addWidget(remove);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    layout->addLayout(buttons);

    connect(add, &QPushButton::clicked, this, [this] {
        appendRow({});
        const QModelIndex index = m_model->index(m_model->rowCount() - 1, 0);
        m_view->setCurrentIndex(index);
        m_view->edit(index);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (const QModelIndex current = m_view->currentIndex(); current.isValid()) {
            m_model->removeRow(current.row());
            Q_EMIT edited();
        }
    });
    connect(m_model, &QStandardItemModel::itemChanged, this, [this] {
        if (!m_filling)
            Q_EMIT edited();
    });
}

QList<KeyValueTable::Row> KeyValueTable::rows() const
{
    QList<Row> result;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QStandardItem* name = m_model->item(row, 0);
        const QStandardItem* value = m_model->item(row, 1);
        if (!name)
            continue;
        result.append({name->text(), value ? value->text() : QString(), name->checkState() == Qt::Checked,
            name->data(fileRole).toBool()});
    }
    return result;
}

void KeyValueTable::setRows(const QList<Row>& rows)
{
    m_filling = true;
    m_model->removeRows(0, m_model->rowCount());
    for (const Row& row : rows)
        appendRow(row);
    m_filling = false;
}

void KeyValueTable::appendRow(const Row& row)
{
    const bool filling = m_filling;
    m_filling = true;
    auto* name = new QStandardItem(row.name);
    name->setCheckable(true);
    name->setCheckState(row.enabled ? Qt::Checked : Qt::Unchecked);
    name->setData(row.isFile, fileRole);
    auto* value = new QStandardItem(row.value);
    if (row.isFile) {
        value->setIcon(style()->standardIcon(QStyle::SP_FileIcon));
        value->setToolTip(tr("Uploaded from this file when the request is sent."));
    }
    m_model->appendRow({name, value});
    m_filling = filling;
}

} // namespace Tokenscope::Ui
