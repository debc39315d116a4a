#include "tokendestination.h"

#include "urlhelpers.h"

#include <algorithm>

namespace Tokenscope::Workspace {

namespace {

int defaultPort(const QUrl& url)
{
    return url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 ? 443 : 80;
}

int effectivePort(const QUrl& url)
{
    return url.port(defaultPort(url));
}

bool sameOrigin(const QUrl& a, const QUrl& b)
{
    return !a.host().isEmpty() && a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && effectivePort(a) == effectivePort(b);
}

// The provider's own servers: a token sent there is sent where it came from.
bool isProviderUrl(const Environment& environment, const QUrl& url)
{
    const OAuth::ClientConfig& oauth = environment.oauth;
    const QUrl providerUrls[] = {QUrl(oauth.issuer), oauth.authorizationEndpoint, oauth.tokenEndpoint,
        oauth.deviceAuthorizationEndpoint, oauth.userinfoEndpoint};
    return std::any_of(std::begin(providerUrls), std::end(providerUrls),
        [&url](const QUrl& candidate) { return sameOrigin(candidate, url); });
}

} // namespace

bool isApiBaseUrl(const QUrl& url)
{
    return isWebUrl(url) && !url.hasQuery() && !url.hasFragment() && url.userInfo().isEmpty();
}

QUrl apiBaseUrlOf(const QUrl& url)
{
    QUrl base;
    base.setScheme(url.scheme().toLower());
    base.setHost(url.host());
    base.setPort(url.port());
    return base;
}

QString displayHost(const QUrl& url)
{
    if (url.port() < 0 || url.port() == defaultPort(url))
        return url.host();
    return url.host() + QLatin1Char(':') + QString::number(url.port());
}

bool isUnderBaseUrl(const QUrl& url, const QUrl& base)
{
    if (!sameOrigin(base, url))
        return false;
    QString prefix = base.path();
    if (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    if (prefix.isEmpty())
        return true;
    const QString path = url.path();
    // "/api" covers "/api" and "/api/items", not "/apiary".
    return path == prefix || path.startsWith(prefix + QLatin1Char('/'));
}

bool belongsTo(const Environment& environment, const QUrl& url)
{
    return isProviderUrl(environment, url)
        || std::any_of(environment.apiBaseUrls.cbegin(), environment.apiBaseUrls.cend(),
            [&url](const QUrl& base) { return isUnderBaseUrl(url, base); });
}

TokenDestination tokenDestination(
    const WorkspaceData& workspace, const QString& environmentId, const QUrl& url)
{
    TokenDestination destination;
    destination.host = displayHost(url);
    destination.baseUrl = apiBaseUrlOf(url);
    const Environment* environment = workspace.findEnvironment(environmentId);
    if (!environment || belongsTo(*environment, url))
        return destination;
    for (const Environment& other : workspace.environments) {
        if (other.id != environmentId && belongsTo(other, url)) {
            destination.kind = TokenDestination::Kind::OtherEnvironment;
            destination.otherEnvironmentId = other.id;
            destination.otherEnvironmentName = other.name;
            return destination;
        }
    }
    destination.kind = environment->apiBaseUrls.isEmpty() ? TokenDestination::Kind::Unlearned
                                                          : TokenDestination::Kind::Unknown;
    return destination;
}

} // namespace Tokenscope::Workspace
