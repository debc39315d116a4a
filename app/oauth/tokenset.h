#pragma once

#include "error.h"
#include "httpmessage.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace Tokenscope::OAuth {

// The tokens of one environment as the provider issued them. Access and ID tokens live only in memory;
// the refresh token is persisted through the SecretStore, never in a file of ours.
struct TokenSet
{
    QString accessToken;
    QString tokenType; // as sent; compared case-insensitively (RFC 6749 §7.1)
    QString refreshToken;
    QString idToken;
    QString requestedScope;
    // When the response has none (RFC 6749 §5.1): for a new grant the requested one, for a refresh the
    // one granted before (continuedWith).
    QString grantedScope;
    bool scopeFromResponse = false;
    QDateTime issuedAt;
    QDateTime expiresAt; // invalid when neither expires_in nor a JWT exp tells
    std::optional<QDateTime> refreshExpiresAt; // Keycloak's refresh_expires_in

    bool hasAccessToken() const { return !accessToken.isEmpty(); }
    // Expired, or within margin of expiring. An unknown expiry is not "forever": it counts as valid
    // until the API answers invalid_token.
    bool isExpired(const QDateTime& now, int marginSeconds = 0) const;
    QStringList grantedScopes() const;
    // Scopes asked for but not granted (RFC 6749 §3.3: the server may narrow the request).
    QStringList missingScopes() const;
    // This grant after a refresh answered with these tokens: RFC 6749 §6 keeps the refresh token the
    // response does not replace, and the scopes granted before when it states none (§5.1); the requested
    // scope stays the sign-in's.
    TokenSet continuedWith(const TokenSet& refreshed) const;
};

struct TokenOutcome
{
    std::optional<TokenSet> tokens;
    Error error; // code: the provider's `error`, or ours ("non_json", "missing_access_token", …)

    bool ok() const { return error.isNull(); }
};

// Reads a token endpoint response (RFC 6749 §5.1, §5.2) with every check a client owes the server.
TokenOutcome parseTokenResponse(
    const Http::HttpResponse& response, const QString& requestedScope, const QDateTime& receivedAt);

} // namespace Tokenscope::OAuth
