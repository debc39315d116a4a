#include "tokenset.h"

#include "endpointanswer.h"
#include "jwt.h"
#include "numericdate.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::TokenResponse)
};

// RFC 6749 §5.1 expires_in, and Keycloak's refresh_expires_in: at most about three centuries.
constexpr qint64 lifetimeLimit = 10000000000;

bool isAbsent(const QJsonValue& value)
{
    return value.isUndefined() || value.isNull();
}

} // namespace

bool TokenSet::isExpired(const QDateTime& now, int marginSeconds) const
{
    if (accessToken.isEmpty())
        return true;
    return expiresAt.isValid() && now.addSecs(marginSeconds) >= expiresAt;
}

QStringList TokenSet::grantedScopes() const
{
    return grantedScope.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

QStringList TokenSet::missingScopes() const
{
    QStringList missing;
    const QStringList granted = grantedScopes();
    for (const QString& scope : requestedScope.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!granted.contains(scope))
            missing.append(scope);
    }
    return missing;
}

TokenSet TokenSet::continuedWith(const TokenSet& refreshed) const
{
    TokenSet tokens = refreshed;
    if (tokens.refreshToken.isEmpty())
        tokens.refreshToken = refreshToken;
    if (!tokens.refreshExpiresAt && tokens.refreshToken == refreshToken)
        tokens.refreshExpiresAt = refreshExpiresAt;
    if (requestedScope.isEmpty() && grantedScope.isEmpty())
        return tokens; // nothing known of the grant (a refresh token from an older version)
    tokens.requestedScope = requestedScope;
    if (!refreshed.scopeFromResponse) {
        tokens.grantedScope = grantedScope;
        tokens.scopeFromResponse = scopeFromResponse;
    }
    return tokens;
}

TokenOutcome parseTokenResponse(
    const Http::HttpResponse& response, const QString& requestedScope, const QDateTime& receivedAt)
{
    const EndpointAnswer answer = classifyEndpointAnswer(Endpoint::Token, response);
    if (!answer.ok())
        return failedOutcome<TokenOutcome>(answer.error);

    const QJsonObject& object = answer.object;
    const QString accessToken = object.value(QLatin1String("access_token")).toString();
    if (accessToken.isEmpty()) {
        return failedOutcome<TokenOutcome>({Text::tr("The token response has no access_token"), {},
            Text::tr("The provider did not issue a token; check the grant and client settings."),
            QStringLiteral("missing_access_token")});
    }
    const QString tokenType = object.value(QLatin1String("token_type")).toString();
    if (tokenType.isEmpty()) {
        return failedOutcome<TokenOutcome>({Text::tr("The token response has no token_type"), {},
            Text::tr("RFC 6749 §5.1 requires it; the provider's response is malformed."),
            QStringLiteral("missing_token_type")});
    }
    // RFC 6749 §7.1: an unknown token type must not be used. Only Bearer (RFC 6750) is known here.
    if (tokenType.compare(QLatin1String("bearer"), Qt::CaseInsensitive) != 0) {
        return failedOutcome<TokenOutcome>({Text::tr("The token type “%1” is not supported").arg(tokenType),
            {}, Text::tr("Tokenscope sends Bearer tokens only (RFC 6750)."),
            QStringLiteral("unknown_token_type")});
    }
    // A JSON number; some servers send digits as a string. Anything else, negative or fractional nonsense
    // included, is refused rather than guessed.
    const QJsonValue expiresInValue = object.value(QLatin1String("expires_in"));
    const auto expiresIn = wholeSeconds(expiresInValue, lifetimeLimit);
    if (!isAbsent(expiresInValue) && !expiresIn) {
        return failedOutcome<TokenOutcome>({Text::tr("The token response has an invalid expires_in"),
            QString::fromUtf8(QJsonDocument(QJsonObject {{QStringLiteral("expires_in"), expiresInValue}})
                                  .toJson(QJsonDocument::Compact)),
            Text::tr("expires_in must be a whole number of seconds."), QStringLiteral("invalid_expires_in")});
    }

    TokenSet tokens;
    tokens.accessToken = accessToken;
    tokens.tokenType = tokenType;
    tokens.refreshToken = object.value(QLatin1String("refresh_token")).toString();
    tokens.idToken = object.value(QLatin1String("id_token")).toString();
    tokens.requestedScope = requestedScope.simplified();
    const QJsonValue scope = object.value(QLatin1String("scope"));
    tokens.scopeFromResponse = scope.isString();
    tokens.grantedScope = scope.isString() ? scope.toString().simplified() : tokens.requestedScope;
    tokens.issuedAt = receivedAt;
    if (expiresIn) {
        tokens.expiresAt = receivedAt.addSecs(*expiresIn);
    } else if (const auto jwt = Jwt::decode(accessToken)) {
        // No expires_in: the JWT's own exp is the best knowledge there is, never "forever". An exp that
        // is no date (1e300, negative, a string) says nothing.
        tokens.expiresAt = numericDate(jwt->payload.value(QLatin1String("exp")));
    }
    if (const auto refreshIn = wholeSeconds(object.value(QLatin1String("refresh_expires_in")), lifetimeLimit);
        refreshIn && *refreshIn > 0) {
        tokens.refreshExpiresAt = receivedAt.addSecs(*refreshIn);
    }

    TokenOutcome outcome;
    outcome.tokens = tokens;
    return outcome;
}

} // namespace Tokenscope::OAuth
