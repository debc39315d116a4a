#include "appsession.h"

#include "clientsecret.h"
#include "draftsecrets.h"
#include "flowlog.h"
#include "jwksclient.h"
#include "localdemo.h"
#include "networkclient.h"
#include "provideractions.h"
#include "requestauthorization.h"
#include "requestsender.h"
#include "secretbinding.h"
#include "secretstore.h"
#include "storedsignin.h"
#include "tokenclient.h"
#include "tokenendpoints.h"
#include "tokensession.h"
#include "urlhelpers.h"
#include "variables.h"
#include "workspacewatcher.h"

#include <QFileInfo>
#include <QNetworkAccessManager>

#include <algorithm>

namespace Tokenscope::Workspace {

AppSession::AppSession(const QString& workspaceDirectory, Secrets::SecretStore* secrets, QObject* parent)
    : QObject(parent)
    , m_store(workspaceDirectory)
    , m_secrets(secrets)
    , m_manager(new QNetworkAccessManager(this))
    , m_log(new Http::FlowLog(this))
    , m_network(new Http::NetworkClient(m_manager, this))
    , m_sender(new Http::RequestSender(m_network, this))
    , m_tokenClient(new OAuth::TokenClient(m_network, this))
    , m_jwksClient(new OAuth::JwksClient(m_network, this))
    , m_tokenEndpoints(new OAuth::TokenEndpoints(m_network, m_jwksClient, this))
{
    m_secrets->setParent(this);
    m_network->setFlowLog(m_log);
    // What no environment's writer claims happened in the one the user works in (an API call).
    m_log->setFallbackEnvironment([this] { return m_workspace.currentEnvironmentId; });
}

AppSession::~AppSession() = default;

Error AppSession::load(WorkspaceStore::Unreadable unreadable)
{
    auto result = m_store.load(unreadable);
    Q_EMIT environmentsAboutToBeReset();
    m_workspace = std::move(result.data);
    if (!m_workspace.findEnvironment(m_workspace.currentEnvironmentId))
        m_workspace.currentEnvironmentId
            = m_workspace.environments.isEmpty() ? QString() : m_workspace.environments.first().id;
    Q_EMIT environmentsReset();
    Q_EMIT environmentsChanged();
    Q_EMIT currentEnvironmentChanged(m_workspace.currentEnvironmentId);
    loadSecretVariables();
    loadSecretGlobals();
    moveDraftCredentialsToKeychain();
    if (unreadable == WorkspaceStore::Unreadable::Writable)
        watchFiles();
    return result.error;
}

void AppSession::moveDraftCredentialsToKeychain()
{
    // A file written before credentials were kept out of it may still hold one in any environment's
    // draft, not only the one on screen: each moves to the keychain now, before a save would blank it.
    // Only the new variables are written: the others' values are still being read from the keychain.
    auto done = [this](const Secrets::SecretResult& result) { reportSecretVariableWrite(result); };
    for (Environment& environment : m_workspace.environments) {
        const QStringList created
            = Workspace::moveSecretHeadersToVariables(&environment.openRequests, &environment.variables);
        if (created.isEmpty())
            continue;
        for (const Http::Variable& variable : std::as_const(environment.variables)) {
            if (variable.secret && created.contains(variable.name))
                m_secrets->write(
                    secretVariableKey(environment.id, variable.name), variable.value, this, done);
        }
        Q_EMIT environmentUpdated(rowOf(environment.id));
        Q_EMIT problem({tr("Credentials in saved request headers are now kept in the keychain"),
            tr("The environment “%1” had credentials typed into its request headers. They were saved as "
               "the secret variables %2, and the headers refer to them, so they are never written to the "
               "workspace file.")
                .arg(environment.name, created.join(QStringLiteral(", "))),
            tr("Change their values under the environment's variables.")});
    }
    updateSecretValues();
}

void AppSession::loadSecretVariables()
{
    for (const Environment& environment : std::as_const(m_workspace.environments)) {
        for (const Http::Variable& variable : environment.variables) {
            if (!variable.secret)
                continue;
            const QString id = environment.id;
            const QString name = variable.name;
            m_secrets->read(
                secretVariableKey(id, name), this, [this, id, name](const Secrets::SecretResult& result) {
                    Environment* target = m_workspace.findEnvironment(id);
                    if (!target || !result.ok())
                        return; // a missing value reads as an undefined variable, which the sender reports
                    for (Http::Variable& candidate : target->variables) {
                        if (candidate.secret && candidate.name == name) {
                            candidate.value = result.value;
                            updateSecretValues();
                            Q_EMIT environmentUpdated(rowOf(id));
                            Q_EMIT environmentsChanged();
                        }
                    }
                });
        }
    }
}

void AppSession::updateSecretValues()
{
    QStringList values;
    for (const Environment& environment : std::as_const(m_workspace.environments)) {
        for (const Http::Variable& variable : environment.variables) {
            if (variable.secret && !variable.value.isEmpty())
                values.append(variable.value);
        }
    }
    // The globals' and the collections' too: no level's secret is written to the flow log.
    QList<const QList<Http::Variable>*> levels {&m_workspace.globals};
    for (const QList<Http::Variable>& variables : std::as_const(m_collectionVariables))
        levels.append(&variables);
    for (const QList<Http::Variable>* variables : std::as_const(levels)) {
        for (const Http::Variable& variable : *variables) {
            if (variable.secret && !variable.value.isEmpty())
                values.append(variable.value);
        }
    }
    m_log->setSecretValues(values);
}

void AppSession::reportSecretVariableWrite(const Secrets::SecretResult& result)
{
    if (!result.ok()) {
        Q_EMIT problem({tr("A secret variable could not be saved in the keychain"), result.message,
            tr("It is kept in memory for this session only. Nothing was written to disk.")});
    }
}

void AppSession::storeSecretVariables(const Environment* previous, const Environment& current)
{
    auto done = [this](const Secrets::SecretResult& result) { reportSecretVariableWrite(result); };
    for (const Http::Variable& variable : current.variables) {
        if (variable.secret)
            m_secrets->write(secretVariableKey(current.id, variable.name), variable.value, this, done);
    }
    if (!previous)
        return;
    for (const Http::Variable& old : previous->variables) {
        const bool stillSecret = std::any_of(current.variables.cbegin(), current.variables.cend(),
            [&old](const Http::Variable& v) { return v.secret && v.name == old.name; });
        if (old.secret && !stillSecret)
            m_secrets->remove(secretVariableKey(current.id, old.name), this, [](const auto&) {});
    }
}

Error AppSession::save()
{
    Error error = m_store.save(m_workspace);
    if (m_watcher)
        m_watcher->watchNewFiles();
    return error;
}

void AppSession::saveReportingProblems()
{
    if (const Error error = save(); !error.isNull())
        Q_EMIT problem(error);
}

int AppSession::rowOf(const QString& environmentId) const
{
    const auto& environments = m_workspace.environments;
    for (int row = 0; row < environments.size(); ++row) {
        if (environments.at(row).id == environmentId)
            return row;
    }
    return -1;
}

const Environment* AppSession::currentEnvironment() const
{
    return m_workspace.findEnvironment(m_workspace.currentEnvironmentId);
}

void AppSession::setCurrentEnvironment(const QString& id)
{
    if (id == m_workspace.currentEnvironmentId || !m_workspace.findEnvironment(id))
        return;
    m_workspace.currentEnvironmentId = id;
    saveReportingProblems();
    Q_EMIT currentEnvironmentChanged(id);
}

void AppSession::putEnvironment(const Environment& environment, const std::optional<QString>& clientSecret)
{
    Environment stored = environment;
    if (stored.id.isEmpty())
        stored.id = newEnvironmentId();
    int row = rowOf(stored.id);
    if (row >= 0) {
        Environment& existing = m_workspace.environments[row];
        storeSecretVariables(&existing, stored);
        stored.openRequests = existing.openRequests; // the editor's, not the copy an environment dialog had
        existing = stored;
        Q_EMIT environmentUpdated(row);
    } else {
        storeSecretVariables(nullptr, stored);
        row = int(m_workspace.environments.size());
        Q_EMIT environmentAboutToBeAdded(row);
        m_workspace.environments.append(stored);
        Q_EMIT environmentAdded(row);
    }
    updateSecretValues();
    if (auto* session = m_sessions.value(stored.id))
        session->setConfig(stored.oauth);
    if (clientSecret) {
        const QString key = Secrets::secretKey(stored.id, QStringLiteral("client_secret"));
        auto done = [this](const Secrets::SecretResult& result) {
            if (!result.ok()) {
                Q_EMIT problem({tr("The client secret could not be saved in the keychain"), result.message,
                    tr("It is kept in memory for this session only. Nothing was written to disk.")});
            }
        };
        if (clientSecret->isEmpty()) {
            m_secrets->remove(key, this, done);
        } else {
            m_secrets->write(key, *clientSecret, this, done);
            OAuth::writeSecretBinding(m_secrets, key, stored.oauth, this);
        }
    }
    if (m_workspace.currentEnvironmentId.isEmpty())
        m_workspace.currentEnvironmentId = stored.id;
    saveReportingProblems();
    Q_EMIT environmentsChanged();
}

void AppSession::removeEnvironment(const QString& id)
{
    const Environment* removed = m_workspace.findEnvironment(id);
    if (!removed)
        return;
    for (const Http::Variable& variable : removed->variables) {
        if (variable.secret)
            m_secrets->remove(secretVariableKey(id, variable.name), this, [](const auto&) {});
    }
    m_providerActions.remove(id); // deleted with its session
    if (OAuth::TokenSession* session = m_sessions.take(id)) {
        session->forget();
        session->deleteLater();
    } else {
        m_secrets->remove(Secrets::secretKey(id, QStringLiteral("refresh_token")), this, [](const auto&) {});
        m_secrets->remove(OAuth::signInRecordKey(id), this, [](const auto&) {});
    }
    for (const QString& key : {OAuth::refreshTokenKey(id), OAuth::clientSecretKey(id)}) {
        m_secrets->remove(key, this, [](const auto&) {});
        m_secrets->remove(OAuth::secretBindingKey(key), this, [](const auto&) {});
    }
    const int row = rowOf(id);
    Q_EMIT environmentAboutToBeRemoved(row);
    m_workspace.environments.removeAt(row);
    Q_EMIT environmentRemoved(row);
    const bool wasCurrent = m_workspace.currentEnvironmentId == id;
    if (wasCurrent)
        m_workspace.currentEnvironmentId
            = m_workspace.environments.isEmpty() ? QString() : m_workspace.environments.first().id;
    saveReportingProblems();
    Q_EMIT environmentsChanged();
    if (wasCurrent)
        Q_EMIT currentEnvironmentChanged(m_workspace.currentEnvironmentId);
}

void AppSession::moveEnvironment(const QString& id, int row)
{
    const int from = rowOf(id);
    const int to = std::clamp(row, 0, int(m_workspace.environments.size()) - 1);
    if (from < 0 || from == to)
        return;
    Q_EMIT environmentAboutToBeMoved(from, to);
    m_workspace.environments.move(from, to);
    Q_EMIT environmentMoved(from, to);
    saveReportingProblems();
    Q_EMIT environmentsChanged();
}

void AppSession::forgetAllTokens()
{
    for (const Environment& environment : std::as_const(m_workspace.environments)) {
        if (OAuth::TokenSession* session = m_sessions.value(environment.id))
            session->forget();
        else {
            m_secrets->remove(Secrets::secretKey(environment.id, QStringLiteral("refresh_token")), this,
                [](const auto&) {});
            m_secrets->remove(OAuth::signInRecordKey(environment.id), this, [](const auto&) {});
        }
    }
}

QString AppSession::useLocalDemo(const QUrl& baseUrl)
{
    putEnvironment(localDemoEnvironment(baseUrl));
    if (Environment* demo = m_workspace.findEnvironment(localDemoId())) {
        OpenRequests& open = demo->openRequests;
        if (open.requests.isEmpty())
            open = {{Http::HttpRequest()}, 0, {}};
        if (open.requests.at(open.current).url.isEmpty())
            open.requests[open.current].url = localDemoRequestUrl();
    }
    m_workspace.currentEnvironmentId.clear();
    setCurrentEnvironment(localDemoId());
    return localDemoId();
}

OpenRequests AppSession::openRequests(const QString& environmentId) const
{
    if (environmentId.isEmpty())
        return m_workspace.openRequests;
    const Environment* environment = m_workspace.findEnvironment(environmentId);
    return environment ? environment->openRequests : OpenRequests();
}

void AppSession::setOpenRequests(const QString& environmentId, const OpenRequests& requests)
{
    Environment* environment = m_workspace.findEnvironment(environmentId);
    if (!environmentId.isEmpty() && !environment)
        return;
    OpenRequests kept = requests;
    kept.current = kept.requests.isEmpty() ? 0 : std::clamp(kept.current, 0, int(kept.requests.size()) - 1);
    // One origin per request, or none at all when no request came from a collection.
    if (std::all_of(
            kept.origins.cbegin(), kept.origins.cend(), [](const RequestOrigin& o) { return o.isNull(); }))
        kept.origins.clear();
    else
        kept.origins.resize(kept.requests.size());
    if (environment) {
        // A pasted credential goes to the keychain as a secret variable, never into the workspace file.
        const Environment before = *environment;
        const QStringList created = Workspace::moveSecretHeadersToVariables(&kept, &environment->variables);
        if (!created.isEmpty()) {
            storeSecretVariables(&before, *environment);
            updateSecretValues();
            Q_EMIT environmentUpdated(rowOf(environmentId));
            Q_EMIT environmentsChanged();
        }
        for (const QString& name : created) {
            Q_EMIT problem({tr("A credential in a request header is now kept in the keychain"),
                tr("Its value was saved as the secret variable {{%1}} of this environment, and the header "
                   "refers to it, so it is never written to the workspace file.")
                    .arg(name),
                tr("Change its value under the environment's variables.")});
        }
    }
    OpenRequests& open = environment ? environment->openRequests : m_workspace.openRequests;
    if (kept == open)
        return;
    open = kept;
    saveReportingProblems();
}

Http::HttpRequest AppSession::draftRequest(const QString& environmentId) const
{
    return openRequests(environmentId).currentRequest();
}

void AppSession::setDraftRequest(const QString& environmentId, const Http::HttpRequest& request)
{
    OpenRequests open = openRequests(environmentId);
    if (open.requests.isEmpty())
        open = {{request}, 0, {}};
    else
        open.requests[open.current] = request;
    setOpenRequests(environmentId, open);
}

void AppSession::addApiBaseUrl(const QString& environmentId, const QUrl& baseUrl)
{
    const int row = rowOf(environmentId);
    if (row < 0 || m_workspace.environments.at(row).apiBaseUrls.contains(baseUrl))
        return;
    m_workspace.environments[row].apiBaseUrls.append(baseUrl);
    saveReportingProblems();
    Q_EMIT environmentUpdated(row);
    Q_EMIT environmentsChanged();
}

OAuth::TokenSession* AppSession::tokenSession(const QString& environmentId)
{
    const Environment* environment = m_workspace.findEnvironment(environmentId);
    if (!environment)
        return nullptr;
    OAuth::TokenSession*& session = m_sessions[environmentId];
    if (!session) {
        session = new OAuth::TokenSession(environmentId, environment->oauth, m_secrets, m_tokenClient,
            m_jwksClient, m_log->forEnvironment(environmentId), this);
        // Its sign-ins, refreshes and provider calls belong to its environment in the flow log.
        Http::FlowLog::setEnvironmentOf(session, environmentId);
    }
    return session;
}

OAuth::TokenSession* AppSession::currentTokenSession()
{
    return tokenSession(m_workspace.currentEnvironmentId);
}

OAuth::ProviderActions* AppSession::providerActions(const QString& environmentId)
{
    OAuth::TokenSession* session = tokenSession(environmentId);
    if (!session)
        return nullptr;
    OAuth::ProviderActions*& actions = m_providerActions[environmentId];
    if (!actions)
        actions = new OAuth::ProviderActions(session, m_tokenEndpoints);
    return actions;
}

OAuth::ProviderActions* AppSession::currentProviderActions()
{
    return providerActions(m_workspace.currentEnvironmentId);
}

QString AppSession::workspaceDirectory() const
{
    return QFileInfo(m_store.filePath()).absolutePath();
}

} // namespace Tokenscope::Workspace
