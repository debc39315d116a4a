#include "instancehandover.h"

#include "externalredirectloginagent.h"
#include "mainwindow.h"
#include "signincontroller.h"
#include "urlschemeregistration.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTimer>

#include <cstdio>

namespace Tokenscope::Ui {

namespace {

constexpr char requestPrefix[] = "TOKENSCOPE-URL ";
constexpr qsizetype requestPrefixSize = sizeof(requestPrefix) - 1;
// A redirect carries a code, a state and perhaps an error text: far below this.
constexpr qsizetype maxLineBytes = qsizetype(16) * 1024;
constexpr int connectMs = 2000;
constexpr int answerMs = 5000;

// Only what a waiting sign-in could take: the same test that decides which agent a redirect URI gets.
bool isHandOverUrl(const QUrl& url)
{
    return OAuth::ExternalRedirectLoginAgent::isPrivateUseRedirectUri(url);
}

} // namespace

InstanceHandover::InstanceHandover(QObject* parent)
    : QObject(parent)
    , m_server(new QLocalServer(this))
{
    // Redirects carry authorization codes: no other user may hand them in or listen for them.
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &InstanceHandover::onNewConnection);
}

InstanceHandover::~InstanceHandover() = default;

QString InstanceHandover::defaultServerName()
{
    QString configured = qEnvironmentVariable("TOKENSCOPE_INSTANCE_NAME");
    if (!configured.isEmpty())
        return configured;
    // The user's private runtime folder where the system has one; elsewhere a name only this user's
    // home folder gives (the socket itself is limited to the user).
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!runtime.isEmpty() && QFileInfo(runtime).isDir())
        return QDir(runtime).filePath(QStringLiteral("nl.tokenscope.Tokenscope.handover"));
    const QByteArray user
        = QCryptographicHash::hash(QDir::homePath().toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    return QStringLiteral("nl.tokenscope.Tokenscope-%1").arg(QString::fromLatin1(user));
}

std::optional<QUrl> InstanceHandover::redirectArgument(const QStringList& arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString& argument = arguments.at(i);
        if (argument.startsWith(QLatin1Char('-')))
            continue;
        const QUrl url(argument, QUrl::StrictMode);
        if (isHandOverUrl(url))
            return url;
    }
    return std::nullopt;
}

bool InstanceHandover::listen(const QString& name, QString* error)
{
    // Asked first: on Unix, listening with access options silently replaces the socket of another
    // instance.
    QLocalSocket probe;
    probe.connectToServer(name);
    if (probe.waitForConnected(connectMs)) {
        if (error)
            *error = tr("Another Tokenscope receives the sign-in answers from the browser.");
        return false;
    }
    // Whatever is left is the socket of an instance that crashed.
    QLocalServer::removeServer(name);
    if (m_server->listen(name))
        return true;
    if (error)
        *error = m_server->errorString();
    return false;
}

void InstanceHandover::onNewConnection()
{
    while (QLocalSocket* socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        QTimer::singleShot(answerMs, socket, [socket] { socket->abort(); });
        if (socket->bytesAvailable() > 0)
            onReadyRead(socket);
    }
}

void InstanceHandover::onReadyRead(QLocalSocket* socket)
{
    if (!socket->canReadLine()) {
        if (socket->bytesAvailable() > maxLineBytes)
            socket->abort();
        return;
    }
    const QByteArray line = socket->readLine(maxLineBytes + 1);
    disconnect(socket, &QLocalSocket::readyRead, this, nullptr);
    const QUrl url = line.startsWith(requestPrefix) && line.endsWith('\n')
        ? QUrl::fromEncoded(line.mid(requestPrefixSize).chopped(1), QUrl::StrictMode)
        : QUrl();
    const bool accepted = isHandOverUrl(url);
    socket->write(accepted ? QByteArrayLiteral("OK\n") : QByteArrayLiteral("REFUSED\n"));
    socket->disconnectFromServer();
    if (accepted)
        Q_EMIT urlReceived(url);
}

InstanceHandover::SendResult InstanceHandover::send(const QString& name, const QUrl& url, QString* error)
{
    QLocalSocket socket;
    socket.connectToServer(name);
    if (!socket.waitForConnected(connectMs))
        return SendResult::NoInstance;
    socket.write(QByteArray(requestPrefix) + url.toEncoded() + '\n');
    QByteArray answer;
    while (!answer.endsWith('\n') && answer.size() < 64) {
        if (!socket.bytesAvailable() && !socket.waitForReadyRead(answerMs))
            break;
        answer += socket.read(64 - answer.size());
    }
    if (answer == "OK\n")
        return SendResult::Delivered;
    if (error)
        *error = answer.isEmpty() ? tr("The running Tokenscope did not answer.")
                                  : tr("The running Tokenscope refused the address.");
    return SendResult::Failed;
}

std::optional<int> handOverRedirectArgument(int& argc, char** argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const std::optional<QUrl> url = InstanceHandover::redirectArgument(arguments);
    if (!url)
        return std::nullopt;
    // Sockets want an application object, not a display: this one is gone before the real one starts.
    std::optional<QCoreApplication> core;
    if (!QCoreApplication::instance())
        core.emplace(argc, argv);
    QString error;
    switch (InstanceHandover::send(InstanceHandover::defaultServerName(), *url, &error)) {
    case InstanceHandover::SendResult::Delivered:
        return 0;
    case InstanceHandover::SendResult::NoInstance:
        return std::nullopt;
    case InstanceHandover::SendResult::Failed:
        break;
    }
    std::fprintf(stderr, "%s\n", qPrintable(error));
    return 1;
}

void receiveRedirects(MainWindow* window, Workspace::AppSession* session, const QStringList& arguments)
{
    auto* registration = new UrlSchemeRegistration(session, window);
    QObject::connect(window->signInController(), &SignInController::privateUseSchemeNeeded, registration,
        &UrlSchemeRegistration::holdScheme);
    auto* handover = new InstanceHandover(window);
    QString error;
    if (!handover->listen(InstanceHandover::defaultServerName(), &error))
        qWarning("%s", qPrintable(error));
    QObject::connect(handover, &InstanceHandover::urlReceived, window, &MainWindow::receiveRedirect);
    if (const std::optional<QUrl> url = InstanceHandover::redirectArgument(arguments))
        window->receiveRedirect(*url);
}

} // namespace Tokenscope::Ui
