#include "authorizationrequest.h"

#include "http/formencoding.h"

namespace Tokenscope::OAuth {

PendingAuthorization createAuthorizationRequest(const ClientConfig& config)
{
    PendingAuthorization pending;
    pending.redirectUri = config.redirectUri;
    pending.state = randomUrlSafe(32);
    pending.pkce = Pkce::generate();
    pending.scope = config.scope.simplified();
    pending.expectedIssuer = config.issuer;
    pending.issuerRequired = config.requireIssuerInResponse;
    if (config.requestsOpenId())
        pending.nonce = randomUrlSafe(32);

    // Keep any query the endpoint already has (Azure B2C's `p=` policy, for one) and append ours.
    QUrl url = config.authorizationEndpoint;
    Http::FormFields fields = Http::formDecode(url.query(QUrl::FullyEncoded).toLatin1());
    auto set = [&fields](const QString& name, const QString& value) {
        fields.removeIf([&name](const auto& field) { return field.first == name; });
        fields.append({name, value});
    };
    set(QStringLiteral("response_type"), QStringLiteral("code"));
    set(QStringLiteral("client_id"), config.clientId);
    set(QStringLiteral("redirect_uri"), config.redirectUri.toString(QUrl::FullyEncoded));
    if (!pending.scope.isEmpty())
        set(QStringLiteral("scope"), pending.scope);
    set(QStringLiteral("state"), pending.state);
    set(QStringLiteral("code_challenge"), pending.pkce.challenge);
    set(QStringLiteral("code_challenge_method"), pending.pkce.method);
    if (!pending.nonce.isEmpty())
        set(QStringLiteral("nonce"), pending.nonce);
    for (const auto& [name, value] : config.extraAuthorizationParameters) {
        if (!name.trimmed().isEmpty())
            set(name.trimmed(), value);
    }
    // Strict form encoding of every reserved character; QUrlQuery would leave '+' ambiguous.
    url.setQuery(QString::fromLatin1(Http::formEncode(fields)), QUrl::StrictMode);
    pending.url = url;
    return pending;
}

} // namespace Tokenscope::OAuth
