#include "tokenmenu.h"

#include "appsession.h"
#include "desktopservices.h"
#include "embeddedloginagent.h"
#include "endpointresultdialog.h"
#include "messagebox.h"
#include "palette.h"
#include "provideractions.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QToolBar>
#include <QToolButton>
#include <QUuid>

#include <functional>

namespace Tokenscope::Ui {

using OAuth::TokenSession;

TokenMenu::TokenMenu(Workspace::AppSession* session, QWidget* parent)
    : QMenu(tr("&Token"), parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("tokenMenu"));
    m_getToken = addAction(tr("&Get New Access Token"));
    m_getToken->setObjectName(QStringLiteral("getTokenAction"));
    m_getToken->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_getToken->setToolTip(tr("Sign in at the provider and get new tokens (Ctrl+Shift+T)"));
    connect(m_getToken, &QAction::triggered, this,
        [this] { Q_EMIT signInRequested(TokenSession::SignInMode::Normal); });
    m_someoneElse = addAction(tr("Sign In as &Someone Else…"));
    m_someoneElse->setObjectName(QStringLiteral("signInAsSomeoneElseAction"));
    m_someoneElse->setToolTip(
        tr("Sign in again and make the provider ask who you are, even if it remembers you"));
    connect(m_someoneElse, &QAction::triggered, this,
        [this] { Q_EMIT signInRequested(TokenSession::SignInMode::FreshLogin); });
    m_cancelSignIn = addTokenAction(
        tr("Ca&ncel Sign-in"), QStringLiteral("cancelSignInAction"), &TokenMenu::cancelSignIn);
    m_copySignInLink = addTokenAction(
        tr("Copy Sign-in &Link"), QStringLiteral("copySignInLinkAction"), &TokenMenu::copySignInLink);
    m_refresh = addTokenAction(
        tr("&Refresh Token"), QStringLiteral("refreshTokenAction"), &TokenMenu::refreshToken);
    m_refresh->setToolTip(tr("Use the refresh token to get a new access token"));
    m_forget
        = addTokenAction(tr("&Forget Tokens"), QStringLiteral("forgetTokenAction"), &TokenMenu::forgetToken);
    m_forget->setToolTip(
        tr("Drop this environment's tokens from memory and its refresh token from the keychain"));
    m_revoke = addTokenAction(tr("Re&voke and Forget Tokens"), QStringLiteral("revokeTokenAction"),
        &TokenMenu::revokeAndForgetToken);
    m_introspect = addTokenAction(tr("&Inspect at Provider (Introspection)…"),
        QStringLiteral("introspectTokenAction"), &TokenMenu::introspectToken);
    m_userInfo
        = addTokenAction(tr("Show &UserInfo…"), QStringLiteral("userInfoAction"), &TokenMenu::showUserInfo);
    m_signOut = addTokenAction(tr("Sign &Out at Provider…"), QStringLiteral("signOutAtProviderAction"),
        &TokenMenu::signOutAtProvider);
    addSeparator();
    m_clearSession = addTokenAction(tr("&Clear Sign-in Session"), QStringLiteral("clearSignInSessionAction"),
        &TokenMenu::clearSignInSession);
    QAction* forgetAll = addTokenAction(
        tr("Forget &All Tokens…"), QStringLiteral("forgetAllTokensAction"), &TokenMenu::forgetAllTokens);
    forgetAll->setToolTip(
        tr("Drop the tokens of every environment and their refresh tokens from the keychain"));
    // Tooltips explain a disabled action; menus show them only when asked to.
    setToolTipsVisible(true);
    connect(this, &QMenu::aboutToShow, this, &TokenMenu::updateActions);
    updateActions();
}

QAction* TokenMenu::addTokenAction(const QString& text, const QString& objectName, void (TokenMenu::*slot)())
{
    QAction* action = addAction(text, this, slot);
    action->setObjectName(objectName);
    return action;
}

void TokenMenu::addButtonsTo(QToolBar* toolbar)
{
    const auto add = [toolbar](QAction* action, const QString& objectName) {
        auto* button = new QToolButton(toolbar);
        button->setObjectName(objectName);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setDefaultAction(action);
        toolbar->addWidget(button);
        return button;
    };
    QToolButton* getToken = add(m_getToken, QStringLiteral("getTokenButton"));
    auto* signInMenu = new QMenu(getToken);
    signInMenu->addAction(m_someoneElse);
    signInMenu->addAction(m_clearSession);
    getToken->setMenu(signInMenu);
    getToken->setPopupMode(QToolButton::MenuButtonPopup);
    add(m_refresh, QStringLiteral("refreshTokenButton"));
    add(m_forget, QStringLiteral("forgetTokenButton"));
}

void TokenMenu::setTokenSession(TokenSession* session)
{
    if (session != m_tokens) {
        if (m_tokens)
            disconnect(m_tokens, nullptr, this, nullptr);
        m_tokens = session;
        if (session) {
            connect(session, &TokenSession::stateChanged, this, &TokenMenu::updateActions);
            connect(session, &TokenSession::tokensChanged, this, &TokenMenu::updateActions);
        }
    }
    updateActions();
}

TokenSession* TokenMenu::currentSession() const
{
    return m_session->currentTokenSession();
}

void TokenMenu::updateActions()
{
    const TokenSession* session = currentSession();
    m_getToken->setEnabled(session && session->state() != TokenSession::State::SigningIn);
    // After a restart the refresh token is in the keychain only: Refresh is what gets the access token.
    m_refresh->setEnabled(session && session->canRefresh());
    m_forget->setEnabled(session != nullptr);
    updateSignInActions();
    updateEndpointActions();
}

void TokenMenu::updateSignInActions()
{
    const auto* environment = m_session->currentEnvironment();
    const bool kept = environment && environment->signIn.keepBrowserSession
        && environment->signIn.browser == Workspace::SignInSettings::Browser::Embedded;
    m_someoneElse->setEnabled(environment != nullptr);
    const TokenSession* session = currentSession();
    const bool signingIn = session && session->state() == TokenSession::State::SigningIn;
    m_cancelSignIn->setEnabled(signingIn);
    m_cancelSignIn->setToolTip(
        signingIn ? tr("Stop waiting for the sign-in under way") : tr("No sign-in is under way"));
    const bool linked = signingIn && m_signInLink && !m_signInLink().isEmpty();
    m_copySignInLink->setEnabled(linked);
    m_copySignInLink->setToolTip(linked
            ? tr("Copy the address of the provider's sign-in page, to open it in a browser of your choice")
            : tr("No sign-in waits for the system browser"));
    m_clearSession->setEnabled(kept);
    m_clearSession->setToolTip(kept
            ? tr("Forget the provider's session that this environment's sign-in window keeps")
            : tr("This environment keeps no sign-in session: each sign-in window starts empty"));
}

void TokenMenu::updateEndpointActions()
{
    const auto* environment = m_session->currentEnvironment();
    const TokenSession* session = currentSession();
    const bool signedIn = session && session->tokens().hasAccessToken();
    // noneOffered: after Discover, an empty endpoint is one the provider does not offer (%1: the
    // environment's name); Discover again would not find it.
    const auto update = [environment](QAction* action, const QUrl& endpoint, bool needsToken,
                            const QString& enabledTip, const QString& endpointName,
                            const QString& noneOffered) {
        if (!environment) {
            action->setEnabled(false);
            action->setToolTip(tr("No environment: create one first"));
        } else if (endpoint.isEmpty() && environment->oauth.endpointsDiscovered) {
            action->setEnabled(false);
            action->setToolTip(noneOffered.arg(environment->name));
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
    update(m_revoke, config.revocationEndpoint, false,
        tr("Revoke the refresh and access tokens at the provider, then forget them here (also if revoking "
           "fails)"),
        tr("revocation endpoint"),
        tr("The provider of “%1” offers no revocation endpoint (Discover found none)."));
    update(m_introspect, config.introspectionEndpoint, !signedIn,
        tr("Ask the provider whether the access token is active, and what it knows about it"),
        tr("introspection endpoint"),
        tr("The provider of “%1” offers no introspection endpoint (Discover found none)."));
    update(m_userInfo, config.userinfoEndpoint, !signedIn, tr("Ask the provider who the access token is for"),
        tr("UserInfo endpoint"),
        tr("The provider of “%1” offers no UserInfo endpoint (Discover found none)."));
    update(m_signOut, config.endSessionEndpoint, false,
        tr("End the session at the provider in your browser, and forget the tokens here"),
        tr("end-session (logout) endpoint"),
        tr("The provider of “%1” offers no end-session (logout) endpoint (Discover found none)."));
}

void TokenMenu::cancelSignIn()
{
    if (TokenSession* session = currentSession())
        session->cancelSignIn();
}

void TokenMenu::copySignInLink()
{
    const QUrl link = m_signInLink ? m_signInLink() : QUrl();
    if (link.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(link.toString(QUrl::FullyEncoded));
    Q_EMIT statusMessage(
        tr("Sign-in link copied: paste it into the address bar of the browser you want to use."), 10000);
}

void TokenMenu::refreshToken()
{
    if (TokenSession* session = currentSession())
        session->refresh();
}

void TokenMenu::forgetToken()
{
    if (TokenSession* session = currentSession()) {
        session->forget();
        Q_EMIT statusMessage(tr("Tokens forgotten."), 5000);
    }
}

void TokenMenu::forgetAllTokens()
{
    const auto answer = MessageBox::question(parentWidget(), tr("Forget all tokens"),
        tr("Forget the tokens of every environment? Their refresh tokens are removed from the keychain; you "
           "will "
           "need to sign in again. Client secrets are kept."),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    m_session->forgetAllTokens();
    Q_EMIT statusMessage(tr("All tokens forgotten."), 5000);
}

void TokenMenu::clearSignInSession()
{
    const auto* environment = m_session->currentEnvironment();
    if (!environment)
        return;
    QString problem;
    if (!EmbeddedLoginAgent::clearPersistentProfile(environment->id, &problem)) {
        Q_EMIT this->problem({tr("The sign-in session could not be cleared"), problem, {}});
        return;
    }
    Q_EMIT statusMessage(
        tr("Sign-in session of “%1” cleared: the provider will ask who you are.").arg(environment->name),
        5000);
}

void TokenMenu::revokeAndForgetToken()
{
    OAuth::ProviderActions* actions = m_session->currentProviderActions();
    if (!actions)
        return;
    connect(
        actions, &OAuth::ProviderActions::revocationFinished, this,
        [this](const Error& error, const QString& done) {
            if (error.isNull()) {
                Q_EMIT statusMessage(done, 5000);
                return;
            }
            // The tokens are gone here either way; the error says what the provider did not do.
            Q_EMIT statusMessage({}, 0);
            Q_EMIT problem(error);
        },
        Qt::SingleShotConnection);
    actions->revokeAndForget();
    Q_EMIT statusMessage(tr("Revoking…"), 0);
}

template<typename Outcome, typename Request>
void TokenMenu::askProvider(const QString& asking, Request request, std::function<void(const Outcome&)> show)
{
    OAuth::ProviderActions* actions = m_session->currentProviderActions();
    if (!actions)
        return;
    Q_EMIT statusMessage(asking, 0);
    std::invoke(request, actions, this, [this, show = std::move(show)](const Outcome& outcome) {
        Q_EMIT statusMessage({}, 0);
        if (outcome.ok())
            show(outcome);
        else
            Q_EMIT problem(outcome.error);
    });
}

void TokenMenu::showResult(const QString& title, const QString& summary, const QJsonObject& claims)
{
    auto* dialog = new EndpointResultDialog(title, summary, claims, parentWidget());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void TokenMenu::introspectToken()
{
    askProvider<OAuth::IntrospectionOutcome>(tr("Asking the provider about the access token…"),
        &OAuth::ProviderActions::introspect, [this](const OAuth::IntrospectionOutcome& outcome) {
            const OAuth::IntrospectionResult& result = *outcome.result;
            const QString summary = result.active
                ? tr("<b style=\"color:%1\">Active.</b> The provider accepts this access token.")
                      .arg(Palette::success)
                : tr("<b style=\"color:%1\">Not active.</b> The token is expired, revoked, or unknown to the "
                     "provider (RFC 7662 says no more).")
                      .arg(Palette::error);
            showResult(tr("Introspection"), summary, result.claims);
        });
}

void TokenMenu::showUserInfo()
{
    askProvider<OAuth::UserInfoOutcome>(tr("Asking the provider who this is…"),
        &OAuth::ProviderActions::fetchUserInfo, [this](const OAuth::UserInfoOutcome& outcome) {
            QStringList notes;
            notes << (outcome.subjectChecked ? tr("The subject matches the ID token's.")
                                             : tr("No ID token to compare the subject with."));
            if (outcome.signature == OAuth::UserInfoOutcome::Signature::Verified)
                notes << tr("Signed answer; signature verified.");
            else if (outcome.signature == OAuth::UserInfoOutcome::Signature::NotVerified)
                notes << tr("Signed answer; the signature could not be checked (no JWKS URI).");
            showResult(tr("UserInfo"), notes.join(QLatin1Char(' ')).toHtmlEscaped(), *outcome.claims);
        });
}

void TokenMenu::signOutAtProvider()
{
    TokenSession* session = currentSession();
    OAuth::ProviderActions* actions = m_session->currentProviderActions();
    if (!session || !actions)
        return;
    // The state only lets a post-logout page tell its own request apart; no redirect comes back here.
    const QUrl url = actions->endSessionUrl({}, QUuid::createUuid().toString(QUuid::WithoutBraces));
    if (!url.isValid())
        return;
    // Opened in the system browser also for environments that sign in in the embedded window: that
    // window's own cookie jar is then not cleared by this (use Clear Sign-in Session for that).
    if (!DesktopServices::openUrl(url)) {
        Q_EMIT problem({tr("The browser could not be opened"), url.adjusted(QUrl::RemoveQuery).toString(),
            tr("The tokens were kept.")});
        return;
    }
    session->forget();
    Q_EMIT statusMessage(tr("Signing out at the provider in your browser; tokens forgotten here."), 5000);
}

} // namespace Tokenscope::Ui
