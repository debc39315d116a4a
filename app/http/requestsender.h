#pragma once

#include "accesstokenprovider.h"
#include "certificatefingerprint.h"
#include "error.h"
#include "httpmessage.h"
#include "variables.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>
#include <optional>

class QNetworkReply;

namespace Tokenscope::Http {

// The Authorization header for an access token of this type (RFC 6749 §5.1 token_type): RFC 6750 §2.1
// spells the scheme "Bearer", and token types are case-insensitive (RFC 6749 §7.1), so "bearer" and an
// empty type are sent as "Bearer" (some APIs accept no other spelling); other types as the provider
// wrote them.
QByteArray authorizationHeader(const QString& tokenType, const QString& token);
class NetworkClient;
struct PreparedBody;

// Turns a composed request into a sent one: variables expanded, access token attached.
class RequestSender final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestSender)

public:
    using Handler = std::function<void(const HttpResponse& response, const Error& error)>;
    // Bytes of the response body received so far, and the announced total (-1 when not announced).
    using ProgressHandler = std::function<void(qint64 received, qint64 total)>;

    explicit RequestSender(NetworkClient* client, QObject* parent = nullptr);

    // trustedCertificates: the environment's explicitly trusted certificates. refreshOnInvalidToken: a
    // 401 invalid_token is answered by refreshing the token and sending once more. allowPlainHttp: the
    // environment lets the token and secret variables go over plain http to hosts that are not loopback;
    // otherwise such a request is refused before anything is sent. progress: as the response body
    // arrives, while context lives. Returns an id for cancel().
    quint64 send(const HttpRequest& request, const QList<Variable>& variables, AccessTokenProvider* tokens,
        QObject* context, const Handler& handler,
        const QList<CertificateFingerprint>& trustedCertificates = {}, bool refreshOnInvalidToken = true,
        bool allowPlainHttp = false, const ProgressHandler& progress = {});
    // Stops the request: its handler is called with an error whose code is "cancelled", unless it has
    // already been called.
    void cancel(quint64 id);

private:
    struct Transport
    {
        QList<CertificateFingerprint> trustedCertificates;
        bool allowPlainHttp = false;
        ProgressHandler progress;
    };

    using Token = std::optional<AccessTokenProvider::Token>;

    void sendWithToken(quint64 id, const HttpRequest& request, const QList<Variable>& variables,
        AccessTokenProvider* tokens, QObject* context, const Handler& handler, bool retried,
        const Transport& transport);
    void sendPrepared(quint64 id, const HttpRequest& request, const QList<Variable>& variables,
        const Token& token, QObject* context, const Handler& handler, const Transport& transport);
    // Everything that can be refused before a token is fetched or a byte is sent.
    Error check(const HttpRequest& request, const QList<Variable>& variables, bool haveTokens,
        const Transport& transport) const;
    bool takeCancelled(quint64 id, const Handler& handler);

    NetworkClient* m_client;
    quint64 m_lastId = 0;
    QHash<quint64, QPointer<QNetworkReply>> m_inFlight;
    QSet<quint64> m_cancelled;
};

} // namespace Tokenscope::Http
