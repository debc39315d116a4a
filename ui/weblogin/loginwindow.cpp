#include "loginwindow.h"

#include "loginpage.h"
#include "palette.h"
#include "signinprogresswatcher.h"
#include "urlhelpers.h"

#include <QApplication>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QFrame>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSslCertificate>
#include <QStyle>
#include <QVBoxLayout>
#include <QWebEngineCertificateError>
#include <QWebEngineCookieStore>
#include <QWebEngineLoadingInfo>
#include <QWebEngineNewWindowRequest>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineScript>
#include <QWebEngineSettings>
#include <QWebEngineView>

namespace Tokenscope::Ui {

namespace {

// Persistent profiles live for the whole run (Qt WebEngine allows one profile object per storage
// name) and go before the application object, as WebEngine requires.
QHash<QString, QWebEngineProfile*>& persistentProfiles()
{
    static QHash<QString, QWebEngineProfile*> profiles;
    return profiles;
}

QWebEngineProfile* persistentProfile(const QString& name)
{
    const QStringList folders = persistentProfileFolders(name);
    const QString storageName = QFileInfo(folders.constFirst()).fileName();
    QWebEngineProfile*& profile = persistentProfiles()[storageName];
    if (!profile) {
        profile = new QWebEngineProfile(storageName);
        profile->setPersistentStoragePath(folders.constFirst());
        profile->setCachePath(folders.constLast());
        // The user asked to stay signed in: keep the provider's session cookies too.
        profile->setPersistentCookiesPolicy(QWebEngineProfile::ForcePersistentCookies);
        static bool cleanup = false;
        if (!cleanup) {
            cleanup = true;
            QObject::connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, [] {
                qDeleteAll(persistentProfiles());
                persistentProfiles().clear();
            });
        }
    }
    return profile;
}

// Reads the fields of the forms on the page that post somewhere: the provider's form_post page is
// still there, because the navigation it started was refused.
const char* const readPostedForms = R"js(
(function () {
  var forms = [];
  for (var i = 0; i < document.forms.length; ++i) {
    var form = document.forms[i];
    if ((form.method || '').toLowerCase() !== 'post') continue;
    var fields = [];
    for (var j = 0; j < form.elements.length; ++j) {
      var element = form.elements[j];
      if (!element.name || element.disabled) continue;
      if ((element.type === 'checkbox' || element.type === 'radio') && !element.checked) continue;
      if (typeof element.value !== 'string') continue;
      fields.push([element.name, element.value]);
    }
    forms.push({action: new URL(form.action, document.baseURI).href, fields: fields});
  }
  return JSON.stringify(forms);
})()
)js";

} // namespace

void LoginWindow::clearPersistentProfile(const QString& name)
{
    QWebEngineProfile* profile = persistentProfile(name);
    // Cookies hold the provider's session. (clearHttpCache() is left out on purpose: in Qt WebEngine 6.4
    // it stalls the next page load of a persistent profile; the provider's pages are not cached anyway.)
    profile->cookieStore()->deleteAllCookies();
    profile->clearAllVisitedLinks();
}

void LoginWindow::removePersistentProfile(const QString& name)
{
    const QStringList folders = persistentProfileFolders(name);
    if (QWebEngineProfile* profile = persistentProfiles().take(QFileInfo(folders.constFirst()).fileName())) {
        // Its pages go first (a Qt WebEngine requirement): a window still open on it closes unasked.
        const QList<QWidget*> widgets = QApplication::topLevelWidgets();
        for (QWidget* widget : widgets) {
            auto* window = qobject_cast<LoginWindow*>(widget);
            if (window && window->m_profile == profile)
                delete window;
        }
        profile->cookieStore()->deleteAllCookies();
        delete profile;
    }
    for (const QString& folder : folders)
        QDir(folder).removeRecursively();
}

LoginWindow::LoginWindow(
    const EmbeddedLoginRequest& request, const EmbeddedLoginCallbacks& callbacks, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_request(request)
    , m_callbacks(callbacks)
{
    setObjectName(QStringLiteral("loginWindow"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(request.windowTitle.isEmpty() ? tr("Sign in") : request.windowTitle);
    setMinimumSize(360, 400);
    resize(fittedSize(request.windowSize, parent ? parent->screen() : QGuiApplication::primaryScreen()));

    if (request.persistentProfile.isEmpty()) {
        // No storage name: an off-the-record profile, cookies and cache in memory only, gone with the
        // window, so nothing is shared between environments or between two sign-ins.
        m_profile = new QWebEngineProfile(this);
        m_profile->setHttpCacheType(QWebEngineProfile::MemoryHttpCache);
        m_profile->setPersistentCookiesPolicy(QWebEngineProfile::NoPersistentCookies);
    } else {
        m_profile = persistentProfile(request.persistentProfile);
    }
    m_interceptor = new RedirectInterceptor(request.isRedirect, this);
    m_page = new LoginPage(m_profile, request.isRedirect, this);
    m_profile->setUrlRequestInterceptor(m_interceptor);
    // A private-use redirect scheme (com.example.app:/callback) must never reach the operating system's
    // URL handlers: it is intercepted here, and any other unknown scheme is refused.
    m_page->settings()->setUnknownUrlSchemePolicy(QWebEngineSettings::DisallowUnknownUrlSchemes);
    const QByteArray scheme = request.redirectScheme;
    if (!scheme.isEmpty() && scheme != "http" && scheme != "https") {
        m_schemeHandler = new RedirectSchemeHandler(this);
        installRedirectSchemeHandler(m_profile, scheme, m_schemeHandler);
        connect(m_schemeHandler, &RedirectSchemeHandler::redirectSeen, this, [this](const QUrl& url) {
            if (m_request.isRedirect(url))
                onRedirect(url);
        });
    }

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

    m_stallBar = createStallBar();
    m_watcher = new SignInProgressWatcher(request.noProgressAfter, this);

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
    layout->addWidget(m_stallBar);
    layout->addWidget(m_view, 1);

    connect(m_cancelButton, &QPushButton::clicked, this, &QWidget::close);
    connect(m_interceptor, &RedirectInterceptor::redirectSeen, this, &LoginWindow::onRedirect);
    connect(m_page, &LoginPage::redirectSeen, this, &LoginWindow::onRedirect);
    connect(m_interceptor, &RedirectInterceptor::formPostSeen, this, &LoginWindow::onFormPost);
    connect(m_page, &LoginPage::formPostSeen, this, &LoginWindow::onFormPost);
    connect(m_page, &QWebEnginePage::urlChanged, this, &LoginWindow::onUrlChanged);
    connect(m_page, &QWebEnginePage::urlChanged, m_watcher, &SignInProgressWatcher::stepTaken);
    connect(m_page, &LoginPage::formSubmitted, m_watcher, &SignInProgressWatcher::formSubmitted);
    connect(m_watcher, &SignInProgressWatcher::stalled, this, &LoginWindow::onStalled);
    connect(m_watcher, &SignInProgressWatcher::resumed, m_stallBar, &QWidget::hide);
    connect(m_page, &QWebEnginePage::loadProgress, m_progress, &QProgressBar::setValue);
    connect(m_page, &QWebEnginePage::loadStarted, m_progress, [this] { m_progress->setVisible(true); });
    connect(m_page, &QWebEnginePage::loadFinished, m_progress, [this] { m_progress->setVisible(false); });
    connect(m_page, &QWebEnginePage::loadingChanged, this, &LoginWindow::onLoadingChanged);
    connect(m_page, &QWebEnginePage::certificateError, this, [this](const QWebEngineCertificateError& error) {
        auto copy = error;
        const QList<QSslCertificate> chain = error.certificateChain();
        const CertificateFingerprint presented = chain.isEmpty()
            ? CertificateFingerprint()
            : CertificateFingerprint::fromDigest(chain.constFirst().digest(QCryptographicHash::Sha256));
        // Accepted only when the user trusted exactly this certificate for this host (a sandbox's
        // self-signed one) and no authority is all that is wrong with it; otherwise refused, never
        // silently: a sign-in page with a bad certificate may be anyone's.
        if (error.isOverridable() && error.type() == QWebEngineCertificateError::CertificateAuthorityInvalid
            && isTrustedFor(m_request.trustedCertificates, presented, error.url().host())) {
            copy.acceptCertificate();
            return;
        }
        copy.rejectCertificate();
        QString detail = tr("%1: %2").arg(error.url().host(), error.description());
        if (!presented.isNull())
            detail += QLatin1Char('\n') + tr("SHA-256 fingerprint: %1").arg(presented.toString());
        fail(tr("The sign-in page's certificate is not trusted"), detail,
            tr("If this is a sandbox with a self-signed certificate, check the fingerprint with its "
               "administrator and trust it in the environment's Sign-in settings."));
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
    if (m_schemeHandler)
        m_profile->removeUrlSchemeHandler(m_schemeHandler); // a persistent profile outlives the window
    // The page must go before its profile (a Qt WebEngine requirement); children would go in creation
    // order, profile first.
    delete m_view;
    delete m_page;
    m_profile->setUrlRequestInterceptor(nullptr);
}

void LoginWindow::start()
{
    m_timeout.start(m_request.timeout);
    m_watcher->start();
    m_page->load(m_request.authorizationUrl);
}

void LoginWindow::onUrlChanged(const QUrl& url)
{
    const bool secure = url.scheme() == QLatin1String("https");
    const bool loopback = isLoopbackUrl(url);
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
    if (m_readingForm)
        return; // the same navigation, seen once more by the interceptor
    finishWith([this, url] { m_callbacks.redirected(url); });
}

void LoginWindow::onLoadingChanged(const QWebEngineLoadingInfo& info)
{
    if (info.status() == QWebEngineLoadingInfo::LoadSucceededStatus)
        m_watcher->pageLoaded(info.url());
    // The provider's own first page failing ends the sign-in with what it said: an unreachable provider,
    // or an error page instead of a sign-in form (an unregistered redirect URI or client, a bad scope).
    // Later pages stay on screen: a provider may answer a wrong password with an error status.
    const QUrl& start = m_request.authorizationUrl;
    const QUrl url = info.url();
    if (url.scheme() != start.scheme() || url.host() != start.host() || url.port() != start.port()
        || url.path() != start.path())
        return;
    const auto domain = info.errorDomain();
    const bool httpError = domain == QWebEngineLoadingInfo::HttpStatusCodeDomain && info.errorCode() >= 400;
    const bool unreachable = info.status() == QWebEngineLoadingInfo::LoadFailedStatus
        && (domain == QWebEngineLoadingInfo::ConnectionErrorDomain
            || domain == QWebEngineLoadingInfo::DnsErrorDomain);
    if (!httpError && !unreachable)
        return;
    if (unreachable) {
        const QString reason = info.errorString();
        // Queued: a redirect reported for the same navigation comes first.
        QMetaObject::invokeMethod(
            this,
            [this, url, reason] {
                fail(tr("The sign-in page could not be loaded"),
                    tr("%1: %2").arg(url.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo), reason),
                    tr("Check the authorization endpoint in the environment, your network and proxy."));
            },
            Qt::QueuedConnection);
        return;
    }
    const int status = info.errorCode();
    QPointer<LoginWindow> self = this;
    m_page->toPlainText([self, status](const QString& text) {
        if (!self)
            return;
        QString detail = text.simplified();
        if (detail.size() > 600)
            detail = detail.left(600) + QStringLiteral(" …");
        self->fail(tr("The provider answered the sign-in request with an error page (HTTP %1)").arg(status),
            detail,
            tr("Check the environment's client ID, redirect URI and scopes: they must match the client's "
               "registration at the provider exactly."));
    });
}

void LoginWindow::onFormPost(const QUrl& url)
{
    if (m_finished || m_readingForm)
        return;
    m_readingForm = true;
    QPointer<LoginWindow> self = this;
    m_page->runJavaScript(QString::fromLatin1(readPostedForms), QWebEngineScript::ApplicationWorld,
        [self, url](const QVariant& result) {
            if (!self)
                return;
            // The form whose action is the redirect URI; its fields become the response parameters,
            // exactly as if they had come in the query.
            const QJsonArray forms = QJsonDocument::fromJson(result.toString().toUtf8()).array();
            for (const QJsonValue& value : forms) {
                const QJsonObject form = value.toObject();
                const QUrl action(form.value(QLatin1String("action")).toString());
                if (!self->m_request.isRedirect(action))
                    continue;
                QByteArrayList parameters;
                if (action.hasQuery())
                    parameters.append(action.query(QUrl::FullyEncoded).toLatin1());
                for (const QJsonValue& field : form.value(QLatin1String("fields")).toArray()) {
                    const QJsonArray pair = field.toArray();
                    parameters.append(QUrl::toPercentEncoding(pair.at(0).toString()) + '='
                        + QUrl::toPercentEncoding(pair.at(1).toString()));
                }
                QUrl redirect = action;
                redirect.setQuery(QString::fromLatin1(parameters.join('&')), QUrl::StrictMode);
                self->finishWith([self, redirect] { self->m_callbacks.redirected(redirect); });
                return;
            }
            if (url.hasQuery()) { // a GET form: its fields are in the URL already
                self->finishWith([self, url] { self->m_callbacks.redirected(url); });
                return;
            }
            self->fail(tr("The provider's form post could not be read"),
                tr("A form was sent to the redirect URI, but its fields were not found on the page."));
        });
}

void LoginWindow::fail(const QString& summary, const QString& detail, const QString& hint)
{
    const QString advice = hint.isEmpty() ? tr("Try again, or check the provider's status.") : hint;
    finishWith([this, summary, detail, advice] { m_callbacks.failed(summary, detail, advice); });
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

QSize LoginWindow::fittedSize(const QSize& remembered, const QScreen* screen)
{
    // Wide and tall enough for the usual login and consent pages (a two-column consent page with its
    // buttons at the bottom), unless the user chose another size for this environment.
    QSize size = remembered.isEmpty() ? QSize(900, 760) : remembered;
    if (screen) {
        // Room for the window frame, which the available geometry does not include.
        const QSize available = screen->availableGeometry().size() - QSize(16, 48);
        size = size.boundedTo(available);
    }
    return size;
}

QFrame* LoginWindow::createStallBar()
{
    auto* bar = new QFrame(this);
    bar->setObjectName(QStringLiteral("stallBar"));
    bar->setStyleSheet(
        QStringLiteral("#stallBar { background: %1; border-top: 1px solid %2; border-bottom: 1px solid %2; }"
                       " #stallBar QLabel { color: %3; }")
            .arg(Palette::warningBackground, Palette::warning, Palette::bannerText));
    m_stallLabel = new QLabel(bar);
    m_stallLabel->setObjectName(QStringLiteral("stallLabel"));
    m_stallLabel->setWordWrap(true);
    m_stallLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_systemBrowserButton = new QPushButton(tr("Sign in with the system browser instead"), bar);
    m_systemBrowserButton->setObjectName(QStringLiteral("systemBrowserButton"));
    m_systemBrowserButton->setVisible(
        m_request.offerSystemBrowser && m_request.systemBrowserUnavailable.isEmpty());
    connect(m_systemBrowserButton, &QPushButton::clicked, this,
        [this] { finishWith(m_callbacks.systemBrowserRequested); });
    auto* layout = new QHBoxLayout(bar);
    layout->setContentsMargins(10, 6, 8, 6);
    layout->setSpacing(10);
    layout->addWidget(m_stallLabel, 1);
    layout->addWidget(m_systemBrowserButton, 0, Qt::AlignVCenter);
    bar->hide();
    return bar;
}

void LoginWindow::onStalled(SignInProgressWatcher::Stall stall)
{
    QString title;
    QString reason;
    if (stall == SignInProgressWatcher::Stall::ReturnedAfterFormPost) {
        title = tr("This sign-in is going round in circles");
        reason = tr("The provider sent you back to this page after each of the last two forms you sent. If "
                    "what you entered was right, this window probably does not keep the session cookie the "
                    "provider sets; your system browser may keep it.");
    } else {
        const auto seconds = m_request.noProgressAfter.count();
        title = tr("This sign-in is not moving on");
        reason = seconds >= 60
            ? tr("Nothing has happened on the provider's pages for %n minute(s). If the page is stuck, your "
                 "system browser may get further.",
                nullptr, int(seconds / 60))
            : tr("Nothing has happened on the provider's pages for %n second(s). If the page is stuck, your "
                 "system browser may get further.",
                nullptr, int(seconds));
    }
    QString html = QStringLiteral("<b>%1</b><br>%2").arg(title.toHtmlEscaped(), reason.toHtmlEscaped());
    if (!m_request.systemBrowserUnavailable.isEmpty())
        html += QStringLiteral("<br>") + m_request.systemBrowserUnavailable.toHtmlEscaped();
    m_stallLabel->setText(html);
    m_stallBar->setAccessibleDescription(title + QLatin1Char(' ') + reason);
    m_stallBar->show();
}

} // namespace Tokenscope::Ui
