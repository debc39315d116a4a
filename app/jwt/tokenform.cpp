#include "tokenform.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QRegularExpression>

#include <optional>

namespace Tokenscope::Jwt {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Jwt::TokenForm)
};

std::optional<QByteArray> fromBase64Url(const QString& part)
{
    auto result = QByteArray::fromBase64Encoding(
        part.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    return *result;
}

std::optional<QJsonObject> jsonObject(const QByteArray& bytes)
{
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// Compact serialisations are base64url parts separated by dots (RFC 7515 §7.1, RFC 7516 §7.1); a JWE's
// parts may be empty (no encrypted key with "dir").
QStringList compactParts(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^[A-Za-z0-9_\-.]+$)"));
    if (!pattern.match(text).hasMatch())
        return {};
    return text.split(QLatin1Char('.'));
}

// The form of a compact token from its parts alone, for the payload of a nested JWT.
TokenForm compactForm(const QString& text)
{
    const QStringList parts = compactParts(text);
    if (parts.size() != 3 && parts.size() != 5)
        return TokenForm::Opaque;
    const auto header = fromBase64Url(parts.first());
    const auto object = header ? jsonObject(*header) : std::nullopt;
    if (!object)
        return TokenForm::Opaque;
    if (parts.size() == 5)
        return object->contains(QLatin1String("enc")) ? TokenForm::Jwe : TokenForm::Opaque;
    return TokenForm::Jws;
}

QString withoutBearer(const QString& text, bool* hadPrefix)
{
    static const QRegularExpression bearer(
        QStringLiteral(R"(^bearer(\s+|$))"), QRegularExpression::CaseInsensitiveOption);
    QString trimmed = text.trimmed();
    const QRegularExpressionMatch match = bearer.match(trimmed);
    *hadPrefix = match.hasMatch();
    if (*hadPrefix)
        trimmed = trimmed.mid(match.capturedLength()).trimmed();
    // A token copied from a wrapped terminal or e-mail may carry line breaks inside.
    trimmed.remove(QRegularExpression(QStringLiteral(R"(\s+)")));
    return trimmed;
}

ParsedToken opaque(ParsedToken token, const QString& reason)
{
    token.form = TokenForm::Opaque;
    token.header = {};
    token.payload = {};
    token.headerJson.clear();
    token.payloadJson.clear();
    token.opaqueReason = reason;
    return token;
}

} // namespace

ParsedToken parseToken(const QString& text)
{
    ParsedToken token;
    token.token = withoutBearer(text, &token.hadBearerPrefix);
    if (token.token.isEmpty())
        return token;
    const QStringList parts = compactParts(token.token);
    if (parts.size() != 3 && parts.size() != 5)
        return opaque(token, {});
    const auto headerBytes = fromBase64Url(parts.first());
    const auto header = headerBytes ? jsonObject(*headerBytes) : std::nullopt;
    if (!header)
        return opaque(token, Text::tr("It has the shape of a JWT, but its first part is not a JSON header."));
    token.header = *header;
    token.headerJson = *headerBytes;

    if (parts.size() == 5) {
        if (!header->contains(QLatin1String("enc")))
            return opaque(token,
                Text::tr("It has five parts like an encrypted token, but its header names no "
                         "encryption (enc)."));
        token.form = TokenForm::Jwe;
        return token;
    }
    const auto payloadBytes = fromBase64Url(parts.at(1));
    if (!payloadBytes || !fromBase64Url(parts.at(2)))
        return opaque(token, Text::tr("It has the shape of a JWT, but its parts are not base64url."));
    token.payloadJson = *payloadBytes;
    const QString cty = header->value(QLatin1String("cty")).toString();
    const QString payloadText = QString::fromLatin1(*payloadBytes).trimmed();
    const TokenForm inner = payloadBytes->startsWith('{') ? TokenForm::Opaque : compactForm(payloadText);
    // RFC 7519 §5.2: "cty": "JWT" says the payload is a JWT; a compact token as payload says so too.
    if (cty.compare(QLatin1String("JWT"), Qt::CaseInsensitive) == 0 || inner != TokenForm::Opaque) {
        token.form = TokenForm::NestedJwt;
        token.innerToken = payloadText;
        token.innerForm = inner;
        return token;
    }
    const auto payload = jsonObject(*payloadBytes);
    if (!payload)
        return opaque(token,
            Text::tr("It has the shape of a JWT, but its second part is not a JSON object of "
                     "claims."));
    token.form = TokenForm::Jws;
    token.payload = *payload;
    return token;
}

QString describeForm(TokenForm form)
{
    switch (form) {
    case TokenForm::Empty:
        return Text::tr("No token");
    case TokenForm::Jws:
        return Text::tr(
            "Signed JWT (JWS): its header and claims can be read by anyone; the signature shows who "
            "issued it");
    case TokenForm::NestedJwt:
        return Text::tr("Nested JWT: a signed token that wraps another token; the inner token is not read "
                        "here");
    case TokenForm::Jwe:
        return Text::tr(
            "Encrypted token (JWE): its claims are encrypted for the recipient and cannot be shown "
            "here");
    case TokenForm::Opaque:
        return Text::tr("Opaque token: only the provider can tell what it means (use Introspect)");
    }
    return {};
}

} // namespace Tokenscope::Jwt
