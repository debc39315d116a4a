#include "exchangedetails.h"

#include "redaction.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QLocale>
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

bool hasHeader(const QList<RawHeader>& headers, const QByteArray& name)
{
    return std::any_of(headers.cbegin(), headers.cend(),
        [&name](const RawHeader& h) { return h.first.compare(name, Qt::CaseInsensitive) == 0; });
}

// What Qt's HTTP stack sends for Accept-Language when the request sets none: the system locale.
QByteArray defaultAcceptLanguage()
{
    const QString locale = QLocale::system().name().replace(u'_', u'-');
    if (locale == QLatin1String("C"))
        return "en,*";
    if (locale.startsWith(QLatin1String("en-")))
        return locale.toLatin1() + ",*";
    return locale.toLatin1() + ",en,*";
}

// The encodings Qt decompresses by itself, and so announces when the request names none, in its order.
QByteArray defaultAcceptEncoding()
{
    QByteArrayList encodings;
#if defined(QT_FEATURE_zstd) && QT_CONFIG(zstd)
    encodings.append("zstd");
#endif
#if defined(QT_FEATURE_brotli) && QT_CONFIG(brotli)
    encodings.append("br");
#endif
    encodings << "gzip"
              << "deflate";
    return encodings.join(", ");
}

QByteArray hostHeader(const QUrl& url)
{
    const QString host = url.host();
    QByteArray value;
    QHostAddress address;
    if (address.setAddress(host))
        value = address.protocol() == QAbstractSocket::IPv6Protocol ? '[' + host.toLatin1() + ']'
                                                                    : host.toLatin1();
    else
        value = QUrl::toAce(host);
    if (url.port() != -1)
        value += ':' + QByteArray::number(url.port());
    return value;
}

// The headers Qt's HTTP stack adds to those the request sets (QHttpNetworkConnection, Qt 6; checked
// against what a loopback server receives in tst_requestwire): Host first, then the others after the
// request's own, each only when the request does not set it.
QList<RawHeader> withStackHeaders(const QNetworkRequest& request, qint64 bodySize)
{
    QList<RawHeader> headers;
    for (const QByteArray& name : request.rawHeaderList())
        headers.append({name, request.rawHeader(name)});
    const auto add = [&headers](const QByteArray& name, const QByteArray& value) {
        if (!hasHeader(headers, name))
            headers.append({name, value});
    };
    // Every request goes out with a body device (sendCustomRequest), an empty one too.
    if (bodySize >= 0)
        add("Content-Length", QByteArray::number(bodySize));
    add("Connection", "Keep-Alive");
    add("Accept-Encoding", defaultAcceptEncoding());
    add("Accept-Language", defaultAcceptLanguage());
    add("User-Agent", "Mozilla/5.0");
    if (!hasHeader(headers, "Host"))
        headers.prepend({"Host", hostHeader(request.url())});
    return headers;
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
        // Masked by name now, by value when the response is filled in: a value registered meanwhile
        // (the token the exchange issued) counts too.
        details->m_redirects.append({reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            Redaction::redactUrl(details->m_lastUrl)});
        details->m_lastUrl = target;
    });
    return details;
}

SentRequest ExchangeDetails::sentRequest(const QByteArray& method, const QNetworkRequest& request,
    qint64 bodySize, const QStringList& secretValues)
{
    SentRequest sent;
    sent.method = method;
    sent.url = QUrl::fromEncoded(
        Redaction::maskValues(Redaction::redactUrl(request.url()).toEncoded(), secretValues, true));
    sent.headers = Redaction::redactHeaders(withStackHeaders(request, bodySize));
    for (auto& header : sent.headers)
        header.second = Redaction::maskValues(header.second, secretValues);
    return sent;
}

void ExchangeDetails::fill(
    HttpResponse& response, QNetworkReply* reply, const QStringList& secretValues) const
{
    response.timeToFirstByteMs = m_firstByteMs;
    response.redirects = m_redirects;
    for (RedirectHop& hop : response.redirects)
        hop.url = QUrl::fromEncoded(Redaction::maskValues(hop.url.toEncoded(), secretValues, true));
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
