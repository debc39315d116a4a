#include "requestauthorization.h"

#include "requestsender.h"

namespace Tokenscope::Http {

namespace {

using Style = RequestAuth::Style;

// The variable of a "bearer from variable" style, written as a bare name or as {{name}}.
QString variableReference(const QString& variable)
{
    const QString name = variable.trimmed();
    return name.startsWith(QLatin1String("{{")) ? name : QStringLiteral("{{%1}}").arg(name);
}

} // namespace

bool usesAccessToken(const HttpRequest& request)
{
    switch (request.auth.style) {
    case Style::Inherit:
        return request.attachAccessToken;
    case Style::BearerHeader:
    case Style::CustomHeader:
    case Style::QueryParameter:
        return true;
    case Style::None:
    case Style::Basic:
    case Style::BearerFromVariable:
        return false;
    }
    return false;
}

bool tokenInAuthorizationHeader(const HttpRequest& request)
{
    if (request.auth.style == Style::CustomHeader)
        return request.auth.headerName.trimmed().compare(QLatin1String("Authorization"), Qt::CaseInsensitive)
            == 0;
    return request.auth.style == Style::Inherit || request.auth.style == Style::BearerHeader;
}

bool carriesOwnCredential(const HttpRequest& request)
{
    return request.auth.style == Style::Basic || request.auth.style == Style::BearerFromVariable;
}

AppliedAuth applyAuth(const HttpRequest& request, const std::optional<AccessTokenProvider::Token>& token,
    const QList<Variable>& variables)
{
    AppliedAuth result;
    const RequestAuth& auth = request.auth;
    const auto expand = [&result, &variables](const QString& text) {
        const Expansion expansion = expandVariables(text, variables);
        result.unresolved << expansion.unresolved;
        return expansion.text;
    };
    switch (auth.style) {
    case Style::Inherit:
    case Style::BearerHeader:
        if (token) {
            result.headerName = "Authorization";
            // RFC 6750 §2.1; the inherited style keeps the provider's token_type (DPoP, mac, …).
            result.headerValue = auth.style == Style::Inherit ? authorizationHeader(token->type, token->value)
                                                              : "Bearer " + token->value.toUtf8();
        }
        break;
    case Style::CustomHeader:
        result.headerName = expand(auth.headerName.trimmed()).toUtf8();
        result.empty = result.headerName.isEmpty();
        if (token)
            result.headerValue = expand(auth.prefix).toUtf8() + token->value.toUtf8();
        break;
    case Style::QueryParameter:
        result.queryName = expand(auth.parameterName.trimmed());
        result.empty = result.queryName.isEmpty();
        if (token)
            result.queryValue = token->value;
        break;
    case Style::None:
        break;
    case Style::Basic:
        // RFC 7617 §2: user-id ":" password, UTF-8 (§2.1 charset), base64.
        result.headerName = "Authorization";
        result.headerValue
            = "Basic " + (expand(auth.username) + u':' + expand(auth.password)).toUtf8().toBase64();
        break;
    case Style::BearerFromVariable:
        result.headerName = "Authorization";
        result.headerValue = "Bearer " + expand(variableReference(auth.variable)).toUtf8();
        result.empty = auth.variable.trimmed().isEmpty();
        break;
    }
    result.unresolved.removeDuplicates();
    return result;
}

} // namespace Tokenscope::Http
