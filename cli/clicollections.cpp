// tokenscope-cli requests, import and export: the workspace's collections for scripts.

#include "appsession.h"
#include "clicommands.h"
#include "clisupport.h"
#include "collectionstore.h"
#include "nativeexport.h"
#include "postmanexport.h"
#include "postmanworkspace.h"
#include "secretstore.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>

namespace Tokenscope::Cli {

namespace {

using Workspace::Collection;
using Workspace::CollectionItem;

QString nameList(const QStringList& names)
{
    return names.join(QStringLiteral(", "));
}

// The entries of a folder as an indented tree: folders end in '/', requests show method and URL.
void printItems(const QList<CollectionItem>& items, int depth, QTextStream& out)
{
    const QString indent(qsizetype(depth) * 2, u' ');
    for (const CollectionItem& item : items) {
        if (item.isFolder()) {
            out << indent << item.name << "/\n";
            printItems(item.items, depth + 1, out);
        } else {
            out << indent << item.name << "  " << item.request.method << ' ' << item.request.url << '\n';
        }
    }
}

QJsonObject collectionJson(const Collection& collection)
{
    QJsonArray requests;
    for (const Workspace::CollectionRequestEntry& entry : Workspace::collectionRequests(collection)) {
        const CollectionItem* item = Workspace::itemAt(collection, entry.indexes);
        requests.append(QJsonObject {
            {QStringLiteral("path"), QString(collection.name + u'/' + entry.path)},
            {QStringLiteral("name"), item->name},
            {QStringLiteral("id"), item->id},
            {QStringLiteral("method"), QString::fromLatin1(item->request.method)},
            {QStringLiteral("url"), item->request.url},
        });
    }
    return {{QStringLiteral("id"), collection.id}, {QStringLiteral("name"), collection.name},
        {QStringLiteral("requests"), requests}};
}

// Where the export goes: the file (atomically) or standard output.
bool writeOutput(const Invocation& invocation, const QByteArray& bytes, QTextStream& out, QTextStream& err)
{
    if (invocation.output.isEmpty()) {
        out << QString::fromUtf8(bytes);
        if (!bytes.endsWith('\n'))
            out << '\n';
        return true;
    }
    QSaveFile file(invocation.output);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        err << Commands::tr("Could not write %1: %2").arg(invocation.output, file.errorString()) << '\n';
        return false;
    }
    return true;
}

void printReport(const Workspace::ImportReport& report, QTextStream& err)
{
    if (report.isEmpty())
        return;
    err << Commands::tr("Not taken over, item by item:") << '\n';
    for (const QString& line : report.toLines())
        err << "  " << line << '\n';
}

int importCollection(const Invocation& invocation, Workspace::AppSession* session, QTextStream& err)
{
    Workspace::CollectionStore store(session->workspaceDirectory());
    store.load(); // which files could not be read: those are never overwritten
    bool keychainFailed = false;
    Workspace::PostmanCollectionImport imported;
    QObject context;
    const Error error = Workspace::importPostmanCollectionInto(
        invocation.file, &store, session, &context,
        [&err, &keychainFailed](const Error& problem) {
            keychainFailed = true;
            err << problem.toText() << '\n';
        },
        &imported);
    if (!error.isNull()) {
        err << error.toText() << '\n';
        return ExitFailure;
    }
    const Collection& collection = imported.collection;
    QStringList environments;
    for (const Workspace::ImportedOAuth& oauth : std::as_const(imported.oauth)) {
        if (invocation.createEnvironments)
            environments << Workspace::addOAuthEnvironment(session, oauth, collection.name).name;
    }
    const bool keychainWorks = waitForKeychain(session);
    int folders = 0;
    int requests = 0;
    Workspace::countCollectionItems(collection.items, &folders, &requests);
    err << Commands::tr("The collection \"%1\" was imported (id %2): %3 folders, %4 requests, %5 variables.")
               .arg(collection.name, collection.id)
               .arg(folders)
               .arg(requests)
               .arg(collection.variables.size())
        << '\n';
    if (!imported.secrets.isEmpty()) {
        err << Commands::tr("Secret values kept in the keychain, not in the file: %1")
                   .arg(imported.secrets.size())
            << '\n';
    }
    for (const QString& name : std::as_const(environments))
        err << Commands::tr("The environment \"%1\" was created with the OAuth settings.").arg(name) << '\n';
    if (!invocation.createEnvironments && !imported.oauth.isEmpty()) {
        err << Commands::tr("The collection holds %1 OAuth 2.0 setups; --create-environments makes an "
                            "environment of each.")
                   .arg(imported.oauth.size())
            << '\n';
    }
    printReport(imported.report, err);
    return keychainFailed || !keychainWorks ? ExitFailure : ExitOk;
}

int importEnvironment(const Invocation& invocation, Workspace::AppSession* session, QTextStream& err)
{
    bool keychainFailed = false;
    QObject::connect(
        session, &Workspace::AppSession::problem, session, [&err, &keychainFailed](const Error& problem) {
            keychainFailed = true;
            err << problem.toText() << '\n';
        });
    Workspace::PostmanEnvironmentImport imported;
    if (const Error error = Workspace::importPostmanEnvironmentInto(invocation.file, session, &imported);
        !error.isNull()) {
        err << error.toText() << '\n';
        return ExitFailure;
    }
    const bool keychainWorks = waitForKeychain(session);
    const Workspace::Environment& environment = imported.environment;
    const auto secrets = std::count_if(environment.variables.cbegin(), environment.variables.cend(),
        [](const Http::Variable& variable) { return variable.secret; });
    err << Commands::tr("The environment \"%1\" was imported (id %2): %3 variables, of which %4 secret; the "
                        "secret values are kept in the keychain, not in the workspace file.")
               .arg(environment.name, environment.id)
               .arg(environment.variables.size())
               .arg(secrets)
        << '\n';
    printReport(imported.report, err);
    return keychainFailed || !keychainWorks ? ExitFailure : ExitOk;
}

} // namespace

QList<Collection> loadCollections(const Workspace::AppSession& session, QTextStream& err)
{
    Workspace::CollectionStore store(session.workspaceDirectory());
    const Workspace::CollectionStore::LoadResult loaded = store.load();
    for (const Error& problem : loaded.problems)
        err << problem.toText() << '\n';
    return loaded.collections;
}

const Collection* findCollection(
    const QList<Collection>& collections, const QString& wanted, QTextStream& err)
{
    for (const Collection& collection : collections) {
        if (collection.id == wanted)
            return &collection;
    }
    for (const Qt::CaseSensitivity sensitivity : {Qt::CaseSensitive, Qt::CaseInsensitive}) {
        QList<const Collection*> named;
        for (const Collection& collection : collections) {
            if (collection.name.compare(wanted, sensitivity) == 0)
                named.append(&collection);
        }
        if (named.size() == 1)
            return named.first();
        if (named.size() > 1) {
            QStringList ids;
            for (const Collection* collection : std::as_const(named))
                ids << collection->id;
            err << Commands::tr("Several collections are called \"%1\"; give the id of one: %2.")
                       .arg(wanted, nameList(ids))
                << '\n';
            return nullptr;
        }
    }
    QStringList names;
    for (const Collection& collection : collections)
        names << collection.name;
    err << (names.isEmpty()
            ? Commands::tr("No collection \"%1\": the workspace has none.").arg(wanted)
            : Commands::tr("No collection \"%1\". The workspace has: %2.").arg(wanted, nameList(names)))
        << '\n';
    return nullptr;
}

FoundRequest findRequest(const QList<Collection>& collections, const QString& wanted, QTextStream& err)
{
    // A collection's name may itself hold a '/': every collection whose name or id starts the path.
    for (const Qt::CaseSensitivity sensitivity : {Qt::CaseSensitive, Qt::CaseInsensitive}) {
        QList<FoundRequest> found;
        for (const Collection& collection : collections) {
            for (const QString& prefix : {collection.id, collection.name}) {
                if (!wanted.startsWith(prefix + u'/', sensitivity))
                    continue;
                const QString rest = wanted.mid(prefix.size() + 1);
                for (const Workspace::CollectionRequestEntry& entry :
                    Workspace::collectionRequests(collection)) {
                    if (entry.path.compare(rest, sensitivity) == 0)
                        found.append({&collection, entry.indexes, entry.path});
                }
                if (!found.isEmpty() && found.last().collection == &collection)
                    break; // the id and the name may both match: the same requests
            }
        }
        if (found.size() == 1)
            return found.first();
        if (found.size() > 1) {
            err << Commands::tr("Several saved requests match \"%1\":").arg(wanted) << '\n';
            for (const FoundRequest& candidate : std::as_const(found)) {
                const CollectionItem* item = Workspace::itemAt(*candidate.collection, candidate.indexes);
                err << "  " << candidate.collection->name << u'/' << candidate.path << "  ("
                    << Commands::tr("collection id %1, request id %2").arg(candidate.collection->id, item->id)
                    << ")\n";
            }
            err << Commands::tr("Rename one of them, or give the collection's id instead of its name.")
                << '\n';
            return {};
        }
    }
    err << Commands::tr("No saved request \"%1\". Give it as COLLECTION/FOLDER/REQUEST; \"tokenscope-cli "
                        "requests\" lists them.")
               .arg(wanted)
        << '\n';
    return {};
}

bool waitForKeychain(Workspace::AppSession* session)
{
    bool answered = false;
    bool works = true;
    QEventLoop loop;
    session->secretStore()->read(
        QStringLiteral("tokenscope-cli-barrier"), &loop, [&](const Secrets::SecretResult& result) {
            answered = true;
            works = result.backendWorks();
            loop.quit();
        });
    if (!answered)
        loop.exec();
    return works;
}

int listRequests(const Invocation& invocation, QTextStream& out, QTextStream& err)
{
    int status = ExitOk;
    const std::unique_ptr<Workspace::AppSession> session = openSession(invocation, err, &status);
    if (status != ExitOk)
        return status;
    const QList<Collection> collections = loadCollections(*session, err);
    QList<const Collection*> shown;
    if (invocation.collection.isEmpty()) {
        for (const Collection& collection : collections)
            shown << &collection;
    } else if (const Collection* collection = findCollection(collections, invocation.collection, err)) {
        shown << collection;
    } else {
        return ExitUsage;
    }
    if (invocation.json) {
        QJsonArray list;
        for (const Collection* collection : std::as_const(shown))
            list.append(collectionJson(*collection));
        out << QJsonDocument(QJsonObject {{QStringLiteral("collections"), list}})
                   .toJson(QJsonDocument::Indented);
        return ExitOk;
    }
    for (const Collection* collection : std::as_const(shown)) {
        out << collection->name << "/  (" << Commands::tr("id") << ' ' << collection->id << ")\n";
        printItems(collection->items, 1, out);
    }
    if (shown.isEmpty())
        err << Commands::tr("The workspace in %1 has no collections.").arg(session->workspaceDirectory())
            << '\n';
    return ExitOk;
}

int importFile(const Invocation& invocation, QTextStream& err)
{
    Error kindError;
    const Workspace::PostmanFileKind kind = Workspace::postmanFileKind(invocation.file, &kindError);
    if (kind == Workspace::PostmanFileKind::Unknown) {
        err << kindError.toText() << '\n';
        return ExitFailure;
    }
    int status = ExitOk;
    const std::unique_ptr<Workspace::AppSession> session = openSession(invocation, err, &status);
    // An empty workspace is fine here: the import gives it its first entries.
    if (status != ExitOk
        && QFileInfo::exists(session->workspaceDirectory() + QStringLiteral("/workspace.json")))
        return status;
    if (kind == Workspace::PostmanFileKind::Collection)
        return importCollection(invocation, session.get(), err);
    if (invocation.createEnvironments)
        err << Commands::tr("--create-environments is for collections; this is an environment file.") << '\n';
    return importEnvironment(invocation, session.get(), err);
}

int exportFile(const Invocation& invocation, QTextStream& out, QTextStream& err)
{
    int status = ExitOk;
    const std::unique_ptr<Workspace::AppSession> session = openSession(invocation, err, &status);
    if (status != ExitOk)
        return status;
    const bool postman = invocation.format == Invocation::Format::Postman;
    QByteArray bytes;
    QStringList leftOut;
    QStringList secrets;
    if (!invocation.collection.isEmpty()) {
        const QList<Collection> collections = loadCollections(*session, err);
        const Collection* collection = findCollection(collections, invocation.collection, err);
        if (!collection)
            return ExitUsage;
        for (const Http::Variable& variable : collection->variables) {
            if (variable.secret)
                secrets << variable.name;
        }
        if (postman) {
            const Workspace::PostmanExport exported = Workspace::exportPostmanCollection(*collection);
            bytes = exported.json;
            leftOut = exported.leftOut;
        } else {
            bytes = Workspace::exportNativeCollection(*collection).json;
        }
    } else {
        const Workspace::Environment* environment
            = findEnvironment(session->workspace(), invocation.environment, err);
        if (!environment)
            return ExitUsage;
        for (const Http::Variable& variable : environment->variables) {
            if (variable.secret)
                secrets << variable.name;
        }
        if (postman) {
            const Workspace::PostmanExport exported = Workspace::exportPostmanEnvironment(*environment);
            bytes = exported.json;
            leftOut = exported.leftOut;
        } else {
            bytes = Workspace::exportNativeEnvironment(*environment).json;
            leftOut << Commands::tr("The client secret and the tokens stay in the keychain.");
        }
    }
    if (!writeOutput(invocation, bytes, out, err))
        return ExitFailure;
    err << (secrets.isEmpty()
            ? Commands::tr("No secret values to leave out.")
            : Commands::tr("Secret values left out (they stay in the keychain): %1.").arg(nameList(secrets)))
        << '\n';
    // The secret values are said above; the export's other notes after them.
    for (const QString& line : std::as_const(leftOut))
        err << "  " << line << '\n';
    return ExitOk;
}

} // namespace Tokenscope::Cli
