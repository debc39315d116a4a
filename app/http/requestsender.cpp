#include "requestsender.h"

#include "accesstokenprovider.h"
#include "networkclient.h"
#include "urlhelpers.h"

#include <QNetworkRequest>
#include <QPointer>

#include <algorithm>

namespace Tokenscope::Http {

QByteArray authorizationHeader(const QString& tokenType, const QString& token)
{
    const bool bearer
        = tokenType.isEmpty() || tokenType.compare(QLatin1String("bearer"), Qt::CaseInsensitive) == 0;
    return (bearer ? QStringLiteral("Bearer") : tokenType).toUtf8() + ' ' + token.toUtf8();
}

RequestSender::RequestSender(NetworkClient* client, QObject* parent)
    : QObject(parent)
    , m_client(client)
{ }

namespace {

// Headers whose value holds a secret variable (an API key, a password): secrets like the token.
bool usesSecretVariable(const QString& text, const QList<Variable>& variables)
{
    const QList<VariableSpan> spans = findVariables(text);
    return std::any_of(spans.cbegin(), spans.cend(), [&variables](const VariableSpan& span) {
        return std::any_of(variables.cbegin(), variables.cend(),
            [&span](const Variable& v) { return v.enabled && v.secret && v.name == span.name; });
    });
}

bool hasSecretHeader(const HttpRequest& request, const QList<Variable>& variables)
{
    return std::any_of(request.headers.cbegin(), request.headers.cend(),
        [&variables](const HeaderField& h) { return h.enabled && usesSecretVariable(h.value, variables); });
}

// RFC 6750 §5.3: a bearer token travels only under TLS. Refused before the token is even fetched.
Error plainHttpRefusal(const QUrl& url, bool token)
{
    const QString host = url.host();
    return {token ? RequestSender::tr("The access token was not sent: the address uses plain http")
                  : RequestSender::tr("The secret variable was not sent: the address uses plain http"),
        token
            ? RequestSender::tr("The request would send the access token in clear over http to %1.").arg(host)
            : RequestSender::tr("The request would send a secret variable in clear over http to %1.")
                  .arg(host),
        RequestSender::tr(
            "Use https, or allow plain HTTP for this environment in File ▸ Edit Environment… (Sign-in tab)."),
        QStringLiteral("plain_http_refused")};
}

} // namespace

void RequestSender::send(const HttpRequest& request, const QList<Variable>& variables,
    AccessTokenProvider* tokens, QObject* context, const Handler& handler,
    const QList<CertificateFingerprint>& trustedCertificates, bool refreshOnInvalidToken, bool allowPlainHttp)
{
    const Transport transport {trustedCertificates, allowPlainHttp};
    const bool token = request.attachAccessToken && tokens;
    const QUrl target = webUrlFromUserInput(expandVariables(request.url.trimmed(), variables).text);
    if ((token || hasSecretHeader(request, variables)) && isWebUrl(target)
        && !mayCarryCredentials(target, allowPlainHttp)) {
        handler({}, plainHttpRefusal(target, token));
        return;
    }
    if (!token) {
        sendPrepared(request, variables, {}, context, handler, transport);
        return;
    }
    // Without the retry the first answer is final, as after a retry.
    sendWithToken(request, variables, tokens, context, handler, !refreshOnInvalidToken, transport);
}

void RequestSender::sendWithToken(const HttpRequest& request, const QList<Variable>& variables,
    AccessTokenProvider* tokens, QObject* context, const Handler& handler, bool retried,
    const Transport& transport)
{
    QPointer<RequestSender> self = this;
    // The provider is a QObject in practice (TokenSession); a retry must not outlive it.
    QPointer<QObject> provider = dynamic_cast<QObject*>(tokens);
    tokens->withAccessToken(context,
        [self, provider, tokens, request, variables, context, handler, retried, transport](
            const AccessTokenProvider::Token& token, const Error& error) {
            if (!self)
                return;
            if (!error.isNull()) {
                handler({}, error);
                return;
            }
            // RFC 6750 §2.1: the token goes in the Authorization header, never in the URL by default.
            const QByteArray authorization = authorizationHeader(token.type, token.value);
            self->sendPrepared(
                request, variables, authorization, context,
                [self, provider, tokens, token, request, variables, context, handler, retried, transport](
                    const HttpResponse& response, const Error& failure) {
                    // RFC 6750 §3.1: invalid_token (expired, revoked) may be cured by a fresh token: refresh
                    // once and retry once. insufficient_scope is not: a refresh grants the same scopes.
                    if (!retried && self && provider && response.status == 401
                        && response.bearerError() == QLatin1String("invalid_token")) {
                        if (FlowLog* log = self->m_client->flowLog())
                            log->note(
                                tr("The API answered invalid_token: refreshing the token once and retrying"));
                        tokens->rejectAccessToken(token);
                        self->sendWithToken(request, variables, tokens, context, handler, true, transport);
                        return;
                    }
                    handler(response, failure);
                },
                transport);
        });
}

void RequestSender::sendPrepared(const HttpRequest& request, const QList<Variable>& variables,
    const QByteArray& authorization, QObject* context, const Handler& handler, const Transport& transport)
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

    const QUrl target = webUrlFromUserInput(url.text);
    if (url.text.isEmpty() || !isWebUrl(target)) {
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
    options.trustedCertificates = transport.trustedCertificates;
    options.allowPlainHttp = transport.allowPlainHttp;
    // A secret variable in a header is a credential like the token: it must not follow a redirect to
    // another origin, and goes over plain http only where the token may.
    const bool secretHeader = hasSecretHeader(request, variables);
    options.carriesCredentials = secretHeader;
    options.sameOriginRedirectsOnly = secretHeader;
    // An API's answer may be of any size: streamed to disk past a threshold, capped only for safety.
    options.streamBody = true;
    options.maxBodyBytes = NetworkClient::streamedBodyLimit;
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
