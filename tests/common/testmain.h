#pragma once

#include <QApplication>
#include <QTest>

// QTEST_MAIN, plus what Qt WebEngine needs before the QApplication exists when it is loaded later.
#define TOKENSCOPE_GUI_TEST_MAIN(TestClass)                                                                  \
    int main(int argc, char* argv[])                                                                         \
    {                                                                                                        \
        QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);                                          \
        QApplication app(argc, argv);                                                                        \
        app.setAttribute(Qt::AA_Use96Dpi, true);                                                             \
        TestClass test;                                                                                      \
        QTEST_SET_MAIN_SOURCE_PATH                                                                           \
        return QTest::qExec(&test, argc, argv);                                                              \
    }
