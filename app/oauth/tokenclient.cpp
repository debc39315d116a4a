#include "tokenclient.h"

#include "http/formencoding.h"
#include "http/networkclient.h"

#include <QNetworkRequest>

namespace Tokenscope::OAuth {

void applyClientAuthentication(const ClientConfig& config, const QString& clientSecret,
    QNetworkRequest* request, QList<QPair<QString, QString>>* fields)
{
    request->setRawHeader("Content-Type", "application/x-www-form-urlencoded");
    request->setRawHeader("Accept", "application/json");
    switch (config.clientAuthentication) {
    case ClientAuthentication::ClientSecretBasic:
        // RFC 6749 §2.3.1: id and secret are form-urlencoded before Base64, which most clients forget.
        {
            const QByteArray credentials
                = Http::formEncodeComponent(config.clientId) + ':' + Http::formEncodeComponent(clientSecret);
            request->setRawHeader("Authorization", "Basic " + credentials.toBase64());
        }
        break;
    case ClientAuthentication::ClientSecretPost:
        fields->append({QStringLiteral("client_id"), config.clientId});
        fields->append({QStringLiteral("client_secret"), clientSecret});
        break;
    case ClientAuthentication::None:
        // A public client identifies itself, and never sends an empty client_secret.
        fields->append({QStringLiteral("client_id"), config.clientId});
        break;
    }
}

TokenClient::TokenClient(Http::NetworkClient* network, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{ }

void TokenClient::exchangeCode(const ClientConfig& config, const QString& clientSecret, const QString& code,
    const QString& codeVerifier, QObject* context, Handler handler)
{
    post(config, clientSecret,
        {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")}, {QStringLiteral("code"), code},
            // RFC 6749 §4.1.3: the same redirect_uri as in the authorization request.
            {QStringLiteral("redirect_uri"), config.redirectUri.toString(QUrl::FullyEncoded)},
            {QStringLiteral("code_verifier"), codeVerifier}},
        config.scope, tr("Token request (authorization code)"), context, std::move(handler));
}

void TokenClient::refresh(const ClientConfig& config, const QString& clientSecret,
    const QString& refreshToken, QObject* context, Handler handler)
{
    post(config, clientSecret,
        {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
            {QStringLiteral("refresh_token"), refreshToken}},
        config.scope, tr("Token request (refresh)"), context, std::move(handler));
}

void TokenClient::post(const ClientConfig& config, const QString& clientSecret,
    QList<QPair<QString, QString>> fields, const QString& requestedScope, const QString& purpose,
    QObject* context, Handler handler)
{
    QNetworkRequest request(config.tokenEndpoint);
    applyClientAuthentication(config, clientSecret, &request, &fields);

    Http::NetworkClient::Options options;
    options.followRedirects = false;
    options.timeout = m_timeout;
    options.maxBodyBytes = 1 << 20; // a token response is a few KiB; a megabyte is already an error
    options.purpose = purpose;
    options.trustedCertificates = config.trustedCertificates;
    const Clock clock = m_clock;
    m_network->send("POST", request, Http::formEncode(fields), options, context,
        [handler = std::move(handler), requestedScope, clock](const Http::HttpResponse& response) {
            handler(parseTokenResponse(response, requestedScope, clock()));
        });
}

} // namespace Tokenscope::OAuth
