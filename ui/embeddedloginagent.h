#pragma once

#include "certificatefingerprint.h"
#include "loginagent.h"

#include <QPointer>
#include <QWidget>

#include <chrono>

namespace Tokenscope::Ui {

class EmbeddedLoginFactory;

// The default login agent: the provider's page in an embedded Qt WebEngine window. WebEngine lives in
// a plugin loaded on the first sign-in, so starting Tokenscope never pays for it.
class EmbeddedLoginAgent final : public OAuth::LoginAgent
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EmbeddedLoginAgent)

public:
    explicit EmbeddedLoginAgent(QWidget* parentWindow, QObject* parent = nullptr);
    ~EmbeddedLoginAgent() override;

    void setWindowTitle(const QString& title) { m_title = title; }
    void setTimeout(std::chrono::seconds timeout) { m_timeout = timeout; }
    // Empty: an in-memory profile per window. A name: that persistent profile ("stay signed in").
    void setPersistentProfile(const QString& name) { m_persistentProfile = name; }
    void setTrustedCertificates(const QList<CertificateFingerprint>& fingerprints)
    {
        m_trustedCertificates = fingerprints;
    }
    // Remembers the window's size under this key (the environment id), so the next window for it opens
    // at the size the user gave it. Empty: a default size every time.
    void setWindowSizeKey(const QString& key) { m_windowSizeKey = key; }
    // On: a sign-in that does not progress offers to go on in the system browser (systemBrowserRequested),
    // or says why it cannot when the redirect URI is not a loopback one (RFC 8252 §7.3).
    void setSystemBrowserFallback(bool offered) { m_systemBrowserFallback = offered; }
    void setNoProgressAfter(std::chrono::seconds duration) { m_noProgressAfter = duration; }

    void start(const QUrl& authorizationUrl, const QUrl& redirectUri) override;
    void cancel() override;

    // The open sign-in window, if any (tests drive it).
    QWidget* window() const { return m_window; }

    // The private-use redirect schemes (RFC 8252 §7.1) of every environment. Qt WebEngine accepts a
    // custom scheme only before it starts, so they are handed to the plugin when it is loaded; a scheme
    // that comes later works too, without a scheme handler of its own (see LoginWindow).
    static void setRedirectSchemes(const QList<QByteArray>& schemes);
    // Drops the window size remembered under key (an environment that is gone).
    static void forgetWindowSize(const QString& key);

    // Where the plugin is looked for, in order; and the one found, or an explanation.
    static QStringList pluginCandidates();
    static EmbeddedLoginFactory* loadFactory(QString* error);
    // The plugin file loadFactory loaded; empty before.
    static QString loadedPluginFile();
    // Forgets the cookies and cache of a persistent profile; false with a reason when the sign-in
    // component is missing.
    static bool clearPersistentProfile(const QString& name, QString* error);
    // Deletes everything a persistent profile keeps on disk (an environment that is gone). WebEngine is
    // started for it only when it runs already: otherwise nothing holds the folders open.
    static void removePersistentProfile(const QString& name);
    static QStringList persistentProfileFolders(const QString& name);
    // Profiles removed while WebEngine ran, whose last files go before WebEngine starts again.
    static QStringList profilesLeftBehind();
    static void removeProfilesLeftBehind();

Q_SIGNALS:
    // The user moved the sign-in to the system browser; cancelled follows.
    void systemBrowserRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QPointer<QWidget> m_parentWindow;
    QPointer<QWidget> m_window;
    QString m_title;
    std::chrono::seconds m_timeout {600};
    QString m_persistentProfile;
    QList<CertificateFingerprint> m_trustedCertificates;
    QString m_windowSizeKey;
    bool m_systemBrowserFallback = false;
    std::chrono::seconds m_noProgressAfter {120};
};

} // namespace Tokenscope::Ui
