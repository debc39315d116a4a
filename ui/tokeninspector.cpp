#include "tokeninspector.h"

#include "appsession.h"
#include "provideractions.h"
#include "requesteditor.h"
#include "signatureverdict.h"
#include "tokenform.h"
#include "tokeninspectorview.h"
#include "tokenmenu.h"
#include "tokensession.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

using OAuth::TokenSession;

namespace {

// A panel button for a Token menu action: its own short text, the action's enabling and tooltip.
QPushButton* buttonFor(QAction* action, const QString& text, const QString& objectName, QWidget* parent)
{
    auto* button = new QPushButton(text, parent);
    button->setObjectName(objectName);
    const auto mirror = [button, action] {
        button->setEnabled(action->isEnabled());
        button->setToolTip(action->toolTip());
    };
    mirror();
    QObject::connect(action, &QAction::changed, button, mirror);
    QObject::connect(button, &QPushButton::clicked, action, &QAction::trigger);
    return button;
}

OAuth::TokenKind kindOf(TokenInspector::Source source)
{
    switch (source) {
    case TokenInspector::Source::AccessToken:
        return OAuth::TokenKind::AccessToken;
    case TokenInspector::Source::IdToken:
        return OAuth::TokenKind::IdToken;
    case TokenInspector::Source::RefreshToken:
        return OAuth::TokenKind::RefreshToken;
    case TokenInspector::Source::Pasted:
        break;
    }
    return OAuth::TokenKind::Pasted;
}

} // namespace

TokenInspector::TokenInspector(
    Workspace::AppSession* session, TokenMenu* menu, RequestEditor* editor, QWidget* parent)
    : QDockWidget(tr("Token Inspector"), parent)
    , m_session(session)
    , m_editor(editor)
    , m_verifier(new OAuth::SignatureVerifier(session->networkClient(), session->jwksClient(), this))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
    , m_sourceCombo(new QComboBox(this))
    , m_pasteEdit(new QLineEdit(this))
    , m_pasteButton(new QPushButton(tr("&Paste"), this))
    , m_keySourceRow(new QWidget(this))
    , m_jwksEdit(new QLineEdit(this))
    , m_issuerEdit(new QLineEdit(this))
    , m_masked(new QLabel(this))
    , m_copyToken(new QPushButton(tr("Cop&y Token"), this))
    , m_copyAuthorization(new QPushButton(tr("Copy Authori&zation Line"), this))
    , m_view(new TokenInspectorView(this))
    , m_introspect(new QAction(tr("I&ntrospect"), this))
    , m_verify(new QAction(tr("Check &Signature"), this))
    , m_menuIntrospect(menu->introspectAction())
{
    setObjectName(QStringLiteral("tokenInspectorDock"));
    setAccessibleName(tr("Token Inspector"));
    setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    setAcceptDrops(true);

    auto* content = new QWidget(this);
    content->setObjectName(QStringLiteral("tokenInspectorPanel"));
    auto* layout = new QVBoxLayout(content);
    layout->addWidget(createSourceRow());
    auto* maskedRow = new QHBoxLayout;
    m_masked->setObjectName(QStringLiteral("maskedTokenLabel"));
    m_masked->setAccessibleName(tr("Token (masked)"));
    m_masked->setWordWrap(true);
    maskedRow->addWidget(m_masked, 1);
    layout->addLayout(maskedRow);
    auto* copyRow = new QHBoxLayout;
    m_copyToken->setObjectName(QStringLiteral("copyTokenButton"));
    m_copyToken->setToolTip(tr("Copy the token itself to the clipboard"));
    m_copyAuthorization->setObjectName(QStringLiteral("copyAuthorizationButton"));
    m_copyAuthorization->setToolTip(tr("Copy the header line an API call sends: Authorization: Bearer …"));
    copyRow->addWidget(m_copyToken);
    copyRow->addWidget(m_copyAuthorization);
    copyRow->addStretch();
    layout->addLayout(copyRow);
    m_view->setObjectName(QStringLiteral("tokenInspectorView"));
    layout->addWidget(m_view, 1);
    layout->addWidget(createActionsRow(menu));
    content->setMinimumWidth(320);
    setWidget(content);

    connect(m_copyToken, &QPushButton::clicked, this, &TokenInspector::copyToken);
    connect(m_copyAuthorization, &QPushButton::clicked, this, &TokenInspector::copyAuthorizationLine);
    connect(m_view, &TokenInspectorView::statusMessage, this, &TokenInspector::statusMessage);
    connect(m_introspect, &QAction::triggered, this, &TokenInspector::introspect);
    connect(m_verify, &QAction::triggered, this, &TokenInspector::verifySignature);
    connect(m_menuIntrospect, &QAction::changed, this, &TokenInspector::updateControls);
    connect(m_session, &Workspace::AppSession::currentEnvironmentChanged, this,
        &TokenInspector::onCurrentEnvironmentChanged);
    connect(m_session, &Workspace::AppSession::environmentsChanged, this,
        &TokenInspector::onCurrentEnvironmentChanged);
    // Relative times and the expiry flags move with the clock; only while someone can see them.
    m_ticker.setInterval(1000);
    connect(&m_ticker, &QTimer::timeout, this, &TokenInspector::updateInspection);
    connect(this, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible) {
            if (m_verificationDeferred)
                verifySignature();
            updateInspection();
            m_ticker.start();
        } else {
            m_ticker.stop();
        }
    });
    onCurrentEnvironmentChanged();
}

TokenInspector::~TokenInspector() = default;

QWidget* TokenInspector::createSourceRow()
{
    auto* row = new QWidget(this);
    auto* form = new QFormLayout(row);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_sourceCombo->setObjectName(QStringLiteral("tokenSourceComboBox"));
    m_sourceCombo->setAccessibleName(tr("Token to inspect"));
    m_sourceCombo->addItem(tr("Access token"), QVariant::fromValue(Source::AccessToken));
    m_sourceCombo->addItem(tr("ID token"), QVariant::fromValue(Source::IdToken));
    m_sourceCombo->addItem(tr("Refresh token"), QVariant::fromValue(Source::RefreshToken));
    m_sourceCombo->addItem(tr("Pasted token"), QVariant::fromValue(Source::Pasted));
    form->addRow(tr("To&ken:"), m_sourceCombo);

    // Masked like a password: a pasted token is as good as the user's sign-in.
    m_pasteEdit->setObjectName(QStringLiteral("pastedTokenLineEdit"));
    m_pasteEdit->setEchoMode(QLineEdit::Password);
    m_pasteEdit->setAccessibleName(tr("Pasted token"));
    m_pasteEdit->setPlaceholderText(tr("Paste or drop a token (“Bearer ” is fine)"));
    m_pasteButton->setObjectName(QStringLiteral("pasteTokenButton"));
    m_pasteButton->setToolTip(tr("Inspect the token on the clipboard"));
    auto* pasteRow = new QHBoxLayout;
    pasteRow->addWidget(m_pasteEdit, 1);
    pasteRow->addWidget(m_pasteButton);
    auto* pasteLabel = new QLabel(tr("&Other:"), row);
    pasteLabel->setBuddy(m_pasteEdit);
    form->addRow(pasteLabel, pasteRow);

    // A pasted token may come from another provider than the environment's: its keys are found here.
    m_jwksEdit->setObjectName(QStringLiteral("jwksUrlLineEdit"));
    m_jwksEdit->setAccessibleName(tr("JWKS URL"));
    m_jwksEdit->setPlaceholderText(tr("https://…/jwks (empty: the environment's)"));
    m_issuerEdit->setObjectName(QStringLiteral("issuerLineEdit"));
    m_issuerEdit->setAccessibleName(tr("Issuer"));
    m_issuerEdit->setPlaceholderText(tr("https://issuer (its keys by discovery)"));
    auto* keyForm = new QFormLayout(m_keySourceRow);
    keyForm->setContentsMargins(0, 0, 0, 0);
    keyForm->setRowWrapPolicy(QFormLayout::WrapLongRows);
    keyForm->addRow(tr("&JWKS URL:"), m_jwksEdit);
    keyForm->addRow(tr("&Issuer:"), m_issuerEdit);
    form->addRow(m_keySourceRow);

    connect(m_sourceCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_introspection.reset();
        updateControls();
        reinspect();
    });
    connect(m_pasteEdit, &QLineEdit::textEdited, this, &TokenInspector::inspectText);
    connect(m_pasteButton, &QPushButton::clicked, this,
        [this] { inspectText(QApplication::clipboard()->text()); });
    // The issuer is also what the iss check compares with.
    for (QLineEdit* keys : {m_jwksEdit, m_issuerEdit}) {
        connect(keys, &QLineEdit::editingFinished, this, [this] {
            verifySignature();
            updateInspection();
        });
    }
    return row;
}

QWidget* TokenInspector::createActionsRow(TokenMenu* menu)
{
    auto* row = new QWidget(this);
    row->setObjectName(QStringLiteral("inspectorActionsPanel"));
    auto* grid = new QGridLayout(row);
    grid->setContentsMargins(0, 0, 0, 0);
    auto* verify = buttonFor(m_verify, tr("Check Signature"), QStringLiteral("checkSignatureButton"), row);
    m_verify->setToolTip(tr("Fetch the provider's keys again and check the signature"));
    auto* introspect
        = buttonFor(m_introspect, tr("Introspect"), QStringLiteral("inspectorIntrospectButton"), row);
    grid->addWidget(
        buttonFor(menu->refreshAction(), tr("Refresh Now"), QStringLiteral("inspectorRefreshButton"), row), 0,
        0);
    grid->addWidget(
        buttonFor(menu->revokeAction(), tr("Revoke"), QStringLiteral("inspectorRevokeButton"), row), 0, 1);
    grid->addWidget(introspect, 1, 0);
    grid->addWidget(
        buttonFor(menu->userInfoAction(), tr("UserInfo"), QStringLiteral("inspectorUserInfoButton"), row), 1,
        1);
    grid->addWidget(verify, 2, 0, 1, 2);
    return row;
}

void TokenInspector::setClock(Clock clock)
{
    m_clock = std::move(clock);
    updateInspection();
}

TokenInspector::Source TokenInspector::source() const
{
    return m_sourceCombo->currentData().value<Source>();
}

void TokenInspector::setSource(Source source)
{
    m_sourceCombo->setCurrentIndex(m_sourceCombo->findData(QVariant::fromValue(source)));
}

void TokenInspector::inspectText(const QString& text)
{
    m_pasted = text.trimmed();
    if (m_pasteEdit->text() != text)
        m_pasteEdit->setText(text);
    if (source() != Source::Pasted)
        setSource(Source::Pasted); // inspects
    else
        reinspect();
}

void TokenInspector::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasText())
        event->acceptProposedAction();
}

void TokenInspector::dropEvent(QDropEvent* event)
{
    if (!event->mimeData()->hasText())
        return;
    inspectText(event->mimeData()->text());
    event->acceptProposedAction();
}

void TokenInspector::onCurrentEnvironmentChanged()
{
    TokenSession* session = m_session->currentTokenSession();
    if (session != m_tokens) {
        if (m_tokens)
            disconnect(m_tokens, nullptr, this, nullptr);
        m_tokens = session;
        if (session) {
            connect(session, &TokenSession::tokensChanged, this, &TokenInspector::reinspect);
            connect(session, &TokenSession::stateChanged, this, &TokenInspector::updateControls);
        }
    }
    updateControls();
    reinspect();
}

QString TokenInspector::currentToken() const
{
    if (source() == Source::Pasted)
        return m_pasted;
    if (!m_tokens)
        return {};
    const OAuth::TokenSet& tokens = m_tokens->tokens();
    switch (source()) {
    case Source::AccessToken:
        return tokens.accessToken;
    case Source::IdToken:
        return tokens.idToken;
    case Source::RefreshToken:
        return tokens.refreshToken;
    case Source::Pasted:
        break;
    }
    return {};
}

OAuth::InspectionContext TokenInspector::context() const
{
    OAuth::InspectionContext context;
    context.kind = kindOf(source());
    if (const auto* environment = m_session->currentEnvironment())
        context.config = environment->oauth;
    if (source() == Source::Pasted && !m_issuerEdit->text().trimmed().isEmpty())
        context.config.issuer = m_issuerEdit->text().trimmed();
    if (source() == Source::AccessToken && m_tokens)
        context.grantedScope = m_tokens->tokens().grantedScope;
    if (m_editor)
        context.requestUrl = m_session->resolvedUrl(m_editor->request(), m_collectionId);
    context.now = m_clock();
    return context;
}

void TokenInspector::setCollectionId(const QString& collectionId)
{
    if (collectionId == m_collectionId)
        return;
    m_collectionId = collectionId;
    updateInspection();
}

void TokenInspector::reinspect()
{
    const QString token = Jwt::parseToken(currentToken()).token;
    if (token != m_inspected) {
        m_inspected = token;
        m_introspection.reset();
        verifySignature();
    }
    updateControls();
    updateInspection();
}

void TokenInspector::updateInspection()
{
    if (m_inspected.isEmpty()) {
        QString why;
        if (source() == Source::Pasted)
            why = tr("Paste a token above, or drop one on this panel.");
        else if (!m_tokens)
            why = tr("No environment: create one first.");
        else if (source() == Source::AccessToken)
            why = tr("No access token: sign in first.");
        else if (source() == Source::IdToken)
            why = tr("No ID token: sign in with the “openid” scope to get one.");
        else
            why = tr("No refresh token in memory. After a restart it stays in the keychain until Refresh "
                     "Token uses it.");
        m_view->showNothing(why);
        return;
    }
    const OAuth::InspectionContext inspectionContext = context();
    if (m_introspection)
        m_view->showInspection(OAuth::inspectIntrospection(*m_introspection, inspectionContext, m_inspected),
            inspectionContext.kind, m_introspection->claims);
    else
        m_view->showInspection(OAuth::inspectToken(m_inspected, inspectionContext), inspectionContext.kind);
}

void TokenInspector::verifySignature()
{
    const quint64 verification = ++m_verification;
    // The keys are fetched for someone who looks: a hidden panel does not go to the network.
    m_verificationDeferred = !isVisible();
    if (m_inspected.isEmpty() || m_verificationDeferred)
        return;
    OAuth::KeySource keys = OAuth::KeySource::fromConfig(context().config);
    if (source() == Source::Pasted && !m_jwksEdit->text().trimmed().isEmpty())
        keys.jwksUri = QUrl::fromUserInput(m_jwksEdit->text().trimmed());
    m_view->showVerdictPending();
    m_verifier->verify(m_inspected, keys, this, [this, verification](const OAuth::SignatureVerdict& verdict) {
        if (verification == m_verification)
            m_view->showVerdict(verdict);
    });
}

void TokenInspector::introspect()
{
    OAuth::ProviderActions* actions = m_session->currentProviderActions();
    if (!actions || m_inspected.isEmpty())
        return;
    const QString asked = m_inspected;
    const auto show = [this, asked](const OAuth::IntrospectionOutcome& outcome) {
        if (!outcome.ok()) {
            Q_EMIT statusMessage(outcome.error.toText(), 10000);
            return;
        }
        Q_EMIT statusMessage(tr("The provider answered; its answer is in the Claims table."), 5000);
        if (asked != m_inspected)
            return;
        m_introspection = *outcome.result;
        updateInspection();
    };
    if (source() == Source::Pasted) {
        Q_EMIT statusMessage(tr("Asking the environment's provider about the pasted token…"), 0);
        actions->introspectToken(m_inspected, this, show);
    } else if (source() == Source::AccessToken) {
        Q_EMIT statusMessage(tr("Asking the provider about the access token…"), 0);
        actions->introspect(this, show);
    } else {
        Q_EMIT statusMessage(tr("Asking the provider about the refresh token…"), 0);
        actions->introspectRefreshToken(this, show);
    }
}

void TokenInspector::copyToken()
{
    if (m_inspected.isEmpty())
        return;
    QApplication::clipboard()->setText(m_inspected);
    Q_EMIT statusMessage(tr("Token copied to the clipboard."), 5000);
}

void TokenInspector::copyAuthorizationLine()
{
    if (m_inspected.isEmpty())
        return;
    // RFC 6750 §2.1: the scheme is "Bearer" whatever case the token response used for its type.
    QApplication::clipboard()->setText(QStringLiteral("Authorization: Bearer ") + m_inspected);
    Q_EMIT statusMessage(tr("Authorization line copied to the clipboard."), 5000);
}

void TokenInspector::updateControls()
{
    const bool pasted = source() == Source::Pasted;
    const bool hasToken = !m_inspected.isEmpty();
    m_keySourceRow->setVisible(pasted);
    if (hasToken)
        m_masked->setText(
            tr("%1 %n character(s)", nullptr, int(m_inspected.size())).arg(QString(16, QChar(0x2022))));
    else
        m_masked->setText(tr("No token"));
    m_copyToken->setEnabled(hasToken);
    const bool bearer = hasToken && (pasted || source() == Source::AccessToken);
    m_copyAuthorization->setEnabled(bearer);
    // Only a JWS has a signature to check; a JWE or an opaque token is said to be so by the verdict.
    m_verify->setEnabled(hasToken && Jwt::parseToken(m_inspected).isSigned());
    const bool idToken = source() == Source::IdToken;
    // The menu's action says whether this environment can introspect at all (endpoint, client); an ID
    // token is read, never introspected (RFC 7662 is about access and refresh tokens).
    // A pasted token needs no sign-in: only the endpoint.
    const auto environment = m_session->currentEnvironment();
    const bool canAsk = m_session->currentProviderActions()
        && (pasted ? environment && !environment->oauth.introspectionEndpoint.isEmpty()
                   : m_menuIntrospect->isEnabled());
    m_introspect->setEnabled(!idToken && hasToken && canAsk);
    if (idToken)
        m_introspect->setToolTip(tr("An ID token is read here, not introspected: its claims are above"));
    else if (pasted && canAsk)
        m_introspect->setToolTip(
            tr("Asks this environment's provider, with its client, what the pasted token "
               "is; send it only a token of its own"));
    else
        m_introspect->setToolTip(m_menuIntrospect->toolTip());
}

} // namespace Tokenscope::Ui
