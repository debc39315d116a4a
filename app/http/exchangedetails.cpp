#include "exchangedetails.h"

#include "redaction.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslCipher>
#include <QSslConfiguration>

namespace Tokenscope::Http {

namespace {

QString protocolName(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_2:
        return QStringLiteral("TLS 1.2");
    case QSsl::TlsV1_3:
        return QStringLiteral("TLS 1.3");
    case QSsl::DtlsV1_2:
        return QStringLiteral("DTLS 1.2");
    default:
        return QStringLiteral("TLS");
    }
}

} // namespace

std::shared_ptr<ExchangeDetails> ExchangeDetails::watch(
    QNetworkReply* reply, const std::shared_ptr<QElapsedTimer>& timer)
{
    auto details = std::make_shared<ExchangeDetails>();
    // The status line and headers are the first bytes of the response a user waits for.
    QObject::connect(reply, &QNetworkReply::metaDataChanged, reply, [details, timer] {
        if (details->m_firstByteMs < 0)
            details->m_firstByteMs = timer->elapsed();
    });
    // Kept when the session is set up: by the time the reply finishes its connection may be gone.
    QObject::connect(reply, &QNetworkReply::encrypted, reply,
        [details, reply] { details->m_ssl = reply->sslConfiguration(); });
    details->m_lastUrl = reply->url();
    QObject::connect(reply, &QNetworkReply::redirected, reply, [details, reply](const QUrl& target) {
        details->m_redirects.append({reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            Redaction::redactUrl(details->m_lastUrl)});
        details->m_lastUrl = target;
    });
    return details;
}

SentRequest ExchangeDetails::sentRequest(
    const QByteArray& method, const QNetworkRequest& request, const QStringList& secretValues)
{
    SentRequest sent;
    sent.method = method;
    sent.url = QUrl::fromEncoded(
        Redaction::maskValues(Redaction::redactUrl(request.url()).toEncoded(), secretValues, true));
    QList<RawHeader> headers;
    for (const QByteArray& name : request.rawHeaderList())
        headers.append({name, request.rawHeader(name)});
    sent.headers = Redaction::redactHeaders(headers);
    for (auto& header : sent.headers)
        header.second = Redaction::maskValues(header.second, secretValues);
    return sent;
}

void ExchangeDetails::fill(HttpResponse& response, QNetworkReply* reply) const
{
    response.timeToFirstByteMs = m_firstByteMs;
    response.redirects = m_redirects;
    if (response.status)
        response.httpVersion
            = reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool() ? "2" : "1.1";
    const QSslConfiguration ssl = m_ssl.peerCertificate().isNull() ? reply->sslConfiguration() : m_ssl;
    const QSslCertificate certificate = ssl.peerCertificate();
    if (reply->url().scheme() != QLatin1String("https") || certificate.isNull())
        return;
    response.tls.protocol = protocolName(ssl.sessionProtocol());
    response.tls.cipher = ssl.sessionCipher().name();
    response.tls.subject = certificate.subjectDisplayName();
    response.tls.issuer = certificate.issuerDisplayName();
    response.tls.notBefore = certificate.effectiveDate();
    response.tls.notAfter = certificate.expiryDate();
    response.tls.sha256 = certificate.digest(QCryptographicHash::Sha256);
}

} // namespace Tokenscope::Http
