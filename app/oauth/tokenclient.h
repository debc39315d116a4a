#pragma once

#include "clientconfig.h"
#include "deviceauthorization.h"
#include "tokenset.h"

#include <QObject>

#include <chrono>
#include <functional>

namespace Tokenscope::Http {
class NetworkClient;
}

namespace Tokenscope::OAuth {

// Talks to the token endpoint: code exchange (RFC 6749 §4.1.3), refresh (§6), client credentials
// (§4.4) and the device grant (RFC 8628), with the client authentication the environment asks for.
// Also the device authorization endpoint, which takes the same client authentication.
class TokenClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenClient)

public:
    using Handler = std::function<void(const TokenOutcome&)>;
    using DeviceHandler = std::function<void(const DeviceAuthorizationOutcome&)>;
    using Clock = std::function<QDateTime()>;

    explicit TokenClient(Http::NetworkClient* network, QObject* parent = nullptr);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    void exchangeCode(const ClientConfig& config, const QString& clientSecret, const QString& code,
        const QString& codeVerifier, QObject* context, Handler handler);
    void refresh(const ClientConfig& config, const QString& clientSecret, const QString& refreshToken,
        QObject* context, Handler handler);
    // RFC 6749 §4.4: a token for the client itself. A refresh token in the answer is dropped (§4.4.3: it
    // should not be there; a new token is simply requested again).
    void requestClientCredentials(
        const ClientConfig& config, const QString& clientSecret, QObject* context, Handler handler);
    // RFC 8628 §3.1: asks config.deviceAuthorizationEndpoint for a device code and a user code.
    void startDeviceAuthorization(
        const ClientConfig& config, const QString& clientSecret, QObject* context, DeviceHandler handler);
    // RFC 8628 §3.4: one poll of the token endpoint. authorization_pending and slow_down arrive as the
    // outcome's errorCode; the caller decides what to do.
    void pollDeviceToken(const ClientConfig& config, const QString& clientSecret, const QString& deviceCode,
        QObject* context, Handler handler);

private:
    void post(const ClientConfig& config, const QString& clientSecret, QList<QPair<QString, QString>> fields,
        const QString& requestedScope, const QString& purpose, QObject* context, Handler handler);
    void send(const QUrl& endpoint, const ClientConfig& config, const QString& clientSecret,
        QList<QPair<QString, QString>> fields, const QString& purpose, QObject* context,
        std::function<void(const Http::HttpResponse&)> handler);

    Http::NetworkClient* m_network;
    Clock m_clock;
    std::chrono::milliseconds m_timeout {30000};
};

} // namespace Tokenscope::OAuth
