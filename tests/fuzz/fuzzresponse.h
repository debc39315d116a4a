#pragma once

// An HTTP response read from a fuzz input, for the targets that read a provider's answers.

#include "fuzzsupport.h"
#include "httpmessage.h"

#include <QList>
#include <QUrl>

namespace Tokenscope::Fuzz {

// An input written like a response on the wire, so seeds read as what a provider sends:
//   200
//   Content-Type: application/json
//
//   {"access_token":…}
// Input that does not start with a status line is a 200 application/json body as a whole.
inline Http::HttpResponse responseFrom(const QByteArray& input, const QUrl& url)
{
    Http::HttpResponse response;
    response.url = url;
    response.elapsedMs = 12;
    const qsizetype headerEnd = input.indexOf("\n\n");
    bool isStatus = false;
    const int status = input.left(input.indexOf('\n')).trimmed().toInt(&isStatus);
    if (headerEnd < 0 || !isStatus) {
        response.status = 200;
        response.reason = "OK";
        response.headers = {{"Content-Type", "application/json"}};
        response.body = input;
        return response;
    }
    response.status = status;
    const QList<QByteArray> lines = input.left(headerEnd).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            response.headers.append(
                {lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
    }
    response.body = input.mid(headerEnd + 2);
    return response;
}

} // namespace Tokenscope::Fuzz
