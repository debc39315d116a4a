#include "nativeexport.h"

#include "draftsecrets.h"
#include "redaction.h"
#include "requestjson.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Tokenscope::Workspace {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Workspace::NativeExport)
};

QString where(const QString& path)
{
    return path.isEmpty() ? Text::tr("Collection") : path;
}

void noteBasicPassword(const Http::RequestAuth& auth, const QString& path, QStringList* secrets)
{
    if (auth.style == Http::RequestAuth::Style::Basic && holdsLiteralPassword(auth.password))
        secrets->append(Text::tr("%1: the basic-auth password was left out.").arg(where(path)));
}

// The credentials typed in clear that the collection file writes empty.
void noteRequest(const Http::HttpRequest& request, const QString& path, QStringList* secrets)
{
    for (const Http::HeaderField& header : request.headers) {
        if (isSecretHeaderName(header.name) && holdsLiteralSecret(header.value))
            secrets->append(Text::tr("%1: the value of header “%2” was left out.").arg(path, header.name));
    }
    for (const Http::DisabledQueryParameter& parameter : request.disabledQuery) {
        if (holdsLiteralSecret(parameter))
            secrets->append(
                Text::tr("%1: the value of query parameter “%2” was left out.").arg(path, parameter.name));
    }
    for (const Http::FormField& field : request.formFields) {
        if (!field.isFile && Http::Redaction::isSecretName(field.name) && holdsLiteralSecret(field.value))
            secrets->append(Text::tr("%1: the value of form field “%2” was left out.").arg(path, field.name));
    }
    noteBasicPassword(request.auth, path, secrets);
}

void noteItems(const QList<CollectionItem>& items, const QString& prefix, QStringList* secrets)
{
    for (qsizetype i = 0; i < items.size(); ++i) {
        const CollectionItem& item = items.at(i);
        const QString name = item.name.isEmpty() ? QStringLiteral("item[%1]").arg(i) : item.name;
        const QString path = prefix.isEmpty() ? name : prefix + QLatin1Char('/') + name;
        if (item.isFolder()) {
            noteBasicPassword(item.auth, path, secrets);
            noteItems(item.items, path, secrets);
        } else {
            noteRequest(item.request, path, secrets);
        }
    }
}

Error failed(const QString& sourceName, const QString& detail)
{
    return {Text::tr("“%1” could not be imported as a Tokenscope environment").arg(sourceName), detail,
        Text::tr("Nothing was imported. Export the environment again from Tokenscope (File ▸ Export).")};
}

} // namespace

NativeExport exportNativeCollection(const Collection& collection)
{
    NativeExport result;
    for (const Http::Variable& variable : collection.variables) {
        if (variable.secret)
            result.secrets.append(
                Text::tr("Collection: the value of secret variable “%1” was left out.").arg(variable.name));
    }
    noteBasicPassword(collection.auth, QString(), &result.secrets);
    noteItems(collection.items, QString(), &result.secrets);
    result.json = collectionToBytes(collection);
    return result;
}

NativeExport exportNativeEnvironment(const Environment& environment)
{
    NativeExport result;
    Environment shared = environment;
    shared.openRequests = {};
    for (Http::Variable& variable : shared.variables) {
        if (variable.secret) {
            variable.value.clear();
            result.secrets.append(Text::tr("%1: the value of secret variable “%2” was left out.")
                                      .arg(environment.name, variable.name));
        }
    }
    if (!environment.oauth.clientId.isEmpty()
        && environment.oauth.clientAuthentication != OAuth::ClientAuthentication::None) {
        result.secrets.append(
            Text::tr("%1: the client secret (kept in the keychain) was left out.").arg(environment.name));
    }
    WorkspaceData workspace;
    workspace.environments = {shared};
    QJsonObject entry = toJson(workspace).value(QLatin1String("environments")).toArray().at(0).toObject();
    entry.remove(QStringLiteral("openRequests"));
    entry.remove(QStringLiteral("currentRequest"));
    entry.insert(QStringLiteral("format"), nativeEnvironmentFormat);
    entry.insert(QStringLiteral("version"), nativeEnvironmentVersion);
    result.json = QJsonDocument(entry).toJson(QJsonDocument::Indented);
    return result;
}

Error importNativeEnvironment(
    const QByteArray& json, const QString& sourceName, Environment* environment, QStringList* skipped)
{
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return failed(sourceName,
            Text::tr("It is not valid JSON: %1 at byte %2.")
                .arg(parseError.errorString())
                .arg(parseError.offset));
    }
    const QJsonObject entry = document.object();
    if (!document.isObject() || entry.value(QLatin1String("format")).toString() != nativeEnvironmentFormat)
        return failed(sourceName,
            Text::tr("format: not “%1”; this is not an environment exported by Tokenscope.")
                .arg(nativeEnvironmentFormat));
    const int version = entry.value(QLatin1String("version")).toInt();
    if (version < 1 || version > nativeEnvironmentVersion) {
        return failed(sourceName,
            Text::tr("It was written by a newer Tokenscope (version %1); this version reads version %2.")
                .arg(version)
                .arg(nativeEnvironmentVersion));
    }
    // The same reader as the workspace file's, for one entry.
    QJsonObject workspaceJson = toJson(WorkspaceData());
    workspaceJson.insert(QStringLiteral("environments"), QJsonArray {entry});
    WorkspaceData workspace;
    QString error;
    if (!fromJson(workspaceJson, &workspace, &error, skipped) || workspace.environments.size() != 1)
        return failed(sourceName, error);
    Environment read = workspace.environments.first();
    read.id = newEnvironmentId();
    for (Http::Variable& variable : read.variables) {
        if (variable.secret)
            variable.value.clear();
    }
    *environment = read;
    return {};
}

Error importNativeEnvironmentFile(const QString& path, Environment* environment, QStringList* skipped)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {Text::tr("“%1” could not be read").arg(QFileInfo(path).fileName()), file.errorString()};
    return importNativeEnvironment(file.readAll(), QFileInfo(path).fileName(), environment, skipped);
}

} // namespace Tokenscope::Workspace
