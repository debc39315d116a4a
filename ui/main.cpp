#include "application.h"
#include "appsession.h"
#include "embeddedloginagent.h"
#include "instancehandover.h"
#include "keychainsecretstore.h"
#include "mainwindow.h"
#include "sessionsecretstore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>

int main(int argc, char* argv[])
{
    using namespace Tokenscope;
    // A redirect the browser opened with us goes to the running instance; no display needed for that.
    if (const std::optional<int> handedOver = Ui::handOverRedirectArgument(argc, argv))
        return *handedOver;
    // Deliberately no Qt::AA_ShareOpenGLContexts: it makes QApplication create an OpenGL context at
    // start-up, which loads the GL driver (measured on Debian 12 under Xvfb: +58 MB RSS, +80 ms).
    // EmbeddedLoginAgent creates the shared context Qt WebEngine needs on the first sign-in, just before
    // it loads the sign-in plugin.
    QApplication app(argc, argv);
    Ui::setUpApplication(app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Explore OAuth-protected APIs."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspaceOption(QStringLiteral("workspace"),
        QApplication::translate("main", "Use the workspace in <directory>."),
        QApplication::translate("main", "directory"),
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    const QCommandLineOption demoOption(QStringLiteral("local-demo"),
        QApplication::translate(
            "main", "Add and select the \"Local demo\" environment for the demo provider at <url>."),
        QApplication::translate("main", "url"));
    QCommandLineOption exitOption(QStringLiteral("exit-after-show"),
        QApplication::translate("main", "Quit once the window is shown (start-up timing)."));
    exitOption.setFlags(QCommandLineOption::HiddenFromHelp);
    const QCommandLineOption checkOption(QStringLiteral("check-components"),
        QApplication::translate("main", "Check that the sign-in component (Qt WebEngine) loads, then quit."));
    parser.addOptions({workspaceOption, demoOption, exitOption, checkOption});
    parser.process(app);

    if (parser.isSet(checkOption)) {
        QString problem;
        if (!Ui::EmbeddedLoginAgent::loadFactory(&problem)) {
            std::fprintf(stderr, "%s\n", qPrintable(problem));
            return 1;
        }
        std::printf("%s\n", qPrintable(QApplication::translate("main", "Sign-in component: ok")));
        return 0;
    }

    const QString workspaceDirectory = parser.value(workspaceOption);
    const Error moveError
        = parser.isSet(workspaceOption) ? Error() : Ui::adoptLegacyDataFolder(workspaceDirectory);
    auto* secrets = new Secrets::SessionSecretStore(new Secrets::KeychainSecretStore);
    Workspace::AppSession session(workspaceDirectory, secrets);
    const Error loadError = session.load();
    if (parser.isSet(demoOption))
        session.useLocalDemo(QUrl(parser.value(demoOption), QUrl::StrictMode));

    Ui::MainWindow window(&session);
    if (!loadError.isNull())
        window.showApplicationProblem(loadError);
    else if (!moveError.isNull())
        window.showApplicationProblem(moveError);
    window.show();
    Ui::receiveRedirects(&window, &session, QCoreApplication::arguments());
    if (parser.isSet(exitOption))
        QTimer::singleShot(0, &app, &QCoreApplication::quit);
    return app.exec();
}
