#pragma once

#include "formencoding.h"
#include "loginagent.h"

#include <QList>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>

class QHostAddress;
class QTcpServer;
class QTcpSocket;

namespace Tokenscope::OAuth {

// Sign-in in the user's own browser (RFC 8252): the authorization URL is handed to the system browser
// and the redirect comes back to a listener on the loopback interface, on a port chosen by the system
// unless the registered redirect URI names one (§7.3). Only this sign-in's answer, with its state
// (RFC 6749 §10.12), ends the wait: the browser gets a small "you can close this tab" page and the
// listener closes; an answer to another sign-in gets a page that says so and the listener goes on.
class LoopbackLoginAgent final : public LoginAgent
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoopbackLoginAgent)

public:
    // Opens a URL in the system browser; false when none could be started. The application passes
    // QDesktopServices::openUrl, tests a scripted browser.
    using BrowserOpener = std::function<bool(const QUrl&)>;

    explicit LoopbackLoginAgent(BrowserOpener openBrowser, QObject* parent = nullptr);
    ~LoopbackLoginAgent() override;

    void setTimeout(std::chrono::milliseconds timeout) { m_timeoutDuration = timeout; }

    QUrl redirectUriFor(const QUrl& configured, Error* error) override;
    RedirectDelivery redirectDelivery() const override { return RedirectDelivery::Listener; }
    void expectState(const QString& state) override { m_expectedState = state; }
    void start(const QUrl& authorizationUrl, const QUrl& redirectUri) override;
    void cancel() override;

    bool isListening() const;
    bool isWaiting() const { return m_active; }
    // The address the browser was sent to, for a user who opens it in a browser of their choice;
    // empty when no sign-in waits.
    QUrl authorizationUrl() const { return m_active ? m_authorizationUrl : QUrl(); }
    // The port the listener is bound to, 0 when not listening.
    quint16 port() const;

    // Whether a URI can be served by a loopback listener at all: http on a loopback address or localhost
    // (RFC 8252 §7.3).
    static bool isLoopbackRedirectUri(const QUrl& uri);

private:
    void onNewConnection(QTcpServer* server);
    void onReadyRead(QTcpSocket* socket);
    bool bind(const QList<QHostAddress>& addresses, quint16 port, Error* error);
    // Whether fields answer this sign-in; otherwise the browser is told and the wait goes on.
    bool answersThisSignIn(QTcpSocket* socket, const Http::FormFields& fields);
    void answer(QTcpSocket* socket, int status, const QByteArray& reason, const QByteArray& html);
    void stopListening();
    void finishWith(const std::function<void()>& report);

    BrowserOpener m_openBrowser;
    QList<QTcpServer*> m_servers;
    QUrl m_redirectUri;
    QUrl m_authorizationUrl;
    QString m_expectedState;
    QString m_state;
    QTimer m_timeout;
    std::chrono::milliseconds m_timeoutDuration {std::chrono::minutes(10)};
    bool m_active = false;
};

} // namespace Tokenscope::OAuth
