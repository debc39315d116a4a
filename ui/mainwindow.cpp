#include "mainwindow.h"

#include "appsession.h"
#include "embeddedloginagent.h"
#include "endpointresultdialog.h"
#include "environmentdialog.h"
#include "environmentlistmodel.h"
#include "jwt.h"
#include "messagebanner.h"
#include "provideractions.h"
#include "requesteditor.h"
#include "responseviewer.h"
#include "roles.h"
#include "sessionsecretstore.h"
#include "signincontroller.h"
#include "tokensession.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>
#include <QUuid>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

using OAuth::TokenSession;

namespace {

QString formatDuration(qint64 seconds)
{
    const qint64 absolute = qAbs(seconds);
    if (absolute >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(absolute / 3600)
            .arg((absolute % 3600) / 60, 2, 10, QLatin1Char('0'))
            .arg(absolute % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2")
        .arg(absolute / 60, 2, 10, QLatin1Char('0'))
        .arg(absolute % 60, 2, 10, QLatin1Char('0'));
}

// Who the token is for, from the ID token (or a JWT access token): the name a support person would say.
QString subjectOf(const OAuth::TokenSet& tokens)
{
    for (const QString& token : {tokens.idToken, tokens.accessToken}) {
        const auto jwt = Jwt::decode(token);
        if (!jwt)
            continue;
        for (const char* claim : {"preferred_username", "email", "name", "sub"}) {
            QString value = jwt->payload.value(QLatin1String(claim)).toString();
            if (!value.isEmpty())
                return value;
        }
    }
    return {};
}

} // namespace

MainWindow::MainWindow(Workspace::AppSession* session, QWidget* parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_environments(new EnvironmentListModel(session, this))
    , m_environmentCombo(new QComboBox(this))
    , m_environmentList(new QListView(this))
    , m_tokenStatus(new QLabel(this))
    , m_getTokenButton(new QToolButton(this))
    , m_refreshButton(new QToolButton(this))
    , m_forgetButton(new QToolButton(this))
    , m_banner(new MessageBanner(this))
    , m_requestEditor(new RequestEditor(this))
    , m_responseViewer(new ResponseViewer(session->flowLog(), this))
    , m_secretsStatus(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    m_signIn = new SignInController(session, this, m_banner);
    connect(m_signIn, &SignInController::problem, this, &MainWindow::showProblem);
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
    m_tokenStatus->setObjectName(QStringLiteral("tokenStatusLabel"));
    m_tokenStatus->setTextFormat(Qt::RichText);
    m_tokenStatus->setContentsMargins(12, 0, 12, 0);
    m_tokenStatus->setAccessibleName(tr("Token status"));
    m_getTokenButton->setObjectName(QStringLiteral("getTokenButton"));
    m_refreshButton->setObjectName(QStringLiteral("refreshTokenButton"));
    m_forgetButton->setObjectName(QStringLiteral("forgetTokenButton"));
    for (QToolButton* button : {m_getTokenButton, m_refreshButton, m_forgetButton})
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);

    toolbar->addWidget(environmentLabel);
    toolbar->addWidget(m_environmentCombo);
    auto* spacer = new QWidget(this);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    toolbar->addWidget(m_tokenStatus);
    toolbar->addWidget(m_getTokenButton);
    toolbar->addWidget(m_refreshButton);
    toolbar->addWidget(m_forgetButton);

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
    work->addWidget(m_requestEditor);
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

    m_secretsStatus->setObjectName(QStringLiteral("secretsStatusLabel"));
    statusBar()->addPermanentWidget(m_secretsStatus);

    createActions();

    connect(m_environmentCombo, &QComboBox::currentIndexChanged, this, [this](int row) {
        if (row >= 0)
            m_session->setCurrentEnvironment(m_environments->index(row).data(EnvironmentIdRole).toString());
    });
    connect(m_environmentList->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            if (current.isValid())
                m_session->setCurrentEnvironment(current.data(EnvironmentIdRole).toString());
        });
    connect(m_session, &Workspace::AppSession::currentEnvironmentChanged, this,
        &MainWindow::onCurrentEnvironmentChanged);
    connect(m_session, &Workspace::AppSession::environmentsChanged, this,
        &MainWindow::onCurrentEnvironmentChanged);
    connect(m_session, &Workspace::AppSession::problem, this, &MainWindow::showProblem);
    connect(m_requestEditor, &RequestEditor::sendRequested, this, &MainWindow::sendRequest);
    if (auto* secrets = qobject_cast<Secrets::SessionSecretStore*>(m_session->secretStore())) {
        connect(
            secrets, &Secrets::SessionSecretStore::keychainAvailableChanged, this, [this](bool available) {
                updateSecretsStatus();
                if (available && m_keychainWarned) {
                    m_keychainWarned = false;
                    m_banner->hide();
                    statusBar()->showMessage(
                        tr("The keychain is available again; secrets of this session were saved."), 8000);
                }
            });
        connect(secrets, &Secrets::SessionSecretStore::keychainProblem, this,
            [this, secrets](const QString& message) {
                if (m_keychainWarned)
                    return;
                m_keychainWarned = true;
                updateSecretsStatus();
                m_banner->showMessage(MessageBanner::Level::Warning, tr("The keychain is not available"),
                    tr("%1\nRefresh tokens and client secrets are kept in memory for this session only "
                       "and are never written to disk. Unlock or install a keychain (Secret Service, "
                       "KWallet) and they will be saved again.")
                        .arg(message));
                m_banner->setAction(tr("Try Again"), [secrets] { secrets->probe(); });
            });
    }

    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, &MainWindow::updateTokenStatus);
    m_clock.start();

    // Find out early, off the start-up path, whether secrets can be kept.
    if (auto* secrets = qobject_cast<Secrets::SessionSecretStore*>(m_session->secretStore()))
        QTimer::singleShot(0, secrets, &Secrets::SessionSecretStore::probe);

    m_requestEditor->setRequest(m_session->workspace().draftRequest);
    onCurrentEnvironmentChanged();
    updateSecretsStatus();
    m_requestEditor->setFocus();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    auto* getToken = new QAction(tr("&Get New Access Token"), this);
    getToken->setObjectName(QStringLiteral("getTokenAction"));
    getToken->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    getToken->setToolTip(tr("Sign in at the provider and get new tokens (Ctrl+Shift+T)"));
    auto* refresh = new QAction(tr("&Refresh Token"), this);
    refresh->setObjectName(QStringLiteral("refreshTokenAction"));
    refresh->setToolTip(tr("Use the refresh token to get a new access token"));
    m_someoneElseAction = new QAction(tr("Sign In as &Someone Else…"), this);
    m_someoneElseAction->setObjectName(QStringLiteral("signInAsSomeoneElseAction"));
    m_someoneElseAction->setToolTip(
        tr("Sign in again and make the provider ask who you are, even if it remembers you"));
    connect(m_someoneElseAction, &QAction::triggered, this, &MainWindow::signInAsSomeoneElse);
    m_clearSessionAction = new QAction(tr("&Clear Sign-in Session"), this);
    m_clearSessionAction->setObjectName(QStringLiteral("clearSignInSessionAction"));
    connect(m_clearSessionAction, &QAction::triggered, this, &MainWindow::clearSignInSession);
    auto* forget = new QAction(tr("&Forget Tokens"), this);
    forget->setObjectName(QStringLiteral("forgetTokenAction"));
    forget->setToolTip(
        tr("Drop this environment's tokens from memory and its refresh token from the keychain"));
    m_getTokenButton->setDefaultAction(getToken);
    auto* signInMenu = new QMenu(m_getTokenButton);
    signInMenu->addAction(m_someoneElseAction);
    signInMenu->addAction(m_clearSessionAction);
    m_getTokenButton->setMenu(signInMenu);
    m_getTokenButton->setPopupMode(QToolButton::MenuButtonPopup);
    m_refreshButton->setDefaultAction(refresh);
    m_forgetButton->setDefaultAction(forget);
    connect(getToken, &QAction::triggered, this, &MainWindow::getNewToken);
    connect(refresh, &QAction::triggered, this, &MainWindow::refreshToken);
    connect(forget, &QAction::triggered, this, &MainWindow::forgetToken);

    auto* fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(tr("&New Environment…"), this, &MainWindow::newEnvironment);
    fileMenu->addAction(tr("&Edit Environment…"), this, &MainWindow::editEnvironment);
    fileMenu->addSeparator();
    auto* quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    auto* tokenMenu = menuBar()->addMenu(tr("&Token"));
    tokenMenu->addAction(getToken);
    tokenMenu->addAction(m_someoneElseAction);
    tokenMenu->addAction(refresh);
    tokenMenu->addAction(forget);
    createEndpointActions(tokenMenu);
    tokenMenu->addSeparator();
    tokenMenu->addAction(m_clearSessionAction);
    auto* forgetAll = tokenMenu->addAction(tr("Forget &All Tokens…"), this, &MainWindow::forgetAllTokens);
    forgetAll->setObjectName(QStringLiteral("forgetAllTokensAction"));
    forgetAll->setToolTip(
        tr("Drop the tokens of every environment and their refresh tokens from the keychain"));
    auto* requestMenu = menuBar()->addMenu(tr("&Request"));
    auto* send = requestMenu->addAction(tr("&Send"), this, &MainWindow::sendRequest);
    send->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    auto* helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Tokenscope"), this, [this] {
        QMessageBox::about(this, tr("About Tokenscope"),
            tr("<h3>Tokenscope %1</h3><p>Explore OAuth-protected APIs: get, keep, refresh and "
               "understand tokens.</p><p>Refresh tokens and client secrets are kept in your "
               "system keychain only.</p>")
                .arg(QStringLiteral(TOKENSCOPE_VERSION)));
    });
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
    m_requestEditor->setVariables(environment ? environment->variables : QList<Http::Variable>());
    updateSignInActions();

    TokenSession* session = currentSession();
    if (session != m_boundSession) {
        if (m_boundSession)
            disconnect(m_boundSession, nullptr, this, nullptr);
        m_boundSession = session;
        m_subject = session ? subjectOf(session->tokens()) : QString();
        if (session) {
            connect(session, &TokenSession::stateChanged, this, &MainWindow::updateTokenStatus);
            // Decoded once per new token set, not on every tick of the expiry countdown.
            connect(session, &TokenSession::tokensChanged, this, [this, session] {
                m_subject = subjectOf(session->tokens());
                updateTokenStatus();
            });
            connect(session, &TokenSession::signInFinished, this, [this](const Error& error) {
                if (error.isNull()) {
                    m_banner->hide();
                    statusBar()->showMessage(tr("Signed in; new tokens received."), 5000);
                } else {
                    showProblem(error);
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
    }
    updateTokenStatus();
}

void MainWindow::updateTokenStatus()
{
    TokenSession* session = currentSession();
    const bool hasEnvironment = session != nullptr;
    m_getTokenButton->defaultAction()->setEnabled(
        hasEnvironment && session->state() != TokenSession::State::SigningIn);
    m_refreshButton->defaultAction()->setEnabled(hasEnvironment
        && session->state() == TokenSession::State::SignedIn && !session->tokens().refreshToken.isEmpty());
    m_forgetButton->defaultAction()->setEnabled(hasEnvironment);
    updateEndpointActions();
    if (!session) {
        m_tokenStatus->setText(tr("<span style=\"color:gray\">No environment: create one to start</span>"));
        m_tokenStatus->setToolTip({});
        return;
    }
    const auto& tokens = session->tokens();
    switch (session->state()) {
    case TokenSession::State::SigningIn:
        m_tokenStatus->setText(tr("Signing in…"));
        m_tokenStatus->setToolTip(tr("Finish signing in in the sign-in window."));
        return;
    case TokenSession::State::Refreshing:
        m_tokenStatus->setText(tr("Refreshing…"));
        return;
    case TokenSession::State::SignedOut:
        m_tokenStatus->setText(tr("<span style=\"color:gray\">○ No access token</span>"));
        m_tokenStatus->setToolTip(tr("Get a new access token to sign in."));
        return;
    case TokenSession::State::SignedIn:
        break;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString& who = m_subject;
    QString expiry;
    QString colour = QStringLiteral("#26a269");
    if (!tokens.expiresAt.isValid()) {
        expiry = tr("expiry unknown");
    } else {
        const qint64 left = now.secsTo(tokens.expiresAt);
        if (left > 0) {
            expiry = tr("expires in %1").arg(formatDuration(left));
            if (left < 60)
                colour = QStringLiteral("#c88800");
        } else {
            expiry = tr("expired %1 ago").arg(formatDuration(left));
            colour = QStringLiteral("#c01c28");
        }
    }
    const QStringList granted = tokens.grantedScopes();
    const QString scopes = tr("%n scope(s)", nullptr, int(granted.size()));
    m_tokenStatus->setText(
        QStringLiteral("<span style=\"color:%1\">●</span> %2 · %3 · %4")
            .arg(colour, (who.isEmpty() ? tr("signed in") : who).toHtmlEscaped(), expiry, scopes));
    QString tip = tr("Granted scopes: %1").arg(granted.join(QLatin1Char(' ')));
    if (const QStringList missing = tokens.missingScopes(); !missing.isEmpty())
        tip += QLatin1Char('\n') + tr("Requested but not granted: %1").arg(missing.join(QLatin1Char(' ')));
    if (tokens.expiresAt.isValid())
        tip += QLatin1Char('\n')
            + tr("Expires at %1")
                  .arg(QLocale().toString(tokens.expiresAt.toLocalTime(), QLocale::LongFormat));
    tip += QLatin1Char('\n')
        + (tokens.refreshToken.isEmpty() ? tr("No refresh token") : tr("Refresh token held"));
    m_tokenStatus->setToolTip(tip);
}

void MainWindow::updateSecretsStatus()
{
    m_secretsStatus->setText(tr("Secrets: %1").arg(m_session->secretStore()->backendName()));
}

void MainWindow::getNewToken()
{
    m_signIn->signIn(TokenSession::SignInMode::Normal);
}

void MainWindow::signInAsSomeoneElse()
{
    m_signIn->signIn(TokenSession::SignInMode::FreshLogin);
}

OAuth::LoginAgent* MainWindow::loginAgent()
{
    return m_signIn->loginAgent();
}

void MainWindow::updateSignInActions()
{
    const auto* environment = m_session->currentEnvironment();
    const bool kept = environment && environment->signIn.keepBrowserSession
        && environment->signIn.browser == Workspace::SignInSettings::Browser::Embedded;
    if (!m_someoneElseAction)
        return;
    m_someoneElseAction->setEnabled(environment != nullptr);
    m_clearSessionAction->setEnabled(kept);
    m_clearSessionAction->setToolTip(kept
            ? tr("Forget the provider's session that this environment's sign-in window keeps")
            : tr("This environment keeps no sign-in session: each sign-in window starts empty"));
}

void MainWindow::clearSignInSession()
{
    const auto* environment = m_session->currentEnvironment();
    if (!environment)
        return;
    QString problem;
    if (!EmbeddedLoginAgent::clearPersistentProfile(environment->id, &problem)) {
        showProblem({tr("The sign-in session could not be cleared"), problem, {}});
        return;
    }
    statusBar()->showMessage(
        tr("Sign-in session of “%1” cleared: the provider will ask who you are.").arg(environment->name),
        5000);
}

void MainWindow::refreshToken()
{
    if (TokenSession* session = currentSession())
        session->refresh();
}

void MainWindow::forgetAllTokens()
{
    const auto answer = QMessageBox::question(this, tr("Forget all tokens"),
        tr("Forget the tokens of every environment? Their refresh tokens are removed from the keychain; you "
           "will "
           "need to sign in again. Client secrets are kept."),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    m_session->forgetAllTokens();
    statusBar()->showMessage(tr("All tokens forgotten."), 5000);
}

void MainWindow::forgetToken()
{
    if (TokenSession* session = currentSession()) {
        session->forget();
        statusBar()->showMessage(tr("Tokens forgotten."), 5000);
    }
}

void MainWindow::sendRequest()
{
    const Http::HttpRequest request = m_requestEditor->request();
    m_session->setDraftRequest(request);
    m_requestEditor->setBusy(true);
    m_responseViewer->showPending();
    m_session->send(request, this, [this](const Http::HttpResponse& response, const Error& error) {
        m_requestEditor->setBusy(false);
        if (!error.isNull() && response.status == 0) {
            m_responseViewer->showError(error);
            return;
        }
        m_responseViewer->showResponse(response);
        if (response.status == 401 && response.bearerError() == QLatin1String("invalid_token")) {
            m_banner->showMessage(MessageBanner::Level::Warning,
                tr("The API refused the access token (invalid_token)"),
                tr("It may have expired or been revoked. Refresh it or get a new one."));
        } else if (response.status == 403 || response.bearerError() == QLatin1String("insufficient_scope")) {
            m_banner->showMessage(MessageBanner::Level::Warning,
                tr("The API refused access (HTTP %1)").arg(response.status),
                tr("The token may lack a scope or role this call needs. Compare the granted scopes "
                   "(hover the token status) with what the API requires."));
        }
    });
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

void MainWindow::editEnvironmentDialog(const QString& environmentId)
{
    Workspace::Environment environment;
    if (const auto* existing = m_session->workspace().findEnvironment(environmentId))
        environment = *existing;
    else
        environment.oauth.scope = QStringLiteral("openid");
    auto* dialog
        = new EnvironmentDialog(environment, !environmentId.isEmpty(), m_session->networkClient(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const bool isNew = dialog->environment().id.isEmpty();
        Workspace::Environment edited = dialog->environment();
        if (isNew)
            edited.id = Workspace::newEnvironmentId();
        m_session->putEnvironment(edited, dialog->clientSecret());
        if (isNew)
            m_session->setCurrentEnvironment(edited.id);
    });
    dialog->open();
}

void MainWindow::removeEnvironment()
{
    const auto* environment = m_session->currentEnvironment();
    if (!environment)
        return;
    const auto answer = QMessageBox::question(this, tr("Remove environment"),
        tr("Remove “%1”? Its tokens and the client secret in the keychain are removed too.")
            .arg(environment->name),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    const QString id = environment->id;
    // The provider's session kept on disk for this environment goes with it.
    if (environment->signIn.keepBrowserSession) {
        QString ignored;
        EmbeddedLoginAgent::clearPersistentProfile(id, &ignored);
    }
    m_session->removeEnvironment(id);
}

void MainWindow::showProblem(const Error& error)
{
    QString detail = error.detail;
    if (!error.hint.isEmpty())
        detail += (detail.isEmpty() ? QString() : QStringLiteral("\n")) + error.hint;
    m_banner->showMessage(MessageBanner::Level::Error, error.summary, detail);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    m_session->setDraftRequest(m_requestEditor->request());
    event->accept();
}

void MainWindow::createEndpointActions(QMenu* tokenMenu)
{
    // Added right after Forget Tokens, in this order.
    m_revokeAction
        = tokenMenu->addAction(tr("Re&voke and Forget Tokens"), this, &MainWindow::revokeAndForgetToken);
    m_revokeAction->setObjectName(QStringLiteral("revokeTokenAction"));
    m_introspectAction = tokenMenu->addAction(
        tr("&Inspect at Provider (Introspection)…"), this, &MainWindow::introspectToken);
    m_introspectAction->setObjectName(QStringLiteral("introspectTokenAction"));
    m_userInfoAction = tokenMenu->addAction(tr("Show &UserInfo…"), this, &MainWindow::showUserInfo);
    m_userInfoAction->setObjectName(QStringLiteral("userInfoAction"));
    m_signOutAction
        = tokenMenu->addAction(tr("Sign &Out at Provider…"), this, &MainWindow::signOutAtProvider);
    m_signOutAction->setObjectName(QStringLiteral("signOutAtProviderAction"));
    // Tooltips explain a disabled action; menus show them only when asked to.
    tokenMenu->setToolTipsVisible(true);
    connect(tokenMenu, &QMenu::aboutToShow, this, &MainWindow::updateEndpointActions);
    updateEndpointActions();
}

void MainWindow::updateEndpointActions()
{
    if (!m_revokeAction)
        return;
    const auto* environment = m_session->currentEnvironment();
    const TokenSession* session = currentSession();
    const bool signedIn = session && session->tokens().hasAccessToken();
    const auto update = [environment](QAction* action, const QUrl& endpoint, bool needsToken,
                            const QString& enabledTip, const QString& endpointName) {
        if (!environment) {
            action->setEnabled(false);
            action->setToolTip(tr("No environment: create one first"));
        } else if (endpoint.isEmpty()) {
            action->setEnabled(false);
            action->setToolTip(tr("“%1” has no %2. Use Discover in the environment to fill in the provider's "
                                  "endpoints.")
                                   .arg(environment->name, endpointName));
        } else if (!needsToken) {
            action->setEnabled(true);
            action->setToolTip(enabledTip);
        } else {
            action->setEnabled(false);
            action->setToolTip(tr("Sign in first: there is no access token"));
        }
    };
    const OAuth::ClientConfig config = environment ? environment->oauth : OAuth::ClientConfig {};
    update(m_revokeAction, config.revocationEndpoint, false,
        tr("Revoke the refresh token at the provider, then forget the tokens here (also if revoking fails)"),
        tr("revocation endpoint"));
    update(m_introspectAction, config.introspectionEndpoint, !signedIn,
        tr("Ask the provider whether the access token is active, and what it knows about it"),
        tr("introspection endpoint"));
    update(m_userInfoAction, config.userinfoEndpoint, !signedIn,
        tr("Ask the provider who the access token is for"), tr("UserInfo endpoint"));
    update(m_signOutAction, config.endSessionEndpoint, false,
        tr("End the session at the provider in your browser, and forget the tokens here"),
        tr("end-session (logout) endpoint"));
}

void MainWindow::revokeAndForgetToken()
{
    OAuth::ProviderActions* actions = m_session->currentProviderActions();
    if (!actions)
        return;
    connect(
        actions, &OAuth::ProviderActions::revocationFinished, this,
        [this](const Error& error) {
            if (error.isNull()) {
                statusBar()->showMessage(tr("Tokens revoked at the provider and forgotten here."), 5000);
                return;
            }
            // The tokens are gone here either way; the error says what the provider did not do.
            statusBar()->clearMessage();
            showProblem(error);
        },
        Qt::SingleShotConnection);
    actions->revokeAndForget();
    statusBar()->showMessage(tr("Revoking…"));
}

void MainWindow::introspectToken()
{
    OAuth::ProviderActions* actions = m_session->currentProviderActions();
    if (!actions)
        return;
    statusBar()->showMessage(tr("Asking the provider about the access token…"));
    actions->introspect(this, [this](const OAuth::IntrospectionOutcome& outcome) {
        statusBar()->clearMessage();
        if (!outcome.ok()) {
            showProblem(outcome.error);
            return;
        }
        const OAuth::IntrospectionResult& result = *outcome.result;
        const QString summary = result.active
            ? tr("<b style=\"color:#26a269\">Active.</b> The provider accepts this access token.")
            : tr(
                "<b style=\"color:#c01c28\">Not active.</b> The token is expired, revoked, or unknown to the "
                "provider (RFC 7662 says no more).");
        auto* dialog = new EndpointResultDialog(tr("Introspection"), summary, result.claims, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
}

void MainWindow::showUserInfo()
{
    OAuth::ProviderActions* actions = m_session->currentProviderActions();
    if (!actions)
        return;
    statusBar()->showMessage(tr("Asking the provider who this is…"));
    actions->fetchUserInfo(this, [this](const OAuth::UserInfoOutcome& outcome) {
        statusBar()->clearMessage();
        if (!outcome.ok()) {
            showProblem(outcome.error);
            return;
        }
        QStringList notes;
        notes << (outcome.subjectChecked ? tr("The subject matches the ID token's.")
                                         : tr("No ID token to compare the subject with."));
        if (outcome.signature == OAuth::UserInfoOutcome::Signature::Verified)
            notes << tr("Signed answer; signature verified.");
        else if (outcome.signature == OAuth::UserInfoOutcome::Signature::NotVerified)
            notes << tr("Signed answer; the signature could not be checked (no JWKS URI).");
        auto* dialog = new EndpointResultDialog(
            tr("UserInfo"), notes.join(QLatin1Char(' ')).toHtmlEscaped(), *outcome.claims, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
}

void MainWindow::signOutAtProvider()
{
    TokenSession* session = currentSession();
    if (!session)
        return;
    // The state only lets a post-logout page tell its own request apart; no redirect comes back here.
    const QUrl url = m_session->currentProviderActions()->endSessionUrl(
        {}, QUuid::createUuid().toString(QUuid::WithoutBraces));
    if (!url.isValid())
        return;
    // Opened in the system browser also for environments that sign in in the embedded window: that
    // window's own cookie jar is then not cleared by this (use Clear Sign-in Session for that).
    if (!QDesktopServices::openUrl(url)) {
        showProblem({tr("The browser could not be opened"), url.adjusted(QUrl::RemoveQuery).toString(),
            tr("The tokens were kept.")});
        return;
    }
    session->forget();
    statusBar()->showMessage(tr("Signing out at the provider in your browser; tokens forgotten here."), 5000);
}

} // namespace Tokenscope::Ui
