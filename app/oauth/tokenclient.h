#pragma once

#include "clientconfig.h"
#include "deviceauthorization.h"
#include "formencoding.h"
#include "tokenset.h"

#include <QObject>

#include <chrono>
#include <functional>

class QNetworkRequest;

namespace Tokenscope::Http {
class NetworkClient;
}

namespace Tokenscope::OAuth {

// The answer of a pushed authorization request endpoint (RFC 9126 §2.2).
struct ParOutcome
{
    QString requestUri; // empty on failure
    qint64 expiresIn = 0;
    Error error; // code: the provider's `error`, or ours ("network", "non_json", "missing_request_uri", …)

    bool ok() const { return error.isNull(); }
};

// Reads a PAR endpoint response: 201 with request_uri and expires_in, or an RFC 6749 §5.2 error object.
ParOutcome parseParResponse(const Http::HttpResponse& response);

// Talks to the token endpoint: code exchange (RFC 6749 §4.1.3), refresh (§6), client credentials (§4.4)
// and the device grant (RFC 8628), with the client authentication the environment asks for (a secret, or
// a signed assertion, RFC 7523); and to the pushed authorization request endpoint (RFC 9126) and the
// device authorization endpoint, which take the same client authentication. clientSecret is the environment's
// credential: the secret, or the PEM private key for private_key_jwt.
class TokenClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenClient)

public:
    using Handler = std::function<void(const TokenOutcome&)>;
    using ParHandler = std::function<void(const ParOutcome&)>;
    using DeviceHandler = std::function<void(const DeviceAuthorizationOutcome&)>;
    using Clock = std::function<QDateTime()>;

    explicit TokenClient(Http::NetworkClient* network, QObject* parent = nullptr);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    void exchangeCode(const ClientConfig& config, const QString& clientSecret, const QString& code,
        const QString& codeVerifier, QObject* context, const Handler& handler);
    void refresh(const ClientConfig& config, const QString& clientSecret, const QString& refreshToken,
        QObject* context, const Handler& handler);
    // RFC 9126 §2.1: posts the authorization request parameters to config.parEndpoint with the client's
    // authentication. The handler is called once, never before this returns.
    void pushAuthorizationRequest(const ClientConfig& config, const QString& clientSecret,
        const Http::FormFields& parameters, QObject* context, ParHandler handler);
    // RFC 6749 §4.4: a token for the client itself. A refresh token in the answer is dropped (§4.4.3: it
    // should not be there; a new token is simply requested again).
    void requestClientCredentials(
        const ClientConfig& config, const QString& clientSecret, QObject* context, Handler handler);
    // RFC 8628 §3.1: asks config.deviceAuthorizationEndpoint for a device code and a user code.
    void startDeviceAuthorization(const ClientConfig& config, const QString& clientSecret, QObject* context,
        const DeviceHandler& handler);
    // RFC 8628 §3.4: one poll of the token endpoint. authorization_pending and slow_down arrive as the
    // outcome's error code; the caller decides what to do.
    void pollDeviceToken(const ClientConfig& config, const QString& clientSecret, const QString& deviceCode,
        QObject* context, const Handler& handler);

private:
    void post(const ClientConfig& config, const QString& clientSecret, QList<QPair<QString, QString>> fields,
        const QString& requestedScope, const QString& purpose, QObject* context, const Handler& handler);
    // One form POST with the client's authentication; refused is called instead when the credential
    // cannot be used (a private key that does not sign), and nothing is sent.
    void send(const QUrl& endpoint, const ClientConfig& config, const QString& clientSecret,
        QList<QPair<QString, QString>> fields, const QString& purpose, QObject* context,
        std::function<void(const Http::HttpResponse&)> handler, std::function<void(const Error&)> refused);

    Http::NetworkClient* m_network;
    Clock m_clock;
    std::chrono::milliseconds m_timeout {30000};
};

} // namespace Tokenscope::OAuth
