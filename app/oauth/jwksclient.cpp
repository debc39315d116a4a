#include "jwksclient.h"

#include "networkclient.h"

#include <QCoreApplication>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::JwksClient)
};

JwksOutcome failure(const QString& code, const QString& summary, const QString& detail, const QString& hint)
{
    JwksOutcome outcome;
    outcome.error = {summary, detail, hint, code};
    return outcome;
}

QString excerpt(const QByteArray& body)
{
    constexpr int limit = 300;
    QString text = QString::fromUtf8(body.left(limit)).simplified();
    if (body.size() > limit)
        text += QStringLiteral(" …");
    return text;
}

} // namespace

JwksOutcome interpretJwksResponse(const Http::HttpResponse& response)
{
    JwksOutcome outcome = [&response]() -> JwksOutcome {
        if (response.isTransportFailure()) {
            if (response.timedOut) {
                return failure(QStringLiteral("jwks_timeout"),
                    Text::tr("The provider's key set (JWKS) did not arrive in time"), response.errorString,
                    Text::tr("Check that the provider is reachable, then sign in again."));
            }
            if (response.tooLarge) {
                return failure(QStringLiteral("jwks_too_large"),
                    Text::tr("The provider's key set (JWKS) is too large"), response.errorString,
                    Text::tr("Check the JWKS URI of the environment: this is not a key set."));
            }
            return failure(QStringLiteral("jwks_network"),
                Text::tr("Could not fetch the provider's key set (JWKS)"), response.errorString,
                Text::tr("Check the JWKS URI, your network, proxy and TLS settings."));
        }
        const QByteArray trimmed = response.body.trimmed();
        const bool html = response.contentType().toLower().contains("html") || trimmed.startsWith('<');
        if (response.status < 200 || response.status >= 300) {
            return failure(QStringLiteral("jwks_http_error"),
                Text::tr("The provider answered HTTP %1 instead of its key set (JWKS)").arg(response.status),
                excerpt(response.body),
                response.status >= 500 ? Text::tr("The provider has a problem. Try again later.")
                                       : Text::tr("Check the JWKS URI of the environment (use Discover)."));
        }
        if (html) {
            return failure(QStringLiteral("jwks_html_body"),
                Text::tr("The provider answered with a web page instead of its key set (JWKS)"),
                excerpt(response.body),
                Text::tr("The JWKS URI may point at a login page, a portal or a proxy. Check it (use "
                         "Discover)."));
        }
        const Jwt::JwkSetParse parsed = Jwt::parseJwkSet(trimmed);
        if (!parsed.ok()) {
            Error error = parsed.error;
            if (error.detail.isEmpty())
                error.detail = excerpt(response.body);
            return failure(QStringLiteral("jwks_invalid"), error.summary, error.detail, error.hint);
        }
        JwksOutcome ok;
        ok.keys = parsed.set;
        return ok;
    }();
    if (!outcome.ok()) {
        const QString where = Text::tr("Address: %1").arg(response.url.toDisplayString());
        outcome.error.detail = outcome.error.detail.isEmpty() ? where : outcome.error.detail + u'\n' + where;
    }
    return outcome;
}

JwksClient::JwksClient(Http::NetworkClient* network, QObject* parent)
    : QObject(parent)
    , m_network(network)
{ }

void JwksClient::keys(const QUrl& jwksUri, const QStringList& trustedCertificates, Fetch fetch,
    QObject* context, Handler handler)
{
    const QString key = jwksUri.toString(QUrl::FullyEncoded);
    const auto later = [context](Handler answer, JwksOutcome outcome) {
        // Asynchronous like every network answer, so callers need one code path.
        QTimer::singleShot(0, context, [answer = std::move(answer), outcome] { answer(outcome); });
    };
    if (!jwksUri.isValid() || jwksUri.host().isEmpty()
        || (jwksUri.scheme() != QLatin1String("https") && jwksUri.scheme() != QLatin1String("http"))) {
        later(std::move(handler),
            failure(QStringLiteral("jwks_bad_uri"),
                Text::tr("%1 is not a JWKS URI").arg(jwksUri.toDisplayString()), {},
                Text::tr("Enter the provider's jwks_uri as an http or https address, or use Discover.")));
        return;
    }
    if (fetch == Fetch::CachedOrNew) {
        const auto cached = m_cache.constFind(key);
        if (cached != m_cache.constEnd()) {
            JwksOutcome outcome;
            outcome.keys = *cached;
            outcome.fromCache = true;
            later(std::move(handler), outcome);
            return;
        }
    }

    QNetworkRequest request(jwksUri);
    request.setRawHeader("Accept", "application/json, application/jwk-set+json");
    Http::NetworkClient::Options options;
    options.timeout = m_timeout;
    // Keys from another origin than the configured one would be someone else's keys (RFC 8725 §3.10).
    options.sameOriginRedirectsOnly = true;
    options.maxBodyBytes = 1 << 20; // a key set is a few KiB
    options.purpose = tr("Key set (JWKS) of the provider");
    options.trustedCertificates = trustedCertificates;
    QPointer<JwksClient> self = this;
    m_network->send("GET", request, {}, options, context,
        [self, key, handler = std::move(handler)](const Http::HttpResponse& response) {
            const JwksOutcome outcome = interpretJwksResponse(response);
            if (outcome.ok() && self)
                self->m_cache.insert(key, *outcome.keys);
            handler(outcome);
        });
}

} // namespace Tokenscope::OAuth
