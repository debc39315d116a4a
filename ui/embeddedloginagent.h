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

    void start(const QUrl& authorizationUrl, const QUrl& redirectUri) override;
    void cancel() override;

    // The open sign-in window, if any (tests drive it).
    QWidget* window() const { return m_window; }

    // Where the plugin is looked for, in order; and the one found, or an explanation.
    static QStringList pluginCandidates();
    static EmbeddedLoginFactory* loadFactory(QString* error);
    // Forgets the cookies and cache of a persistent profile; false with a reason when the sign-in
    // component is missing.
    static bool clearPersistentProfile(const QString& name, QString* error);

private:
    QPointer<QWidget> m_parentWindow;
    QPointer<QWidget> m_window;
    QString m_title;
    std::chrono::seconds m_timeout {600};
    QString m_persistentProfile;
    QList<CertificateFingerprint> m_trustedCertificates;
};

} // namespace Tokenscope::Ui
