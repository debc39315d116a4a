#pragma once

#include "error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace Tokenscope::Workspace {

// The files of a workspace folder, one at a time: read whole, written whole and atomically, readable by
// their owner alone.

// The version of the folder layout and of each file in it: workspace.json, environments/<id>.json and
// .tokenscope/state.json. Format 1 was a single workspace.json.
inline constexpr int folderFormatVersion = 2;

// The bytes a file holds for object: keys sorted (QJsonObject's order), two spaces per level, a final
// newline. The same object gives the same bytes, so a save that changes nothing changes no file.
QByteArray workspaceFileBytes(const QJsonObject& object);

struct WorkspaceFile
{
    enum class State { Missing, Read, Unreadable, Newer };
    State state = State::Missing;
    QJsonObject object;
    QByteArray bytes; // as read
    QString problem; // for Unreadable and Newer: why, in a sentence
    int version = 0;
};
// Reads path, which must hold a JSON object whose "format" is format and whose "version" is at most
// folderFormatVersion (or 1 when acceptFormat1).
WorkspaceFile readWorkspaceFile(const QString& path, const QString& format, bool acceptFormat1 = false);

// Writes bytes to path atomically (QSaveFile), mode 0600, creating its folder (0700). A file or folder
// whose owner may not write it is left as it is and reported, even where the system would allow it.
Error writeWorkspaceFile(const QString& path, const QByteArray& bytes);
// False only when the folder cannot be made. A new folder gets mode 0700; an existing one loses what
// group and others may do, keeping what its owner may (a read-only one stays read-only). Not on Windows.
bool makePrivateFolder(const QString& path);
// As makePrivateFolder, for an existing file: 0644 becomes 0600, 0400 stays.
void makePrivateFile(const QString& path);

// The file name of an environment in environments/: its id, with anything but letters, digits, '-' and
// '_' percent-encoded, and ".json".
QString environmentFileName(const QString& environmentId);

} // namespace Tokenscope::Workspace
