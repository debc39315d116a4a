#pragma once

#include "authorizationrequest.h"
#include "clientconfig.h"
#include "signinflow.h"

#include <QPointer>

namespace Tokenscope::Http {
class FlowLog;
}

namespace Tokenscope::OAuth {

class JwksClient;
class LoginAgent;
class TokenClient;

// One run of the authorization code grant with PKCE (RFC 6749 §4.1, RFC 7636): send the user to the
// provider through a login agent (after pushing the parameters to the PAR endpoint, RFC 9126, when the
// configuration asks for it), validate the intercepted redirect, redeem the code, and check the ID
// token (signature against the provider's JWKS, then claims). Single use.
class AuthorizationCodeFlow final : public SignInFlow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthorizationCodeFlow)

public:
    // tokenClient and jwksClient are not owned and must outlive the flow.
    AuthorizationCodeFlow(const ClientConfig& config, const QString& clientSecret, LoginAgent* agent,
        TokenClient* tokenClient, JwksClient* jwksClient, Http::FlowLog* log, QObject* parent = nullptr);
    ~AuthorizationCodeFlow() override;

    void start() override;
    // Discards state and verifier; the agent is told to close.
    void cancel() override;

    const PendingAuthorization& pending() const { return m_pending; }

private:
    void pushParameters();
    void openBrowser();
    void onRedirected(const QUrl& url);
    void finish();
    void verifyTokens(const TokenSet& tokens);
    // Ends the flow (as finish) and reports the failure.
    void fail(const Error& error);

    ClientConfig m_config;
    QString m_clientSecret;
    QPointer<LoginAgent> m_agent;
    TokenClient* m_tokenClient;
    JwksClient* m_jwksClient;
    QPointer<Http::FlowLog> m_log;
    PendingAuthorization m_pending;
    bool m_finished = false; // the redirect is handled: state and verifier are gone
    bool m_verifying = false; // tokens received, waiting for the provider's keys
    bool m_agentStarted = false;
};

} // namespace Tokenscope::OAuth
