#pragma once

#include "environment.h"
#include "error.h"
#include "httpmessage.h"
#include "messagebanner.h"
#include "tokensession.h"

#include <QMainWindow>
#include <QPointer>

#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QListView;

namespace Tokenscope::OAuth {
class LoginAgent;
class TokenSession;
} // namespace Tokenscope::OAuth
namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

class CollectionActions;
class EnvironmentActions;
class SignInController;
class TemplateActions;
class EnvironmentListModel;
class EnvironmentViewState;
class RequestActions;
class RequestEditor;
class RequestTabs;
class ResponseViewer;
class SecretsStatusLabel;
class TokenInspector;
class TokenMenu;
class TokenStatusLabel;
class WorkspaceMenu;
class VariableActions;

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
    void sendRequest();
    // Writes the current tab's request back to the collection it was opened from.
    void saveToCollection();
    void newEnvironment();
    void editEnvironment();
    void removeEnvironment();
    // A problem of the selected environment: it goes with it when another is selected.
    void showProblem(const Error& error);
    SignInController* signInController() const { return m_signIn; }
    // A problem of the application (the workspace file, the keychain): it stays.
    void showApplicationProblem(const Error& error);
    // A redirect the system handed to Tokenscope (a private-use scheme, RFC 8252 §7.1): to the sign-in
    // waiting for it, with the window brought to the front; otherwise the window says none waited.
    void receiveRedirect(const QUrl& url);

    RequestEditor* requestEditor() const { return m_requestEditor; }
    RequestActions* requestActions() const { return m_requestActions; }
    CollectionActions* collectionActions() const { return m_collectionActions; }
    EnvironmentActions* environmentActions() const { return m_environmentActions; }
    // File ▸ New Workspace…, Open Workspace…, Open Recent.
    WorkspaceMenu* workspaceMenu() const { return m_workspaceMenu; }
    VariableActions* variableActions() const { return m_variableActions; }
    TemplateActions* templateActions() const { return m_templateActions; }
    RequestTabs* requestTabs() const { return m_requestTabs; }
    // Opens request in a tab of its own and shows it (history, a pasted curl command).
    void openRequestInNewTab(const Http::HttpRequest& request);
    ResponseViewer* responseViewer() const { return m_responseViewer; }
    // The sign-in agent of the current environment as its settings ask (embedded window or system
    // browser); one per environment, so two sign-ins never see each other's redirects.
    OAuth::LoginAgent* loginAgent();
    MessageBanner* banner() const { return m_banner; }
    TokenInspector* tokenInspector() const { return m_inspector; }
    // The collection the current tab's request was opened from (empty: none): its variables are in scope.
    QString currentCollectionId() const;

Q_SIGNALS:
    // The variables the current request sees may have changed (another tab, environment or value).
    void variableScopeChanged();
    // The user chose another workspace: the application closes this window and opens that one.
    void workspaceSwitchRequested(const QString& directory);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    // The request tabs above the editor (mainwindowtabs.cpp).
    QWidget* createRequestArea();
    // The tabs of the environment now selected, after the shown ones are kept with theirs.
    void showRequestsOf(const QString& environmentId);
    // The shown tabs, the editor's content in the current one, kept with their environment.
    void storeRequests();
    // The current tab's state: Send or Cancel, and its response, error or send in progress.
    void showCurrentTab();
    // The variables of the current request's scope, for the URL field's colours and tooltip.
    void showVariables();
    void startSignIn(OAuth::TokenSession::SignInMode mode);
    void onCurrentEnvironmentChanged();
    OAuth::TokenSession* currentSession() const;
    // A new environment (empty id) starts from prefilled when given (a template's answers).
    void editEnvironmentDialog(
        const QString& environmentId, const std::optional<Workspace::Environment>& prefilled = std::nullopt);
    void showProblemBanner(const Error& error, MessageBanner::Scope scope);
    // A production environment's marks: the title, the badges, the request tabs (mainwindowtabs.cpp).
    void showProductionMarks();
    // A file of the workspace changed outside Tokenscope while the session has unsaved changes to it.
    void askAboutChangedFile(const QString& relativePath, const QString& name);

    Workspace::AppSession* m_session;
    EnvironmentListModel* m_environments;
    QComboBox* m_environmentCombo;
    QListView* m_environmentList;
    TokenStatusLabel* m_tokenStatus;
    MessageBanner* m_banner;
    TokenMenu* m_tokenMenu;
    RequestEditor* m_requestEditor;
    RequestActions* m_requestActions = nullptr;
    CollectionActions* m_collectionActions = nullptr;
    EnvironmentActions* m_environmentActions = nullptr;
    WorkspaceMenu* m_workspaceMenu = nullptr;
    VariableActions* m_variableActions = nullptr;
    TemplateActions* m_templateActions = nullptr;
    ResponseViewer* m_responseViewer;
    SecretsStatusLabel* m_secretsStatus;
    TokenInspector* m_inspector;
    SignInController* m_signIn = nullptr;
    EnvironmentViewState* m_viewState; // the response and banner each environment keeps
    QLabel* m_productionBadge; // in the top bar
    QAction* m_productionBadgeAction = nullptr; // a tool bar shows and hides its widgets by their actions
    QLabel* m_productionStatus; // in the status bar
    QPointer<OAuth::TokenSession> m_boundSession;
    // The environment whose request the editor shows (empty: none); nullopt until the first is shown.
    std::optional<QString> m_requestEnvironmentId;
    RequestTabs* m_requestTabs = nullptr;
};

} // namespace Tokenscope::Ui
