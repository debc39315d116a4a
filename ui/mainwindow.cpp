#include "mainwindow.h"

#include "appsession.h"
#include "collectionactions.h"
#include "embeddedloginagent.h"
#include "environmentactions.h"
#include "environmentdialog.h"
#include "environmentlistmodel.h"
#include "environmentviewstate.h"
#include "flowlog.h"
#include "historyview.h"
#include "messagebanner.h"
#include "messagebox.h"
#include "productionbadge.h"
#include "requestactions.h"
#include "requesteditor.h"
#include "requesttabs.h"
#include "responseviewer.h"
#include "roles.h"
#include "secretsstatuslabel.h"
#include "secretstore.h"
#include "signincontroller.h"
#include "supportexportdialog.h"
#include "templateactions.h"
#include "tokeninspector.h"
#include "tokenmenu.h"
#include "tokensession.h"
#include "tokenstatuslabel.h"
#include "urlhelpers.h"
#include "variableactions.h"
#include "workspacemenu.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

using OAuth::TokenSession;

namespace {
constexpr QLatin1String inspectorVisibleKey("tokenInspector/visible");
}

MainWindow::MainWindow(Workspace::AppSession* session, QWidget* parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_environments(new EnvironmentListModel(session, this))
    , m_environmentCombo(new QComboBox(this))
    , m_environmentList(new QListView(this))
    , m_tokenStatus(new TokenStatusLabel(this))
    , m_banner(new MessageBanner(this))
    , m_tokenMenu(new TokenMenu(session, this))
    , m_requestEditor(new RequestEditor(this))
    , m_responseViewer(new ResponseViewer(session->flowLog(), this))
    , m_secretsStatus(new SecretsStatusLabel(session->secretStore(), m_banner, this))
    , m_inspector(new TokenInspector(session, m_tokenMenu, m_requestEditor, this))
    , m_viewState(new EnvironmentViewState(session, m_responseViewer, m_banner, this))
    , m_productionBadge(createProductionBadge(this, QStringLiteral("productionBadge")))
    , m_productionStatus(createProductionBadge(this, QStringLiteral("productionStatusBadge")))
{
    setObjectName(QStringLiteral("mainWindow"));
    m_signIn = new SignInController(session, this, m_banner);
    connect(m_signIn, &SignInController::problem, this, &MainWindow::showProblem);
    connect(m_signIn, &SignInController::statusMessage, statusBar(), &QStatusBar::showMessage);
    m_tokenMenu->setSignInLinkSource([this] { return m_signIn->signInLink(); });
    setWindowTitle(QStringLiteral("Tokenscope"));
    resize(1200, 800);

    // Top bar: environment, token status, token actions.
    auto* toolbar = addToolBar(tr("Environment and token"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    auto* environmentLabel = new QLabel(tr("&Environment:"), this);
    environmentLabel->setBuddy(m_environmentCombo);
    m_environmentCombo->setObjectName(QStringLiteral("environmentComboBox"));
    m_environmentCombo->setModel(m_environments);
    m_environmentCombo->setMinimumContentsLength(22);
    m_environmentCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_environmentCombo->setAccessibleName(tr("Environment"));

    toolbar->addWidget(environmentLabel);
    toolbar->addWidget(m_environmentCombo);
    m_productionBadgeAction = toolbar->addWidget(m_productionBadge);
    m_productionBadgeAction->setVisible(false);
    auto* spacer = new QWidget(this);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    toolbar->addWidget(m_tokenStatus);
    m_tokenMenu->addButtonsTo(toolbar);

    // Left: environments.
    auto* side = new QWidget(this);
    side->setObjectName(QStringLiteral("environmentsPanel"));
    auto* sideTitle = new QLabel(tr("<b>Environments</b>"), side);
    m_environmentList->setObjectName(QStringLiteral("environmentListView"));
    m_environmentList->setModel(m_environments);
    m_environmentList->setAccessibleName(tr("Environments"));
    m_environmentList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* newButton = new QPushButton(tr("&New"), side);
    newButton->setObjectName(QStringLiteral("newEnvironmentButton"));
    auto* editButton = new QPushButton(tr("E&dit…"), side);
    editButton->setObjectName(QStringLiteral("editEnvironmentButton"));
    auto* removeButton = new QPushButton(tr("Remove"), side);
    removeButton->setObjectName(QStringLiteral("removeEnvironmentButton"));
    auto* sideButtons = new QHBoxLayout;
    sideButtons->addWidget(newButton);
    sideButtons->addWidget(editButton);
    sideButtons->addWidget(removeButton);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(8, 8, 0, 8);
    sideLayout->addWidget(sideTitle);
    sideLayout->addWidget(m_environmentList, 1);
    sideLayout->addLayout(sideButtons);
    connect(newButton, &QPushButton::clicked, this, &MainWindow::newEnvironment);
    connect(editButton, &QPushButton::clicked, this, &MainWindow::editEnvironment);
    connect(removeButton, &QPushButton::clicked, this, &MainWindow::removeEnvironment);
    connect(m_environmentList, &QListView::doubleClicked, this, &MainWindow::editEnvironment);

    // Centre: request above response.
    auto* work = new QSplitter(Qt::Vertical, this);
    work->setObjectName(QStringLiteral("workSplitter"));
    work->addWidget(createRequestArea());
    work->addWidget(m_responseViewer);
    work->setStretchFactor(0, 1);
    work->setStretchFactor(1, 2);
    work->setSizes({250, 550});
    auto* centre = new QWidget(this);
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(0);
    auto* bannerRow = new QVBoxLayout;
    bannerRow->setContentsMargins(8, 8, 8, 0);
    bannerRow->addWidget(m_banner);
    centreLayout->addLayout(bannerRow);
    centreLayout->addWidget(work, 1);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("mainSplitter"));
    split->addWidget(side);
    split->addWidget(centre);
    split->setStretchFactor(1, 1);
    split->setSizes({240, 960});
    setCentralWidget(split);
    // Right of the request: what is sent is what is inspected. Hidden until asked for, then remembered.
    addDockWidget(Qt::RightDockWidgetArea, m_inspector);
    resizeDocks({m_inspector}, {460}, Qt::Horizontal);
    m_inspector->setVisible(QSettings().value(inspectorVisibleKey, false).toBool());
    connect(m_inspector, &TokenInspector::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(this, &MainWindow::variableScopeChanged, m_inspector,
        [this] { m_inspector->setCollectionId(currentCollectionId()); });

    statusBar()->addPermanentWidget(m_productionStatus);
    statusBar()->addPermanentWidget(m_secretsStatus);
    connect(m_secretsStatus, &SecretsStatusLabel::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_tokenMenu, &TokenMenu::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_tokenMenu, &TokenMenu::problem, this, &MainWindow::showProblem);
    connect(m_tokenMenu, &TokenMenu::signInRequested, this, &MainWindow::startSignIn);
    m_requestActions = new RequestActions(session, m_requestEditor, m_banner, this);
    connect(m_requestActions, &RequestActions::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_requestEditor, &RequestEditor::curlPasted, m_requestActions, &RequestActions::applyCurl);
    connect(
        m_requestActions->historyView(), &HistoryView::openRequested, this, &MainWindow::openRequestInNewTab);
    m_collectionActions = new CollectionActions(session, m_banner, this);
    connect(m_collectionActions, &CollectionActions::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_collectionActions, &CollectionActions::openRequested, this,
        [this](const Http::HttpRequest& request, const QString& collectionId, const QString& itemId) {
            openRequestInNewTab(request);
            m_requestTabs->setOrigin(m_requestTabs->currentId(), collectionId, itemId);
            showVariables();
        });
    m_environmentActions = new EnvironmentActions(
        session, m_environmentList, this, [this] { newEnvironment(); }, [this] { editEnvironment(); });
    connect(m_environmentActions, &EnvironmentActions::statusMessage, statusBar(), &QStatusBar::showMessage);
    connect(m_environmentActions, &EnvironmentActions::problem, this, &MainWindow::showProblem);
    m_variableActions = new VariableActions(session, this);
    m_templateActions = new TemplateActions(
        session, [this](const Workspace::Environment& prefilled) { editEnvironmentDialog({}, prefilled); },
        this);
    connect(m_templateActions, &TemplateActions::statusMessage, statusBar(), &QStatusBar::showMessage);
    createMenus();

    // Only a choice made in a view changes the current environment: rows moving under a view are no choice.
    connect(m_environmentCombo, &QComboBox::currentIndexChanged, this, [this](int row) {
        if (row >= 0 && !m_environments->isChanging())
            m_session->setCurrentEnvironment(m_environments->index(row).data(EnvironmentIdRole).toString());
    });
    connect(m_environmentList->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            if (current.isValid() && !m_environments->isChanging())
                m_session->setCurrentEnvironment(current.data(EnvironmentIdRole).toString());
        });
    connect(m_session, &Workspace::AppSession::currentEnvironmentChanged, this,
        &MainWindow::onCurrentEnvironmentChanged);
    connect(m_session, &Workspace::AppSession::environmentsChanged, this,
        &MainWindow::onCurrentEnvironmentChanged);
    connect(m_session, &Workspace::AppSession::variablesChanged, this, &MainWindow::showVariables);
    // The workspace file and the keychain: problems of the application, whichever environment is shown.
    connect(m_session, &Workspace::AppSession::problem, this, &MainWindow::showApplicationProblem);
    connect(m_session, &Workspace::AppSession::workspaceFileConflict, this, &MainWindow::askAboutChangedFile);
    connect(m_session, &Workspace::AppSession::workspaceFileReloaded, this, [this](const QString& file) {
        statusBar()->showMessage(tr("%1 changed outside Tokenscope and was read again.").arg(file), 5000);
    });
    connect(m_session, &Workspace::AppSession::collectionFilesChanged, m_collectionActions,
        &CollectionActions::reloadCollections);
    connect(m_requestEditor, &RequestEditor::sendRequested, this, &MainWindow::sendRequest);
    connect(m_requestEditor, &RequestEditor::cancelRequested, this, [this] {
        if (const quint64 send = m_requestTabs->tab(m_requestTabs->currentId()).sendId)
            m_session->cancelSend(send);
    });
    onCurrentEnvironmentChanged();
    m_requestEditor->setFocus();
}

MainWindow::~MainWindow()
{
    // A window closed without closeEvent (a test, a session ending) keeps its tabs too.
    storeRequests();
}

void MainWindow::askAboutChangedFile(const QString& relativePath, const QString& name)
{
    const QMessageBox::StandardButton answer = MessageBox::question(this, tr("Environment changed on disk"),
        tr("The file of the environment “%1” (%2) changed outside Tokenscope, but your changes to it "
           "could not be saved yet.\n\nRead the file again and drop your changes, or keep your changes "
           "and save them over the file?")
            .arg(name, relativePath),
        {{QMessageBox::Discard, tr("&Read File Again")}, {QMessageBox::Save, tr("&Keep My Changes")}},
        QMessageBox::Save);
    if (answer == QMessageBox::Discard) {
        m_session->reloadWorkspaceFile(relativePath);
    } else if (const Error error = m_session->save(); !error.isNull()) {
        showApplicationProblem(error);
    }
}

void MainWindow::createMenus()
{
    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    m_workspaceMenu = new WorkspaceMenu(m_session->workspaceDirectory(), this);
    m_workspaceMenu->addTo(fileMenu);
    connect(m_workspaceMenu, &WorkspaceMenu::switchRequested, this, &MainWindow::workspaceSwitchRequested);
    connect(m_workspaceMenu, &WorkspaceMenu::problem, this, &MainWindow::showApplicationProblem);
    fileMenu->addSeparator();
    fileMenu->addAction(tr("&New Environment…"), this, &MainWindow::newEnvironment);
    m_templateActions->addNewAction(fileMenu);
    fileMenu->addAction(tr("&Edit Environment…"), this, &MainWindow::editEnvironment);
    fileMenu->addSeparator();
    m_collectionActions->addImportMenu(fileMenu);
    if (auto* import = fileMenu->findChild<QMenu*>(QStringLiteral("importMenu")))
        m_templateActions->addImportAction(import);
    fileMenu->addSeparator();
    const auto openExport = [this](SupportExportDialog::Kind kind) {
        return [this, kind] {
            auto* dialog = SupportExportDialog::open(kind, m_session, m_banner, this);
            connect(dialog, &SupportExportDialog::statusMessage, statusBar(), &QStatusBar::showMessage);
        };
    };
    auto* exportReport = fileMenu->addAction(
        tr("Export &Support Report…"), this, openExport(SupportExportDialog::Kind::Report));
    exportReport->setObjectName(QStringLiteral("exportSupportReportAction"));
    auto* exportScript = fileMenu->addAction(
        tr("Export Flow as c&url Script…"), this, openExport(SupportExportDialog::Kind::CurlScript));
    exportScript->setObjectName(QStringLiteral("exportCurlScriptAction"));
    fileMenu->addSeparator();
    auto* quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    QAction* inspect = m_inspector->toggleViewAction();
    inspect->setText(tr("&Inspect Tokens…"));
    inspect->setObjectName(QStringLiteral("inspectTokensAction"));
    inspect->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    inspect->setToolTip(tr("Show or hide the Token Inspector: claims, signature, scopes (Ctrl+I)"));
    // The user's choice, not every hide (closing the window hides the panel too).
    connect(inspect, &QAction::triggered, this,
        [](bool visible) { QSettings().setValue(inspectorVisibleKey, visible); });
    m_tokenMenu->addSeparator();
    m_tokenMenu->addAction(inspect);
    m_environmentActions->addTo(menuBar()->addMenu(tr("E&nvironment")));
    menuBar()->addMenu(m_tokenMenu);
    auto* requestMenu = menuBar()->addMenu(tr("&Request"));
    auto* send = requestMenu->addAction(tr("&Send"), this, &MainWindow::sendRequest);
    send->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_requestActions->addTo(requestMenu);
    auto* save = requestMenu->addAction(tr("Sa&ve to Collection"), this, &MainWindow::saveToCollection);
    save->setObjectName(QStringLiteral("saveToCollectionAction"));
    save->setShortcut(QKeySequence::Save);
    requestMenu->addAction(m_collectionActions->toggleViewAction());
    auto* viewMenu = menuBar()->addMenu(tr("&View"));
    viewMenu->setObjectName(QStringLiteral("viewMenu"));
    m_variableActions->addTo(viewMenu);
    auto* helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Tokenscope"), this, [this] {
        MessageBox::about(this, tr("About Tokenscope"),
            tr("<h3>Tokenscope %1</h3><p>Explore OAuth-protected APIs: get, keep, refresh and "
               "understand tokens.</p><p>Refresh tokens and client secrets are kept in your "
               "system keychain only.</p>")
                .arg(QStringLiteral(TOKENSCOPE_VERSION)));
    });
}

void MainWindow::receiveRedirect(const QUrl& url)
{
    if (isMinimized())
        showNormal();
    raise();
    activateWindow();
    if (m_signIn->deliverRedirect(url))
        return;
    m_banner->showMessage(MessageBanner::Level::Warning,
        tr("A sign-in answer arrived from the browser, but no sign-in was waiting for it"),
        tr("The browser sent Tokenscope the answer for %1. Start the sign-in again and finish it in "
           "the browser page it opens.")
            .arg(url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment).toDisplayString()),
        MessageBanner::Scope::Application);
}

TokenSession* MainWindow::currentSession() const
{
    return m_session->currentTokenSession();
}

void MainWindow::onCurrentEnvironmentChanged()
{
    const auto* environment = m_session->currentEnvironment();
    const int row = environment ? m_environments->rowOf(environment->id) : -1;
    if (m_environmentCombo->currentIndex() != row) {
        const QSignalBlocker blocker(m_environmentCombo);
        m_environmentCombo->setCurrentIndex(row);
    }
    if (m_environmentList->currentIndex().row() != row) {
        const QSignalBlocker blocker(m_environmentList->selectionModel());
        m_environmentList->setCurrentIndex(m_environments->index(row));
    }
    const QString environmentId = environment ? environment->id : QString();
    m_viewState->select(environmentId);
    showRequestsOf(environmentId);
    showProductionMarks();
    showVariables();

    TokenSession* session = currentSession();
    m_tokenStatus->setTokenSession(session);
    m_tokenMenu->setTokenSession(session);
    if (session == m_boundSession)
        return;
    if (m_boundSession)
        disconnect(m_boundSession, nullptr, this, nullptr);
    m_boundSession = session;
    if (!session)
        return;
    connect(session, &TokenSession::signInFinished, this, [this, session](const Error& error) {
        if (error.code == QLatin1String("cancelled")) {
            // The user's own choice, not a failure.
            m_banner->showMessage(MessageBanner::Level::Information, error.summary);
        } else if (!error.isNull()) {
            showProblem(error);
        } else if (const Error warning = session->signInWarning(); !warning.isNull()) {
            // The tokens work, but not as asked: no refresh token, or scopes the provider left out.
            m_banner->showMessage(MessageBanner::Level::Warning, warning.summary,
                warning.detail + (warning.detail.isEmpty() ? QString() : QStringLiteral("\n"))
                    + warning.hint);
            statusBar()->showMessage(warning.summary, 10000);
        } else {
            m_banner->hide();
            statusBar()->showMessage(tr("Signed in; new tokens received."), 5000);
        }
    });
    connect(session, &TokenSession::refreshFinished, this, [this](const Error& error) {
        if (error.isNull())
            statusBar()->showMessage(tr("Access token refreshed."), 5000);
        else
            showProblem(error);
    });
    connect(session, &TokenSession::secretStorageProblem, this, &MainWindow::showProblem);
}

void MainWindow::getNewToken()
{
    startSignIn(TokenSession::SignInMode::Normal);
}

void MainWindow::signInAsSomeoneElse()
{
    startSignIn(TokenSession::SignInMode::FreshLogin);
}

void MainWindow::startSignIn(TokenSession::SignInMode mode)
{
    m_signIn->signIn(mode);
}

OAuth::LoginAgent* MainWindow::loginAgent()
{
    return m_signIn->loginAgent();
}

void MainWindow::newEnvironment()
{
    editEnvironmentDialog({});
}

void MainWindow::editEnvironment()
{
    if (const auto* environment = m_session->currentEnvironment())
        editEnvironmentDialog(environment->id);
    else
        newEnvironment();
}

void MainWindow::editEnvironmentDialog(
    const QString& environmentId, const std::optional<Workspace::Environment>& prefilled)
{
    Workspace::Environment environment;
    if (const auto* existing = m_session->workspace().findEnvironment(environmentId))
        environment = *existing;
    else if (prefilled)
        environment = *prefilled;
    else
        environment.oauth.scope = QStringLiteral("openid");
    auto* dialog
        = new EnvironmentDialog(environment, !environmentId.isEmpty(), m_session->networkClient(), this);
    if (!environmentId.isEmpty()
        && m_session->secretStore()->isHeldInMemoryOnly(
            Secrets::secretKey(environmentId, QStringLiteral("client_secret"))))
        dialog->setClientSecretRefused();
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // A new environment gets its id now, so what its editor discovers is in its Timeline once saved.
    const QString flowId = environmentId.isEmpty() ? Workspace::newEnvironmentId() : environmentId;
    Http::FlowLog::setEnvironmentOf(dialog, flowId);
    connect(dialog, &QDialog::accepted, this, [this, dialog, flowId] {
        const bool isNew = dialog->environment().id.isEmpty();
        Workspace::Environment edited = dialog->environment();
        if (isNew)
            edited.id = flowId;
        m_session->putEnvironment(edited, dialog->clientSecret());
        if (isNew)
            m_session->setCurrentEnvironment(edited.id);
    });
    dialog->open();
}

void MainWindow::removeEnvironment()
{
    m_environmentActions->remove();
}

void MainWindow::showProblem(const Error& error)
{
    showProblemBanner(error, MessageBanner::Scope::Environment);
}

void MainWindow::showApplicationProblem(const Error& error)
{
    showProblemBanner(error, MessageBanner::Scope::Application);
}

void MainWindow::showProblemBanner(const Error& error, MessageBanner::Scope scope)
{
    QString detail = error.detail;
    if (!error.hint.isEmpty())
        detail += (detail.isEmpty() ? QString() : QStringLiteral("\n")) + error.hint;
    m_banner->showMessage(MessageBanner::Level::Error, error.summary, detail, scope);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    storeRequests();
    // Also a panel closed with its own close button, which does not go through the menu's action.
    QSettings().setValue(inspectorVisibleKey, m_inspector->isVisible());
    event->accept();
}

} // namespace Tokenscope::Ui
