#include "commandline.h"

#include "application.h"
#include "applicationsetup.h"

#include <QApplication>

#include <algorithm>

namespace Tokenscope::Ui {

namespace {

// The options QGuiApplication and QApplication take out of the arguments themselves (their
// documentation's "Supported Command Line Options"). One of them asks for the window's application:
// only it understands them.
bool isQtGuiOption(const QString& argument)
{
    static const QStringList names {QStringLiteral("platform"), QStringLiteral("platformpluginpath"),
        QStringLiteral("platformtheme"), QStringLiteral("plugin"), QStringLiteral("qwindowgeometry"),
        QStringLiteral("qwindowicon"), QStringLiteral("qwindowtitle"), QStringLiteral("reverse"),
        QStringLiteral("session"), QStringLiteral("display"), QStringLiteral("geometry"),
        QStringLiteral("style"), QStringLiteral("stylesheet"), QStringLiteral("widgetcount"),
        QStringLiteral("qmljsdebugger")};
    if (!argument.startsWith(QLatin1Char('-')))
        return false;
    QStringView name(argument);
    name = name.mid(name.startsWith(QLatin1String("--")) ? 2 : 1);
    return names.contains(name.left(name.indexOf(QLatin1Char('='))));
}

} // namespace

std::unique_ptr<QCoreApplication> createApplication(int& argc, char** argv)
{
    QStringList arguments;
    arguments.reserve(argc);
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    if (!CommandLine::needsWindow(arguments)) {
        auto app = std::make_unique<QCoreApplication>(argc, argv);
        setUpCoreApplication(*app);
        return app;
    }
    auto app = std::make_unique<QApplication>(argc, argv);
    setUpApplication(*app);
    return app;
}

CommandLine::CommandLine()
    : m_workspace(QStringLiteral("workspace"), tr("Use the workspace in <directory>."), tr("directory"))
    , m_localDemo(QStringLiteral("local-demo"),
          tr("Add and select the \"Local demo\" environment for the demo provider at <url>."), tr("url"))
    , m_exitAfterShow(
          QStringLiteral("exit-after-show"), tr("Quit once the window is shown (start-up timing)."))
    , m_checkComponents(QStringLiteral("check-components"),
          tr("Check that the sign-in component (Qt WebEngine) loads and that the keychain keeps secrets, "
             "then "
             "quit. Exit status 0: the sign-in component loads (a keychain that cannot be used is reported, "
             "not counted as a fault of the installation); 1: it is missing or broken."))
{
    m_parser.setApplicationDescription(tr("Explore OAuth-protected APIs."));
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    m_exitAfterShow.setFlags(QCommandLineOption::HiddenFromHelp);
    m_parser.addOptions({m_workspace, m_localDemo, m_exitAfterShow, m_checkComponents});
    m_parser.addPositionalArgument(QStringLiteral("url"),
        tr("A sign-in answer from the system browser (a private-use redirect URI such as "
           "com.example.app:/callback): it is handed to the Tokenscope that is running."),
        QStringLiteral("[url]"));
}

bool CommandLine::needsWindow(const QStringList& arguments)
{
    if (std::any_of(
            arguments.begin() + std::min<qsizetype>(1, arguments.size()), arguments.end(), isQtGuiOption))
        return true;
    // No translators yet: only which options are given counts here. What is wrong is printed by
    // process(), without a window.
    CommandLine commandLine;
    QCommandLineParser& parser = commandLine.m_parser;
    if (!parser.parse(arguments))
        return false;
    return !parser.isSet(QStringLiteral("help")) && !parser.isSet(QStringLiteral("help-all"))
        && !parser.isSet(QStringLiteral("version")) && !commandLine.checkComponents();
}

void CommandLine::process(const QCoreApplication& app)
{
    m_parser.process(app);
}

QString CommandLine::workspaceDirectory() const
{
    return workspaceGiven() ? m_parser.value(m_workspace) : Workspace::defaultWorkspaceDirectory();
}

std::optional<QUrl> CommandLine::localDemo() const
{
    if (!m_parser.isSet(m_localDemo))
        return std::nullopt;
    return QUrl(m_parser.value(m_localDemo), QUrl::StrictMode);
}

} // namespace Tokenscope::Ui
