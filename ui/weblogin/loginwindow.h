#pragma once

#include "embeddedlogin.h"
#include "signinprogresswatcher.h"

#include <QTimer>
#include <QWidget>

class QFrame;
class QLabel;
class QProgressBar;
class QPushButton;
class QScreen;
class QWebEngineLoadingInfo;
class QWebEngineProfile;
class QWebEngineView;

namespace Tokenscope::Ui {

class LoginPage;
class RedirectInterceptor;
class RedirectSchemeHandler;

// The provider's sign-in page in an embedded browser with its own off-the-record profile, so no
// session leaks between environments. Shows where the user is (host, TLS) and watches for the
// redirect URI, which is intercepted before any request for it leaves; points out a sign-in that does
// not progress, with the system browser as the way out.
class LoginWindow final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoginWindow)

public:
    LoginWindow(
        const EmbeddedLoginRequest& request, const EmbeddedLoginCallbacks& callbacks, QWidget* parent);
    ~LoginWindow() override;

    void start();
    static void clearPersistentProfile(const QString& name);
    static void removePersistentProfile(const QString& name);
    // The size to open at: the remembered one, or one that fits common login and consent pages; never
    // larger than the screen.
    static QSize fittedSize(const QSize& remembered, const QScreen* screen);

protected:
    void closeEvent(QCloseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void onRedirect(const QUrl& url);
    void onFormPost(const QUrl& url);
    void onLoadingChanged(const QWebEngineLoadingInfo& info);
    void onUrlChanged(const QUrl& url);
    void onStalled(SignInProgressWatcher::Stall stall);
    QFrame* createStallBar();
    void fail(const QString& summary, const QString& detail, const QString& hint = {});
    void finishWith(const std::function<void()>& callback);

    EmbeddedLoginRequest m_request;
    EmbeddedLoginCallbacks m_callbacks;
    QWebEngineProfile* m_profile = nullptr;
    RedirectInterceptor* m_interceptor = nullptr;
    RedirectSchemeHandler* m_schemeHandler = nullptr;
    LoginPage* m_page = nullptr;
    QWebEngineView* m_view = nullptr;
    QLabel* m_securityLabel = nullptr;
    QLabel* m_hostLabel = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QFrame* m_stallBar = nullptr;
    QLabel* m_stallLabel = nullptr;
    QPushButton* m_systemBrowserButton = nullptr;
    SignInProgressWatcher* m_watcher = nullptr;
    QTimer m_timeout;
    bool m_finished = false;
    bool m_readingForm = false;
};

} // namespace Tokenscope::Ui
