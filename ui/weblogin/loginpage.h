#pragma once

#include <QWebEnginePage>
#include <QWebEngineUrlRequestInterceptor>
#include <QWebEngineUrlSchemeHandler>

#include <functional>

namespace Tokenscope::Ui {

// Installed on the profile, so it sees every request (navigations, redirects, form posts, frames,
// sub-resources, and what service workers fetch, which no page interceptor sees) and blocks the ones
// for the redirect URI: whatever answers there, if anything, never receives the code. Only a
// main-frame request is reported as the redirect.
class RedirectInterceptor final : public QWebEngineUrlRequestInterceptor
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedirectInterceptor)

public:
    RedirectInterceptor(std::function<bool(const QUrl&)> isRedirect, QObject* parent);

    void interceptRequest(QWebEngineUrlRequestInfo& info) override;

Q_SIGNALS:
    void redirectSeen(const QUrl& url);
    // A form posted to the redirect URI (response_mode=form_post): its fields are in the page.
    void formPostSeen(const QUrl& url);

private:
    std::function<bool(const QUrl&)> m_isRedirect;
};

// Claims a private-use redirect scheme (com.example.app:/callback) for the window: requests for it are
// reported and failed, never handed to the operating system.
class RedirectSchemeHandler final : public QWebEngineUrlSchemeHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedirectSchemeHandler)

public:
    using QWebEngineUrlSchemeHandler::QWebEngineUrlSchemeHandler;

    void requestStarted(QWebEngineUrlRequestJob* job) override;

Q_SIGNALS:
    void redirectSeen(const QUrl& url);
};

// Installs handler for a private-use scheme in profile, unless one is there (a persistent profile shared
// with an earlier window). Works for a scheme registered with QWebEngineUrlScheme at WebEngine's start
// and for one that came later (registration is closed then), where only a warning is left out.
void installRedirectSchemeHandler(
    QWebEngineProfile* profile, const QByteArray& scheme, RedirectSchemeHandler* handler);

// Refuses navigations to the redirect URI: main-frame ones are reported, and whatever the scheme, this
// is where a redirect is caught first (a 302, a script, a link or a form); a sub-frame's are dropped.
class LoginPage final : public QWebEnginePage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoginPage)

public:
    LoginPage(QWebEngineProfile* profile, std::function<bool(const QUrl&)> isRedirect, QObject* parent);

Q_SIGNALS:
    void redirectSeen(const QUrl& url);
    void formPostSeen(const QUrl& url);
    // The user sent a form of the page at from (to the provider, not to the redirect URI).
    void formSubmitted(const QUrl& from);

protected:
    bool acceptNavigationRequest(const QUrl& url, NavigationType type, bool isMainFrame) override;
    // Dropped: the provider's page may write anything to its console, tokens and codes included, and
    // Qt WebEngine would pass its warnings and errors on to the application's log.
    void javaScriptConsoleMessage(JavaScriptConsoleMessageLevel level, const QString& message, int lineNumber,
        const QString& sourceId) override;

private:
    std::function<bool(const QUrl&)> m_isRedirect;
};

} // namespace Tokenscope::Ui
