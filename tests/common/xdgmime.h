#pragma once

#include <QProcess>
#include <QString>

namespace Tokenscope::Tests {

// What the desktop answers for a scheme: xdg-mime reads mimeapps.list and the desktop files as every
// freedesktop.org desktop does.
inline QString xdgMimeDefault(const QString& scheme)
{
    QProcess process;
    process.start(QStringLiteral("xdg-mime"),
        {QStringLiteral("query"), QStringLiteral("default"), QStringLiteral("x-scheme-handler/") + scheme});
    if (!process.waitForFinished(30000))
        return QStringLiteral("(xdg-mime hung)");
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

} // namespace Tokenscope::Tests
