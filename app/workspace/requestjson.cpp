#include "requestjson.h"

#include "draftsecrets.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <utility>

namespace Tokenscope::Workspace {

namespace {

using Style = Http::RequestAuth::Style;

// The file's words for the enums: stable across reorderings of the C++ declarations.
constexpr std::array<std::pair<Http::BodyKind, const char*>, 5> bodyKinds {
    {{Http::BodyKind::None, "none"}, {Http::BodyKind::Raw, "raw"}, {Http::BodyKind::FormUrlEncoded, "form"},
        {Http::BodyKind::Multipart, "multipart"}, {Http::BodyKind::BinaryFile, "file"}}};
constexpr std::array<std::pair<Style, const char*>, 7> authStyles {{{Style::Inherit, "inherit"},
    {Style::BearerHeader, "bearer"}, {Style::CustomHeader, "header"}, {Style::QueryParameter, "query"},
    {Style::None, "none"}, {Style::Basic, "basic"}, {Style::BearerFromVariable, "variable"}}};

template<typename Enum, std::size_t N>
QString nameOf(const std::array<std::pair<Enum, const char*>, N>& names, Enum value)
{
    for (const auto& [key, name] : names) {
        if (key == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template<typename Enum, std::size_t N>
Enum valueOf(const std::array<std::pair<Enum, const char*>, N>& names, const QString& name, Enum fallback)
{
    for (const auto& [key, text] : names) {
        if (name == QLatin1String(text))
            return key;
    }
    return fallback;
}

} // namespace

bool holdsLiteralPassword(const QString& password)
{
    static const QRegularExpression reference(QStringLiteral("\\{\\{[^{}]*\\}\\}"));
    QString rest = password;
    rest.remove(reference);
    return !rest.isEmpty();
}

QJsonObject authToJson(const Http::RequestAuth& auth)
{
    return {{QStringLiteral("style"), nameOf(authStyles, auth.style)},
        {QStringLiteral("headerName"), auth.headerName}, {QStringLiteral("prefix"), auth.prefix},
        {QStringLiteral("parameterName"), auth.parameterName}, {QStringLiteral("username"), auth.username},
        {QStringLiteral("password"), holdsLiteralPassword(auth.password) ? QString() : auth.password},
        {QStringLiteral("variable"), auth.variable}};
}

Http::RequestAuth authFromJson(const QJsonObject& json)
{
    Http::RequestAuth auth;
    auth.style = valueOf(authStyles, json.value(QLatin1String("style")).toString(), Style::Inherit);
    auth.headerName = json.value(QLatin1String("headerName")).toString();
    auth.prefix = json.value(QLatin1String("prefix")).toString();
    auth.parameterName = json.value(QLatin1String("parameterName")).toString();
    auth.username = json.value(QLatin1String("username")).toString();
    auth.password = json.value(QLatin1String("password")).toString();
    auth.variable = json.value(QLatin1String("variable")).toString();
    return auth;
}

QJsonObject requestToJson(const Http::HttpRequest& request)
{
    QJsonArray headers;
    for (const auto& header : request.headers) {
        // A credential typed into a header never reaches the file; the session keeps it in the keychain
        // as a secret variable when it can (moveSecretHeadersToVariables), else it lasts this run only.
        const bool secret = isSecretHeaderName(header.name) && holdsLiteralSecret(header.value);
        headers.append(QJsonObject {{QStringLiteral("name"), header.name},
            {QStringLiteral("value"), secret ? QString() : header.value},
            {QStringLiteral("enabled"), header.enabled}});
    }
    QJsonArray pathVariables;
    for (const auto& variable : request.pathVariables) {
        pathVariables.append(QJsonObject {{QStringLiteral("name"), variable.name},
            {QStringLiteral("value"), variable.value}, {QStringLiteral("enabled"), variable.enabled}});
    }
    QJsonArray disabledQuery;
    for (const auto& parameter : request.disabledQuery) {
        // As for form fields: a switched-off access_token=… row keeps its literal value out of the file.
        const bool secret = holdsLiteralSecret(parameter);
        disabledQuery.append(QJsonObject {{QStringLiteral("position"), parameter.position},
            {QStringLiteral("name"), parameter.name},
            {QStringLiteral("value"), secret ? QString() : parameter.value}});
    }
    QJsonArray fields;
    for (const auto& field : request.formFields) {
        // As for headers: a literal secret under a secret name never reaches the file.
        const bool secret
            = !field.isFile && Http::Redaction::isSecretName(field.name) && holdsLiteralSecret(field.value);
        fields.append(QJsonObject {{QStringLiteral("name"), field.name},
            {QStringLiteral("value"), secret ? QString() : field.value},
            {QStringLiteral("file"), field.isFile}, {QStringLiteral("contentType"), field.contentType},
            {QStringLiteral("enabled"), field.enabled}});
    }
    return {{QStringLiteral("method"), QString::fromLatin1(request.method)},
        {QStringLiteral("url"), request.url}, {QStringLiteral("headers"), headers},
        {QStringLiteral("pathVariables"), pathVariables}, {QStringLiteral("disabledQuery"), disabledQuery},
        {QStringLiteral("body"), QString::fromUtf8(request.body)},
        {QStringLiteral("attachAccessToken"), request.attachAccessToken},
        {QStringLiteral("bodyKind"), nameOf(bodyKinds, request.bodyKind)},
        {QStringLiteral("rawType"), request.rawType}, {QStringLiteral("formFields"), fields},
        {QStringLiteral("bodyFile"), request.bodyFilePath},
        {QStringLiteral("auth"), authToJson(request.auth)}, {QStringLiteral("timeoutMs"), request.timeoutMs},
        {QStringLiteral("followRedirects"), request.followRedirects}};
}

Http::HttpRequest requestFromJson(const QJsonObject& json)
{
    Http::HttpRequest request;
    request.method = json.value(QLatin1String("method")).toString(QStringLiteral("GET")).toLatin1();
    request.url = json.value(QLatin1String("url")).toString();
    for (const QJsonValue& item : json.value(QLatin1String("headers")).toArray()) {
        const QJsonObject object = item.toObject();
        request.headers.append(
            {object.value(QLatin1String("name")).toString(), object.value(QLatin1String("value")).toString(),
                object.value(QLatin1String("enabled")).toBool(true)});
    }
    for (const QJsonValue& item : json.value(QLatin1String("pathVariables")).toArray()) {
        const QJsonObject object = item.toObject();
        request.pathVariables.append(
            {object.value(QLatin1String("name")).toString(), object.value(QLatin1String("value")).toString(),
                object.value(QLatin1String("enabled")).toBool(true)});
    }
    for (const QJsonValue& item : json.value(QLatin1String("disabledQuery")).toArray()) {
        const QJsonObject object = item.toObject();
        request.disabledQuery.append({std::max(0, object.value(QLatin1String("position")).toInt()),
            object.value(QLatin1String("name")).toString(), object.value(QLatin1String("value")).toString()});
    }
    std::stable_sort(request.disabledQuery.begin(), request.disabledQuery.end(),
        [](const auto& a, const auto& b) { return a.position < b.position; });
    request.body = json.value(QLatin1String("body")).toString().toUtf8();
    request.attachAccessToken = json.value(QLatin1String("attachAccessToken")).toBool(true);
    request.bodyKind
        = valueOf(bodyKinds, json.value(QLatin1String("bodyKind")).toString(), Http::BodyKind::Raw);
    // Written before body kinds: a body went out as JSON.
    const QString legacyType = request.body.isEmpty() ? QString() : QStringLiteral("json");
    request.rawType = json.value(QLatin1String("rawType")).toString(legacyType);
    for (const QJsonValue& item : json.value(QLatin1String("formFields")).toArray()) {
        const QJsonObject object = item.toObject();
        request.formFields.append({object.value(QLatin1String("name")).toString(),
            object.value(QLatin1String("value")).toString(), object.value(QLatin1String("file")).toBool(),
            object.value(QLatin1String("contentType")).toString(),
            object.value(QLatin1String("enabled")).toBool(true)});
    }
    request.bodyFilePath = json.value(QLatin1String("bodyFile")).toString();
    request.auth = authFromJson(json.value(QLatin1String("auth")).toObject());
    request.timeoutMs = std::max(0, json.value(QLatin1String("timeoutMs")).toInt());
    request.followRedirects = json.value(QLatin1String("followRedirects")).toBool(true);
    return request;
}

QJsonArray variablesToJson(const QList<Http::Variable>& variables)
{
    QJsonArray array;
    for (const auto& variable : variables) {
        QJsonObject object {
            {QStringLiteral("name"), variable.name}, {QStringLiteral("enabled"), variable.enabled}};
        // A secret variable's value is kept in the keychain, never in this file.
        if (variable.secret)
            object.insert(QStringLiteral("secret"), true);
        else
            object.insert(QStringLiteral("value"), variable.value);
        array.append(object);
    }
    return array;
}

QList<Http::Variable> variablesFromJson(const QJsonArray& array)
{
    QList<Http::Variable> variables;
    for (const QJsonValue& item : array) {
        const QJsonObject object = item.toObject();
        const bool secret = object.value(QLatin1String("secret")).toBool();
        variables.append({object.value(QLatin1String("name")).toString(),
            secret ? QString() : object.value(QLatin1String("value")).toString(),
            object.value(QLatin1String("enabled")).toBool(true), secret});
    }
    return variables;
}

} // namespace Tokenscope::Workspace
