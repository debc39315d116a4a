// AppSession: the variables of the three levels, and sending with them.
#include "appsession.h"
#include "collection.h"
#include "flowlog.h"
#include "requestauthorization.h"
#include "requestsender.h"
#include "secretstore.h"
#include "tokensession.h"
#include "urlhelpers.h"
#include "variables.h"

#include <algorithm>

namespace Tokenscope::Workspace {

VariableScope AppSession::variableScope(const QString& collectionId) const
{
    VariableScope scope;
    scope.globals = m_workspace.globals;
    if (!collectionId.isEmpty())
        scope.collection = m_collectionVariables.value(collectionId);
    if (const Environment* environment = currentEnvironment())
        scope.environment = environment->variables;
    return scope;
}

void AppSession::storeSecrets(const QList<Http::Variable>& previous, const QList<Http::Variable>& current,
    const std::function<QString(const QString& name)>& key)
{
    auto done = [this](const Secrets::SecretResult& result) { reportSecretVariableWrite(result); };
    for (const Http::Variable& variable : current) {
        if (variable.secret)
            m_secrets->write(key(variable.name), variable.value, this, done);
    }
    for (const Http::Variable& old : previous) {
        const bool stillSecret = std::any_of(current.cbegin(), current.cend(),
            [&old](const Http::Variable& v) { return v.secret && v.name == old.name; });
        if (old.secret && !stillSecret)
            m_secrets->remove(key(old.name), this, [](const auto&) {});
    }
}

void AppSession::setGlobals(const QList<Http::Variable>& globals)
{
    const QList<Http::Variable> previous = std::exchange(m_workspace.globals, globals);
    storeSecrets(previous, globals, &globalSecretKey);
    updateSecretValues();
    saveReportingProblems();
    Q_EMIT variablesChanged();
}

void AppSession::loadSecretGlobals()
{
    for (const Http::Variable& variable : std::as_const(m_workspace.globals)) {
        if (!variable.secret)
            continue;
        const QString name = variable.name;
        m_secrets->read(globalSecretKey(name), this, [this, name](const Secrets::SecretResult& result) {
            if (!result.ok())
                return; // a missing value reads as an undefined variable, which the sender reports
            for (Http::Variable& candidate : m_workspace.globals) {
                if (candidate.secret && candidate.name == name)
                    candidate.value = result.value;
            }
            updateSecretValues();
            Q_EMIT variablesChanged();
        });
    }
}

QList<Http::Variable> AppSession::collectionVariables(const QString& collectionId) const
{
    return m_collectionVariables.value(collectionId);
}

void AppSession::setCollectionVariables(
    const QString& collectionId, const QList<Http::Variable>& variables, bool valuesGiven)
{
    m_collectionVariables.insert(collectionId, variables);
    updateSecretValues();
    Q_EMIT variablesChanged();
    if (!valuesGiven)
        readCollectionSecrets(collectionId);
}

void AppSession::readCollectionSecrets(const QString& collectionId)
{
    for (const Http::Variable& variable : m_collectionVariables.value(collectionId)) {
        if (!variable.secret)
            continue;
        const QString name = variable.name;
        m_secrets->read(collectionSecretKey(collectionId, name), this,
            [this, collectionId, name](const Secrets::SecretResult& result) {
                const auto found = m_collectionVariables.find(collectionId);
                if (!result.ok() || found == m_collectionVariables.end())
                    return;
                for (Http::Variable& candidate : *found) {
                    if (candidate.secret && candidate.name == name)
                        candidate.value = result.value;
                }
                updateSecretValues();
                Q_EMIT variablesChanged();
            });
    }
}

void AppSession::putCollectionVariables(const QString& collectionId, const QList<Http::Variable>& variables)
{
    const QList<Http::Variable> previous = m_collectionVariables.value(collectionId);
    storeSecrets(previous, variables,
        [collectionId](const QString& name) { return collectionSecretKey(collectionId, name); });
    m_collectionVariables.insert(collectionId, variables);
    updateSecretValues();
    Q_EMIT variablesChanged();
}

void AppSession::forgetCollection(const QString& collectionId)
{
    if (m_collectionVariables.remove(collectionId) > 0) {
        updateSecretValues();
        Q_EMIT variablesChanged();
    }
}

QUrl AppSession::resolvedUrl(const Http::HttpRequest& request, const QString& collectionId) const
{
    const Http::Expansion url
        = Http::expandVariables(request.url.trimmed(), effectiveVariables(variableScope(collectionId)));
    return webUrlFromUserInput(url.text);
}

TokenDestination AppSession::tokenDestination(
    const Http::HttpRequest& request, const QString& collectionId) const
{
    const Environment* environment = currentEnvironment();
    const QUrl url = resolvedUrl(request, collectionId);
    // A request with an Authorization header of its own carries no token of the environment's there.
    const bool ownAuthorization = Http::tokenInAuthorizationHeader(request)
        && std::any_of(request.headers.cbegin(), request.headers.cend(), [](const Http::HeaderField& header) {
               return header.enabled
                   && header.name.trimmed().compare(QLatin1String("Authorization"), Qt::CaseInsensitive) == 0;
           });
    if (!environment || !Http::usesAccessToken(request) || ownAuthorization || url.host().isEmpty())
        return {};
    return Workspace::tokenDestination(m_workspace, environment->id, url);
}

void AppSession::cancelSend(quint64 id)
{
    m_sender->cancel(id);
}

quint64 AppSession::send(const Http::HttpRequest& request, QObject* context, const ResponseHandler& handler,
    const std::function<void(qint64 received, qint64 total)>& progress, const QString& collectionId)
{
    const Environment* environment = currentEnvironment();
    const QList<Http::Variable> variables = effectiveVariables(variableScope(collectionId));
    OAuth::TokenSession* session = environment ? tokenSession(environment->id) : nullptr;
    const TokenDestination destination = tokenDestination(request, collectionId);
    ResponseHandler done = handler;
    if (session && destination.kind == TokenDestination::Kind::Unlearned) {
        const QString id = environment->id;
        const QUrl baseUrl = destination.baseUrl;
        done = [this, id, baseUrl, handler](const Http::HttpResponse& response, const Error& error) {
            const Environment* learner = m_workspace.findEnvironment(id);
            if (error.isNull() && response.status >= 200 && response.status < 400 && learner
                && learner->apiBaseUrls.isEmpty())
                addApiBaseUrl(id, baseUrl);
            handler(response, error);
        };
    }
    // A host the token is not meant for may refuse it for that reason alone: refreshing the token and
    // sending it there again would only hand out a second token (RFC 6750 §3.1 invalid_token).
    return m_sender->send(request, variables, session, context, done,
        environment ? environment->oauth.trustedCertificates : QList<CertificateFingerprint>(),
        !destination.needsConfirmation(), environment && environment->oauth.allowPlainHttp, progress);
}

} // namespace Tokenscope::Workspace
