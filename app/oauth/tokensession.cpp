#include "tokensession.h"

#include "authorizationcodeflow.h"
#include "deviceauthorizationflow.h"
#include "flowlog.h"
#include "idtoken.h"
#include "idtokenverification.h"
#include "jwksclient.h"
#include "jws.h"
#include "jwt.h"
#include "loginagent.h"
#include "secretstore.h"
#include "tokenclient.h"

#include <QJsonArray>
#include <QTimer>

namespace Tokenscope::OAuth {

using Secrets::SecretResult;

namespace {

QStringList audiences(const QJsonObject& claims)
{
    QStringList list;
    const QJsonValue aud = claims.value(QLatin1String("aud"));
    if (aud.isString())
        list << aud.toString();
    for (const QJsonValue& item : aud.toArray())
        list << item.toString();
    list.sort();
    return list;
}

QString claimText(const QJsonObject& claims, const QString& name)
{
    if (name == QLatin1String("aud"))
        return audiences(claims).join(QStringLiteral(", "));
    return claims.value(name).toString();
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
{ }

TokenSession::~TokenSession()
{
    if (m_flow)
        m_flow->cancel();
}

QString TokenSession::refreshTokenKey() const
{
    return Secrets::secretKey(m_environmentId, QStringLiteral("refresh_token"));
}

QString TokenSession::clientSecretKey() const
{
    return Secrets::secretKey(m_environmentId, QStringLiteral("client_secret"));
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
}

void TokenSession::discardTokens(const QString& reason)
{
    ++m_generation; // results of requests already under way are dropped
    if (m_refreshInFlight)
        finishRefresh({reason, {}, tr("Sign in again.")});
    m_tokens = {};
    m_accessTokenRejected = false;
    setState(signingIn() ? State::SigningIn : State::SignedOut);
    Q_EMIT tokensChanged();
}

bool TokenSession::hasValidAccessToken() const
{
    return !m_accessTokenRejected && !m_tokens.isExpired(now());
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
    if (!m_config.needsClientSecret()) {
        next({}, {});
        return;
    }
    m_secrets->read(clientSecretKey(), this, [this, next = std::move(next)](const SecretResult& result) {
        if (result.ok()) {
            next(result.value, {});
            return;
        }
        if (result.status == SecretResult::Status::NotFound) {
            // private_key_jwt keeps its PEM private key in the same keychain slot as a secret.
            if (m_config.clientAuthentication == ClientAuthentication::PrivateKeyJwt) {
                next({},
                    {tr("This environment has no private key"),
                        tr("The client authentication method private_key_jwt signs with one."),
                        tr("Import the private key (PEM) in the environment.")});
                return;
            }
            next({},
                {tr("This environment has no client secret"),
                    tr("The client authentication method %1 needs one.")
                        .arg(toString(m_config.clientAuthentication)),
                    tr("Enter the client secret in the environment, or choose “none” for a public client.")});
            return;
        }
        next({},
            {tr("The client secret could not be read from the keychain"), result.message,
                tr("Unlock the keychain and try again, or enter the secret again for this session.")});
    });
}

void TokenSession::signIn(LoginAgent* agent, SignInMode mode)
{
    if (m_flow)
        m_flow->cancel();
    if (m_deviceFlow)
        m_deviceFlow->cancel();
    if (m_clientSignIn)
        cancelSignIn();
    switch (m_config.grant) {
    case Grant::AuthorizationCode:
        signInWithCode(agent, mode);
        return;
    case Grant::ClientCredentials:
        signInAsClient();
        return;
    case Grant::DeviceCode:
        signInOnDevice();
        return;
    }
}

void TokenSession::forgetFlow(QObject* flow)
{
    if (m_flow.data() == flow)
        m_flow = nullptr;
    if (m_deviceFlow.data() == flow)
        m_deviceFlow = nullptr;
}

template<typename Flow>
void TokenSession::watchFlow(Flow* flow)
{
    connect(flow, &Flow::succeeded, this, [this, flow](const TokenSet& tokens) {
        flow->deleteLater();
        forgetFlow(flow);
        ++m_generation; // a refresh still under way belongs to the old grant
        acceptTokens(tokens);
        if (m_refreshInFlight)
            finishRefresh({}); // its waiters get the new token
        Q_EMIT signInFinished({});
    });
    connect(flow, &Flow::failed, this, [this, flow](const Error& failure) {
        flow->deleteLater();
        forgetFlow(flow);
        setState(restingState());
        Q_EMIT signInFinished(failure);
    });
    connect(flow, &Flow::cancelled, this, [this, flow] {
        flow->deleteLater();
        forgetFlow(flow);
        setState(restingState());
        Q_EMIT signInFinished({tr("Sign-in cancelled"), {}, {}});
    });
}

void TokenSession::signInWithCode(LoginAgent* agent, SignInMode mode)
{
    const quint64 attempt = ++m_signInAttempt; // a newer signIn supersedes one still reading the secret
    setState(State::SigningIn);
    withClientSecret([this, attempt, mode, agent = QPointer<LoginAgent>(agent)](
                         const QString& secret, const Error& error) {
        if (attempt != m_signInAttempt)
            return;
        if (!error.isNull() || !agent) {
            setState(restingState());
            Q_EMIT signInFinished(error.isNull() ? Error {tr("The sign-in window is gone"), {}, {}} : error);
            return;
        }
        ClientConfig config = m_config;
        if (mode == SignInMode::FreshLogin) {
            auto& extra = config.extraAuthorizationParameters;
            extra.removeIf([](const auto& parameter) {
                return parameter.first == QLatin1String("prompt")
                    || parameter.first == QLatin1String("max_age");
            });
            extra.append({QStringLiteral("prompt"), QStringLiteral("login")});
            extra.append({QStringLiteral("max_age"), QStringLiteral("0")});
        }
        auto* flow
            = new AuthorizationCodeFlow(config, secret, agent, m_tokenClient, m_jwksClient, m_log, this);
        m_flow = flow;
        watchFlow(flow);
        flow->start();
    });
}

void TokenSession::signInOnDevice()
{
    const quint64 attempt = ++m_signInAttempt;
    setState(State::SigningIn);
    withClientSecret([this, attempt](const QString& secret, const Error& error) {
        if (attempt != m_signInAttempt)
            return;
        if (!error.isNull()) {
            setState(restingState());
            Q_EMIT signInFinished(error);
            return;
        }
        auto* flow = new DeviceAuthorizationFlow(m_config, secret, m_tokenClient, m_jwksClient, m_log, this);
        flow->setClock(m_clock);
        flow->setSecondLength(m_deviceSecondLength);
        m_deviceFlow = flow;
        connect(flow, &DeviceAuthorizationFlow::userCodeReady, this, &TokenSession::deviceCodeReady);
        watchFlow(flow);
        flow->start();
    });
}

void TokenSession::signInAsClient()
{
    const quint64 attempt = ++m_signInAttempt;
    m_clientSignIn = true;
    setState(State::SigningIn);
    withClientSecret([this, attempt](const QString& secret, const Error& error) {
        if (attempt != m_signInAttempt)
            return;
        if (!error.isNull()) {
            m_clientSignIn = false;
            setState(restingState());
            Q_EMIT signInFinished(error);
            return;
        }
        if (m_log)
            m_log->note(tr("Requesting a token for the client itself (client credentials)"));
        m_tokenClient->requestClientCredentials(
            m_config, secret, this, [this, attempt](const TokenOutcome& outcome) {
                if (attempt != m_signInAttempt)
                    return; // cancelled or superseded
                m_clientSignIn = false;
                if (!outcome.ok()) {
                    if (m_log)
                        m_log->failure(outcome.error.summary);
                    setState(restingState());
                    Q_EMIT signInFinished(outcome.error);
                    return;
                }
                ++m_generation;
                acceptTokens(*outcome.tokens);
                if (m_refreshInFlight)
                    finishRefresh({});
                Q_EMIT signInFinished({});
            });
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
    if (m_flow)
        m_flow->cancel();
    if (m_deviceFlow)
        m_deviceFlow->cancel();
    if (m_clientSignIn) {
        ++m_signInAttempt; // the answer under way is dropped
        m_clientSignIn = false;
        setState(restingState());
        Q_EMIT signInFinished({tr("Sign-in cancelled"), {}, {}});
    }
}

void TokenSession::acceptTokens(const TokenSet& received)
{
    TokenSet tokens = received;
    // RFC 6749 §6: a response without a refresh token leaves the old one in force.
    if (tokens.refreshToken.isEmpty())
        tokens.refreshToken = m_tokens.refreshToken;
    if (!tokens.refreshExpiresAt && tokens.refreshToken == m_tokens.refreshToken)
        tokens.refreshExpiresAt = m_tokens.refreshExpiresAt;
    const bool rotated = !received.refreshToken.isEmpty() && received.refreshToken != m_tokens.refreshToken;
    m_tokens = tokens;
    m_accessTokenRejected = false;
    setState(State::SignedIn);
    Q_EMIT tokensChanged();

    if (rotated) {
        m_secrets->write(refreshTokenKey(), received.refreshToken, this, [this](const SecretResult& result) {
            if (result.ok()) {
                if (m_log)
                    m_log->note(tr("Refresh token saved in the keychain"));
                return;
            }
            Q_EMIT secretStorageProblem(
                {tr("The refresh token could not be saved in the keychain"), result.message,
                    tr("It is kept in memory for this session only; you will need to sign "
                       "in again after a restart. Nothing was written to disk.")});
        });
    }
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
            m_tokens.refreshToken = result.value;
            refreshWith(result.value);
            return;
        }
        if (result.status == SecretResult::Status::NotFound) {
            if (m_tokens.hasAccessToken()) {
                finishRefresh({tr("The access token has expired and there is no refresh token"),
                    tr("The provider did not issue a refresh token for this sign-in."),
                    tr("Get a new access token by signing in again.")});
            } else {
                finishRefresh({tr("Not signed in to this environment"), {},
                    tr("Click “Get New Access Token” to sign in at the provider.")});
            }
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
                    acceptTokens(*outcome.tokens);
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
        acceptTokens(kept);
        finishRefresh({});
        return;
    }
    const auto refreshed = Jwt::decode(tokens.idToken);
    const auto original = Jwt::decode(m_tokens.idToken);
    const auto reject = [this](const QString& summary, const QString& detail) {
        // Nothing from this response is kept: not its access token, not its refresh token.
        if (m_log)
            m_log->failure(summary);
        finishRefresh({summary, detail,
            tr("The tokens from this refresh were discarded. Sign in again; if it persists, the provider "
               "is issuing tokens for another user or client.")});
    };
    if (!refreshed) {
        reject(tr("The refreshed ID token is not a JWT"), {});
        return;
    }
    if (original) {
        // OIDC Core §12.2: a refreshed ID token is about the same user, from the same issuer, for the
        // same client as the original.
        for (const QString& claim :
            {QStringLiteral("iss"), QStringLiteral("sub"), QStringLiteral("aud"), QStringLiteral("azp")}) {
            const bool same = claim == QLatin1String("aud")
                ? audiences(refreshed->payload) == audiences(original->payload)
                : refreshed->payload.value(claim) == original->payload.value(claim);
            if (!same) {
                reject(tr("The refreshed ID token has another “%1” than the original").arg(claim),
                    tr("Original: “%1”; refreshed: “%2”.")
                        .arg(claimText(original->payload, claim), claimText(refreshed->payload, claim)));
                return;
            }
        }
    } else if (m_log) {
        m_log->note(tr("Refreshed ID token: no earlier ID token in this session to compare it with"));
    }
    if (!m_jwksClient) {
        reject(tr("The refreshed ID token cannot be checked"), {});
        return;
    }
    // OIDC Core §12.2: otherwise checked as at sign-in, signature and claims, by the same code (no nonce: a
    // refreshed ID token need not carry one).
    verifyIdToken(m_jwksClient, m_config, tokens.idToken, {}, m_log, this,
        [this, tokens, generation, reject](const IdTokenCheck& check) {
            if (generation != m_generation)
                return; // forgotten, signed in again or moved to another provider meanwhile
            if (!check.ok()) {
                reject(tr("The refreshed ID token was refused: %1").arg(check.error.summary),
                    check.error.detail);
                return;
            }
            acceptTokens(tokens);
            finishRefresh({});
        });
}

void TokenSession::revokeAndForget()
{
    const QString accessToken = m_tokens.accessToken;
    if (!m_tokens.refreshToken.isEmpty()) {
        revokeAndForgetWith(m_tokens.refreshToken, accessToken);
        return;
    }
    // After a restart the refresh token is only in the keychain: revoke that one too.
    m_secrets->read(refreshTokenKey(), this, [this, accessToken](const SecretResult& result) {
        revokeAndForgetWith(result.ok() ? result.value : QString(), accessToken);
    });
}

void TokenSession::revokeAndForgetWith(const QString& refreshToken, const QString& accessToken)
{
    // Forgotten first and whatever the provider answers (case 39): a token the user wants gone must not
    // be used again here, even when the provider cannot revoke it now.
    forget();
    const ClientConfig config = m_config;
    if (!m_endpoints || config.revocationEndpoint.isEmpty()) {
        Q_EMIT revocationFinished({tr("The tokens were forgotten here, but not revoked at the provider"),
            tr("This environment has no revocation endpoint."),
            tr("Use Discover in the environment to fill in the provider's endpoints.")});
        return;
    }
    const bool useRefreshToken = !refreshToken.isEmpty();
    const QString token = useRefreshToken ? refreshToken : accessToken;
    if (token.isEmpty()) {
        if (m_log)
            m_log->note(tr("Nothing to revoke: no token in memory or in the keychain"));
        Q_EMIT revocationFinished({});
        return;
    }
    withClientSecret([this, config, token, useRefreshToken](const QString& secret, const Error& error) {
        if (!error.isNull()) {
            Q_EMIT revocationFinished({tr("The tokens were forgotten here, but not revoked at the provider"),
                error.summary, error.hint});
            return;
        }
        // RFC 7009 §2.1: revoking the refresh token also ends the access tokens of the same grant at
        // servers that support it.
        m_endpoints->revoke(config, secret, token,
            useRefreshToken ? TokenEndpoints::TokenHint::RefreshToken
                            : TokenEndpoints::TokenHint::AccessToken,
            this, [this](const RevocationOutcome& outcome) {
                if (m_log) {
                    if (outcome.ok())
                        m_log->note(tr("Token revoked at the provider"));
                    else
                        m_log->failure(outcome.error.summary);
                }
                Error report = outcome.error;
                if (outcome.stillValid) {
                    // The retry RFC 7009 §2.2.1 suggests is not possible from here: the token is forgotten.
                    report.hint
                        = tr("Tokenscope no longer holds the token, so it cannot retry. It stays valid at "
                             "the provider until it expires, unless you end the grant there (for example "
                             "in your account's app or session settings).");
                } else if (!report.isNull()) {
                    report.hint += (report.hint.isEmpty() ? QString() : QStringLiteral(" "))
                        + tr("The tokens were forgotten here all the same.");
                }
                Q_EMIT revocationFinished(report);
            });
    });
}

void TokenSession::introspect(QObject* context, TokenEndpoints::IntrospectionHandler handler)
{
    const QString token = m_tokens.accessToken;
    const ClientConfig config = m_config;
    QPointer<QObject> guard = context;
    if (token.isEmpty() || !m_endpoints) {
        IntrospectionOutcome outcome;
        outcome.error = token.isEmpty() ? Error {tr("There is no access token to inspect"), {},
                            tr("Sign in first."), QStringLiteral("no_token")}
                                        : Error {tr("This environment has no introspection endpoint"), {}, {},
                                            QStringLiteral("no_endpoint")};
        QTimer::singleShot(0, context, [handler = std::move(handler), outcome] { handler(outcome); });
        return;
    }
    withClientSecret([this, config, token, guard, handler = std::move(handler)](
                         const QString& secret, const Error& error) {
        if (!guard)
            return;
        if (!error.isNull()) {
            IntrospectionOutcome outcome;
            outcome.error = error;
            outcome.error.code = QStringLiteral("no_client_secret");
            handler(outcome);
            return;
        }
        m_endpoints->introspect(config, secret, token, guard, handler);
    });
}

void TokenSession::fetchUserInfo(QObject* context, TokenEndpoints::UserInfoHandler handler)
{
    fetchUserInfoOnce(context, std::move(handler), false);
}

void TokenSession::fetchUserInfoOnce(QObject* context, TokenEndpoints::UserInfoHandler handler, bool retried)
{
    QPointer<QObject> guard = context;
    withAccessToken(context,
        [this, guard, retried, handler = std::move(handler)](const Token& token, const Error& error) {
            if (!guard)
                return;
            if (!error.isNull()) {
                UserInfoOutcome outcome;
                outcome.error = error;
                outcome.error.code = QStringLiteral("no_token");
                handler(outcome);
                return;
            }
            QString subject;
            if (const auto idToken = Jwt::decode(m_tokens.idToken))
                subject = idToken->payload.value(QLatin1String("sub")).toString();
            if (!m_endpoints) {
                UserInfoOutcome outcome;
                outcome.error = {
                    tr("This environment has no UserInfo endpoint"), {}, {}, QStringLiteral("no_endpoint")};
                handler(outcome);
                return;
            }
            m_endpoints->userInfo(m_config, token.type, token.value, subject, guard,
                [this, guard, token, retried, handler](const UserInfoOutcome& outcome) {
                    // Case 38: invalid_token → one refresh and one retry, never a loop.
                    if (outcome.error.code == QLatin1String("invalid_token") && !retried && guard) {
                        if (m_log)
                            m_log->note(tr(
                                "UserInfo answered invalid_token: refreshing the token once and retrying"));
                        rejectAccessToken(token);
                        fetchUserInfoOnce(guard, handler, true);
                        return;
                    }
                    handler(outcome);
                });
        });
}

QUrl TokenSession::endSessionUrl(const QUrl& postLogoutRedirectUri, const QString& state) const
{
    return OAuth::endSessionUrl(m_config, m_tokens.idToken, postLogoutRedirectUri, state);
}

} // namespace Tokenscope::OAuth
