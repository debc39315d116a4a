#pragma once

// What the commands of tokenscope-cli share: the session on the workspace, finding environments,
// collections and saved requests by what a user types, and waiting for the keychain.

#include "clicommandline.h"
#include "collection.h"
#include "environment.h"

#include <QList>
#include <QString>

#include <memory>

class QTextStream;

namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Cli {

// The workspace of the invocation with the keychain itself (never an in-memory stand-in). *status is
// ExitFailure when the workspace file could not be used at all (said on err).
std::unique_ptr<Workspace::AppSession> openSession(
    const Invocation& invocation, QTextStream& err, int* status);
// By id, else by name (exactly, then ignoring case); nullptr after saying on err what the workspace has.
const Workspace::Environment* findEnvironment(
    const Workspace::WorkspaceData& workspace, const QString& wanted, QTextStream& err);
// The collections of the session's workspace; files that could not be read are said on err.
QList<Workspace::Collection> loadCollections(const Workspace::AppSession& session, QTextStream& err);
// By id, else by name (exactly, then ignoring case); nullptr after saying on err what there is.
const Workspace::Collection* findCollection(
    const QList<Workspace::Collection>& collections, const QString& wanted, QTextStream& err);

// A saved request addressed as "Collection/Folder/Request".
struct FoundRequest
{
    const Workspace::Collection* collection = nullptr;
    QList<int> indexes;
    QString path; // "Folder/Request", within the collection
};
// nullptr collection after saying on err why: no such request, or several (listed).
FoundRequest findRequest(
    const QList<Workspace::Collection>& collections, const QString& wanted, QTextStream& err);

// Returns once the keychain has answered every call the session made before this one (calls are
// answered in order). False when the keychain itself could not be used.
bool waitForKeychain(Workspace::AppSession* session);

int listRequests(const Invocation& invocation, QTextStream& out, QTextStream& err);
int sendRequest(const Invocation& invocation, QTextStream& out, QTextStream& err);
int importFile(const Invocation& invocation, QTextStream& err);
int exportFile(const Invocation& invocation, QTextStream& out, QTextStream& err);

} // namespace Tokenscope::Cli
