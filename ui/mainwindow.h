#pragma once

#include "error.h"
#include "tokensession.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class QAction;
class QComboBox;
class QLabel;
class QListView;
class QMenu;
class QPushButton;
class QToolButton;

namespace Tokenscope::OAuth {
class LoginAgent;
class TokenSession;
} // namespace Tokenscope::OAuth
namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

class EnvironmentListModel;
class MessageBanner;
class RequestEditor;
class ResponseViewer;
class SignInController;

// Postman's shape with OAuth made visible: environment and token status on top, environments on the
// left, the request above its response in the centre.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(Workspace::AppSession* session, QWidget* parent = nullptr);
    ~MainWindow() override;

    void getNewToken();
    // "Sign in as someone else": the provider must ask for credentials even with a session.
    void signInAsSomeoneElse();
    // Forgets the provider's session kept by the environment's persistent browser profile.
    void clearSignInSession();
    void refreshToken();
    void forgetToken();
    void forgetAllTokens();
    // Revokes the refresh token at the provider (RFC 7009) and forgets the tokens here either way.
    void revokeAndForgetToken();
    // The provider's view of the access token (RFC 7662), in a dialog.
    void introspectToken();
    // The UserInfo claims (OIDC Core §5.3), in a dialog.
    void showUserInfo();
    // RP-initiated logout: opens the provider's end-session page in the browser, forgets the tokens here.
    void signOutAtProvider();
    void sendRequest();
    void newEnvironment();
    void editEnvironment();
    void removeEnvironment();
    void showProblem(const Error& error);

    RequestEditor* requestEditor() const { return m_requestEditor; }
    ResponseViewer* responseViewer() const { return m_responseViewer; }
    // The sign-in agent of the current environment as its settings ask (embedded window or system
    // browser); one per environment, so two sign-ins never see each other's redirects.
    OAuth::LoginAgent* loginAgent();
    MessageBanner* banner() const { return m_banner; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void updateSignInActions();
    void onCurrentEnvironmentChanged();
    void updateTokenStatus();
    void updateSecretsStatus();
    void createEndpointActions(QMenu* tokenMenu);
    void updateEndpointActions();
    OAuth::TokenSession* currentSession() const;
    void editEnvironmentDialog(const QString& environmentId);

    Workspace::AppSession* m_session;
    EnvironmentListModel* m_environments;
    QComboBox* m_environmentCombo;
    QListView* m_environmentList;
    QLabel* m_tokenStatus;
    QToolButton* m_getTokenButton;
    QToolButton* m_refreshButton;
    QToolButton* m_forgetButton;
    MessageBanner* m_banner;
    RequestEditor* m_requestEditor;
    ResponseViewer* m_responseViewer;
    QLabel* m_secretsStatus;
    SignInController* m_signIn = nullptr;
    QAction* m_someoneElseAction = nullptr;
    QAction* m_clearSessionAction = nullptr;
    QAction* m_revokeAction = nullptr;
    QAction* m_introspectAction = nullptr;
    QAction* m_userInfoAction = nullptr;
    QAction* m_signOutAction = nullptr;
    QPointer<OAuth::TokenSession> m_boundSession;
    QTimer m_clock;
    bool m_keychainWarned = false;
    QString m_subject; // who the current tokens are for, from the ID token
};

} // namespace Tokenscope::Ui
