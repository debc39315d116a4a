#include "workspacestore.h"

#include "requestjson.h"
#include "workspacefiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSaveFile>

namespace Tokenscope::Workspace {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Workspace)
};

constexpr QLatin1String workspaceFormat {"tokenscope-workspace"};
constexpr QLatin1String environmentFormat {"tokenscope-environment"};
constexpr QLatin1String stateFormat {"tokenscope-state"};
constexpr QLatin1String environmentsFolder {"environments"};

QJsonObject withFormat(QJsonObject object, QLatin1String format)
{
    object.insert(QStringLiteral("format"), format);
    object.insert(QStringLiteral("version"), folderFormatVersion);
    return object;
}

QJsonObject openRequestsObject(const OpenRequests& open)
{
    return {{QStringLiteral("openRequests"), openRequestsToJson(open)},
        {QStringLiteral("currentRequest"), open.current}};
}

} // namespace

WorkspaceStore::WorkspaceStore(const QString& directory)
    : m_directory(directory)
{ }

QString WorkspaceStore::filePath() const
{
    return QDir(m_directory).filePath(QStringLiteral("workspace.json"));
}

QString WorkspaceStore::environmentFilePath(const QString& environmentId) const
{
    return QDir(m_directory)
        .filePath(environmentsFolder + QLatin1Char('/') + environmentFileName(environmentId));
}

QString WorkspaceStore::stateFilePath() const
{
    return QDir(m_directory).filePath(QStringLiteral(".tokenscope/state.json"));
}

QString WorkspaceStore::backupFilePath() const
{
    return filePath() + QStringLiteral(".v1-backup");
}

QString WorkspaceStore::relative(const QString& path) const
{
    return QDir(m_directory).relativeFilePath(path);
}

WorkspaceStore::LoadResult WorkspaceStore::load(Unreadable unreadable)
{
    LoadResult result;
    m_written.clear();
    m_unreadable.clear();
    m_readOnlyReason.clear();
    m_format1 = false;
    const bool writable = unreadable == Unreadable::Writable;
    if (writable && QFile::exists(m_directory))
        makePrivateFolder(m_directory);

    QStringList problems; // "name: why"
    QStringList skipped;
    const WorkspaceFile main = readWorkspaceFile(filePath(), workspaceFormat, true);
    if (writable && main.state != WorkspaceFile::State::Missing)
        makePrivateFile(filePath());
    if (main.state == WorkspaceFile::State::Read && main.version == 1) {
        QString problem;
        if (!fromJson(main.object, &result.data, &problem, &skipped)) {
            problems.append(relative(filePath()) + QStringLiteral(": ") + problem);
            m_unreadable.insert(relative(filePath()));
        } else if (writable) {
            result.error = migrate(result.data);
        } else {
            m_format1 = true;
        }
    } else {
        QStringList order;
        if (main.state == WorkspaceFile::State::Read) {
            m_written.insert(relative(filePath()), main.bytes);
            for (const QJsonValue& id : main.object.value(QLatin1String("environments")).toArray())
                order.append(id.toString());
            result.data.globals = variablesFromJson(main.object.value(QLatin1String("globals")).toArray());
        } else if (main.state != WorkspaceFile::State::Missing) {
            problems.append(relative(filePath()) + QStringLiteral(": ") + main.problem);
            m_unreadable.insert(relative(filePath()));
            if (main.state == WorkspaceFile::State::Newer)
                m_readOnlyReason = problems.constLast();
        }
        loadEnvironments(order, &result.data, &problems, &skipped);
        loadState(&result.data, &problems);
    }

    if (!problems.isEmpty()) {
        problems.append(skipped);
        result.error = {m_readOnlyReason.isEmpty()
                ? Text::tr("Some files of the workspace could not be read")
                : Text::tr("The workspace was written by a newer Tokenscope and is opened read-only"),
            problems.join(QLatin1Char('\n')),
            m_readOnlyReason.isEmpty()
                ? Text::tr("They were left as they are and are not saved over; the rest of the workspace "
                           "loaded. Fix or remove them (git can show what changed), then reopen the "
                           "workspace.")
                : Text::tr("Nothing is saved in it. Use a newer Tokenscope for this workspace.")};
    } else if (!skipped.isEmpty() && result.error.isNull()) {
        result.error = {Text::tr("Some trusted certificates in the workspace were left out"),
            skipped.join(QLatin1Char('\n')),
            Text::tr("Check their fingerprints with the sandbox's administrator and enter them again "
                     "under Trusted certificates in the environment's Sign-in settings.")};
    }
    return result;
}

void WorkspaceStore::loadEnvironments(
    const QStringList& order, WorkspaceData* data, QStringList* problems, QStringList* skipped)
{
    const QDir folder(QDir(m_directory).filePath(environmentsFolder));
    QList<Environment> found;
    for (const QString& name : folder.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        const QString path = folder.filePath(name);
        const WorkspaceFile file = readWorkspaceFile(path, environmentFormat);
        Environment environment;
        QString problem = file.problem;
        if (file.state == WorkspaceFile::State::Read) {
            environment = environmentFromJson(file.object, skipped);
            // The file is named after the environment: a save must find the same file again.
            if (environmentFileName(environment.id) != name)
                problem = Text::tr("Its id “%1” does not match the file name.").arg(environment.id);
        }
        if (!problem.isEmpty()) {
            problems->append(relative(path) + QStringLiteral(": ") + problem);
            m_unreadable.insert(relative(path));
            continue;
        }
        m_written.insert(relative(path), file.bytes);
        found.append(environment);
    }
    // In the order workspace.json keeps; one it does not name yet (added by a git pull) at the end.
    for (const QString& id : order) {
        for (qsizetype i = 0; i < found.size(); ++i) {
            if (found.at(i).id == id) {
                data->environments.append(found.takeAt(i));
                break;
            }
        }
    }
    data->environments.append(found);
}

void WorkspaceStore::loadState(WorkspaceData* data, QStringList* problems)
{
    const WorkspaceFile file = readWorkspaceFile(stateFilePath(), stateFormat);
    if (file.state == WorkspaceFile::State::Read) {
        m_written.insert(relative(stateFilePath()), file.bytes);
        data->currentEnvironmentId = file.object.value(QLatin1String("currentEnvironment")).toString();
        data->openRequests = openRequestsFromJson(file.object);
        const QJsonObject perEnvironment = file.object.value(QLatin1String("environments")).toObject();
        for (Environment& environment : data->environments)
            environment.openRequests = openRequestsFromJson(perEnvironment.value(environment.id).toObject());
    } else if (file.state != WorkspaceFile::State::Missing) {
        problems->append(relative(stateFilePath()) + QStringLiteral(": ") + file.problem);
        m_unreadable.insert(relative(stateFilePath()));
    }
    for (Environment& environment : data->environments)
        bindTrustedCertificatesToHosts(&environment);
}

Error WorkspaceStore::migrate(const WorkspaceData& data)
{
    // The format-1 file is copied first and the copy never replaced: whatever happens next, it is there.
    if (!QFile::exists(backupFilePath())) {
        if (!QFile::copy(filePath(), backupFilePath())) {
            m_format1 = true;
            m_unreadable.insert(relative(filePath()));
            return {Text::tr("The workspace could not be converted to a folder"),
                Text::tr("%1 could not be copied to %2.")
                    .arg(QDir::toNativeSeparators(filePath()), QDir::toNativeSeparators(backupFilePath())),
                Text::tr("Check the permissions of the folder. The workspace file is left as it was and is "
                         "not saved over.")};
        }
        makePrivateFile(backupFilePath());
    }
    return save(data);
}

Error WorkspaceStore::writeIfChanged(const QString& relativePath, const QByteArray& bytes)
{
    const QString path = QDir(m_directory).filePath(relativePath);
    if (m_written.contains(relativePath) && m_written.value(relativePath) == bytes && QFile::exists(path))
        return {};
    if (m_unreadable.contains(relativePath)) {
        return {Text::tr("%1 was not saved").arg(QDir::toNativeSeparators(path)),
            Text::tr("The file could not be read when the workspace was opened and is kept as it is."),
            Text::tr("Fix or remove the file, then reopen the workspace.")};
    }
    Error error = writeWorkspaceFile(path, bytes);
    if (error.isNull())
        m_written.insert(relativePath, bytes);
    return error;
}

Error WorkspaceStore::save(const WorkspaceData& data)
{
    if (!m_readOnlyReason.isEmpty()) {
        return {Text::tr("The workspace was not saved"), m_readOnlyReason,
            Text::tr("It is open read-only. Use a newer Tokenscope for this workspace.")};
    }
    if (!makePrivateFolder(m_directory)) {
        return {Text::tr("The workspace could not be saved"),
            Text::tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(m_directory)),
            Text::tr("Check the permissions of the folder.")};
    }
    if (m_format1 && !QFile::exists(backupFilePath()) && !QFile::copy(filePath(), backupFilePath()))
        return {Text::tr("The workspace was not saved"),
            Text::tr("Its format-1 file could not be copied to %1.")
                .arg(QDir::toNativeSeparators(backupFilePath()))};
    QList<Error> errors;
    const auto collect = [&errors](const Error& error) {
        if (!error.isNull())
            errors.append(error);
    };
    QJsonArray order;
    QJsonObject perEnvironment;
    QSet<QString> current;
    for (const Environment& environment : data.environments) {
        const QString path = relative(environmentFilePath(environment.id));
        current.insert(path);
        order.append(environment.id);
        perEnvironment.insert(environment.id, openRequestsObject(environment.openRequests));
        collect(writeIfChanged(path, environmentFileContent(environment)));
    }
    // The file of an environment removed since; never one that could not be read (it is not in memory).
    const QStringList known = m_written.keys();
    for (const QString& path : known) {
        if (path.startsWith(environmentsFolder + QLatin1Char('/')) && !current.contains(path)) {
            QFile file(QDir(m_directory).filePath(path));
            if (file.exists() && !file.remove())
                collect({Text::tr("%1 could not be removed").arg(QDir::toNativeSeparators(file.fileName())),
                    file.errorString()});
            else
                m_written.remove(path);
        }
    }
    QJsonObject state = openRequestsObject(data.openRequests);
    state.insert(QStringLiteral("currentEnvironment"), data.currentEnvironmentId);
    state.insert(QStringLiteral("environments"), perEnvironment);
    collect(writeIfChanged(relative(stateFilePath()), workspaceFileBytes(withFormat(state, stateFormat))));
    // Written last: until it is, the previous one still names the environments that are there.
    const QJsonObject main {
        {QStringLiteral("environments"), order}, {QStringLiteral("globals"), variablesToJson(data.globals)}};
    collect(writeIfChanged(relative(filePath()), workspaceFileBytes(withFormat(main, workspaceFormat))));
    if (errors.isEmpty())
        m_format1 = false;
    const QString gitignore = QDir(m_directory).filePath(QStringLiteral(".gitignore"));
    if (!QFile::exists(gitignore)) {
        // This user's own files stay out of git; the user may add to it, it is never written again.
        writeWorkspaceFile(gitignore, QByteArrayLiteral(".tokenscope/\nhistory.json\n*.v1-backup\n"));
    }
    if (errors.size() == 1)
        return errors.constFirst();
    if (errors.isEmpty())
        return {};
    QStringList lines;
    for (const Error& error : errors)
        lines.append(error.summary + QStringLiteral(": ") + error.detail);
    return {Text::tr("%n files of the workspace could not be saved", nullptr, int(errors.size())),
        lines.join(QLatin1Char('\n')), errors.constFirst().hint};
}

QByteArray WorkspaceStore::environmentFileContent(const Environment& environment)
{
    return workspaceFileBytes(withFormat(environmentToJson(environment), environmentFormat));
}

bool WorkspaceStore::reloadEnvironment(
    const QString& environmentId, Environment* environment, QString* problem)
{
    const QString path = environmentFilePath(environmentId);
    const WorkspaceFile file = readWorkspaceFile(path, environmentFormat);
    Environment read
        = file.state == WorkspaceFile::State::Read ? environmentFromJson(file.object) : Environment();
    *problem = file.problem;
    if (file.state == WorkspaceFile::State::Missing)
        *problem = Text::tr("The file was removed.");
    else if (file.state == WorkspaceFile::State::Read && read.id != environmentId)
        *problem = Text::tr("Its id “%1” does not match the file name.").arg(read.id);
    if (!problem->isEmpty()) {
        if (file.state != WorkspaceFile::State::Missing)
            m_unreadable.insert(relative(path));
        return false;
    }
    m_unreadable.remove(relative(path));
    m_written.insert(relative(path), file.bytes);
    *environment = read;
    return true;
}

Error WorkspaceStore::adoptFrom(const QString& oldDirectory, bool* moved) const
{
    if (moved)
        *moved = false;
    const QString oldPath = QDir(oldDirectory).filePath(QStringLiteral("workspace.json"));
    if (!QFile::exists(oldPath) || QFile::exists(filePath()))
        return {};
    if (!makePrivateFolder(m_directory) || !QFile::rename(oldPath, filePath())) {
        return {Text::tr("The workspace could not be moved to its new folder"),
            Text::tr("%1 stays where it is; Tokenscope now reads %2.")
                .arg(QDir::toNativeSeparators(oldPath), QDir::toNativeSeparators(filePath())),
            Text::tr("Move the file there by hand while Tokenscope is closed.")};
    }
    makePrivateFile(filePath());
    // A folder of format 2 has its other parts beside the file: they go with it.
    for (const QString& part :
        {QString(environmentsFolder), QStringLiteral(".tokenscope"), QStringLiteral(".gitignore")}) {
        const QString from = QDir(oldDirectory).filePath(part);
        const QString to = QDir(m_directory).filePath(part);
        if (QFile::exists(from) && !QFile::exists(to))
            QFile::rename(from, to);
    }
    if (moved)
        *moved = true;
    // For whoever looks for the file where it was.
    QSaveFile note(oldPath + QStringLiteral(".moved.txt"));
    if (note.open(QIODevice::WriteOnly)) {
        note.write(Text::tr("Tokenscope keeps its workspace in %1 now; it was moved there from this folder. "
                            "This folder is no longer used.\n")
                       .arg(QDir::toNativeSeparators(filePath()))
                       .toUtf8());
        note.commit();
    }
    return {};
}

} // namespace Tokenscope::Workspace
