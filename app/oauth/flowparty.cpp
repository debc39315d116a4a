#include "flowparty.h"

#include "formencoding.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QUrlQuery>

namespace Tokenscope::OAuth {

using Http::FlowEvent;

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::FlowParty)
};

QString originOf(const QUrl& url)
{
    return url.scheme().toLower() + QStringLiteral("://") + url.host().toLower() + QLatin1Char(':')
        + QString::number(
            url.port(url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 ? 443 : 80));
}

QString pathOf(const QUrl& url)
{
    QString path = url.path(QUrl::FullyEncoded);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return path;
}

bool sameEndpoint(const QUrl& url, const QUrl& endpoint)
{
    return endpoint.isValid() && !endpoint.isEmpty() && originOf(url) == originOf(endpoint)
        && pathOf(url) == pathOf(endpoint);
}

bool isAnswer(const FlowEvent& event)
{
    return event.kind == FlowEvent::Kind::HttpResponse
        || (event.kind == FlowEvent::Kind::Failure && event.url.isValid() && !event.url.isEmpty());
}

// The OAuth error code of an answer: the JSON body's "error" (RFC 6749 §5.2), else the error of a
// Bearer challenge (RFC 6750 §3).
QString errorCodeOf(const FlowEvent& event)
{
    const QJsonDocument json = QJsonDocument::fromJson(event.body);
    if (json.isObject()) {
        QString code = json.object().value(QLatin1String("error")).toString();
        if (!code.isEmpty())
            return code;
    }
    for (const auto& [name, value] : event.headers) {
        if (name.compare("www-authenticate", Qt::CaseInsensitive) != 0)
            continue;
        const qsizetype at = value.indexOf("error=\"");
        if (at >= 0) {
            const qsizetype start = at + 7;
            const qsizetype end = value.indexOf('"', start);
            if (end > start)
                return QString::fromLatin1(value.mid(start, end - start));
        }
    }
    return {};
}

} // namespace

bool isProviderUrl(const QUrl& url, const ClientConfig& config)
{
    for (const QUrl& endpoint :
        {config.authorizationEndpoint, config.tokenEndpoint, config.deviceAuthorizationEndpoint,
            config.jwksUri, config.revocationEndpoint, config.introspectionEndpoint, config.userinfoEndpoint,
            config.endSessionEndpoint, config.parEndpoint}) {
        if (sameEndpoint(url, endpoint))
            return true;
    }
    const QUrl issuer(config.issuer);
    if (config.issuer.isEmpty() || !issuer.isValid() || originOf(url) != originOf(issuer))
        return false;
    const QString path = pathOf(url);
    const QString issuerPath = pathOf(issuer);
    // OIDC Discovery §4 puts the document below the issuer, RFC 8414 §3.1 at the root before its path.
    if (path.startsWith(issuerPath + QStringLiteral("/.well-known/"))
        || path.startsWith(QStringLiteral("/.well-known/")))
        return true;
    return !issuerPath.isEmpty() && (path == issuerPath || path.startsWith(issuerPath + QLatin1Char('/')));
}

FlowParty counterpartOf(const FlowEvent& event, const ClientConfig* config)
{
    switch (event.kind) {
    case FlowEvent::Kind::AuthorizationRequest:
        return FlowParty::AuthorizationServer;
    case FlowEvent::Kind::RedirectReceived:
        return FlowParty::Browser;
    case FlowEvent::Kind::Note:
        return FlowParty::Tokenscope;
    case FlowEvent::Kind::Failure:
        if (!isAnswer(event))
            return FlowParty::Tokenscope;
        break;
    case FlowEvent::Kind::HttpRequest:
    case FlowEvent::Kind::HttpResponse:
        break;
    }
    if (config)
        return isProviderUrl(event.url, *config) ? FlowParty::AuthorizationServer : FlowParty::Api;
    return event.url.path().contains(QLatin1String("/.well-known/")) ? FlowParty::AuthorizationServer
                                                                     : FlowParty::Api;
}

int ExchangePairing::add(const FlowEvent& event, int index)
{
    const bool request = event.kind == FlowEvent::Kind::HttpRequest;
    if (!request && !isAnswer(event))
        return -1;
    const QUrl address = event.url.adjusted(QUrl::RemoveFragment);
    QList<Open>& open = m_open[originOf(event.url) + QLatin1Char(' ') + event.environmentId];
    if (request) {
        open.append({index, address});
        return -1;
    }
    if (open.isEmpty())
        return -1;
    qsizetype chosen = 0;
    for (qsizetype c = 0; c < open.size(); ++c) {
        if (open.at(c).url == address) {
            chosen = c;
            break;
        }
    }
    return open.takeAt(chosen).index;
}

QList<int> pairExchanges(const QList<FlowEvent>& events)
{
    QList<int> partners(events.size(), -1);
    ExchangePairing pairing;
    for (int i = 0; i < events.size(); ++i) {
        if (const int request = pairing.add(events.at(i), i); request >= 0) {
            partners[i] = request;
            partners[request] = i;
        }
    }
    return partners;
}

QString arrowLabel(const FlowEvent& event)
{
    switch (event.kind) {
    case FlowEvent::Kind::Note:
        return event.summary;
    case FlowEvent::Kind::Failure:
        if (!isAnswer(event))
            return event.summary;
        break;
    case FlowEvent::Kind::AuthorizationRequest:
    case FlowEvent::Kind::HttpRequest: {
        QString label = QString::fromLatin1(event.method.isEmpty() ? QByteArray("GET") : event.method)
            + QLatin1Char(' ') + event.url.path();
        // The grant says which token request this is (RFC 6749 §4.1.3, §6, §4.4).
        QString grant;
        for (const auto& [name, value] : Http::formDecode(event.body)) {
            if (name == QLatin1String("grant_type"))
                grant = value;
        }
        if (grant.isEmpty())
            grant = QUrlQuery(event.url).queryItemValue(QStringLiteral("grant_type"));
        if (event.kind == FlowEvent::Kind::AuthorizationRequest)
            grant = QUrlQuery(event.url).queryItemValue(QStringLiteral("response_type"));
        // The device grant's URN is long; its last word says it.
        grant = grant.section(QLatin1Char(':'), -1);
        return grant.isEmpty() ? label : label + QStringLiteral(" (") + grant + QLatin1Char(')');
    }
    case FlowEvent::Kind::RedirectReceived: {
        QStringList names;
        for (const auto& item : QUrlQuery(event.url).queryItems())
            names.append(item.first);
        if (names.isEmpty())
            for (const auto& item : QUrlQuery(event.url.fragment()).queryItems())
                names.append(item.first);
        return names.isEmpty() ? event.summary
                               : Text::tr("Redirect (%1)").arg(names.join(QStringLiteral(", ")));
    }
    case FlowEvent::Kind::HttpResponse:
        break;
    }
    if (event.status == 0)
        return event.summary;
    const QString code = errorCodeOf(event);
    const QString status = code.isEmpty() ? QString::number(event.status)
                                          : QString::number(event.status) + QLatin1Char(' ') + code;
    return event.elapsedMs >= 0 ? Text::tr("%1 · %2 ms").arg(status).arg(event.elapsedMs) : status;
}

std::optional<SignInStep> signInEndedBy(const FlowEvent& request, const FlowEvent& later)
{
    if (later.environmentId != request.environmentId)
        return std::nullopt;
    switch (later.kind) {
    case FlowEvent::Kind::RedirectReceived:
        return SignInStep {SignInStep::State::Finished, request.timestamp.msecsTo(later.timestamp)};
    case FlowEvent::Kind::Failure:
    case FlowEvent::Kind::AuthorizationRequest:
        return SignInStep {SignInStep::State::NotFinished, -1};
    case FlowEvent::Kind::HttpRequest:
    case FlowEvent::Kind::HttpResponse:
    case FlowEvent::Kind::Note:
        break;
    }
    return std::nullopt;
}

QString signInLabel(const SignInStep& step)
{
    switch (step.state) {
    case SignInStep::State::Finished:
        return Text::tr("User signs in and consents · %1 s")
            .arg(QLocale().toString(double(step.elapsedMs) / 1000.0, 'f', 1));
    case SignInStep::State::NotFinished:
        return Text::tr("User did not finish");
    case SignInStep::State::InProgress:
        break;
    }
    return Text::tr("User is signing in");
}

} // namespace Tokenscope::OAuth
