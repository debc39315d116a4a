#include "collectionstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace Tokenscope::Workspace {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Workspace::CollectionStore)
};

constexpr QLatin1String suffix {".json"};

bool usableId(const QString& id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-]{1,128}$"));
    return pattern.match(id).hasMatch();
}

} // namespace

CollectionStore::CollectionStore(const QString& workspaceDirectory)
    : m_directory(QDir(workspaceDirectory).filePath(QStringLiteral("collections")))
{ }

QString CollectionStore::directory() const
{
    return m_directory;
}

QString CollectionStore::filePath(const QString& collectionId) const
{
    return usableId(collectionId) ? QDir(m_directory).filePath(collectionId + suffix) : QString();
}

CollectionStore::LoadResult CollectionStore::load()
{
    LoadResult result;
    m_unreadable.clear();
    const QDir dir(m_directory);
    const QStringList names = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString& name : names) {
        Collection collection;
        Error error = loadCollectionFile(dir.filePath(name), &collection);
        // The file is named after the collection: a save must find the same file again.
        if (error.isNull() && collection.id + suffix != name) {
            error = {Text::tr("The collection file “%1” could not be read").arg(name),
                Text::tr("Its id “%1” does not match the file name.").arg(collection.id),
                Text::tr("The file was left as it is. Rename it after its id, or fix the id.")};
        }
        if (!error.isNull()) {
            m_unreadable.append(name);
            result.problems.append(error);
            continue;
        }
        result.collections.append(collection);
    }
    std::stable_sort(
        result.collections.begin(), result.collections.end(), [](const Collection& a, const Collection& b) {
            return a.name.toCaseFolded().localeAwareCompare(b.name.toCaseFolded()) < 0;
        });
    return result;
}

Error CollectionStore::save(const Collection& collection) const
{
    const QString path = filePath(collection.id);
    const auto failed = [&collection](const QString& detail) {
        return Error(Text::tr("The collection “%1” could not be saved").arg(collection.name), detail);
    };
    if (path.isEmpty())
        return failed(Text::tr("Its id “%1” cannot name a file.").arg(collection.id));
    if (m_unreadable.contains(QFileInfo(path).fileName()))
        return failed(Text::tr("A file of that name could not be read, and is not overwritten."));
    if (!QDir().mkpath(m_directory))
        return failed(Text::tr("The folder %1 could not be created.").arg(m_directory));
    QFile::setPermissions(
        m_directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return saveCollectionFile(path, collection);
}

Error CollectionStore::remove(const QString& collectionId) const
{
    const QString path = filePath(collectionId);
    QFile file(path);
    if (path.isEmpty() || !file.exists() || file.remove())
        return {};
    return {Text::tr("The collection file “%1” could not be removed").arg(QFileInfo(path).fileName()),
        file.errorString()};
}

} // namespace Tokenscope::Workspace
