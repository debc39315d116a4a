#include "scriptedserver.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <memory>

namespace Tokenscope::Tests {

ScriptedServer::ScriptedServer(QObject* parent)
    : QTcpServer(parent)
{
    connect(this, &QTcpServer::newConnection, this, &ScriptedServer::onNewConnection);
}

bool ScriptedServer::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

void ScriptedServer::setTls(const QSslCertificate& certificate, const QSslKey& key)
{
    m_certificate = certificate;
    m_key = key;
}

void ScriptedServer::incomingConnection(qintptr descriptor)
{
    if (m_certificate.isNull()) {
        QTcpServer::incomingConnection(descriptor);
        return;
    }
    auto* socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    socket->setLocalCertificate(m_certificate);
    socket->setPrivateKey(m_key);
    socket->setPeerVerifyMode(QSslSocket::VerifyNone);
    addPendingConnection(socket);
    socket->startServerEncryption();
}

QUrl ScriptedServer::url(const QString& path) const
{
    QUrl result;
    result.setScheme(m_certificate.isNull() ? QStringLiteral("http") : QStringLiteral("https"));
    result.setHost(QStringLiteral("127.0.0.1"));
    result.setPort(serverPort());
    result.setPath(path);
    return result;
}

void ScriptedServer::releaseHeld()
{
    for (const auto& [socket, response] : std::exchange(m_held, {})) {
        if (socket) {
            socket->write(response);
            socket->disconnectFromHost();
        }
    }
}

void ScriptedServer::onNewConnection()
{
    while (QTcpSocket* socket = nextPendingConnection()) {
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->readAll();
            const qsizetype headerEnd = buffer->indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            Request request;
            const QList<QByteArray> lines = buffer->left(headerEnd).split('\n');
            const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
            request.method = requestLine.value(0);
            request.target = requestLine.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    request.headers.insert(
                        lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
            }
            const qsizetype length = request.headers.value("content-length").toLongLong();
            if (buffer->size() < headerEnd + 4 + length)
                return;
            request.body = buffer->mid(headerEnd + 4, length);
            buffer->clear();
            m_requests.append(request);

            if (!m_replies.isEmpty())
                m_last = m_replies.dequeue();
            const Reply reply = m_last;
            Q_EMIT requestReceived();
            if (reply.neverAnswer)
                return;
            QByteArray response = "HTTP/1.1 " + QByteArray::number(reply.status) + " Scripted\r\n";
            if (!reply.contentType.isEmpty())
                response += "Content-Type: " + reply.contentType + "\r\n";
            for (const auto& [name, value] : reply.headers)
                response += name + ": " + value + "\r\n";
            response += "Content-Length: " + QByteArray::number(reply.body.size())
                + "\r\nConnection: close\r\n\r\n";
            response += reply.body;
            if (reply.held) {
                m_held.append({socket, response});
                return;
            }
            socket->write(response);
            socket->disconnectFromHost();
        });
    }
}

} // namespace Tokenscope::Tests
