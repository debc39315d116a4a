#include "redaction.h"

#include "formencoding.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrlQuery>

namespace Tokenscope::Http::Redaction {

namespace {

QJsonValue redactJson(const QJsonValue& value)
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            // An authorization code never travels in JSON, while APIs (FHIR above all) use "code" for
            // ordinary data, so it is the one secret name left alone here.
            if (isSecretName(it.key()) && it.key() != QLatin1String("code") && it.value().isString())
                it.value() = mask(it.value().toString());
            else
                it.value() = redactJson(it.value());
        }
        return object;
    }
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (auto it = array.begin(); it != array.end(); ++it)
            *it = redactJson(*it);
        return array;
    }
    return value;
}

QString redactQuery(const QString& encodedQuery)
{
    QUrlQuery query(encodedQuery);
    auto items = query.queryItems(QUrl::FullyEncoded);
    for (auto& item : items) {
        if (isSecretName(QUrl::fromPercentEncoding(item.first.toUtf8())))
            item.second = mask(QUrl::fromPercentEncoding(item.second.toUtf8()));
    }
    QUrlQuery redacted;
    redacted.setQueryItems(items);
    return redacted.query(QUrl::FullyEncoded);
}

// Masks after decoding, so the mask counts and shows the value's characters rather than its escapes;
// the result is a well-formed form body again (the mask's bullets percent-encoded), which formDecode
// turns back into readable text.
QByteArray redactForm(const QByteArray& body)
{
    FormFields fields = formDecode(body);
    for (auto& [name, value] : fields) {
        if (isSecretName(name))
            value = mask(value);
    }
    return formEncode(fields);
}

} // namespace

bool isSecretName(QStringView name)
{
    static const QLatin1String names[] = {
        QLatin1String("access_token"),
        QLatin1String("refresh_token"),
        QLatin1String("id_token"),
        QLatin1String("code"),
        QLatin1String("code_verifier"),
        QLatin1String("client_secret"),
        QLatin1String("password"),
        QLatin1String("client_assertion"),
        QLatin1String("device_code"),
        // Revocation (RFC 7009) and introspection (RFC 7662) requests, and RP-initiated logout.
        QLatin1String("token"),
        QLatin1String("id_token_hint"),
    };
    for (const auto& secret : names) {
        if (name.compare(secret, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString mask(QStringView value)
{
    if (value.isEmpty())
        return {};
    if (value.size() <= 8)
        return QStringLiteral("•••");
    return value.left(4) % QStringLiteral("•••(%1 chars)").arg(value.size());
}

QUrl redactUrl(const QUrl& url)
{
    QUrl copy = url;
    copy.setPassword({});
    if (copy.hasQuery())
        copy.setQuery(redactQuery(copy.query(QUrl::FullyEncoded)), QUrl::StrictMode);
    if (copy.hasFragment())
        copy.setFragment(redactQuery(copy.fragment(QUrl::FullyEncoded)), QUrl::StrictMode);
    return copy;
}

QList<RawHeader> redactHeaders(const QList<RawHeader>& headers)
{
    QList<RawHeader> result;
    result.reserve(headers.size());
    for (const auto& [name, value] : headers) {
        const QByteArray lower = name.toLower();
        if (lower == "authorization" || lower == "proxy-authorization") {
            const qsizetype space = value.indexOf(' ');
            const QByteArray scheme = space > 0 ? value.left(space) : QByteArray();
            const QString credentials = QString::fromLatin1(space > 0 ? value.mid(space + 1) : value);
            result.append(
                {name, (scheme.isEmpty() ? QByteArray() : scheme + ' ') + mask(credentials).toUtf8()});
        } else if (lower == "cookie" || lower == "set-cookie") {
            result.append({name, mask(QString::fromLatin1(value)).toUtf8()});
        } else {
            result.append({name, value});
        }
    }
    return result;
}

bool isFormBody(const QByteArray& body, const QByteArray& contentType)
{
    // The body decides as much as the Content-Type header: a token request sent without one is still a
    // form full of secrets.
    if (contentType.toLower().startsWith("application/x-www-form-urlencoded"))
        return true;
    const QByteArray trimmed = body.trimmed();
    static const QRegularExpression formLike(QStringLiteral(R"(^[A-Za-z0-9_.~%+\-]+=[^\s]*$)"));
    return !trimmed.startsWith('{') && !trimmed.startsWith('[')
        && formLike.match(QString::fromUtf8(trimmed)).hasMatch();
}

QByteArray redactBody(const QByteArray& body, const QByteArray& contentType)
{
    // The body decides, not the Content-Type header: a token response labelled text/plain (or not at
    // all) is still JSON full of tokens.
    const QByteArray type = contentType.toLower();
    const QByteArray trimmed = body.trimmed();
    if (isFormBody(body, contentType))
        return redactForm(body);
    if (type.contains("json") || trimmed.startsWith('{') || trimmed.startsWith('[')) {
        QJsonParseError error {};
        const QJsonDocument document = QJsonDocument::fromJson(body, &error);
        if (error.error != QJsonParseError::NoError)
            return body;
        const QJsonValue redacted
            = redactJson(document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()));
        return redacted.isArray() ? QJsonDocument(redacted.toArray()).toJson(QJsonDocument::Compact)
                                  : QJsonDocument(redacted.toObject()).toJson(QJsonDocument::Compact);
    }
    return body;
}

} // namespace Tokenscope::Http::Redaction
