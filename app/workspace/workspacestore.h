#pragma once

#include "environment.h"
#include "error.h"

#include <QHash>
#include <QSet>
#include <QString>

namespace Tokenscope::Workspace {

// Reads and writes a workspace folder, made to be kept in git:
//   workspace.json             the globals and the order of the environments
//   environments/<id>.json     one per environment (a secret variable without its value)
//   collections/<id>.json      one per collection (CollectionStore)
//   .tokenscope/state.json     this user's own: the current environment and the open requests
//   .gitignore                 keeps .tokenscope/ and the request history out of git
// Each file says its format and version, is written with sorted keys and two-space indentation, only
// when its content changed, atomically (QSaveFile), mode 0600 in folders of mode 0700. A file that cannot
// be read (corrupt, truncated, written by a newer Tokenscope) is reported by name and left as it is:
// never moved, overwritten or removed; the rest of the workspace loads. The single workspace.json of
// format 1 becomes a folder of format 2 at the first load, its copy kept as workspace.json.v1-backup.
class WorkspaceStore final
{
public:
    explicit WorkspaceStore(const QString& directory);

    QString directory() const { return m_directory; }
    QString filePath() const; // workspace.json
    QString environmentFilePath(const QString& environmentId) const;
    QString stateFilePath() const;
    QString backupFilePath() const; // the format-1 file's copy

    struct LoadResult
    {
        WorkspaceData data;
        // Set when a file existed but could not be used (each is named), or when entries of one were left
        // out (the data is then loaded without them).
        Error error;
        QString setAsidePath; // unused since workspaces are folders: unreadable files stay where they are
    };
    // Whether a load may write: Writable (the application) tightens modes and turns a format-1 file into
    // a folder; LeaveInPlace (tokenscope-cli, which only reads) changes nothing on disk. Either way an
    // unreadable file is left where it is. SetAside is the older name of Writable.
    enum class Unreadable { SetAside, LeaveInPlace, Writable = SetAside };
    LoadResult load(Unreadable unreadable = Unreadable::SetAside);
    // Writes the files whose content changed; refused as a whole when workspace.json was written by a
    // newer Tokenscope. The files that could not be read at load are never written or removed.
    Error save(const WorkspaceData& data);
    // The bytes last read from or written to the file (relative to the folder): what a change made
    // outside Tokenscope differs from.
    QByteArray knownContent(const QString& relativePath) const { return m_written.value(relativePath); }
    // What the file of environment holds once saved.
    static QByteArray environmentFileContent(const Environment& environment);
    // Reads one environment file again (after it changed on disk); false and *problem when it cannot
    // be used, which then leaves it protected like a file unreadable at load.
    bool reloadEnvironment(const QString& environmentId, Environment* environment, QString* problem);

    // Moves the workspace file an older version kept in oldDirectory here, unless there is one here
    // already, and leaves a note in its place saying where it went. Returns the problem when it could not
    // be moved (it then stays where it was, untouched); moved (if given) says whether it was.
    Error adoptFrom(const QString& oldDirectory, bool* moved = nullptr) const;

private:
    QString relative(const QString& path) const;
    Error writeIfChanged(const QString& relativePath, const QByteArray& bytes);
    void loadEnvironments(
        const QStringList& order, WorkspaceData* data, QStringList* problems, QStringList* skipped);
    void loadState(WorkspaceData* data, QStringList* problems);
    Error migrate(const WorkspaceData& data);

    QString m_directory;
    QHash<QString, QByteArray> m_written; // relative path → the bytes last read or written
    QSet<QString> m_unreadable; // relative paths of the files left out at load
    QString m_readOnlyReason; // set when workspace.json is of a newer format
    bool m_format1 = false; // workspace.json is still of format 1 (a read-only load)
};

} // namespace Tokenscope::Workspace
