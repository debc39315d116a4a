#include "importreportdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

ImportReportDialog::ImportReportDialog(
    const QString& title, const QStringList& imported, const Workspace::ImportReport& report, QWidget* parent)
    : QDialog(parent)
    , m_imported(imported)
    , m_report(report)
{
    setObjectName(QStringLiteral("importReportDialog"));
    setWindowTitle(title);
    auto* summary = new QLabel(this);
    summary->setObjectName(QStringLiteral("importSummaryLabel"));
    summary->setWordWrap(true);
    summary->setTextFormat(Qt::PlainText);
    summary->setText(imported.join(u'\n'));
    auto* notMapped = new QLabel(report.isEmpty()
            ? tr("Everything in the file was taken over.")
            : tr("Not taken over (%1), per item: scripts, tests and settings Tokenscope has no place for.")
                  .arg(report.notes.size()),
        this);
    notMapped->setWordWrap(true);
    auto* notes = new QTreeWidget(this);
    notes->setObjectName(QStringLiteral("importNotesTree"));
    notes->setAccessibleName(tr("What was not taken over"));
    notes->setHeaderLabels({tr("Item"), tr("Postman key"), tr("Why")});
    notes->setRootIsDecorated(false);
    notes->setAlternatingRowColors(true);
    notes->setWordWrap(true);
    for (const Workspace::ImportNote& note : report.notes) {
        auto* row = new QTreeWidgetItem(
            notes, {note.path.isEmpty() ? tr("(the file itself)") : note.path, note.key, note.reason});
        row->setToolTip(2, note.reason);
    }
    notes->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    notes->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    notes->setVisible(!report.isEmpty());
    // The reason in full: a long one does not fit its column.
    auto* why = new QLabel(this);
    why->setObjectName(QStringLiteral("importNoteLabel"));
    why->setWordWrap(true);
    why->setTextFormat(Qt::PlainText);
    why->setTextInteractionFlags(Qt::TextSelectableByMouse);
    why->setVisible(!report.isEmpty());
    connect(notes, &QTreeWidget::currentItemChanged, why, [why](QTreeWidgetItem* current) {
        why->setText(current ? current->text(0) + QStringLiteral(": ") + current->text(2) : QString());
    });
    if (!report.isEmpty())
        notes->setCurrentItem(notes->topLevelItem(0));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* copy = buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("copyReportButton"));
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(text()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(notMapped);
    layout->addWidget(notes, 1);
    layout->addWidget(why);
    layout->addWidget(buttons);
    resize(report.isEmpty() ? 480 : 860, report.isEmpty() ? 200 : 480);
}

QString ImportReportDialog::text() const
{
    QStringList lines = m_imported;
    if (!m_report.isEmpty()) {
        lines.append(QString());
        lines.append(m_report.toLines());
    }
    return lines.join(u'\n') + u'\n';
}

} // namespace Tokenscope::Ui
