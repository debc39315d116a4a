#include "application.h"

#include <QApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace Tokenscope::Ui {

void setUpApplication(QApplication& app)
{
    QApplication::setApplicationName(QStringLiteral("Tokenscope"));
    QApplication::setOrganizationName(QStringLiteral("Tokenscope"));
    QApplication::setOrganizationDomain(QStringLiteral("tokenscope.nl"));
    QApplication::setApplicationVersion(QStringLiteral(TOKENSCOPE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("nl.tokenscope.Tokenscope"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/tokenscope.png")));

    const QLocale locale;
    auto* qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qtTranslator);
    auto* translator = new QTranslator(&app);
    if (translator->load(locale, QStringLiteral("tokenscope"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(translator);
}

} // namespace Tokenscope::Ui
