#include "tokenendpoints.h"

#include "callback.h"
#include "clientauthentication.h"
#include "formencoding.h"
#include "jwksclient.h"
#include "jws.h"
#include "jwt.h"
#include "networkclient.h"
#include "tokenclient.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::TokenEndpoints)
};

QString excerpt(const QByteArray& body)
{
    constexpr int limit = 300;
    QString text = QString::fromUtf8(body.left(limit)).simplified();
    if (body.size() > limit)
        text += QStringLiteral(" …");
    return text;
}

bool looksLikeHtml(const Http::HttpResponse& response)
{
    return response.contentType().toLower().contains("html") || response.body.trimmed().startsWith('<');
}

// What went wrong below HTTP, or a redirect (never followed for these endpoints: a credential-bearing
// POST must not be sent on to another address). Null when there is an HTTP answer to read.
struct Failure
{
    QString code;
    Error error;
    bool isNull() const { return code.isEmpty(); }
};

Failure transportFailure(const Http::HttpResponse& response, const QString& endpoint)
{
    if (response.isTransportFailure()) {
        if (response.timedOut) {
            return {QStringLiteral("timeout"),
                {Text::tr("The %1 did not answer in time").arg(endpoint), response.errorString,
                    Text::tr("Check that the provider is reachable, then try again.")}};
        }
        if (!response.untrustedCertificateSha256.isEmpty()) {
            return {QStringLiteral("untrusted_certificate"),
                {Text::tr("The %1's certificate is not trusted").arg(endpoint), response.errorString,
                    Text::tr("If this is a sandbox with a self-signed certificate, trust it in the "
                             "environment's Sign-in settings.")}};
        }
        return {QStringLiteral("network"),
            {Text::tr("Could not reach the %1").arg(endpoint), response.errorString,
                Text::tr("Check the endpoint URL, your network, proxy and TLS settings.")}};
    }
    if (response.status >= 300 && response.status < 400) {
        return {QStringLiteral("redirect"),
            {Text::tr("The %1 answered with a redirect (HTTP %2)").arg(endpoint).arg(response.status),
                QString::fromUtf8(response.header("location")),
                Text::tr("Requests with credentials are not followed to other addresses. Use the final "
                         "endpoint URL (Discover fills it in).")}};
    }
    return {};
}

// An RFC 6749 §5.2 error object ({"error": …, "error_description": …}), shown as the provider wrote it.
Failure providerError(const Http::HttpResponse& response, const QString& endpoint)
{
    const QJsonDocument document = QJsonDocument::fromJson(response.body.trimmed());
    const QJsonObject object = document.object();
    if (!object.value(QLatin1String("error")).isString())
        return {};
    const QString code = object.value(QLatin1String("error")).toString();
    QString detail = object.value(QLatin1String("error_description")).toString();
    if (const QString uri = object.value(QLatin1String("error_uri")).toString(); !uri.isEmpty())
        detail += (detail.isEmpty() ? QString() : QStringLiteral("\n")) + uri;
    return {code,
        {Text::tr("The %1 refused the request: %2").arg(endpoint, code), detail, hintForErrorCode(code)}};
}

Failure httpError(const Http::HttpResponse& response, const QString& endpoint)
{
    return {QStringLiteral("http_error"),
        {Text::tr("The %1 answered HTTP %2").arg(endpoint).arg(response.status), excerpt(response.body),
            response.status >= 500 ? Text::tr("The provider has a problem. Try again later.")
                                   : Text::tr("Check the endpoint URL and the client settings.")}};
}

QDateTime numericDate(const QJsonValue& value)
{
    if (!value.isDouble())
        return {};
    return QDateTime::fromSecsSinceEpoch(qint64(value.toDouble()), Qt::UTC);
}

QStringList audiences(const QJsonValue& aud)
{
    QStringList list;
    if (aud.isString())
        list << aud.toString();
    for (const QJsonValue& item : aud.toArray())
        list << item.toString();
    return list;
}

QString revocationEndpointName()
{
    return Text::tr("revocation endpoint");
}

QString introspectionEndpointName()
{
    return Text::tr("introspection endpoint");
}

QString userInfoEndpointName()
{
    return Text::tr("UserInfo endpoint");
}

template<typename Outcome>
Outcome failed(const Failure& failure)
{
    Outcome outcome;
    outcome.error = failure.error;
    outcome.error.code = failure.code;
    return outcome;
}

template<typename Outcome>
Outcome noEndpoint(const QString& endpoint)
{
    return failed<Outcome>({QStringLiteral("no_endpoint"),
        {Text::tr("This environment has no %1").arg(endpoint), {},
            Text::tr("Use Discover in the environment to fill in the provider's endpoints.")}});
}

template<typename Outcome, typename Handler>
void answerLater(QObject* context, Handler handler, const Outcome& outcome)
{
    QTimer::singleShot(0, context, [handler = std::move(handler), outcome] { handler(outcome); });
}

} // namespace

RevocationOutcome interpretRevocationResponse(const Http::HttpResponse& response)
{
    const QString endpoint = revocationEndpointName();
    if (const Failure failure = transportFailure(response, endpoint); !failure.isNull())
        return failed<RevocationOutcome>(failure);
    // RFC 7009 §2.2: 200 also when the token was unknown, expired or already revoked; the body is ignored.
    if (response.status >= 200 && response.status < 300)
        return {};
    if (response.status == 503) {
        // RFC 7009 §2.2.1: the server could not revoke it now; the token is still valid.
        RevocationOutcome outcome = failed<RevocationOutcome>({QStringLiteral("unavailable"),
            {Text::tr("The provider could not revoke the token now: it is still valid"),
                excerpt(response.body),
                response.header("retry-after").isEmpty()
                    ? Text::tr("Try again later.")
                    : Text::tr("Try again in %1 seconds (Retry-After).")
                          .arg(QString::fromLatin1(response.header("retry-after")))}});
        outcome.stillValid = true;
        return outcome;
    }
    if (const Failure failure = providerError(response, endpoint); !failure.isNull()) {
        RevocationOutcome outcome = failed<RevocationOutcome>(failure);
        if (failure.code == QLatin1String("unsupported_token_type"))
            outcome.error.hint = Text::tr("The provider does not revoke this kind of token.");
        return outcome;
    }
    return failed<RevocationOutcome>(httpError(response, endpoint));
}

IntrospectionOutcome interpretIntrospectionResponse(const Http::HttpResponse& response)
{
    const QString endpoint = introspectionEndpointName();
    if (const Failure failure = transportFailure(response, endpoint); !failure.isNull())
        return failed<IntrospectionOutcome>(failure);
    if (response.status == 401 || response.status == 403) {
        // RFC 7662 §2.1, §4: the endpoint needs the caller's authorization; a 401 is about the client.
        const Failure provider = providerError(response, endpoint);
        return failed<IntrospectionOutcome>({QStringLiteral("not_authorized"),
            {Text::tr("The provider does not allow this client to introspect tokens (HTTP %1)")
                    .arg(response.status),
                provider.isNull() ? excerpt(response.body)
                                  : provider.error.summary + QLatin1Char('\n') + provider.error.detail,
                Text::tr("Check the client id, secret and authentication method; some providers allow "
                         "introspection only to confidential clients or resource servers.")}});
    }
    if (response.status < 200 || response.status >= 300) {
        if (const Failure failure = providerError(response, endpoint); !failure.isNull())
            return failed<IntrospectionOutcome>(failure);
        return failed<IntrospectionOutcome>(httpError(response, endpoint));
    }
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(response.body.trimmed(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        return failed<IntrospectionOutcome>({QStringLiteral("non_json"),
            {looksLikeHtml(response)
                    ? Text::tr("The introspection endpoint answered with a web page instead of JSON")
                    : Text::tr("The introspection endpoint's answer is not a JSON object"),
                excerpt(response.body),
                Text::tr("Check the introspection endpoint URL in the environment.")}});
    }
    const QJsonObject object = document.object();
    const QJsonValue active = object.value(QLatin1String("active"));
    if (!active.isBool()) {
        // RFC 7662 §2.2: "active" is REQUIRED and boolean; without it nothing can be concluded.
        return failed<IntrospectionOutcome>({QStringLiteral("missing_active"),
            {Text::tr("The introspection answer has no boolean “active”"), excerpt(response.body),
                Text::tr("RFC 7662 §2.2 requires it; the token is not known to be active.")}});
    }
    IntrospectionResult result;
    result.active = active.toBool();
    result.scope = object.value(QLatin1String("scope")).toString();
    result.clientId = object.value(QLatin1String("client_id")).toString();
    result.username = object.value(QLatin1String("username")).toString();
    result.tokenType = object.value(QLatin1String("token_type")).toString();
    result.expiresAt = numericDate(object.value(QLatin1String("exp")));
    result.issuedAt = numericDate(object.value(QLatin1String("iat")));
    result.notBefore = numericDate(object.value(QLatin1String("nbf")));
    result.subject = object.value(QLatin1String("sub")).toString();
    result.audiences = audiences(object.value(QLatin1String("aud")));
    result.issuer = object.value(QLatin1String("iss")).toString();
    result.jwtId = object.value(QLatin1String("jti")).toString();
    result.claims = object;
    IntrospectionOutcome outcome;
    outcome.result = result;
    return outcome;
}

UserInfoOutcome interpretUserInfoResponse(const Http::HttpResponse& response, const QString& expectedSubject)
{
    const QString endpoint = userInfoEndpointName();
    if (const Failure failure = transportFailure(response, endpoint); !failure.isNull())
        return failed<UserInfoOutcome>(failure);
    if (response.status < 200 || response.status >= 300) {
        // OIDC Core §5.3.3 / RFC 6750 §3: errors come as a Bearer challenge.
        const QString bearer = response.bearerError();
        if (!bearer.isEmpty()) {
            return failed<UserInfoOutcome>({bearer,
                {Text::tr("The UserInfo endpoint refused the access token: %1").arg(bearer),
                    QString::fromUtf8(response.header("www-authenticate")),
                    bearer == QLatin1String("insufficient_scope")
                        ? Text::tr("The token lacks the scope UserInfo needs (openid, and profile or email "
                                   "for those claims). Sign in with them.")
                        : Text::tr("The access token is expired or revoked. Refresh it or sign in again.")}});
        }
        if (const Failure failure = providerError(response, endpoint); !failure.isNull())
            return failed<UserInfoOutcome>(failure);
        return failed<UserInfoOutcome>(httpError(response, endpoint));
    }

    UserInfoOutcome outcome;
    QJsonObject claims;
    const QByteArray contentType = response.contentType().toLower();
    if (contentType.startsWith("application/jwt")) {
        // OIDC Core §5.3.2: a signed (and perhaps encrypted) JWT instead of JSON.
        const QString compact = QString::fromLatin1(response.body.trimmed());
        if (compact.count(QLatin1Char('.')) == 4) {
            return failed<UserInfoOutcome>({QStringLiteral("encrypted_response"),
                {Text::tr("The UserInfo answer is encrypted (JWE)"), {},
                    Text::tr("Tokenscope cannot decrypt it. Register the client without "
                             "userinfo_encrypted_response_alg.")}});
        }
        const auto decoded = Jwt::decode(compact);
        if (!decoded) {
            return failed<UserInfoOutcome>({QStringLiteral("non_json"),
                {Text::tr("The UserInfo answer claims to be a JWT but does not decode"),
                    excerpt(response.body), Text::tr("The provider's answer is malformed.")}});
        }
        claims = decoded->payload;
        outcome.signature = UserInfoOutcome::Signature::NotVerified;
    } else {
        QJsonParseError parseError {};
        const QJsonDocument document = QJsonDocument::fromJson(response.body.trimmed(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            return failed<UserInfoOutcome>({QStringLiteral("non_json"),
                {looksLikeHtml(response)
                        ? Text::tr("The UserInfo endpoint answered with a web page instead of JSON")
                        : Text::tr("The UserInfo endpoint's answer is not a JSON object"),
                    excerpt(response.body),
                    Text::tr("Check the UserInfo endpoint URL in the environment.")}});
        }
        claims = document.object();
    }

    const QJsonValue sub = claims.value(QLatin1String("sub"));
    if (!sub.isString() || sub.toString().isEmpty()) {
        return failed<UserInfoOutcome>({QStringLiteral("missing-sub"),
            {Text::tr("The UserInfo answer has no sub"), {},
                Text::tr("OIDC Core §5.3.2 requires it; the claims cannot be tied to the signed-in user.")}});
    }
    if (!expectedSubject.isEmpty()) {
        // OIDC Core §5.3.2: otherwise the answer may be about someone else (token substitution).
        if (sub.toString() != expectedSubject) {
            return failed<UserInfoOutcome>({QStringLiteral("userinfo-bad-sub"),
                {Text::tr("The UserInfo answer is about another user"),
                    Text::tr("UserInfo sub “%1”, ID token sub “%2”.").arg(sub.toString(), expectedSubject),
                    Text::tr("Its claims must not be used. Sign in again; if it persists, the provider or "
                             "something between is mixing up sessions.")}});
        }
        outcome.subjectChecked = true;
    }
    outcome.claims = claims;
    return outcome;
}

QUrl endSessionUrl(const ClientConfig& config, const QString& idTokenHint, const QUrl& postLogoutRedirectUri,
    const QString& state)
{
    if (config.endSessionEndpoint.isEmpty())
        return {};
    QUrl url = config.endSessionEndpoint;
    // Parameters the endpoint already carries (B2C's p, …) stay, unless ours replace them.
    Http::FormFields fields = Http::formDecode(url.query(QUrl::FullyEncoded).toLatin1());
    const auto add = [&fields](const QString& name, const QString& value) {
        fields.removeIf([&name](const auto& field) { return field.first == name; });
        fields.append({name, value});
    };
    if (!idTokenHint.isEmpty())
        add(QStringLiteral("id_token_hint"), idTokenHint);
    add(QStringLiteral("client_id"), config.clientId);
    if (!postLogoutRedirectUri.isEmpty())
        add(QStringLiteral("post_logout_redirect_uri"), postLogoutRedirectUri.toString(QUrl::FullyEncoded));
    if (!state.isEmpty())
        add(QStringLiteral("state"), state);
    // Strict form encoding of every reserved character; QUrlQuery would leave '+' ambiguous.
    url.setQuery(QString::fromLatin1(Http::formEncode(fields)), QUrl::StrictMode);
    return url;
}

TokenEndpoints::TokenEndpoints(Http::NetworkClient* network, JwksClient* jwksClient, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_jwksClient(jwksClient)
{ }

void TokenEndpoints::postForm(const QUrl& endpoint, const ClientConfig& config, const QString& clientSecret,
    QList<QPair<QString, QString>> fields, const QString& purpose, QObject* context,
    std::function<void(const Http::HttpResponse&)> onResponse, std::function<void(const Error&)> onRefused)
{
    // RFC 7009 §2.1 and RFC 7662 §2.1: the client authenticates as it does at the token endpoint.
    QNetworkRequest request(endpoint);
    request.setRawHeader("Content-Type", "application/x-www-form-urlencoded");
    request.setRawHeader("Accept", "application/json");
    if (const Error refused
        = applyClientAuthentication(config, clientSecret, QDateTime::currentDateTimeUtc(), &request, &fields);
        !refused.isNull()) {
        onRefused(refused);
        return;
    }
    Http::NetworkClient::Options options;
    options.followRedirects = false;
    options.timeout = m_timeout;
    options.maxBodyBytes = 1 << 20;
    options.purpose = purpose;
    options.trustedCertificates = config.trustedCertificates;
    m_network->send("POST", request, Http::formEncode(fields), options, context, std::move(onResponse));
}

void TokenEndpoints::revoke(const ClientConfig& config, const QString& clientSecret, const QString& token,
    TokenHint hint, QObject* context, RevocationHandler handler)
{
    if (config.revocationEndpoint.isEmpty()) {
        answerLater(context, std::move(handler), noEndpoint<RevocationOutcome>(revocationEndpointName()));
        return;
    }
    QList<QPair<QString, QString>> fields {{QStringLiteral("token"), token},
        {QStringLiteral("token_type_hint"),
            hint == TokenHint::RefreshToken ? QStringLiteral("refresh_token")
                                            : QStringLiteral("access_token")}};
    postForm(
        config.revocationEndpoint, config, clientSecret, std::move(fields), tr("Token revocation"), context,
        [handler](const Http::HttpResponse& response) { handler(interpretRevocationResponse(response)); },
        [context, handler](const Error& refused) {
            RevocationOutcome outcome;
            outcome.error = refused;
            outcome.error.code = QStringLiteral("client_assertion");
            answerLater(context, handler, outcome);
        });
}

void TokenEndpoints::introspect(const ClientConfig& config, const QString& clientSecret, const QString& token,
    QObject* context, IntrospectionHandler handler)
{
    if (config.introspectionEndpoint.isEmpty()) {
        answerLater(
            context, std::move(handler), noEndpoint<IntrospectionOutcome>(introspectionEndpointName()));
        return;
    }
    postForm(
        config.introspectionEndpoint, config, clientSecret, {{QStringLiteral("token"), token}},
        tr("Token introspection"), context,
        [handler](const Http::HttpResponse& response) { handler(interpretIntrospectionResponse(response)); },
        [context, handler](const Error& refused) {
            IntrospectionOutcome outcome;
            outcome.error = refused;
            outcome.error.code = QStringLiteral("client_assertion");
            answerLater(context, handler, outcome);
        });
}

void TokenEndpoints::userInfo(const ClientConfig& config, const QString& tokenType,
    const QString& accessToken, const QString& expectedSubject, QObject* context, UserInfoHandler handler)
{
    if (config.userinfoEndpoint.isEmpty()) {
        answerLater(context, std::move(handler), noEndpoint<UserInfoOutcome>(userInfoEndpointName()));
        return;
    }
    QNetworkRequest request(config.userinfoEndpoint);
    // RFC 6750 §2.1: in the Authorization header, never in the query.
    const QString scheme = tokenType.isEmpty() ? QStringLiteral("Bearer") : tokenType;
    request.setRawHeader("Authorization", scheme.toLatin1() + ' ' + accessToken.toLatin1());
    request.setRawHeader("Accept", "application/json, application/jwt");
    Http::NetworkClient::Options options;
    options.followRedirects = false;
    options.timeout = m_timeout;
    options.maxBodyBytes = 1 << 20;
    options.purpose = tr("UserInfo request");
    options.trustedCertificates = config.trustedCertificates;
    QPointer<TokenEndpoints> self = this;
    m_network->send("GET", request, {}, options, context,
        [self, config, expectedSubject, context, handler = std::move(handler)](
            const Http::HttpResponse& response) {
            UserInfoOutcome outcome = interpretUserInfoResponse(response, expectedSubject);
            if (!outcome.ok() || outcome.signature != UserInfoOutcome::Signature::NotVerified || !self
                || !self->m_jwksClient || config.jwksUri.isEmpty()) {
                handler(outcome);
                return;
            }
            self->verifyUserInfo(
                config, QString::fromLatin1(response.body.trimmed()), outcome, false, context, handler);
        });
}

void TokenEndpoints::verifyUserInfo(const ClientConfig& config, const QString& jwt, UserInfoOutcome outcome,
    bool keysFetchedAgain, QObject* context, UserInfoHandler handler)
{
    const auto fetch = keysFetchedAgain ? JwksClient::Fetch::Again : JwksClient::Fetch::CachedOrNew;
    QPointer<TokenEndpoints> self = this;
    m_jwksClient->keys(config.jwksUri, config.trustedCertificates, fetch, context,
        [self, config, jwt, outcome, keysFetchedAgain, context, handler](const JwksOutcome& keys) mutable {
            if (!keys.ok()) {
                handler(failed<UserInfoOutcome>({keys.error.code, keys.error}));
                return;
            }
            const Jwt::VerifyResult result = Jwt::verify(jwt, *keys.keys);
            if (result.shouldRefetchKeys() && !keysFetchedAgain && self) {
                self->verifyUserInfo(config, jwt, outcome, true, context, handler);
                return;
            }
            if (!result.ok()) {
                UserInfoOutcome refused = failed<UserInfoOutcome>({result.caseName, result.error});
                refused.error.summary = Text::tr("The signed UserInfo answer failed verification: %1")
                                            .arg(result.error.summary);
                handler(refused);
                return;
            }
            // OIDC Core §5.3.2: a signed answer carries iss and aud like an ID token.
            const QJsonObject& claims = *outcome.claims;
            if (!config.issuer.isEmpty() && claims.contains(QLatin1String("iss"))
                && claims.value(QLatin1String("iss")).toString() != config.issuer) {
                handler(failed<UserInfoOutcome>({QStringLiteral("invalid-iss"),
                    {Text::tr("The signed UserInfo answer is from another issuer"),
                        claims.value(QLatin1String("iss")).toString(), {}}}));
                return;
            }
            if (claims.contains(QLatin1String("aud"))
                && !audiences(claims.value(QLatin1String("aud"))).contains(config.clientId)) {
                handler(failed<UserInfoOutcome>({QStringLiteral("invalid-aud"),
                    {Text::tr("The signed UserInfo answer is for another client"),
                        audiences(claims.value(QLatin1String("aud"))).join(QStringLiteral(", ")), {}}}));
                return;
            }
            outcome.signature = UserInfoOutcome::Signature::Verified;
            handler(outcome);
        });
}

} // namespace Tokenscope::OAuth
