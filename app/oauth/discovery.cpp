#include "discovery.h"

#include "networkclient.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::Discovery)
};

const QLatin1String openIdSuffix("/.well-known/openid-configuration");
const QLatin1String oauthPrefix("/.well-known/oauth-authorization-server");

DiscoveryOutcome failure(
    const QString& code, const QString& summary, const QString& detail, const QString& hint)
{
    DiscoveryOutcome outcome;
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

// An issuer identifier: an absolute http(s) URL without query or fragment (RFC 8414 §2; https is the
// rule, http is allowed so local and test providers can be explored).
std::optional<QUrl> issuerUrl(const QString& issuer)
{
    const QUrl url(issuer, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || url.hasQuery() || url.hasFragment()
        || !url.userInfo().isEmpty())
        return std::nullopt;
    if (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
        return std::nullopt;
    return url;
}

QString pathWithoutTerminatingSlash(const QUrl& url)
{
    QString path = url.path(QUrl::FullyEncoded);
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}

bool isLoopback(const QUrl& url)
{
    const QString host = url.host();
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

// Strict readers: absent and null mean "not given"; a value of another type is an error, not a guess.
class Reader
{
public:
    explicit Reader(const QJsonObject& object)
        : m_object(object)
    { }

    bool failed() const { return !m_failure.error.isNull(); }
    DiscoveryOutcome failure() const { return m_failure; }

    QString string(const QString& name, bool required)
    {
        const QJsonValue value = m_object.value(name);
        if (isAbsent(value)) {
            if (required)
                missing(name);
            return {};
        }
        if (!value.isString() || (required && value.toString().isEmpty())) {
            invalid(name, Text::tr("a text value"));
            return {};
        }
        return value.toString();
    }

    QUrl endpoint(const QString& name, bool required)
    {
        const QString text = string(name, required);
        if (text.isEmpty() || failed())
            return {};
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || url.hasFragment()
            || (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
            invalid(name, Text::tr("an absolute http or https URL without a fragment"));
            return {};
        }
        return url;
    }

    QStringList strings(const QString& name)
    {
        const QJsonValue value = m_object.value(name);
        if (isAbsent(value))
            return {};
        QStringList result;
        bool ok = value.isArray();
        const QJsonArray array = value.toArray();
        for (const QJsonValue& item : array) {
            ok = ok && item.isString();
            result.append(item.toString());
        }
        if (!ok) {
            invalid(name, Text::tr("an array of text values"));
            return {};
        }
        return result;
    }

    bool boolean(const QString& name)
    {
        const QJsonValue value = m_object.value(name);
        if (isAbsent(value))
            return false;
        if (!value.isBool()) {
            invalid(name, Text::tr("true or false"));
            return false;
        }
        return value.toBool();
    }

private:
    static bool isAbsent(const QJsonValue& value) { return value.isUndefined() || value.isNull(); }

    void missing(const QString& name)
    {
        if (failed())
            return;
        m_failure = OAuth::failure(QStringLiteral("missing_") + name,
            Text::tr("The provider's metadata has no %1").arg(name), {},
            Text::tr("The document is not complete enough to sign in with. Check the issuer URL, or enter "
                     "the endpoints by hand."));
    }

    void invalid(const QString& name, const QString& expected)
    {
        if (failed())
            return;
        m_failure = OAuth::failure(QStringLiteral("invalid_") + name,
            Text::tr("The provider's metadata has an invalid %1").arg(name),
            Text::tr("Expected %1, found: %2")
                .arg(expected,
                    QString::fromUtf8(QJsonDocument(QJsonArray {m_object.value(name)})
                                          .toJson(QJsonDocument::Compact)
                                          .mid(1)
                                          .chopped(1)
                                          .left(200))),
            Text::tr("Report this to the provider, or enter the endpoints by hand."));
    }

    QJsonObject m_object;
    DiscoveryOutcome m_failure;
};

DiscoveryOutcome classifyTransport(const Http::HttpResponse& response)
{
    if (response.timedOut) {
        return failure(QStringLiteral("timeout"), Text::tr("The provider's metadata did not arrive in time"),
            response.errorString, Text::tr("Check that the provider is reachable, then try again."));
    }
    if (response.tooLarge) {
        return failure(QStringLiteral("too_large"), Text::tr("The provider's metadata is too large"),
            response.errorString, Text::tr("Check the issuer URL: this is not a metadata document."));
    }
    return failure(QStringLiteral("network"), Text::tr("Could not reach the provider"), response.errorString,
        Text::tr("Check the issuer URL, your network, proxy and TLS settings."));
}

bool looksLikeHtml(const Http::HttpResponse& response, const QByteArray& trimmed)
{
    return response.contentType().toLower().contains("html") || trimmed.startsWith('<');
}

} // namespace

QUrl openIdConfigurationUrl(const QString& issuer)
{
    std::optional<QUrl> url = issuerUrl(issuer);
    if (!url)
        return {};
    url->setPath(pathWithoutTerminatingSlash(*url) + openIdSuffix, QUrl::StrictMode);
    return *url;
}

QUrl authorizationServerMetadataUrl(const QString& issuer)
{
    std::optional<QUrl> url = issuerUrl(issuer);
    if (!url)
        return {};
    url->setPath(oauthPrefix + pathWithoutTerminatingSlash(*url), QUrl::StrictMode);
    return *url;
}

DiscoveryOutcome parseProviderMetadata(const QJsonObject& document)
{
    Reader read(document);
    ProviderMetadata metadata;
    metadata.issuer = read.string(QStringLiteral("issuer"), true);
    metadata.authorizationEndpoint = read.endpoint(QStringLiteral("authorization_endpoint"), true);
    metadata.tokenEndpoint = read.endpoint(QStringLiteral("token_endpoint"), true);
    metadata.userinfoEndpoint = read.endpoint(QStringLiteral("userinfo_endpoint"), false);
    metadata.jwksUri = read.endpoint(QStringLiteral("jwks_uri"), false);
    metadata.revocationEndpoint = read.endpoint(QStringLiteral("revocation_endpoint"), false);
    metadata.introspectionEndpoint = read.endpoint(QStringLiteral("introspection_endpoint"), false);
    metadata.endSessionEndpoint = read.endpoint(QStringLiteral("end_session_endpoint"), false);
    metadata.deviceAuthorizationEndpoint
        = read.endpoint(QStringLiteral("device_authorization_endpoint"), false);
    metadata.pushedAuthorizationRequestEndpoint
        = read.endpoint(QStringLiteral("pushed_authorization_request_endpoint"), false);
    metadata.scopesSupported = read.strings(QStringLiteral("scopes_supported"));
    metadata.responseTypesSupported = read.strings(QStringLiteral("response_types_supported"));
    metadata.responseModesSupported = read.strings(QStringLiteral("response_modes_supported"));
    metadata.grantTypesSupported = read.strings(QStringLiteral("grant_types_supported"));
    metadata.codeChallengeMethodsSupported = read.strings(QStringLiteral("code_challenge_methods_supported"));
    metadata.tokenEndpointAuthMethodsSupported
        = read.strings(QStringLiteral("token_endpoint_auth_methods_supported"));
    metadata.idTokenSigningAlgValuesSupported
        = read.strings(QStringLiteral("id_token_signing_alg_values_supported"));
    metadata.authorizationResponseIssParameterSupported
        = read.boolean(QStringLiteral("authorization_response_iss_parameter_supported"));
    metadata.requirePushedAuthorizationRequests
        = read.boolean(QStringLiteral("require_pushed_authorization_requests"));
    if (read.failed())
        return read.failure();
    metadata.document = document;
    DiscoveryOutcome outcome;
    outcome.metadata = std::move(metadata);
    return outcome;
}

DiscoveryOutcome interpretDiscoveryResponse(const Http::HttpResponse& response, const QString& expectedIssuer)
{
    DiscoveryOutcome outcome = [&]() -> DiscoveryOutcome {
        if (response.isTransportFailure())
            return classifyTransport(response);

        const QByteArray trimmed = response.body.trimmed();
        const bool html = looksLikeHtml(response, trimmed);
        if (response.status == 404) {
            return failure(QStringLiteral("not_found"),
                Text::tr("The provider has no metadata at this address"),
                Text::tr("HTTP 404 for %1").arg(response.url.toDisplayString()),
                Text::tr("Check the issuer URL. Not every provider publishes metadata; then enter the "
                         "endpoints by hand."));
        }
        if (response.status < 200 || response.status >= 300) {
            return failure(QStringLiteral("http_error"),
                html ? Text::tr("The provider answered HTTP %1 with a web page instead of its metadata")
                           .arg(response.status)
                     : Text::tr("The provider answered HTTP %1 instead of its metadata").arg(response.status),
                excerpt(response.body),
                response.status >= 500 ? Text::tr("The provider has a problem. Try again later.")
                                       : Text::tr("Check the issuer URL."));
        }
        if (html) {
            return failure(QStringLiteral("html_body"),
                Text::tr("The provider answered with a web page instead of its metadata"),
                excerpt(response.body),
                Text::tr("The issuer URL may point at a login page, a portal or a proxy. Check it."));
        }
        QJsonParseError parseError {};
        const QJsonDocument document = QJsonDocument::fromJson(trimmed, &parseError);
        if (trimmed.isEmpty() || parseError.error != QJsonParseError::NoError) {
            return failure(QStringLiteral("non_json"), Text::tr("The provider's metadata is not JSON"),
                trimmed.isEmpty() ? Text::tr("The body is empty.") : excerpt(response.body),
                Text::tr("Check the issuer URL."));
        }
        if (!document.isObject()) {
            return failure(QStringLiteral("not_an_object"),
                Text::tr("The provider's metadata is not a JSON object"), excerpt(response.body),
                Text::tr("Check the issuer URL."));
        }
        DiscoveryOutcome parsed = parseProviderMetadata(document.object());
        if (!parsed.ok())
            return parsed;
        const ProviderMetadata& metadata = *parsed.metadata;

        // OIDC Discovery §4.3, RFC 8414 §3.3: exactly equal, or the document is not used.
        if (metadata.issuer != expectedIssuer) {
            const auto withoutSlash = [](QString text) {
                if (text.endsWith(QLatin1Char('/')))
                    text.chop(1);
                return text;
            };
            const bool onlySlash = withoutSlash(metadata.issuer) == withoutSlash(expectedIssuer);
            DiscoveryOutcome mismatch = failure(QStringLiteral("issuer_mismatch"),
                Text::tr("The provider calls itself %1, not %2").arg(metadata.issuer, expectedIssuer),
                Text::tr("The metadata's issuer must equal the issuer it was fetched for, character for "
                         "character (OpenID Connect Discovery §4.3, RFC 8414 §3.3)."),
                onlySlash ? Text::tr("Only the trailing slash differs. Use %1 as the issuer, exactly as the "
                                     "provider writes it.")
                                .arg(metadata.issuer)
                          : Text::tr("If %1 is the provider you mean, use it as the issuer. Otherwise the "
                                     "metadata is not to be trusted.")
                                .arg(metadata.issuer));
            mismatch.declaredIssuer = metadata.issuer;
            return mismatch;
        }

        // An https issuer whose endpoints fall back to http would send codes, tokens and secrets in the
        // clear; only the loopback interface is exempt (RFC 8252 §8.3).
        if (QUrl(metadata.issuer).scheme() == QLatin1String("https")) {
            const QList<QPair<QLatin1String, QUrl>> endpoints {
                {QLatin1String("authorization_endpoint"), metadata.authorizationEndpoint},
                {QLatin1String("token_endpoint"), metadata.tokenEndpoint},
                {QLatin1String("userinfo_endpoint"), metadata.userinfoEndpoint},
                {QLatin1String("jwks_uri"), metadata.jwksUri},
                {QLatin1String("revocation_endpoint"), metadata.revocationEndpoint},
                {QLatin1String("introspection_endpoint"), metadata.introspectionEndpoint},
                {QLatin1String("end_session_endpoint"), metadata.endSessionEndpoint},
                {QLatin1String("device_authorization_endpoint"), metadata.deviceAuthorizationEndpoint},
                {QLatin1String("pushed_authorization_request_endpoint"),
                    metadata.pushedAuthorizationRequestEndpoint},
            };
            for (const auto& [name, url] : endpoints) {
                if (url.isValid() && url.scheme() != QLatin1String("https") && !isLoopback(url)) {
                    return failure(QStringLiteral("insecure_endpoint"),
                        Text::tr("The provider's %1 is not https").arg(name), url.toDisplayString(),
                        Text::tr("An https provider must not send sign-ins, tokens or secrets over plain "
                                 "http. Report this to the provider."));
                }
            }
        }
        return parsed;
    }();
    outcome.documentUrl = response.url;
    // Say where: with two addresses tried, and redirects followed, the user cannot guess it.
    if (!outcome.ok() && !outcome.error.detail.contains(response.url.toDisplayString())) {
        const QString where = Text::tr("Address: %1").arg(response.url.toDisplayString());
        outcome.error.detail = outcome.error.detail.isEmpty() ? where : outcome.error.detail + u'\n' + where;
    }
    return outcome;
}

std::optional<ClientAuthentication> recommendedClientAuthentication(
    const ProviderMetadata& metadata, bool hasSecret)
{
    if (!hasSecret)
        return ClientAuthentication::None;
    const QStringList& methods = metadata.tokenEndpointAuthMethodsSupported;
    // RFC 8414 §2: absent means client_secret_basic.
    if (methods.isEmpty() || methods.contains(QLatin1String("client_secret_basic")))
        return ClientAuthentication::ClientSecretBasic;
    if (methods.contains(QLatin1String("client_secret_post")))
        return ClientAuthentication::ClientSecretPost;
    if (methods.contains(QLatin1String("none")))
        return ClientAuthentication::None;
    // A secret, but no method that sends it: it may still sign an assertion (OIDC Core §9).
    if (methods.contains(QLatin1String("client_secret_jwt")))
        return ClientAuthentication::ClientSecretJwt;
    return std::nullopt;
}

QString recommendedPkceMethod(const ProviderMetadata& metadata)
{
    const QStringList& methods = metadata.codeChallengeMethodsSupported;
    if (!methods.contains(QLatin1String("S256")) && methods.contains(QLatin1String("plain")))
        return QStringLiteral("plain");
    return QStringLiteral("S256");
}

ClientConfig applyProviderMetadata(ClientConfig config, const ProviderMetadata& metadata)
{
    config.issuer = metadata.issuer;
    config.authorizationEndpoint = metadata.authorizationEndpoint;
    config.tokenEndpoint = metadata.tokenEndpoint;
    config.jwksUri = metadata.jwksUri;
    config.deviceAuthorizationEndpoint = metadata.deviceAuthorizationEndpoint;
    config.revocationEndpoint = metadata.revocationEndpoint;
    config.introspectionEndpoint = metadata.introspectionEndpoint;
    config.userinfoEndpoint = metadata.userinfoEndpoint;
    config.endSessionEndpoint = metadata.endSessionEndpoint;
    config.requireIssuerInResponse = metadata.authorizationResponseIssParameterSupported;
    config.parEndpoint = metadata.pushedAuthorizationRequestEndpoint;
    // RFC 9126 §5: a provider that requires PAR refuses anything else; the user's own "always" stays.
    if (metadata.requirePushedAuthorizationRequests && !config.parEndpoint.isEmpty())
        config.usePar = true;
    return config;
}

Discovery::Discovery(Http::NetworkClient* network, QObject* parent)
    : QObject(parent)
    , m_network(network)
{ }

void Discovery::discover(const QString& issuer, QObject* context, Handler handler)
{
    const QString expected = issuer.trimmed();
    const QUrl primary = openIdConfigurationUrl(expected);
    if (!primary.isValid()) {
        DiscoveryOutcome outcome = failure(QStringLiteral("bad_issuer_url"),
            Text::tr("%1 is not an issuer URL").arg(expected.isEmpty() ? Text::tr("(nothing)") : expected),
            Text::tr("An issuer is an http or https address without ? or #, like "
                     "https://auth.example.com/realms/main."),
            Text::tr("Enter the provider's issuer URL, as its documentation or its tokens give it."));
        // Asynchronous like every other answer, so callers need one code path.
        QTimer::singleShot(0, context, [handler = std::move(handler), outcome] { handler(outcome); });
        return;
    }
    const QUrl fallback = authorizationServerMetadataUrl(expected);
    QPointer<Discovery> self = this;
    fetch(primary, tr("Discovery (OpenID configuration)"), context,
        [self, context, expected, fallback, handler = std::move(handler)](
            const Http::HttpResponse& response) {
            DiscoveryOutcome first = interpretDiscoveryResponse(response, expected);
            // Only "nothing here" moves on to the RFC 8414 address; a server error, a timeout or a wrong
            // document at the OpenID address is the answer.
            const bool absent = first.error.code == QLatin1String("not_found")
                || first.error.code == QLatin1String("non_json")
                || first.error.code == QLatin1String("html_body");
            if (first.ok() || !absent || !self) {
                handler(first);
                return;
            }
            self->fetch(fallback, tr("Discovery (RFC 8414 metadata)"), context,
                [expected, first, handler](const Http::HttpResponse& second) {
                    DiscoveryOutcome outcome = interpretDiscoveryResponse(second, expected);
                    if (outcome.ok()) {
                        handler(outcome);
                        return;
                    }
                    // Report the OpenID address's failure, unless it was a mere 404 and the RFC 8414
                    // address says more.
                    const bool preferSecond = first.error.code == QLatin1String("not_found")
                        && outcome.error.code != QLatin1String("not_found");
                    DiscoveryOutcome report = preferSecond ? outcome : first;
                    const DiscoveryOutcome& also = preferSecond ? first : outcome;
                    const QString line = Text::tr("Also tried %1: %2")
                                             .arg(also.documentUrl.toDisplayString(), also.error.summary);
                    report.error.detail
                        = report.error.detail.isEmpty() ? line : report.error.detail + u'\n' + line;
                    handler(report);
                });
        });
}

void Discovery::fetch(const QUrl& url, const QString& purpose, QObject* context,
    std::function<void(const Http::HttpResponse&)> handler)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    Http::NetworkClient::Options options;
    options.timeout = m_timeout;
    options.maxBodyBytes = 1 << 20; // metadata is a few KiB
    options.purpose = purpose;
    m_network->send("GET", request, {}, options, context, std::move(handler));
}

} // namespace Tokenscope::OAuth
