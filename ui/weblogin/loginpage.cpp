#include "loginpage.h"

#include <QWebEngineProfile>
#include <QWebEngineUrlRequestJob>
#include <QWebEngineUrlScheme>

namespace Tokenscope::Ui {

RedirectInterceptor::RedirectInterceptor(std::function<bool(const QUrl&)> isRedirect, QObject* parent)
    : QWebEngineUrlRequestInterceptor(parent)
    , m_isRedirect(std::move(isRedirect))
{ }

void RedirectInterceptor::interceptRequest(QWebEngineUrlRequestInfo& info)
{
    if (!m_isRedirect(info.requestUrl()))
        return;
    info.block(true);
    // Only the top-level navigation is the authorization response: a script or frame in a page, or a
    // service worker, must not be able to hand in a code of its choosing (RFC 9700 §4.5, code
    // injection). Their requests for the redirect URI are stopped and otherwise ignored.
    if (info.resourceType() != QWebEngineUrlRequestInfo::ResourceTypeMainFrame)
        return;
    const QUrl url = info.requestUrl();
    const bool post = info.requestMethod() == "POST";
    // Report after returning: the interceptor must not tear down the page it is called from.
    QMetaObject::invokeMethod(
        this,
        [this, url, post] {
            if (post)
                Q_EMIT formPostSeen(url);
            else
                Q_EMIT redirectSeen(url);
        },
        Qt::QueuedConnection);
}

void RedirectSchemeHandler::requestStarted(QWebEngineUrlRequestJob* job)
{
    const QUrl url = job->requestUrl();
    job->fail(QWebEngineUrlRequestJob::RequestAborted);
    QMetaObject::invokeMethod(
        this, [this, url] { Q_EMIT redirectSeen(url); }, Qt::QueuedConnection);
}

namespace {

QtMessageHandler previousHandler = nullptr;
QString unregisteredSchemeWarning;

void dropUnregisteredSchemeWarning(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type == QtWarningMsg && message == unregisteredSchemeWarning)
        return;
    if (previousHandler)
        previousHandler(type, context, message);
}

} // namespace

void installRedirectSchemeHandler(
    QWebEngineProfile* profile, const QByteArray& scheme, RedirectSchemeHandler* handler)
{
    if (profile->urlSchemeHandler(scheme))
        return;
    if (!QWebEngineUrlScheme::schemeByName(scheme).name().isEmpty()) {
        profile->installUrlSchemeHandler(scheme, handler);
        return;
    }
    // A scheme of an environment added after WebEngine started: QWebEngineUrlScheme takes no more then.
    // The handler is still needed (a 302 to an unknown scheme reaches neither acceptNavigationRequest
    // nor the interceptor), and it works unregistered: its requests still arrive, and the window only
    // reports them and loads nothing. So WebEngine's "Please register the custom scheme" warning is
    // harmless here, and exactly that message is left out; anything else logged meanwhile passes on.
    unregisteredSchemeWarning = QStringLiteral("Please register the custom scheme '%1' via "
                                               "QWebEngineUrlScheme::registerScheme() before installing "
                                               "the custom scheme handler.")
                                    .arg(QString::fromLatin1(scheme));
    previousHandler = qInstallMessageHandler(dropUnregisteredSchemeWarning);
    profile->installUrlSchemeHandler(scheme, handler);
    qInstallMessageHandler(previousHandler);
}

LoginPage::LoginPage(QWebEngineProfile* profile, std::function<bool(const QUrl&)> isRedirect, QObject* parent)
    : QWebEnginePage(profile, parent)
    , m_isRedirect(std::move(isRedirect))
{ }

bool LoginPage::acceptNavigationRequest(const QUrl& url, NavigationType type, bool isMainFrame)
{
    const bool form = type == NavigationTypeFormSubmitted;
    if (!isMainFrame && m_isRedirect(url))
        return false; // a frame in the page is never where the response arrives (see RedirectInterceptor)
    if (isMainFrame && m_isRedirect(url)) {
        QMetaObject::invokeMethod(
            this,
            [this, url, form] {
                if (form)
                    Q_EMIT formPostSeen(url);
                else
                    Q_EMIT redirectSeen(url);
            },
            Qt::QueuedConnection);
        return false;
    }
    if (isMainFrame && form)
        Q_EMIT formSubmitted(this->url());
    return true;
}

void LoginPage::javaScriptConsoleMessage(
    JavaScriptConsoleMessageLevel level, const QString& message, int lineNumber, const QString& sourceId)
{
    Q_UNUSED(level)
    Q_UNUSED(message)
    Q_UNUSED(lineNumber)
    Q_UNUSED(sourceId)
}

} // namespace Tokenscope::Ui
