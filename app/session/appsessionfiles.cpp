// AppSession: changes made outside Tokenscope to the files of its workspace folder.
#include "appsession.h"
#include "workspacefiles.h"
#include "workspacewatcher.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUrl>

namespace Tokenscope::Workspace {

namespace {

constexpr QLatin1String environmentsPrefix {"environments/"};

// The id an environment file is named after (see environmentFileName).
QString environmentIdOfFile(const QString& relativePath)
{
    QString name = relativePath.mid(environmentsPrefix.size());
    name.chop(int(QStringLiteral(".json").size()));
    return QUrl::fromPercentEncoding(name.toLatin1());
}

QByteArray contentOf(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

void AppSession::watchFiles()
{
    delete m_watcher;
    m_watcher = new WorkspaceWatcher(m_store.directory(), this);
    connect(m_watcher, &WorkspaceWatcher::filesChanged, this, &AppSession::filesChanged);
}

const Environment* AppSession::environmentOfFile(const QString& relativePath) const
{
    if (!relativePath.startsWith(environmentsPrefix))
        return nullptr;
    return m_workspace.findEnvironment(environmentIdOfFile(relativePath));
}

bool AppSession::hasUnsavedChanges(const QString& relativePath) const
{
    const Environment* environment = environmentOfFile(relativePath);
    return environment
        && WorkspaceStore::environmentFileContent(*environment) != m_store.knownContent(relativePath);
}

void AppSession::filesChanged(const QStringList& relativePaths)
{
    QStringList collections;
    for (const QString& path : relativePaths) {
        if (path.startsWith(QLatin1String("collections/"))) {
            collections.append(path);
            continue;
        }
        if (!path.startsWith(environmentsPrefix))
            continue; // workspace.json: the globals and the order are read at the next start
        const QString absolute = QDir(m_store.directory()).filePath(path);
        const bool exists = QFile::exists(absolute);
        // Our own save, or a change back to what we hold: nothing to read.
        if (exists && contentOf(absolute) == m_store.knownContent(path))
            continue;
        if (!exists && !environmentOfFile(path))
            continue;
        if (hasUnsavedChanges(path)) {
            Q_EMIT workspaceFileConflict(path, environmentOfFile(path)->name);
            continue;
        }
        reloadWorkspaceFile(path);
    }
    if (!collections.isEmpty())
        Q_EMIT collectionFilesChanged(collections);
}

void AppSession::reloadWorkspaceFile(const QString& relativePath)
{
    if (!relativePath.startsWith(environmentsPrefix))
        return;
    const QString id = environmentIdOfFile(relativePath);
    const QString absolute = QDir(m_store.directory()).filePath(relativePath);
    Environment read;
    QString why;
    if (!m_store.reloadEnvironment(id, &read, &why)) {
        int row = rowOf(id);
        if (!QFile::exists(absolute) && row >= 0) {
            // Removed outside Tokenscope: gone from the list; its keychain entries stay, in case it
            // comes back.
            Q_EMIT environmentAboutToBeRemoved(row);
            m_workspace.environments.removeAt(row);
            Q_EMIT environmentRemoved(row);
            if (m_workspace.currentEnvironmentId == id) {
                m_workspace.currentEnvironmentId
                    = m_workspace.environments.isEmpty() ? QString() : m_workspace.environments.first().id;
                Q_EMIT currentEnvironmentChanged(m_workspace.currentEnvironmentId);
            }
            Q_EMIT environmentsChanged();
            Q_EMIT workspaceFileReloaded(relativePath);
        } else if (QFile::exists(absolute)) {
            Q_EMIT problem({tr("%1 changed outside Tokenscope and could not be read")
                                .arg(QDir::toNativeSeparators(absolute)),
                why,
                tr("Tokenscope keeps what it had and does not save over the file. Fix the file (git can "
                   "show what changed), then reopen the workspace.")});
        }
        return;
    }
    int row = rowOf(id);
    if (row >= 0) {
        read.openRequests = m_workspace.environments.at(row).openRequests;
        bindTrustedCertificatesToHosts(&read);
        m_workspace.environments[row] = read;
        Q_EMIT environmentUpdated(row);
        if (m_workspace.currentEnvironmentId == id)
            Q_EMIT currentEnvironmentChanged(id);
    } else {
        bindTrustedCertificatesToHosts(&read);
        row = int(m_workspace.environments.size());
        Q_EMIT environmentAboutToBeAdded(row);
        m_workspace.environments.append(read);
        Q_EMIT environmentAdded(row);
    }
    loadSecretVariables(); // the secret values of the variables it names, from the keychain
    Q_EMIT environmentsChanged();
    Q_EMIT workspaceFileReloaded(relativePath);
}

} // namespace Tokenscope::Workspace
