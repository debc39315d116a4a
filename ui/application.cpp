#include "application.h"

#include "applicationsetup.h"
#include "workspacestore.h"

#include <QApplication>
#include <QDir>
#include <QIcon>

namespace Tokenscope::Ui {

void setUpCoreApplication(QCoreApplication& app)
{
    Workspace::setUpCoreApplication(app);
}

void setUpApplication(QApplication& app)
{
    setUpCoreApplication(app);
    QApplication::setDesktopFileName(QStringLiteral("nl.tokenscope.Tokenscope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/tokenscope.png")));
}

Error adoptLegacyDataFolder(const QString& directory)
{
    const QString legacy = QDir(directory).filePath(QStringLiteral("Tokenscope"));
    if (!QDir(legacy).exists())
        return {};
    if (Error error = Workspace::WorkspaceStore(directory).adoptFrom(legacy); !error.isNull())
        return error;
    // The kept sign-in sessions of the embedded browser (Qt WebEngine's storage under the data folder).
    const QString webEngine = QStringLiteral("QtWebEngine");
    if (QDir(legacy).exists(webEngine) && !QDir(directory).exists(webEngine))
        QDir().rename(QDir(legacy).filePath(webEngine), QDir(directory).filePath(webEngine));
    return {};
}

} // namespace Tokenscope::Ui
