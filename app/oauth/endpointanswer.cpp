#include "endpointanswer.h"

#include "numericdate.h"
#include "providererrors.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <array>
#include <cmath>

namespace Tokenscope::OAuth {

namespace {

using Problem = EndpointAnswer::Problem;

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::EndpointAnswer)
};

// What one endpoint's failures say: a whole sentence per rung (word order differs between languages,
// so the endpoint is never a fragment put into a shared sentence), and what to try. Empty where a rung
// does not apply to the endpoint.
struct Sentences
{
    QString timeout {};
    QString tooLarge {};
    QString untrustedCertificate {};
    QString network {};
    QString redirect {}; // %1: the HTTP status
    QString refused {}; // %1: the provider's error code
    QString httpError {}; // %1: the HTTP status
    QString htmlErrorPage {}; // %1: the HTTP status
    QString emptyBody {};
    QString htmlBody {};
    QString notJson {};
    QString notAnObject {};

    QString timeoutHint {};
    QString tooLargeHint {};
    QString networkHint {};
    QString redirectHint {};
    QString clientHint {}; // an error status below 500
    QString pageHint {}; // a web page
    QString bodyHint {}; // a body of the wrong shape
};

Sentences tokenSentences()
{
    const QString checkUrl = Text::tr("Check the token endpoint URL in the environment.");
    return {
        .timeout = Text::tr("The token endpoint did not answer in time"),
        .tooLarge = Text::tr("The token endpoint sent an oversized response"),
        .untrustedCertificate = Text::tr("The token endpoint's certificate is not trusted"),
        .network = Text::tr("Could not reach the token endpoint"),
        .redirect = Text::tr("The token endpoint answered with a redirect (HTTP %1)"),
        .refused = Text::tr("The token endpoint refused the request: %1"),
        .httpError = Text::tr("The token endpoint answered HTTP %1"),
        .htmlErrorPage = Text::tr("The token endpoint answered HTTP %1 with a web page instead of JSON"),
        .emptyBody = Text::tr("The token endpoint answered with an empty body"),
        .htmlBody = Text::tr("The token endpoint answered with a web page instead of JSON"),
        .notJson = Text::tr("The token endpoint's answer is not JSON"),
        .notAnObject = Text::tr("The token endpoint's answer is not a JSON object"),
        .timeoutHint = Text::tr("Check that the provider is reachable, then try again."),
        .tooLargeHint = checkUrl,
        .networkHint = Text::tr("Check the token endpoint URL, your network, proxy and TLS settings."),
        .redirectHint
        = Text::tr("Token requests are not followed to other addresses. Use the final token endpoint URL."),
        .clientHint = Text::tr("Check the token endpoint URL and the client settings."),
        .pageHint = Text::tr("The URL may point at a login page or a proxy. Check the token endpoint URL."),
        .bodyHint = checkUrl,
    };
}

Sentences parSentences()
{
    const QString checkUrl = Text::tr("Check the PAR endpoint URL in the environment.");
    return {
        .timeout = Text::tr("The pushed authorization request endpoint did not answer in time"),
        .tooLarge = Text::tr("The pushed authorization request endpoint sent an oversized response"),
        .untrustedCertificate
        = Text::tr("The pushed authorization request endpoint's certificate is not trusted"),
        .network = Text::tr("Could not reach the pushed authorization request endpoint"),
        .redirect = Text::tr("The pushed authorization request endpoint answered with a redirect (HTTP %1)"),
        .refused = Text::tr("The pushed authorization request endpoint refused the request: %1"),
        .httpError = Text::tr("The pushed authorization request endpoint answered HTTP %1"),
        .htmlErrorPage = Text::tr(
            "The pushed authorization request endpoint answered HTTP %1 with a web page instead of JSON"),
        .emptyBody = Text::tr("The pushed authorization request endpoint answered with an empty body"),
        .htmlBody
        = Text::tr("The pushed authorization request endpoint answered with a web page instead of JSON"),
        .notJson = Text::tr("The pushed authorization request endpoint's answer is not JSON"),
        .notAnObject = Text::tr("The pushed authorization request endpoint's answer is not a JSON object"),
        .timeoutHint = Text::tr("Check that the provider is reachable, then try again."),
        .tooLargeHint = checkUrl,
        .networkHint = Text::tr("Check the PAR endpoint URL, your network, proxy and TLS settings."),
        .redirectHint = Text::tr("Requests carrying client credentials are not followed to other "
                                 "addresses. Use the final PAR endpoint URL."),
        .clientHint = Text::tr("Check the PAR endpoint URL and the client settings."),
        .pageHint = Text::tr("The URL may point at a login page or a proxy. Check the PAR endpoint URL."),
        .bodyHint = checkUrl,
    };
}

Sentences deviceSentences()
{
    const QString checkUrl = Text::tr("Check the device authorization endpoint in the environment.");
    return {
        .timeout = Text::tr("The device authorization endpoint did not answer in time"),
        .tooLarge = Text::tr("The device authorization endpoint sent an oversized response"),
        .untrustedCertificate = Text::tr("The device authorization endpoint's certificate is not trusted"),
        .network = Text::tr("Could not reach the device authorization endpoint"),
        .redirect = Text::tr("The device authorization endpoint answered with a redirect (HTTP %1)"),
        .refused = Text::tr("The device authorization endpoint refused the request: %1"),
        .httpError = Text::tr("The device authorization endpoint answered HTTP %1"),
        .htmlErrorPage
        = Text::tr("The device authorization endpoint answered HTTP %1 with a web page instead of JSON"),
        .emptyBody = Text::tr("The device authorization endpoint answered with an empty body"),
        .htmlBody = Text::tr("The device authorization endpoint answered with a web page instead of JSON"),
        .notJson = Text::tr("The device authorization endpoint's answer is not JSON"),
        .notAnObject = Text::tr("The device authorization endpoint's answer is not a JSON object"),
        .timeoutHint = Text::tr("Check that the provider is reachable, then try again."),
        .tooLargeHint = checkUrl,
        .networkHint
        = Text::tr("Check the device authorization endpoint URL, your network, proxy and TLS settings."),
        .redirectHint = Text::tr(
            "Requests carrying client credentials are not followed to other addresses. Use the final URL."),
        .clientHint = checkUrl,
        .pageHint = checkUrl,
        .bodyHint = checkUrl,
    };
}

// Revocation, introspection and UserInfo share their hints; only the sentences name the endpoint.
Sentences withEndpointsHints(Sentences sentences, const QString& checkUrl)
{
    sentences.timeoutHint = Text::tr("Check that the provider is reachable, then try again.");
    sentences.tooLargeHint = checkUrl;
    sentences.networkHint = Text::tr("Check the endpoint URL, your network, proxy and TLS settings.");
    sentences.redirectHint = Text::tr("Requests with credentials are not followed to other "
                                      "addresses. Use the final endpoint URL (Discover fills it in).");
    sentences.clientHint = Text::tr("Check the endpoint URL and the client settings.");
    sentences.pageHint
        = Text::tr("The URL may point at a login page or a proxy. Check the endpoint URL (use Discover).");
    sentences.bodyHint = checkUrl;
    return sentences;
}

Sentences revocationSentences()
{
    // RFC 7009 §2.2: the body of a 2xx answer means nothing, so no sentence about its shape.
    return withEndpointsHints(
        {
            .timeout = Text::tr("The revocation endpoint did not answer in time"),
            .tooLarge = Text::tr("The revocation endpoint sent an oversized response"),
            .untrustedCertificate = Text::tr("The revocation endpoint's certificate is not trusted"),
            .network = Text::tr("Could not reach the revocation endpoint"),
            .redirect = Text::tr("The revocation endpoint answered with a redirect (HTTP %1)"),
            .refused = Text::tr("The revocation endpoint refused the request: %1"),
            .httpError = Text::tr("The revocation endpoint answered HTTP %1"),
            .htmlErrorPage = Text::tr("The revocation endpoint answered HTTP %1 with a web page"),
        },
        Text::tr("Check the revocation endpoint URL in the environment."));
}

Sentences introspectionSentences()
{
    return withEndpointsHints(
        {
            .timeout = Text::tr("The introspection endpoint did not answer in time"),
            .tooLarge = Text::tr("The introspection endpoint sent an oversized response"),
            .untrustedCertificate = Text::tr("The introspection endpoint's certificate is not trusted"),
            .network = Text::tr("Could not reach the introspection endpoint"),
            .redirect = Text::tr("The introspection endpoint answered with a redirect (HTTP %1)"),
            .refused = Text::tr("The introspection endpoint refused the request: %1"),
            .httpError = Text::tr("The introspection endpoint answered HTTP %1"),
            .htmlErrorPage = Text::tr("The introspection endpoint answered HTTP %1 with a web page"),
            .emptyBody = Text::tr("The introspection endpoint answered with an empty body"),
            .htmlBody = Text::tr("The introspection endpoint answered with a web page instead of JSON"),
            .notJson = Text::tr("The introspection endpoint's answer is not JSON"),
            .notAnObject = Text::tr("The introspection endpoint's answer is not a JSON object"),
        },
        Text::tr("Check the introspection endpoint URL in the environment."));
}

Sentences userInfoSentences()
{
    return withEndpointsHints(
        {
            .timeout = Text::tr("The UserInfo endpoint did not answer in time"),
            .tooLarge = Text::tr("The UserInfo endpoint sent an oversized response"),
            .untrustedCertificate = Text::tr("The UserInfo endpoint's certificate is not trusted"),
            .network = Text::tr("Could not reach the UserInfo endpoint"),
            .redirect = Text::tr("The UserInfo endpoint answered with a redirect (HTTP %1)"),
            .refused = Text::tr("The UserInfo endpoint refused the request: %1"),
            .httpError = Text::tr("The UserInfo endpoint answered HTTP %1"),
            .htmlErrorPage = Text::tr("The UserInfo endpoint answered HTTP %1 with a web page"),
            .emptyBody = Text::tr("The UserInfo endpoint answered with an empty body"),
            .htmlBody = Text::tr("The UserInfo endpoint answered with a web page instead of JSON"),
            .notJson = Text::tr("The UserInfo endpoint's answer is not JSON"),
            .notAnObject = Text::tr("The UserInfo endpoint's answer is not a JSON object"),
        },
        Text::tr("Check the UserInfo endpoint URL in the environment."));
}

Sentences jwksSentences()
{
    // A key set is a public document: no OAuth error object to read (RFC 6749 §5.2 is not about it).
    const QString checkUri = Text::tr("Check the JWKS URI of the environment (use Discover).");
    return {
        .timeout = Text::tr("The provider's key set (JWKS) did not arrive in time"),
        .tooLarge = Text::tr("The provider's key set (JWKS) is too large"),
        .untrustedCertificate = Text::tr("The certificate of the provider's key set (JWKS) address is not "
                                         "trusted"),
        .network = Text::tr("Could not fetch the provider's key set (JWKS)"),
        .redirect = Text::tr("The provider's key set (JWKS) address redirected elsewhere (HTTP %1)"),
        .httpError = Text::tr("The provider answered HTTP %1 instead of its key set (JWKS)"),
        .htmlErrorPage
        = Text::tr("The provider answered HTTP %1 with a web page instead of its key set (JWKS)"),
        .emptyBody = Text::tr("The provider answered with an empty body instead of its key set (JWKS)"),
        .htmlBody = Text::tr("The provider answered with a web page instead of its key set (JWKS)"),
        .notJson = Text::tr("The provider's key set (JWKS) is not valid JSON"),
        .notAnObject = Text::tr("The provider's key set (JWKS) is not a JSON object"),
        .timeoutHint = Text::tr("Check that the provider is reachable, then sign in again."),
        .tooLargeHint = Text::tr("Check the JWKS URI of the environment: this is not a key set."),
        .networkHint = Text::tr("Check the JWKS URI, your network, proxy and TLS settings."),
        .redirectHint = Text::tr("Keys are fetched only from the origin the JWKS URI names (RFC 8725 §3.10). "
                                 "Check the JWKS URI of the environment (use Discover)."),
        .clientHint = checkUri,
        .pageHint
        = Text::tr("The JWKS URI may point at a login page, a portal or a proxy. Check it (use Discover)."),
        .bodyHint = checkUri,
    };
}

Sentences discoverySentences()
{
    // Metadata is a public document: no OAuth error object to read (RFC 6749 §5.2 is not about it).
    const QString checkIssuer = Text::tr("Check the issuer URL.");
    return {
        .timeout = Text::tr("The provider's metadata did not arrive in time"),
        .tooLarge = Text::tr("The provider's metadata is too large"),
        .untrustedCertificate = Text::tr("The provider's certificate is not trusted"),
        .network = Text::tr("Could not reach the provider"),
        .redirect = Text::tr("The provider's metadata address redirected elsewhere (HTTP %1)"),
        .httpError = Text::tr("The provider answered HTTP %1 instead of its metadata"),
        .htmlErrorPage = Text::tr("The provider answered HTTP %1 with a web page instead of its metadata"),
        // An empty body is reported as the document that is not JSON it is.
        .emptyBody = Text::tr("The provider's metadata is not JSON"),
        .htmlBody = Text::tr("The provider answered with a web page instead of its metadata"),
        .notJson = Text::tr("The provider's metadata is not JSON"),
        .notAnObject = Text::tr("The provider's metadata is not a JSON object"),
        .timeoutHint = Text::tr("Check that the provider is reachable, then try again."),
        .tooLargeHint = Text::tr("Check the issuer URL: this is not a metadata document."),
        .networkHint = Text::tr("Check the issuer URL, your network, proxy and TLS settings."),
        .redirectHint = Text::tr(
            "A redirect to a less safe address (https to http) is not followed. Check the issuer URL."),
        .clientHint = checkIssuer,
        .pageHint = Text::tr("The issuer URL may point at a login page, a portal or a proxy. Check it."),
        .bodyHint = checkIssuer,
    };
}

Sentences sentences(Endpoint endpoint)
{
    static_assert(int(Endpoint::Discovery) == 7, "one entry per endpoint, in the order of the enum");
    static constexpr std::array<Sentences (*)(), 8> byEndpoint {tokenSentences, parSentences, deviceSentences,
        revocationSentences, introspectionSentences, userInfoSentences, jwksSentences, discoverySentences};
    return byEndpoint.at(std::size_t(endpoint))();
}

// One code per rung for every endpoint, except the coarser codes a few endpoints reported before they
// shared the ladder: discovery moves on to the RFC 8414 address on "non_json", and callers and tests of
// revocation, introspection and discovery know these.
QString codeFor(Endpoint endpoint, Problem problem)
{
    const bool discovery = endpoint == Endpoint::Discovery;
    if (problem == Problem::HtmlErrorPage && (discovery || endpoint == Endpoint::Revocation))
        return QStringLiteral("http_error");
    if ((problem == Problem::EmptyBody && discovery)
        || (problem == Problem::HtmlBody && endpoint == Endpoint::Introspection))
        return QStringLiteral("non_json");
    if (problem == Problem::NotAnObject && discovery)
        return QStringLiteral("not_an_object");
    static_assert(int(Problem::NotAnObject) == 12, "one code per rung, in the order of the ladder");
    static constexpr std::array<const char*, 13> codes {"", "timeout", "too_large", "untrusted_certificate",
        "network", "redirect", "", "html_error", "http_error", "empty_body", "html_body", "non_json",
        "array_body"};
    return QString::fromLatin1(codes.at(std::size_t(problem)));
}

// RFC 6749 §5.2 error objects come from OAuth endpoints; the key set and the metadata are documents.
bool readsErrorObjects(Endpoint endpoint)
{
    return endpoint != Endpoint::Jwks && endpoint != Endpoint::Discovery;
}

// The system's words, and the fingerprint the user compares before trusting the certificate.
QString certificateDetail(const Http::HttpResponse& response)
{
    const QString fingerprint
        = CertificateFingerprint::fromDigest(response.untrustedCertificateSha256).toString();
    if (response.errorString.contains(fingerprint))
        return response.errorString;
    const QString line = Text::tr("Its SHA-256 fingerprint is %1.").arg(fingerprint);
    return response.errorString.isEmpty() ? line : response.errorString + u'\n' + line;
}

EndpointAnswer failure(
    Endpoint endpoint, Problem problem, const QString& summary, const QString& detail, const QString& hint)
{
    return {problem, {summary, detail, hint, codeFor(endpoint, problem)}, {}};
}

} // namespace

QString excerpt(const QByteArray& body)
{
    QString text = QString::fromUtf8(body.left(excerptLength)).simplified();
    if (body.size() > excerptLength)
        text += QStringLiteral(" …");
    return text;
}

std::optional<qint64> wholeSeconds(const QJsonValue& value, qint64 limit)
{
    return durationSeconds(value, limit);
}

Http::NetworkClient::Options credentialRequestOptions(const QString& purpose,
    std::chrono::milliseconds timeout, const QList<CertificateFingerprint>& trustedCertificates)
{
    Http::NetworkClient::Options options;
    options.followRedirects = false;
    options.timeout = timeout;
    options.maxBodyBytes = 1 << 20;
    options.purpose = purpose;
    options.trustedCertificates = trustedCertificates;
    options.carriesCredentials = true;
    return options;
}

Http::NetworkClient::Options credentialRequestOptions(
    const QString& purpose, std::chrono::milliseconds timeout, const ClientConfig& config)
{
    Http::NetworkClient::Options options
        = credentialRequestOptions(purpose, timeout, config.trustedCertificates);
    options.allowPlainHttp = config.allowPlainHttp;
    return options;
}

Error withClientAuthenticationCause(const Error& error, int status, ClientAuthentication method)
{
    if (error.isNull() || method == ClientAuthentication::None)
        return error;
    const bool aboutTheClient
        = error.code == QLatin1String("invalid_client") || error.code == QLatin1String("unauthorized_client");
    const bool refused = (status == 401 || status == 403) && error.code != QLatin1String("invalid_grant")
        && error.code != QLatin1String("invalid_scope");
    if (!aboutTheClient && !refused)
        return error;
    // The provider named the cause itself (AADSTS7000215, Keycloak's "Invalid client credentials"): that
    // beats a guess.
    if (!explainProviderError(error.code, error.detail).providerMeaning.isEmpty())
        return error;
    const QString name = toString(method);
    QString credential;
    if (method == ClientAuthentication::PrivateKeyJwt) {
        credential
            = Text::tr("The private key may not be the one registered at the provider (or its key id is "
                       "wrong), or the provider expects another authentication method than %1: check both "
                       "in the environment.")
                  .arg(name);
    } else if (method == ClientAuthentication::ClientSecretJwt) {
        credential
            = Text::tr("The client secret that signs the assertion may be wrong or expired, or the provider "
                       "expects another authentication method than %1: check both in the environment.")
                  .arg(name);
    } else {
        credential = Text::tr("The client secret may be wrong or expired, or the provider expects another "
                              "authentication method than %1: check both in the environment.")
                         .arg(name);
    }
    Error named = error;
    named.hint = credential + u' '
        + (error.code == QLatin1String("invalid_client")
                ? Text::tr("Check the client id as well.")
                : Text::tr(
                    "Otherwise the client may not be allowed this grant: check its registration at the "
                    "provider."));
    return named;
}

void appendDetail(Error* error, const QString& line)
{
    error->detail = error->detail.isEmpty() ? line : error->detail + u'\n' + line;
}

EndpointAnswer classifyEndpointAnswer(Endpoint endpoint, const Http::HttpResponse& response)
{
    const Sentences text = sentences(endpoint);
    const auto fail = [endpoint](Problem problem, const QString& summary, const QString& detail,
                          const QString& hint) { return failure(endpoint, problem, summary, detail, hint); };

    if (response.isTransportFailure()) {
        if (response.timedOut)
            return fail(Problem::Timeout, text.timeout, response.errorString, text.timeoutHint);
        if (response.tooLarge)
            return fail(Problem::TooLarge, text.tooLarge, response.errorString, text.tooLargeHint);
        if (!response.untrustedCertificateSha256.isEmpty()) {
            return fail(Problem::UntrustedCertificate, text.untrustedCertificate, certificateDetail(response),
                Text::tr(
                    "If this is a sandbox with a self-signed certificate, check the fingerprint with its "
                    "administrator and trust it in the environment's Sign-in settings."));
        }
        return fail(Problem::Network, text.network, response.errorString, text.networkHint);
    }
    const int status = response.status;
    // Credentials are never sent on to another address, and documents only within their origin: a
    // redirect that reaches this point was not followed.
    if (status >= 300 && status < 400) {
        return fail(Problem::Redirect, text.redirect.arg(status),
            QString::fromUtf8(response.header("location")), text.redirectHint);
    }

    const QByteArray trimmed = response.body.trimmed();
    const bool html = response.contentType().toLower().contains("html") || trimmed.startsWith('<');
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(trimmed, &parseError);
    const bool isJson = parseError.error == QJsonParseError::NoError;

    if (status < 200 || status >= 300) {
        // RFC 6749 §5.2: a JSON error object, shown in the provider's own words.
        const QJsonObject object = document.object();
        if (const QString code = object.value(QLatin1String("error")).toString();
            readsErrorObjects(endpoint) && !code.isEmpty()) {
            const QString description = object.value(QLatin1String("error_description")).toString();
            QString detail = description;
            if (const QString uri = object.value(QLatin1String("error_uri")).toString(); !uri.isEmpty())
                detail += (detail.isEmpty() ? QString() : QStringLiteral("\n")) + uri;
            const QString hint = explainProviderError(code, description).text();
            return {Problem::ProviderError,
                {text.refused.arg(code), detail, hint.isEmpty() ? text.clientHint : hint, code}, {}};
        }
        const QString hint = status >= 500 ? Text::tr("The provider has a problem. Try again later.")
            : html                         ? text.pageHint
                                           : text.clientHint;
        if (html)
            return fail(Problem::HtmlErrorPage, text.htmlErrorPage.arg(status), excerpt(response.body), hint);
        return fail(Problem::HttpError, text.httpError.arg(status), excerpt(response.body), hint);
    }

    // RFC 7009 §2.2: a revocation's 200 is the whole answer. OIDC Core §5.3.2: UserInfo may answer with
    // a signed JWT instead of JSON.
    if (endpoint == Endpoint::Revocation
        || (endpoint == Endpoint::UserInfo && response.contentType().toLower().startsWith("application/jwt")))
        return {};
    if (trimmed.isEmpty())
        return fail(Problem::EmptyBody, text.emptyBody, Text::tr("The body is empty."), text.bodyHint);
    if (!isJson) {
        if (html)
            return fail(Problem::HtmlBody, text.htmlBody, excerpt(response.body), text.pageHint);
        return fail(Problem::NotJson, text.notJson, excerpt(response.body), text.bodyHint);
    }
    if (!document.isObject())
        return fail(Problem::NotAnObject, text.notAnObject, excerpt(response.body), text.bodyHint);
    return {Problem::None, {}, document.object()};
}

} // namespace Tokenscope::OAuth
