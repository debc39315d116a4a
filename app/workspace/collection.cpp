#include "collection.h"

#include "requestjson.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QUuid>

namespace Tokenscope::Workspace {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Workspace::Collection)
};

constexpr QLatin1String kindFolder("folder");
constexpr QLatin1String kindRequest("request");
constexpr QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
// Deeper than anyone nests folders; a file nested deeper is refused rather than walked.
constexpr int maxDepth = 64;

QJsonArray itemsToJson(const QList<CollectionItem>& items)
{
    QJsonArray array;
    for (const CollectionItem& item : items) {
        QJsonObject object {{QStringLiteral("id"), item.id}, {QStringLiteral("name"), item.name},
            {QStringLiteral("description"), item.description}};
        if (item.isFolder()) {
            object.insert(QStringLiteral("kind"), kindFolder);
            object.insert(QStringLiteral("auth"), authToJson(item.auth));
            object.insert(QStringLiteral("items"), itemsToJson(item.items));
        } else {
            object.insert(QStringLiteral("kind"), kindRequest);
            object.insert(QStringLiteral("request"), requestToJson(item.request));
        }
        array.append(object);
    }
    return array;
}

// Returns false with *where set to the entry that is not an entry.
bool itemsFromJson(
    const QJsonValue& value, const QString& at, int depth, QList<CollectionItem>* items, QString* where)
{
    if (!value.isArray() && !value.isUndefined()) {
        *where = Text::tr("%1: expected a list").arg(at);
        return false;
    }
    if (depth > maxDepth) {
        *where = Text::tr("%1: folders nested deeper than %2 levels").arg(at).arg(maxDepth);
        return false;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString here = QStringLiteral("%1[%2]").arg(at).arg(i);
        const QJsonObject object = array.at(i).toObject();
        CollectionItem item;
        const QString kind = object.value(QLatin1String("kind")).toString();
        if (kind == kindFolder) {
            item.kind = CollectionItem::Kind::Folder;
            item.auth = authFromJson(object.value(QLatin1String("auth")).toObject());
            if (!itemsFromJson(object.value(QLatin1String("items")), here + QStringLiteral(".items"),
                    depth + 1, &item.items, where))
                return false;
        } else if (kind == kindRequest) {
            item.request = requestFromJson(object.value(QLatin1String("request")).toObject());
        } else {
            *where = Text::tr("%1: neither a folder nor a request").arg(here);
            return false;
        }
        item.id = object.value(QLatin1String("id")).toString();
        if (item.id.isEmpty())
            item.id = newCollectionItemId();
        item.name = object.value(QLatin1String("name")).toString();
        item.description = object.value(QLatin1String("description")).toString();
        items->append(item);
    }
    return true;
}

void collectRequests(const QList<CollectionItem>& items, const QString& prefix, const QList<int>& indexes,
    QList<CollectionRequestEntry>* entries)
{
    for (qsizetype i = 0; i < items.size(); ++i) {
        const CollectionItem& item = items.at(i);
        const QString path = prefix.isEmpty() ? item.name : prefix + QLatin1Char('/') + item.name;
        QList<int> here = indexes;
        here.append(int(i));
        if (item.isFolder())
            collectRequests(item.items, path, here, entries);
        else
            entries->append({path, here});
    }
}

Error readError(const QString& fileName, const QString& detail)
{
    return {Text::tr("The collection file “%1” could not be read").arg(fileName), detail,
        Text::tr("The file was left as it is. Fix it in an editor or restore it from version control.")};
}

} // namespace

bool operator==(const CollectionItem& a, const CollectionItem& b)
{
    return a.kind == b.kind && a.id == b.id && a.name == b.name && a.description == b.description
        && a.auth == b.auth && a.request == b.request && a.items == b.items;
}

QString newCollectionItemId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString collectionSecretKey(const QString& collectionId, const QString& variableName)
{
    return QStringLiteral("collection/%1/variable/%2").arg(collectionId, variableName);
}

const CollectionItem* itemAt(const Collection& collection, const QList<int>& path)
{
    const QList<CollectionItem>* items = &collection.items;
    const CollectionItem* item = nullptr;
    for (const int index : path) {
        if (index < 0 || index >= items->size())
            return nullptr;
        item = &items->at(index);
        items = &item->items;
    }
    return item;
}

Http::RequestAuth effectiveAuth(const Collection& collection, const QList<int>& path)
{
    // The innermost one that says something wins: the request, its folders inside out, the collection.
    QList<const Http::RequestAuth*> chain {&collection.auth};
    const QList<CollectionItem>* items = &collection.items;
    for (const int index : path) {
        if (index < 0 || index >= items->size())
            return {};
        const CollectionItem& item = items->at(index);
        chain.append(item.isFolder() ? &item.auth : &item.request.auth);
        items = &item.items;
    }
    for (auto it = chain.crbegin(); it != chain.crend(); ++it) {
        if ((*it)->style != Http::RequestAuth::Style::Inherit)
            return **it;
    }
    return {};
}

QList<CollectionRequestEntry> collectionRequests(const Collection& collection)
{
    QList<CollectionRequestEntry> entries;
    collectRequests(collection.items, QString(), {}, &entries);
    return entries;
}

QJsonObject collectionToJson(const Collection& collection)
{
    return {{QStringLiteral("format"), collectionFormat}, {QStringLiteral("id"), collection.id},
        {QStringLiteral("name"), collection.name}, {QStringLiteral("description"), collection.description},
        {QStringLiteral("variables"), variablesToJson(collection.variables)},
        {QStringLiteral("auth"), authToJson(collection.auth)},
        {QStringLiteral("items"), itemsToJson(collection.items)}};
}

QByteArray collectionToBytes(const Collection& collection)
{
    // QJsonObject keeps its keys sorted: the same collection always gives the same bytes.
    return QJsonDocument(collectionToJson(collection)).toJson(QJsonDocument::Indented);
}

Error collectionFromBytes(const QByteArray& bytes, const QString& fileName, Collection* collection)
{
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return readError(fileName,
            Text::tr("It is not valid JSON: %1 at byte %2.")
                .arg(parseError.errorString())
                .arg(parseError.offset));
    }
    if (!document.isObject())
        return readError(fileName, Text::tr("It is not a Tokenscope collection."));
    const QJsonObject json = document.object();
    const QJsonValue format = json.value(QLatin1String("format"));
    if (!format.isDouble() || !json.value(QLatin1String("items")).isArray())
        return readError(fileName, Text::tr("It is not a Tokenscope collection."));
    const int version = format.toInt();
    if (version < 1 || version > collectionFormat) {
        return readError(fileName,
            Text::tr("It was written by a newer Tokenscope (format %1); this version reads format %2.")
                .arg(version)
                .arg(collectionFormat));
    }
    Collection result;
    QString where;
    if (!itemsFromJson(json.value(QLatin1String("items")), QStringLiteral("items"), 1, &result.items, &where))
        return readError(fileName, where);
    result.id = json.value(QLatin1String("id")).toString();
    if (result.id.isEmpty())
        result.id = newCollectionItemId();
    result.name = json.value(QLatin1String("name")).toString();
    result.description = json.value(QLatin1String("description")).toString();
    result.variables = variablesFromJson(json.value(QLatin1String("variables")).toArray());
    result.auth = authFromJson(json.value(QLatin1String("auth")).toObject());
    *collection = result;
    return {};
}

Error saveCollectionFile(const QString& path, const Collection& collection)
{
    QSaveFile file(path);
    const auto failed = [&file, &path] {
        return Error(Text::tr("The collection file “%1” could not be saved").arg(QFileInfo(path).fileName()),
            file.errorString());
    };
    if (!file.open(QIODevice::WriteOnly))
        return failed();
    file.setPermissions(ownerOnly); // the temporary file's, kept by the rename of commit()
    const QByteArray bytes = collectionToBytes(collection);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return failed();
    return {};
}

Error loadCollectionFile(const QString& path, Collection* collection)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return readError(QFileInfo(path).fileName(), file.errorString());
    return collectionFromBytes(file.readAll(), QFileInfo(path).fileName(), collection);
}

} // namespace Tokenscope::Workspace
