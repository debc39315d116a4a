#include "jwksclient.h"

#include "endpointanswer.h"
#include "networkclient.h"
#include "urlhelpers.h"

#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

namespace Tokenscope::OAuth {

JwksOutcome interpretJwksResponse(const Http::HttpResponse& response)
{
    JwksOutcome outcome;
    const EndpointAnswer answer = classifyEndpointAnswer(Endpoint::Jwks, response);
    if (!answer.ok()) {
        outcome.error = answer.error;
    } else if (const Jwt::JwkSetParse parsed = Jwt::parseJwkSet(response.body.trimmed()); !parsed.ok()) {
        outcome.error = parsed.error;
        outcome.error.code = QStringLiteral("not_a_key_set");
        if (outcome.error.detail.isEmpty())
            outcome.error.detail = excerpt(response.body);
    } else {
        outcome.keys = parsed.set;
        return outcome;
    }
    appendDetail(&outcome.error, JwksClient::tr("Address: %1").arg(response.url.toDisplayString()));
    return outcome;
}

JwksClient::JwksClient(Http::NetworkClient* network, QObject* parent)
    : QObject(parent)
    , m_network(network)
{ }

void JwksClient::keys(const QUrl& jwksUri, const QList<CertificateFingerprint>& trustedCertificates,
    Fetch fetch, QObject* context, Handler handler)
{
    // Keyed by trust as well: keys fetched while trusting a certificate are not keys for an environment
    // that does not trust it.
    QStringList trust;
    for (const CertificateFingerprint& fingerprint : trustedCertificates)
        trust.append(fingerprint.toEntry());
    trust.sort();
    const QString key
        = jwksUri.toString(QUrl::FullyEncoded) + QLatin1Char('\n') + trust.join(QLatin1Char('\n'));
    const auto later = [context](Handler answer, const JwksOutcome& outcome) {
        // Asynchronous like every network answer, so callers need one code path.
        QTimer::singleShot(0, context, [answer = std::move(answer), outcome] { answer(outcome); });
    };
    if (!isWebUrl(jwksUri)) {
        later(std::move(handler),
            failedOutcome<JwksOutcome>({JwksClient::tr("%1 is not a JWKS URI").arg(jwksUri.toDisplayString()),
                {},
                JwksClient::tr("Enter the provider's jwks_uri as an http or https address, or use Discover."),
                QStringLiteral("bad_jwks_uri")}));
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
