#pragma once

#include "redaction.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

namespace Tokenscope::Http {

struct HeaderField
{
    QString name;
    QString value;
    bool enabled = true;

    friend bool operator==(const HeaderField&, const HeaderField&) = default;
};

// A request as the user composed it: the URL, headers and body may hold {{variables}}.
struct HttpRequest
{
    QByteArray method = "GET";
    QString url;
    QList<HeaderField> headers;
    QByteArray body;
    bool attachAccessToken = true;

    friend bool operator==(const HttpRequest&, const HttpRequest&) = default;
};

// A response as it was received. Transport failures (DNS, TLS, timeout) have status 0 and an error.
struct HttpResponse
{
    QUrl url;
    int status = 0;
    QByteArray reason;
    QList<RawHeader> headers;
    QByteArray body;
    qint64 elapsedMs = 0;
    QString errorString; // set when no HTTP response arrived, or it was cut short
    bool timedOut = false;
    bool tooLarge = false;
    // When TLS failed because of the server's certificate: its SHA-256 fingerprint, so the user can
    // compare it and choose to trust it for the environment.
    QByteArray untrustedCertificateSha256;

    bool isTransportFailure() const { return status == 0; }
    QByteArray header(const QByteArray& name) const;
    QByteArray contentType() const { return header("content-type"); }
    // The error code of a Bearer challenge (RFC 6750 §3): "invalid_token", "insufficient_scope", … or empty.
    QString bearerError() const;
};

} // namespace Tokenscope::Http
