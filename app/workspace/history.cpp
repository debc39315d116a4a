#include "history.h"

#include "redaction.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

#include <algorithm>

namespace Tokenscope::Workspace {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Workspace::History)
};

namespace Redaction = Http::Redaction;

constexpr QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

bool isVariable(const QString& value)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\{\{[A-Za-z0-9_.\-]+\}\}$)"));
    return pattern.match(value).hasMatch();
}

// A secret cut by the cap would leave its start at the end of the text: that goes too.
QByteArray capped(const QByteArray& body, const QStringList& secrets, bool* cut)
{
    *cut = body.size() > History::maxBodyBytes;
    QByteArray out = body.left(History::maxBodyBytes);
    if (!*cut)
        return out;
    for (const QString& secret : secrets) {
        const QByteArray s = secret.toUtf8();
        for (qsizetype k = std::min(s.size() - 1, out.size()); k >= 4; --k) {
            if (out.endsWith(s.left(k))) {
                out.chop(k);
                break;
            }
        }
    }
    return out;
}

QByteArray contentType(const QList<Http::RawHeader>& headers)
{
    for (const auto& [name, value] : headers) {
        if (name.compare("content-type", Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray maskedBody(const QByteArray& body, const QByteArray& type, const QStringList& secrets, bool* cut)
{
    const QByteArray part = capped(body, secrets, cut);
    return Redaction::maskValues(Redaction::redactBody(part, type), secrets);
}

// The URL as text: {{variables}} stay, literal secrets and secret-named query values are masked.
QString maskedUrl(const QString& url, const QStringList& secrets)
{
    QString text = Redaction::maskValues(url, secrets);
    const qsizetype query = text.indexOf(u'?');
    if (query < 0)
        return text;
    QStringList pairs = text.mid(query + 1).split(u'&');
    for (QString& pair : pairs) {
        const qsizetype eq = pair.indexOf(u'=');
        if (eq > 0 && Redaction::isSecretName(pair.left(eq)) && !isVariable(pair.mid(eq + 1))
            && !pair.mid(eq + 1).isEmpty())
            pair = pair.left(eq + 1) + Redaction::mask(pair.mid(eq + 1));
    }
    return text.left(query + 1) + pairs.join(u'&');
}

QList<Http::RawHeader> maskedHeaders(const QList<Http::RawHeader>& headers, const QStringList& secrets)
{
    QList<Http::RawHeader> out = Redaction::redactHeaders(headers);
    for (auto& header : out)
        header.second = Redaction::maskValues(header.second, secrets);
    return out;
}

QJsonArray headersToJson(const QList<Http::RawHeader>& headers)
{
    QJsonArray array;
    for (const auto& [name, value] : headers)
        array.append(QJsonArray {QString::fromLatin1(name), QString::fromUtf8(value)});
    return array;
}

QList<Http::RawHeader> headersFromJson(const QJsonValue& value)
{
    QList<Http::RawHeader> headers;
    for (const QJsonValue& item : value.toArray())
        headers.append({item[0].toString().toLatin1(), item[1].toString().toUtf8()});
    return headers;
}

void putBody(QJsonObject& object, const QString& key, const QByteArray& body)
{
    if (body.isEmpty())
        return;
    if (QString::fromUtf8(body).toUtf8() == body)
        object.insert(key, QString::fromUtf8(body));
    else
        object.insert(key + QStringLiteral("Base64"), QString::fromLatin1(body.toBase64()));
}

QByteArray takeBody(const QJsonObject& object, const QString& key)
{
    if (object.contains(key))
        return object.value(key).toString().toUtf8();
    return QByteArray::fromBase64(object.value(key + QStringLiteral("Base64")).toString().toLatin1());
}

QJsonObject requestToJson(const Http::HttpRequest& r)
{
    QJsonArray headers;
    for (const Http::HeaderField& h : r.headers)
        headers.append(QJsonObject {{QStringLiteral("name"), h.name}, {QStringLiteral("value"), h.value},
            {QStringLiteral("enabled"), h.enabled}});
    QJsonArray form;
    for (const Http::FormField& f : r.formFields)
        form.append(QJsonObject {{QStringLiteral("name"), f.name}, {QStringLiteral("value"), f.value},
            {QStringLiteral("isFile"), f.isFile}, {QStringLiteral("contentType"), f.contentType},
            {QStringLiteral("enabled"), f.enabled}});
    QJsonObject auth {{QStringLiteral("style"), int(r.auth.style)},
        {QStringLiteral("headerName"), r.auth.headerName}, {QStringLiteral("prefix"), r.auth.prefix},
        {QStringLiteral("parameterName"), r.auth.parameterName},
        {QStringLiteral("username"), r.auth.username}, {QStringLiteral("password"), r.auth.password},
        {QStringLiteral("variable"), r.auth.variable}};
    QJsonObject object {{QStringLiteral("method"), QString::fromLatin1(r.method)},
        {QStringLiteral("url"), r.url}, {QStringLiteral("headers"), headers},
        {QStringLiteral("attachAccessToken"), r.attachAccessToken},
        {QStringLiteral("bodyKind"), int(r.bodyKind)}, {QStringLiteral("rawType"), r.rawType},
        {QStringLiteral("formFields"), form}, {QStringLiteral("bodyFilePath"), r.bodyFilePath},
        {QStringLiteral("auth"), auth}, {QStringLiteral("timeoutMs"), r.timeoutMs},
        {QStringLiteral("followRedirects"), r.followRedirects}};
    putBody(object, QStringLiteral("body"), r.body);
    return object;
}

Http::HttpRequest requestFromJson(const QJsonObject& o)
{
    Http::HttpRequest r;
    r.method = o.value(QStringLiteral("method")).toString().toLatin1();
    r.url = o.value(QStringLiteral("url")).toString();
    for (const QJsonValue& h : o.value(QStringLiteral("headers")).toArray())
        r.headers.append({h[QStringLiteral("name")].toString(), h[QStringLiteral("value")].toString(),
            h[QStringLiteral("enabled")].toBool(true)});
    r.body = takeBody(o, QStringLiteral("body"));
    r.attachAccessToken = o.value(QStringLiteral("attachAccessToken")).toBool(true);
    r.bodyKind = Http::BodyKind(std::clamp(o.value(QStringLiteral("bodyKind")).toInt(1), 0, 4));
    r.rawType = o.value(QStringLiteral("rawType")).toString();
    for (const QJsonValue& f : o.value(QStringLiteral("formFields")).toArray())
        r.formFields.append({f[QStringLiteral("name")].toString(), f[QStringLiteral("value")].toString(),
            f[QStringLiteral("isFile")].toBool(), f[QStringLiteral("contentType")].toString(),
            f[QStringLiteral("enabled")].toBool(true)});
    r.bodyFilePath = o.value(QStringLiteral("bodyFilePath")).toString();
    const QJsonObject a = o.value(QStringLiteral("auth")).toObject();
    r.auth.style = Http::RequestAuth::Style(std::clamp(a.value(QStringLiteral("style")).toInt(), 0, 6));
    r.auth.headerName = a.value(QStringLiteral("headerName")).toString();
    r.auth.prefix = a.value(QStringLiteral("prefix")).toString();
    r.auth.parameterName = a.value(QStringLiteral("parameterName")).toString();
    r.auth.username = a.value(QStringLiteral("username")).toString();
    r.auth.password = a.value(QStringLiteral("password")).toString();
    r.auth.variable = a.value(QStringLiteral("variable")).toString();
    r.timeoutMs = o.value(QStringLiteral("timeoutMs")).toInt();
    r.followRedirects = o.value(QStringLiteral("followRedirects")).toBool(true);
    return r;
}

QJsonObject entryToJson(const HistoryEntry& e)
{
    QJsonObject object {{QStringLiteral("time"), e.time.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("request"), requestToJson(e.request)}, {QStringLiteral("sentUrl"), e.sentUrl},
        {QStringLiteral("sentHeaders"), headersToJson(e.sentHeaders)}, {QStringLiteral("status"), e.status},
        {QStringLiteral("error"), e.errorString}, {QStringLiteral("responseBytes"), e.responseBytes},
        {QStringLiteral("durationMs"), e.durationMs},
        {QStringLiteral("responseHeaders"), headersToJson(e.responseHeaders)},
        {QStringLiteral("requestBodyCut"), e.requestBodyCut},
        {QStringLiteral("responseBodyCut"), e.responseBodyCut}};
    putBody(object, QStringLiteral("requestBody"), e.requestBody);
    putBody(object, QStringLiteral("responseBody"), e.responseBody);
    return object;
}

HistoryEntry entryFromJson(const QJsonObject& o)
{
    HistoryEntry e;
    e.time = QDateTime::fromString(o.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
    e.request = requestFromJson(o.value(QStringLiteral("request")).toObject());
    e.sentUrl = o.value(QStringLiteral("sentUrl")).toString();
    e.sentHeaders = headersFromJson(o.value(QStringLiteral("sentHeaders")));
    e.requestBody = takeBody(o, QStringLiteral("requestBody"));
    e.status = o.value(QStringLiteral("status")).toInt();
    e.errorString = o.value(QStringLiteral("error")).toString();
    e.responseBytes = o.value(QStringLiteral("responseBytes")).toInteger();
    e.durationMs = o.value(QStringLiteral("durationMs")).toInteger();
    e.responseHeaders = headersFromJson(o.value(QStringLiteral("responseHeaders")));
    e.responseBody = takeBody(o, QStringLiteral("responseBody"));
    e.requestBodyCut = o.value(QStringLiteral("requestBodyCut")).toBool();
    e.responseBodyCut = o.value(QStringLiteral("responseBodyCut")).toBool();
    return e;
}

} // namespace

History::History(const QString& directory)
    : m_directory(directory)
{ }

QString History::filePath() const
{
    return QDir(m_directory).filePath(QStringLiteral("history.json"));
}

Error History::load()
{
    m_entries.clear();
    QFile file(filePath());
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly)) {
        return {Text::tr("The history could not be read"), file.errorString(),
            Text::tr("Check the permissions of %1.").arg(QDir::toNativeSeparators(filePath()))};
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        return {Text::tr("The history could not be read"), parseError.errorString(),
            Text::tr("The file %1 is left as it is; a new request starts a new history.")
                .arg(QDir::toNativeSeparators(filePath()))};
    }
    for (const QJsonValue& item : document.object().value(QStringLiteral("entries")).toArray())
        m_entries.append(entryFromJson(item.toObject()));
    if (m_entries.size() > maxEntries)
        m_entries.resize(maxEntries);
    return {};
}

Error History::save() const
{
    return write(m_directory, m_entries);
}

Error History::write(const QString& directory, const QList<HistoryEntry>& entries)
{
    if (!QDir().mkpath(directory)) {
        return {Text::tr("The history could not be saved"),
            Text::tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(directory))};
    }
    QSaveFile file(History(directory).filePath());
    if (!file.open(QIODevice::WriteOnly)) {
        return {Text::tr("The history could not be saved"), file.errorString(),
            Text::tr("Check the permissions of %1.").arg(QDir::toNativeSeparators(file.fileName()))};
    }
    file.setPermissions(ownerOnly); // the temporary file's, kept by the rename of commit()
    QJsonArray array;
    for (const HistoryEntry& entry : entries)
        array.append(entryToJson(entry));
    file.write(QJsonDocument(QJsonObject {{QStringLiteral("version"), 1}, {QStringLiteral("entries"), array}})
                   .toJson(QJsonDocument::Compact));
    if (!file.commit()) {
        return {Text::tr("The history could not be saved"), file.errorString(),
            Text::tr("Check the free disk space and permissions.")};
    }
    return {};
}

void History::record(HistoryEntry entry, const QStringList& secretValues)
{
    m_entries.prepend(masked(std::move(entry), secretValues));
    if (m_entries.size() > maxEntries)
        m_entries.resize(maxEntries);
}

void History::appendOlder(const QList<HistoryEntry>& older)
{
    m_entries.append(older);
    if (m_entries.size() > maxEntries)
        m_entries.resize(maxEntries);
}

void History::remove(qsizetype index)
{
    if (index >= 0 && index < m_entries.size())
        m_entries.removeAt(index);
}

void History::clear()
{
    m_entries.clear();
}

HistoryEntry History::entryFor(const Http::HttpRequest& composed, const QByteArray& sentBody,
    const Http::HttpResponse& response, const QDateTime& time)
{
    HistoryEntry entry;
    entry.time = time;
    entry.request = composed;
    entry.sentUrl
        = QString::fromUtf8((response.sent.url.isEmpty() ? response.url : response.sent.url).toEncoded());
    entry.sentHeaders = response.sent.headers;
    entry.requestBody = sentBody;
    entry.status = response.status;
    entry.errorString = response.errorString;
    entry.responseBytes = response.bodyBuffer ? response.bodyBuffer->size() : response.body.size();
    entry.durationMs = response.elapsedMs;
    entry.responseHeaders = response.headers;
    // One byte past the cap, so the cut is noticed; never the whole of a large body.
    entry.responseBody = response.bodyBuffer ? response.bodyBuffer->slice(0, maxBodyBytes + 1)
                                             : response.body.left(maxBodyBytes + 1);
    return entry;
}

HistoryEntry History::masked(HistoryEntry entry, const QStringList& secretValues)
{
    // Values a token response or a token request carries under secret names are secrets wherever else
    // the entry holds them (RFC 6749 §5.1 access_token echoed in a header).
    QStringList secrets = secretValues;
    secrets += Redaction::secretFieldValues(entry.responseBody, contentType(entry.responseHeaders), 8);
    secrets += Redaction::secretFieldValues(entry.requestBody, contentType(entry.sentHeaders), 8);
    secrets.removeAll(QString());
    secrets.removeDuplicates();

    Http::HttpRequest& request = entry.request;
    request.url = maskedUrl(request.url, secrets);
    for (Http::HeaderField& header : request.headers) {
        header.value = Redaction::maskValues(header.value, secrets);
        if (Redaction::isSecretHeaderName(header.name.toLatin1())
            && !header.value.contains(QLatin1String("{{")))
            header.value = Redaction::mask(header.value);
    }
    for (Http::FormField& field : request.formFields) {
        field.value = Redaction::maskValues(field.value, secrets);
        if (!field.isFile && Redaction::isSecretName(field.name) && !isVariable(field.value))
            field.value = Redaction::mask(field.value);
    }
    // The composed body is reopened and sent again: secrets masked by value, every other byte as typed
    // (re-serialising JSON would reorder keys and rewrite numbers).
    request.body
        = Redaction::maskValues(request.body, secrets + Redaction::secretFieldValues(request.body, {}, 8));
    if (!request.auth.password.isEmpty() && !isVariable(request.auth.password))
        request.auth.password = Redaction::mask(request.auth.password);
    entry.sentUrl = maskedUrl(entry.sentUrl, secrets);
    entry.sentHeaders = maskedHeaders(entry.sentHeaders, secrets);
    entry.requestBody
        = maskedBody(entry.requestBody, contentType(entry.sentHeaders), secrets, &entry.requestBodyCut);
    entry.responseHeaders = maskedHeaders(entry.responseHeaders, secrets);
    entry.responseBody
        = maskedBody(entry.responseBody, contentType(entry.responseHeaders), secrets, &entry.responseBodyCut);
    entry.errorString = Redaction::maskValues(entry.errorString, secrets);
    return entry;
}

} // namespace Tokenscope::Workspace
