#include "tokenclient.h"

#include "clientauthentication.h"
#include "endpointanswer.h"
#include "flowlog.h"
#include "networkclient.h"
#include "numericdate.h"
#include "secretbytes.h"

#include <QJsonObject>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

namespace Tokenscope::OAuth {

namespace {

// Every secret a request carries, registered with the flow log before the request is logged, so it is
// masked wherever it turns up later too: echoed by an API, re-encoded, under a name no rule knows.
void registerSecrets(Http::FlowLog* log, const QString& clientSecret, const Http::FormFields& form)
{
    if (!log)
        return;
    log->registerSecret(clientSecret);
    for (const auto& [name, value] : form) {
        if (Http::Redaction::isSecretName(name))
            log->registerSecret(value);
    }
}

void registerTokens(Http::FlowLog* log, const std::optional<TokenSet>& tokens)
{
    if (!log || !tokens)
        return;
    for (const QString& token : {tokens->accessToken, tokens->refreshToken, tokens->idToken})
        log->registerSecret(token);
}

} // namespace

ParOutcome parseParResponse(const Http::HttpResponse& response)
{
    const EndpointAnswer answer = classifyEndpointAnswer(Endpoint::PushedAuthorization, response);
    if (!answer.ok())
        return failedOutcome<ParOutcome>(answer.error);
    const QString requestUri = answer.object.value(QLatin1String("request_uri")).toString();
    if (requestUri.isEmpty()) {
        return failedOutcome<ParOutcome>(
            {TokenClient::tr("The pushed authorization request response has no request_uri"),
                excerpt(response.body), TokenClient::tr("Check the PAR endpoint URL in the environment."),
                QStringLiteral("missing_request_uri")});
    }
    // RFC 9126 §2.2: a short lifetime in seconds; one that is not a sane number is left unknown (0).
    constexpr qint64 parLifetimeLimit = qint64 {24} * 3600;
    return {requestUri,
        durationSeconds(answer.object.value(QLatin1String("expires_in")), parLifetimeLimit).value_or(0), {}};
}

TokenClient::TokenClient(Http::NetworkClient* network, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{ }

void TokenClient::exchangeCode(const ClientConfig& config, const QString& clientSecret, const QString& code,
    const QString& codeVerifier, QObject* context, const Handler& handler)
{
    QList<QPair<QString, QString>> fields {
        {QStringLiteral("grant_type"), QStringLiteral("authorization_code")}, {QStringLiteral("code"), code},
        // RFC 6749 §4.1.3: the same redirect_uri as in the authorization request.
        {QStringLiteral("redirect_uri"), config.redirectUri.toString(QUrl::FullyEncoded)}};
    // Without PKCE (a legacy server, pkceMethod "none") there is no verifier to send.
    if (!codeVerifier.isEmpty())
        fields.append({QStringLiteral("code_verifier"), codeVerifier});
    post(config, clientSecret, std::move(fields), config.scope, tr("Token request (authorization code)"),
        context, handler);
}

void TokenClient::refresh(const ClientConfig& config, const QString& clientSecret,
    const QString& refreshToken, QObject* context, const Handler& handler)
{
    post(config, clientSecret,
        {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
            {QStringLiteral("refresh_token"), refreshToken}},
        config.scope, tr("Token request (refresh)"), context, handler);
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
    const ClientConfig& config, const QString& clientSecret, QObject* context, const DeviceHandler& handler)
{
    QList<QPair<QString, QString>> fields;
    if (!config.scope.trimmed().isEmpty())
        fields.append({QStringLiteral("scope"), config.scope.simplified()});
    const Clock clock = m_clock;
    const QPointer<Http::FlowLog> log = m_network->flowLog();
    send(
        config.deviceAuthorizationEndpoint, config, clientSecret, std::move(fields),
        tr("Device authorization request"), context,
        [handler, clock, log, method = config.clientAuthentication](const Http::HttpResponse& response) {
            DeviceAuthorizationOutcome outcome = parseDeviceAuthorizationResponse(response, clock());
            if (log && outcome.authorization)
                log->registerSecret(outcome.authorization->deviceCode);
            outcome.error = withClientAuthenticationCause(outcome.error, response.status, method);
            handler(outcome);
        },
        [handler](const Error& error) { handler(failedOutcome<DeviceAuthorizationOutcome>(error)); });
}

void TokenClient::pollDeviceToken(const ClientConfig& config, const QString& clientSecret,
    const QString& deviceCode, QObject* context, const Handler& handler)
{
    post(config, clientSecret,
        {{QStringLiteral("grant_type"), QStringLiteral("urn:ietf:params:oauth:grant-type:device_code")},
            {QStringLiteral("device_code"), deviceCode}},
        config.scope, tr("Token request (device code)"), context, handler);
}

void TokenClient::post(const ClientConfig& config, const QString& clientSecret,
    QList<QPair<QString, QString>> fields, const QString& requestedScope, const QString& purpose,
    QObject* context, const Handler& handler)
{
    const Clock clock = m_clock;
    const QPointer<Http::FlowLog> log = m_network->flowLog();
    send(
        config.tokenEndpoint, config, clientSecret, std::move(fields), purpose, context,
        [handler, requestedScope, clock, log, method = config.clientAuthentication](
            const Http::HttpResponse& response) {
            TokenOutcome outcome = parseTokenResponse(response, requestedScope, clock());
            registerTokens(log, outcome.tokens);
            outcome.error = withClientAuthenticationCause(outcome.error, response.status, method);
            handler(outcome);
        },
        [handler](const Error& error) { handler(failedOutcome<TokenOutcome>(error)); });
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
    registerSecrets(m_network->flowLog(), clientSecret, form);
    // Wiped when dropped unless the network still holds it (see SecretBytes); the same for the query.
    const SecretBytes body(Http::formEncode(form));
    const bool inQuery = config.tokenParametersInQuery;
    if (inQuery) {
        // Non-standard (RFC 6749 §3.2 wants the body): every parameter after any query the endpoint
        // already has, and an empty body.
        const QByteArray existing = url.query(QUrl::FullyEncoded).toLatin1();
        const SecretBytes query(existing.isEmpty() ? body.bytes() : existing + '&' + body.bytes());
        url.setQuery(QString::fromLatin1(query.bytes()), QUrl::StrictMode);
    }
    request.setUrl(url);

    m_network->send("POST", request, inQuery ? QByteArray() : body.bytes(),
        credentialRequestOptions(purpose, m_timeout, config), context, std::move(handler));
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
    const Error authError = applyClientAuthentication(config, clientSecret, m_clock(), &request, &auth);
    if (!authError.isNull()) {
        QTimer::singleShot(0, context, [handler = std::move(handler), authError] {
            handler({{}, 0, authError});
        });
        return;
    }
    for (const auto& field : std::as_const(auth)) {
        if (field.first != QLatin1String("client_id"))
            form.append(field);
    }
    registerSecrets(m_network->flowLog(), clientSecret, form);
    const SecretBytes body(Http::formEncode(form));
    m_network->send("POST", request, body.bytes(),
        credentialRequestOptions(tr("Pushed authorization request"), m_timeout, config), context,
        [handler = std::move(handler), method = config.clientAuthentication](
            const Http::HttpResponse& response) {
            ParOutcome outcome = parseParResponse(response);
            outcome.error = withClientAuthenticationCause(outcome.error, response.status, method);
            handler(outcome);
        });
}

} // namespace Tokenscope::OAuth
