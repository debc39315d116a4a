#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QUrl>

#include <memory>
#include <optional>

namespace Tokenscope::Ui {

// The application object the arguments call for, set up (names, translations): a QApplication to open
// the window, or a QCoreApplication for the options that only print (help, version, the component check,
// a wrong option), so that those work on a machine without a display. The arguments are looked at before
// either exists, the way QCommandLineParser's documentation chooses the application class.
std::unique_ptr<QCoreApplication> createApplication(int& argc, char** argv);

// Tokenscope's options. Constructed once the application and its translators exist: the help text is
// in the user's language.
class CommandLine final
{
    Q_DECLARE_TR_FUNCTIONS(main)

public:
    CommandLine();

    // Whether these arguments (the program first) open the window.
    static bool needsWindow(const QStringList& arguments);

    // Prints the help, the version or what is wrong with the arguments and exits, as
    // QCommandLineParser::process does; otherwise returns with the options read.
    void process(const QCoreApplication& app);

    bool checkComponents() const { return m_parser.isSet(m_checkComponents); }
    bool exitAfterShow() const { return m_parser.isSet(m_exitAfterShow); }
    bool workspaceGiven() const { return m_parser.isSet(m_workspace); }
    // The folder given with --workspace, else the application's data folder.
    QString workspaceDirectory() const;
    std::optional<QUrl> localDemo() const;

private:
    QCommandLineParser m_parser;
    QCommandLineOption m_workspace;
    QCommandLineOption m_localDemo;
    QCommandLineOption m_exitAfterShow;
    QCommandLineOption m_checkComponents;
};

} // namespace Tokenscope::Ui
