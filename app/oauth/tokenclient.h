#pragma once

#include "clientconfig.h"
#include "http/formencoding.h"
#include "tokenset.h"

#include <QObject>

#include <chrono>
#include <functional>

namespace Tokenscope::Http {
class NetworkClient;
}

namespace Tokenscope::OAuth {

// The answer of a pushed authorization request endpoint (RFC 9126 §2.2).
struct ParOutcome
{
    QString requestUri; // empty on failure
    qint64 expiresIn = 0;
    QString errorCode; // the provider's `error`, or ours ("network", "non_json", "missing_request_uri", …)
    Error error;

    bool ok() const { return !requestUri.isEmpty(); }
};

// Reads a PAR endpoint response: 201 with request_uri and expires_in, or an RFC 6749 §5.2 error object.
ParOutcome parseParResponse(const Http::HttpResponse& response);

// Talks to the token endpoint: code exchange (RFC 6749 §4.1.3) and refresh (§6), with the client
// authentication the environment asks for (a secret, or a signed assertion, RFC 7523); and to the pushed
// authorization request endpoint (RFC 9126). clientSecret is the environment's credential: the secret, or
// the PEM private key for private_key_jwt.
class TokenClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenClient)

public:
    using Handler = std::function<void(const TokenOutcome&)>;
    using ParHandler = std::function<void(const ParOutcome&)>;
    using Clock = std::function<QDateTime()>;

    explicit TokenClient(Http::NetworkClient* network, QObject* parent = nullptr);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    void exchangeCode(const ClientConfig& config, const QString& clientSecret, const QString& code,
        const QString& codeVerifier, QObject* context, Handler handler);
    void refresh(const ClientConfig& config, const QString& clientSecret, const QString& refreshToken,
        QObject* context, Handler handler);
    // RFC 9126 §2.1: posts the authorization request parameters to config.parEndpoint with the client's
    // authentication. The handler is called once, never before this returns.
    void pushAuthorizationRequest(const ClientConfig& config, const QString& clientSecret,
        const Http::FormFields& parameters, QObject* context, ParHandler handler);

private:
    void post(const ClientConfig& config, const QString& clientSecret, QList<QPair<QString, QString>> fields,
        const QString& requestedScope, const QString& purpose, QObject* context, Handler handler);

    Http::NetworkClient* m_network;
    Clock m_clock;
    std::chrono::milliseconds m_timeout {30000};
};

} // namespace Tokenscope::OAuth
