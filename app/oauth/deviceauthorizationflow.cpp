#include "deviceauthorizationflow.h"

#include "flowlog.h"
#include "idtokenverification.h"
#include "providererrors.h"
#include "tokenclient.h"

#include <algorithm>

namespace Tokenscope::OAuth {

DeviceAuthorizationFlow::DeviceAuthorizationFlow(const ClientConfig& config, const QString& clientSecret,
    TokenClient* tokenClient, JwksClient* jwksClient, Http::FlowLog* log, QObject* parent)
    : SignInFlow(parent)
    , m_config(config)
    , m_clientSecret(clientSecret)
    , m_tokenClient(tokenClient)
    , m_jwksClient(jwksClient)
    , m_log(log)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    Q_ASSERT(m_tokenClient && m_jwksClient);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &DeviceAuthorizationFlow::poll);
}

DeviceAuthorizationFlow::~DeviceAuthorizationFlow() = default;

void DeviceAuthorizationFlow::start()
{
    if (m_stage != Stage::Idle)
        return;
    if (m_config.deviceAuthorizationEndpoint.isEmpty()) {
        fail({tr("This environment has no device authorization endpoint"), {},
            tr("Enter it in the environment, or use Discover to read it from the provider."),
            QStringLiteral("no_device_endpoint")});
        return;
    }
    m_stage = Stage::Authorizing;
    Q_EMIT userCodeRequested();
    if (m_stage != Stage::Authorizing)
        return; // a slot cancelled
    m_tokenClient->startDeviceAuthorization(
        m_config, m_clientSecret, this, [this](const DeviceAuthorizationOutcome& outcome) {
            if (m_stage != Stage::Authorizing)
                return; // cancelled meanwhile
            if (!outcome.ok()) {
                fail(outcome.error);
                return;
            }
            const DeviceAuthorization& authorization = *outcome.authorization;
            m_deviceCode = authorization.deviceCode;
            m_expiresAt = authorization.expiresAt;
            m_intervalSeconds = authorization.intervalSeconds;
            m_stage = Stage::Polling;
            if (m_log) {
                m_log->note(
                    tr("User code %1 issued; waiting for it to be confirmed at %2 (polling every %n s)",
                        nullptr, m_intervalSeconds)
                        .arg(authorization.userCode, authorization.verificationUri.toDisplayString()));
            }
            Q_EMIT userCodeReady(authorization.userCode, authorization.verificationUri,
                authorization.verificationUriComplete, authorization.expiresAt);
            if (m_stage == Stage::Polling) // a slot may have cancelled
                schedulePoll();
        });
}

void DeviceAuthorizationFlow::cancel()
{
    if (m_stage == Stage::Done)
        return;
    finish();
    if (m_log)
        m_log->note(tr("Sign-in cancelled"));
    Q_EMIT cancelled();
}

void DeviceAuthorizationFlow::finish()
{
    m_stage = Stage::Done;
    m_timer.stop();
    // The device code grants tokens to whoever presents it first: it goes with the flow.
    m_deviceCode.clear();
    m_clientSecret.clear();
}

void DeviceAuthorizationFlow::fail(const Error& error)
{
    finish();
    if (m_log)
        m_log->failure(failureLine(error));
    emitFailed(error);
}

void DeviceAuthorizationFlow::schedulePoll()
{
    // RFC 8628 §3.5: wait at least `interval` seconds between polls.
    m_timer.start(m_secondLength * m_intervalSeconds);
}

void DeviceAuthorizationFlow::poll()
{
    if (m_stage != Stage::Polling)
        return;
    if (m_clock() >= m_expiresAt) {
        fail({tr("The device code expired before the sign-in was confirmed"), {},
            tr("Start the sign-in again and confirm the code before the countdown ends."),
            QStringLiteral("expired_token")});
        return;
    }
    ++m_pollCount;
    m_tokenClient->pollDeviceToken(m_config, m_clientSecret, m_deviceCode, this,
        [this](const TokenOutcome& outcome) { onPolled(outcome); });
}

void DeviceAuthorizationFlow::onPolled(const TokenOutcome& outcome)
{
    if (m_stage != Stage::Polling)
        return; // cancelled while the request was under way
    const QString& code = outcome.error.code;
    if (code == QLatin1String("authorization_pending")) {
        schedulePoll();
        return;
    }
    if (code == QLatin1String("slow_down")) {
        // RFC 8628 §3.5: the interval grows by 5 seconds for this and every later poll.
        m_intervalSeconds += 5;
        if (m_log)
            m_log->note(
                tr("The provider asked to slow down: polling every %n s", nullptr, m_intervalSeconds));
        schedulePoll();
        return;
    }
    if (code == QLatin1String("timeout")) {
        // RFC 8628 §3.5: after a connection timeout, back off exponentially rather than give up; the
        // device code's expiry still ends the wait.
        m_intervalSeconds = std::min(m_intervalSeconds * 2, 300);
        if (m_log)
            m_log->note(
                tr("The token endpoint did not answer: polling every %n s", nullptr, m_intervalSeconds));
        schedulePoll();
        return;
    }
    if (!outcome.ok()) {
        Error error = outcome.error;
        if (code == QLatin1String("access_denied"))
            error.summary = tr("The sign-in was declined on the other device");
        else if (code == QLatin1String("expired_token"))
            error.summary = tr("The device code expired before the sign-in was confirmed");
        fail(error);
        return;
    }

    finish();
    const TokenSet tokens = *outcome.tokens;
    if (tokens.idToken.isEmpty()) {
        if (m_config.requestsOpenId()) {
            fail({tr("The provider sent no ID token although openid was requested"), {},
                tr("Check that the client may use OpenID Connect, or remove openid from the scopes."),
                QStringLiteral("id-token-missing")});
            return;
        }
        Q_EMIT succeeded(tokens);
        return;
    }
    // OIDC Core §3.1.3.7, as after a code exchange; the device grant has no nonce to compare.
    m_stage = Stage::Verifying;
    verifyIdToken(
        m_jwksClient, m_config, tokens.idToken, {}, m_log, this, [this, tokens](const IdTokenCheck& check) {
            if (m_stage != Stage::Verifying)
                return; // cancelled meanwhile
            m_stage = Stage::Done;
            if (!check.ok()) {
                fail(check.error);
                return;
            }
            Q_EMIT succeeded(tokens);
        });
}

} // namespace Tokenscope::OAuth
