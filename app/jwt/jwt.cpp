#include "jwt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace Tokenscope::Jwt {

namespace {

std::optional<QByteArray> fromBase64Url(QByteArrayView part)
{
    auto result = QByteArray::fromBase64Encoding(
        part.toByteArray(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    return *result;
}

std::optional<QJsonObject> jsonObject(QByteArrayView part)
{
    const auto bytes = fromBase64Url(part);
    if (!bytes)
        return std::nullopt;
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(*bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

} // namespace

bool looksLikeJwt(const QString& text)
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*$)"));
    return pattern.match(text).hasMatch();
}

QStringList audiences(const QJsonObject& claims)
{
    QStringList list;
    const QJsonValue aud = claims.value(QLatin1String("aud"));
    if (aud.isString())
        list << aud.toString();
    for (const QJsonValue& item : aud.toArray())
        list << item.toString();
    return list;
}

std::optional<DecodedJwt> decode(const QString& compact)
{
    if (!looksLikeJwt(compact))
        return std::nullopt;
    const QByteArray bytes = compact.toLatin1();
    const qsizetype first = bytes.indexOf('.');
    const qsizetype second = bytes.indexOf('.', first + 1);
    const QByteArrayView view(bytes);
    auto header = jsonObject(view.first(first));
    auto payload = jsonObject(view.sliced(first + 1, second - first - 1));
    auto signature = fromBase64Url(view.sliced(second + 1));
    if (!header || !payload || !signature)
        return std::nullopt;
    return DecodedJwt {*header, *payload, bytes.first(second), *signature};
}

} // namespace Tokenscope::Jwt
