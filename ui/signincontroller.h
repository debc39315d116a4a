#pragma once

#include "error.h"
#include "tokensession.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <chrono>

class QWidget;

namespace Tokenscope::OAuth {
class ExternalRedirectLoginAgent;
class LoginAgent;
class LoopbackLoginAgent;
class SignInFlow;
} // namespace Tokenscope::OAuth
namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

class EmbeddedLoginAgent;
class MessageBanner;

// Signs in to the current environment from the window: asks its token session to sign in, hands it a
// login agent when the flow needs one (the embedded sign-in window or the system browser, one per
// environment, so two sign-ins never see each other's redirects), and shows the user what the flow
// asks of them: the device code dialog, or where a sign-in in the browser goes on.
class SignInController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInController)

public:
    // window parents the sign-in window and the device code dialog; banner announces a sign-in that
    // goes on in the system browser.
    SignInController(Workspace::AppSession* session, QWidget* window, MessageBanner* banner);
    ~SignInController() override;

    void signIn(OAuth::TokenSession::SignInMode mode);
    // The sign-in agent of the current environment as its settings ask (null without an environment).
    OAuth::LoginAgent* loginAgent();
    // A redirect to a private-use scheme that the system handed to Tokenscope (RFC 8252 §7.1), for the
    // sign-in waiting in the system browser with that redirect URI. False when no sign-in waits for it.
    bool deliverRedirect(const QUrl& url);
    // The embedded sign-in did not progress and the user chose the system browser: the same sign-in
    // again, there.
    void continueInSystemBrowser(const QString& environmentId);
    // The address of the current environment's sign-in waiting in the system browser, for a browser
    // of the user's choice; empty when none waits.
    QUrl signInLink() const;
    // Puts signInLink on the clipboard; false when there is none yet.
    bool copySignInLink();

Q_SIGNALS:
    // A sign-in could not start (no environment); a sign-in that ends says so through its session.
    void problem(const Tokenscope::Error& error);
    // A passing remark for the status bar: a redirect arrived that the waiting sign-in did not take.
    void statusMessage(const QString& message, int timeout);
    // A sign-in moves to the system browser for an environment whose settings name the embedded window,
    // and its redirect URI has a private-use scheme: the desktop must send that scheme here for now.
    void privateUseSchemeNeeded(const QString& scheme);

private:
    OAuth::LoginAgent* loginAgentFor(const QString& environmentId);
    // The loopback listener, or for a private-use redirect URI an agent that waits for the system to
    // hand the redirect over.
    OAuth::LoginAgent* browserAgentFor(const QString& environmentId, std::chrono::seconds timeout);
    void environmentsChanged();
    void watch(OAuth::TokenSession* session, OAuth::SignInFlow* flow);
    void showDeviceCode(OAuth::TokenSession* session, OAuth::SignInFlow* flow);
    void announceBrowser(OAuth::TokenSession* session);
    // The browser's opener ended with an error: the sign-in still waits, for the link pasted elsewhere.
    void browserFailed(const QString& environmentId, const QUrl& url, const QString& reason);
    bool openBrowser(const QString& environmentId, const QUrl& url);

    Workspace::AppSession* m_session;
    QPointer<QWidget> m_window;
    QPointer<MessageBanner> m_banner;
    QHash<QString, EmbeddedLoginAgent*> m_embeddedAgents;
    QHash<QString, OAuth::LoopbackLoginAgent*> m_browserAgents;
    QHash<QString, OAuth::ExternalRedirectLoginAgent*> m_externalAgents;
    // Per environment: waits for the flow of the sign-in just asked for.
    QHash<QString, QMetaObject::Connection> m_flowStarted;
    // Per environment: the mode of the last sign-in, for one moved to the system browser.
    QHash<QString, OAuth::TokenSession::SignInMode> m_modes;
    QStringList m_environmentIds;
};

} // namespace Tokenscope::Ui
