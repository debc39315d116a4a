#pragma once

#include "error.h"
#include "tokensession.h"

#include <QMenu>
#include <QPointer>

#include <functional>

class QToolBar;

namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

// The Token menu: what can be done with the current environment's tokens. Sign in (or as someone
// else), refresh, forget; revoke, introspect, UserInfo and sign out at the provider's endpoints; clear
// the sign-in window's kept session. Each action is enabled only where it applies, with a tooltip that
// says why not; answers open a result dialog, go to the status bar, or come back as problems.
class TokenMenu final : public QMenu
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenMenu)

public:
    // session: not owned, outlives the menu. parent: the window that questions and result dialogs
    // belong to.
    TokenMenu(Workspace::AppSession* session, QWidget* parent);

    // Get New Access Token (with the sign-in choices under its arrow), Refresh and Forget, as buttons.
    void addButtonsTo(QToolBar* toolbar);
    // Follows this session's state (not owned; null: no environment) to enable what applies.
    void setTokenSession(OAuth::TokenSession* session);
    // The address of the sign-in waiting in the system browser (empty: none), for Copy Sign-in Link.
    void setSignInLinkSource(std::function<QUrl()> source) { m_signInLink = std::move(source); }
    // Enabling and tooltips, for the current environment and its tokens.
    void updateActions();
    // The actions other panels offer as buttons (the Token Inspector), enabled and explained as here.
    QAction* refreshAction() const { return m_refresh; }
    QAction* revokeAction() const { return m_revoke; }
    QAction* introspectAction() const { return m_introspect; }
    QAction* userInfoAction() const { return m_userInfo; }

Q_SIGNALS:
    // Sign-in is not the menu's own business: the window dispatches it by the environment's grant.
    void signInRequested(Tokenscope::OAuth::TokenSession::SignInMode mode);
    // For the status bar: a note, shown for timeout ms (0: until the next one; an empty text clears).
    void statusMessage(const QString& text, int timeout);
    void problem(const Tokenscope::Error& error);

private:
    QAction* addTokenAction(const QString& text, const QString& objectName, void (TokenMenu::*slot)());
    void updateSignInActions();
    void updateEndpointActions();
    void cancelSignIn();
    void copySignInLink();
    void refreshToken();
    void forgetToken();
    void forgetAllTokens();
    void clearSignInSession();
    // Revokes the refresh token, then the access token, at the provider (RFC 7009), and forgets the
    // tokens here either way.
    void revokeAndForgetToken();
    // The provider's view of the access token (RFC 7662), in a dialog.
    void introspectToken();
    // The UserInfo claims (OIDC Core §5.3), in a dialog.
    void showUserInfo();
    // RP-initiated logout: opens the provider's end-session page in the browser, forgets the tokens here.
    void signOutAtProvider();
    // Asks the provider through the current session: request(session, context, handler), with a note
    // in the status bar until the answer. A refusal goes on as a problem; an answer to show.
    template<typename Outcome, typename Request>
    void askProvider(const QString& asking, Request request, std::function<void(const Outcome&)> show);
    void showResult(const QString& title, const QString& summary, const QJsonObject& claims);
    OAuth::TokenSession* currentSession() const;

    Workspace::AppSession* m_session;
    QPointer<OAuth::TokenSession> m_tokens;
    QAction* m_getToken;
    QAction* m_someoneElse;
    QAction* m_cancelSignIn;
    QAction* m_copySignInLink;
    std::function<QUrl()> m_signInLink;
    QAction* m_refresh;
    QAction* m_forget;
    QAction* m_revoke;
    QAction* m_introspect;
    QAction* m_userInfo;
    QAction* m_signOut;
    QAction* m_clearSession;
};

} // namespace Tokenscope::Ui
