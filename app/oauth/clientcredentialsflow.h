#pragma once

#include "clientconfig.h"
#include "signinflow.h"

#include <QPointer>

namespace Tokenscope::Http {
class FlowLog;
}

namespace Tokenscope::OAuth {

class TokenClient;
struct TokenOutcome;

// One run of the client credentials grant (RFC 6749 §4.4): a token for the client itself, straight
// from the token endpoint; no user, no window, no ID token. Single use.
class ClientCredentialsFlow final : public SignInFlow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientCredentialsFlow)

public:
    // tokenClient is not owned and must outlive the flow.
    ClientCredentialsFlow(const ClientConfig& config, const QString& clientSecret, TokenClient* tokenClient,
        Http::FlowLog* log, QObject* parent = nullptr);
    ~ClientCredentialsFlow() override;

    void start() override;
    // The answer still under way is dropped when it arrives.
    void cancel() override;

private:
    enum class Stage { Idle, Requesting, Done };

    void finish(const TokenOutcome& outcome);

    ClientConfig m_config;
    QString m_clientSecret;
    TokenClient* m_tokenClient;
    QPointer<Http::FlowLog> m_log;
    Stage m_stage = Stage::Idle;
};

} // namespace Tokenscope::OAuth
