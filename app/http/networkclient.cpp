#include "networkclient.h"

#include "bodybuffer.h"
#include "exchangedetails.h"
#include "flowlog.h"
#include "redaction.h"
#include "replyspooler.h"
#include "urlhelpers.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QTimer>

#include <algorithm>
#include <memory>

namespace Tokenscope::Http {

QByteArray HttpResponse::header(const QByteArray& name) const
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString HttpResponse::bearerError() const
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^\s*Bearer\b.*\berror\s*=\s*"?([A-Za-z0-9_]+))"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern.match(QString::fromLatin1(header("www-authenticate"))).captured(1);
}

namespace {

// The errors that say only that no authority the system knows vouches for the certificate: what
// trusting its fingerprint answers. Never a wrong name, an expiry or a revocation.
bool isTrustError(const QSslError& error)
{
    switch (error.error()) {
    case QSslError::SelfSignedCertificate:
    case QSslError::SelfSignedCertificateInChain:
    case QSslError::UnableToGetLocalIssuerCertificate:
    case QSslError::UnableToVerifyFirstCertificate:
    case QSslError::UnableToGetIssuerCertificate:
        return true;
    default:
        return false;
    }
}

// Authorization, a cookie or an API key typed into the request as it is: credentials as much as the
// environment's token.
bool carriesSecretHeader(const QNetworkRequest& request)
{
    const QList<QByteArray> names = request.rawHeaderList();
    return std::any_of(names.cbegin(), names.cend(), &Redaction::isSecretHeaderName);
}

} // namespace

NetworkClient::NetworkClient(QNetworkAccessManager* manager, QObject* parent)
    : QObject(parent)
    , m_manager(manager ? manager : new QNetworkAccessManager(this))
{ }

QNetworkReply* NetworkClient::send(const QByteArray& method, const QNetworkRequest& request,
    const QByteArray& body, const Options& options, QObject* context, Handler handler)
{
    if (refusePlainHttp(request, options, context, handler))
        return nullptr;
    QNetworkRequest prepared = request;
    prepared.setTransferTimeout(int(options.timeout.count()));
    // A request carrying credentials follows redirects only within its origin: the Authorization header
    // must not travel to whatever host a redirect names.
    const bool sameOriginOnly = carriesSecretHeader(prepared) || options.sameOriginRedirectsOnly;
    prepared.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
        !options.followRedirects ? QNetworkRequest::ManualRedirectPolicy
            : sameOriginOnly     ? QNetworkRequest::SameOriginRedirectPolicy
                                 : QNetworkRequest::NoLessSafeRedirectPolicy);
    // Tokens must not be served from or written to a cache (RFC 6749 §5.1 Cache-Control: no-store).
    prepared.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    prepared.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    // A connection or TLS session on which a certificate was accepted because of this request's trust
    // must not carry a later request that trusts differently (another environment): Qt keeps the ignored
    // errors with a cached connection. The verify name (the host itself, so checked the same) puts these
    // requests in a cache of their own, and after one that used its trust the cache is dropped.
    if (!options.trustedCertificates.isEmpty()) {
        prepared.setPeerVerifyName(prepared.url().host());
        QSslConfiguration ssl = prepared.sslConfiguration();
        ssl.setSslOption(QSsl::SslOptionDisableSessionSharing, true);
        ssl.setSslOption(QSsl::SslOptionDisableSessionPersistence, true);
        ssl.setSslOption(QSsl::SslOptionDisableSessionTickets, true);
        prepared.setSslConfiguration(ssl);
        prepared.setRawHeader("Connection", "close");
        // HTTP/2 would multiplex other requests over the one connection, Connection: close or not.
        prepared.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    }
    if (!prepared.hasRawHeader("User-Agent"))
        prepared.setRawHeader("User-Agent", QByteArrayLiteral("Tokenscope/" TOKENSCOPE_VERSION));

    // Decided once, when the request leaves: the answer belongs to the same environment even if the
    // user has moved on to another one by the time it arrives.
    const QString environmentId = m_log ? m_log->environmentFor(context) : QString();
    if (m_log) {
        FlowEvent event;
        event.environmentId = environmentId;
        event.kind = FlowEvent::Kind::HttpRequest;
        event.summary = options.purpose;
        event.method = method;
        event.url = prepared.url();
        for (const QByteArray& name : prepared.rawHeaderList())
            event.headers.append({name, prepared.rawHeader(name)});
        event.body = body;
        m_log->append(std::move(event));
    }

    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    const std::shared_ptr<QIODevice> upload = options.bodyDevice;
    QNetworkReply* reply = upload ? m_manager->sendCustomRequest(prepared, method, upload.get())
                                  : m_manager->sendCustomRequest(prepared, method, body);
    const auto details = ExchangeDetails::watch(reply, timer);
    const SentRequest sent = ExchangeDetails::sentRequest(method, prepared,
        upload ? upload->size() : body.size(), m_log ? m_log->secretValues() : QStringList());
    const qint64 limit = options.maxBodyBytes;
    auto tooLarge = std::make_shared<bool>(false);
    auto untrusted = std::make_shared<CertificateFingerprint>();

    // A certificate no authority vouches for is accepted only when the user trusted exactly this one for
    // this host; every other TLS problem (expired, another host's name, …) fails, and then its
    // fingerprint is not offered either: trusting it would not help.
    const QList<CertificateFingerprint> trusted = options.trustedCertificates;
    connect(
        reply, &QNetworkReply::sslErrors, reply, [reply, trusted, untrusted](const QList<QSslError>& errors) {
            const QList<QSslCertificate> chain = reply->sslConfiguration().peerCertificateChain();
            if (chain.isEmpty() || errors.isEmpty()
                || !std::all_of(errors.cbegin(), errors.cend(), isTrustError))
                return;
            const auto presented
                = CertificateFingerprint::fromDigest(chain.constFirst().digest(QCryptographicHash::Sha256));
            if (isTrustedFor(trusted, presented, reply->url().host())) {
                reply->setProperty("tokenscopeTrustUsed", true);
                reply->ignoreSslErrors(errors);
                return;
            }
            *untrusted = presented;
        });

    // The upload is read for as long as the reply lives, which can outlast the caller's context.
    if (upload)
        connect(reply, &QObject::destroyed, m_manager, [upload] {});
    if (upload && m_log)
        m_log->note(
            tr("%n byte(s) of the request body are streamed from disk.", nullptr, int(upload->size())));

    // A body over the limit is cut off as soon as it is announced or received, not after buffering it.
    const bool stream = options.streamBody;
    QPointer<NetworkClient> self = this;
    connect(reply, &QNetworkReply::downloadProgress, reply,
        [reply, limit, tooLarge, stream, self, asker = QPointer<QObject>(context),
            progress = options.progress](qint64 received, qint64 total) {
            if (received > limit || total > limit) {
                *tooLarge = true;
                reply->abort();
                return;
            }
            if (!stream)
                return;
            if (self)
                Q_EMIT self->downloadProgress(received, total);
            if (progress && asker)
                progress(received, total);
        });
    QPointer<FlowLog> log = m_log;
    QPointer<QObject> guard = context;
    const QString purpose = options.purpose;
    QPointer<QNetworkAccessManager> manager = m_manager;
    connect(reply, &QNetworkReply::finished, reply, [reply, manager] {
        if (manager && reply->property("tokenscopeTrustUsed").toBool())
            manager->clearConnectionCache();
    });
    // Streamed: the body goes to the spool as it arrives, in slices that never hold the GUI thread long,
    // so the reply never holds the whole body and the window stays live while a gigabyte arrives.
    std::shared_ptr<Body::BodySpool> spool = stream ? std::make_shared<Body::BodySpool>() : nullptr;
    ReplySpooler* spooler = nullptr;
    if (stream) {
        // Asks Qt to buffer little between two reads (not every Qt version keeps to it on loopback).
        reply->setReadBufferSize(streamReadBufferBytes);
        spooler = new ReplySpooler(reply, spool);
    }
    // The answer is complete when the reply finished and, if streamed, its body is all in the spool.
    const auto completes = [reply, spooler](QObject* receiver, auto slot) {
        if (spooler)
            connect(spooler, &ReplySpooler::drained, receiver, std::move(slot));
        else
            connect(reply, &QNetworkReply::finished, receiver, std::move(slot));
    };

    // The reply goes when it is complete even if the context went first (and took the handler with it).
    completes(reply, [reply] { reply->deleteLater(); });
    completes(context,
        [reply, timer, tooLarge, untrusted, log, guard, purpose, environmentId, spool, spooler, upload,
            details, sent, handler = std::move(handler)] {
            HttpResponse response;
            response.url = reply->url();
            response.sent = sent;
            response.elapsedMs = timer->elapsed();
            response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            response.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
            response.headers = reply->rawHeaderPairs();
            details->fill(response, reply, log ? log->secretValues() : QStringList());
            response.tooLarge = *tooLarge;
            QString spoolError = spooler ? spooler->errorString() : QString();
            if (spool && !response.tooLarge) {
                response.bodyBuffer = spool->finish();
                if (spoolError.isEmpty())
                    spoolError = spool->errorString();
                if (response.bodyBuffer->size() <= HttpResponse::bodyInMemoryBytes)
                    response.body = response.bodyBuffer->toByteArray();
            } else if (!response.tooLarge) {
                response.body = reply->readAll();
                response.bodyBuffer = Body::BodyBuffer::fromBytes(response.body);
            }
            const auto error = reply->error();
            if (!spoolError.isEmpty()) {
                response.errorString = spoolError;
            } else if (response.tooLarge) {
                response.errorString = tr("The response was larger than the limit for this request.");
            } else if (reply->property("tokenscopeCancelled").toBool()) {
                response.cancelled = true;
                response.errorString = tr("The request was cancelled.");
            } else if (error == QNetworkReply::OperationCanceledError) {
                response.timedOut = true;
                response.errorString = tr("No response within the time limit.");
            } else if (error != QNetworkReply::NoError && response.status == 0) {
                response.errorString = reply->errorString();
                if (!untrusted->isNull()) {
                    response.untrustedCertificateSha256 = untrusted->digest();
                    response.errorString
                        = tr("The certificate of %1 is not trusted (%2). Its SHA-256 "
                             "fingerprint is %3.")
                              .arg(reply->url().host(), reply->errorString(), untrusted->toString());
                }
            }
            // What the handler writes or sends next belongs to this request's environment.
            const FlowLog::EnvironmentScope scope(log, environmentId);
            if (log) {
                FlowEvent event;
                event.environmentId = environmentId;
                event.kind = response.status ? FlowEvent::Kind::HttpResponse : FlowEvent::Kind::Failure;
                event.summary
                    = response.status ? purpose : purpose + QStringLiteral(": ") + response.errorString;
                event.url = response.url;
                event.status = response.status;
                event.headers = response.headers;
                // A body in memory is shared, not copied; of a larger one the log takes only the slice it
                // keeps: a body of a gigabyte must not be copied.
                if (response.bodyBuffer && response.body.size() < response.bodyBuffer->size()) {
                    event.body = response.bodyBuffer->slice(0, log->limits().bodyBytes);
                    event.bodyOmitted = response.bodyBuffer->size() - event.body.size();
                } else {
                    event.body = response.body;
                }
                event.elapsedMs = response.elapsedMs;
                log->append(std::move(event));
            }
            if (guard)
                handler(response);
        });
    return reply;
}

void NetworkClient::cancel(QNetworkReply* reply)
{
    if (!reply || reply->isFinished())
        return;
    reply->setProperty("tokenscopeCancelled", true);
    reply->abort();
}

bool NetworkClient::refusePlainHttp(
    const QNetworkRequest& request, const Options& options, QObject* context, const Handler& handler)
{
    const bool credentials = options.carriesCredentials || carriesSecretHeader(request);
    if (!credentials || mayCarryCredentials(request.url(), options.allowPlainHttp))
        return false;
    HttpResponse response;
    response.url = request.url();
    response.errorString = tr("Nothing was sent: the request would carry credentials in clear over http "
                              "to %1. Use https, or allow plain HTTP for this environment in File ▸ Edit "
                              "Environment… (Sign-in tab).")
                               .arg(request.url().host());
    if (m_log) {
        FlowEvent event;
        event.environmentId = m_log->environmentFor(context);
        event.kind = FlowEvent::Kind::Failure;
        event.summary = options.purpose + QStringLiteral(": ") + response.errorString;
        event.url = response.url;
        m_log->append(std::move(event));
    }
    // Asynchronous like every answer, so callers keep one code path.
    QTimer::singleShot(0, context, [handler, response] { handler(response); });
    return true;
}

} // namespace Tokenscope::Http
