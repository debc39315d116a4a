#pragma once

#include "certificatefingerprint.h"

#include <QList>
#include <QSize>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QtPlugin>

#include <chrono>
#include <functional>

class QWidget;

namespace Tokenscope::Ui {

// The contract between the application and the on-demand WebEngine plugin. It is deliberately free of
// QObject types of our own, so the plugin links nothing but Qt and the engine's core value types
// (tokenscope_core, Qt Core only): the application stays free of WebEngine (startup time, memory) until
// a sign-in window opens.
struct EmbeddedLoginRequest
{
    QUrl authorizationUrl;
    QString windowTitle;
    // True for a URL that is the redirect URI: it is reported and never loaded.
    std::function<bool(const QUrl&)> isRedirect;
    // The redirect URI's scheme. A private-use one (com.example.app, RFC 8252 §7.1) is unknown to the
    // browser, which would otherwise hand it to the operating system; the window claims it instead.
    QByteArray redirectScheme;
    std::chrono::seconds timeout {600};
    // Empty: a fresh in-memory browser profile for this window alone. Otherwise the name of a
    // persistent profile on disk (one per environment), whose cookies survive between sign-ins.
    QString persistentProfile;
    // Certificates the user trusts for this environment although no authority signed them.
    QList<CertificateFingerprint> trustedCertificates;
    // The size the user last gave this environment's window; empty: a size that fits common login and
    // consent pages. Either is clamped to the screen.
    QSize windowSize;
    // A sign-in that does not progress (the provider's page comes back after every form post, or
    // nothing happens for noProgressAfter) is pointed out in the window. With the offer, the user can
    // move the sign-in to the system browser (EmbeddedLoginCallbacks::systemBrowserRequested); with a
    // reason in systemBrowserUnavailable, the window says why that is not possible instead.
    bool offerSystemBrowser = false;
    QString systemBrowserUnavailable;
    std::chrono::seconds noProgressAfter {120};
};

struct EmbeddedLoginCallbacks
{
    std::function<void(const QUrl& redirect)> redirected;
    std::function<void()> cancelled;
    std::function<void(const QString& summary, const QString& detail, const QString& hint)> failed;
    // The user chose to go on in the system browser: the window is closing and the sign-in ends here.
    std::function<void()> systemBrowserRequested;
};

// The folders a persistent profile keeps its storage (cookies, local storage) and its cache in: Qt
// WebEngine's defaults for its storage name, set explicitly by the plugin, so that the application can
// remove them without starting WebEngine.
inline QStringList persistentProfileFolders(const QString& name)
{
    QString storageName = QStringLiteral("signin-");
    for (const QChar c : name)
        storageName += c.isLetterOrNumber() || c == QLatin1Char('-') ? c : QLatin1Char('_');
    const QString tail = QStringLiteral("/QtWebEngine/") + storageName;
    return {QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + tail,
        QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + tail};
}

class EmbeddedLoginFactory
{
public:
    virtual ~EmbeddedLoginFactory() = default;
    // Opens a sign-in window; exactly one callback follows, after which the window closes itself.
    // Deleting the returned window cancels the sign-in without any callback.
    virtual QWidget* openLogin(
        const EmbeddedLoginRequest& request, const EmbeddedLoginCallbacks& callbacks, QWidget* parent)
        = 0;
    // Forgets what a persistent profile keeps (cookies, cache, storage): the provider will ask who
    // the user is at the next sign-in.
    virtual void clearPersistentProfile(const QString& name) = 0;
    // Closes the sign-in windows that use a persistent profile, releases it and deletes its folders.
    virtual void removePersistentProfile(const QString& name) = 0;
    // Private-use redirect schemes (RFC 8252 §7.1) the windows will claim. Qt WebEngine takes them only
    // before it starts (the first window or profile); later ones are ignored here, and a window for
    // such a scheme catches its redirect by navigation alone.
    virtual void registerRedirectSchemes(const QList<QByteArray>& schemes) = 0;
};

} // namespace Tokenscope::Ui

#define TOKENSCOPE_EMBEDDED_LOGIN_IID "nl.tokenscope.EmbeddedLoginFactory/4.1"
Q_DECLARE_INTERFACE(Tokenscope::Ui::EmbeddedLoginFactory, TOKENSCOPE_EMBEDDED_LOGIN_IID)
