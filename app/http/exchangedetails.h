#pragma once

#include "httpmessage.h"

#include <QSslConfiguration>
#include <QStringList>

#include <memory>

class QElapsedTimer;
class QNetworkReply;
class QNetworkRequest;

namespace Tokenscope::Http {

// What the response viewer shows beside the body: time to first byte, HTTP version, TLS session and
// certificate, redirects and the request as it left. Collected while the reply runs.
class ExchangeDetails final
{
public:
    // Watches reply from now on: first byte, each redirect.
    static std::shared_ptr<ExchangeDetails> watch(
        QNetworkReply* reply, const std::shared_ptr<QElapsedTimer>& timer);
    // The request as sent, secrets masked: by header name and by the values given. Its headers are
    // those on the wire: the request's and those Qt's HTTP stack adds (Host, Content-Length for a body
    // of bodySize bytes, Accept-Encoding, …; bodySize -1: none sent).
    static SentRequest sentRequest(const QByteArray& method, const QNetworkRequest& request, qint64 bodySize,
        const QStringList& secretValues);

    // Fills the response's details from the finished reply; the redirect hops' URLs masked by name and
    // by the values given.
    void fill(HttpResponse& response, QNetworkReply* reply, const QStringList& secretValues) const;

private:
    qint64 m_firstByteMs = -1;
    QList<RedirectHop> m_redirects;
    QSslConfiguration m_ssl;
    QUrl m_lastUrl; // the URL the next redirect answers from
};

} // namespace Tokenscope::Http
