#include "tokenset.h"

#include "callback.h"
#include "jwt.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::TokenResponse)
};

TokenOutcome failure(const QString& code, const QString& summary, const QString& detail, const QString& hint)
{
    TokenOutcome outcome;
    outcome.error = {summary, detail, hint, code};
    return outcome;
}

QString excerpt(const QByteArray& body)
{
    constexpr int limit = 300;
    QString text = QString::fromUtf8(body.left(limit)).simplified();
    if (body.size() > limit)
        text += QStringLiteral(" …");
    return text;
}

// expires_in: a JSON number per RFC 6749 §5.1; some servers send digits as a string. Anything else,
// negative or fractional nonsense included, is refused rather than guessed.
std::optional<qint64> readExpiresIn(const QJsonValue& value, bool* malformed)
{
    *malformed = false;
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (value.isDouble()) {
        const double seconds = value.toDouble();
        if (seconds >= 0 && seconds < 1e10 && std::floor(seconds) == seconds)
            return qint64(seconds);
    } else if (value.isString()) {
        bool ok = false;
        const qint64 seconds = value.toString().toLongLong(&ok);
        if (ok && seconds >= 0)
            return seconds;
    }
    *malformed = true;
    return std::nullopt;
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

TokenOutcome parseTokenResponse(
    const Http::HttpResponse& response, const QString& requestedScope, const QDateTime& receivedAt)
{
    if (response.isTransportFailure()) {
        if (response.timedOut) {
            return failure(QStringLiteral("timeout"), Text::tr("The token endpoint did not answer in time"),
                response.errorString, Text::tr("Check that the provider is reachable, then try again."));
        }
        if (response.tooLarge) {
            return failure(QStringLiteral("too_large"),
                Text::tr("The token endpoint sent an oversized response"), response.errorString,
                Text::tr("Check the token endpoint URL in the environment."));
        }
        if (!response.untrustedCertificateSha256.isEmpty()) {
            return failure(QStringLiteral("untrusted_certificate"),
                Text::tr("The token endpoint's certificate is not trusted"), response.errorString,
                Text::tr(
                    "If this is a sandbox with a self-signed certificate, check the fingerprint with its "
                    "administrator and trust it in the environment's Sign-in settings."));
        }
        return failure(QStringLiteral("network"), Text::tr("Could not reach the token endpoint"),
            response.errorString,
            Text::tr("Check the token endpoint URL, your network, proxy and TLS settings."));
    }
    if (response.status >= 300 && response.status < 400) {
        return failure(QStringLiteral("redirect"),
            Text::tr("The token endpoint answered with a redirect (HTTP %1)").arg(response.status),
            QString::fromUtf8(response.header("location")),
            Text::tr(
                "Token requests are not followed to other addresses. Use the final token endpoint URL."));
    }

    const QByteArray contentType = response.contentType().toLower();
    const QByteArray trimmed = response.body.trimmed();
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(trimmed, &parseError);
    const bool isJson = parseError.error == QJsonParseError::NoError;

    if (response.status >= 400 || response.status < 200) {
        // RFC 6749 §5.2: a JSON error object. Show the provider's own words.
        if (isJson && document.isObject() && document.object().value(QLatin1String("error")).isString()) {
            const QJsonObject object = document.object();
            const QString code = object.value(QLatin1String("error")).toString();
            QString detail = object.value(QLatin1String("error_description")).toString();
            if (const QString uri = object.value(QLatin1String("error_uri")).toString(); !uri.isEmpty())
                detail += (detail.isEmpty() ? QString() : QStringLiteral("\n")) + uri;
            return failure(code, Text::tr("The token endpoint refused the request: %1").arg(code), detail,
                hintForErrorCode(code));
        }
        if (contentType.contains("html") || trimmed.startsWith('<')) {
            return failure(QStringLiteral("html_error"),
                Text::tr("The token endpoint answered HTTP %1 with a web page instead of JSON")
                    .arg(response.status),
                excerpt(response.body),
                Text::tr("The URL may point at a login page or a proxy. Check the token endpoint URL."));
        }
        return failure(QStringLiteral("http_error"),
            Text::tr("The token endpoint answered HTTP %1").arg(response.status), excerpt(response.body),
            response.status >= 500 ? Text::tr("The provider has a problem. Try again later.")
                                   : Text::tr("Check the token endpoint URL and the client settings."));
    }

    if (trimmed.isEmpty()) {
        return failure(QStringLiteral("empty_body"),
            Text::tr("The token endpoint answered with an empty body"), {},
            Text::tr("Check the token endpoint URL in the environment."));
    }
    if (!isJson) {
        const bool html = contentType.contains("html") || trimmed.startsWith('<');
        return failure(html ? QStringLiteral("html_body") : QStringLiteral("non_json"),
            html ? Text::tr("The token endpoint answered with a web page instead of JSON")
                 : Text::tr("The token endpoint's answer is not JSON"),
            excerpt(response.body), Text::tr("Check the token endpoint URL in the environment."));
    }
    if (!document.isObject()) {
        return failure(QStringLiteral("array_body"),
            Text::tr("The token endpoint's answer is not a JSON object"), excerpt(response.body),
            Text::tr("Check the token endpoint URL in the environment."));
    }

    const QJsonObject object = document.object();
    const QString accessToken = object.value(QLatin1String("access_token")).toString();
    if (accessToken.isEmpty()) {
        return failure(QStringLiteral("missing_access_token"),
            Text::tr("The token response has no access_token"), {},
            Text::tr("The provider did not issue a token; check the grant and client settings."));
    }
    const QString tokenType = object.value(QLatin1String("token_type")).toString();
    if (tokenType.isEmpty()) {
        return failure(QStringLiteral("missing_token_type"), Text::tr("The token response has no token_type"),
            {}, Text::tr("RFC 6749 §5.1 requires it; the provider's response is malformed."));
    }
    // RFC 6749 §7.1: an unknown token type must not be used. Only Bearer (RFC 6750) is known here.
    if (tokenType.compare(QLatin1String("bearer"), Qt::CaseInsensitive) != 0) {
        return failure(QStringLiteral("unknown_token_type"),
            Text::tr("The token type “%1” is not supported").arg(tokenType), {},
            Text::tr("Tokenscope sends Bearer tokens only (RFC 6750)."));
    }
    bool malformedExpiry = false;
    const auto expiresIn = readExpiresIn(object.value(QLatin1String("expires_in")), &malformedExpiry);
    if (malformedExpiry) {
        return failure(QStringLiteral("invalid_expires_in"),
            Text::tr("The token response has an invalid expires_in"),
            QString::fromUtf8(QJsonDocument(
                QJsonObject {{QStringLiteral("expires_in"), object.value(QLatin1String("expires_in"))}})
                                  .toJson(QJsonDocument::Compact)),
            Text::tr("expires_in must be a whole number of seconds."));
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
    } else if (const auto jwt = Jwt::decode(accessToken);
               jwt && jwt->payload.value(QLatin1String("exp")).isDouble()) {
        // No expires_in: the JWT's own exp is the best knowledge there is, never "forever".
        tokens.expiresAt = QDateTime::fromSecsSinceEpoch(
            qint64(jwt->payload.value(QLatin1String("exp")).toDouble()), Qt::UTC);
    }
    bool malformedRefreshExpiry = false;
    if (const auto refreshIn
        = readExpiresIn(object.value(QLatin1String("refresh_expires_in")), &malformedRefreshExpiry);
        refreshIn && *refreshIn > 0) {
        tokens.refreshExpiresAt = receivedAt.addSecs(*refreshIn);
    }

    TokenOutcome outcome;
    outcome.tokens = tokens;
    return outcome;
}

} // namespace Tokenscope::OAuth
