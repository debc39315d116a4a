#pragma once

#include "environment.h"
#include "error.h"

#include <QString>

namespace Tokenscope::Workspace {

// Reads and writes the workspace file. Saves are atomic (QSaveFile); a file that cannot be read is
// set aside under a new name, never overwritten, so nothing the user made is lost.
class WorkspaceStore final
{
public:
    explicit WorkspaceStore(const QString& directory);

    QString filePath() const;

    struct LoadResult
    {
        WorkspaceData data;
        // Set when the file existed but could not be used, or when entries of it were left out (the data
        // is then loaded without them).
        Error error;
        QString setAsidePath; // where the unreadable file was moved
    };
    // What load does with a file it cannot read: SetAside moves it to a new name (the application starts
    // empty and saves anew); LeaveInPlace leaves it untouched (tokenscope-cli, which only reads).
    enum class Unreadable { SetAside, LeaveInPlace };
    // After a load that found an unreadable file it did not set aside, saving is refused.
    LoadResult load(Unreadable unreadable = Unreadable::SetAside);
    Error save(const WorkspaceData& data) const;

    // Moves the workspace file an older version kept in oldDirectory here, unless there is one here
    // already, and leaves a note in its place saying where it went. Returns the problem when it could not
    // be moved (it then stays where it was, untouched); moved (if given) says whether it was.
    Error adoptFrom(const QString& oldDirectory, bool* moved = nullptr) const;

private:
    QString m_directory;
    bool m_protectUnreadable = false;
};

} // namespace Tokenscope::Workspace
