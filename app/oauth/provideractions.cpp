#include "provideractions.h"

#include "clientsecret.h"
#include "endpointanswer.h"
#include "flowlog.h"
#include "jwt.h"
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

Error notRevoked(const QString& detail, const QString& hint)
{
    return {Text::tr("The tokens were forgotten here, but not revoked at the provider"), detail, hint};
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
    const TokenSet& tokens = m_session->tokens();
    const QString accessToken = tokens.accessToken;
    if (!tokens.refreshToken.isEmpty()) {
        revokeAndForgetWith(tokens.refreshToken, accessToken);
        return;
    }
    // After a restart the refresh token is only in the keychain: revoke that one too.
    m_session->secretStore()->read(refreshTokenKey(m_session->environmentId()), this,
        [this, accessToken](const Secrets::SecretResult& result) {
            revokeAndForgetWith(result.ok() ? result.value : QString(), accessToken);
        });
}

void ProviderActions::revokeAndForgetWith(const QString& refreshToken, const QString& accessToken)
{
    // Forgotten first and whatever the provider answers (RFC 7009 §2.2.1 even allows "not now"): a token
    // the user wants gone must not be used again here, even when the provider cannot revoke it now.
    m_session->forget();
    const ClientConfig config = m_session->config();
    if (!m_endpoints || config.revocationEndpoint.isEmpty()) {
        Q_EMIT revocationFinished(notRevoked(Text::tr("This environment has no revocation endpoint."),
            Text::tr("Use Discover in the environment to fill in the provider's endpoints.")));
        return;
    }
    const bool useRefreshToken = !refreshToken.isEmpty();
    const QString token = useRefreshToken ? refreshToken : accessToken;
    if (token.isEmpty()) {
        if (Http::FlowLog* log = m_session->flowLog())
            log->note(Text::tr("Nothing to revoke: no token in memory or in the keychain"));
        Q_EMIT revocationFinished({});
        return;
    }
    withClientSecret([this, config, token, useRefreshToken](const QString& secret, const Error& error) {
        if (!error.isNull()) {
            Q_EMIT revocationFinished(notRevoked(error.summary, error.hint));
            return;
        }
        // RFC 7009 §2.1: revoking the refresh token also ends the access tokens of the same grant at
        // servers that support it.
        m_endpoints->revoke(config, secret, token,
            useRefreshToken ? TokenEndpoints::TokenHint::RefreshToken
                            : TokenEndpoints::TokenHint::AccessToken,
            this, [this](const RevocationOutcome& outcome) { reportRevocation(outcome); });
    });
}

void ProviderActions::reportRevocation(const RevocationOutcome& outcome)
{
    if (Http::FlowLog* log = m_session->flowLog()) {
        if (outcome.ok())
            log->note(Text::tr("Token revoked at the provider"));
        else
            log->failure(outcome.error.summary);
    }
    Error report = outcome.error;
    if (outcome.stillValid) {
        // The retry RFC 7009 §2.2.1 suggests is not possible from here: the token is forgotten.
        report.hint = Text::tr("Tokenscope no longer holds the token, so it cannot retry. It stays valid at "
                               "the provider until it expires, unless you end the grant there (for example "
                               "in your account's app or session settings).");
    } else if (!report.isNull()) {
        report.hint += (report.hint.isEmpty() ? QString() : QStringLiteral(" "))
            + Text::tr("The tokens were forgotten here all the same.");
    }
    Q_EMIT revocationFinished(report);
}

void ProviderActions::introspect(QObject* context, TokenEndpoints::IntrospectionHandler handler)
{
    const QString token = m_session->tokens().accessToken;
    const ClientConfig config = m_session->config();
    QPointer<QObject> guard = context;
    if (token.isEmpty() || !m_endpoints) {
        const IntrospectionOutcome outcome = token.isEmpty()
            ? failedOutcome<IntrospectionOutcome>({Text::tr("There is no access token to inspect"), {},
                Text::tr("Sign in first."), QStringLiteral("no_token")})
            : failedOutcome<IntrospectionOutcome>({Text::tr("This environment has no introspection endpoint"),
                {}, {}, QStringLiteral("no_endpoint")});
        QTimer::singleShot(0, context, [handler = std::move(handler), outcome] { handler(outcome); });
        return;
    }
    withClientSecret([this, config, token, guard, handler = std::move(handler)](
                         const QString& secret, const Error& error) {
        if (!guard)
            return;
        if (!error.isNull()) {
            handler(failedOutcome<IntrospectionOutcome>(withCode(error, QStringLiteral("no_client_secret"))));
            return;
        }
        m_endpoints->introspect(config, secret, token, guard, handler);
    });
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
