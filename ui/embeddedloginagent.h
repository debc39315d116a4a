#pragma once

#include "oauth/loginagent.h"

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

    void start(const QUrl& authorizationUrl, const QUrl& redirectUri) override;
    void cancel() override;

    // The open sign-in window, if any (tests drive it).
    QWidget* window() const { return m_window; }

    // Where the plugin is looked for, in order; and the one found, or an explanation.
    static QStringList pluginCandidates();
    static EmbeddedLoginFactory* loadFactory(QString* error);

private:
    QPointer<QWidget> m_parentWindow;
    QPointer<QWidget> m_window;
    QString m_title;
    std::chrono::seconds m_timeout {600};
};

} // namespace Tokenscope::Ui
