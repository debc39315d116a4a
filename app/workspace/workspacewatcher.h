#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QStringList>

class QFileSystemWatcher;

namespace Tokenscope::Workspace {

// Notices files of a workspace folder changed outside Tokenscope (a git pull, an editor): workspace.json,
// environments/*.json and collections/*.json, added, changed or removed. It compares contents, so a file
// touched without change is not reported; telling Tokenscope's own saves apart is the reader's part (the
// store knows what it wrote last).
class WorkspaceWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkspaceWatcher)

public:
    explicit WorkspaceWatcher(const QString& directory, QObject* parent = nullptr);

    QString directory() const { return m_directory; }
    // Watches the folders and files made since (the folder of a new workspace after its first save),
    // taking their content as known.
    void watchNewFiles();

Q_SIGNALS:
    // Paths relative to the folder ("environments/<file>.json"), in order; a removed file is among them.
    void filesChanged(const QStringList& relativePaths);

private:
    QStringList currentFiles() const;
    void watchAll();
    void rescan();

    QString m_directory;
    QFileSystemWatcher* m_watcher;
    QHash<QString, QByteArray> m_contents; // relative path → the content last seen
    bool m_scanQueued = false;
};

} // namespace Tokenscope::Workspace
