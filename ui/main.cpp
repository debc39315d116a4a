#include "application.h"
#include "appsession.h"
#include "commandline.h"
#include "componentcheck.h"
#include "instancehandover.h"
#include "keychainsecretstore.h"
#include "mainwindow.h"
#include "sessionsecretstore.h"
#include "workspacemenu.h"

#include <QTimer>

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
    const std::unique_ptr<QCoreApplication> app = Ui::createApplication(argc, argv);
    Ui::CommandLine commandLine;
    commandLine.process(*app);
    if (commandLine.checkComponents())
        return Ui::checkComponents();

    // The workspace given, or the one open last (File ▸ Open Workspace), or the default folder.
    QString workspaceDirectory = commandLine.workspaceGiven()
        ? commandLine.workspaceDirectory()
        : Ui::WorkspaceMenu::lastWorkspace(commandLine.workspaceDirectory());
    const Error moveError = commandLine.workspaceGiven()
        ? Error()
        : Ui::adoptLegacyDataFolder(commandLine.workspaceDirectory());
    bool first = true;
    int status = 0;
    // Another workspace chosen in the window: the window and the session close, and open anew on it
    // (its own tabs, environments and history).
    while (!workspaceDirectory.isEmpty()) {
        Ui::WorkspaceMenu::rememberWorkspace(workspaceDirectory);
        auto* secrets = new Secrets::SessionSecretStore(new Secrets::KeychainSecretStore);
        Workspace::AppSession session(workspaceDirectory, secrets);
        const Error loadError = session.load();
        if (const std::optional<QUrl> demo = commandLine.localDemo(); demo && first)
            session.useLocalDemo(*demo);

        Ui::MainWindow window(&session);
        QString next;
        QObject::connect(&window, &Ui::MainWindow::workspaceSwitchRequested, &window,
            [&next, &window](const QString& directory) {
                next = directory;
                window.close();
            });
        if (!loadError.isNull())
            window.showApplicationProblem(loadError);
        else if (!moveError.isNull() && first)
            window.showApplicationProblem(moveError);
        window.show();
        // A redirect given on the command line goes to the first window only.
        Ui::receiveRedirects(&window, &session, first ? QCoreApplication::arguments() : QStringList());
        if (commandLine.exitAfterShow())
            QTimer::singleShot(0, app.get(), &QCoreApplication::quit);
        status = QCoreApplication::exec();
        first = false;
        workspaceDirectory = next;
    }
    return status;
}
