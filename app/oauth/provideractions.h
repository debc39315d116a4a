#pragma once

#include "error.h"
#include "tokenendpoints.h"

#include <QObject>
#include <QUrl>

#include <optional>

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

    // Revokes the refresh token (also the one only in the keychain), then the access token, at the
    // provider (RFC 7009), and then forgets the tokens in the session whatever the provider said: the
    // keychain entry goes either way. revocationFinished reports what the provider did.
    void revokeAndForget();
    // Asks the introspection endpoint about the current access token (RFC 7662).
    void introspect(QObject* context, TokenEndpoints::IntrospectionHandler handler);
    // The same about the refresh token held in memory: an opaque token only the provider can read.
    void introspectRefreshToken(QObject* context, TokenEndpoints::IntrospectionHandler handler);
    // The same about a token from elsewhere (pasted by the user), with this environment's client: only
    // this provider can say what its opaque tokens mean.
    void introspectToken(
        const QString& token, QObject* context, TokenEndpoints::IntrospectionHandler handler);
    // Fetches the UserInfo claims with the access token (refreshed first when needed, and once more when
    // the endpoint answers invalid_token, RFC 6750 §3.1); their sub must equal the ID token's (OIDC Core
    // §5.3.2).
    void fetchUserInfo(QObject* context, TokenEndpoints::UserInfoHandler handler);
    // The RP-initiated logout URL for the current ID token; invalid without an end-session endpoint.
    QUrl endSessionUrl(const QUrl& postLogoutRedirectUri = {}, const QString& state = {}) const;
    // A resource server's 401 to the current access token after introspection called that token active
    // (RFC 7662 §2.2): the token is not expired or revoked, so the refusal is the API's own (its scheme,
    // audience or policy). Null in every other case.
    Error refusalOfActiveToken(const Http::HttpResponse& response) const;

Q_SIGNALS:
    // The answer of revokeAndForget; the tokens are gone here either way. A null error: revoked, and
    // done says what in a sentence for the status bar.
    void revocationFinished(const Tokenscope::Error& error, const QString& done);

private:
    using TokenHint = TokenEndpoints::TokenHint;
    struct Revocation
    {
        QString token;
        TokenHint hint;
    };
    void introspectHeld(TokenHint hint, QObject* context, TokenEndpoints::IntrospectionHandler handler);
    // hint: which of the session's tokens it is; nullopt for a token from elsewhere.
    void introspectOne(const QString& token, std::optional<TokenHint> hint, QObject* context,
        TokenEndpoints::IntrospectionHandler handler);
    void revokeThenForget(const QString& refreshToken, const QString& accessToken);
    void revokeEach(const ClientConfig& config, const QString& secret, QList<Revocation> pending,
        const QList<TokenHint>& revoked);
    void forgetAndReport(const Error& error, const QString& done);
    void fetchUserInfoOnce(QObject* context, TokenEndpoints::UserInfoHandler handler, bool retried);
    void withClientSecret(std::function<void(const QString& secret, const Error& error)> next);

    TokenSession* m_session;
    TokenEndpoints* m_endpoints;
    QString m_activeAccessToken; // the access token introspection last called active
};

} // namespace Tokenscope::OAuth
