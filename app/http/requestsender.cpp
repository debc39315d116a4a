#include "requestsender.h"

#include "accesstokenprovider.h"
#include "networkclient.h"
#include "pathvariables.h"
#include "requestauthorization.h"
#include "requestbody.h"
#include "urlhelpers.h"

#include <QNetworkReply>
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

// A header, the URL (an API key in the query) or a path variable's value that uses a secret variable:
// a credential like the token.
bool hasSecretHeader(const HttpRequest& request, const QList<Variable>& variables)
{
    const auto secret
        = [&variables](const HeaderField& h) { return h.enabled && usesSecretVariable(h.value, variables); };
    return usesSecretVariable(request.url, variables)
        || std::any_of(request.headers.cbegin(), request.headers.cend(), secret)
        || std::any_of(request.pathVariables.cbegin(), request.pathVariables.cend(), secret);
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

// The request as it goes out, short of the credential: headers, URL and body with variables expanded.
struct Outgoing
{
    QNetworkRequest request;
    QUrl url;
    QString urlText;
    QStringList unresolved;
};

Outgoing expandRequest(const HttpRequest& request, const QList<Variable>& variables)
{
    Outgoing out;
    const Expansion url = expandVariables(
        withPathVariables(request.url.trimmed(), request.pathVariables, &out.unresolved), variables);
    out.unresolved << url.unresolved;
    out.urlText = url.text;
    for (const HeaderField& header : request.headers) {
        if (!header.enabled || header.name.trimmed().isEmpty())
            continue;
        const Expansion name = expandVariables(header.name.trimmed(), variables);
        const Expansion value = expandVariables(header.value, variables);
        out.unresolved << name.unresolved << value.unresolved;
        out.request.setRawHeader(name.text.toUtf8(), value.text.toUtf8());
    }
    out.url = webUrlFromUserInput(url.text);
    return out;
}

Error unresolvedError(QStringList names)
{
    names.removeDuplicates();
    return {RequestSender::tr("The request uses variables that are not defined"),
        names.join(QStringLiteral(", ")),
        RequestSender::tr("Define them in the environment, or remove the {{…}} placeholders."),
        QStringLiteral("undefined_variables")};
}

Error cancelledError()
{
    return {RequestSender::tr("The request was cancelled"), {}, {}, QStringLiteral("cancelled")};
}

// RFC 6750 §2.3: the token as a query parameter, percent-encoded like a form value.
QUrl withQueryParameter(QUrl url, const QString& name, const QString& value)
{
    QString query = url.query(QUrl::FullyEncoded);
    if (!query.isEmpty())
        query += u'&';
    query += QString::fromLatin1(QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value));
    url.setQuery(query, QUrl::TolerantMode);
    return url;
}

} // namespace

Error RequestSender::check(const HttpRequest& request, const QList<Variable>& variables, bool haveTokens,
    const Transport& transport) const
{
    const Outgoing out = expandRequest(request, variables);
    const PreparedBody body = prepareBody(request, variables);
    const AppliedAuth auth = applyAuth(request, AccessTokenProvider::Token {}, variables);
    const QStringList unresolved = out.unresolved + body.unresolved + auth.unresolved;
    if (!unresolved.isEmpty())
        return unresolvedError(unresolved);
    if (out.urlText.isEmpty() || !isWebUrl(out.url)) {
        return {tr("The URL is not a valid http or https address"), out.urlText,
            tr("Write the full address, for example https://api.example.com/v1/items.")};
    }
    if (!body.error.isNull())
        return body.error;
    if (auth.empty) {
        return {tr("The authorization of the request is incomplete"),
            tr("The header, parameter or variable that should carry the credential has no name."),
            tr("Fill it in on the Auth tab, or choose another way to send the token.")};
    }
    const bool token = usesAccessToken(request) && haveTokens;
    if (usesAccessToken(request) && !haveTokens && request.auth.style != RequestAuth::Style::Inherit) {
        return {tr("There is no access token to send"),
            tr("The request sends the environment's access token, but the environment has no sign-in."),
            tr("Select an environment with a provider, or choose another way to authorize on the Auth tab.")};
    }
    const bool credential
        = token || hasSecretHeader(request, variables) || carriesOwnCredential(request) || body.secret;
    if (credential && !mayCarryCredentials(out.url, transport.allowPlainHttp))
        return plainHttpRefusal(out.url, token);
    return {};
}

quint64 RequestSender::send(const HttpRequest& request, const QList<Variable>& variables,
    AccessTokenProvider* tokens, QObject* context, const Handler& handler,
    const QList<CertificateFingerprint>& trustedCertificates, bool refreshOnInvalidToken, bool allowPlainHttp,
    const ProgressHandler& progress)
{
    const quint64 id = ++m_lastId;
    const Transport transport {trustedCertificates, allowPlainHttp, progress};
    const Error refusal = check(request, variables, tokens != nullptr, transport);
    if (!refusal.isNull()) {
        handler({}, refusal);
        return id;
    }
    if (!usesAccessToken(request) || !tokens) {
        sendPrepared(id, request, variables, std::nullopt, context, handler, transport);
        return id;
    }
    // Without the retry the first answer is final, as after a retry.
    sendWithToken(id, request, variables, tokens, context, handler, !refreshOnInvalidToken, transport);
    return id;
}

void RequestSender::cancel(quint64 id)
{
    if (const QPointer<QNetworkReply> reply = m_inFlight.value(id))
        NetworkClient::cancel(reply);
    else if (id > 0 && id <= m_lastId)
        m_cancelled.insert(id);
}

bool RequestSender::takeCancelled(quint64 id, const Handler& handler)
{
    if (!m_cancelled.remove(id))
        return false;
    HttpResponse response;
    response.cancelled = true;
    handler(response, cancelledError());
    return true;
}

void RequestSender::sendWithToken(quint64 id, const HttpRequest& request, const QList<Variable>& variables,
    AccessTokenProvider* tokens, QObject* context, const Handler& handler, bool retried,
    const Transport& transport)
{
    QPointer<RequestSender> self = this;
    // The provider is a QObject in practice (TokenSession); a retry must not outlive it.
    QPointer<QObject> provider = dynamic_cast<QObject*>(tokens);
    tokens->withAccessToken(context,
        [self, id, provider, tokens, request, variables, context, handler, retried, transport](
            const AccessTokenProvider::Token& token, const Error& error) {
            if (!self || self->takeCancelled(id, handler))
                return;
            if (!error.isNull()) {
                handler({}, error);
                return;
            }
            self->sendPrepared(
                id, request, variables, token, context,
                [self, id, provider, tokens, token, request, variables, context, handler, retried, transport](
                    const HttpResponse& response, const Error& failure) {
                    // RFC 6750 §3.1: invalid_token (expired, revoked) may be cured by a fresh token: refresh
                    // once and retry once. insufficient_scope is not: a refresh grants the same scopes.
                    if (!retried && self && provider && response.status == 401
                        && response.bearerError() == QLatin1String("invalid_token")) {
                        if (FlowLog* log = self->m_client->flowLog())
                            log->note(
                                tr("The API answered invalid_token: refreshing the token once and retrying"));
                        tokens->rejectAccessToken(token);
                        self->sendWithToken(
                            id, request, variables, tokens, context, handler, true, transport);
                        return;
                    }
                    handler(response, failure);
                },
                transport);
        });
}

void RequestSender::sendPrepared(quint64 id, const HttpRequest& request, const QList<Variable>& variables,
    const Token& token, QObject* context, const Handler& handler, const Transport& transport)
{
    Outgoing out = expandRequest(request, variables);
    const PreparedBody body = prepareBody(request, variables);
    const AppliedAuth auth = applyAuth(request, token, variables);
    // Checked before, but variables and files may have changed while the token was fetched.
    const QStringList unresolved = out.unresolved + body.unresolved + auth.unresolved;
    if (!unresolved.isEmpty() || !body.error.isNull()) {
        handler({}, unresolved.isEmpty() ? body.error : unresolvedError(unresolved));
        return;
    }
    QNetworkRequest& networkRequest = out.request;
    QUrl target = out.url;
    const bool authHeader = !auth.headerName.isEmpty() && !auth.headerValue.isEmpty();
    // A header of the same name typed into the request wins, as it did over the environment's token.
    if (authHeader && !networkRequest.hasRawHeader(auth.headerName))
        networkRequest.setRawHeader(auth.headerName, auth.headerValue);
    const bool authQuery = !auth.queryName.isEmpty() && token.has_value();
    if (authQuery)
        target = withQueryParameter(target, auth.queryName, auth.queryValue);
    networkRequest.setUrl(target);
    if (!body.contentType.isEmpty()
        && (body.contentTypeRequired || !networkRequest.hasRawHeader("Content-Type")))
        networkRequest.setRawHeader("Content-Type", body.contentType);

    NetworkClient::Options options;
    options.purpose = tr("API call");
    options.trustedCertificates = transport.trustedCertificates;
    options.allowPlainHttp = transport.allowPlainHttp;
    if (request.timeoutMs > 0)
        options.timeout = std::chrono::milliseconds(request.timeoutMs);
    options.followRedirects = request.followRedirects;
    options.bodyDevice = body.device;
    options.progress = transport.progress;
    // A secret variable in a header, or the credential in a header of the API's own naming or in the
    // query, is a credential like the token: it must not follow a redirect to another origin, and goes
    // over plain http only where the token may.
    const bool secretHeader = hasSecretHeader(request, variables) || authHeader || authQuery;
    options.carriesCredentials = secretHeader || body.secret;
    options.sameOriginRedirectsOnly = secretHeader || body.secret;
    // An API's answer may be of any size: streamed to disk past a threshold, capped only for safety.
    options.streamBody = true;
    options.maxBodyBytes = NetworkClient::streamedBodyLimit;
    QPointer<RequestSender> self = this;
    QNetworkReply* reply = m_client->send(request.method.trimmed().toUpper(), networkRequest, body.bytes,
        options, context, [self, id, handler](const HttpResponse& response) {
            if (self)
                self->m_inFlight.remove(id);
            if (response.cancelled) {
                handler(response, cancelledError());
                return;
            }
            if (response.isTransportFailure()) {
                handler(response,
                    {tr("The request could not be completed"), response.errorString,
                        response.timedOut ? tr("Check that the server is up, or raise the timeout.")
                                          : tr("Check the address, your network and the proxy settings.")});
                return;
            }
            handler(response, {});
        });
    if (reply)
        m_inFlight.insert(id, reply);
}

} // namespace Tokenscope::Http
