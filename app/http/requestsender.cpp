#include "requestsender.h"

#include "accesstokenprovider.h"
#include "networkclient.h"

#include <QNetworkRequest>
#include <QPointer>

namespace Tokenscope::Http {

RequestSender::RequestSender(NetworkClient* client, QObject* parent)
    : QObject(parent)
    , m_client(client)
{ }

void RequestSender::send(const HttpRequest& request, const QList<Variable>& variables,
    AccessTokenProvider* tokens, QObject* context, Handler handler)
{
    if (!request.attachAccessToken || !tokens) {
        sendPrepared(request, variables, {}, context, std::move(handler));
        return;
    }
    QPointer<RequestSender> self = this;
    tokens->withAccessToken(context,
        [self, request, variables, context, handler](
            const AccessTokenProvider::Token& token, const Error& error) {
            if (!self)
                return;
            if (!error.isNull()) {
                handler({}, error);
                return;
            }
            // RFC 6750 §2.1: the token goes in the Authorization header, never in the URL by default.
            self->sendPrepared(
                request, variables, (token.type + QLatin1Char(' ') + token.value).toUtf8(), context, handler);
        });
}

void RequestSender::sendPrepared(const HttpRequest& request, const QList<Variable>& variables,
    const QByteArray& authorization, QObject* context, Handler handler)
{
    const Expansion url = expandVariables(request.url.trimmed(), variables);
    QStringList unresolved = url.unresolved;
    QNetworkRequest networkRequest;
    for (const HeaderField& header : request.headers) {
        if (!header.enabled || header.name.trimmed().isEmpty())
            continue;
        const Expansion name = expandVariables(header.name.trimmed(), variables);
        const Expansion value = expandVariables(header.value, variables);
        unresolved << name.unresolved << value.unresolved;
        networkRequest.setRawHeader(name.text.toUtf8(), value.text.toUtf8());
    }
    const Expansion body = expandVariables(QString::fromUtf8(request.body), variables);
    unresolved << body.unresolved;
    unresolved.removeDuplicates();
    if (!unresolved.isEmpty()) {
        handler({},
            {tr("The request uses variables that are not defined"), unresolved.join(QStringLiteral(", ")),
                tr("Define them in the environment, or remove the {{…}} placeholders.")});
        return;
    }

    const QUrl target = QUrl::fromUserInput(url.text);
    if (url.text.isEmpty() || !target.isValid() || target.host().isEmpty()
        || (target.scheme() != QLatin1String("http") && target.scheme() != QLatin1String("https"))) {
        handler({},
            {tr("The URL is not a valid http or https address"), url.text,
                tr("Write the full address, for example https://api.example.com/v1/items.")});
        return;
    }
    networkRequest.setUrl(target);
    if (!authorization.isEmpty() && !networkRequest.hasRawHeader("Authorization"))
        networkRequest.setRawHeader("Authorization", authorization);
    if (!request.body.isEmpty() && !networkRequest.hasRawHeader("Content-Type"))
        networkRequest.setRawHeader("Content-Type", "application/json");

    NetworkClient::Options options;
    options.purpose = tr("API call");
    m_client->send(request.method.trimmed().toUpper(), networkRequest, body.text.toUtf8(), options, context,
        [handler](const HttpResponse& response) {
            if (response.isTransportFailure()) {
                handler(response,
                    {tr("The request could not be completed"), response.errorString,
                        response.timedOut ? tr("Check that the server is up, or raise the timeout.")
                                          : tr("Check the address, your network and the proxy settings.")});
                return;
            }
            handler(response, {});
        });
}

} // namespace Tokenscope::Http
