#pragma once

#include "loginagent.h"

#include <QList>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>

class QTcpServer;
class QTcpSocket;

namespace Tokenscope::OAuth {

// Sign-in in the user's own browser (RFC 8252): the authorization URL is handed to the system browser
// and the redirect comes back to a listener on the loopback interface, on a port chosen by the system
// unless the registered redirect URI names one (§7.3). The browser gets a small "you can close this
// tab" page and the listener closes right after the first real redirect.
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

    void setTimeout(std::chrono::seconds timeout) { m_timeoutDuration = timeout; }

    QUrl redirectUriFor(const QUrl& configured, Error* error) override;
    void start(const QUrl& authorizationUrl, const QUrl& redirectUri) override;
    void cancel() override;

    bool isListening() const;
    // The port the listener is bound to, 0 when not listening.
    quint16 port() const;

    // Whether a URI can be served by a loopback listener at all: http on a loopback address or localhost
    // (RFC 8252 §7.3).
    static bool isLoopbackRedirectUri(const QUrl& uri);

private:
    void onNewConnection(QTcpServer* server);
    void onReadyRead(QTcpSocket* socket);
    void answer(QTcpSocket* socket, int status, const QByteArray& reason, const QByteArray& html);
    void stopListening();
    void finishWith(const std::function<void()>& report);

    BrowserOpener m_openBrowser;
    QList<QTcpServer*> m_servers;
    QUrl m_redirectUri;
    QTimer m_timeout;
    std::chrono::seconds m_timeoutDuration {600};
    bool m_active = false;
};

} // namespace Tokenscope::OAuth
