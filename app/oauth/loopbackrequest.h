#pragma once

#include <QByteArray>
#include <QUrl>

namespace Tokenscope::OAuth {

// The largest request the loopback listener reads: a redirect with a form_post body fits many times over.
constexpr qsizetype maxLoopbackRequestBytes = qsizetype(64) * 1024;

// One HTTP/1.x request as the loopback listener received it so far. Nothing here decides whether it is
// the sign-in's redirect; it only says whether the bytes form a whole request and what it asks for.
struct LoopbackRequest
{
    enum class Status {
        Incomplete, // the headers or the body announced by Content-Length are still to come
        TooLarge, // over maxLoopbackRequestBytes, or a Content-Length that could never fit
        Malformed, // not an HTTP/1.x request line
        Complete,
    };

    Status status = Status::Incomplete;
    QByteArray method;
    // The request target on a placeholder host; invalid when it is not a strict URL.
    QUrl target;
    // Lower-cased, parameters included.
    QByteArray contentType;
    // Exactly Content-Length bytes.
    QByteArray body;
};

// Parses the bytes received on one connection, from the first byte on (RFC 9112 §3, §6).
LoopbackRequest parseLoopbackRequest(const QByteArray& received);

} // namespace Tokenscope::OAuth
