#include "loopbackrequest.h"

#include <QTest>

using namespace Tokenscope::OAuth;
using Status = LoopbackRequest::Status;

Q_DECLARE_METATYPE(Tokenscope::OAuth::LoopbackRequest::Status)

// The loopback listener's request parsing on its own: what counts as a whole request, and what is read
// from it. Whether a request is the sign-in's redirect is tst_loopbackloginagent's subject.
class TestLoopbackRequest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void status_data()
    {
        QTest::addColumn<QByteArray>("received");
        QTest::addColumn<Status>("status");

        QTest::newRow("get-complete")
            << QByteArray("GET /callback?code=c HTTP/1.1\r\nHost: x\r\n\r\n") << Status::Complete;
        QTest::newRow("http-1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << Status::Complete;
        QTest::newRow("empty") << QByteArray() << Status::Incomplete;
        QTest::newRow("headers-unfinished")
            << QByteArray("GET /callback HTTP/1.1\r\nHost: x\r\n") << Status::Incomplete;
        QTest::newRow("body-unfinished")
            << QByteArray("POST /cb HTTP/1.1\r\nContent-Length: 10\r\n\r\ncode=") << Status::Incomplete;
        QTest::newRow("request-line-two-words") << QByteArray("GET /\r\n\r\n") << Status::Malformed;
        QTest::newRow("request-line-http-2") << QByteArray("GET / HTTP/2\r\n\r\n") << Status::Malformed;
        QTest::newRow("request-line-four-words")
            << QByteArray("GET / x HTTP/1.1\r\n\r\n") << Status::Malformed;
        QTest::newRow("negative-content-length")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n") << Status::TooLarge;
        QTest::newRow("content-length-over-limit")
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: 65537\r\n\r\n") << Status::TooLarge;
        QTest::newRow("received-over-limit")
            << QByteArray("GET / HTTP/1.1\r\nX: " + QByteArray(maxLoopbackRequestBytes, 'a') + "\r\n\r\n")
            << Status::TooLarge;
    }

    void status()
    {
        QFETCH(QByteArray, received);
        QFETCH(Status, status);
        QCOMPARE(parseLoopbackRequest(received).status, status);
    }

    void completeRequestIsRead()
    {
        const LoopbackRequest request
            = parseLoopbackRequest("POST /callback?iss=x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                   "content-TYPE:  Application/X-WWW-Form-Urlencoded; charset=UTF-8\r\n"
                                   "CONTENT-LENGTH: 16\r\n\r\ncode=abc&state=sTRAILING");
        QCOMPARE(request.status, Status::Complete);
        QCOMPARE(request.method, QByteArray("POST"));
        QVERIFY(request.target.isValid());
        QCOMPARE(request.target.path(), QStringLiteral("/callback"));
        QCOMPARE(request.target.query(), QStringLiteral("iss=x"));
        QCOMPARE(request.contentType, QByteArray("application/x-www-form-urlencoded; charset=utf-8"));
        QCOMPARE(request.body, QByteArray("code=abc&state=s"));
    }

    void targetThatIsNoStrictUrlIsInvalid()
    {
        const LoopbackRequest request = parseLoopbackRequest("GET /a%zz HTTP/1.1\r\n\r\n");
        QCOMPARE(request.status, Status::Complete);
        QVERIFY(!request.target.isValid());
    }
};

QTEST_GUILESS_MAIN(TestLoopbackRequest)
#include "tst_loopbackrequest.moc"
