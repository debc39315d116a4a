#include "loopbackrequest.h"

#include <QList>

namespace Tokenscope::OAuth {

LoopbackRequest parseLoopbackRequest(const QByteArray& received)
{
    LoopbackRequest request;
    if (received.size() > maxLoopbackRequestBytes) {
        request.status = LoopbackRequest::Status::TooLarge;
        return request;
    }
    const qsizetype headerEnd = received.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return request;
    const QList<QByteArray> lines = received.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")) {
        request.status = LoopbackRequest::Status::Malformed;
        return request;
    }
    qsizetype contentLength = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray& line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        if (name == "content-length")
            contentLength = line.mid(colon + 1).trimmed().toLongLong();
        else if (name == "content-type")
            request.contentType = line.mid(colon + 1).trimmed().toLower();
    }
    const QByteArray body = received.mid(headerEnd + 4);
    if (contentLength < 0 || contentLength > maxLoopbackRequestBytes) {
        request.status = LoopbackRequest::Status::TooLarge;
        return request;
    }
    if (body.size() < contentLength)
        return request; // more to come

    request.status = LoopbackRequest::Status::Complete;
    request.method = requestLine.at(0);
    request.target = QUrl::fromEncoded("http://loopback" + requestLine.at(1), QUrl::StrictMode);
    request.body = body.left(contentLength);
    return request;
}

} // namespace Tokenscope::OAuth
