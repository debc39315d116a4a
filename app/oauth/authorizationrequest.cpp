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
    if (!config.responseMode.isEmpty() && config.responseMode != QLatin1String("query"))
        set(QStringLiteral("response_mode"), config.responseMode);
    // Free parameters come last but never override what protects this request.
    static const QStringList reserved {QStringLiteral("response_type"), QStringLiteral("client_id"),
        QStringLiteral("redirect_uri"), QStringLiteral("state"), QStringLiteral("code_challenge"),
        QStringLiteral("code_challenge_method"), QStringLiteral("nonce")};
    for (const auto& [name, value] : config.extraAuthorizationParameters) {
        const QString trimmed = name.trimmed();
        if (!trimmed.isEmpty() && !reserved.contains(trimmed))
            set(trimmed, value);
    }
    // Strict form encoding of every reserved character; QUrlQuery would leave '+' ambiguous.
    url.setQuery(QString::fromLatin1(Http::formEncode(fields)), QUrl::StrictMode);
    pending.url = url;
    return pending;
}

} // namespace Tokenscope::OAuth
