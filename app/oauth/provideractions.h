#pragma once

#include "error.h"
#include "tokenendpoints.h"

#include <QObject>
#include <QUrl>

namespace Tokenscope::OAuth {

class TokenSession;

// What a provider offers for the tokens of one session besides getting and refreshing them:
// revocation (RFC 7009), introspection (RFC 7662), UserInfo (OIDC Core §5.3) and the RP-initiated
// logout URL. The session's child: it lives as long as the session.
class ProviderActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderActions)

public:
    // endpoints (may be null: every call then fails with "no_endpoint") is not owned and must outlive
    // the session. The keychain and the flow log are the session's.
    ProviderActions(TokenSession* session, TokenEndpoints* endpoints);
    ~ProviderActions() override;

    // Revokes the refresh token (else the access token) at the provider (RFC 7009) and forgets the tokens
    // in the session whatever the provider says: the keychain entry goes either way.
    // revocationFinished reports the provider's answer.
    void revokeAndForget();
    // Asks the introspection endpoint about the current access token (RFC 7662).
    void introspect(QObject* context, TokenEndpoints::IntrospectionHandler handler);
    // Fetches the UserInfo claims with the access token (refreshed first when needed, and once more when
    // the endpoint answers invalid_token, RFC 6750 §3.1); their sub must equal the ID token's (OIDC Core
    // §5.3.2).
    void fetchUserInfo(QObject* context, TokenEndpoints::UserInfoHandler handler);
    // The RP-initiated logout URL for the current ID token; invalid without an end-session endpoint.
    QUrl endSessionUrl(const QUrl& postLogoutRedirectUri = {}, const QString& state = {}) const;

Q_SIGNALS:
    // The answer of revokeAndForget (null error: revoked, or nothing to revoke); the tokens are gone.
    void revocationFinished(const Tokenscope::Error& error);

private:
    void revokeAndForgetWith(const QString& refreshToken, const QString& accessToken);
    void reportRevocation(const RevocationOutcome& outcome);
    void fetchUserInfoOnce(QObject* context, TokenEndpoints::UserInfoHandler handler, bool retried);
    void withClientSecret(std::function<void(const QString& secret, const Error& error)> next);

    TokenSession* m_session;
    TokenEndpoints* m_endpoints;
};

} // namespace Tokenscope::OAuth
