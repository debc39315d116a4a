#include "application.h"
#include "appsession.h"
#include "commandline.h"
#include "componentcheck.h"
#include "keychainsecretstore.h"
#include "mainwindow.h"
#include "sessionsecretstore.h"

#include <QTimer>

int main(int argc, char* argv[])
{
    using namespace Tokenscope;
    // Deliberately no Qt::AA_ShareOpenGLContexts: it makes QApplication create an OpenGL context at
    // start-up, which loads the GL driver (measured on Debian 12 under Xvfb: +58 MB RSS, +80 ms).
    // EmbeddedLoginAgent creates the shared context Qt WebEngine needs on the first sign-in, just before
    // it loads the sign-in plugin.
    const std::unique_ptr<QCoreApplication> app = Ui::createApplication(argc, argv);
    Ui::CommandLine commandLine;
    commandLine.process(*app);
    if (commandLine.checkComponents())
        return Ui::checkComponents();

    const QString workspaceDirectory = commandLine.workspaceDirectory();
    const Error moveError
        = commandLine.workspaceGiven() ? Error() : Ui::adoptLegacyDataFolder(workspaceDirectory);
    auto* secrets = new Secrets::SessionSecretStore(new Secrets::KeychainSecretStore);
    Workspace::AppSession session(workspaceDirectory, secrets);
    const Error loadError = session.load();
    if (const std::optional<QUrl> demo = commandLine.localDemo())
        session.useLocalDemo(*demo);

    Ui::MainWindow window(&session);
    if (!loadError.isNull())
        window.showApplicationProblem(loadError);
    else if (!moveError.isNull())
        window.showApplicationProblem(moveError);
    window.show();
    if (commandLine.exitAfterShow())
        QTimer::singleShot(0, app.get(), &QCoreApplication::quit);
    return QCoreApplication::exec();
}
