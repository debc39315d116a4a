#include "postmanimport.h"

#include "draftsecrets.h"
#include "postmanparts.h"
#include "requestjson.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace Tokenscope::Workspace {

namespace Postman {

namespace {

// Deeper than anyone nests folders; a file nested deeper is refused rather than walked.
constexpr int maxFolderDepth = 63;

QString childPath(const QString& path, const QString& name)
{
    return path.isEmpty() ? name : path + QLatin1Char('/') + name;
}

void noteScripts(Context& context, const QJsonValue& events, const QString& path)
{
    for (const QJsonValue& item : events.toArray()) {
        const QJsonObject event = item.toObject();
        const QJsonValue exec = event.value(QLatin1String("script")).toObject().value(QLatin1String("exec"));
        const QJsonArray lines = exec.isArray() ? exec.toArray() : QJsonArray {exec};
        const bool empty = std::all_of(lines.begin(), lines.end(),
            [](const QJsonValue& line) { return textOf(line).trimmed().isEmpty(); });
        if (empty)
            continue;
        const QString listen = textOf(event.value(QLatin1String("listen")));
        context.note(path, QStringLiteral("event.") + listen,
            Text::tr("The “%1” script was not imported: Tokenscope runs no scripts.").arg(listen));
    }
}

// The collection's own variables are imported; a folder's or request's are not (nothing to hold them).
enum class Level { Collection, Item };

void noteCommon(
    Context& context, const QJsonObject& object, const QString& path, Level level, Http::HttpRequest* request)
{
    noteScripts(context, object.value(QLatin1String("event")), path);
    const QJsonObject behaviour = object.value(QLatin1String("protocolProfileBehavior")).toObject();
    for (auto it = behaviour.begin(); it != behaviour.end(); ++it) {
        if (request && it.key() == QLatin1String("followRedirects") && it.value().isBool()) {
            request->followRedirects = it.value().toBool();
            continue;
        }
        context.note(path, QStringLiteral("protocolProfileBehavior.") + it.key(),
            Text::tr("Postman's request setting “%1” was not imported.").arg(it.key()));
    }
    if (level == Level::Item && !object.value(QLatin1String("variable")).toArray().isEmpty()) {
        context.note(path, QStringLiteral("variable"),
            Text::tr("Variables of a folder or request were not imported; only the collection's are."));
    }
}

void applyApiKey(const LevelAuth& level, Http::HttpRequest* request)
{
    request->auth = {};
    request->auth.style = Http::RequestAuth::Style::None;
    if (level.apiKeyInQuery) {
        const QString pair
            = encodedQueryPart(level.apiKeyName) + QLatin1Char('=') + encodedQueryPart(level.apiKeyValue);
        const qsizetype hash = request->url.indexOf(QLatin1Char('#'));
        const qsizetype end = hash < 0 ? request->url.size() : hash;
        const QChar joiner
            = request->url.left(end).contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?');
        request->url.insert(end, joiner + pair);
    } else {
        request->headers.append({level.apiKeyName, level.apiKeyValue, true});
    }
}

bool parseItems(Context& context, const QJsonValue& value, const QString& where, const QString& path,
    int depth, const LevelAuth& inherited, QList<CollectionItem>* items)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isArray())
        return context.fail(where, Text::tr("expected a list"));
    // depth counts the list's own level: 1 for the collection's items, 2 inside a top-level folder.
    if (depth - 1 > maxFolderDepth)
        return context.fail(where, Text::tr("folders nested deeper than %1 levels").arg(maxFolderDepth));
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString here = QStringLiteral("%1[%2]").arg(where).arg(i);
        if (!array.at(i).isObject())
            return context.fail(here, Text::tr("expected an object"));
        const QJsonObject object = array.at(i).toObject();
        const QJsonValue name = object.value(QLatin1String("name"));
        if (!name.isString() && !name.isUndefined() && !name.isNull())
            return context.fail(here + QStringLiteral(".name"), Text::tr("expected a string"));
        CollectionItem item;
        item.id = newCollectionItemId();
        item.name = name.toString();
        item.description = descriptionOf(object.value(QLatin1String("description")));
        // An unnamed entry is named by its place, so that its notes do not look like the collection's.
        const QString itemPath
            = childPath(path, item.name.isEmpty() ? QStringLiteral("item[%1]").arg(i) : item.name);
        LevelAuth auth;
        if (object.contains(QLatin1String("item"))) {
            item.kind = CollectionItem::Kind::Folder;
            context.noteUnmapped(object,
                {"id", "_postman_id", "name", "description", "item", "auth", "event", "variable",
                    "protocolProfileBehavior", "_postman_isSubFolder"},
                itemPath, QString());
            noteCommon(context, object, itemPath, Level::Item, nullptr);
            if (!parseAuth(context, object.value(QLatin1String("auth")), here + QStringLiteral(".auth"),
                    itemPath, &auth))
                return false;
            item.auth = auth.auth;
            if (!parseItems(context, object.value(QLatin1String("item")), here + QStringLiteral(".item"),
                    itemPath, depth + 1, auth.defined ? auth : inherited, &item.items))
                return false;
        } else if (object.contains(QLatin1String("request"))) {
            item.kind = CollectionItem::Kind::Request;
            context.noteUnmapped(object,
                {"id", "_postman_id", "name", "description", "request", "response", "event", "variable",
                    "protocolProfileBehavior"},
                itemPath, QString());
            QString requestDescription;
            if (!parseRequest(context, object.value(QLatin1String("request")),
                    here + QStringLiteral(".request"), itemPath, &item.request, &auth, &requestDescription))
                return false;
            if (item.description.isEmpty())
                item.description = requestDescription;
            noteCommon(context, object, itemPath, Level::Item, &item.request);
            const qsizetype responses = object.value(QLatin1String("response")).toArray().size();
            if (responses > 0) {
                context.note(itemPath, QStringLiteral("response"),
                    Text::tr("Saved response examples (%1) were not imported.").arg(responses));
            }
            item.request.auth = auth.auth;
            const LevelAuth& effective = auth.defined ? auth : inherited;
            if (effective.apiKey)
                applyApiKey(effective, &item.request);
            moveQuerySecretsToVariables(context, &item.request);
            // A credential typed in clear (an Authorization header, an api_key form field) becomes a
            // secret variable, as the composer does before a save.
            moveSecretHeadersToVariables(&item.request, &context.variables());
        } else {
            return context.fail(here, Text::tr("neither a request (no “request”) nor a folder (no “item”)"));
        }
        items->append(item);
    }
    return true;
}

bool parseVariables(Context& context, const QJsonValue& value)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isArray())
        return context.fail(QStringLiteral("variable"), Text::tr("expected a list"));
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject object = array.at(i).toObject();
        QString name = textOf(object.value(QLatin1String("key")));
        if (name.isEmpty())
            name = textOf(object.value(QLatin1String("id")));
        if (name.isEmpty())
            return context.fail(QStringLiteral("variable[%1]").arg(i), Text::tr("a variable without a key"));
        const bool secret = object.value(QLatin1String("type")).toString() == QLatin1String("secret");
        context.variables().append({name, textOf(object.value(QLatin1String("value"))),
            !object.value(QLatin1String("disabled")).toBool(), secret});
        context.noteUnmapped(object, {"id", "key", "value", "type", "disabled", "name", "system"}, QString(),
            QStringLiteral("variable.%1.").arg(name));
    }
    return true;
}

Error failed(const QString& summary, const QString& detail)
{
    return {summary, detail,
        Text::tr("Nothing was imported. Export the file again from Postman, or correct it.")};
}

} // namespace

QString textOf(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        // The shortest text that reads back as the same number: 0.1 stays "0.1", 3 stays "3".
        const double number = value.toDouble();
        constexpr double exactIntegers = 9007199254740992.0; // 2^53
        if (number == std::floor(number) && std::abs(number) < exactIntegers)
            return QString::number(qint64(number));
        return QString::number(number, 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

bool isDisabled(const QJsonObject& row)
{
    return row.value(QLatin1String("disabled")).toBool() || !row.value(QLatin1String("enabled")).toBool(true);
}

QString descriptionOf(const QJsonValue& value)
{
    return value.isObject() ? textOf(value.toObject().value(QLatin1String("content"))) : textOf(value);
}

void Context::note(const QString& path, const QString& key, const QString& reason)
{
    m_result->report.notes.append({path, key, reason});
}

void Context::noteUnmapped(const QJsonObject& object, std::initializer_list<const char*> mapped,
    const QString& path, const QString& prefix)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const bool known = std::any_of(
            mapped.begin(), mapped.end(), [&it](const char* key) { return it.key() == QLatin1String(key); });
        // Nothing is lost with an empty value (v1 leftovers such as "data": [] in many exports).
        const QJsonValue value = it.value();
        const bool empty = value.isNull() || (value.isString() && value.toString().isEmpty())
            || (value.isArray() && value.toArray().isEmpty())
            || (value.isObject() && value.toObject().isEmpty());
        if (!known && !empty)
            note(path, prefix + it.key(),
                Text::tr("“%1” is not part of what Tokenscope imports.").arg(prefix + it.key()));
    }
}

bool Context::fail(const QString& where, const QString& what)
{
    if (m_failure.isEmpty())
        m_failure = where + QStringLiteral(": ") + what;
    return false;
}

QString Context::secretReference(const QString& value, const QString& baseName)
{
    if (!holdsLiteralPassword(value))
        return value;
    // As the composer does with a credential typed in clear: one secret variable per value.
    const auto held = std::find_if(m_variables.cbegin(), m_variables.cend(),
        [&value](const Http::Variable& variable) { return variable.secret && variable.value == value; });
    if (held != m_variables.cend())
        return QStringLiteral("{{%1}}").arg(held->name);
    QString base = baseName.trimmed().toLower();
    base.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("_"));
    if (base.isEmpty())
        base = QStringLiteral("secret");
    QString name = base;
    for (int n = 2; std::any_of(m_variables.cbegin(), m_variables.cend(),
             [&name](const Http::Variable& variable) { return variable.name == name; });
         ++n)
        name = base + QLatin1Char('_') + QString::number(n);
    m_variables.append({name, value, true, true});
    return QStringLiteral("{{%1}}").arg(name);
}

QString Context::expand(const QString& text, QStringList* missing, bool withSecrets) const
{
    QList<Http::Variable> plain;
    for (const Http::Variable& variable : m_variables) {
        if (!variable.secret || withSecrets)
            plain.append(variable);
    }
    const Http::Expansion expansion = Http::expandVariables(text, plain);
    *missing = expansion.unresolved;
    return expansion.text;
}

} // namespace Postman

QList<ImportNote> ImportReport::notesFor(const QString& path) const
{
    QList<ImportNote> found;
    std::copy_if(notes.cbegin(), notes.cend(), std::back_inserter(found),
        [&path](const ImportNote& note) { return note.path == path; });
    return found;
}

QStringList ImportReport::toLines() const
{
    QStringList lines;
    for (const ImportNote& note : notes) {
        const QString where = !note.path.isEmpty() ? note.path
            : fromEnvironment                      ? Postman::Text::tr("(environment)")
                                                   : Postman::Text::tr("(collection)");
        lines.append(QStringLiteral("%1: %2: %3").arg(where, note.key, note.reason));
    }
    return lines;
}

Environment environmentFor(const ImportedOAuth& oauth, const QString& fallbackName)
{
    Environment environment;
    environment.id = newEnvironmentId();
    environment.name = oauth.tokenName.trimmed().isEmpty() ? fallbackName : oauth.tokenName.trimmed();
    environment.oauth = oauth.config;
    environment.signIn.browser
        = oauth.useSystemBrowser ? SignInSettings::Browser::System : SignInSettings::Browser::Embedded;
    return environment;
}

namespace {

// The file as a JSON document, or why it is not one (an error under summary).
Error parseDocument(const QByteArray& json, const QString& summary, QJsonDocument* document)
{
    using Postman::Text;
    QJsonParseError parseError {};
    *document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Postman::failed(summary,
            Text::tr("It is not valid JSON: %1 at byte %2.")
                .arg(parseError.errorString())
                .arg(parseError.offset));
    }
    return {};
}

} // namespace

Error importPostmanCollection(
    const QByteArray& json, const QString& sourceName, PostmanCollectionImport* result)
{
    using Postman::Text;
    const QString summary = Text::tr("“%1” could not be imported as a Postman collection").arg(sourceName);
    QJsonDocument document;
    if (Error error = parseDocument(json, summary, &document); !error.isNull())
        return error;
    if (!document.isObject())
        return Postman::failed(summary, Text::tr("The document is not a JSON object."));
    const QJsonObject root = document.object();
    const QJsonValue info = root.value(QLatin1String("info"));
    if (!info.isObject()) {
        if (root.contains(QLatin1String("requests")))
            return Postman::failed(
                summary, Text::tr("It is a Postman v1 collection. Export it from Postman as v2.1."));
        return Postman::failed(summary, Text::tr("info: missing; this is not a Postman collection."));
    }
    const QString schema = info.toObject().value(QLatin1String("schema")).toString();
    if (!schema.contains(QLatin1String("collection/v2.1"))
        && !schema.contains(QLatin1String("collection/v2.0")))
        return Postman::failed(summary,
            Text::tr("info.schema: “%1” is not the schema of a Postman collection v2.0 or v2.1.")
                .arg(schema));
    if (!root.value(QLatin1String("item")).isArray())
        return Postman::failed(summary, Text::tr("item: expected a list"));

    PostmanCollectionImport imported;
    Postman::Context context(&imported);
    Collection& collection = imported.collection;
    collection.id = newCollectionItemId();
    const QJsonObject infoObject = info.toObject();
    collection.name = Postman::textOf(infoObject.value(QLatin1String("name")));
    collection.description = Postman::descriptionOf(infoObject.value(QLatin1String("description")));
    // Postman's bookkeeping (its ids, who exported it) has no meaning here.
    QJsonObject infoKeys = infoObject;
    for (const QString& key : infoObject.keys()) {
        if (key.startsWith(QLatin1Char('_')))
            infoKeys.remove(key);
    }
    context.noteUnmapped(infoKeys, {"name", "description", "schema"}, QString(), QStringLiteral("info."));
    context.noteUnmapped(
        root, {"info", "item", "event", "variable", "auth", "protocolProfileBehavior"}, QString(), QString());
    Postman::LevelAuth auth;
    if (!Postman::parseVariables(context, root.value(QLatin1String("variable")))
        || !Postman::parseAuth(
            context, root.value(QLatin1String("auth")), QStringLiteral("auth"), QString(), &auth)) {
        return Postman::failed(summary, context.failure());
    }
    collection.auth = auth.auth;
    Postman::noteCommon(context, root, QString(), Postman::Level::Collection, nullptr);
    if (!Postman::parseItems(context, root.value(QLatin1String("item")), QStringLiteral("item"), QString(), 1,
            auth, &collection.items))
        return Postman::failed(summary, context.failure());
    // Secret values leave the model: the caller puts them in the keychain.
    for (Http::Variable variable : context.variables()) {
        if (variable.secret) {
            if (!variable.value.isEmpty())
                imported.secrets.append(variable);
            variable.value.clear();
        }
        collection.variables.append(variable);
    }
    *result = imported;
    return {};
}

Error importPostmanEnvironment(
    const QByteArray& json, const QString& sourceName, PostmanEnvironmentImport* result)
{
    using Postman::Text;
    const QString summary = Text::tr("“%1” could not be imported as a Postman environment").arg(sourceName);
    QJsonDocument document;
    if (Error error = parseDocument(json, summary, &document); !error.isNull())
        return error;
    const QJsonObject root = document.object();
    if (!document.isObject() || !root.value(QLatin1String("values")).isArray())
        return Postman::failed(
            summary, Text::tr("values: expected a list; this is not a Postman environment."));
    if (!root.value(QLatin1String("name")).isString() && root.contains(QLatin1String("name")))
        return Postman::failed(summary, Text::tr("name: expected a string"));
    PostmanEnvironmentImport imported;
    imported.report.fromEnvironment = true;
    imported.environment.id = newEnvironmentId();
    imported.environment.name = root.value(QLatin1String("name")).toString();
    for (auto it = root.begin(); it != root.end(); ++it) {
        // Postman's bookkeeping (its id, when and with what it exported) has no meaning here.
        const QString key = it.key();
        // Nothing is lost with a null value.
        if (key != QLatin1String("name") && key != QLatin1String("values") && key != QLatin1String("id")
            && !key.startsWith(QLatin1String("_postman_")) && !it.value().isNull())
            imported.report.notes.append(
                {QString(), key, Text::tr("“%1” is not part of what Tokenscope imports.").arg(key)});
    }
    const QJsonArray values = root.value(QLatin1String("values")).toArray();
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (!values.at(i).isObject())
            return Postman::failed(
                summary, QStringLiteral("values[%1]: ").arg(i) + Text::tr("expected an object"));
        const QJsonObject object = values.at(i).toObject();
        const QJsonValue key = object.value(QLatin1String("key"));
        if (!key.isString() || key.toString().isEmpty())
            return Postman::failed(
                summary, QStringLiteral("values[%1].key: ").arg(i) + Text::tr("expected a string"));
        Http::Variable variable {key.toString(), Postman::textOf(object.value(QLatin1String("value"))),
            object.value(QLatin1String("enabled")).toBool(true),
            object.value(QLatin1String("type")).toString() == QLatin1String("secret")};
        if (variable.secret) {
            if (!variable.value.isEmpty())
                imported.secrets.append(variable);
            variable.value.clear();
        }
        imported.environment.variables.append(variable);
        for (auto it = object.begin(); it != object.end(); ++it) {
            static const QStringList mapped {QStringLiteral("key"), QStringLiteral("value"),
                QStringLiteral("enabled"), QStringLiteral("type")};
            if (!mapped.contains(it.key()) && !it.value().isNull()) {
                imported.report.notes.append({variable.name, it.key(),
                    Text::tr("“%1” of a variable is not part of what Tokenscope imports.").arg(it.key())});
            }
        }
    }
    *result = imported;
    return {};
}

namespace {

Error readFile(const QString& path, QByteArray* bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {
            Postman::Text::tr("“%1” could not be read").arg(QFileInfo(path).fileName()), file.errorString()};
    }
    *bytes = file.readAll();
    return {};
}

} // namespace

Error importPostmanCollectionFile(const QString& path, PostmanCollectionImport* result)
{
    QByteArray bytes;
    const Error error = readFile(path, &bytes);
    return error.isNull() ? importPostmanCollection(bytes, QFileInfo(path).fileName(), result) : error;
}

Error importPostmanEnvironmentFile(const QString& path, PostmanEnvironmentImport* result)
{
    QByteArray bytes;
    const Error error = readFile(path, &bytes);
    return error.isNull() ? importPostmanEnvironment(bytes, QFileInfo(path).fileName(), result) : error;
}

} // namespace Tokenscope::Workspace
