#pragma once

#include "certificatefingerprint.h"
#include "flowlog.h"
#include "httpmessage.h"

#include <QObject>
#include <QPointer>

#include <chrono>
#include <functional>
#include <memory>

class QIODevice;
class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace Tokenscope::Http {

// The one path every HTTP exchange of the application takes, so that timeouts, redirects, size limits
// and the flow recording are decided in one place.
class NetworkClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NetworkClient)

public:
    struct Options
    {
        std::chrono::milliseconds timeout {30000};
        bool followRedirects = true; // the token endpoint must not redirect (RFC 6749 §3.2)
        // Redirects are followed only within the request's origin, also without credentials: for
        // documents whose origin is part of their meaning (a provider's key set).
        bool sameOriginRedirectsOnly = false;
        qint64 maxBodyBytes = 256LL << 20;
        // The body is written to a BodySpool as it arrives (memory, then a temporary file) rather than
        // buffered by the reply, and downloadProgress() reports it: for API responses of any size.
        bool streamBody = false;
        QString purpose; // "Token request", "API call": the timeline's label
        // Server certificates accepted although no trusted authority signed them: a sandbox's
        // self-signed certificate the user chose to trust.
        // Each for the host it was accepted for, and only over the errors that say no authority vouches
        // for the certificate: an expired one or one for another name is refused all the same.
        QList<CertificateFingerprint> trustedCertificates;
        // The request carries a secret in its body (a client secret, a code, a refresh token); one with an
        // Authorization header always counts as carrying one. Such a request goes over plain http only to
        // a loopback address, or when allowPlainHttp (the environment's explicit setting).
        bool carriesCredentials = false;
        bool allowPlainHttp = false;
        // A body streamed from disk (multipart with files, a binary file) instead of the bytes passed.
        std::shared_ptr<QIODevice> bodyDevice;
        // Called, like downloadProgress(), as a streamed body arrives: for whoever waits for this one
        // request (a request tab), where the signal is for anyone.
        std::function<void(qint64 received, qint64 total)> progress;
    };
    using Handler = std::function<void(const HttpResponse&)>;

    // The access manager is injected so tests and the app can share one; if null the client owns one.
    explicit NetworkClient(QNetworkAccessManager* manager = nullptr, QObject* parent = nullptr);

    void setFlowLog(FlowLog* log) { m_log = log; }
    FlowLog* flowLog() const { return m_log; }

    // Sends and calls handler exactly once, on the thread of context, unless context is destroyed.
    // Returns the reply in flight (null when refused before sending), for cancel().
    QNetworkReply* send(const QByteArray& method, const QNetworkRequest& request, const QByteArray& body,
        const Options& options, QObject* context, Handler handler);

    // Stops a request in flight: its handler gets a response with cancelled set.
    static void cancel(QNetworkReply* reply);

    // A safety cap for streamed bodies: far beyond what a viewer is for, short of filling the disk.
    static constexpr qint64 streamedBodyLimit = qint64(64) * 1024 * 1024 * 1024;
    // How much of a streamed body Qt buffers between two reads.
    static constexpr qint64 streamReadBufferBytes = qint64(1024) * 1024;

Q_SIGNALS:
    // A streamed body is arriving: bytes so far, and the total when the server announced it (else -1).
    void downloadProgress(qint64 received, qint64 total);

private:
    bool refusePlainHttp(
        const QNetworkRequest& request, const Options& options, QObject* context, const Handler& handler);

    QNetworkAccessManager* m_manager;
    QPointer<FlowLog> m_log;
};

} // namespace Tokenscope::Http
