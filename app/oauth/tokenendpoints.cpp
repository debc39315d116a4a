#include "tokenendpoints.h"

#include "clientauthentication.h"
#include "endpointanswer.h"
#include "flowlog.h"
#include "formencoding.h"
#include "jws.h"
#include "jwt.h"
#include "networkclient.h"
#include "numericdate.h"
#include "providersignature.h"
#include "redaction.h"
#include "requestsender.h"
#include "secretbytes.h"
#include "tokenclient.h"

#include <QJsonArray>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

namespace Tokenscope::OAuth {

namespace {

Error noEndpoint(const QString& summary)
{
    return {summary, {},
        TokenEndpoints::tr("Use Discover in the environment to fill in the provider's endpoints."),
        QStringLiteral("no_endpoint")};
}

template<typename Outcome, typename Handler>
void answerLater(QObject* context, Handler handler, const Outcome& outcome)
{
    QTimer::singleShot(0, context, [handler = std::move(handler), outcome] { handler(outcome); });
}

} // namespace

RevocationOutcome interpretRevocationResponse(const Http::HttpResponse& response)
{
    if (response.status == 503) {
        // RFC 7009 §2.2.1: the server could not revoke it now; the token is still valid.
        const QByteArray retryAfter = response.header("retry-after");
        RevocationOutcome outcome = failedOutcome<RevocationOutcome>(
            {TokenEndpoints::tr("The provider could not revoke the token now: it is still valid"),
                excerpt(response.body),
                retryAfter.isEmpty() ? TokenEndpoints::tr("Try again later.")
                                     : TokenEndpoints::tr("Try again in %1 seconds (Retry-After).")
                                           .arg(QString::fromLatin1(retryAfter)),
                QStringLiteral("unavailable")});
        outcome.stillValid = true;
        return outcome;
    }
    // RFC 7009 §2.2: 200 also when the token was unknown, expired or already revoked; the body is ignored.
    const EndpointAnswer answer = classifyEndpointAnswer(Endpoint::Revocation, response);
    if (answer.ok())
        return {};
    RevocationOutcome outcome = failedOutcome<RevocationOutcome>(answer.error);
    if (answer.problem == EndpointAnswer::Problem::ProviderError
        && answer.error.code == QLatin1String("unsupported_token_type"))
        outcome.error.hint = TokenEndpoints::tr("The provider does not revoke this kind of token.");
    return outcome;
}

IntrospectionOutcome interpretIntrospectionResponse(const Http::HttpResponse& response)
{
    const EndpointAnswer answer = classifyEndpointAnswer(Endpoint::Introspection, response);
    if (response.status == 401 || response.status == 403) {
        // RFC 7662 §2.1, §4: the endpoint needs the caller's authorization; a 401 is about the client.
        const bool providerSaid = answer.problem == EndpointAnswer::Problem::ProviderError;
        return failedOutcome<IntrospectionOutcome>(
            {TokenEndpoints::tr("The provider does not allow this client to introspect tokens (HTTP %1)")
                    .arg(response.status),
                providerSaid ? answer.error.summary + QLatin1Char('\n') + answer.error.detail
                             : excerpt(response.body),
                TokenEndpoints::tr(
                    "Check the client id, secret and authentication method; some providers allow "
                    "introspection only to confidential clients or resource servers."),
                QStringLiteral("not_authorized")});
    }
    if (!answer.ok())
        return failedOutcome<IntrospectionOutcome>(answer.error);
    const QJsonObject& object = answer.object;
    const QJsonValue active = object.value(QLatin1String("active"));
    if (!active.isBool()) {
        // RFC 7662 §2.2: "active" is REQUIRED and boolean; without it nothing can be concluded.
        return failedOutcome<IntrospectionOutcome>(
            {TokenEndpoints::tr("The introspection answer has no boolean “active”"), excerpt(response.body),
                TokenEndpoints::tr("RFC 7662 §2.2 requires it; the token is not known to be active."),
                QStringLiteral("missing_active")});
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
    result.audiences = Jwt::audiences(object);
    result.issuer = object.value(QLatin1String("iss")).toString();
    result.jwtId = object.value(QLatin1String("jti")).toString();
    result.claims = object;
    IntrospectionOutcome outcome;
    outcome.result = result;
    return outcome;
}

UserInfoOutcome interpretUserInfoResponse(const Http::HttpResponse& response, const QString& expectedSubject)
{
    const EndpointAnswer answer = classifyEndpointAnswer(Endpoint::UserInfo, response);
    using Problem = EndpointAnswer::Problem;
    const bool errorStatus = answer.problem == Problem::ProviderError
        || answer.problem == Problem::HtmlErrorPage || answer.problem == Problem::HttpError;
    // OIDC Core §5.3.3 / RFC 6750 §3: errors come as a Bearer challenge.
    if (const QString bearer = response.bearerError(); errorStatus && !bearer.isEmpty()) {
        return failedOutcome<UserInfoOutcome>(
            {TokenEndpoints::tr("The UserInfo endpoint refused the access token: %1").arg(bearer),
                QString::fromUtf8(response.header("www-authenticate")),
                bearer == QLatin1String("insufficient_scope")
                    ? TokenEndpoints::tr(
                        "The token lacks the scope UserInfo needs (openid, and profile or email "
                        "for those claims). Sign in with them.")
                    : TokenEndpoints::tr(
                        "The access token is expired or revoked. Refresh it or sign in again."),
                bearer});
    }
    if (!answer.ok())
        return failedOutcome<UserInfoOutcome>(answer.error);

    UserInfoOutcome outcome;
    QJsonObject claims = answer.object;
    if (response.contentType().toLower().startsWith("application/jwt")) {
        // OIDC Core §5.3.2: a signed (and perhaps encrypted) JWT instead of JSON.
        const QString compact = QString::fromLatin1(response.body.trimmed());
        if (compact.count(QLatin1Char('.')) == 4) {
            return failedOutcome<UserInfoOutcome>(
                {TokenEndpoints::tr("The UserInfo answer is encrypted (JWE)"), {},
                    TokenEndpoints::tr("Tokenscope cannot decrypt it. Register the client without "
                                       "userinfo_encrypted_response_alg."),
                    QStringLiteral("encrypted_response")});
        }
        const auto decoded = Jwt::decode(compact);
        if (!decoded) {
            return failedOutcome<UserInfoOutcome>(
                {TokenEndpoints::tr("The UserInfo answer claims to be a JWT but does not decode"),
                    excerpt(response.body), TokenEndpoints::tr("The provider's answer is malformed."),
                    QStringLiteral("non_json")});
        }
        claims = decoded->payload;
        outcome.signature = UserInfoOutcome::Signature::NotVerified;
    }

    const QJsonValue sub = claims.value(QLatin1String("sub"));
    if (!sub.isString() || sub.toString().isEmpty()) {
        return failedOutcome<UserInfoOutcome>({TokenEndpoints::tr("The UserInfo answer has no sub"), {},
            TokenEndpoints::tr(
                "OIDC Core §5.3.2 requires it; the claims cannot be tied to the signed-in user."),
            QStringLiteral("missing-sub")});
    }
    if (!expectedSubject.isEmpty()) {
        // OIDC Core §5.3.2: otherwise the answer may be about someone else (token substitution).
        if (sub.toString() != expectedSubject) {
            return failedOutcome<UserInfoOutcome>(
                {TokenEndpoints::tr("The UserInfo answer is about another user"),
                    TokenEndpoints::tr("UserInfo sub “%1”, ID token sub “%2”.")
                        .arg(sub.toString(), expectedSubject),
                    TokenEndpoints::tr(
                        "Its claims must not be used. Sign in again; if it persists, the provider or "
                        "something between is mixing up sessions."),
                    QStringLiteral("userinfo-bad-sub")});
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
    // The token being revoked or introspected, and the client's own credentials, are masked wherever
    // the answer echoes them (an error_description naming the token).
    if (Http::FlowLog* log = m_network->flowLog()) {
        log->registerSecret(clientSecret);
        for (const auto& [name, value] : std::as_const(fields)) {
            if (name == QLatin1String("token") || Http::Redaction::isSecretName(name))
                log->registerSecret(value);
        }
    }
    const SecretBytes body(Http::formEncode(fields));
    m_network->send("POST", request, body.bytes(), credentialRequestOptions(purpose, m_timeout, config),
        context, std::move(onResponse));
}

void TokenEndpoints::revoke(const ClientConfig& config, const QString& clientSecret, const QString& token,
    TokenHint hint, QObject* context, RevocationHandler handler)
{
    if (config.revocationEndpoint.isEmpty()) {
        answerLater(context, std::move(handler),
            failedOutcome<RevocationOutcome>(noEndpoint(tr("This environment has no revocation endpoint"))));
        return;
    }
    QList<QPair<QString, QString>> fields {{QStringLiteral("token"), token},
        {QStringLiteral("token_type_hint"),
            hint == TokenHint::RefreshToken ? QStringLiteral("refresh_token")
                                            : QStringLiteral("access_token")}};
    postForm(
        config.revocationEndpoint, config, clientSecret, std::move(fields), tr("Token revocation"), context,
        [handler, method = config.clientAuthentication](const Http::HttpResponse& response) {
            RevocationOutcome outcome = interpretRevocationResponse(response);
            if (method == ClientAuthentication::None
                && (response.status == 401 || outcome.error.code == QLatin1String("invalid_client"))) {
                // RFC 7009 §2.1 lets the server decide which clients may revoke; many refuse public ones.
                outcome.error.hint = tr("The provider refused this public client (it has no secret to send): "
                                        "some providers let only confidential clients revoke tokens.");
            } else {
                outcome.error = withClientAuthenticationCause(outcome.error, response.status, method);
            }
            handler(outcome);
        },
        [context, handler](const Error& refused) {
            answerLater(context, handler, failedOutcome<RevocationOutcome>(refused));
        });
}

void TokenEndpoints::introspect(const ClientConfig& config, const QString& clientSecret, const QString& token,
    QObject* context, IntrospectionHandler handler)
{
    if (config.introspectionEndpoint.isEmpty()) {
        answerLater(context, std::move(handler),
            failedOutcome<IntrospectionOutcome>(
                noEndpoint(tr("This environment has no introspection endpoint"))));
        return;
    }
    postForm(
        config.introspectionEndpoint, config, clientSecret, {{QStringLiteral("token"), token}},
        tr("Token introspection"), context,
        [handler](const Http::HttpResponse& response) { handler(interpretIntrospectionResponse(response)); },
        [context, handler](const Error& refused) {
            answerLater(context, handler, failedOutcome<IntrospectionOutcome>(refused));
        });
}

void TokenEndpoints::userInfo(const ClientConfig& config, const QString& tokenType,
    const QString& accessToken, const QString& expectedSubject, QObject* context, UserInfoHandler handler)
{
    if (config.userinfoEndpoint.isEmpty()) {
        answerLater(context, std::move(handler),
            failedOutcome<UserInfoOutcome>(noEndpoint(tr("This environment has no UserInfo endpoint"))));
        return;
    }
    QNetworkRequest request(config.userinfoEndpoint);
    if (Http::FlowLog* log = m_network->flowLog())
        log->registerSecret(accessToken);
    // RFC 6750 §2.1: in the Authorization header, never in the query.
    request.setRawHeader("Authorization", Http::authorizationHeader(tokenType, accessToken));
    request.setRawHeader("Accept", "application/json, application/jwt");
    QPointer<TokenEndpoints> self = this;
    m_network->send("GET", request, {}, credentialRequestOptions(tr("UserInfo request"), m_timeout, config),
        context,
        [self, config, expectedSubject, context, handler = std::move(handler)](
            const Http::HttpResponse& response) {
            UserInfoOutcome outcome = interpretUserInfoResponse(response, expectedSubject);
            outcome.httpStatus = response.status;
            if (!outcome.ok() || outcome.signature != UserInfoOutcome::Signature::NotVerified || !self
                || !self->m_jwksClient || config.jwksUri.isEmpty()) {
                handler(outcome);
                return;
            }
            self->verifyUserInfo(
                config, QString::fromLatin1(response.body.trimmed()), outcome, context, handler);
        });
}

void TokenEndpoints::verifyUserInfo(const ClientConfig& config, const QString& jwt, UserInfoOutcome outcome,
    QObject* context, const UserInfoHandler& handler)
{
    verifyWithProviderKeys(m_jwksClient, config, jwt, context,
        [config, outcome, handler](const ProviderSignatureCheck& check) mutable {
            if (!check.keysError.isNull()) {
                handler(failedOutcome<UserInfoOutcome>(check.keysError));
                return;
            }
            const Jwt::VerifyResult& result = check.result;
            if (!result.ok()) {
                Error refused = result.error;
                refused.code = result.caseName;
                refused.summary = TokenEndpoints::tr("The signed UserInfo answer failed verification: %1")
                                      .arg(result.error.summary);
                handler(failedOutcome<UserInfoOutcome>(refused));
                return;
            }
            // OIDC Core §5.3.2: a signed answer carries iss and aud like an ID token.
            const QJsonObject& claims = *outcome.claims;
            if (!config.issuer.isEmpty() && claims.contains(QLatin1String("iss"))
                && claims.value(QLatin1String("iss")).toString() != config.issuer) {
                handler(failedOutcome<UserInfoOutcome>(
                    {TokenEndpoints::tr("The signed UserInfo answer is from another issuer"),
                        claims.value(QLatin1String("iss")).toString(), {}, QStringLiteral("invalid-iss")}));
                return;
            }
            if (claims.contains(QLatin1String("aud")) && !Jwt::audiences(claims).contains(config.clientId)) {
                handler(failedOutcome<UserInfoOutcome>(
                    {TokenEndpoints::tr("The signed UserInfo answer is for another client"),
                        Jwt::audiences(claims).join(QStringLiteral(", ")), {},
                        QStringLiteral("invalid-aud")}));
                return;
            }
            outcome.signature = UserInfoOutcome::Signature::Verified;
            handler(outcome);
        });
}

} // namespace Tokenscope::OAuth
