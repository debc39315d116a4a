#include "componentcheck.h"

#include "embeddedloginagent.h"
#include "keychainsecretstore.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QGuiApplication>
#include <QTimer>
#include <QUuid>

#if defined(TOKENSCOPE_HAVE_QTDBUS)
#include <QDBusConnection>
#include <QDBusMessage>
#endif

#include <cstdio>
#include <memory>

namespace Tokenscope::Ui {

namespace {

void printLine(std::FILE* stream, const QString& line)
{
    std::fprintf(stream, "%s\n", qPrintable(line));
}

#if defined(TOKENSCOPE_HAVE_QTDBUS)
bool hasOwnerOnSessionBus(const QString& service)
{
    QDBusMessage call = QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.DBus"),
        QStringLiteral("/org/freedesktop/DBus"), QStringLiteral("org.freedesktop.DBus"),
        QStringLiteral("NameHasOwner"));
    call << service;
    const int timeout = static_cast<int>(std::chrono::milliseconds(keychainProbeTimeout).count());
    const QDBusMessage reply = QDBusConnection::sessionBus().call(call, QDBus::Block, timeout);
    return reply.type() == QDBusMessage::ReplyMessage && reply.arguments().value(0).toBool();
}
#endif

class ComponentCheck final
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Ui::ComponentCheck)

public:
    static int run();

private:
    static QString keychainBackendName(const Secrets::KeychainSecretStore& store);
    static QString keychainReport();
};

// Qt WebEngine warns, as its library is loaded into an application without the shared OpenGL context,
// that it "seems to be initialized from a plugin". The window-less check never renders a page, so that
// advice is only noise in its report; every other message passes.
QtMessageHandler previousMessageHandler = nullptr;

void withoutWebEngineContextWarning(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type == QtWarningMsg
        && message.startsWith(QLatin1String("Qt WebEngine seems to be initialized from a plugin")))
        return;
    previousMessageHandler(type, context, message);
}

bool loadSignInComponent(QString* problem)
{
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return EmbeddedLoginAgent::loadFactory(problem) != nullptr;
    previousMessageHandler = qInstallMessageHandler(withoutWebEngineContextWarning);
    const bool loaded = EmbeddedLoginAgent::loadFactory(problem) != nullptr;
    qInstallMessageHandler(previousMessageHandler);
    return loaded;
}

// Which keychain answered. On Linux the service that owns its name on the session bus, in the order
// QtKeychain picks them (KWallet first on a KDE desktop); elsewhere the system's one keychain.
QString ComponentCheck::keychainBackendName(const Secrets::KeychainSecretStore& store)
{
#if defined(TOKENSCOPE_HAVE_QTDBUS)
    const QString kwallet = tr("KWallet");
    const QList<std::pair<QString, QString>> secretService {
        {QStringLiteral("org.freedesktop.secrets"), store.backendName()}};
    const QList<std::pair<QString, QString>> kwallets {
        {QStringLiteral("org.kde.kwalletd6"), kwallet}, {QStringLiteral("org.kde.kwalletd5"), kwallet}};
    const bool kde = qEnvironmentVariable("XDG_CURRENT_DESKTOP").contains(QLatin1String("KDE"));
    for (const auto& [service, name] : kde ? kwallets + secretService : secretService + kwallets) {
        if (hasOwnerOnSessionBus(service))
            return name;
    }
#endif
    return store.backendName();
}

// The one keychain line: written, read back and removed through the store the application uses.
QString ComponentCheck::keychainReport()
{
    // The application's own service name (KeychainSecretStore's default), so that the check meets the
    // keychain exactly as the application does, access rules included.
    auto store = std::make_unique<Secrets::KeychainSecretStore>();
    const QString key = QStringLiteral("tokenscope/component-check");
    const QString value = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString problem;
    bool answered = false;
    QEventLoop loop;
    const auto note = [&problem](const Secrets::SecretResult& result) {
        if (!result.ok() && problem.isEmpty())
            problem = result.message.isEmpty() ? tr("no reason given") : result.message;
    };
    store->write(key, value, &loop, note);
    store->read(key, &loop, [&](const Secrets::SecretResult& result) {
        note(result);
        if (result.ok() && result.value != value && problem.isEmpty())
            problem = tr("it gave back something other than what was written");
    });
    store->remove(key, &loop, [&](const Secrets::SecretResult& result) {
        note(result);
        answered = true;
        loop.quit();
    });
    QTimer::singleShot(keychainProbeTimeout, &loop, &QEventLoop::quit);
    loop.exec();

    if (!answered) {
        // A job still waits for D-Bus. The store's destructor would wait for it once more, and QtKeychain
        // must not have a job destroyed in flight; the process ends after the check, so it keeps the store.
        static_cast<void>(store.release());
        problem = tr("it did not answer within %1 seconds").arg(keychainProbeTimeout.count());
    }
    if (problem.isEmpty())
        return tr("Keychain: %1 works (a test entry was written, read back and removed).")
            .arg(keychainBackendName(*store));
#if defined(Q_OS_MACOS)
    return tr("Keychain: not available (%1). Refresh tokens and client secrets would be kept only until "
              "Tokenscope quits. Allow Tokenscope to use your login keychain in Keychain Access.")
        .arg(problem);
#elif defined(Q_OS_WIN)
    return tr("Keychain: not available (%1). Refresh tokens and client secrets would be kept only until "
              "Tokenscope quits. Windows Credential Manager must be available to your account.")
        .arg(problem);
#else
    return tr("Keychain: not available (%1). Refresh tokens and client secrets would be kept only until "
              "Tokenscope quits. To keep them, install GNOME Keyring (the gnome-keyring package) or KWallet "
              "and unlock it in your desktop session.")
        .arg(problem);
#endif
}

int ComponentCheck::run()
{
    QString problem;
    if (!loadSignInComponent(&problem)) {
        printLine(stderr, tr("Sign-in component: missing or broken: %1").arg(problem));
        printLine(stdout, keychainReport());
        return 1;
    }
    printLine(stdout, tr("Sign-in component: %1").arg(EmbeddedLoginAgent::loadedPluginFile()));
    printLine(stdout, keychainReport());
    return 0;
}

} // namespace

int checkComponents()
{
    return ComponentCheck::run();
}

} // namespace Tokenscope::Ui
