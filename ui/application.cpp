#include "application.h"

#include "workspacestore.h"

#include <QApplication>
#include <QDir>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace Tokenscope::Ui {

void setUpCoreApplication(QCoreApplication& app)
{
    QCoreApplication::setApplicationName(QStringLiteral("Tokenscope"));
    // No organisation name: Qt would put it before the application name in every data folder
    // (~/.local/share/Tokenscope/Tokenscope, %APPDATA%\Tokenscope\Tokenscope).
    QCoreApplication::setOrganizationName({});
    QCoreApplication::setOrganizationDomain(QStringLiteral("tokenscope.nl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TOKENSCOPE_VERSION));

    const QLocale locale;
    auto* qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    auto* translator = new QTranslator(&app);
    if (translator->load(locale, QStringLiteral("tokenscope"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(translator);
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
