#pragma once

#include "redaction.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

namespace Tokenscope::Http {

// One step of a flow as it really happened on the wire, already redacted. The UI draws the timeline
// from these and tests assert on them.
struct FlowEvent
{
    enum class Kind {
        AuthorizationRequest, // the browser is sent to the authorization endpoint
        RedirectReceived, // the redirect URI was intercepted
        HttpRequest, // any request sent by the client (token endpoint, API)
        HttpResponse, // its response
        Failure, // a step failed; summary holds the readable error
        Note, // a decision of the client worth showing (state checked, token stored)
    };

    Kind kind = Kind::Note;
    QDateTime timestamp;
    QString summary;
    QByteArray method;
    QUrl url;
    int status = 0;
    QList<RawHeader> headers;
    QByteArray body;
    qint64 elapsedMs = -1;
    // The environment the exchange was made for; empty when it belongs to none.
    QString environmentId;
    // How many bytes of the body the log did not keep (FlowLog::Limits::bodyBytes).
    qint64 bodyOmitted = 0;
};

} // namespace Tokenscope::Http
