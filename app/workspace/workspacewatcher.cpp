#include "workspacewatcher.h"

#include <QDir>
#include <QFile>
#include <QFileSystemWatcher>
#include <QTimer>

namespace Tokenscope::Workspace {

namespace {

QStringList watchedFolders()
{
    return {QStringLiteral("environments"), QStringLiteral("collections")};
}

QByteArray contentOf(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

WorkspaceWatcher::WorkspaceWatcher(const QString& directory, QObject* parent)
    : QObject(parent)
    , m_directory(directory)
    , m_watcher(new QFileSystemWatcher(this))
{
    for (const QString& file : currentFiles())
        m_contents.insert(file, contentOf(QDir(m_directory).filePath(file)));
    watchAll();
    // A save replaces files by renaming (a git checkout too): several signals for one change, read once.
    const auto queue = [this] {
        if (m_scanQueued)
            return;
        m_scanQueued = true;
        QTimer::singleShot(0, this, &WorkspaceWatcher::rescan);
    };
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, queue);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, queue);
}

QStringList WorkspaceWatcher::currentFiles() const
{
    const QDir root(m_directory);
    QStringList files;
    if (root.exists(QStringLiteral("workspace.json")))
        files.append(QStringLiteral("workspace.json"));
    for (const QString& folder : watchedFolders()) {
        const QStringList names
            = QDir(root.filePath(folder)).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        for (const QString& name : names)
            files.append(folder + QLatin1Char('/') + name);
    }
    return files;
}

void WorkspaceWatcher::watchNewFiles()
{
    // While a scan is queued, it reads what is new (a file a git pull added is then reported).
    for (const QString& file : m_scanQueued ? QStringList() : currentFiles()) {
        if (!m_contents.contains(file))
            m_contents.insert(file, contentOf(QDir(m_directory).filePath(file)));
    }
    watchAll();
}

void WorkspaceWatcher::watchAll()
{
    const QDir root(m_directory);
    QStringList paths;
    if (root.exists())
        paths.append(m_directory);
    for (const QString& folder : watchedFolders()) {
        if (root.exists(folder))
            paths.append(root.filePath(folder));
    }
    for (const QString& file : currentFiles())
        paths.append(root.filePath(file));
    // A file replaced by a rename is no longer watched: the paths are added again after each change.
    const QStringList watched = m_watcher->files() + m_watcher->directories();
    QStringList missing;
    for (const QString& path : std::as_const(paths)) {
        if (!watched.contains(path))
            missing.append(path);
    }
    if (!missing.isEmpty())
        m_watcher->addPaths(missing);
}

void WorkspaceWatcher::rescan()
{
    m_scanQueued = false;
    QStringList changed;
    QHash<QString, QByteArray> contents;
    for (const QString& file : currentFiles()) {
        const QByteArray content = contentOf(QDir(m_directory).filePath(file));
        contents.insert(file, content);
        if (!m_contents.contains(file) || m_contents.value(file) != content)
            changed.append(file);
    }
    for (auto it = m_contents.cbegin(); it != m_contents.cend(); ++it) {
        if (!contents.contains(it.key()))
            changed.append(it.key());
    }
    m_contents = contents;
    watchAll();
    if (!changed.isEmpty()) {
        changed.sort();
        Q_EMIT filesChanged(changed);
    }
}

} // namespace Tokenscope::Workspace
