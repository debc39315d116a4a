#pragma once

#include "error.h"

#include <QObject>
#include <QUrl>

namespace Tokenscope::OAuth {

// Shows the provider's sign-in page to the user and hands back the redirect to the redirect URI,
// which it intercepts and never loads. The embedded WebEngine window (ui/), and the system browser
// coming back through a loopback listener or a private-use scheme the system hands over, implement it.
class LoginAgent : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoginAgent)

public:
    // How the redirect reaches Tokenscope, as the Timeline tells it: caught before it loads, loaded by
    // the browser from the loopback listener, or handed over by the operating system.
    enum class RedirectDelivery { Intercepted, Listener, System };

    explicit LoginAgent(QObject* parent = nullptr)
        : QObject(parent)
    { }
    ~LoginAgent() override = default;

    // The redirect URI this agent can receive for the configured one, called before each start. The
    // embedded window intercepts any URI as it is; the loopback listener of the system browser binds a
    // port and answers with it (RFC 8252 §7.3). An empty URL with error set: this agent cannot be used.
    virtual QUrl redirectUriFor(const QUrl& configured, Error* error)
    {
        Q_UNUSED(error)
        return configured;
    }
    virtual RedirectDelivery redirectDelivery() const { return RedirectDelivery::Intercepted; }
    // The state of the request that follows, for an agent that checks answers it did not ask for
    // itself (RFC 6749 §10.12); called before start.
    virtual void expectState(const QString& state) { Q_UNUSED(state) }
    // Exactly one of redirected, cancelled or failed follows each start.
    virtual void start(const QUrl& authorizationUrl, const QUrl& redirectUri) = 0;
    virtual void cancel() = 0;

Q_SIGNALS:
    void redirected(const QUrl& url);
    void cancelled();
    void failed(const Tokenscope::Error& error);
    // A redirect arrived that is not this sign-in's answer (an older sign-in's, another path); the
    // sign-in goes on waiting. reason is one sentence for a passing status message.
    void redirectIgnored(const QString& reason);
};

} // namespace Tokenscope::OAuth
