#pragma once

#include "authorizationrequest.h"
#include "clientconfig.h"
#include "tokenset.h"

#include <QObject>
#include <QPointer>

namespace Tokenscope::Http {
class FlowLog;
}

namespace Tokenscope::OAuth {

class LoginAgent;
class TokenClient;

// One run of the authorization code grant with PKCE (RFC 6749 §4.1, RFC 7636): send the user to the
// provider through a login agent, validate the intercepted redirect, redeem the code. Single use.
class AuthorizationCodeFlow final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthorizationCodeFlow)

public:
    AuthorizationCodeFlow(const ClientConfig& config, const QString& clientSecret, LoginAgent* agent,
        TokenClient* tokenClient, Http::FlowLog* log, QObject* parent = nullptr);
    ~AuthorizationCodeFlow() override;

    void start();
    // Discards state and verifier; the agent is told to close.
    void cancel();

    const PendingAuthorization& pending() const { return m_pending; }

Q_SIGNALS:
    void succeeded(const Tokenscope::OAuth::TokenSet& tokens);
    void failed(const Tokenscope::Error& error, const QString& errorCode);
    void cancelled();

private:
    void onRedirected(const QUrl& url);
    void finish();

    ClientConfig m_config;
    QString m_clientSecret;
    QPointer<LoginAgent> m_agent;
    TokenClient* m_tokenClient;
    QPointer<Http::FlowLog> m_log;
    PendingAuthorization m_pending;
    bool m_finished = false;
};

} // namespace Tokenscope::OAuth
