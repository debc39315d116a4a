#include "tokensession.h"

#include "authorizationcodeflow.h"
#include "clientcredentialsflow.h"
#include "clientsecret.h"
#include "deviceauthorizationflow.h"
#include "flowlog.h"
#include "loginagent.h"
#include "providererrors.h"
#include "refreshedidtoken.h"
#include "secretstore.h"
#include "tokenclient.h"

namespace Tokenscope::OAuth {

using Secrets::SecretResult;

namespace {

// "Sign in as someone else": the provider must ask for credentials again even when its session cookie
// would sign the same user in silently (OIDC Core §3.1.2.1 prompt=login, max_age=0).
ClientConfig withFreshLogin(ClientConfig config)
{
    auto& extra = config.extraAuthorizationParameters;
    extra.removeIf([](const auto& parameter) {
        return parameter.first == QLatin1String("prompt") || parameter.first == QLatin1String("max_age");
    });
    extra.append({QStringLiteral("prompt"), QStringLiteral("login")});
    extra.append({QStringLiteral("max_age"), QStringLiteral("0")});
    return config;
}

} // namespace

TokenSession::TokenSession(const QString& environmentId, const ClientConfig& config,
    Secrets::SecretStore* secrets, TokenClient* tokenClient, JwksClient* jwksClient, Http::FlowLog* log,
    QObject* parent)
    : QObject(parent)
    , m_environmentId(environmentId)
    , m_config(config)
    , m_secrets(secrets)
    , m_tokenClient(tokenClient)
    , m_jwksClient(jwksClient)
    , m_log(log)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    restoreStoredSignIn();
}

TokenSession::~TokenSession()
{
    if (m_flow)
        m_flow->cancel();
}

Http::FlowLog* TokenSession::flowLog() const
{
    return m_log;
}

QString TokenSession::refreshTokenKey() const
{
    return OAuth::refreshTokenKey(m_environmentId);
}

void TokenSession::setConfig(const ClientConfig& config)
{
    if (config == m_config)
        return;
    // Another grant is another identity too: a service account's token is not the user's.
    const bool providerChanged = config.tokenEndpoint != m_config.tokenEndpoint
        || config.clientId != m_config.clientId || config.issuer != m_config.issuer
        || config.grant != m_config.grant;
    m_config = config;
    if (!providerChanged)
        return;
    // Tokens of another provider or client must never be sent on, nor the old refresh token (and the
    // client secret with it) to the new token endpoint, in this session or after a restart.
    discardTokens(tr("The environment now points at another provider or client"));
    m_secrets->remove(refreshTokenKey(), this, [](const SecretResult&) {});
    m_secrets->remove(signInRecordKey(m_environmentId), this, [](const SecretResult&) {});
}

void TokenSession::restoreStoredSignIn()
{
    const quint64 generation = m_generation;
    readStoredSignIn(m_secrets, m_environmentId, this, [this, generation](const StoredSignIn& stored) {
        if (generation != m_generation)
            return; // signed in, forgotten or moved to another provider meanwhile: that is newer
        m_stored = stored;
        Q_EMIT tokensChanged();
    });
}

void TokenSession::discardTokens(const QString& reason)
{
    ++m_generation; // results of requests already under way are dropped
    if (m_refreshInFlight)
        finishRefresh({reason, {}, tr("Sign in again.")});
    m_tokens = {};
    m_stored = {StoredSignIn::Status::Nothing, std::nullopt, {}};
    m_accessTokenRejected = false;
    setState(signingIn() ? State::SigningIn : State::SignedOut);
    Q_EMIT tokensChanged();
}

bool TokenSession::hasValidAccessToken() const
{
    return !m_accessTokenRejected && !m_tokens.isExpired(now());
}

bool TokenSession::canRefresh() const
{
    if (m_state == State::SigningIn || m_state == State::Refreshing)
        return false;
    if (!m_tokens.refreshToken.isEmpty())
        return true;
    return !m_tokens.hasAccessToken()
        && (m_stored.status == StoredSignIn::Status::RefreshTokenStored
            || m_stored.status == StoredSignIn::Status::KeychainUnreadable);
}

QString TokenSession::displayName() const
{
    return displayNameFor(m_tokens, m_stored.record);
}

Error TokenSession::signInWarning() const
{
    return m_stored.record ? OAuth::signInWarning(m_config, *m_stored.record) : Error();
}

void TokenSession::rejectAccessToken(const Token& token)
{
    if (token.value == m_tokens.accessToken)
        m_accessTokenRejected = true;
}

void TokenSession::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void TokenSession::withClientSecret(std::function<void(const QString&, const Error&)> next)
{
    readClientSecret(m_secrets, m_environmentId, m_config, this, std::move(next));
}

void TokenSession::signIn(LoginAgent* agent, SignInMode mode)
{
    signIn([agent = QPointer<LoginAgent>(agent)]() -> LoginAgent* { return agent; }, mode);
}

void TokenSession::signIn(LoginAgentSource agentSource, SignInMode mode)
{
    cancelSignIn();
    const quint64 attempt = ++m_signInAttempt;
    m_readingSecret = true;
    setState(State::SigningIn);
    withClientSecret([this, attempt, mode, agentSource = std::move(agentSource)](
                         const QString& secret, const Error& error) {
        if (attempt != m_signInAttempt)
            return; // cancelled or superseded while the secret was read
        m_readingSecret = false;
        Error problem = error;
        SignInFlow* flow = problem.isNull() ? createFlow(secret, agentSource, mode, &problem) : nullptr;
        if (!flow) {
            setState(restingState());
            Q_EMIT signInFinished(problem);
            return;
        }
        m_flow = flow;
        watchFlow(flow);
        Q_EMIT signInStarted(flow);
        flow->start();
    });
}

SignInFlow* TokenSession::createFlow(
    const QString& clientSecret, const LoginAgentSource& agentSource, SignInMode mode, Error* error)
{
    switch (m_config.grant) {
    case Grant::AuthorizationCode: {
        LoginAgent* agent = agentSource ? agentSource() : nullptr;
        if (!agent) {
            *error = {tr("The sign-in window is gone"), {}, {}};
            return nullptr;
        }
        const ClientConfig config = mode == SignInMode::FreshLogin ? withFreshLogin(m_config) : m_config;
        return new AuthorizationCodeFlow(
            config, clientSecret, agent, m_tokenClient, m_jwksClient, m_log, this);
    }
    case Grant::ClientCredentials:
        return new ClientCredentialsFlow(m_config, clientSecret, m_tokenClient, m_log, this);
    case Grant::DeviceCode: {
        auto* flow
            = new DeviceAuthorizationFlow(m_config, clientSecret, m_tokenClient, m_jwksClient, m_log, this);
        flow->setClock(m_clock);
        flow->setSecondLength(m_deviceSecondLength);
        return flow;
    }
    }
    Q_UNREACHABLE();
    return nullptr;
}

void TokenSession::endFlow(SignInFlow* flow)
{
    flow->deleteLater();
    if (m_flow == flow)
        m_flow = nullptr;
}

void TokenSession::watchFlow(SignInFlow* flow)
{
    connect(flow, &SignInFlow::userCodeReady, this, &TokenSession::deviceCodeReady);
    connect(flow, &SignInFlow::succeeded, this, [this, flow](const TokenSet& tokens) {
        endFlow(flow);
        ++m_generation; // a refresh still under way belongs to the old grant
        acceptTokens(tokens, Origin::SignIn);
        if (m_refreshInFlight)
            finishRefresh({}); // its waiters get the new token
        Q_EMIT signInFinished({});
    });
    connect(flow, &SignInFlow::failed, this, [this, flow](const Error& failure) {
        endFlow(flow);
        setState(restingState());
        Q_EMIT signInFinished(failure);
    });
    connect(flow, &SignInFlow::cancelled, this, [this, flow] {
        endFlow(flow);
        setState(restingState());
        Q_EMIT signInFinished({tr("Sign-in cancelled"), {}, {}, QStringLiteral("cancelled")});
    });
}

TokenSession::State TokenSession::restingState() const
{
    if (m_refreshInFlight)
        return State::Refreshing;
    return m_tokens.hasAccessToken() ? State::SignedIn : State::SignedOut;
}

void TokenSession::cancelSignIn()
{
    if (m_flow) {
        m_flow->cancel();
        return;
    }
    if (!m_readingSecret)
        return;
    ++m_signInAttempt; // the secret on its way is dropped
    m_readingSecret = false;
    setState(restingState());
    Q_EMIT signInFinished({tr("Sign-in cancelled"), {}, {}, QStringLiteral("cancelled")});
}

void TokenSession::acceptTokens(const TokenSet& received, Origin origin)
{
    // A sign-in starts a new grant: its tokens replace all of the old ones, a missing refresh token
    // included; only a refresh continues the old grant.
    const TokenSet tokens = origin == Origin::SignIn
        ? received
        : grantToContinue(m_tokens, m_stored.record).continuedWith(received);
    const bool rotated = !received.refreshToken.isEmpty() && received.refreshToken != m_tokens.refreshToken;
    m_tokens = tokens;
    m_accessTokenRejected = false;
    recordTokens(origin);
    setState(State::SignedIn);
    Q_EMIT tokensChanged();

    if (origin == Origin::SignIn && tokens.refreshToken.isEmpty()) {
        // The previous grant's refresh token must not bring it back, now or after a restart.
        m_secrets->remove(refreshTokenKey(), this, [](const SecretResult&) {});
    } else if (rotated && origin == Origin::SignIn) {
        storeRefreshToken(received.refreshToken, {}); // a refresh stored its own before it got here
    }
}

void TokenSession::recordTokens(Origin origin)
{
    if (m_config.grant == Grant::ClientCredentials) {
        // A service account's token does not outlive a restart: nothing to remember.
        if (m_stored.status != StoredSignIn::Status::Nothing)
            m_secrets->remove(signInRecordKey(m_environmentId), this, [](const SecretResult&) {});
        m_stored = {StoredSignIn::Status::Nothing, std::nullopt, {}};
        return;
    }
    const SignInRecord record = origin == Origin::Refresh && m_stored.record
        ? m_stored.record->continuedWith(m_tokens)
        : SignInRecord::of(m_tokens, origin == Origin::SignIn ? now() : QDateTime());
    m_stored.status = m_tokens.refreshToken.isEmpty() ? StoredSignIn::Status::NoRefreshToken
                                                      : StoredSignIn::Status::RefreshTokenStored;
    if (m_stored.record == record)
        return;
    m_stored.record = record;
    // Its failure needs no word of its own: the refresh token's write reports the keychain's problem.
    m_secrets->write(signInRecordKey(m_environmentId), record.toJson(), this, [](const SecretResult&) {});
}

void TokenSession::noteRefreshTokenRefused()
{
    SignInRecord record = m_stored.record.value_or(SignInRecord());
    record.refreshToken = SignInRecord::RefreshToken::Refused;
    record.refusedAt = now();
    m_stored = {StoredSignIn::Status::NoRefreshToken, record, {}};
    m_secrets->write(signInRecordKey(m_environmentId), record.toJson(), this, [](const SecretResult&) {});
    Q_EMIT tokensChanged();
}

void TokenSession::refresh()
{
    // One refresh at a time: a second one would present the same (possibly rotated) refresh token twice,
    // which a server may answer by revoking the whole grant (RFC 9700 §4.14.2).
    if (m_refreshInFlight)
        return;
    m_refreshInFlight = true;
    if (m_state != State::SigningIn)
        setState(State::Refreshing);
    if (m_config.grant == Grant::ClientCredentials) {
        renewClientToken();
        return;
    }
    if (!m_tokens.refreshToken.isEmpty()) {
        refreshWith(m_tokens.refreshToken);
        return;
    }
    const quint64 generation = m_generation;
    m_secrets->read(refreshTokenKey(), this, [this, generation](const SecretResult& result) {
        if (generation != m_generation)
            return;
        if (result.ok() && !result.value.isEmpty()) {
            refreshWithStoredToken(result.value, generation);
            return;
        }
        if (result.status == SecretResult::Status::NotFound) {
            if (m_stored.status == StoredSignIn::Status::RefreshTokenStored)
                m_stored.status = StoredSignIn::Status::Nothing; // removed behind our back
            finishRefresh(notSignedIn(m_config, m_stored.record, m_tokens.hasAccessToken()));
            return;
        }
        finishRefresh({tr("The refresh token could not be read from the keychain"), result.message,
            tr("Unlock the keychain and try again, or sign in again.")});
    });
}

void TokenSession::refreshWith(const QString& refreshToken)
{
    const quint64 generation = m_generation;
    withClientSecret([this, refreshToken, generation](const QString& secret, const Error& error) {
        if (generation != m_generation)
            return;
        if (!error.isNull()) {
            finishRefresh(error);
            return;
        }
        m_tokenClient->refresh(m_config, secret, refreshToken, this,
            [this, refreshToken, generation](const TokenOutcome& outcome) {
                if (generation != m_generation)
                    return; // forgotten, signed in again or moved to another provider meanwhile
                if (outcome.ok()) {
                    checkRefreshedTokens(*outcome.tokens, generation);
                    return;
                }
                Error failure = outcome.error;
                if (outcome.error.code == QLatin1String("invalid_grant")) {
                    // The refresh token is dead (revoked, expired, session ended, or a rotated one reused):
                    // forget it so the next attempt is a sign-in, not a loop of failing refreshes.
                    failure.hint = tr(
                        "The refresh token was revoked, has expired, or was already used. Sign in again.");
                    if (m_tokens.refreshToken == refreshToken) {
                        m_tokens.refreshToken.clear();
                        m_secrets->remove(refreshTokenKey(), this, [](const SecretResult&) {});
                        noteRefreshTokenRefused();
                    }
                }
                finishRefresh(failure);
            });
    });
}

void TokenSession::renewClientToken()
{
    const quint64 generation = m_generation;
    withClientSecret([this, generation](const QString& secret, const Error& error) {
        if (generation != m_generation)
            return;
        if (!error.isNull()) {
            finishRefresh(error);
            return;
        }
        m_tokenClient->requestClientCredentials(
            m_config, secret, this, [this, generation](const TokenOutcome& outcome) {
                if (generation != m_generation)
                    return; // forgotten, signed in again or moved to another provider meanwhile
                if (outcome.ok()) {
                    acceptTokens(*outcome.tokens, Origin::SignIn); // a new grant each time (RFC 6749 §4.4)
                    finishRefresh({});
                    return;
                }
                finishRefresh(outcome.error);
            });
    });
}

void TokenSession::finishRefresh(const Error& error)
{
    m_refreshInFlight = false;
    setState(signingIn() ? State::SigningIn : restingState());
    Q_EMIT refreshFinished(error);
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter& waiter : waiters) {
        if (!waiter.context)
            continue;
        if (error.isNull())
            waiter.handler({m_tokens.tokenType, m_tokens.accessToken}, {});
        else
            waiter.handler({}, error);
    }
}

void TokenSession::withAccessToken(QObject* context, Handler handler)
{
    if (m_tokens.hasAccessToken() && !m_accessTokenRejected && !m_tokens.isExpired(now(), m_refreshMargin)) {
        handler({m_tokens.tokenType, m_tokens.accessToken}, {});
        return;
    }
    // Every caller waits for the same refresh: one token request per environment, however many ask.
    if (m_refreshInFlight) {
        m_waiters.append({context, std::move(handler)});
        return;
    }
    if (m_state == State::SigningIn) {
        handler({}, {tr("A sign-in is in progress"), {}, tr("Finish signing in, then send again.")});
        return;
    }
    m_waiters.append({context, std::move(handler)});
    refresh();
}

void TokenSession::forget()
{
    cancelSignIn();
    discardTokens(tr("The tokens were forgotten"));
    m_secrets->remove(signInRecordKey(m_environmentId), this, [](const SecretResult&) {});
    m_secrets->remove(refreshTokenKey(), this, [this](const SecretResult& result) {
        if (!result.ok()) {
            Q_EMIT secretStorageProblem(
                {tr("The refresh token could not be removed from the keychain"), result.message,
                    tr("Remove the entry “%1” by hand in your keychain.").arg(refreshTokenKey())});
        }
    });
}

void TokenSession::checkRefreshedTokens(const TokenSet& tokens, quint64 generation)
{
    if (tokens.idToken.isEmpty()) {
        // OIDC Core §12.2: a refresh need not return an ID token; the sign-in's one still says who this
        // is (and is what a later refreshed ID token or UserInfo answer is compared with).
        TokenSet kept = tokens;
        kept.idToken = m_tokens.idToken;
        keepRefreshedTokens(kept, generation);
        return;
    }
    checkRefreshedIdToken(m_jwksClient, m_config, m_tokens.idToken, tokens.idToken, m_log, this,
        [this, tokens, generation](const Error& refusal) {
            if (generation != m_generation)
                return; // forgotten, signed in again or moved to another provider meanwhile
            if (refusal.isNull()) {
                keepRefreshedTokens(tokens, generation);
                return;
            }
            // Nothing from this response is kept: not its access token, not its refresh token.
            if (m_log)
                m_log->failure(failureLine(refusal));
            finishRefresh({refusal.summary, refusal.detail,
                tr("The tokens from this refresh were discarded. Sign in again; if it persists, the provider "
                   "is issuing tokens for another user or client.")});
        });
}

} // namespace Tokenscope::OAuth
