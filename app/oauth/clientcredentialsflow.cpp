#include "clientcredentialsflow.h"

#include "flowlog.h"
#include "providererrors.h"
#include "tokenclient.h"

#include <QCoreApplication>

namespace Tokenscope::OAuth {

namespace {

// The token session's translation context: the grant was run there before it had a class of its own.
class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::TokenSession)
};

} // namespace

ClientCredentialsFlow::ClientCredentialsFlow(const ClientConfig& config, const QString& clientSecret,
    TokenClient* tokenClient, Http::FlowLog* log, QObject* parent)
    : SignInFlow(parent)
    , m_config(config)
    , m_clientSecret(clientSecret)
    , m_tokenClient(tokenClient)
    , m_log(log)
{
    Q_ASSERT(m_tokenClient);
}

ClientCredentialsFlow::~ClientCredentialsFlow() = default;

void ClientCredentialsFlow::start()
{
    if (m_stage != Stage::Idle)
        return;
    m_stage = Stage::Requesting;
    if (m_log)
        m_log->note(Text::tr("Requesting a token for the client itself (client credentials)"));
    // The token client, not this flow, is the request's context: an answer that arrives after a cancel
    // (when the flow may be gone) still reaches the timeline.
    QPointer<ClientCredentialsFlow> self = this;
    m_tokenClient->requestClientCredentials(
        m_config, m_clientSecret, m_tokenClient, [self](const TokenOutcome& outcome) {
            if (self)
                self->finish(outcome);
        });
}

void ClientCredentialsFlow::finish(const TokenOutcome& outcome)
{
    if (m_stage != Stage::Requesting)
        return; // cancelled meanwhile
    m_stage = Stage::Done;
    m_clientSecret.clear();
    if (!outcome.ok()) {
        if (m_log)
            m_log->failure(failureLine(outcome.error));
        emitFailed(outcome.error);
        return;
    }
    Q_EMIT succeeded(*outcome.tokens);
}

void ClientCredentialsFlow::cancel()
{
    if (m_stage == Stage::Done)
        return;
    m_stage = Stage::Done;
    m_clientSecret.clear();
    Q_EMIT cancelled();
}

} // namespace Tokenscope::OAuth
