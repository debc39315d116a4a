#pragma once

#include <QApplication>
#include <QLocale>
#include <QTest>
#include <QTranslator>

// For screenshots in another language (TOKENSCOPE_TEST_LANGUAGE=nl): the application's catalogue, as
// its main() would load it for that locale. Assertions on English text then fail: for looking only.
inline void tokenscopeInstallTestTranslator(QApplication& app)
{
    const QString language = qEnvironmentVariable("TOKENSCOPE_TEST_LANGUAGE");
    if (language.isEmpty())
        return;
    auto* translator = new QTranslator(&app);
    if (translator->load(
            QLocale(language), QStringLiteral("tokenscope"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(translator);
}

// QTEST_MAIN with a QApplication, set up like the application's main() (no shared OpenGL contexts).
#define TOKENSCOPE_GUI_TEST_MAIN(TestClass)                                                                  \
    int main(int argc, char* argv[])                                                                         \
    {                                                                                                        \
        QApplication app(argc, argv);                                                                        \
        app.setAttribute(Qt::AA_Use96Dpi, true);                                                             \
        tokenscopeInstallTestTranslator(app);                                                                \
        TestClass test;                                                                                      \
        QTEST_SET_MAIN_SOURCE_PATH                                                                           \
        return QTest::qExec(&test, argc, argv);                                                              \
    }
