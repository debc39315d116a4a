#pragma once

#include "certificatefingerprint.h"
#include "flowlog.h"
#include "httpmessage.h"

#include <QObject>
#include <QPointer>

#include <chrono>
#include <functional>

class QNetworkAccessManager;
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
        QString purpose; // "Token request", "API call": the timeline's label
        // Server certificates accepted although no trusted authority signed them: a sandbox's
        // self-signed certificate the user chose to trust.
        QList<CertificateFingerprint> trustedCertificates;
    };
    using Handler = std::function<void(const HttpResponse&)>;

    // The access manager is injected so tests and the app can share one; if null the client owns one.
    explicit NetworkClient(QNetworkAccessManager* manager = nullptr, QObject* parent = nullptr);

    void setFlowLog(FlowLog* log) { m_log = log; }
    FlowLog* flowLog() const { return m_log; }

    // Sends and calls handler exactly once, on the thread of context, unless context is destroyed.
    void send(const QByteArray& method, const QNetworkRequest& request, const QByteArray& body,
        const Options& options, QObject* context, Handler handler);

private:
    QNetworkAccessManager* m_manager;
    QPointer<FlowLog> m_log;
};

} // namespace Tokenscope::Http
