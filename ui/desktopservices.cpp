#include "desktopservices.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QFileInfo>
#include <QPointer>
#include <QProcess>
#include <QStandardPaths>

namespace Tokenscope::Ui {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Ui::DesktopServices)
};

DesktopServices::UrlOpener& currentOpener()
{
    static DesktopServices::UrlOpener instance;
    return instance;
}

QStringList& openerCommand()
{
    static QStringList instance;
    return instance;
}

// What QDesktopServices itself starts on a Linux desktop, unless a sandbox portal opens the address.
QStringList systemOpenerCommand()
{
    if (!openerCommand().isEmpty())
        return openerCommand();
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    if (QFileInfo::exists(QStringLiteral("/.flatpak-info")) || qEnvironmentVariableIsSet("SNAP"))
        return {};
    if (const QString xdgOpen = QStandardPaths::findExecutable(QStringLiteral("xdg-open"));
        !xdgOpen.isEmpty())
        return {xdgOpen};
#endif
    return {};
}

} // namespace

bool DesktopServices::openUrl(const QUrl& url)
{
    if (const auto& opener = currentOpener())
        return opener(url);
    return QDesktopServices::openUrl(url);
}

bool DesktopServices::openUrlWatched(const QUrl& url, QObject* context, FailureHandler failed)
{
    if (currentOpener())
        return openUrl(url);
    const QStringList command = systemOpenerCommand();
    if (command.isEmpty())
        return QDesktopServices::openUrl(url);
    // Owned by the application, not the context: the browser it starts must outlive a sign-in. Its
    // output goes where Tokenscope's goes, as with a detached start, so no pipe ties the browser to us.
    auto* process = new QProcess(QCoreApplication::instance());
    process->setProgram(command.constFirst());
    process->setArguments(command.mid(1) << url.toString(QUrl::FullyEncoded));
    process->setProcessChannelMode(QProcess::ForwardedChannels);
    process->setStandardInputFile(QProcess::nullDevice());
    const QString program = QFileInfo(command.constFirst()).fileName();
    QPointer<QObject> guard = context;
    QObject::connect(process, &QProcess::finished, process,
        [process, program, guard, failed](int exitCode, QProcess::ExitStatus status) {
            process->deleteLater();
            if (!guard || !failed || (status == QProcess::NormalExit && exitCode == 0))
                return;
            failed(status == QProcess::NormalExit
                    ? Text::tr("The program that starts the web browser (%1) ended with exit code %2.")
                          .arg(program)
                          .arg(exitCode)
                    : Text::tr("The program that starts the web browser (%1) crashed.").arg(program));
        });
    process->start();
    if (!process->waitForStarted(5000)) {
        delete process;
        return false;
    }
    return true;
}

void DesktopServices::setUrlOpener(UrlOpener opener)
{
    currentOpener() = std::move(opener);
}

void DesktopServices::setOpenerCommand(const QStringList& command)
{
    openerCommand() = command;
}

} // namespace Tokenscope::Ui
