#include "postmanworkspace.h"

#include "appsession.h"
#include "secretstore.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace Tokenscope::Workspace {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Workspace::PostmanWorkspace)
};

} // namespace

PostmanFileKind postmanFileKind(const QString& path, Error* error)
{
    const QString name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = {Text::tr("The file “%1” could not be read").arg(name), file.errorString()};
        return PostmanFileKind::Unknown;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = {Text::tr("The file “%1” is not a Postman collection or environment").arg(name),
            parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                         : Text::tr("It does not hold a JSON object."),
            Text::tr("Export the collection or environment from Postman as a JSON file (v2.1).")};
        return PostmanFileKind::Unknown;
    }
    const QJsonObject object = document.object();
    if (object.contains(QLatin1String("info")) || object.contains(QLatin1String("item")))
        return PostmanFileKind::Collection;
    if (object.contains(QLatin1String("values")))
        return PostmanFileKind::Environment;
    *error = {Text::tr("The file “%1” is not a Postman collection or environment").arg(name),
        Text::tr("It has neither the \"info\" and \"item\" of a collection nor the \"values\" of an "
                 "environment."),
        Text::tr("Export the collection or environment from Postman as a JSON file (v2.1).")};
    return PostmanFileKind::Unknown;
}

Error importPostmanCollectionInto(const QString& path, CollectionStore* store, AppSession* session,
    QObject* context, const std::function<void(const Error&)>& keychainFailed,
    PostmanCollectionImport* result)
{
    if (Error error = importPostmanCollectionFile(path, result); !error.isNull())
        return error;
    const Collection& collection = result->collection;
    if (Error error = store->save(collection); !error.isNull())
        return error;
    for (const Http::Variable& secret : std::as_const(result->secrets)) {
        session->secretStore()->write(collectionSecretKey(collection.id, secret.name), secret.value, context,
            [keychainFailed](const Secrets::SecretResult& written) {
                if (!written.ok() && keychainFailed)
                    keychainFailed({Text::tr("A secret of the imported collection could not be saved in the "
                                             "keychain"),
                        written.message, Text::tr("Set its value again under the collection's variables.")});
            });
    }
    return {};
}

Environment addOAuthEnvironment(
    AppSession* session, const ImportedOAuth& oauth, const QString& collectionName)
{
    Environment environment = environmentFor(oauth, collectionName);
    session->putEnvironment(environment,
        oauth.clientSecret.isEmpty() ? std::nullopt : std::optional<QString>(oauth.clientSecret));
    return environment;
}

Error importPostmanEnvironmentInto(const QString& path, AppSession* session, PostmanEnvironmentImport* result)
{
    if (Error error = importPostmanEnvironmentFile(path, result); !error.isNull())
        return error;
    // The session writes the secret values to the keychain; the workspace file gets none.
    Environment environment = result->environment;
    for (Http::Variable& variable : environment.variables) {
        for (const Http::Variable& secret : std::as_const(result->secrets)) {
            if (variable.secret && secret.name == variable.name)
                variable.value = secret.value;
        }
    }
    session->putEnvironment(environment);
    return {};
}

void countCollectionItems(const QList<CollectionItem>& items, int* folders, int* requests)
{
    for (const CollectionItem& item : items) {
        if (item.isFolder()) {
            ++*folders;
            countCollectionItems(item.items, folders, requests);
        } else {
            ++*requests;
        }
    }
}

} // namespace Tokenscope::Workspace
