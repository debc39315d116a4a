#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QQueue>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

namespace Tokenscope::Tests {

// A tiny HTTP/1.1 server on 127.0.0.1 that answers with scripted responses, for the broken or
// carefully timed answers a real provider never gives. Records every request it receives.
class ScriptedServer final : public QTcpServer
{
    Q_OBJECT

public:
    struct Reply
    {
        int status = 200;
        QByteArray contentType = "application/json";
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        bool neverAnswer = false; // keeps the connection open without a response
        bool held = false; // answered only when releaseHeld() is called
    };
    struct Request
    {
        QByteArray method;
        QByteArray target;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
    };

    explicit ScriptedServer(QObject* parent = nullptr);

    bool start();
    // Answers over TLS with this certificate from now on (https URLs), for certificate tests.
    void setTls(const QSslCertificate& certificate, const QSslKey& key);
    QUrl url(const QString& path) const;
    // Replies are used in order; the last one is repeated when the queue runs dry.
    void enqueue(const Reply& reply) { m_replies.enqueue(reply); }
    const QList<Request>& requests() const { return m_requests; }
    // Sends the answers of held replies, for tests that need something to happen in between.
    void releaseHeld();

Q_SIGNALS:
    void requestReceived();

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void onNewConnection();

    QSslCertificate m_certificate;
    QSslKey m_key;
    QQueue<Reply> m_replies;
    Reply m_last;
    QList<Request> m_requests;
    QList<QPair<QPointer<QTcpSocket>, QByteArray>> m_held;
};

// A scripted answer: the status and body, JSON unless another content type is given.
inline ScriptedServer::Reply reply(int status, const QByteArray& body,
    const QByteArray& contentType = "application/json",
    const QList<QPair<QByteArray, QByteArray>>& headers = {})
{
    ScriptedServer::Reply result;
    result.status = status;
    result.body = body;
    result.contentType = contentType;
    result.headers = headers;
    return result;
}

} // namespace Tokenscope::Tests
