#include "discovery.h"

#include "endpointanswer.h"
#include "networkclient.h"
#include "urlhelpers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

namespace Tokenscope::OAuth {

namespace {

const QLatin1String openIdSuffix("/.well-known/openid-configuration");
const QLatin1String oauthPrefix("/.well-known/oauth-authorization-server");

// An issuer identifier: an absolute http(s) URL without query or fragment (RFC 8414 §2; https is the
// rule, http is allowed so local and test providers can be explored).
std::optional<QUrl> issuerUrl(const QString& issuer)
{
    const QUrl url(issuer, QUrl::StrictMode);
    if (!isWebUrl(url) || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty())
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
            invalid(name, Discovery::tr("a text value"));
            return {};
        }
        return value.toString();
    }

    QUrl endpoint(const QString& name, bool required)
    {
        const QString text = string(name, required);
        if (text.isEmpty() || failed())
            return {};
        QUrl url(text, QUrl::StrictMode);
        if (!isWebUrl(url) || url.hasFragment()) {
            invalid(name, Discovery::tr("an absolute http or https URL without a fragment"));
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
            invalid(name, Discovery::tr("an array of text values"));
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
            invalid(name, Discovery::tr("true or false"));
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
        m_failure = failedOutcome<DiscoveryOutcome>(
            {Discovery::tr("The provider's metadata has no %1").arg(name), {},
                Discovery::tr(
                    "The document is not complete enough to sign in with. Check the issuer URL, or enter "
                    "the endpoints by hand."),
                QStringLiteral("missing_") + name});
    }

    void invalid(const QString& name, const QString& expected)
    {
        if (failed())
            return;
        m_failure = failedOutcome<DiscoveryOutcome>(
            {Discovery::tr("The provider's metadata has an invalid %1").arg(name),
                Discovery::tr("Expected %1, found: %2")
                    .arg(expected,
                        QString::fromUtf8(QJsonDocument(QJsonArray {m_object.value(name)})
                                              .toJson(QJsonDocument::Compact)
                                              .mid(1)
                                              .chopped(1)
                                              .left(200))),
                Discovery::tr("Report this to the provider, or enter the endpoints by hand."),
                QStringLiteral("invalid_") + name});
    }

    QJsonObject m_object;
    DiscoveryOutcome m_failure;
};

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
        if (response.status == 404) {
            return failedOutcome<DiscoveryOutcome>({Discovery::tr(
                                                        "The provider has no metadata at this address"),
                Discovery::tr("HTTP 404 for %1").arg(response.url.toDisplayString()),
                Discovery::tr("Check the issuer URL. Not every provider publishes metadata; then enter the "
                              "endpoints by hand."),
                QStringLiteral("not_found")});
        }
        const EndpointAnswer answer = classifyEndpointAnswer(Endpoint::Discovery, response);
        if (!answer.ok())
            return failedOutcome<DiscoveryOutcome>(answer.error);
        DiscoveryOutcome parsed = parseProviderMetadata(answer.object);
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
            DiscoveryOutcome mismatch = failedOutcome<DiscoveryOutcome>(
                {Discovery::tr("The provider calls itself %1, not %2").arg(metadata.issuer, expectedIssuer),
                    Discovery::tr(
                        "The metadata's issuer must equal the issuer it was fetched for, character for "
                        "character (OpenID Connect Discovery §4.3, RFC 8414 §3.3)."),
                    onlySlash
                        ? Discovery::tr(
                            "Only the trailing slash differs. Use %1 as the issuer, exactly as the "
                            "provider writes it.")
                              .arg(metadata.issuer)
                        : Discovery::tr("If %1 is the provider you mean, use it as the issuer. Otherwise the "
                                        "metadata is not to be trusted.")
                              .arg(metadata.issuer),
                    QStringLiteral("issuer_mismatch")});
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
                if (url.isValid() && url.scheme() != QLatin1String("https") && !isLoopbackUrl(url)) {
                    return failedOutcome<DiscoveryOutcome>(
                        {Discovery::tr("The provider's %1 is not https").arg(name), url.toDisplayString(),
                            Discovery::tr(
                                "An https provider must not send sign-ins, tokens or secrets over plain "
                                "http. Report this to the provider."),
                            QStringLiteral("insecure_endpoint")});
                }
            }
        }
        return parsed;
    }();
    outcome.documentUrl = response.url;
    // Say where: with two addresses tried, and redirects followed, the user cannot guess it.
    if (!outcome.ok() && !outcome.error.detail.contains(response.url.toDisplayString()))
        appendDetail(&outcome.error, Discovery::tr("Address: %1").arg(response.url.toDisplayString()));
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
    config.endpointsDiscovered = true;
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
        DiscoveryOutcome outcome = failedOutcome<DiscoveryOutcome>(
            {Discovery::tr("%1 is not an issuer URL")
                    .arg(expected.isEmpty() ? Discovery::tr("(nothing)") : expected),
                Discovery::tr("An issuer is an http or https address without ? or #, like "
                              "https://auth.example.com/realms/main."),
                Discovery::tr("Enter the provider's issuer URL, as its documentation or its tokens give it."),
                QStringLiteral("bad_issuer_url")});
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
                    const QString line = Discovery::tr("Also tried %1: %2")
                                             .arg(also.documentUrl.toDisplayString(), also.error.summary);
                    appendDetail(&report.error, line);
                    handler(report);
                });
        });
}

void Discovery::discoverDocument(
    const QUrl& documentUrl, const QString& expectedIssuer, QObject* context, Handler handler)
{
    fetch(documentUrl, tr("Discovery (OpenID configuration)"), context,
        [expectedIssuer, handler = std::move(handler)](const Http::HttpResponse& response) {
            DiscoveryOutcome outcome = interpretDiscoveryResponse(response, expectedIssuer);
            // No issuer expected: the document's own, with every other check of the document still made.
            if (expectedIssuer.isEmpty() && outcome.error.code == QLatin1String("issuer_mismatch"))
                outcome = interpretDiscoveryResponse(response, outcome.declaredIssuer);
            handler(outcome);
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
    options.trustedCertificates = m_trustedCertificates;
    m_network->send("GET", request, {}, options, context, std::move(handler));
}

} // namespace Tokenscope::OAuth
