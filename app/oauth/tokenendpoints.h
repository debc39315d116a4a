#pragma once

#include "clientconfig.h"
#include "error.h"
#include "httpmessage.h"

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <functional>
#include <optional>

namespace Tokenscope::Http {
class NetworkClient;
}

namespace Tokenscope::OAuth {

class JwksClient;

// The answer of a revocation endpoint (RFC 7009 §2.2).
struct RevocationOutcome
{
    // Null on success (HTTP 200, also for a token the server does not know). Its code: the provider's
    // `error` ("unsupported_token_type", "invalid_client", …) or ours: "unavailable" (503: the token is
    // still valid), "no_endpoint", "client_assertion", or one of EndpointAnswer's ("timeout", "network",
    // "redirect", "http_error", …).
    Error error;
    bool stillValid = false; // the server said 503: the token was not revoked, try again later

    bool ok() const { return error.isNull(); }
};

RevocationOutcome interpretRevocationResponse(const Http::HttpResponse& response);

// What an introspection endpoint says about a token (RFC 7662 §2.2). Only active == true means the
// token is usable; every other member is informational and may be missing.
struct IntrospectionResult
{
    bool active = false;
    QString scope;
    QString clientId;
    QString username;
    QString tokenType;
    QDateTime expiresAt; // exp
    QDateTime issuedAt; // iat
    QDateTime notBefore; // nbf
    QString subject; // sub
    QStringList audiences; // aud, a string or an array
    QString issuer; // iss
    QString jwtId; // jti
    QJsonObject claims; // the whole answer, for display
};

struct IntrospectionOutcome
{
    std::optional<IntrospectionResult> result; // active == false is a result, not an error
    // Null on success. Its code: the provider's `error` or: "not_authorized" (401/403: this client may
    // not introspect), "missing_active", "no_endpoint", "no_token", "client_assertion", or one of
    // EndpointAnswer's ("non_json", "http_error", "network", "timeout", "redirect", …).
    Error error;

    bool ok() const { return error.isNull(); }
};

IntrospectionOutcome interpretIntrospectionResponse(const Http::HttpResponse& response);

// The claims about the signed-in user from the UserInfo endpoint (OIDC Core §5.3).
struct UserInfoOutcome
{
    std::optional<QJsonObject> claims;
    // Null on success. Its code: "userinfo-bad-sub" (docs/oauth-client-rules.md case 37: sub differs from the
    // ID token's), "missing-sub", "invalid_token" / "insufficient_scope" (the Bearer challenge), "non_json",
    // "encrypted_response" (a JWE: not supported), "bad-sig" and other signature cases, "no_endpoint",
    // or one of EndpointAnswer's ("http_error", "network", "timeout", "redirect", …).
    Error error;
    enum class Signature {
        None, // a plain JSON answer (the usual case)
        Verified, // an application/jwt answer whose signature checked out against the provider's JWKS
        NotVerified, // an application/jwt answer that could not be checked (no JWKS URI)
    };
    Signature signature = Signature::None;
    bool subjectChecked = false; // compared with the ID token's sub (false: there was no ID token)
    int httpStatus = 0; // the endpoint's HTTP status; 0 when it did not answer

    bool ok() const { return error.isNull(); }
};

// Reads a UserInfo response. expectedSubject: the ID token's sub (OIDC Core §5.3.2); empty: not checked.
// A signed (application/jwt) answer is decoded; its signature is not checked here (see TokenEndpoints).
UserInfoOutcome interpretUserInfoResponse(const Http::HttpResponse& response, const QString& expectedSubject);

// The RP-initiated logout URL (OpenID Connect RP-Initiated Logout 1.0 §2): end_session_endpoint with
// id_token_hint, client_id, post_logout_redirect_uri (when given) and state (when given). Invalid when
// the configuration has no end-session endpoint.
QUrl endSessionUrl(const ClientConfig& config, const QString& idTokenHint, const QUrl& postLogoutRedirectUri,
    const QString& state);

// Talks to a provider's token revocation, introspection and UserInfo endpoints, with the same client
// authentication as the token endpoint (revocation and introspection) or the access token (UserInfo).
class TokenEndpoints final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenEndpoints)

public:
    enum class TokenHint { RefreshToken, AccessToken };
    using RevocationHandler = std::function<void(const RevocationOutcome&)>;
    using IntrospectionHandler = std::function<void(const IntrospectionOutcome&)>;
    using UserInfoHandler = std::function<void(const UserInfoOutcome&)>;

    // jwksClient (may be null: signed UserInfo answers are then reported as not verified) is not owned.
    explicit TokenEndpoints(Http::NetworkClient* network, JwksClient* jwksClient, QObject* parent = nullptr);

    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    // Each calls handler exactly once on the thread of context, never before returning.
    void revoke(const ClientConfig& config, const QString& clientSecret, const QString& token, TokenHint hint,
        QObject* context, RevocationHandler handler);
    void introspect(const ClientConfig& config, const QString& clientSecret, const QString& token,
        QObject* context, IntrospectionHandler handler);
    // expectedSubject: the ID token's sub; empty when there is no ID token.
    void userInfo(const ClientConfig& config, const QString& tokenType, const QString& accessToken,
        const QString& expectedSubject, QObject* context, UserInfoHandler handler);

private:
    // A form POST with the client's authentication (revocation, introspection); onRefused instead when
    // the credential cannot be used, and nothing is sent.
    void postForm(const QUrl& endpoint, const ClientConfig& config, const QString& clientSecret,
        QList<QPair<QString, QString>> fields, const QString& purpose, QObject* context,
        std::function<void(const Http::HttpResponse&)> onResponse,
        std::function<void(const Error&)> onRefused);
    void verifyUserInfo(const ClientConfig& config, const QString& jwt, UserInfoOutcome outcome,
        QObject* context, const UserInfoHandler& handler);

    Http::NetworkClient* m_network;
    JwksClient* m_jwksClient;
    std::chrono::milliseconds m_timeout {30000};
};

} // namespace Tokenscope::OAuth
