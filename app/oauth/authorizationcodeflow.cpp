#include "authorizationcodeflow.h"

#include "callback.h"
#include "flowlog.h"
#include "idtokenverification.h"
#include "loginagent.h"
#include "providererrors.h"
#include "tokenclient.h"

namespace Tokenscope::OAuth {

AuthorizationCodeFlow::AuthorizationCodeFlow(const ClientConfig& config, const QString& clientSecret,
    LoginAgent* agent, TokenClient* tokenClient, JwksClient* jwksClient, Http::FlowLog* log, QObject* parent)
    : SignInFlow(parent)
    , m_config(config)
    , m_clientSecret(clientSecret)
    , m_agent(agent)
    , m_tokenClient(tokenClient)
    , m_jwksClient(jwksClient)
    , m_log(log)
{
    Q_ASSERT(m_tokenClient && m_jwksClient);
}

AuthorizationCodeFlow::~AuthorizationCodeFlow()
{
    if (!m_finished && m_agent)
        m_agent->cancel();
}

void AuthorizationCodeFlow::start()
{
    // The agent may need a redirect URI of its own (the loopback listener's port); the token request
    // later repeats exactly the one sent here (RFC 6749 §4.1.3).
    Error agentError;
    const QUrl redirectUri = m_agent ? m_agent->redirectUriFor(m_config.redirectUri, &agentError) : QUrl();
    if (!agentError.isNull() || redirectUri.isEmpty()) {
        if (agentError.isNull())
            agentError = {tr("The sign-in window is gone"), {}, {}};
        if (agentError.code.isEmpty())
            agentError.code = QStringLiteral("login_agent");
        fail(agentError);
        return;
    }
    m_config.redirectUri = redirectUri;
    m_pending = createAuthorizationRequest(m_config);
    connect(m_agent, &LoginAgent::redirected, this, &AuthorizationCodeFlow::onRedirected);
    connect(m_agent, &LoginAgent::cancelled, this, [this] {
        if (m_finished)
            return;
        if (m_log)
            m_log->note(tr("Sign-in cancelled"));
        finish();
        Q_EMIT cancelled();
    });
    connect(m_agent, &LoginAgent::failed, this, [this](const Error& error) {
        if (m_finished)
            return;
        Error failure = error;
        if (failure.code.isEmpty())
            failure.code = QStringLiteral("login_agent");
        fail(failure);
    });
    if (m_config.usePar)
        pushParameters();
    else
        openBrowser();
}

void AuthorizationCodeFlow::pushParameters()
{
    // RFC 9126: the parameters go to the provider directly, with client authentication; the browser
    // then carries only client_id and the request_uri the provider hands out.
    if (m_config.parEndpoint.isEmpty()) {
        fail({tr("Pushed authorization requests are on, but the environment has no PAR endpoint"), {},
            tr("Enter the PAR endpoint in the environment's advanced OAuth settings, or use Discover."),
            QStringLiteral("par_endpoint_missing")});
        return;
    }
    m_tokenClient->pushAuthorizationRequest(
        m_config, m_clientSecret, m_pending.parameters, this, [this](const ParOutcome& outcome) {
            if (m_finished)
                return;
            if (!outcome.ok()) {
                fail(outcome.error);
                return;
            }
            if (m_log)
                m_log->note(tr("Authorization request pushed; the browser gets only its request_uri"));
            m_pending.url = pushedAuthorizationUrl(m_config, outcome.requestUri);
            openBrowser();
        });
}

void AuthorizationCodeFlow::openBrowser()
{
    if (!m_agent) {
        fail({tr("The sign-in window is gone"), {}, {}, QStringLiteral("login_agent")});
        return;
    }
    if (m_log) {
        const QString pkce
            = m_pending.pkce.isEmpty() ? tr("no PKCE") : tr("PKCE %1").arg(m_pending.pkce.method);
        Http::FlowEvent event;
        event.kind = Http::FlowEvent::Kind::AuthorizationRequest;
        event.summary = m_config.usePar
            ? tr("Authorization request (pushed, %1, state%2)")
                  .arg(pkce, m_pending.nonce.isEmpty() ? QString() : tr(", nonce"))
            : tr("Authorization request (%1, state%2)")
                  .arg(pkce, m_pending.nonce.isEmpty() ? QString() : tr(", nonce"));
        event.method = "GET";
        event.url = m_pending.url;
        m_log->append(std::move(event));
    }
    m_agent->expectState(m_pending.state);
    m_agentStarted = true;
    m_agent->start(m_pending.url, m_pending.redirectUri);
}

void AuthorizationCodeFlow::cancel()
{
    if (m_verifying) {
        // The keys are still on their way; their answer is ignored and nothing of the response kept.
        m_verifying = false;
        if (m_log)
            m_log->note(tr("Sign-in cancelled"));
        Q_EMIT cancelled();
        return;
    }
    if (m_finished)
        return;
    if (m_agent)
        m_agent->cancel();
    if (!m_finished) {
        finish();
        Q_EMIT cancelled();
    }
}

void AuthorizationCodeFlow::finish()
{
    m_finished = true;
    // The agent may serve the next sign-in; this flow must not hear its redirect.
    if (m_agent)
        disconnect(m_agent, nullptr, this, nullptr);
    // RFC 7636 §4.1 / RFC 6749 §10.12: verifier and state are single use; forget them.
    m_pending.pkce = {};
    m_pending.consumed = true;
    m_clientSecret.clear();
}

void AuthorizationCodeFlow::onRedirected(const QUrl& url)
{
    if (m_finished)
        return;
    if (m_log) {
        Http::FlowEvent event;
        event.kind = Http::FlowEvent::Kind::RedirectReceived;
        const auto delivery
            = m_agent ? m_agent->redirectDelivery() : LoginAgent::RedirectDelivery::Intercepted;
        event.summary = delivery == LoginAgent::RedirectDelivery::Listener
            ? tr("Redirect received by the loopback listener (loaded by the browser)")
            : delivery == LoginAgent::RedirectDelivery::System ? tr("Redirect handed over by the system")
                                                               : tr("Redirect intercepted (not loaded)");
        event.url = url;
        m_log->append(std::move(event));
    }
    const CallbackResult callback = validateCallback(url, m_pending);
    if (callback.outcome != CallbackResult::Outcome::Code) {
        fail(callback.error);
        return;
    }
    if (m_log)
        m_log->note(tr("State matched; redeeming the code"));

    const QString verifier = m_pending.pkce.verifier;
    m_tokenClient->exchangeCode(
        m_config, m_clientSecret, callback.code, verifier, this, [this](const TokenOutcome& outcome) {
            if (m_finished)
                return;
            finish();
            if (!outcome.ok()) {
                fail(outcome.error);
                return;
            }
            // OIDC Core §3.1.3.7: the ID token must be signed by the provider, for this client, from this
            // issuer, for this sign-in (nonce). Without a valid one, nothing of the response is kept.
            const TokenSet& tokens = *outcome.tokens;
            if (tokens.idToken.isEmpty()) {
                if (!m_pending.nonce.isEmpty()) {
                    fail({tr("The provider sent no ID token although openid was requested"), {},
                        tr("Check that the client may use OpenID Connect, or remove openid from the "
                           "scopes."),
                        QStringLiteral("id-token-missing")});
                    return;
                }
                Q_EMIT succeeded(tokens);
                return;
            }
            verifyTokens(tokens);
        });
}

void AuthorizationCodeFlow::fail(const Error& error)
{
    finish();
    // Failed before the browser opened (a refused pushed request): what the agent prepared, such as
    // a bound loopback port, is released.
    if (!m_agentStarted && m_agent)
        m_agent->cancel();
    m_verifying = false;
    if (m_log)
        m_log->failure(failureLine(error));
    emitFailed(error);
}

void AuthorizationCodeFlow::verifyTokens(const TokenSet& tokens)
{
    m_verifying = true;
    verifyIdToken(m_jwksClient, m_config, tokens.idToken, m_pending.nonce, m_log, this,
        [this, tokens](const IdTokenCheck& check) {
            if (!m_verifying)
                return; // cancelled meanwhile
            if (!check.ok()) {
                fail(check.error);
                return;
            }
            m_verifying = false;
            Q_EMIT succeeded(tokens);
        });
}

} // namespace Tokenscope::OAuth
