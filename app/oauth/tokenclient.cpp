#include "tokenclient.h"

#include "callback.h"
#include "clientauthentication.h"
#include "networkclient.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QTimer>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::TokenClient)
};

ParOutcome parFailure(const QString& code, const QString& summary, const QString& detail, const QString& hint)
{
    return {{}, 0, {summary, detail, hint, code}};
}

QString excerpt(const QByteArray& body)
{
    QString text = QString::fromUtf8(body.left(400)).simplified();
    if (body.size() > 400)
        text += QStringLiteral(" …");
    return text;
}

} // namespace

ParOutcome parseParResponse(const Http::HttpResponse& response)
{
    if (response.isTransportFailure()) {
        if (response.timedOut) {
            return parFailure(QStringLiteral("timeout"),
                Text::tr("The pushed authorization request endpoint did not answer in time"),
                response.errorString, Text::tr("Check that the provider is reachable, then try again."));
        }
        if (!response.untrustedCertificateSha256.isEmpty()) {
            return parFailure(QStringLiteral("untrusted_certificate"),
                Text::tr("The pushed authorization request endpoint's certificate is not trusted"),
                response.errorString,
                Text::tr(
                    "If this is a sandbox with a self-signed certificate, check the fingerprint with its "
                    "administrator and trust it in the environment's Sign-in settings."));
        }
        return parFailure(QStringLiteral("network"),
            Text::tr("Could not reach the pushed authorization request endpoint"), response.errorString,
            Text::tr("Check the PAR endpoint URL, your network, proxy and TLS settings."));
    }
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(response.body.trimmed(), &parseError);
    const bool isObject = parseError.error == QJsonParseError::NoError && document.isObject();
    if (response.status < 200 || response.status >= 300) {
        // RFC 9126 §2.3: errors as at the token endpoint (RFC 6749 §5.2); the provider's own words.
        if (isObject && document.object().value(QLatin1String("error")).isString()) {
            const QJsonObject object = document.object();
            const QString code = object.value(QLatin1String("error")).toString();
            QString detail = object.value(QLatin1String("error_description")).toString();
            if (const QString uri = object.value(QLatin1String("error_uri")).toString(); !uri.isEmpty())
                detail += (detail.isEmpty() ? QString() : QStringLiteral("\n")) + uri;
            return parFailure(code,
                Text::tr("The pushed authorization request endpoint refused the request: %1").arg(code),
                detail, hintForErrorCode(code));
        }
        return parFailure(QStringLiteral("http_error"),
            Text::tr("The pushed authorization request endpoint answered HTTP %1").arg(response.status),
            excerpt(response.body),
            response.status >= 500 ? Text::tr("The provider has a problem. Try again later.")
                                   : Text::tr("Check the PAR endpoint URL and the client settings."));
    }
    if (!isObject) {
        return parFailure(QStringLiteral("non_json"),
            Text::tr("The pushed authorization request endpoint's answer is not a JSON object"),
            excerpt(response.body), Text::tr("Check the PAR endpoint URL in the environment."));
    }
    const QJsonObject object = document.object();
    const QString requestUri = object.value(QLatin1String("request_uri")).toString();
    if (requestUri.isEmpty()) {
        return parFailure(QStringLiteral("missing_request_uri"),
            Text::tr("The pushed authorization request response has no request_uri"), excerpt(response.body),
            Text::tr("Check the PAR endpoint URL in the environment."));
    }
    return {requestUri, qint64(object.value(QLatin1String("expires_in")).toDouble()), {}};
}

TokenClient::TokenClient(Http::NetworkClient* network, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{ }

void TokenClient::exchangeCode(const ClientConfig& config, const QString& clientSecret, const QString& code,
    const QString& codeVerifier, QObject* context, Handler handler)
{
    QList<QPair<QString, QString>> fields {
        {QStringLiteral("grant_type"), QStringLiteral("authorization_code")}, {QStringLiteral("code"), code},
        // RFC 6749 §4.1.3: the same redirect_uri as in the authorization request.
        {QStringLiteral("redirect_uri"), config.redirectUri.toString(QUrl::FullyEncoded)}};
    // Without PKCE (a legacy server, pkceMethod "none") there is no verifier to send.
    if (!codeVerifier.isEmpty())
        fields.append({QStringLiteral("code_verifier"), codeVerifier});
    post(config, clientSecret, std::move(fields), config.scope, tr("Token request (authorization code)"),
        context, std::move(handler));
}

void TokenClient::refresh(const ClientConfig& config, const QString& clientSecret,
    const QString& refreshToken, QObject* context, Handler handler)
{
    post(config, clientSecret,
        {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
            {QStringLiteral("refresh_token"), refreshToken}},
        config.scope, tr("Token request (refresh)"), context, std::move(handler));
}

void TokenClient::requestClientCredentials(
    const ClientConfig& config, const QString& clientSecret, QObject* context, Handler handler)
{
    QList<QPair<QString, QString>> fields {
        {QStringLiteral("grant_type"), QStringLiteral("client_credentials")}};
    if (!config.scope.trimmed().isEmpty())
        fields.append({QStringLiteral("scope"), config.scope.simplified()});
    post(config, clientSecret, std::move(fields), config.scope, tr("Token request (client credentials)"),
        context, [handler = std::move(handler)](const TokenOutcome& outcome) {
            TokenOutcome result = outcome;
            if (result.tokens)
                result.tokens->refreshToken.clear(); // RFC 6749 §4.4.3
            handler(result);
        });
}

void TokenClient::startDeviceAuthorization(
    const ClientConfig& config, const QString& clientSecret, QObject* context, DeviceHandler handler)
{
    QList<QPair<QString, QString>> fields;
    if (!config.scope.trimmed().isEmpty())
        fields.append({QStringLiteral("scope"), config.scope.simplified()});
    const Clock clock = m_clock;
    send(
        config.deviceAuthorizationEndpoint, config, clientSecret, std::move(fields),
        tr("Device authorization request"), context,
        [handler, clock](const Http::HttpResponse& response) {
            handler(parseDeviceAuthorizationResponse(response, clock()));
        },
        [handler](const Error& error) {
            DeviceAuthorizationOutcome outcome;
            outcome.error = error;
            outcome.error.code = QStringLiteral("client_assertion");
            handler(outcome);
        });
}

void TokenClient::pollDeviceToken(const ClientConfig& config, const QString& clientSecret,
    const QString& deviceCode, QObject* context, Handler handler)
{
    post(config, clientSecret,
        {{QStringLiteral("grant_type"), QStringLiteral("urn:ietf:params:oauth:grant-type:device_code")},
            {QStringLiteral("device_code"), deviceCode}},
        config.scope, tr("Token request (device code)"), context, std::move(handler));
}

void TokenClient::post(const ClientConfig& config, const QString& clientSecret,
    QList<QPair<QString, QString>> fields, const QString& requestedScope, const QString& purpose,
    QObject* context, Handler handler)
{
    const Clock clock = m_clock;
    send(
        config.tokenEndpoint, config, clientSecret, std::move(fields), purpose, context,
        [handler, requestedScope, clock](const Http::HttpResponse& response) {
            handler(parseTokenResponse(response, requestedScope, clock()));
        },
        [handler](Error error) {
            error.code = QStringLiteral("client_assertion");
            handler({{}, error});
        });
}

void TokenClient::send(const QUrl& endpoint, const ClientConfig& config, const QString& clientSecret,
    QList<QPair<QString, QString>> fields, const QString& purpose, QObject* context,
    std::function<void(const Http::HttpResponse&)> handler, std::function<void(const Error&)> refused)
{
    QUrl url = endpoint;
    QNetworkRequest request;
    request.setRawHeader("Content-Type", "application/x-www-form-urlencoded");
    request.setRawHeader("Accept", "application/json");
    Http::FormFields form = std::move(fields);
    const Error authError = applyClientAuthentication(config, clientSecret, m_clock(), &request, &form);
    if (!authError.isNull()) {
        // Nothing is sent when the credential cannot be used (a key that does not sign); reported later,
        // never before this returns.
        QTimer::singleShot(0, context, [refused = std::move(refused), authError] { refused(authError); });
        return;
    }
    QByteArray body = Http::formEncode(form);
    if (config.tokenParametersInQuery) {
        // Non-standard (RFC 6749 §3.2 wants the body): every parameter after any query the endpoint
        // already has, and an empty body.
        const QByteArray existing = url.query(QUrl::FullyEncoded).toLatin1();
        url.setQuery(
            QString::fromLatin1(existing.isEmpty() ? body : existing + '&' + body), QUrl::StrictMode);
        body.clear();
    }
    request.setUrl(url);

    Http::NetworkClient::Options options;
    options.followRedirects = false;
    options.timeout = m_timeout;
    options.maxBodyBytes = 1 << 20; // a token response is a few KiB; a megabyte is already an error
    options.purpose = purpose;
    options.trustedCertificates = config.trustedCertificates;
    m_network->send("POST", request, body, options, context, std::move(handler));
}

void TokenClient::pushAuthorizationRequest(const ClientConfig& config, const QString& clientSecret,
    const Http::FormFields& parameters, QObject* context, ParHandler handler)
{
    QNetworkRequest request(config.parEndpoint);
    request.setRawHeader("Content-Type", "application/x-www-form-urlencoded");
    request.setRawHeader("Accept", "application/json");
    Http::FormFields form = parameters;
    // client_id is already among the authorization parameters; the authentication adds its own copy for
    // the methods that send one in the body, and two equal client_id fields would be refused (§3.1).
    Http::FormFields auth;
    Error authError = applyClientAuthentication(config, clientSecret, m_clock(), &request, &auth);
    if (!authError.isNull()) {
        authError.code = QStringLiteral("client_assertion");
        QTimer::singleShot(0, context, [handler = std::move(handler), authError] {
            handler({{}, 0, authError});
        });
        return;
    }
    for (const auto& field : std::as_const(auth)) {
        if (field.first != QLatin1String("client_id"))
            form.append(field);
    }
    Http::NetworkClient::Options options;
    options.followRedirects = false;
    options.timeout = m_timeout;
    options.maxBodyBytes = 1 << 20;
    options.purpose = tr("Pushed authorization request");
    options.trustedCertificates = config.trustedCertificates;
    m_network->send("POST", request, Http::formEncode(form), options, context,
        [handler = std::move(handler)](
            const Http::HttpResponse& response) { handler(parseParResponse(response)); });
}

} // namespace Tokenscope::OAuth
