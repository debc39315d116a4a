#pragma once

#include "clientconfig.h"
#include "tokenset.h"

#include <QObject>

#include <chrono>
#include <functional>

class QNetworkRequest;

namespace Tokenscope::Http {
class NetworkClient;
}

namespace Tokenscope::OAuth {

// Adds the client authentication the configuration asks for to a form POST (RFC 6749 §2.3): a Basic
// header, or client_id (and client_secret) appended to fields. The same for the token, revocation
// (RFC 7009 §2.1) and introspection endpoints.
void applyClientAuthentication(const ClientConfig& config, const QString& clientSecret,
    QNetworkRequest* request, QList<QPair<QString, QString>>* fields);

// Talks to the token endpoint: code exchange (RFC 6749 §4.1.3) and refresh (§6), with the client
// authentication the environment asks for.
class TokenClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenClient)

public:
    using Handler = std::function<void(const TokenOutcome&)>;
    using Clock = std::function<QDateTime()>;

    explicit TokenClient(Http::NetworkClient* network, QObject* parent = nullptr);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }

    void exchangeCode(const ClientConfig& config, const QString& clientSecret, const QString& code,
        const QString& codeVerifier, QObject* context, Handler handler);
    void refresh(const ClientConfig& config, const QString& clientSecret, const QString& refreshToken,
        QObject* context, Handler handler);

private:
    void post(const ClientConfig& config, const QString& clientSecret, QList<QPair<QString, QString>> fields,
        const QString& requestedScope, const QString& purpose, QObject* context, Handler handler);

    Http::NetworkClient* m_network;
    Clock m_clock;
    std::chrono::milliseconds m_timeout {30000};
};

} // namespace Tokenscope::OAuth
