#include "provideractions.h"

#include "clientsecret.h"
#include "endpointanswer.h"
#include "flowlog.h"
#include "jwt.h"
#include "providererrors.h"
#include "secretbinding.h"
#include "secretstore.h"
#include "tokensession.h"

#include <QCoreApplication>
#include <QTimer>

namespace Tokenscope::OAuth {

namespace {

// The token session's translation context: these lines were its own before the actions had a class.
class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::TokenSession)
};

// The same failure with this layer's code (the caller branches on it, the user reads the rest).
Error withCode(const Error& error, const QString& code)
{
    return {error.summary, error.detail, error.hint, code};
}

QString untilTheyExpire()
{
    return Text::tr(
        "They stay valid until they expire, unless you end the grant at the provider (for example "
        "in your account's app or session settings).");
}

// Nothing was revoked: the user must know the tokens still work for whoever holds a copy.
Error stillValid(const QString& detail, const QString& hint)
{
    return {Text::tr("The tokens were forgotten here but not revoked: they are still valid at the provider"),
        detail, hint.isEmpty() ? untilTheyExpire() : hint + u' ' + untilTheyExpire()};
}

QString describe(const Error& error)
{
    return error.detail.isEmpty() ? error.summary : error.summary + u'\n' + error.detail;
}

} // namespace

ProviderActions::ProviderActions(TokenSession* session, TokenEndpoints* endpoints)
    : QObject(session)
    , m_session(session)
    , m_endpoints(endpoints)
{
    Q_ASSERT(m_session);
}

ProviderActions::~ProviderActions() = default;

void ProviderActions::withClientSecret(std::function<void(const QString&, const Error&)> next)
{
    readClientSecret(
        m_session->secretStore(), m_session->environmentId(), m_session->config(), this, std::move(next));
}

void ProviderActions::revokeAndForget()
{
    // Copies: forgetting clears the session's own, and they are needed after that.
    const QString accessToken = m_session->tokens().accessToken;
    const QString refreshToken = m_session->tokens().refreshToken;
    if (!refreshToken.isEmpty()) {
        revokeThenForget(refreshToken, accessToken);
        return;
    }
    // After a restart the refresh token is only in the keychain: revoke that one too.
    // Revoked only at the provider it was issued by: another one's revocation endpoint would receive it.
    const QString key = refreshTokenKey(m_session->environmentId());
    m_session->secretStore()->read(key, this, [this, key, accessToken](const Secrets::SecretResult& result) {
        if (!result.ok()) {
            revokeThenForget({}, accessToken);
            return;
        }
        checkSecretBinding(m_session->secretStore(), key, m_session->config(), this,
            [this, accessToken, refreshToken = result.value](const BindingCheck& check) {
                revokeThenForget(check.ok() ? refreshToken : QString(), accessToken);
            });
    });
}

void ProviderActions::revokeThenForget(const QString& refreshToken, const QString& accessToken)
{
    // Revoked before they are forgotten, and forgotten whatever the provider answers (RFC 7009 §2.2.1
    // even allows "not now"): a token the user wants gone is not used here again.
    const ClientConfig config = m_session->config();
    if (!m_endpoints || config.revocationEndpoint.isEmpty()) {
        forgetAndReport(stillValid(Text::tr("This environment has no revocation endpoint."), {}), {});
        return;
    }
    // RFC 7009 §2.1: the refresh token first, which ends the grant's access tokens at servers that
    // support it; then the access token, for the servers that end only the token they are given.
    QList<Revocation> pending;
    if (!refreshToken.isEmpty())
        pending.append({refreshToken, TokenEndpoints::TokenHint::RefreshToken});
    if (!accessToken.isEmpty())
        pending.append({accessToken, TokenEndpoints::TokenHint::AccessToken});
    if (pending.isEmpty()) {
        if (Http::FlowLog* log = m_session->flowLog())
            log->note(Text::tr("Nothing to revoke: no token in memory or in the keychain"));
        forgetAndReport({}, Text::tr("There was no token to revoke."));
        return;
    }
    withClientSecret([this, config, pending](const QString& secret, const Error& error) {
        if (!error.isNull()) {
            forgetAndReport(stillValid(error.summary, error.hint), {});
            return;
        }
        revokeEach(config, secret, pending, {});
    });
}

void ProviderActions::revokeEach(const ClientConfig& config, const QString& secret, QList<Revocation> pending,
    const QList<TokenHint>& revoked)
{
    using Hint = TokenEndpoints::TokenHint;
    if (pending.isEmpty()) {
        const bool refresh = revoked.contains(Hint::RefreshToken);
        const bool access = revoked.contains(Hint::AccessToken);
        forgetAndReport({},
            refresh && access
                ? Text::tr("Refresh and access tokens revoked at the provider and forgotten here.")
                : refresh ? Text::tr("Refresh token revoked at the provider and forgotten here.")
                          : Text::tr("Access token revoked at the provider and forgotten here."));
        return;
    }
    const Revocation next = pending.takeFirst();
    m_endpoints->revoke(config, secret, next.token, next.hint, this,
        [this, config, secret, pending, revoked, next](const RevocationOutcome& outcome) {
            Http::FlowLog* log = m_session->flowLog();
            if (outcome.ok()) {
                if (log)
                    log->note(next.hint == Hint::RefreshToken
                            ? Text::tr("Refresh token revoked at the provider")
                            : Text::tr("Access token revoked at the provider"));
                revokeEach(config, secret, pending, revoked + QList<Hint> {next.hint});
                return;
            }
            if (log)
                log->failure(failureLine(outcome.error));
            if (revoked.isEmpty()) {
                // RFC 7009 §2.2.1: the retry a 503 asks for is not possible once the tokens are forgotten.
                forgetAndReport(stillValid(describe(outcome.error),
                                    outcome.stillValid
                                        ? Text::tr("Tokenscope no longer holds them, so it cannot try again.")
                                        : outcome.error.hint),
                    {});
                return;
            }
            forgetAndReport(
                {Text::tr("The refresh token was revoked, but the access token may still be valid at "
                          "the provider"),
                    describe(outcome.error),
                    Text::tr("It stays valid until it expires, unless the provider ended it with the "
                             "refresh token. The tokens were forgotten here.")},
                {});
        });
}

void ProviderActions::forgetAndReport(const Error& error, const QString& done)
{
    m_session->forget();
    Q_EMIT revocationFinished(error, done);
}

void ProviderActions::introspect(QObject* context, TokenEndpoints::IntrospectionHandler handler)
{
    introspectHeld(TokenHint::AccessToken, context, std::move(handler));
}

void ProviderActions::introspectRefreshToken(QObject* context, TokenEndpoints::IntrospectionHandler handler)
{
    introspectHeld(TokenHint::RefreshToken, context, std::move(handler));
}

void ProviderActions::introspectToken(
    const QString& token, QObject* context, TokenEndpoints::IntrospectionHandler handler)
{
    introspectOne(token, std::nullopt, context, std::move(handler));
}

void ProviderActions::introspectHeld(
    TokenHint hint, QObject* context, TokenEndpoints::IntrospectionHandler handler)
{
    const bool access = hint == TokenHint::AccessToken;
    introspectOne(access ? m_session->tokens().accessToken : m_session->tokens().refreshToken, hint, context,
        std::move(handler));
}

void ProviderActions::introspectOne(const QString& token, std::optional<TokenHint> hint, QObject* context,
    TokenEndpoints::IntrospectionHandler handler)
{
    const bool access = hint == TokenHint::AccessToken;
    const ClientConfig config = m_session->config();
    QPointer<QObject> guard = context;
    if (token.isEmpty() || !m_endpoints) {
        const QString none = !hint ? Text::tr("There is no token to inspect")
            : access               ? Text::tr("There is no access token to inspect")
                                   : Text::tr("There is no refresh token to inspect");
        const IntrospectionOutcome outcome = token.isEmpty()
            ? failedOutcome<IntrospectionOutcome>(
                {none, {}, hint ? Text::tr("Sign in first.") : QString(), QStringLiteral("no_token")})
            : failedOutcome<IntrospectionOutcome>({Text::tr("This environment has no introspection endpoint"),
                {}, {}, QStringLiteral("no_endpoint")});
        QTimer::singleShot(0, context, [handler = std::move(handler), outcome] { handler(outcome); });
        return;
    }
    withClientSecret([this, config, token, access, guard, handler = std::move(handler)](
                         const QString& secret, const Error& error) {
        if (!guard)
            return;
        if (!error.isNull()) {
            handler(failedOutcome<IntrospectionOutcome>(withCode(error, QStringLiteral("no_client_secret"))));
            return;
        }
        QPointer<ProviderActions> self = this;
        m_endpoints->introspect(config, secret, token, guard,
            [self, token, access, handler](const IntrospectionOutcome& outcome) {
                if (self && access && outcome.ok())
                    self->m_activeAccessToken = outcome.result->active ? token : QString();
                handler(outcome);
            });
    });
}

Error ProviderActions::refusalOfActiveToken(const Http::HttpResponse& response) const
{
    if (response.status != 401 || m_activeAccessToken.isEmpty()
        || m_activeAccessToken != m_session->tokens().accessToken)
        return {};
    const QString challenge = QString::fromUtf8(response.header("www-authenticate"));
    return {Text::tr("The API refused an access token the provider calls active"),
        challenge.isEmpty()
            ? Text::tr("HTTP 401. Introspection said this token is active: it is not expired or revoked.")
            : Text::tr(
                "HTTP 401 (%1). Introspection said this token is active: it is not expired or revoked.")
                  .arg(challenge),
        Text::tr("The API applies its own rules: check the Authorization scheme it expects, the audience "
                 "(resource) its tokens must be issued for, and the scopes or roles it requires. A new token "
                 "with the same settings will not change its answer."),
        QStringLiteral("api_refused_active_token")};
}

void ProviderActions::fetchUserInfo(QObject* context, TokenEndpoints::UserInfoHandler handler)
{
    fetchUserInfoOnce(context, std::move(handler), false);
}

void ProviderActions::fetchUserInfoOnce(
    QObject* context, TokenEndpoints::UserInfoHandler handler, bool retried)
{
    QPointer<QObject> guard = context;
    m_session->withAccessToken(context,
        [this, guard, retried, handler = std::move(handler)](
            const Http::AccessTokenProvider::Token& token, const Error& error) {
            if (!guard)
                return;
            if (!error.isNull()) {
                handler(failedOutcome<UserInfoOutcome>(withCode(error, QStringLiteral("no_token"))));
                return;
            }
            if (!m_endpoints) {
                handler(failedOutcome<UserInfoOutcome>({Text::tr("This environment has no UserInfo endpoint"),
                    {}, {}, QStringLiteral("no_endpoint")}));
                return;
            }
            QString subject;
            if (const auto idToken = Jwt::decode(m_session->tokens().idToken))
                subject = idToken->payload.value(QLatin1String("sub")).toString();
            m_endpoints->userInfo(m_session->config(), token.type, token.value, subject, guard,
                [this, guard, token, retried, handler](const UserInfoOutcome& outcome) {
                    // RFC 6750 §3.1 invalid_token → one refresh and one retry, never a loop.
                    if (outcome.error.code == QLatin1String("invalid_token") && !retried && guard) {
                        if (Http::FlowLog* log = m_session->flowLog())
                            log->note(Text::tr(
                                "UserInfo answered invalid_token: refreshing the token once and retrying"));
                        m_session->rejectAccessToken(token);
                        fetchUserInfoOnce(guard, handler, true);
                        return;
                    }
                    if (outcome.httpStatus == 401 && !m_activeAccessToken.isEmpty()
                        && token.value == m_activeAccessToken) {
                        // Introspection called this very token active: the endpoint's own rules refused it.
                        handler(failedOutcome<UserInfoOutcome>(
                            {Text::tr(
                                 "The UserInfo endpoint refused an access token the provider calls active"),
                                describe(outcome.error),
                                Text::tr(
                                    "Introspection said this token is active: it is not expired or revoked. "
                                    "The endpoint may expect another Authorization scheme, or a token "
                                    "issued for it (with the openid scope, for its audience)."),
                                outcome.error.code}));
                        return;
                    }
                    handler(outcome);
                });
        });
}

QUrl ProviderActions::endSessionUrl(const QUrl& postLogoutRedirectUri, const QString& state) const
{
    return OAuth::endSessionUrl(
        m_session->config(), m_session->tokens().idToken, postLogoutRedirectUri, state);
}

} // namespace Tokenscope::OAuth
