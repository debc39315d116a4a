#pragma once

#include <QApplication>
#include <QTest>

// QTEST_MAIN with a QApplication, set up like the application's main() (no shared OpenGL contexts).
#define TOKENSCOPE_GUI_TEST_MAIN(TestClass)                                                                  \
    int main(int argc, char* argv[])                                                                         \
    {                                                                                                        \
        QApplication app(argc, argv);                                                                        \
        app.setAttribute(Qt::AA_Use96Dpi, true);                                                             \
        TestClass test;                                                                                      \
        QTEST_SET_MAIN_SOURCE_PATH                                                                           \
        return QTest::qExec(&test, argc, argv);                                                              \
    }
