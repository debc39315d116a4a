#pragma once

#include "loginagent.h"

#include <QTimer>

#include <chrono>
#include <functional>

namespace Tokenscope::OAuth {

// Sign-in in the user's own browser with a private-use redirect URI (RFC 8252 §7.1), such as
// com.example.app:/callback: the browser hands the redirect to the operating system, which starts
// Tokenscope with it, and the running instance delivers it here. Anything may be delivered, so only the
// redirect of this very sign-in ends the wait: the registered URI exactly (RFC 9700 §4.1.3) carrying
// the state of this request (RFC 6749 §10.12). Anything else is reported and the wait goes on.
class ExternalRedirectLoginAgent final : public LoginAgent
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExternalRedirectLoginAgent)

public:
    // Opens a URL in the system browser; false when none could be started.
    using BrowserOpener = std::function<bool(const QUrl&)>;

    explicit ExternalRedirectLoginAgent(BrowserOpener openBrowser, QObject* parent = nullptr);
    ~ExternalRedirectLoginAgent() override;

    void setTimeout(std::chrono::milliseconds timeout) { m_timeoutDuration = timeout; }

    QUrl redirectUriFor(const QUrl& configured, Error* error) override;
    RedirectDelivery redirectDelivery() const override { return RedirectDelivery::System; }
    void expectState(const QString& state) override { m_expectedState = state; }
    void start(const QUrl& authorizationUrl, const QUrl& redirectUri) override;
    void cancel() override;

    bool isWaiting() const { return m_active; }
    QUrl redirectUri() const { return m_redirectUri; }
    // The address the browser was sent to, for a browser of the user's choice; empty when none waits.
    QUrl authorizationUrl() const { return m_active ? m_authorizationUrl : QUrl(); }
    // A redirect the operating system handed to Tokenscope. True when it was this sign-in's answer
    // (redirected follows); false otherwise, with redirectIgnored while a sign-in waits.
    bool deliver(const QUrl& url);

    // A scheme of its own that the system can route to Tokenscope: neither http(s) nor a well-known
    // scheme another program owns, so a reverse domain name (RFC 8252 §7.1, §8.4).
    static bool isPrivateUseRedirectUri(const QUrl& uri);

private:
    void finishWith(const std::function<void()>& report);

    BrowserOpener m_openBrowser;
    QUrl m_redirectUri;
    QUrl m_authorizationUrl;
    QString m_expectedState;
    QString m_state;
    QTimer m_timeout;
    std::chrono::milliseconds m_timeoutDuration {std::chrono::minutes(10)};
    bool m_active = false;
};

} // namespace Tokenscope::OAuth
