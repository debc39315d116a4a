#include "applicationsetup.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QStandardPaths>
#include <QTranslator>

namespace Tokenscope::Workspace {

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

QString defaultWorkspaceDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

} // namespace Tokenscope::Workspace
