#pragma once

#include "clientconfig.h"
#include "deviceauthorization.h"
#include "signinflow.h"

#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>

namespace Tokenscope::Http {
class FlowLog;
}

namespace Tokenscope::OAuth {

class JwksClient;
class TokenClient;

// One run of the device authorization grant (RFC 8628): get a user code, show it, poll the token
// endpoint until the user has confirmed it on another device, and check the ID token if openid was
// asked for. Single use.
class DeviceAuthorizationFlow final : public SignInFlow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeviceAuthorizationFlow)

public:
    using Clock = std::function<QDateTime()>;

    // tokenClient and jwksClient are not owned and must outlive the flow.
    DeviceAuthorizationFlow(const ClientConfig& config, const QString& clientSecret, TokenClient* tokenClient,
        JwksClient* jwksClient, Http::FlowLog* log, QObject* parent = nullptr);
    ~DeviceAuthorizationFlow() override;

    // The clock that decides when the device code has expired (expires_in).
    void setClock(Clock clock) { m_clock = std::move(clock); }
    // How long one second of the poll interval lasts on the timer. The interval is kept in the
    // protocol's seconds (interval, slow_down's +5 s); tests shorten the second so they do not wait.
    void setSecondLength(std::chrono::milliseconds length) { m_secondLength = length; }

    void start() override;
    // Stops polling; the device code is forgotten. Emits cancelled unless the flow has already ended.
    void cancel() override;

    // The current poll interval in seconds (RFC 8628 §3.5: 5 by default, +5 for every slow_down).
    int intervalSeconds() const { return m_intervalSeconds; }
    int pollCount() const { return m_pollCount; }
    // Whether another poll is scheduled (false once the flow has ended, however it ended).
    bool isPolling() const { return m_timer.isActive(); }
    bool isFinished() const { return m_stage == Stage::Done; }

private:
    enum class Stage { Idle, Authorizing, Polling, Verifying, Done };

    void schedulePoll();
    void poll();
    void onPolled(const TokenOutcome& outcome);
    // Ends the flow (as finish) and reports the failure.
    void fail(const Error& error);
    void finish();

    ClientConfig m_config;
    QString m_clientSecret;
    TokenClient* m_tokenClient;
    JwksClient* m_jwksClient;
    QPointer<Http::FlowLog> m_log;
    Clock m_clock;
    std::chrono::milliseconds m_secondLength {1000};
    QTimer m_timer;
    Stage m_stage = Stage::Idle;
    QString m_deviceCode;
    QDateTime m_expiresAt;
    int m_intervalSeconds = 5;
    int m_pollCount = 0;
};

} // namespace Tokenscope::OAuth
