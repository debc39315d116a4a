#pragma once

#include "environment.h"
#include "error.h"
#include "httpmessage.h"
#include "tokendestination.h"
#include "variablescope.h"
#include "workspacestore.h"

#include <QHash>
#include <QObject>

#include <functional>

class QNetworkAccessManager;

namespace Tokenscope::Http {
class FlowLog;
class NetworkClient;
class RequestSender;
} // namespace Tokenscope::Http
namespace Tokenscope::OAuth {
class JwksClient;
class ProviderActions;
class TokenClient;
class TokenEndpoints;
class TokenSession;
} // namespace Tokenscope::OAuth
namespace Tokenscope::Secrets {
class SecretStore;
struct SecretResult;
} // namespace Tokenscope::Secrets

namespace Tokenscope::Workspace {

class WorkspaceWatcher;

// Everything one running Tokenscope works with, without any GUI: the workspace (environments, the
// request being composed), a token session per environment, the secret store, the flow log, and the
// single network path. The window shows it; tests drive it directly.
class AppSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppSession)

public:
    // Takes ownership of the secret store.
    AppSession(const QString& workspaceDirectory, Secrets::SecretStore* secrets, QObject* parent = nullptr);
    ~AppSession() override;

    // Reads the workspace; returns the problem if the file could not be used (the session starts empty).
    // unreadable: what becomes of a file that cannot be read (see WorkspaceStore::load).
    Error load(WorkspaceStore::Unreadable unreadable = WorkspaceStore::Unreadable::SetAside);
    Error save();

    const WorkspaceData& workspace() const { return m_workspace; }
    // Whether the session holds changes to the file (relative to the workspace folder, such as
    // "environments/<id>.json") that are not in it: a save of it failed.
    bool hasUnsavedChanges(const QString& relativePath) const;
    // Reads an environment's file again (after it changed outside Tokenscope), replacing what the
    // session holds of it; an environment whose file is gone is dropped (its keychain entries stay).
    void reloadWorkspaceFile(const QString& relativePath);
    // The folder of the workspace file; the request history is kept beside it.
    QString workspaceDirectory() const;
    const Environment* currentEnvironment() const;
    // The environment's position in workspace().environments, or -1.
    int rowOf(const QString& environmentId) const;
    void setCurrentEnvironment(const QString& id);
    // Adds or replaces (by id) an environment; a replaced one keeps the request composed with it. A
    // non-null clientSecret is written to the secret store.
    void putEnvironment(
        const Environment& environment, const std::optional<QString>& clientSecret = std::nullopt);
    // Removes the environment with its tokens and keychain entries.
    void removeEnvironment(const QString& id);
    // Moves the environment to position row of the list; the order is kept in the workspace file.
    void moveEnvironment(const QString& id, int row);
    // Drops every environment's tokens from memory and their refresh tokens from the keychain.
    // Client secrets stay: they are configuration, not tokens.
    void forgetAllTokens();
    // The "Local demo" environment for the bundled demo provider at baseUrl, created or updated, and
    // made current.
    QString useLocalDemo(const QUrl& baseUrl);

    // The requests open with the environment (an empty id: with none), in tab order. Kept with the
    // environment and saved with the workspace; a credential typed into one moves to the keychain.
    OpenRequests openRequests(const QString& environmentId) const;
    void setOpenRequests(const QString& environmentId, const OpenRequests& requests);
    // The open request shown with the environment (empty when none is open), and replacing it (opening
    // it when none is).
    Http::HttpRequest draftRequest(const QString& environmentId) const;
    void setDraftRequest(const QString& environmentId, const Http::HttpRequest& request);
    // Adds baseUrl to the environment's API base URLs (once).
    void addApiBaseUrl(const QString& environmentId, const QUrl& baseUrl);

    // The variables a request sees: the workspace's globals, the variables of the collection it was opened
    // from (collectionId; empty: none) and the current environment's, secret values read from the
    // keychain (appsessionvariables.cpp).
    VariableScope variableScope(const QString& collectionId = {}) const;
    // Replaces the globals; secret values go to the keychain (globalSecretKey), never into the file.
    void setGlobals(const QList<Http::Variable>& globals);
    // The variables of a collection as the session knows them (with secret values once read).
    QList<Http::Variable> collectionVariables(const QString& collectionId) const;
    // What the collections have: their secret values read from the keychain (collectionSecretKey) unless
    // valuesGiven (an import, whose values are being written there).
    void setCollectionVariables(
        const QString& collectionId, const QList<Http::Variable>& variables, bool valuesGiven = false);
    // Edited variables of a collection: secret values written to the keychain, dropped ones removed.
    void putCollectionVariables(const QString& collectionId, const QList<Http::Variable>& variables);
    void forgetCollection(const QString& collectionId);

    OAuth::TokenSession* tokenSession(const QString& environmentId);
    OAuth::TokenSession* currentTokenSession();
    // Revocation, introspection, UserInfo and logout for the tokens of tokenSession(environmentId).
    OAuth::ProviderActions* providerActions(const QString& environmentId);
    OAuth::ProviderActions* currentProviderActions();

    using ResponseHandler = std::function<void(const Http::HttpResponse& response, const Error& error)>;
    // Where request would take the current environment's access token: ask the user before sending when
    // needsConfirmation(). Own when no token goes with it. collectionId: the collection the request was
    // opened from (its variables are in scope; empty: none), here and below.
    TokenDestination tokenDestination(
        const Http::HttpRequest& request, const QString& collectionId = {}) const;
    // The URL request goes to, with the variables of variableScope(collectionId) filled in.
    QUrl resolvedUrl(const Http::HttpRequest& request, const QString& collectionId = {}) const;
    // Sends with the current environment's variables and access token. Towards a host that needed
    // confirmation, a 401 is not answered by refreshing and sending the token again. The first successful
    // call with a token teaches an environment without API base URLs its first one.
    // Returns an id for cancelSend().
    // progress: bytes of the response body received so far and the announced total (-1 when not
    // announced), as they arrive.
    quint64 send(const Http::HttpRequest& request, QObject* context, const ResponseHandler& handler,
        const std::function<void(qint64 received, qint64 total)>& progress = {},
        const QString& collectionId = {});
    // The handler of that send is called with an error coded "cancelled", unless it has been already.
    void cancelSend(quint64 id);

    Http::FlowLog* flowLog() const { return m_log; }
    Secrets::SecretStore* secretStore() const { return m_secrets; }
    QNetworkAccessManager* networkAccessManager() const { return m_manager; }
    // The single network path, for parts that talk to a provider outside a sign-in (discovery).
    Http::NetworkClient* networkClient() const { return m_network; }
    // The provider key sets, cached for the session: a token inspector checks signatures with the same.
    OAuth::JwksClient* jwksClient() const { return m_jwksClient; }

Q_SIGNALS:
    // The whole list is replaced (load); the row signals below do not apply.
    void environmentsAboutToBeReset();
    void environmentsReset();
    // One environment appended, replaced in place or removed: rows for a model, so views keep their
    // selection. The current environment never changes with them (currentEnvironmentChanged says so).
    void environmentAboutToBeAdded(int row);
    void environmentAdded(int row);
    void environmentUpdated(int row);
    void environmentAboutToBeRemoved(int row);
    void environmentRemoved(int row);
    // One environment moved from row from to row to (its position after the move).
    void environmentAboutToBeMoved(int from, int to);
    void environmentMoved(int from, int to);
    // After every change of the environments, whatever its kind.
    void environmentsChanged();
    void currentEnvironmentChanged(const QString& id);
    // The globals or a collection's variables changed (a secret value read from the keychain included).
    void variablesChanged();
    void problem(const Tokenscope::Error& error);
    // A file of the workspace changed outside Tokenscope (a git pull, an editor) and was read again.
    void workspaceFileReloaded(const QString& relativePath);
    // The same, while the session held unsaved changes to it: nothing is read until
    // reloadWorkspaceFile(), and save() writes the session's over it. The window asks the user.
    void workspaceFileConflict(const QString& relativePath, const QString& name);
    // A collection file changed outside Tokenscope (collections/<id>.json); the window reads them again.
    void collectionFilesChanged(const QStringList& relativePaths);

private:
    // Writes the workspace now (atomically, QSaveFile) after every change; a failure becomes problem().
    void saveReportingProblems();
    // Starts noticing changes made outside Tokenscope to the files of the workspace.
    void watchFiles();
    void filesChanged(const QStringList& relativePaths);
    const Environment* environmentOfFile(const QString& relativePath) const;
    void loadSecretVariables();
    void loadSecretGlobals();
    void readCollectionSecrets(const QString& collectionId);
    // Writes the secret ones of current under key(name), removes the keys of those of previous that are
    // no longer secret.
    void storeSecrets(const QList<Http::Variable>& previous, const QList<Http::Variable>& current,
        const std::function<QString(const QString& name)>& key);
    void moveDraftCredentialsToKeychain();
    void reportSecretVariableWrite(const Secrets::SecretResult& result);
    void storeSecretVariables(const Environment* previous, const Environment& current);
    void updateSecretValues();

    WorkspaceStore m_store;
    WorkspaceWatcher* m_watcher = nullptr; // from a load that may write (not tokenscope-cli's)
    WorkspaceData m_workspace;
    Secrets::SecretStore* m_secrets;
    QNetworkAccessManager* m_manager;
    Http::FlowLog* m_log;
    Http::NetworkClient* m_network;
    Http::RequestSender* m_sender;
    OAuth::TokenClient* m_tokenClient;
    OAuth::JwksClient* m_jwksClient; // its key sets are cached for the session, shared by environments
    OAuth::TokenEndpoints* m_tokenEndpoints; // revocation, introspection, UserInfo; shared by environments
    QHash<QString, QList<Http::Variable>> m_collectionVariables; // by collection id
    QHash<QString, OAuth::TokenSession*> m_sessions;
    QHash<QString, OAuth::ProviderActions*> m_providerActions; // each its session's child
};

} // namespace Tokenscope::Workspace
