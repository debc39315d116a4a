#include "signincontroller.h"

#include "appsession.h"
#include "callback.h"
#include "desktopservices.h"
#include "devicecodedialog.h"
#include "embeddedloginagent.h"
#include "externalredirectloginagent.h"
#include "loopbackloginagent.h"
#include "messagebanner.h"
#include "signinflow.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QWidget>

namespace Tokenscope::Ui {

using OAuth::SignInFlow;
using OAuth::TokenSession;

namespace {

// The main window's translation context: these lines were its own before sign-in had a class.
class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Ui::MainWindow)
};

} // namespace

SignInController::SignInController(Workspace::AppSession* session, QWidget* window, MessageBanner* banner)
    : QObject(window)
    , m_session(session)
    , m_window(window)
    , m_banner(banner)
{
    connect(
        m_session, &Workspace::AppSession::environmentsChanged, this, &SignInController::environmentsChanged);
    environmentsChanged();
}

SignInController::~SignInController() = default;

void SignInController::signIn(TokenSession::SignInMode mode)
{
    TokenSession* session = m_session->currentTokenSession();
    if (!session) {
        Q_EMIT problem({Text::tr("There is no environment to sign in to"), {},
            Text::tr("Create an environment first.")});
        return;
    }
    // Only the flow of this sign-in is watched, not one of an earlier sign-in that never started.
    const QString environmentId = session->environmentId();
    m_modes[environmentId] = mode;
    disconnect(m_flowStarted.value(environmentId));
    m_flowStarted[environmentId] = connect(
        session, &TokenSession::signInStarted, this,
        [this, session](SignInFlow* flow) { watch(session, flow); }, Qt::SingleShotConnection);
    QPointer<SignInController> self = this;
    QPointer<TokenSession> guard = session;
    session->signIn(
        [self, guard, environmentId]() -> OAuth::LoginAgent* {
            if (!self || !guard)
                return nullptr;
            OAuth::LoginAgent* agent = self->loginAgentFor(environmentId);
            if (qobject_cast<OAuth::LoopbackLoginAgent*>(agent)
                || qobject_cast<OAuth::ExternalRedirectLoginAgent*>(agent))
                self->announceBrowser(guard);
            return agent;
        },
        mode);
}

OAuth::LoginAgent* SignInController::loginAgent()
{
    const auto* environment = m_session->currentEnvironment();
    return environment ? loginAgentFor(environment->id) : nullptr;
}

OAuth::LoginAgent* SignInController::loginAgentFor(const QString& environmentId)
{
    const auto* environment = m_session->workspace().findEnvironment(environmentId);
    if (!environment)
        return nullptr;
    const auto& settings = environment->signIn;
    const std::chrono::seconds timeout(settings.timeoutSeconds);
    if (settings.browser == Workspace::SignInSettings::Browser::System)
        return browserAgentFor(environment->id, timeout);
    EmbeddedLoginAgent*& agent = m_embeddedAgents[environment->id];
    if (!agent) {
        agent = new EmbeddedLoginAgent(m_window, this);
        agent->setWindowSizeKey(environment->id);
        agent->setSystemBrowserFallback(true);
        connect(
            agent, &EmbeddedLoginAgent::systemBrowserRequested, this,
            [this, id = environment->id] { continueInSystemBrowser(id); }, Qt::QueuedConnection);
    }
    agent->setWindowTitle(Text::tr("Sign in: %1").arg(environment->name));
    agent->setTimeout(timeout);
    agent->setPersistentProfile(settings.keepBrowserSession ? environment->id : QString());
    agent->setTrustedCertificates(environment->oauth.trustedCertificates);
    return agent;
}

OAuth::LoginAgent* SignInController::browserAgentFor(
    const QString& environmentId, std::chrono::seconds timeout)
{
    const auto* environment = m_session->workspace().findEnvironment(environmentId);
    if (environment
        && OAuth::ExternalRedirectLoginAgent::isPrivateUseRedirectUri(environment->oauth.redirectUri)) {
        OAuth::ExternalRedirectLoginAgent*& external = m_externalAgents[environmentId];
        if (!external) {
            external = new OAuth::ExternalRedirectLoginAgent(
                [this, environmentId](const QUrl& url) { return openBrowser(environmentId, url); }, this);
            connect(external, &OAuth::LoginAgent::redirectIgnored, this,
                [this](const QString& reason) { Q_EMIT statusMessage(reason, 10000); });
        }
        external->setTimeout(timeout);
        return external;
    }
    OAuth::LoopbackLoginAgent*& agent = m_browserAgents[environmentId];
    if (!agent) {
        agent = new OAuth::LoopbackLoginAgent(
            [this, environmentId](const QUrl& url) { return openBrowser(environmentId, url); }, this);
        connect(agent, &OAuth::LoginAgent::redirectIgnored, this,
            [this](const QString& reason) { Q_EMIT statusMessage(reason, 10000); });
    }
    agent->setTimeout(timeout);
    return agent;
}

bool SignInController::deliverRedirect(const QUrl& url)
{
    // Every waiting sign-in with this redirect URI sees it; each takes only its own state.
    bool waiting = false;
    for (OAuth::ExternalRedirectLoginAgent* agent : std::as_const(m_externalAgents)) {
        if (!agent->isWaiting() || !OAuth::matchesRedirectUri(url, agent->redirectUri()))
            continue;
        waiting = true;
        if (agent->deliver(url))
            return true;
    }
    // One waits for another path of the same scheme: it says so itself.
    for (OAuth::ExternalRedirectLoginAgent* agent : std::as_const(m_externalAgents)) {
        if (!waiting && agent->isWaiting()
            && url.scheme().compare(agent->redirectUri().scheme(), Qt::CaseInsensitive) == 0) {
            waiting = true;
            agent->deliver(url);
        }
    }
    return waiting;
}

void SignInController::continueInSystemBrowser(const QString& environmentId)
{
    const auto* environment = m_session->workspace().findEnvironment(environmentId);
    TokenSession* session = m_session->tokenSession(environmentId);
    if (!environment || !session)
        return;
    if (environment->signIn.browser != Workspace::SignInSettings::Browser::System
        && OAuth::ExternalRedirectLoginAgent::isPrivateUseRedirectUri(environment->oauth.redirectUri))
        Q_EMIT privateUseSchemeNeeded(environment->oauth.redirectUri.scheme());
    const std::chrono::seconds timeout(environment->signIn.timeoutSeconds);
    QPointer<SignInController> self = this;
    QPointer<TokenSession> guard = session;
    disconnect(m_flowStarted.value(environmentId));
    m_flowStarted[environmentId] = connect(
        session, &TokenSession::signInStarted, this,
        [this, session](SignInFlow* flow) { watch(session, flow); }, Qt::SingleShotConnection);
    session->signIn(
        [self, guard, environmentId, timeout]() -> OAuth::LoginAgent* {
            if (!self || !guard)
                return nullptr;
            self->announceBrowser(guard);
            return self->browserAgentFor(environmentId, timeout);
        },
        m_modes.value(environmentId, TokenSession::SignInMode::Normal));
}

void SignInController::watch(TokenSession* session, SignInFlow* flow)
{
    connect(
        flow, &SignInFlow::userCodeRequested, this, [this, session, flow] { showDeviceCode(session, flow); });
}

void SignInController::showDeviceCode(TokenSession* session, SignInFlow* flow)
{
    const auto* environment = m_session->workspace().findEnvironment(session->environmentId());
    auto* dialog = new DeviceCodeDialog(environment ? environment->name : QString(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(flow, &SignInFlow::userCodeReady, dialog, &DeviceCodeDialog::showCode);
    connect(session, &TokenSession::signInFinished, dialog, &DeviceCodeDialog::finish);
    connect(dialog, &DeviceCodeDialog::cancelRequested, session, &TokenSession::cancelSignIn);
    dialog->show();
}

void SignInController::announceBrowser(TokenSession* session)
{
    if (!m_banner)
        return;
    // The browser is another application: say where the sign-in goes on, what a refusal looks like
    // there, and how to stop waiting. The banner stays until the sign-in ends.
    const auto* environment = m_session->workspace().findEnvironment(session->environmentId());
    m_banner->showMessage(MessageBanner::Level::Information,
        Text::tr("Continue signing in in your web browser"),
        Text::tr("Tokenscope opened the provider's page in your default browser and is waiting for it to "
                 "come back. If no page opened, copy the sign-in link into a browser of your choice.")
            + u'\n'
            + Text::tr("If the browser shows an error page from the provider instead of a sign-in page, the "
                       "provider refused the request: most often the redirect URI %1 is not registered for "
                       "this client, or the client ID is wrong. Cancel, correct the environment and sign in "
                       "again.")
                  .arg(environment ? environment->oauth.redirectUri.toDisplayString() : QString()));
    QPointer<TokenSession> guard = session;
    m_banner->setAction(Text::tr("Cancel Sign-in"), [guard] {
        if (guard)
            guard->cancelSignIn();
    });
    m_banner->setSecondaryAction(Text::tr("Copy Sign-in Link"), [self = QPointer<SignInController>(this)] {
        if (self)
            self->copySignInLink();
    });
    m_banner->setClosable(false);
}

bool SignInController::openBrowser(const QString& environmentId, const QUrl& url)
{
    return DesktopServices::openUrlWatched(url, this,
        [this, environmentId, url](const QString& reason) { browserFailed(environmentId, url, reason); });
}

void SignInController::browserFailed(const QString& environmentId, const QUrl& url, const QString& reason)
{
    const auto* current = m_session->currentEnvironment();
    const TokenSession* session = m_session->tokenSession(environmentId);
    if (!session || session->state() != TokenSession::State::SigningIn)
        return;
    if (!m_banner || !current || current->id != environmentId) {
        Q_EMIT statusMessage(reason, 0);
        return;
    }
    if (signInLink() != url)
        return; // the opener of an earlier sign-in
    const std::optional<MessageBanner::State> waiting = m_banner->state();
    m_banner->showMessage(MessageBanner::Level::Warning, Text::tr("Your web browser did not start"),
        reason + u'\n'
            + Text::tr("Tokenscope is still waiting: copy the sign-in link and open it in a browser of your "
                       "choice, or cancel the sign-in."));
    if (waiting && waiting->action)
        m_banner->setAction(waiting->actionText, waiting->action);
    if (waiting && waiting->secondaryAction)
        m_banner->setSecondaryAction(waiting->secondaryActionText, waiting->secondaryAction);
    m_banner->setClosable(false);
}

QUrl SignInController::signInLink() const
{
    const auto* environment = m_session->currentEnvironment();
    if (!environment)
        return {};
    if (const OAuth::LoopbackLoginAgent* agent = m_browserAgents.value(environment->id);
        agent && agent->isWaiting())
        return agent->authorizationUrl();
    if (const OAuth::ExternalRedirectLoginAgent* agent = m_externalAgents.value(environment->id);
        agent && agent->isWaiting())
        return agent->authorizationUrl();
    return {};
}

bool SignInController::copySignInLink()
{
    const QUrl link = signInLink();
    if (link.isEmpty()) {
        Q_EMIT statusMessage(Text::tr("The sign-in link is not ready yet."), 5000);
        return false;
    }
    QGuiApplication::clipboard()->setText(link.toString(QUrl::FullyEncoded));
    Q_EMIT statusMessage(
        Text::tr("Sign-in link copied: paste it into the address bar of the browser you want to use."),
        10000);
    return true;
}

void SignInController::environmentsChanged()
{
    const auto& workspace = m_session->workspace();
    QList<QByteArray> schemes;
    QStringList ids;
    for (const auto& environment : workspace.environments) {
        ids.append(environment.id);
        const QByteArray scheme = environment.oauth.redirectUri.scheme().toLower().toLatin1();
        if (!scheme.isEmpty() && scheme != "http" && scheme != "https" && !schemes.contains(scheme))
            schemes.append(scheme);
    }
    EmbeddedLoginAgent::setRedirectSchemes(schemes);
    // Only environments seen to go: an empty or failed workspace load must not wipe every size.
    for (const QString& id : std::as_const(m_environmentIds)) {
        if (!ids.contains(id))
            EmbeddedLoginAgent::forgetWindowSize(id);
    }
    m_environmentIds = ids;
    for (const QString& id : m_embeddedAgents.keys()) {
        if (!workspace.findEnvironment(id))
            delete m_embeddedAgents.take(id);
    }
    for (const QString& id : m_browserAgents.keys()) {
        if (!workspace.findEnvironment(id))
            delete m_browserAgents.take(id);
    }
    for (const QString& id : m_externalAgents.keys()) {
        if (!workspace.findEnvironment(id))
            delete m_externalAgents.take(id);
    }
}

} // namespace Tokenscope::Ui
