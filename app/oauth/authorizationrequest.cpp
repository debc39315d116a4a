#include "authorizationrequest.h"

#include "formencoding.h"

namespace Tokenscope::OAuth {

PendingAuthorization createAuthorizationRequest(const ClientConfig& config)
{
    PendingAuthorization pending;
    pending.redirectUri = config.redirectUri;
    pending.state = randomUrlSafe(32);
    pending.pkce = Pkce::generate(config.pkceMethod);
    pending.scope = config.scope.simplified();
    pending.expectedIssuer = config.issuer;
    pending.issuerRequired = config.requireIssuerInResponse;
    if (config.requestsOpenId())
        pending.nonce = randomUrlSafe(32);

    // Keep any query the endpoint already has (Azure B2C's `p=` policy, for one) and append ours.
    QUrl url = config.authorizationEndpoint;
    Http::FormFields fields = Http::formDecode(url.query(QUrl::FullyEncoded).toLatin1());
    auto set = [&fields, &pending](const QString& name, const QString& value) {
        fields.removeIf([&name](const auto& field) { return field.first == name; });
        fields.append({name, value});
        pending.parameters.removeIf([&name](const auto& field) { return field.first == name; });
        pending.parameters.append({name, value});
    };
    set(QStringLiteral("response_type"), QStringLiteral("code"));
    set(QStringLiteral("client_id"), config.clientId);
    set(QStringLiteral("redirect_uri"), config.redirectUri.toString(QUrl::FullyEncoded));
    if (!pending.scope.isEmpty())
        set(QStringLiteral("scope"), pending.scope);
    set(QStringLiteral("state"), pending.state);
    // pkceMethod "none": a legacy server without PKCE; no challenge, and later no verifier.
    if (!pending.pkce.isEmpty()) {
        set(QStringLiteral("code_challenge"), pending.pkce.challenge);
        set(QStringLiteral("code_challenge_method"), pending.pkce.method);
    }
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

QUrl pushedAuthorizationUrl(const ClientConfig& config, const QString& requestUri)
{
    QUrl url = config.authorizationEndpoint;
    Http::FormFields fields = Http::formDecode(url.query(QUrl::FullyEncoded).toLatin1());
    fields.removeIf([](const auto& field) {
        return field.first == QLatin1String("client_id") || field.first == QLatin1String("request_uri");
    });
    fields.append({QStringLiteral("client_id"), config.clientId});
    fields.append({QStringLiteral("request_uri"), requestUri});
    url.setQuery(QString::fromLatin1(Http::formEncode(fields)), QUrl::StrictMode);
    return url;
}

} // namespace Tokenscope::OAuth
