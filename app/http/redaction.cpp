#include "redaction.h"

#include "formencoding.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUrlQuery>

#include <algorithm>
#include <limits>

namespace Tokenscope::Http::Redaction {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Http::Redaction)
};

// Lower case without separators, so accessToken, access_token and Access-Token compare equal.
QString normalizedName(QStringView name)
{
    QString result;
    result.reserve(name.size());
    for (const QChar c : name) {
        if (c.isLetterOrNumber())
            result += c.toLower();
    }
    return result;
}

QJsonValue redactJson(const QJsonValue& value)
{
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            // An authorization code never travels in JSON, while APIs (FHIR above all) use "code" for
            // ordinary data, so it is the one secret name left alone here.
            if (isSecretName(it.key()) && normalizedName(it.key()) != QLatin1String("code")
                && it.value().isString())
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

// Masks after decoding, so the mask stands for the value rather than its escapes; the result is a
// well-formed form body again (the mask percent-encoded), which formDecode turns back into readable text.
QByteArray redactForm(const QByteArray& body)
{
    FormFields fields = formDecode(body);
    for (auto& [name, value] : fields) {
        if (isSecretName(name))
            value = mask(value);
    }
    return formEncode(fields);
}

// Whether text that could not be parsed names a field whose value is secret: then it may hold one.
bool namesASecret(const QByteArray& text)
{
    static const QRegularExpression word(QStringLiteral(R"([A-Za-z][A-Za-z0-9_.\-]*)"));
    const QString decoded = QString::fromUtf8(text);
    for (auto it = word.globalMatch(decoded); it.hasNext();) {
        if (isSecretName(it.next().capturedView()))
            return true;
    }
    return false;
}

QByteArray maskedWhole(const QByteArray& body)
{
    return Text::tr("%1 (the whole body, %n bytes, is masked: it could not be read, and it names a secret "
                    "field)",
        nullptr, int(std::min<qsizetype>(body.size(), std::numeric_limits<int>::max())))
        .arg(mask(QString::fromUtf8(body)))
        .toUtf8();
}

// The same text as a JSON string's content, as a serializer may write it.
QList<QByteArray> jsonEscaped(const QString& value)
{
    QByteArray escaped = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    escaped = escaped.mid(2, escaped.size() - 4);
    QList<QByteArray> forms {escaped};
    if (escaped.contains('/'))
        forms.append(QByteArray(escaped).replace("/", "\\/"));
    return forms;
}

void collectSecretValues(const QJsonValue& value, qsizetype minimumLength, QStringList* values)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.value().isString() && isSecretName(it.key())
                && normalizedName(it.key()) != QLatin1String("code")
                && it.value().toString().size() >= minimumLength)
                values->append(it.value().toString());
            else
                collectSecretValues(it.value(), minimumLength, values);
        }
    } else if (value.isArray()) {
        for (const QJsonValue& element : value.toArray())
            collectSecretValues(element, minimumLength, values);
    }
}

} // namespace

bool isSecretName(QStringView name)
{
    static const QStringList names = {
        QStringLiteral("accesstoken"),
        QStringLiteral("refreshtoken"),
        QStringLiteral("idtoken"),
        QStringLiteral("code"),
        QStringLiteral("codeverifier"),
        QStringLiteral("clientsecret"),
        QStringLiteral("password"),
        QStringLiteral("clientassertion"),
        QStringLiteral("devicecode"),
        // Revocation (RFC 7009) and introspection (RFC 7662) requests, and RP-initiated logout.
        QStringLiteral("token"),
        QStringLiteral("idtokenhint"),
        // Token exchange (RFC 8693) and what APIs and echo services call their credentials.
        QStringLiteral("subjecttoken"),
        QStringLiteral("actortoken"),
        QStringLiteral("apikey"),
        QStringLiteral("authtoken"),
        QStringLiteral("sessiontoken"),
        QStringLiteral("securitytoken"),
        QStringLiteral("secret"),
        QStringLiteral("authorization"),
        QStringLiteral("proxyauthorization"),
        QStringLiteral("cookie"),
        QStringLiteral("setcookie"),
    };
    return names.contains(normalizedName(name));
}

QString mask(QStringView value)
{
    if (value.isEmpty())
        return {};
    // Keyed with a key of this run: a short secret (a PIN, a password) cannot be found again by hashing
    // guesses, while within the session one value always gets the same mark.
    static const QByteArray key = [] {
        QByteArray bytes(32, Qt::Uninitialized);
        QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
        return bytes;
    }();
    const QByteArray mark
        = QMessageAuthenticationCode::hash(value.toUtf8(), key, QCryptographicHash::Sha256).toHex().left(6);
    return QStringLiteral("•••••• #") + QString::fromLatin1(mark);
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

bool isSecretHeaderName(const QByteArray& name)
{
    const QByteArray lower = name.toLower();
    return isSecretName(QString::fromLatin1(lower.startsWith("x-") ? lower.mid(2) : lower));
}

bool isCredentialHeaderName(const QString& name)
{
    if (isSecretHeaderName(name.trimmed().toLatin1()))
        return true;
    const QString lower = name.trimmed().toLower();
    for (const char* part :
        {"token", "secret", "password", "passwd", "session", "api-key", "api_key", "apikey", "auth"}) {
        if (lower.contains(QLatin1String(part)))
            return true;
    }
    return false;
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
        } else if (isSecretHeaderName(name)) {
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
    // form full of secrets, and JSON labelled as a form is still JSON.
    const QByteArray trimmed = body.trimmed();
    if (trimmed.startsWith('{') || trimmed.startsWith('['))
        return false;
    if (contentType.toLower().startsWith("application/x-www-form-urlencoded"))
        return true;
    static const QRegularExpression formLike(QStringLiteral(R"(^[A-Za-z0-9_.~%+\-]+=[^\s]*$)"));
    return formLike.match(QString::fromUtf8(trimmed)).hasMatch();
}

QByteArray redactBody(const QByteArray& body, const QByteArray& contentType)
{
    // Trimmed as the token response parser trims (\f and \v included): what it reads as JSON is read as
    // JSON here, whatever the Content-Type says.
    const QByteArray trimmed = body.trimmed();
    const bool jsonShaped = trimmed.startsWith('{') || trimmed.startsWith('[');
    if (!jsonShaped && isFormBody(body, contentType))
        return redactForm(body);
    if (jsonShaped || contentType.toLower().contains("json")) {
        QJsonParseError error {};
        const QJsonDocument document = QJsonDocument::fromJson(trimmed, &error);
        if (error.error != QJsonParseError::NoError || document.isNull())
            return namesASecret(body) ? maskedWhole(body) : body;
        const QJsonValue redacted
            = redactJson(document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()));
        return redacted.isArray() ? QJsonDocument(redacted.toArray()).toJson(QJsonDocument::Compact)
                                  : QJsonDocument(redacted.toObject()).toJson(QJsonDocument::Compact);
    }
    return body;
}

QStringList secretFieldValues(const QByteArray& body, const QByteArray& contentType, qsizetype minimumLength)
{
    QStringList values;
    const QByteArray trimmed = body.trimmed();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
        const QJsonDocument document = QJsonDocument::fromJson(trimmed);
        collectSecretValues(document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()),
            minimumLength, &values);
    } else if (isFormBody(body, contentType)) {
        for (const auto& [name, value] : formDecode(body)) {
            if (isSecretName(name) && value.size() >= minimumLength)
                values.append(value);
        }
    }
    return values;
}

QByteArray maskValues(const QByteArray& text, const QStringList& secrets, bool forUrl)
{
    if (secrets.isEmpty() || text.isEmpty())
        return text;
    // Longest first, so a secret that contains another is masked whole.
    QStringList ordered = secrets;
    std::sort(ordered.begin(), ordered.end(),
        [](const QString& a, const QString& b) { return a.size() > b.size(); });
    QByteArray result = text;
    for (const QString& secret : std::as_const(ordered)) {
        if (secret.isEmpty())
            continue;
        const QString masked = mask(secret);
        const QByteArray encodedMask = QUrl::toPercentEncoding(masked);
        const QByteArray plainMask = forUrl ? encodedMask : masked.toUtf8();
        // Only where encoding changed it: else the raw value below gets the mask a text would show.
        const QByteArray percent = QUrl::toPercentEncoding(secret);
        if (forUrl || percent != secret.toUtf8())
            result.replace(percent, encodedMask);
        // A form encoder may write spaces as '+' (HTML's application/x-www-form-urlencoded).
        if (secret.contains(QLatin1Char(' ')))
            result.replace(QUrl::toPercentEncoding(secret, " ").replace(' ', '+'), encodedMask);
        for (const QByteArray& escaped : jsonEscaped(secret))
            result.replace(escaped, plainMask);
        result.replace(secret.toUtf8(), plainMask);
    }
    return result;
}

QString maskValues(const QString& text, const QStringList& secrets)
{
    if (secrets.isEmpty() || text.isEmpty())
        return text;
    return QString::fromUtf8(maskValues(text.toUtf8(), secrets));
}

} // namespace Tokenscope::Http::Redaction
