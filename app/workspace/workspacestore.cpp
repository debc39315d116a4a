#include "workspacestore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>

namespace Tokenscope::Workspace {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Workspace)
};

// What a user pastes (a header, a URL with a key) may be a secret: the workspace and its copies are the
// user's alone, whatever the umask or an older version left.
constexpr QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// False only when the folder cannot be made; its mode is tightened where the file system allows.
bool makePrivateFolder(const QString& path)
{
    if (!QDir().mkpath(path))
        return false;
    QFile::setPermissions(path, ownerOnly | QFileDevice::ExeOwner);
    return true;
}

} // namespace

WorkspaceStore::WorkspaceStore(const QString& directory)
    : m_directory(directory)
{ }

QString WorkspaceStore::filePath() const
{
    return QDir(m_directory).filePath(QStringLiteral("workspace.json"));
}

WorkspaceStore::LoadResult WorkspaceStore::load(Unreadable unreadable)
{
    LoadResult result;
    m_protectUnreadable = false;
    QFile file(filePath());
    if (!file.exists())
        return result;
    makePrivateFolder(m_directory);
    file.setPermissions(ownerOnly);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = {Text::tr("The workspace could not be opened"), file.errorString(),
            Text::tr("Check the permissions of %1.").arg(QDir::toNativeSeparators(filePath()))};
        return result;
    }
    const QByteArray bytes = file.readAll();
    file.close();

    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    QString problem;
    QStringList skipped;
    if (parseError.error != QJsonParseError::NoError)
        problem = Text::tr("%1 at byte %2.").arg(parseError.errorString()).arg(parseError.offset);
    else if (!document.isObject())
        problem = Text::tr("The file does not hold a JSON object.");
    else if (fromJson(document.object(), &result.data, &problem, &skipped)) {
        if (!skipped.isEmpty()) {
            result.error = {Text::tr("Some trusted certificates in the workspace were left out"),
                skipped.join(QLatin1Char('\n')),
                Text::tr("Check their fingerprints with the sandbox's administrator and enter them again "
                         "under Trusted certificates in the environment's Sign-in settings.")};
        }
        return result;
    }

    // Keep the unreadable file under a new name and start empty, so the next save cannot destroy it.
    const QString aside = filePath() + QStringLiteral(".unreadable-")
        + QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    result.data = {};
    if (unreadable == Unreadable::SetAside && QFile::rename(filePath(), aside)) {
        QFile::setPermissions(aside, ownerOnly);
        result.setAsidePath = aside;
        result.error = {Text::tr("The workspace file could not be read"), problem,
            Text::tr("It was kept as %1. Tokenscope started with an empty workspace.")
                .arg(QDir::toNativeSeparators(aside))};
    } else {
        m_protectUnreadable = true;
        result.error = {Text::tr("The workspace file could not be read"), problem,
            Text::tr("Fix or move %1; until then changes cannot be saved.")
                .arg(QDir::toNativeSeparators(filePath()))};
    }
    return result;
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
    QFile::setPermissions(filePath(), ownerOnly);
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

Error WorkspaceStore::save(const WorkspaceData& data) const
{
    if (m_protectUnreadable) {
        return {Text::tr("The workspace was not saved"),
            Text::tr("%1 could not be read and is kept as it is.").arg(QDir::toNativeSeparators(filePath())),
            Text::tr("Fix or move the file, then restart Tokenscope.")};
    }
    if (!makePrivateFolder(m_directory)) {
        return {Text::tr("The workspace could not be saved"),
            Text::tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(m_directory)),
            Text::tr("Check the permissions of the folder.")};
    }
    QSaveFile file(filePath());
    if (!file.open(QIODevice::WriteOnly)) {
        return {Text::tr("The workspace could not be saved"), file.errorString(),
            Text::tr("Check the permissions of %1.").arg(QDir::toNativeSeparators(filePath()))};
    }
    file.setPermissions(ownerOnly); // the temporary file's, kept by the rename of commit()
    file.write(QJsonDocument(toJson(data)).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        return {Text::tr("The workspace could not be saved"), file.errorString(),
            Text::tr("Check the free disk space and permissions.")};
    }
    return {};
}

} // namespace Tokenscope::Workspace
