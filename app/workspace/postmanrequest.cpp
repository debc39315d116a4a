#include "postmanparts.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Tokenscope::Workspace::Postman {

namespace {

bool isStringOrAbsent(const QJsonValue& value)
{
    return value.isString() || value.isUndefined() || value.isNull();
}

// "a.b.c" from ["a", "b", "c"], or the string itself.
QString joined(const QJsonValue& value, QChar separator)
{
    if (!value.isArray())
        return textOf(value);
    QStringList parts;
    for (const QJsonValue& part : value.toArray()) {
        // A path segment may be {"type", "value"}.
        parts.append(part.isObject() ? textOf(part.toObject().value(QLatin1String("value"))) : textOf(part));
    }
    return parts.join(separator);
}

bool parseUrl(Context& context, const QJsonValue& value, const QString& where, const QString& path,
    Http::HttpRequest* request)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (value.isString()) {
        request->url = value.toString();
        return true;
    }
    if (!value.isObject())
        return context.fail(where, Text::tr("expected a string or an object"));
    const QJsonObject url = value.toObject();
    context.noteUnmapped(url, {"raw", "protocol", "host", "port", "path", "query", "hash", "variable"}, path,
        QStringLiteral("url."));
    QString raw = url.value(QLatin1String("raw")).toString();
    if (raw.isEmpty()) {
        const QString protocol = url.value(QLatin1String("protocol")).toString();
        raw = protocol.isEmpty() ? QString() : protocol + QStringLiteral("://");
        raw += joined(url.value(QLatin1String("host")), QLatin1Char('.'));
        const QString port = textOf(url.value(QLatin1String("port")));
        if (!port.isEmpty())
            raw += QLatin1Char(':') + port;
        const QString pathText = joined(url.value(QLatin1String("path")), QLatin1Char('/'));
        if (!pathText.isEmpty())
            raw += (pathText.startsWith(QLatin1Char('/')) ? QString() : QStringLiteral("/")) + pathText;
        const QString hash = textOf(url.value(QLatin1String("hash")));
        if (!hash.isEmpty())
            raw += QLatin1Char('#') + hash;
    }
    const QJsonValue query = url.value(QLatin1String("query"));
    if (!query.isUndefined() && !query.isNull() && !query.isArray())
        return context.fail(where + QStringLiteral(".query"), Text::tr("expected a list"));
    if (query.isArray())
        raw = mergedQuery(context, raw, query.toArray(), path, request);
    request->url = raw;
    const QJsonValue variables = url.value(QLatin1String("variable"));
    if (!variables.isUndefined() && !variables.isNull() && !variables.isArray())
        return context.fail(where + QStringLiteral(".variable"), Text::tr("expected a list"));
    for (const QJsonValue& item : variables.toArray()) {
        const QJsonObject variable = item.toObject();
        const QString name = textOf(variable.value(QLatin1String("key"))).isEmpty()
            ? textOf(variable.value(QLatin1String("id")))
            : textOf(variable.value(QLatin1String("key")));
        request->pathVariables.append(
            {name, textOf(variable.value(QLatin1String("value"))), !isDisabled(variable)});
        context.noteUnmapped(variable, {"key", "id", "value", "disabled", "enabled", "type", "description"},
            path, QStringLiteral("url.variable."));
        if (!descriptionOf(variable.value(QLatin1String("description"))).isEmpty()) {
            context.note(path, QStringLiteral("url.variable.description"),
                Text::tr("The description of path variable “%1” was not kept.").arg(name));
        }
    }
    return true;
}

bool parseHeaders(Context& context, const QJsonValue& value, const QString& where, const QString& path,
    Http::HttpRequest* request)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (value.isString()) {
        // v2.0 allows the headers as one string: "Name: value" per line.
        for (const QString& line : value.toString().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const qsizetype colon = line.indexOf(QLatin1Char(':'));
            if (colon > 0)
                request->headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed(), true});
        }
        return true;
    }
    if (!value.isArray())
        return context.fail(where, Text::tr("expected a list or a string"));
    const QJsonArray rows = value.toArray();
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (!rows.at(i).isObject())
            return context.fail(QStringLiteral("%1[%2]").arg(where).arg(i), Text::tr("expected an object"));
        const QJsonObject row = rows.at(i).toObject();
        const QString key = textOf(row.value(QLatin1String("key")));
        request->headers.append({key, textOf(row.value(QLatin1String("value"))), !isDisabled(row)});
        context.noteUnmapped(row, {"key", "value", "disabled", "enabled", "type", "description"}, path,
            QStringLiteral("header."));
        if (!descriptionOf(row.value(QLatin1String("description"))).isEmpty()) {
            context.note(path, QStringLiteral("header.description"),
                Text::tr("The description of header “%1” was not kept.").arg(key));
        }
    }
    return true;
}

// Raw body languages Tokenscope sends with a Content-Type of its own; others get a header.
void applyRawLanguage(const QString& language, Http::HttpRequest* request)
{
    if (language.isEmpty() || language == QLatin1String("text")) {
        request->rawType = QStringLiteral("text");
    } else if (language == QLatin1String("json") || language == QLatin1String("xml")) {
        request->rawType = language;
    } else {
        const QString type = language == QLatin1String("javascript")
            ? QStringLiteral("application/javascript")
            : language == QLatin1String("html") ? QStringLiteral("text/html")
                                                : QStringLiteral("text/plain");
        const bool typed = std::any_of(
            request->headers.cbegin(), request->headers.cend(), [](const Http::HeaderField& header) {
                return header.enabled
                    && header.name.compare(QLatin1String("Content-Type"), Qt::CaseInsensitive) == 0;
            });
        if (!typed)
            request->headers.append({QStringLiteral("Content-Type"), type, true});
    }
}

bool parseFormRows(Context& context, const QJsonValue& value, const QString& where, const QString& path,
    bool multipart, Http::HttpRequest* request)
{
    if (!value.isArray() && !value.isUndefined() && !value.isNull())
        return context.fail(where, Text::tr("expected a list"));
    const QJsonArray rows = value.toArray();
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (!rows.at(i).isObject())
            return context.fail(QStringLiteral("%1[%2]").arg(where).arg(i), Text::tr("expected an object"));
        const QJsonObject row = rows.at(i).toObject();
        Http::FormField field;
        field.name = textOf(row.value(QLatin1String("key")));
        field.enabled = !isDisabled(row);
        field.contentType = textOf(row.value(QLatin1String("contentType")));
        field.isFile = multipart && row.value(QLatin1String("type")).toString() == QLatin1String("file");
        if (field.isFile) {
            const QJsonValue source = row.value(QLatin1String("src"));
            const QJsonArray sources = source.toArray();
            field.value = source.isArray() ? textOf(sources.at(0)) : textOf(source);
            if (sources.size() > 1) {
                context.note(path, QStringLiteral("body.formdata.src"),
                    Text::tr("Form field “%1” named %2 files; only the first was kept.")
                        .arg(field.name)
                        .arg(sources.size()));
            }
            if (field.value.isEmpty()) {
                context.note(path, QStringLiteral("body.formdata.src"),
                    Text::tr("Form field “%1” names no file; choose one before sending.").arg(field.name));
            }
        } else {
            field.value = textOf(row.value(QLatin1String("value")));
        }
        request->formFields.append(field);
        if (!descriptionOf(row.value(QLatin1String("description"))).isEmpty()) {
            context.note(path,
                QStringLiteral("body.%1.description")
                    .arg(multipart ? QStringLiteral("formdata") : QStringLiteral("urlencoded")),
                Text::tr("The description of form field “%1” was not kept.").arg(field.name));
        }
        context.noteUnmapped(row,
            {"key", "value", "disabled", "enabled", "type", "contentType", "src", "description"}, path,
            QStringLiteral("body.%1.")
                .arg(multipart ? QStringLiteral("formdata") : QStringLiteral("urlencoded")));
    }
    return true;
}

bool parseBody(Context& context, const QJsonValue& value, const QString& where, const QString& path,
    Http::HttpRequest* request)
{
    if (value.isUndefined() || value.isNull()) {
        request->bodyKind = Http::BodyKind::None;
        return true;
    }
    if (!value.isObject())
        return context.fail(where, Text::tr("expected an object"));
    const QJsonObject body = value.toObject();
    context.noteUnmapped(body,
        {"mode", "raw", "urlencoded", "formdata", "file", "graphql", "options", "disabled"}, path,
        QStringLiteral("body."));
    const QString mode = body.value(QLatin1String("mode")).toString();
    const QJsonObject options = body.value(QLatin1String("options")).toObject();
    for (auto it = options.begin(); it != options.end(); ++it) {
        if (it.key() != QLatin1String("raw")
            || it.value().toObject().keys() != QStringList {QStringLiteral("language")}) {
            context.note(path, QStringLiteral("body.options.") + it.key(),
                Text::tr("Body option “%1” was not imported.").arg(it.key()));
        }
    }
    if (mode == QLatin1String("raw")) {
        if (!isStringOrAbsent(body.value(QLatin1String("raw"))))
            return context.fail(where + QStringLiteral(".raw"), Text::tr("expected a string"));
        request->bodyKind = Http::BodyKind::Raw;
        request->body = body.value(QLatin1String("raw")).toString().toUtf8();
        applyRawLanguage(
            options.value(QLatin1String("raw")).toObject().value(QLatin1String("language")).toString(),
            request);
    } else if (mode == QLatin1String("urlencoded") || mode == QLatin1String("formdata")) {
        const bool multipart = mode == QLatin1String("formdata");
        request->bodyKind = multipart ? Http::BodyKind::Multipart : Http::BodyKind::FormUrlEncoded;
        if (!parseFormRows(
                context, body.value(mode), where + QLatin1Char('.') + mode, path, multipart, request))
            return false;
    } else if (mode == QLatin1String("file")) {
        const QJsonValue file = body.value(QLatin1String("file"));
        if (!file.isObject() && !file.isUndefined() && !file.isNull())
            return context.fail(where + QStringLiteral(".file"), Text::tr("expected an object"));
        const QJsonObject object = file.toObject();
        if (object.contains(QLatin1String("content"))
            && textOf(object.value(QLatin1String("src"))).isEmpty()) {
            // The file's content written into the collection: sent as a raw body.
            request->bodyKind = Http::BodyKind::Raw;
            request->body = textOf(object.value(QLatin1String("content"))).toUtf8();
        } else {
            request->bodyKind = Http::BodyKind::BinaryFile;
            request->bodyFilePath = textOf(object.value(QLatin1String("src")));
            if (request->bodyFilePath.isEmpty()) {
                context.note(path, QStringLiteral("body.file.src"),
                    Text::tr("The file body names no file; choose one before sending."));
            }
        }
    } else if (mode == QLatin1String("graphql")) {
        const QJsonValue graphql = body.value(QLatin1String("graphql"));
        if (!graphql.isObject() && !graphql.isUndefined())
            return context.fail(where + QStringLiteral(".graphql"), Text::tr("expected an object"));
        const QJsonObject object = graphql.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const bool empty = it.value().isNull() || textOf(it.value()).isEmpty();
            if (it.key() != QLatin1String("query") && it.key() != QLatin1String("variables")
                && it.key() != QLatin1String("operationName") && !empty) {
                context.note(path, QStringLiteral("body.graphql.") + it.key(),
                    Text::tr("The GraphQL “%1” was not imported: only the query, the variables and the "
                             "operation name are sent.")
                        .arg(it.key()));
            }
        }
        // Postman keeps the variables as the text typed; JSON when it parses, else kept as a string.
        QJsonValue variables = object.value(QLatin1String("variables"));
        if (variables.isString()) {
            const QJsonDocument parsed = QJsonDocument::fromJson(variables.toString().toUtf8());
            variables = parsed.isObject()                  ? QJsonValue(parsed.object())
                : variables.toString().trimmed().isEmpty() ? QJsonValue(QJsonObject())
                                                           : variables;
        }
        QJsonObject sent {{QStringLiteral("query"), textOf(object.value(QLatin1String("query")))},
            {QStringLiteral("variables"), variables.isUndefined() ? QJsonValue(QJsonObject()) : variables}};
        // GraphQL over HTTP names the operation to run when the document holds several.
        const QString operation = textOf(object.value(QLatin1String("operationName")));
        if (!operation.isEmpty())
            sent.insert(QStringLiteral("operationName"), operation);
        request->bodyKind = Http::BodyKind::Raw;
        request->rawType = QStringLiteral("json");
        request->body = QJsonDocument(sent).toJson(QJsonDocument::Indented);
        context.note(path, QStringLiteral("body.graphql"),
            Text::tr("The GraphQL body became a JSON body {\"query\", \"variables\"}, as GraphQL over HTTP "
                     "POST sends it."));
    } else if (mode.isEmpty()) {
        request->bodyKind = Http::BodyKind::None;
    } else {
        context.note(path, QStringLiteral("body.mode"),
            Text::tr("Body mode “%1” is not known; no body was imported.").arg(mode));
        request->bodyKind = Http::BodyKind::None;
    }
    if (body.value(QLatin1String("disabled")).toBool()) {
        // Postman keeps the body but does not send it.
        request->bodyKind = Http::BodyKind::None;
        context.note(path, QStringLiteral("body.disabled"),
            Text::tr("The body was switched off in Postman: none is sent."));
    }
    return true;
}

} // namespace

bool parseRequest(Context& context, const QJsonValue& value, const QString& where, const QString& path,
    Http::HttpRequest* request, LevelAuth* auth, QString* description)
{
    // v2 allows a request to be only its URL: a GET.
    if (value.isString()) {
        request->url = value.toString();
        request->bodyKind = Http::BodyKind::None;
        return true;
    }
    if (!value.isObject())
        return context.fail(where, Text::tr("expected a string or an object"));
    const QJsonObject object = value.toObject();
    context.noteUnmapped(object,
        {"url", "auth", "method", "description", "header", "body", "proxy", "certificate", "_postman_id"},
        path, QString());
    if (object.contains(QLatin1String("proxy")))
        context.note(path, QStringLiteral("proxy"), Text::tr("Proxy settings are not imported."));
    if (object.contains(QLatin1String("certificate")))
        context.note(
            path, QStringLiteral("certificate"), Text::tr("Client certificate settings are not imported."));
    const QJsonValue method = object.value(QLatin1String("method"));
    if (!isStringOrAbsent(method))
        return context.fail(where + QStringLiteral(".method"), Text::tr("expected a string"));
    request->method = method.toString(QStringLiteral("GET")).trimmed().toUpper().toLatin1();
    if (request->method.isEmpty())
        request->method = "GET";
    *description = descriptionOf(object.value(QLatin1String("description")));
    return parseUrl(
               context, object.value(QLatin1String("url")), where + QStringLiteral(".url"), path, request)
        && parseHeaders(
            context, object.value(QLatin1String("header")), where + QStringLiteral(".header"), path, request)
        && parseBody(
            context, object.value(QLatin1String("body")), where + QStringLiteral(".body"), path, request)
        && parseAuth(
            context, object.value(QLatin1String("auth")), where + QStringLiteral(".auth"), path, auth);
}

} // namespace Tokenscope::Workspace::Postman
