#include "workspacefiles.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QUrl>

namespace Tokenscope::Workspace {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Workspace)
};

// What a user pastes (a header, a URL with a key) may be a secret: the workspace and its copies are the
// user's alone, whatever the umask or an older version left.
constexpr QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
// The owner's mode bits. Not Qt's "user" bits: they say what this process may do, which for root is
// everything, and setting them would set the owner's.
constexpr QFileDevice::Permissions ownerBits
    = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

// Asked of the mode bits, not of access(): a file made read-only stays so even for root.
bool ownerMayWrite(const QString& path)
{
    return QFile::permissions(path).testFlag(QFileDevice::WriteOwner);
}

} // namespace

QByteArray workspaceFileBytes(const QJsonObject& object)
{
    // QJsonDocument indents by four spaces; strings never hold a raw line break, so halving each line's
    // leading spaces gives two per level.
    const QList<QByteArray> lines = QJsonDocument(object).toJson(QJsonDocument::Indented).split('\n');
    QByteArray bytes;
    for (const QByteArray& line : lines) {
        if (line.isEmpty())
            continue;
        qsizetype indent = 0;
        while (indent < line.size() && line.at(indent) == ' ')
            ++indent;
        bytes += line.mid(indent - indent / 2);
        bytes += '\n';
    }
    return bytes;
}

WorkspaceFile readWorkspaceFile(const QString& path, const QString& format, bool acceptFormat1)
{
    WorkspaceFile result;
    QFile file(path);
    if (!file.exists())
        return result;
    result.state = WorkspaceFile::State::Unreadable;
    if (!file.open(QIODevice::ReadOnly)) {
        result.problem = file.errorString();
        return result;
    }
    result.bytes = file.readAll();
    file.close();
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(result.bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.problem = Text::tr("%1 at byte %2.").arg(parseError.errorString()).arg(parseError.offset);
        return result;
    }
    result.object = document.object();
    if (!document.isObject() || result.object.value(QLatin1String("format")).toString() != format) {
        result.problem = Text::tr("The file is not a Tokenscope %1 file.").arg(format);
        return result;
    }
    result.version = result.object.value(QLatin1String("version")).toInt();
    if (result.version > folderFormatVersion) {
        result.state = WorkspaceFile::State::Newer;
        result.problem
            = Text::tr("It was written by a newer Tokenscope (format %1); this version reads format %2.")
                  .arg(result.version)
                  .arg(folderFormatVersion);
        return result;
    }
    if (result.version < (acceptFormat1 ? 1 : folderFormatVersion)) {
        result.problem = Text::tr("Its format version %1 is not one Tokenscope wrote.").arg(result.version);
        return result;
    }
    result.state = WorkspaceFile::State::Read;
    return result;
}

bool makePrivateFolder(const QString& path)
{
    const bool existed = QFile::exists(path);
    if (!QDir().mkpath(path))
        return false;
#ifndef Q_OS_WIN
    // Only tightened: a folder its owner made read-only stays so (and is reported when written to).
    QFile::setPermissions(
        path, existed ? QFile::permissions(path) & ownerBits : ownerOnly | QFileDevice::ExeOwner);
#else
    Q_UNUSED(existed)
#endif
    return true;
}

void makePrivateFile(const QString& path)
{
#ifndef Q_OS_WIN
    QFile::setPermissions(path, QFile::permissions(path) & ownerBits);
#else
    Q_UNUSED(path)
#endif
}

Error writeWorkspaceFile(const QString& path, const QByteArray& bytes)
{
    const QString name = QDir::toNativeSeparators(path);
    const QString folder = QFileInfo(path).absolutePath();
    const auto failed = [&name](const QString& detail, const QString& hint) {
        return Error(Text::tr("%1 could not be saved").arg(name), detail, hint);
    };
    const QString keptHint
        = Text::tr("Your changes are kept while Tokenscope runs; make it writable to save them.");
    if (!makePrivateFolder(folder))
        return failed(
            Text::tr("The folder %1 could not be created.").arg(QDir::toNativeSeparators(folder)), keptHint);
    if (!ownerMayWrite(folder))
        return failed(
            Text::tr("The folder %1 is read-only.").arg(QDir::toNativeSeparators(folder)), keptHint);
    if (QFile::exists(path) && !ownerMayWrite(path))
        return failed(Text::tr("The file is read-only and was left as it is."), keptHint);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return failed(file.errorString(), keptHint);
#ifndef Q_OS_WIN
    file.setPermissions(ownerOnly); // the temporary file's, kept by the rename of commit()
#endif
    file.write(bytes);
    if (!file.commit())
        return failed(file.errorString(), Text::tr("Check the free disk space and permissions."));
    return {};
}

QString environmentFileName(const QString& environmentId)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(environmentId, QByteArray(), ".~"))
        + QStringLiteral(".json");
}

} // namespace Tokenscope::Workspace
