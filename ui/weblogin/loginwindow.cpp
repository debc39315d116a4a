#include "loginwindow.h"

#include <QCloseEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>
#include <QWebEngineCertificateError>
#include <QWebEngineNewWindowRequest>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineUrlRequestInterceptor>
#include <QWebEngineView>

namespace Tokenscope::Ui {

// Sees every request the page makes (navigations, redirects, form posts, sub-resources) and blocks the
// ones for the redirect URI: whatever answers there, if anything, never receives the code.
class RedirectInterceptor final : public QWebEngineUrlRequestInterceptor
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedirectInterceptor)

public:
    RedirectInterceptor(std::function<bool(const QUrl&)> isRedirect, QObject* parent)
        : QWebEngineUrlRequestInterceptor(parent)
        , m_isRedirect(std::move(isRedirect))
    { }

    void interceptRequest(QWebEngineUrlRequestInfo& info) override
    {
        if (!m_isRedirect(info.requestUrl()))
            return;
        info.block(true);
        const QUrl url = info.requestUrl();
        // Report after returning: the interceptor must not tear down the page it is called from.
        QMetaObject::invokeMethod(
            this, [this, url] { Q_EMIT redirectSeen(url); }, Qt::QueuedConnection);
    }

Q_SIGNALS:
    void redirectSeen(const QUrl& url);

private:
    std::function<bool(const QUrl&)> m_isRedirect;
};

class LoginPage final : public QWebEnginePage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoginPage)

public:
    LoginPage(QWebEngineProfile* profile, std::function<bool(const QUrl&)> isRedirect, QObject* parent)
        : QWebEnginePage(profile, parent)
        , m_isRedirect(std::move(isRedirect))
    { }

Q_SIGNALS:
    void redirectSeen(const QUrl& url);

protected:
    bool acceptNavigationRequest(const QUrl& url, NavigationType type, bool isMainFrame) override
    {
        Q_UNUSED(type)
        if (isMainFrame && m_isRedirect(url)) {
            QMetaObject::invokeMethod(
                this, [this, url] { Q_EMIT redirectSeen(url); }, Qt::QueuedConnection);
            return false;
        }
        return true;
    }

private:
    std::function<bool(const QUrl&)> m_isRedirect;
};

LoginWindow::LoginWindow(
    const EmbeddedLoginRequest& request, const EmbeddedLoginCallbacks& callbacks, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_request(request)
    , m_callbacks(callbacks)
{
    setObjectName(QStringLiteral("loginWindow"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(request.windowTitle.isEmpty() ? tr("Sign in") : request.windowTitle);
    resize(520, 720);

    // No storage name: an off-the-record profile, cookies and cache in memory only, gone with the window.
    m_profile = new QWebEngineProfile(this);
    m_profile->setHttpCacheType(QWebEngineProfile::MemoryHttpCache);
    m_profile->setPersistentCookiesPolicy(QWebEngineProfile::NoPersistentCookies);
    m_interceptor = new RedirectInterceptor(request.isRedirect, this);
    m_profile->setUrlRequestInterceptor(m_interceptor);
    m_page = new LoginPage(m_profile, request.isRedirect, this);

    m_securityLabel = new QLabel(this);
    m_securityLabel->setObjectName(QStringLiteral("securityLabel"));
    m_hostLabel = new QLabel(this);
    m_hostLabel->setObjectName(QStringLiteral("hostLabel"));
    m_hostLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont hostFont = m_hostLabel->font();
    hostFont.setBold(true);
    m_hostLabel->setFont(hostFont);
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("loadProgressBar"));
    m_progress->setRange(0, 100);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(4);
    m_progress->setAccessibleName(tr("Page loading progress"));

    m_view = new QWebEngineView(this);
    m_view->setObjectName(QStringLiteral("loginWebView"));
    m_view->setPage(m_page);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(8, 6, 8, 6);
    bar->setSpacing(8);
    bar->addWidget(m_securityLabel);
    bar->addWidget(m_hostLabel, 1);
    bar->addWidget(m_cancelButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_progress);
    layout->addWidget(m_view, 1);

    connect(m_cancelButton, &QPushButton::clicked, this, &QWidget::close);
    connect(m_interceptor, &RedirectInterceptor::redirectSeen, this, &LoginWindow::onRedirect);
    connect(m_page, &LoginPage::redirectSeen, this, &LoginWindow::onRedirect);
    connect(m_page, &QWebEnginePage::urlChanged, this, &LoginWindow::onUrlChanged);
    connect(m_page, &QWebEnginePage::loadProgress, m_progress, &QProgressBar::setValue);
    connect(m_page, &QWebEnginePage::loadStarted, m_progress, [this] { m_progress->setVisible(true); });
    connect(m_page, &QWebEnginePage::loadFinished, m_progress, [this] { m_progress->setVisible(false); });
    connect(m_page, &QWebEnginePage::certificateError, this, [this](const QWebEngineCertificateError& error) {
        // Refused, never silently accepted: a sign-in page with a bad certificate may be anyone's.
        auto copy = error;
        copy.rejectCertificate();
        fail(tr("The sign-in page's certificate is not trusted"),
            tr("%1: %2").arg(error.url().host(), error.description()));
    });
    connect(m_page, &QWebEnginePage::renderProcessTerminated, this,
        [this](QWebEnginePage::RenderProcessTerminationStatus status, int exitCode) {
            if (status == QWebEnginePage::NormalTerminationStatus)
                return;
            fail(tr("The sign-in page stopped working"),
                tr("The browser process ended (code %1).").arg(exitCode));
        });
    connect(m_page, &QWebEnginePage::newWindowRequested, this, [this](QWebEngineNewWindowRequest& newWindow) {
        // Providers open "forgot password" or federation pages in pop-ups; keep them in this window
        // so the redirect is still watched.
        m_page->load(newWindow.requestedUrl());
    });

    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        fail(tr("The sign-in did not finish in time"),
            tr("No redirect arrived within %n minute(s).", nullptr, int(m_request.timeout.count() / 60)));
    });
    onUrlChanged(request.authorizationUrl);
}

LoginWindow::~LoginWindow()
{
    // The page must go before its profile (a Qt WebEngine requirement); children would go in creation
    // order, profile first.
    delete m_view;
    delete m_page;
}

void LoginWindow::start()
{
    m_timeout.start(m_request.timeout);
    m_page->load(m_request.authorizationUrl);
}

void LoginWindow::onUrlChanged(const QUrl& url)
{
    const bool secure = url.scheme() == QLatin1String("https");
    const bool loopback = url.host() == QLatin1String("127.0.0.1") || url.host() == QLatin1String("localhost")
        || url.host() == QLatin1String("::1");
    m_hostLabel->setText(url.host() + (url.port() > 0 ? QStringLiteral(":%1").arg(url.port()) : QString()));
    m_securityLabel->setText(secure ? QStringLiteral("🔒")
            : loopback              ? tr("⚠ Local, unencrypted")
                                    : tr("⚠ Not secure"));
    m_securityLabel->setToolTip(secure ? tr("Secure connection (HTTPS); certificate errors are refused")
            : loopback                 ? tr("Not encrypted, but only on this computer (a local address)")
                                       : tr("Not secure: this page is not using HTTPS"));
    m_securityLabel->setAccessibleName(m_securityLabel->toolTip());
    m_hostLabel->setToolTip(url.toString(QUrl::RemoveQuery | QUrl::RemoveFragment));
}

void LoginWindow::finishWith(const std::function<void()>& callback)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timeout.stop();
    m_page->triggerAction(QWebEnginePage::Stop);
    if (callback)
        callback();
    hide();
    deleteLater();
}

void LoginWindow::onRedirect(const QUrl& url)
{
    finishWith([this, url] { m_callbacks.redirected(url); });
}

void LoginWindow::fail(const QString& summary, const QString& detail)
{
    finishWith([this, summary, detail] { m_callbacks.failed(summary, detail); });
}

void LoginWindow::closeEvent(QCloseEvent* event)
{
    finishWith(m_callbacks.cancelled);
    event->accept();
}

void LoginWindow::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Escape) {
        close();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace Tokenscope::Ui

#include "loginwindow.moc"
