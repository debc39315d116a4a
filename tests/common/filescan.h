#pragma once

#include <QByteArrayList>
#include <QDirIterator>
#include <QFile>
#include <QStandardPaths>
#include <QStringList>

namespace Tokenscope::Tests {

// Every folder the process may have written to: the given ones and Qt's writable locations (in test
// mode, under ~/.qttest).
inline QStringList writableRoots(const QStringList& extra)
{
    QStringList roots = extra;
    for (auto location :
        {QStandardPaths::AppDataLocation, QStandardPaths::AppConfigLocation, QStandardPaths::CacheLocation,
            QStandardPaths::GenericDataLocation, QStandardPaths::GenericConfigLocation,
            QStandardPaths::GenericCacheLocation, QStandardPaths::AppLocalDataLocation})
        roots << QStandardPaths::writableLocation(location);
    roots.removeDuplicates();
    return roots;
}

struct ScanResult
{
    int filesScanned = 0;
    QStringList offenders; // "file: which secret"
};

// Reads every file below the roots and reports those holding any of the needles.
inline ScanResult scanFiles(const QStringList& roots, const QList<QPair<QString, QByteArray>>& needles)
{
    ScanResult result;
    for (const QString& root : roots) {
        QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QByteArray content = file.readAll();
            ++result.filesScanned;
            for (const auto& [name, needle] : needles) {
                if (!needle.isEmpty() && content.contains(needle))
                    result.offenders << file.fileName() + QStringLiteral(": ") + name;
            }
        }
    }
    return result;
}

// Every file below directory (a workspace folder: its environment, state and collection files), one
// after the other.
inline QByteArray readAllFiles(const QString& directory)
{
    QByteArray all;
    QDirIterator it(directory, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
            all += file.readAll();
    }
    return all;
}

} // namespace Tokenscope::Tests
