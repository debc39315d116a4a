#include "tokenmismatch.h"

#include "jwt.h"
#include "tokendestination.h"

#include <QJsonValue>

namespace Tokenscope::Workspace {

namespace {

// Issuer identifiers are compared as strings (OIDC Discovery §4.3); a trailing slash is the one
// difference providers are known to be careless about.
bool sameIssuer(const QString& a, const QString& b)
{
    const auto trimmed = [](QString text) {
        while (text.endsWith(QLatin1Char('/')))
            text.chop(1);
        return text;
    };
    return !a.isEmpty() && !b.isEmpty() && trimmed(a) == trimmed(b);
}

bool sameHost(const QUrl& a, const QUrl& b)
{
    return a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && a.port(-1) == b.port(-1)
        && a.scheme() == b.scheme();
}

// Whether iss is the environment's own provider: its issuer, or without one, the host of its endpoints.
bool isOwnIssuer(const Environment& environment, const QString& issuer)
{
    if (!environment.oauth.issuer.isEmpty())
        return sameIssuer(environment.oauth.issuer, issuer);
    const QUrl url(issuer);
    return url.isValid() && !url.host().isEmpty()
        && (sameHost(url, environment.oauth.tokenEndpoint)
            || sameHost(url, environment.oauth.authorizationEndpoint));
}

// An audience that names an API by its URL; other audiences (a client id, "api://default") say nothing
// about hosts.
bool isApiAudience(const QUrl& url)
{
    return (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"))
        && !url.host().isEmpty();
}

bool audienceFits(const QUrl& audience, const QUrl& target)
{
    return sameHost(audience, target) || isUnderBaseUrl(target, audience);
}

} // namespace

TokenMismatch tokenMismatch(
    const WorkspaceData& workspace, const QString& environmentId, const QString& accessToken, const QUrl& url)
{
    const Environment* environment = workspace.findEnvironment(environmentId);
    const std::optional<Jwt::DecodedJwt> jwt = Jwt::decode(accessToken.trimmed());
    if (!environment || !jwt)
        return {};
    TokenMismatch mismatch;
    mismatch.issuer = jwt->payload.value(QLatin1String("iss")).toString();
    mismatch.expectedIssuer = environment->oauth.issuer;
    mismatch.audiences = Jwt::audiences(jwt->payload);
    mismatch.host = displayHost(url);

    if (!mismatch.issuer.isEmpty() && !isOwnIssuer(*environment, mismatch.issuer)) {
        for (const Environment& other : workspace.environments) {
            if (other.id != environmentId && isOwnIssuer(other, mismatch.issuer)) {
                mismatch.kind = TokenMismatch::Kind::OtherEnvironmentIssuer;
                mismatch.otherEnvironmentId = other.id;
                mismatch.otherEnvironmentName = other.name;
                return mismatch;
            }
        }
        if (!environment->oauth.issuer.isEmpty()) {
            mismatch.kind = TokenMismatch::Kind::OtherIssuer;
            return mismatch;
        }
    }

    // The audiences that name an API, leaving out the provider itself (a token for its UserInfo).
    QList<QUrl> apis;
    for (const QString& audience : std::as_const(mismatch.audiences)) {
        const QUrl audienceUrl(audience);
        if (isApiAudience(audienceUrl) && !sameIssuer(audience, mismatch.issuer)
            && !sameIssuer(audience, environment->oauth.issuer))
            apis.append(audienceUrl);
    }
    if (apis.isEmpty() || url.host().isEmpty()
        || std::any_of(
            apis.cbegin(), apis.cend(), [&url](const QUrl& api) { return audienceFits(api, url); }))
        return {};
    mismatch.kind = TokenMismatch::Kind::OtherAudience;
    for (const Environment& other : workspace.environments) {
        if (other.id == environmentId)
            continue;
        for (const QUrl& api : std::as_const(apis)) {
            const bool named = std::any_of(other.apiBaseUrls.cbegin(), other.apiBaseUrls.cend(),
                [&api](const QUrl& base) { return audienceFits(api, base) || audienceFits(base, api); });
            if (named) {
                mismatch.otherEnvironmentId = other.id;
                mismatch.otherEnvironmentName = other.name;
                return mismatch;
            }
        }
    }
    return mismatch;
}

} // namespace Tokenscope::Workspace
