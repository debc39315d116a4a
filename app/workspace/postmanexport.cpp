#include "postmanexport.h"

#include "draftsecrets.h"
#include "redaction.h"
#include "requestjson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Tokenscope::Workspace {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Workspace::PostmanExport)
};

using Style = Http::RequestAuth::Style;

constexpr QLatin1String schemaV21("https://schema.getpostman.com/json/collection/v2.1.0/collection.json");
constexpr QLatin1String accessTokenReference("{{access_token}}");

QString where(const QString& path)
{
    return path.isEmpty() ? Text::tr("Collection") : path;
}

QJsonArray attributes(std::initializer_list<std::pair<const char*, QString>> pairs)
{
    QJsonArray array;
    for (const auto& [key, value] : pairs) {
        array.append(QJsonObject {{QStringLiteral("key"), QLatin1String(key)},
            {QStringLiteral("value"), value}, {QStringLiteral("type"), QStringLiteral("string")}});
    }
    return array;
}

// A secret value left out: listed with the rest, and on its own.
void leftSecret(PostmanExport* out, const QString& sentence)
{
    out->leftOut.append(sentence);
    out->secrets.append(sentence);
}

QJsonObject typed(const QString& type, const QJsonArray& values)
{
    return {{QStringLiteral("type"), type}, {type, values}};
}

// Empty: the level inherits (no "auth" key). topLevel: the collection, where Inherit means the
// environment's token.
QJsonObject authToPostman(
    const Http::RequestAuth& auth, bool topLevel, const QString& path, PostmanExport* out)
{
    switch (auth.style) {
    case Style::Inherit:
        if (!topLevel)
            return {};
        [[fallthrough]];
    case Style::BearerHeader:
        out->leftOut.append(Text::tr(
            "%1: the environment's access token is sent as {{access_token}}; set that variable in Postman.")
                                .arg(where(path)));
        return typed(QStringLiteral("bearer"), attributes({{"token", accessTokenReference}}));
    case Style::CustomHeader:
        out->leftOut.append(Text::tr(
            "%1: the environment's access token is sent as {{access_token}}; set that variable in Postman.")
                                .arg(where(path)));
        return typed(QStringLiteral("apikey"),
            attributes({{"key", auth.headerName}, {"value", auth.prefix + accessTokenReference},
                {"in", QStringLiteral("header")}}));
    case Style::QueryParameter:
        out->leftOut.append(Text::tr(
            "%1: the environment's access token is sent as {{access_token}}; set that variable in Postman.")
                                .arg(where(path)));
        return typed(QStringLiteral("apikey"),
            attributes({{"key", auth.parameterName}, {"value", accessTokenReference},
                {"in", QStringLiteral("query")}}));
    case Style::None:
        return {{QStringLiteral("type"), QStringLiteral("noauth")}};
    case Style::Basic: {
        QString password = auth.password;
        if (holdsLiteralPassword(password)) {
            password.clear();
            leftSecret(out, Text::tr("%1: the basic-auth password was left out.").arg(where(path)));
        }
        return typed(
            QStringLiteral("basic"), attributes({{"username", auth.username}, {"password", password}}));
    }
    case Style::BearerFromVariable: {
        const QString variable = auth.variable.trimmed();
        return typed(QStringLiteral("bearer"),
            attributes({{"token",
                variable.startsWith(QLatin1String("{{")) ? variable
                                                         : QStringLiteral("{{%1}}").arg(variable)}}));
    }
    }
    return {};
}

QJsonObject urlToPostman(const Http::HttpRequest& request)
{
    const QString& url = request.url;
    const qsizetype hashAt = url.indexOf(QLatin1Char('#'));
    const QString beforeHash = hashAt < 0 ? url : url.left(hashAt);
    const qsizetype queryAt = beforeHash.indexOf(QLatin1Char('?'));
    QJsonArray query;
    if (queryAt >= 0 || !request.disabledQuery.isEmpty()) {
        const QStringList pairs = queryAt < 0
            ? QStringList()
            : beforeHash.mid(queryAt + 1).split(QLatin1Char('&'), Qt::SkipEmptyParts);
        auto disabled = request.disabledQuery.cbegin();
        qsizetype next = 0;
        // Rows in their places: the switched-off ones at their positions among the URL's own.
        for (int position = 0; next < pairs.size() || disabled != request.disabledQuery.cend(); ++position) {
            if (disabled != request.disabledQuery.cend()
                && (disabled->position <= position || next >= pairs.size())) {
                query.append(QJsonObject {{QStringLiteral("key"), disabled->name},
                    {QStringLiteral("value"), holdsLiteralSecret(*disabled) ? QString() : disabled->value},
                    {QStringLiteral("disabled"), true}});
                ++disabled;
                continue;
            }
            const QString& pair = pairs.at(next++);
            const qsizetype equals = pair.indexOf(QLatin1Char('='));
            QJsonObject row {{QStringLiteral("key"), equals < 0 ? pair : pair.left(equals)}};
            row.insert(QStringLiteral("value"), equals < 0 ? QJsonValue() : QJsonValue(pair.mid(equals + 1)));
            query.append(row);
        }
    }
    QJsonObject object {{QStringLiteral("raw"), url}};
    if (!query.isEmpty())
        object.insert(QStringLiteral("query"), query);
    QJsonArray variables;
    for (const Http::HeaderField& variable : request.pathVariables) {
        QJsonObject row {{QStringLiteral("key"), variable.name}, {QStringLiteral("value"), variable.value}};
        if (!variable.enabled)
            row.insert(QStringLiteral("disabled"), true);
        variables.append(row);
    }
    if (!variables.isEmpty())
        object.insert(QStringLiteral("variable"), variables);
    return object;
}

QJsonObject bodyToPostman(const Http::HttpRequest& request, const QString& path, PostmanExport* out)
{
    switch (request.bodyKind) {
    case Http::BodyKind::None:
        return {};
    case Http::BodyKind::Raw: {
        if (request.body.isEmpty())
            return {};
        const QString language = request.rawType.isEmpty() ? QStringLiteral("text") : request.rawType;
        return {{QStringLiteral("mode"), QStringLiteral("raw")},
            {QStringLiteral("raw"), QString::fromUtf8(request.body)},
            {QStringLiteral("options"),
                QJsonObject {{QStringLiteral("raw"), QJsonObject {{QStringLiteral("language"), language}}}}}};
    }
    case Http::BodyKind::FormUrlEncoded:
    case Http::BodyKind::Multipart: {
        const bool multipart = request.bodyKind == Http::BodyKind::Multipart;
        QJsonArray rows;
        for (const Http::FormField& field : request.formFields) {
            QJsonObject row {{QStringLiteral("key"), field.name}};
            if (field.isFile && multipart) {
                row.insert(QStringLiteral("type"), QStringLiteral("file"));
                row.insert(QStringLiteral("src"), field.value);
            } else {
                const bool secret
                    = Http::Redaction::isSecretName(field.name) && holdsLiteralSecret(field.value);
                if (secret)
                    leftSecret(out,
                        Text::tr("%1: the value of form field “%2” was left out.").arg(path, field.name));
                row.insert(QStringLiteral("value"), secret ? QString() : field.value);
                if (multipart)
                    row.insert(QStringLiteral("type"), QStringLiteral("text"));
            }
            if (multipart && !field.contentType.isEmpty())
                row.insert(QStringLiteral("contentType"), field.contentType);
            if (!field.enabled)
                row.insert(QStringLiteral("disabled"), true);
            rows.append(row);
        }
        const QString mode = multipart ? QStringLiteral("formdata") : QStringLiteral("urlencoded");
        return {{QStringLiteral("mode"), mode}, {mode, rows}};
    }
    case Http::BodyKind::BinaryFile:
        return {{QStringLiteral("mode"), QStringLiteral("file")},
            {QStringLiteral("file"), QJsonObject {{QStringLiteral("src"), request.bodyFilePath}}}};
    }
    return {};
}

QJsonObject requestToPostman(const Http::HttpRequest& request, const QString& path, PostmanExport* out)
{
    QJsonArray headers;
    for (const Http::HeaderField& header : request.headers) {
        const bool secret = isSecretHeaderName(header.name) && holdsLiteralSecret(header.value);
        if (secret)
            leftSecret(out, Text::tr("%1: the value of header “%2” was left out.").arg(path, header.name));
        QJsonObject row {{QStringLiteral("key"), header.name},
            {QStringLiteral("value"), secret ? QString() : header.value}};
        if (!header.enabled)
            row.insert(QStringLiteral("disabled"), true);
        headers.append(row);
    }
    for (const Http::DisabledQueryParameter& parameter : request.disabledQuery) {
        if (holdsLiteralSecret(parameter))
            leftSecret(out,
                Text::tr("%1: the value of query parameter “%2” was left out.").arg(path, parameter.name));
    }
    QJsonObject object {{QStringLiteral("method"), QString::fromLatin1(request.method)},
        {QStringLiteral("header"), headers}, {QStringLiteral("url"), urlToPostman(request)}};
    const QJsonObject body = bodyToPostman(request, path, out);
    if (!body.isEmpty())
        object.insert(QStringLiteral("body"), body);
    // A request that inherits but attaches no token sends nothing: Postman's "noauth".
    const QJsonObject auth = request.auth.style == Style::Inherit && !request.attachAccessToken
        ? QJsonObject {{QStringLiteral("type"), QStringLiteral("noauth")}}
        : authToPostman(request.auth, false, path, out);
    if (!auth.isEmpty())
        object.insert(QStringLiteral("auth"), auth);
    if (request.timeoutMs > 0)
        out->leftOut.append(Text::tr("%1: Postman has no timeout per request; it was left out.").arg(path));
    return object;
}

QJsonArray itemsToPostman(const QList<CollectionItem>& items, const QString& prefix, PostmanExport* out)
{
    QJsonArray array;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const CollectionItem& item = items.at(i);
        // An unnamed entry is named by its place, as the import names it.
        const QString name = item.name.isEmpty() ? QStringLiteral("item[%1]").arg(i) : item.name;
        const QString path = prefix.isEmpty() ? name : prefix + QLatin1Char('/') + name;
        QJsonObject object {{QStringLiteral("name"), item.name}};
        if (!item.description.isEmpty())
            object.insert(QStringLiteral("description"), item.description);
        if (item.isFolder()) {
            object.insert(QStringLiteral("item"), itemsToPostman(item.items, path, out));
            const QJsonObject auth = authToPostman(item.auth, false, path, out);
            if (!auth.isEmpty())
                object.insert(QStringLiteral("auth"), auth);
        } else {
            object.insert(QStringLiteral("request"), requestToPostman(item.request, path, out));
            if (!item.request.followRedirects) {
                object.insert(QStringLiteral("protocolProfileBehavior"),
                    QJsonObject {{QStringLiteral("followRedirects"), false}});
            }
        }
        array.append(object);
    }
    return array;
}

} // namespace

PostmanExport exportPostmanCollection(const Collection& collection)
{
    PostmanExport result;
    QJsonArray variables;
    for (const Http::Variable& variable : collection.variables) {
        // Postman's own secret type: a re-import keeps the variable secret.
        QJsonObject row {{QStringLiteral("key"), variable.name},
            {QStringLiteral("type"), variable.secret ? QStringLiteral("secret") : QStringLiteral("string")},
            {QStringLiteral("value"), variable.secret ? QString() : variable.value}};
        if (variable.secret)
            leftSecret(&result,
                Text::tr("Collection: the value of secret variable “%1” was left out.").arg(variable.name));
        if (!variable.enabled)
            row.insert(QStringLiteral("disabled"), true);
        variables.append(row);
    }
    QJsonObject info {{QStringLiteral("_postman_id"), collection.id},
        {QStringLiteral("name"), collection.name}, {QStringLiteral("schema"), schemaV21}};
    if (!collection.description.isEmpty())
        info.insert(QStringLiteral("description"), collection.description);
    QJsonObject root {{QStringLiteral("info"), info}, {QStringLiteral("variable"), variables},
        {QStringLiteral("item"), itemsToPostman(collection.items, QString(), &result)}};
    const QJsonObject auth = authToPostman(collection.auth, true, QString(), &result);
    if (!auth.isEmpty())
        root.insert(QStringLiteral("auth"), auth);
    result.json = QJsonDocument(root).toJson(QJsonDocument::Indented);
    return result;
}

PostmanExport exportPostmanEnvironment(const Environment& environment)
{
    PostmanExport result;
    QJsonArray values;
    for (const Http::Variable& variable : environment.variables) {
        if (variable.secret) {
            leftSecret(&result,
                Text::tr("%1: the value of secret variable “%2” was left out.")
                    .arg(environment.name, variable.name));
        }
        values.append(QJsonObject {{QStringLiteral("key"), variable.name},
            {QStringLiteral("value"), variable.secret ? QString() : variable.value},
            {QStringLiteral("type"), variable.secret ? QStringLiteral("secret") : QStringLiteral("default")},
            {QStringLiteral("enabled"), variable.enabled}});
    }
    if (!environment.oauth.clientId.isEmpty() || !environment.oauth.tokenEndpoint.isEmpty()) {
        result.leftOut.append(
            Text::tr("%1: the OAuth setup has no place in a Postman environment; it was left out.")
                .arg(environment.name));
    }
    if (environment.signIn != SignInSettings()) {
        result.leftOut.append(
            Text::tr("%1: the sign-in settings have no place in a Postman environment; they were left out.")
                .arg(environment.name));
    }
    if (!environment.apiBaseUrls.isEmpty()) {
        QStringList urls;
        for (const QUrl& url : environment.apiBaseUrls)
            urls.append(url.toDisplayString());
        result.leftOut.append(Text::tr("%1: the API base URLs (%2) have no place in a Postman environment; "
                                       "they were left out.")
                                  .arg(environment.name, urls.join(QStringLiteral(", "))));
    }
    if (environment.production) {
        result.leftOut.append(
            Text::tr("%1: Postman has no production mark; it was left out. Mark the environment again "
                     "after importing it here.")
                .arg(environment.name));
    }
    const QJsonObject root {{QStringLiteral("id"), environment.id},
        {QStringLiteral("name"), environment.name}, {QStringLiteral("values"), values},
        {QStringLiteral("_postman_variable_scope"), QStringLiteral("environment")}};
    result.json = QJsonDocument(root).toJson(QJsonDocument::Indented);
    return result;
}

} // namespace Tokenscope::Workspace
