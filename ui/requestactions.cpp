#include "requestactions.h"

#include "appsession.h"
#include "curlcommand.h"
#include "flowlog.h"
#include "historymodel.h"
#include "historyview.h"
#include "messagebanner.h"
#include "messagebox.h"
#include "requesteditor.h"
#include "tokensession.h"

#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

namespace {

constexpr QLatin1String historyVisibleKey {"window/historyVisible"};

// The box layout that holds widget, at any depth under layout.
QBoxLayout* layoutHolding(QLayout* layout, QWidget* widget, int* index)
{
    if (!layout)
        return nullptr;
    if (auto* box = qobject_cast<QBoxLayout*>(layout); box && box->indexOf(widget) >= 0) {
        *index = box->indexOf(widget);
        return box;
    }
    for (int i = 0; i < layout->count(); ++i) {
        if (QBoxLayout* found = layoutHolding(layout->itemAt(i)->layout(), widget, index))
            return found;
    }
    return nullptr;
}

} // namespace

RequestActions::RequestActions(
    Workspace::AppSession* session, RequestEditor* editor, MessageBanner* banner, QMainWindow* window)
    : QObject(window)
    , m_session(session)
    , m_editor(editor)
    , m_banner(banner)
    , m_window(window)
    , m_history(new HistoryModel(session->workspaceDirectory(), this))
    , m_historyView(new HistoryView(m_history, window))
{
    // Read on a thread of its own: the window does not wait for it, and the dock fills when it is read.
    connect(m_history, &HistoryModel::loaded, this, [this](const Error& error) {
        if (!error.isNull())
            m_banner->showMessage(MessageBanner::Level::Warning, error.summary,
                error.detail + u' ' + error.hint, MessageBanner::Scope::Application);
    });
    connect(m_history, &HistoryModel::saveFailed, this, [this](const Error& error) {
        Q_EMIT statusMessage(error.summary + QStringLiteral(": ") + error.detail, 10000);
    });
    m_history->load();
    window->addDockWidget(Qt::RightDockWidgetArea, m_historyView);
    window->resizeDocks({m_historyView}, {420}, Qt::Horizontal);
    m_historyView->setVisible(QSettings().value(historyVisibleKey, false).toBool());
    connect(m_historyView, &HistoryView::copyAsCurlRequested, this,
        [this](const Http::HttpRequest& request) { copyAsCurl(request, false); });
    connect(m_historyView, &HistoryView::statusMessage, this, &RequestActions::statusMessage);
    // Connected before the window's own handler, which puts the banner away with the environment left.
    connect(
        session, &Workspace::AppSession::currentEnvironmentChanged, this, &RequestActions::forgetCurlUndo);
    m_url = editor->findChild<QLineEdit*>(QStringLiteral("urlLineEdit"));
    if (m_url)
        m_url->installEventFilter(this);
    addCopyButton();
}

void RequestActions::addTo(QMenu* requestMenu)
{
    requestMenu->addSeparator();
    auto* copy = requestMenu->addAction(
        tr("Copy as &curl"), this, [this] { copyAsCurl(m_editor->request(), false); });
    copy->setObjectName(QStringLiteral("copyAsCurlAction"));
    copy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    auto* reveal = requestMenu->addAction(
        tr("Copy as curl with &Secrets…"), this, [this] { copyAsCurl(m_editor->request(), true); });
    reveal->setObjectName(QStringLiteral("copyAsCurlWithSecretsAction"));
    auto* import = requestMenu->addAction(tr("&Import curl…"), this, &RequestActions::importCurlDialog);
    import->setObjectName(QStringLiteral("importCurlAction"));
    requestMenu->addSeparator();
    QAction* history = m_historyView->toggleViewAction();
    history->setText(tr("&History"));
    history->setObjectName(QStringLiteral("historyAction"));
    history->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    connect(history, &QAction::triggered, this,
        [](bool visible) { QSettings().setValue(historyVisibleKey, visible); });
    requestMenu->addAction(history);
}

// Beside Send, where the request is.
void RequestActions::addCopyButton()
{
    auto* send = m_editor->findChild<QPushButton*>(QStringLiteral("sendButton"));
    int index = -1;
    QBoxLayout* row = send ? layoutHolding(m_editor->layout(), send, &index) : nullptr;
    if (!row)
        return;
    auto* button = new QToolButton(m_editor);
    button->setObjectName(QStringLiteral("copyAsCurlButton"));
    button->setText(tr("curl"));
    button->setToolTip(tr("Copy the request as a curl command, secrets as shell variables (Ctrl+Shift+C)"));
    button->setAccessibleName(tr("Copy as curl"));
    button->setPopupMode(QToolButton::MenuButtonPopup);
    auto* menu = new QMenu(button);
    menu->addAction(
        tr("Copy as curl with Secrets…"), this, [this] { copyAsCurl(m_editor->request(), true); });
    menu->addAction(tr("Import curl…"), this, &RequestActions::importCurlDialog);
    button->setMenu(menu);
    connect(button, &QToolButton::clicked, this, [this] { copyAsCurl(m_editor->request(), false); });
    row->insertWidget(index + 1, button);
}

QStringList RequestActions::secretValues() const
{
    QStringList values = m_session->flowLog()->secretValues();
    if (const auto* environment = m_session->currentEnvironment()) {
        for (const Http::Variable& variable : environment->variables) {
            if (variable.secret && !variable.value.isEmpty())
                values.append(variable.value);
        }
    }
    if (auto* tokens = m_session->currentTokenSession(); tokens && !tokens->tokens().accessToken.isEmpty())
        values.append(tokens->tokens().accessToken);
    return values;
}

void RequestActions::record(const Http::HttpRequest& request, const Http::HttpResponse& response)
{
    const Workspace::HistoryEntry entry
        = Workspace::History::entryFor(request, request.body, response, QDateTime::currentDateTimeUtc());
    m_history->record(entry, secretValues());
}

void RequestActions::copyAsCurl(const Http::HttpRequest& request, bool revealSecrets)
{
    if (revealSecrets
        && MessageBox::question(m_window, tr("Copy as curl with Secrets"),
               tr("The command will hold the access token and secret variables in clear text. Anyone who "
                  "sees it (a chat, a ticket, the shell history) can use them. Copy it anyway?"),
               QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
            != QMessageBox::Yes)
        return;
    const auto* environment = m_session->currentEnvironment();
    auto* tokens = m_session->currentTokenSession();
    const QString command
        = Http::curlCommand(request, environment ? environment->variables : QList<Http::Variable>(),
            revealSecrets, tokens ? tokens->tokens().accessToken : QString());
    QApplication::clipboard()->setText(command);
    Q_EMIT statusMessage(revealSecrets ? tr("Copied as curl, with the secrets in clear text.")
                                       : tr("Copied as curl; the secrets are shell variables it names."),
        8000);
}

bool RequestActions::applyCurl(const QString& command)
{
    const auto* current = m_session->currentEnvironment();
    const Http::CurlImport imported
        = Http::parseCurlCommand(command, current ? current->variables : QList<Http::Variable>());
    if (!imported.ok()) {
        m_banner->showMessage(MessageBanner::Level::Warning, imported.error.summary, imported.error.detail);
        return false;
    }
    const Http::HttpRequest previous = m_editor->request();
    QStringList notes = imported.notes;
    // New names only (the importer picks names the environment does not use), so nothing held is
    // overwritten; the undo removes exactly these, from the keychain too.
    QString environmentId;
    QList<Http::Variable> created;
    if (!imported.secretVariables.isEmpty()) {
        if (current) {
            Workspace::Environment environment = *current;
            environmentId = environment.id;
            created = imported.secretVariables;
            environment.variables.append(created);
            m_session->putEnvironment(environment);
        } else {
            notes.append(tr("Its secrets were not kept: there is no environment to keep them in."));
        }
    }
    m_editor->replaceRequest(imported.request);
    forgetCurlUndo();
    m_banner->showMessage(MessageBanner::Level::Information, curlReplacedTitle(), notes.join(u' '));
    m_banner->setAction(tr("Undo"), [this, previous, environmentId, created, undo = m_curlUndo] {
        // A banner put away with its environment and shown again: its request is no longer the editor's.
        if (undo == m_curlUndo) {
            m_editor->replaceRequest(previous);
            removeImportedVariables(environmentId, created);
        }
        m_banner->restore(std::nullopt);
    });
    return true;
}

void RequestActions::forgetCurlUndo()
{
    ++m_curlUndo;
    const std::optional<MessageBanner::State> shown = m_banner->state();
    if (shown && shown->title == curlReplacedTitle())
        m_banner->restore(std::nullopt);
}

QString RequestActions::curlReplacedTitle()
{
    return tr("The request was replaced by the curl command.");
}

// The secret variables an import created, unless changed since: the user's edits are theirs.
void RequestActions::removeImportedVariables(
    const QString& environmentId, const QList<Http::Variable>& created)
{
    const Workspace::Environment* held = m_session->workspace().findEnvironment(environmentId);
    if (created.isEmpty() || !held)
        return;
    Workspace::Environment environment = *held;
    const qsizetype removed = environment.variables.removeIf(
        [&created](const Http::Variable& variable) { return created.contains(variable); });
    if (removed > 0)
        m_session->putEnvironment(environment);
}

void RequestActions::importCurlDialog()
{
    QDialog dialog(m_window);
    dialog.setObjectName(QStringLiteral("importCurlDialog"));
    dialog.setWindowTitle(tr("Import curl"));
    auto* label = new QLabel(
        tr("Paste a curl command (“copy as cURL” from a browser, Postman or API documentation):"), &dialog);
    label->setWordWrap(true);
    auto* text = new QPlainTextEdit(&dialog);
    text->setObjectName(QStringLiteral("curlTextEdit"));
    text->setAccessibleName(tr("curl command"));
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    label->setBuddy(text);
    const QString clipboard = QApplication::clipboard()->text();
    if (Http::looksLikeCurlCommand(clipboard))
        text->setPlainText(clipboard);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    auto* error = new QLabel(&dialog);
    error->setObjectName(QStringLiteral("curlErrorLabel"));
    error->setWordWrap(true);
    error->setStyleSheet(QStringLiteral("color: #c62828"));
    error->hide();
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(label);
    layout->addWidget(text, 1);
    layout->addWidget(error);
    layout->addWidget(buttons);
    dialog.resize(640, 360);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(text, &QPlainTextEdit::textChanged, error, &QWidget::hide);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        const Http::CurlImport check = Http::parseCurlCommand(text->toPlainText());
        if (!check.ok()) {
            error->setText(check.error.detail);
            error->show();
            return;
        }
        dialog.accept();
    });
    if (dialog.exec() == QDialog::Accepted)
        applyCurl(text->toPlainText());
}

// A curl command pasted into the URL field is a request, not an address.
bool RequestActions::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_url && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent*>(event)->matches(QKeySequence::Paste)) {
        const QString text = QApplication::clipboard()->text();
        if (Http::looksLikeCurlCommand(text)) {
            applyCurl(text);
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace Tokenscope::Ui
