#pragma once

#include <QObject>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace Tokenscope::Workspace {
class AppSession;
struct WorkspaceData;
} // namespace Tokenscope::Workspace

namespace Tokenscope::Ui {

// Tells the desktop that Tokenscope opens the private-use redirect schemes (RFC 8252 §7.1) of the
// environments that sign in with the system browser, so the browser's redirect reaches it. Every
// platform's way is compiled everywhere and chosen at run time: a desktop file and mimeapps.list
// default (freedesktop.org), HKEY_CURRENT_USER\Software\Classes (Windows); on macOS the application
// bundle declares its schemes when it is built, so there is nothing to register, only to check.
class UrlSchemeRegistration final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UrlSchemeRegistration)

public:
    enum class Platform { FreeDesktop, Windows, MacOS };

    // Keeps the registration in step with session's environments from now on.
    explicit UrlSchemeRegistration(Workspace::AppSession* session, QObject* parent = nullptr);
    ~UrlSchemeRegistration() override;

    static Platform currentPlatform();
    // The lower-case private-use schemes of the environments set to the system browser.
    static QStringList neededSchemes(const Workspace::WorkspaceData& workspace);
    // Makes the desktop route exactly schemes to executable; none removes Tokenscope's registration.
    static bool apply(
        Platform platform, const QStringList& schemes, const QString& executable, QString* error);
    // The schemes the macOS bundle declares (CFBundleURLTypes), fixed at build time.
    static QStringList bundleSchemes();
    // Why the browser cannot come back to Tokenscope through redirectUri on platform, as a sentence for
    // the environment editor; empty when it can.
    static QString schemeProblem(const QUrl& redirectUri, Platform platform = currentPlatform());
    // What the environment editor says of the system browser for redirectUri: the way back, or the
    // problem.
    static QString systemBrowserHint(const QUrl& redirectUri);

    static QString desktopFileName() { return QStringLiteral("nl.tokenscope.Tokenscope-redirects.desktop"); }

    // Registers scheme for the rest of this run too, though no environment's settings ask for it: a
    // sign-in moved from the embedded window to the system browser. The next start forgets it.
    void holdScheme(const QString& scheme);

private:
    void update();

    Workspace::AppSession* m_session;
    QStringList m_held;
    // Nullopt until the first update, which also clears what an earlier run left registered.
    std::optional<QStringList> m_applied;
};

} // namespace Tokenscope::Ui
