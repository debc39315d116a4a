#include "environmentviewstate.h"

#include "appsession.h"
#include "responseviewer.h"
#include "tokensession.h"

namespace Tokenscope::Ui {

EnvironmentViewState::EnvironmentViewState(
    Workspace::AppSession* session, ResponseViewer* viewer, MessageBanner* banner, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_viewer(viewer)
    , m_banner(banner)
{ }

void EnvironmentViewState::select(const QString& environmentId)
{
    QHash<QString, QString> names;
    QHash<QString, OAuth::ClientConfig> providers;
    for (const Workspace::Environment& environment : m_session->workspace().environments) {
        names.insert(environment.id, environment.name);
        providers.insert(environment.id, environment.oauth);
    }
    m_viewer->setEnvironmentNames(names);
    m_viewer->setProviderConfigs(providers);
    // What a removed environment left behind goes with it.
    for (auto it = m_shown.begin(); it != m_shown.end();) {
        it = names.contains(it.key()) ? std::next(it) : m_shown.erase(it);
    }
    if (environmentId == m_selected)
        return;

    // The banner of the environment left is put away with it; a message about the application stays.
    const std::optional<MessageBanner::State> banner = m_banner->state();
    const bool environmentBanner = banner && banner->scope == MessageBanner::Scope::Environment;
    if (!m_selected.isEmpty() && names.contains(m_selected))
        m_shown[m_selected].banner = environmentBanner ? banner : std::nullopt;

    m_selected = environmentId;
    m_viewer->setEnvironment(environmentId);
    const Shown shown = m_shown.value(environmentId);
    if (shown.banner || environmentBanner)
        m_banner->restore(shown.banner);
    if (!environmentId.isEmpty())
        watch(m_session->tokenSession(environmentId));
}

void EnvironmentViewState::watch(OAuth::TokenSession* session)
{
    if (!session || m_watched.contains(session->environmentId()))
        return;
    m_watched.insert(session->environmentId());
    const QString id = session->environmentId();
    const auto succeeded = [this, id](const Error& error) {
        if (error.isNull())
            clearStaleBanner(id);
    };
    connect(session, &OAuth::TokenSession::signInFinished, this, succeeded);
    // A banner without a dismiss button lasts as long as the sign-in it describes.
    connect(session, &OAuth::TokenSession::signInFinished, this, [this, id] {
        if (auto it = m_shown.find(id);
            id != m_selected && it != m_shown.end() && it->banner && !it->banner->closable)
            it->banner.reset();
    });
    connect(session, &OAuth::TokenSession::refreshFinished, this, succeeded);
    connect(session, &QObject::destroyed, this, [this, id] { m_watched.remove(id); });
}

void EnvironmentViewState::clearStaleBanner(const QString& environmentId)
{
    // New tokens answer whatever the environment's banner said was wrong ("Not signed in", a failed
    // refresh, a refused token): it no longer describes the environment.
    if (environmentId != m_selected) {
        if (auto it = m_shown.find(environmentId); it != m_shown.end())
            it->banner.reset();
        return;
    }
    const std::optional<MessageBanner::State> banner = m_banner->state();
    if (banner && banner->scope == MessageBanner::Scope::Environment)
        m_banner->hide();
}

} // namespace Tokenscope::Ui
