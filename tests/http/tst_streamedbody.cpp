#include "bodybuffer.h"
#include "flowlog.h"
#include "networkclient.h"
#include "replyspooler.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QTest>

using namespace Tokenscope::Http;

namespace {

// Serves one body to every request, with or without Content-Length.
class BodyServer final : public QTcpServer
{
public:
    BodyServer(QByteArray body, bool announceLength)
        : m_body(std::move(body))
        , m_announce(announceLength)
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_request += socket->readAll();
                    if (!m_request.contains("\r\n\r\n"))
                        return;
                    QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
                    head += m_announce ? "Content-Length: " + QByteArray::number(m_body.size()) + "\r\n"
                                       : QByteArray("Connection: close\r\n");
                    socket->write(head + "\r\n");
                    socket->write(m_body);
                    if (!m_announce)
                        socket->disconnectFromHost();
                });
            }
        });
    }

private:
    QByteArray m_body;
    bool m_announce;
    QByteArray m_request;
};

QByteArray generatedBody(qint64 size)
{
    QByteArray body;
    body.reserve(size + 64);
    body += '[';
    for (int i = 0; body.size() < size; ++i)
        body += "{\"id\": " + QByteArray::number(i) + ", \"name\": \"item\"},\n";
    body += "{}]";
    return body;
}

} // namespace

class TestStreamedBody final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void streamedToASpool_data()
    {
        QTest::addColumn<qint64>("size");
        QTest::addColumn<bool>("announceLength");
        QTest::addColumn<bool>("onDisk");
        QTest::newRow("small, in memory") << qint64(1000) << true << false;
        QTest::newRow("40 MB, on disk") << qint64(40 * 1024 * 1024) << true << true;
        QTest::newRow("40 MB without Content-Length") << qint64(40 * 1024 * 1024) << false << true;
    }
    void streamedToASpool()
    {
        QFETCH(qint64, size);
        QFETCH(bool, announceLength);
        QFETCH(bool, onDisk);
        const QByteArray body = generatedBody(size);
        BodyServer server(body, announceLength);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QNetworkAccessManager manager;
        NetworkClient client(&manager);
        FlowLog log;
        client.setFlowLog(&log);
        QSignalSpy progress(&client, &NetworkClient::downloadProgress);
        NetworkClient::Options options;
        options.streamBody = true;
        options.maxBodyBytes = NetworkClient::streamedBodyLimit;
        // The request's own progress callback sees exactly what the signal says.
        QList<std::pair<qint64, qint64>> ownProgress;
        options.progress = [&ownProgress](qint64 got, qint64 total) { ownProgress.append({got, total}); };
        QObject context;
        std::optional<HttpResponse> received;
        client.send("GET",
            QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/big").arg(server.serverPort()))), {},
            options, &context, [&received](const HttpResponse& response) { received = response; });
        QTRY_VERIFY_WITH_TIMEOUT(received.has_value(), 60000);
        QCOMPARE(received->status, 200);
        QVERIFY2(received->errorString.isEmpty(), qPrintable(received->errorString));
        QVERIFY(received->bodyBuffer);
        QCOMPARE(received->bodyBuffer->size(), body.size());
        QCOMPARE(received->bodyBuffer->isOnDisk(), onDisk);
        QVERIFY(std::equal(body.begin(), body.end(), received->bodyBuffer->data()));
        // Existing consumers of `body` still get small bodies; large ones only as a buffer.
        QCOMPARE(received->body, onDisk ? QByteArray() : body);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.constLast().at(0).toLongLong(), body.size());
        QCOMPARE(ownProgress.size(), progress.size());
        for (qsizetype i = 0; i < progress.size(); ++i) {
            QCOMPARE(ownProgress.at(i).first, progress.at(i).at(0).toLongLong());
            QCOMPARE(ownProgress.at(i).second, progress.at(i).at(1).toLongLong());
        }
        // Without Content-Length the total is unknown (-1) until the end. (How many reports come before
        // the end depends on how the loopback chunks the bytes: each one that does must say so.)
        for (const QList<QVariant>& report : std::as_const(progress)) {
            if (report.at(0).toLongLong() < body.size())
                QCOMPARE(report.at(1).toLongLong(), announceLength ? body.size() : qint64(-1));
        }
        // The flow log keeps only its slice of the body.
        QTRY_VERIFY(
            !log.events().isEmpty() && log.events().constLast().kind == FlowEvent::Kind::HttpResponse);
        const FlowEvent& event = log.events().constLast();
        QVERIFY(event.body.size() <= log.limits().bodyBytes);
        if (onDisk)
            QCOMPARE(event.body.size() + event.bodyOmitted, body.size());
        else
            QVERIFY(event.body.startsWith("["));
    }

    void spooledInSlices()
    {
        // With no time to spare, each slice reads once and leaves the rest for a later turn of the event
        // loop: what Qt hands over in one readyRead (megabytes on loopback) is never copied in one go.
        const QByteArray body = generatedBody(24 * 1024 * 1024);
        BodyServer server(body, true);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QNetworkAccessManager manager;
        QNetworkReply* reply = manager.get(
            QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(server.serverPort()))));
        // Connected before the spooler, so it has counted `finished` by the time the spooler's own
        // handler runs (which reports drained at once when nothing is left to read).
        QSignalSpy finished(reply, &QNetworkReply::finished);
        auto spool = std::make_shared<Tokenscope::Body::BodySpool>();
        auto* spooler = new ReplySpooler(reply, spool, 0);
        QSignalSpy drained(spooler, &ReplySpooler::drained);
        // Connected after the spooler: sees what its slice left behind.
        qint64 mostLeft = 0;
        connect(reply, &QNetworkReply::readyRead, reply,
            [reply, &mostLeft] { mostLeft = std::max(mostLeft, reply->bytesAvailable()); });
        bool drainedAfterFinished = false;
        connect(spooler, &ReplySpooler::drained, reply,
            [&finished, &drainedAfterFinished] { drainedAfterFinished = finished.size() == 1; });
        QVERIFY(drained.wait(60000));
        QVERIFY(drainedAfterFinished);
        QVERIFY2(mostLeft > ReplySpooler::readBytes,
            "no readyRead brought more than one read's worth, so slicing was not exercised");
        QVERIFY(spooler->errorString().isEmpty());
        const auto buffer = spool->finish();
        QCOMPARE(buffer->size(), body.size());
        QVERIFY(std::equal(body.begin(), body.end(), buffer->data()));
        QCOMPARE(drained.size(), 1);
        delete reply;
    }

    void spoolFailureEndsTheRequestOnce()
    {
        // The temporary folder cannot take the body: the request ends once, with the reason, and the
        // caller is not left waiting.
        // A file where the folder should be: no file can be made in it, even by root.
        QTemporaryFile notAFolder;
        QVERIFY(notAFolder.open());
        const QByteArray oldTmp = qgetenv("TMPDIR");
        qputenv("TMPDIR", QFile::encodeName(notAFolder.fileName()));
        const auto restore = qScopeGuard([&oldTmp] { qputenv("TMPDIR", oldTmp); });
        const QByteArray body = generatedBody(12 * 1024 * 1024);
        BodyServer server(body, true);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QNetworkAccessManager manager;
        NetworkClient client(&manager);
        NetworkClient::Options options;
        options.streamBody = true;
        options.maxBodyBytes = NetworkClient::streamedBodyLimit;
        QObject context;
        int answers = 0;
        std::optional<HttpResponse> received;
        QPointer<QNetworkReply> reply = client.send("GET",
            QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(server.serverPort()))), {},
            options, &context, [&](const HttpResponse& response) {
                ++answers;
                received = response;
            });
        QTRY_VERIFY_WITH_TIMEOUT(received.has_value(), 60000);
        QVERIFY2(received->errorString.contains(QStringLiteral("temporary file")),
            qPrintable(received->errorString));
        // The reply goes once it is complete.
        QTRY_VERIFY(reply.isNull());
        QCOMPARE(answers, 1);
    }

    void smallCapStillApplies()
    {
        // The OAuth paths keep their small cap and read into memory as before.
        const QByteArray body = generatedBody(3 * 1024 * 1024);
        BodyServer server(body, true);
        QVERIFY(server.listen(QHostAddress::LocalHost));
        NetworkClient client;
        NetworkClient::Options options;
        options.maxBodyBytes = 1 << 20;
        QObject context;
        std::optional<HttpResponse> received;
        client.send("GET",
            QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(server.serverPort()))), {},
            options, &context, [&received](const HttpResponse& response) { received = response; });
        QTRY_VERIFY_WITH_TIMEOUT(received.has_value(), 30000);
        QVERIFY(received->tooLarge);
        QVERIFY(received->body.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestStreamedBody)
#include "tst_streamedbody.moc"
