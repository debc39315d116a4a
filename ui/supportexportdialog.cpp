#include "supportexportdialog.h"

#include "appsession.h"
#include "curlscript.h"
#include "messagebanner.h"
#include "supportreport.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTextDocument>
#include <QTimer>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

namespace {

SupportExportDialog::FileChooser& fileChooser()
{
    static SupportExportDialog::FileChooser chooser;
    return chooser;
}

// The message on the banner, as the user read it.
QString shownMessage(const MessageBanner* banner)
{
    const std::optional<MessageBanner::State> state = banner ? banner->state() : std::nullopt;
    if (!state || state->level == MessageBanner::Level::Information)
        return {};
    return state->detail.isEmpty() ? state->title : state->title + u'\n' + state->detail;
}

QString content(
    SupportExportDialog::Kind kind, const Workspace::SupportSnapshot& snapshot, const QString& file)
{
    if (kind == SupportExportDialog::Kind::CurlScript)
        return Workspace::curlScript(snapshot);
    return Workspace::supportReport(snapshot, Workspace::reportFormatFor(file));
}

} // namespace

SupportExportDialog* SupportExportDialog::open(
    Kind kind, Workspace::AppSession* session, const MessageBanner* banner, QWidget* parent)
{
    auto* dialog = new SupportExportDialog(kind, session, banner, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->QDialog::open();
    return dialog;
}

void SupportExportDialog::setFileChooser(FileChooser chooser)
{
    fileChooser() = std::move(chooser);
}

SupportExportDialog::SupportExportDialog(
    Kind kind, Workspace::AppSession* session, const MessageBanner* banner, QWidget* parent)
    : QDialog(parent)
    , m_kind(kind)
    , m_session(session)
    , m_lastError(shownMessage(banner))
    , m_preview(new QPlainTextEdit(this))
    , m_problem(new QLabel(this))
{
    const bool report = kind == Kind::Report;
    setObjectName(report ? QStringLiteral("supportReportDialog") : QStringLiteral("curlScriptDialog"));
    setWindowTitle(report ? tr("Export Support Report") : tr("Export Flow as curl Script"));
    resize(860, 640);

    auto* intro = new QLabel(report
            ? tr("This report describes the current environment for a support ticket: versions, settings, "
                 "the timeline and the tokens' claims. Client secrets, tokens, codes and signatures are "
                 "left out or masked. Read it before you send it.")
            : tr(
                "This shell script repeats the recorded requests with curl. It holds no secret: when run, it "
                "asks for each one (client secret, code, tokens) without showing what is typed."),
        this);
    intro->setObjectName(QStringLiteral("exportIntroLabel"));
    intro->setWordWrap(true);

    m_preview->setObjectName(QStringLiteral("exportPreviewEdit"));
    m_preview->setReadOnly(true);
    // A report is read like a document; a script line by line.
    m_preview->setLineWrapMode(report ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview->setAccessibleName(report ? tr("Report preview") : tr("Script preview"));
    m_preview->setPlainText(content(kind, Workspace::supportSnapshot(*m_session, m_lastError), QString()));
    // The script opens on its first step rather than on the helpers every script starts with, once the
    // preview has its size.
    if (!report) {
        QTimer::singleShot(0, this, [this] {
            const QTextCursor step
                = m_preview->document()->find(QRegularExpression(QStringLiteral("^# 1\\. ")));
            if (step.isNull())
                return;
            QTextCursor start = step;
            start.setPosition(step.selectionStart());
            m_preview->moveCursor(QTextCursor::End);
            m_preview->setTextCursor(start);
            m_preview->ensureCursorVisible();
        });
    }

    m_problem->setObjectName(QStringLiteral("exportProblemLabel"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->hide();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Save)->setText(tr("&Save As…"));
    buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("exportSaveButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &SupportExportDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
}

QString SupportExportDialog::suggestedPath() const
{
    QString directory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (directory.isEmpty())
        directory = QDir::homePath();
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"));
    const QString name = m_kind == Kind::Report ? QStringLiteral("tokenscope-support-%1.md").arg(stamp)
                                                : QStringLiteral("tokenscope-flow-%1.sh").arg(stamp);
    return QDir(directory).filePath(name);
}

void SupportExportDialog::save()
{
    QString file;
    if (fileChooser()) {
        file = fileChooser()(this, suggestedPath());
    } else {
        file = QFileDialog::getSaveFileName(this, windowTitle(), suggestedPath(),
            m_kind == Kind::Report ? tr("Markdown (*.md);;Plain text (*.txt)") : tr("Shell script (*.sh)"));
    }
    if (file.isEmpty())
        return;

    // Taken again now: the file's name decides the report's format, and the flow may have gone on.
    const QString text = content(m_kind, Workspace::supportSnapshot(*m_session, m_lastError), file);
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(text.toUtf8()) < 0 || !out.commit()) {
        m_problem->setText(
            tr("Could not write %1: %2").arg(QDir::toNativeSeparators(file), out.errorString()));
        m_problem->show();
        return;
    }
    if (m_kind == Kind::CurlScript)
        QFile::setPermissions(file, QFile::permissions(file) | QFileDevice::ExeOwner | QFileDevice::ExeUser);
    m_savedFile = file;
    Q_EMIT statusMessage(m_kind == Kind::Report
            ? tr("Support report saved to %1").arg(QDir::toNativeSeparators(file))
            : tr("curl script saved to %1").arg(QDir::toNativeSeparators(file)),
        10000);
    accept();
}

} // namespace Tokenscope::Ui
