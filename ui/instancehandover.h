#pragma once

#include <QObject>
#include <QUrl>

#include <optional>

class QLocalServer;
class QLocalSocket;

namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

class MainWindow;

// One Tokenscope per user receives the redirects the system opens with it (private-use schemes, RFC 8252
// §7.1): the running instance listens on a local socket only its user can reach, and a second start with
// a URL hands the URL over and exits. The protocol is one line each way: "TOKENSCOPE-URL <url>\n",
// answered "OK\n" or "REFUSED\n"; anything longer than a URL can be, or slower than a program, is dropped.
class InstanceHandover final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InstanceHandover)

public:
    enum class SendResult {
        Delivered, // the running instance has the URL
        NoInstance, // nothing listens: start normally
        Failed, // something listens but did not take it
    };

    explicit InstanceHandover(QObject* parent = nullptr);
    ~InstanceHandover() override;

    // Listens under name (a stale socket of a crashed instance is replaced); false with the reason when
    // another instance listens or the system refuses.
    bool listen(const QString& name, QString* error = nullptr);

    // The user's own name; TOKENSCOPE_INSTANCE_NAME replaces it (tests run side by side).
    static QString defaultServerName();
    // The first argument that is a URL to hand over: not an option, and of a scheme other than http(s)
    // or file (a drive letter is no scheme).
    static std::optional<QUrl> redirectArgument(const QStringList& arguments);
    // Sends url to the instance listening under name and waits, bounded, for its answer.
    static SendResult send(const QString& name, const QUrl& url, QString* error);

Q_SIGNALS:
    void urlReceived(const QUrl& url);

private:
    void onNewConnection();
    void onReadyRead(QLocalSocket* socket);

    QLocalServer* m_server;
};

// For main(), before any QApplication exists (so it works without a display): when the arguments carry a
// redirect URL and an instance runs, hands the URL over and answers the exit code; nullopt: start normally.
std::optional<int> handOverRedirectArgument(int& argc, char** argv);

// For main(), once the window is shown: hand-overs go to window from now on, and so does the redirect URL
// this process was started with (no sign-in can be waiting for that one: the window says so); the
// desktop learns which schemes to send here as session's environments change.
void receiveRedirects(MainWindow* window, Workspace::AppSession* session, const QStringList& arguments);

} // namespace Tokenscope::Ui
