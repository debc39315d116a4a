#pragma once

#include "accesstokenprovider.h"
#include "clientconfig.h"
#include "storedsignin.h"
#include "tokenset.h"

#include <QObject>
#include <QPointer>

#include <chrono>
#include <functional>

namespace Tokenscope::Http {
class FlowLog;
}
namespace Tokenscope::Secrets {
class SecretStore;
}

namespace Tokenscope::OAuth {

class JwksClient;
class LoginAgent;
class SignInFlow;
class TokenClient;

// The tokens of one environment and everything that keeps them current: sign-in (one flow at a time,
// for the environment's grant), refresh (one at a time, however many requests ask), the refresh token in
// the keychain. Access tokens stay in memory. What else the provider offers for them is ProviderActions.
class TokenSession final
    : public QObject
    , public Http::AccessTokenProvider
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenSession)

public:
    enum class State { SignedOut, SigningIn, Refreshing, SignedIn };
    Q_ENUM(State)
    using Clock = std::function<QDateTime()>;

    // secrets, tokenClient and jwksClient are not owned and must outlive the session.
    TokenSession(const QString& environmentId, const ClientConfig& config, Secrets::SecretStore* secrets,
        TokenClient* tokenClient, JwksClient* jwksClient, Http::FlowLog* log, QObject* parent = nullptr);
    ~TokenSession() override;

    void setConfig(const ClientConfig& config);
    const ClientConfig& config() const { return m_config; }
    void setClock(Clock clock) { m_clock = std::move(clock); }
    // Refresh this long before expiry, so a request never leaves with a token about to lapse.
    void setRefreshMargin(int seconds) { m_refreshMargin = seconds; }
    // For tests: how long one second of the device flow's poll interval lasts (see
    // DeviceAuthorizationFlow::setSecondLength).
    void setDeviceFlowSecondLength(std::chrono::milliseconds length) { m_deviceSecondLength = length; }

    QString environmentId() const { return m_environmentId; }
    // Where the session keeps its refresh token and reads the client secret, and where it records.
    Secrets::SecretStore* secretStore() const { return m_secrets; }
    Http::FlowLog* flowLog() const;
    State state() const { return m_state; }
    const TokenSet& tokens() const { return m_tokens; }
    bool hasValidAccessToken() const;
    // What the keychain holds of the last sign-in, read when the session starts and kept current: a
    // refresh token or not, who signed in and when, why there is no refresh token.
    const StoredSignIn& storedSignIn() const { return m_stored; }
    // Whether Refresh Token can do anything now: there is a refresh token in memory or in the keychain
    // (after a restart), or the keychain could not be read and is worth asking again.
    bool canRefresh() const;
    // Who the tokens are for, as a person would say it: the ID token's preferred_username, email or name;
    // else the name recorded at sign-in for the same subject (a refreshed ID token often has only the
    // sub); else the sub. Empty when nothing names anyone.
    QString displayName() const;
    // What the user should know about the last sign-in's tokens: no refresh token, scopes not granted.
    // Null when there is nothing to say.
    Error signInWarning() const;

    enum class SignInMode {
        Normal,
        // "Sign in as someone else": the provider must ask for credentials again even when its session
        // cookie would sign the same user in silently (OIDC Core §3.1.2.1 prompt=login, max_age=0).
        FreshLogin,
    };
    // Where the code flow shows the provider's page; asked only by a flow that needs one, when it is
    // created. Null: there is none (the sign-in fails).
    using LoginAgentSource = std::function<LoginAgent*()>;
    // Gets tokens the way config().grant says: the authorization code flow through a login agent;
    // client credentials straight from the token endpoint; or the device flow, which emits
    // deviceCodeReady for the user. A sign-in still under way is cancelled first. The agent and mode are
    // only for the code flow. Ends with signInFinished.
    void signIn(LoginAgentSource agentSource, SignInMode mode = SignInMode::Normal);
    // The same with this agent, which must outlive the sign-in.
    void signIn(LoginAgent* agent, SignInMode mode = SignInMode::Normal);
    void cancelSignIn();
    // Refreshes with the refresh token held in memory, or read from the keychain after a restart. With
    // client credentials there is no refresh token: a new token is requested (RFC 6749 §4.4.3).
    void refresh();
    // Drops the tokens from memory, and the refresh token and the sign-in record from the keychain.
    void forget();

    void withAccessToken(QObject* context, Handler handler) override;
    void rejectAccessToken(const Token& token) override;

Q_SIGNALS:
    void stateChanged(Tokenscope::OAuth::TokenSession::State state);
    void tokensChanged();
    // The flow of a sign-in, about to start: watch it for its progress (the device flow's user code).
    // The session owns it and deletes it after it has ended.
    void signInStarted(Tokenscope::OAuth::SignInFlow* flow);
    void signInFinished(const Tokenscope::Error& error); // null error: success
    void refreshFinished(const Tokenscope::Error& error);
    // The keychain refused a write or read; the message says what it means for the user.
    void secretStorageProblem(const Tokenscope::Error& error);
    // Device flow: show the user this code and where to enter it, until expiresAt.
    void deviceCodeReady(const QString& userCode, const QUrl& verificationUri,
        const QUrl& verificationUriComplete, const QDateTime& expiresAt);

private:
    void setState(State state);
    // The one place a grant becomes a flow; null with error set when it cannot start.
    SignInFlow* createFlow(
        const QString& clientSecret, const LoginAgentSource& agentSource, SignInMode mode, Error* error);
    void watchFlow(SignInFlow* flow);
    void endFlow(SignInFlow* flow);
    void renewClientToken();
    bool signingIn() const { return !m_flow.isNull() || m_readingSecret; }
    void withClientSecret(std::function<void(const QString& secret, const Error& error)> next);
    enum class Origin { SignIn, Refresh };
    void acceptTokens(const TokenSet& tokens, Origin origin);
    void restoreStoredSignIn();
    void recordTokens(Origin origin);
    void noteRefreshTokenRefused();
    void refreshWith(const QString& refreshToken);
    void finishRefresh(const Error& error);
    void checkRefreshedTokens(const TokenSet& tokens, quint64 generation);
    // Writes the refresh token to the keychain and runs then (if any) when the keychain has answered;
    // a refusal is reported, the token stays in memory.
    void storeRefreshToken(const QString& refreshToken, std::function<void()> then);
    // The tokens of a successful refresh; a rotated refresh token reaches the keychain before the new
    // access token reaches anyone.
    void keepRefreshedTokens(const TokenSet& tokens, quint64 generation);
    // A refresh token read from the keychain after a restart is used only with the token endpoint and
    // client it was issued for.
    void refreshWithStoredToken(const QString& refreshToken, quint64 generation);
    void discardTokens(const QString& reason);
    State restingState() const;
    QString refreshTokenKey() const;
    QDateTime now() const { return m_clock(); }

    QString m_environmentId;
    ClientConfig m_config;
    Secrets::SecretStore* m_secrets;
    TokenClient* m_tokenClient;
    JwksClient* m_jwksClient;
    QPointer<Http::FlowLog> m_log;
    Clock m_clock;
    int m_refreshMargin = 30;
    State m_state = State::SignedOut;
    TokenSet m_tokens;
    StoredSignIn m_stored;
    bool m_accessTokenRejected = false; // the API said invalid_token: refresh before the next use
    bool m_refreshInFlight = false; // the single-flight guard, independent of the displayed state
    quint64 m_generation = 0; // bumped when tokens are replaced or dropped; stale results are ignored
    quint64 m_signInAttempt = 0;
    bool m_readingSecret = false; // a sign-in waits for the client secret before its flow starts
    QPointer<SignInFlow> m_flow; // the sign-in under way
    std::chrono::milliseconds m_deviceSecondLength {1000};
    struct Waiter
    {
        QPointer<QObject> context;
        Handler handler;
    };
    QList<Waiter> m_waiters; // requests waiting for the refresh in flight
};

} // namespace Tokenscope::OAuth
