#include "embeddedloginagent.h"

#include "callback.h"
#include "externalredirectloginagent.h"
#include "loopbackloginagent.h"
#include "redirecttarget.h"
#include "weblogin/embeddedlogin.h"

#include <QCoreApplication>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QGuiApplication>
#include <QOpenGLContext>
#include <QPluginLoader>
#include <QSettings>

// Qt's exported hook for the context every OpenGL context shares with; Qt WebEngine sets it the same way
// (qtwebenginecoreglobal.cpp) when it is initialised before QApplication.
QT_BEGIN_NAMESPACE
Q_GUI_EXPORT void qt_gl_set_global_share_context(QOpenGLContext* context);
QT_END_NAMESPACE

namespace Tokenscope::Ui {

namespace {

QPluginLoader*& pluginLoader()
{
    static QPluginLoader* loader = nullptr;
    return loader;
}

QList<QByteArray>& redirectSchemes()
{
    static QList<QByteArray> schemes;
    return schemes;
}

const QLatin1String windowSizeGroup("SignInWindowSize");
const QLatin1String profilesLeftBehindKey("SignInProfilesToRemove");

// Qt WebEngine needs a global shared OpenGL context, normally asked for with Qt::AA_ShareOpenGLContexts
// before QApplication; that would load the GL driver at every start of Tokenscope (+58 MB, +80 ms
// measured), so it is created here, on the first sign-in. It must exist before the plugin is loaded:
// Qt WebEngine's library checks for it as it is loaded, and warns that it "seems to be initialized from
// a plugin" when it is missing. The attribute itself stays off: setting it now would only warn that it
// must be set before QCoreApplication; the share context is what Qt's OpenGL users look at.
void createSharedOpenGLContext()
{
    // Without a QGuiApplication (--check-components on a machine without a display) there is no OpenGL to
    // share, and no window will use WebEngine.
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()) || QOpenGLContext::globalShareContext())
        return;
    auto* context = new QOpenGLContext(QCoreApplication::instance());
    context->setFormat(QSurfaceFormat::defaultFormat());
    if (context->create())
        qt_gl_set_global_share_context(context);
    else
        delete context; // WebEngine falls back to software rendering
}

} // namespace

EmbeddedLoginAgent::EmbeddedLoginAgent(QWidget* parentWindow, QObject* parent)
    : OAuth::LoginAgent(parent)
    , m_parentWindow(parentWindow)
{ }

EmbeddedLoginAgent::~EmbeddedLoginAgent()
{
    delete m_window;
}

QStringList EmbeddedLoginAgent::pluginCandidates()
{
    const QDir applicationDir(QCoreApplication::applicationDirPath());
    const QString file = QStringLiteral(TOKENSCOPE_WEBLOGIN_FILE);
    return {
        applicationDir.filePath(file), // build tree, Windows
        applicationDir.filePath(QStringLiteral(TOKENSCOPE_PLUGIN_RELDIR "/") + file), // Linux install
        applicationDir.filePath(QStringLiteral("../PlugIns/") + file), // macOS bundle
    };
}

EmbeddedLoginFactory* EmbeddedLoginAgent::loadFactory(QString* error)
{
    QPluginLoader*& loader = pluginLoader();
    if (loader && loader->isLoaded())
        return qobject_cast<EmbeddedLoginFactory*>(loader->instance());
    QStringList problems;
    for (const QString& candidate : pluginCandidates()) {
        if (!QFileInfo::exists(candidate))
            continue;
        createSharedOpenGLContext();
        removeProfilesLeftBehind(); // WebEngine has not started: nothing holds them open
        auto* attempt = new QPluginLoader(candidate, QCoreApplication::instance());
        if (auto* factory = qobject_cast<EmbeddedLoginFactory*>(attempt->instance())) {
            loader = attempt;
            factory->registerRedirectSchemes(redirectSchemes());
            return factory;
        }
        problems << attempt->errorString();
        delete attempt;
    }
    *error = problems.isEmpty() ? QCoreApplication::translate(
                 "Tokenscope::Ui::EmbeddedLoginAgent", "The sign-in component (%1) is not installed.")
                                      .arg(QStringLiteral(TOKENSCOPE_WEBLOGIN_FILE))
                                : problems.join(QLatin1Char('\n'));
    return nullptr;
}

QString EmbeddedLoginAgent::loadedPluginFile()
{
    const QPluginLoader* loader = pluginLoader();
    return loader && loader->isLoaded() ? loader->fileName() : QString();
}

void EmbeddedLoginAgent::start(const QUrl& authorizationUrl, const QUrl& redirectUri)
{
    QString problem;
    EmbeddedLoginFactory* factory = loadFactory(&problem);
    if (!factory) {
        Q_EMIT failed({tr("The embedded sign-in window could not be opened"), problem,
            tr("Reinstall Tokenscope; the Qt WebEngine component may be missing.")});
        return;
    }
    delete m_window;

    EmbeddedLoginRequest request;
    request.authorizationUrl = authorizationUrl;
    request.windowTitle = m_title;
    request.timeout = m_timeout;
    request.redirectScheme = redirectUri.scheme().toLower().toLatin1();
    request.persistentProfile = m_persistentProfile;
    request.trustedCertificates = m_trustedCertificates;
    request.noProgressAfter = m_noProgressAfter;
    if (!m_windowSizeKey.isEmpty())
        request.windowSize = QSettings().value(windowSizeGroup + QLatin1Char('/') + m_windowSizeKey).toSize();
    if (m_systemBrowserFallback) {
        request.offerSystemBrowser = true;
        if (!OAuth::LoopbackLoginAgent::isLoopbackRedirectUri(redirectUri)
            && !OAuth::ExternalRedirectLoginAgent::isPrivateUseRedirectUri(redirectUri))
            request.systemBrowserUnavailable
                = tr("The system browser cannot take over here: it can only return to Tokenscope through "
                     "a loopback redirect URI such as http://127.0.0.1/callback or a private-use one such "
                     "as com.example.app:/callback, and this environment's redirect URI is %1. Register "
                     "one of those for the client at the provider to sign in with the system browser.")
                      .arg(redirectUri.toString());
    }
    request.isRedirect
        = [redirectUri](const QUrl& url) { return OAuth::targetsRedirectUri(url, redirectUri); };

    // The callbacks may run after this agent is gone (the window outlives nothing, but be safe).
    QPointer<EmbeddedLoginAgent> self = this;
    EmbeddedLoginCallbacks callbacks;
    callbacks.redirected = [self](const QUrl& url) {
        if (self)
            Q_EMIT self->redirected(url);
    };
    callbacks.cancelled = [self] {
        if (self)
            Q_EMIT self->cancelled();
    };
    callbacks.failed = [self](const QString& summary, const QString& detail, const QString& hint) {
        if (self)
            Q_EMIT self->failed({summary, detail, hint});
    };
    callbacks.systemBrowserRequested = [self] {
        if (!self)
            return;
        Q_EMIT self->systemBrowserRequested();
        Q_EMIT self->cancelled();
    };
    // The window's own scheme, in case WebEngine has not started yet (a window without a controller).
    factory->registerRedirectSchemes({request.redirectScheme});
    m_window = factory->openLogin(request, callbacks, m_parentWindow);
    if (m_window && !m_windowSizeKey.isEmpty())
        m_window->installEventFilter(this);
}

bool EmbeddedLoginAgent::eventFilter(QObject* watched, QEvent* event)
{
    // Only sizes the window had on screen: the one it opens with is not the user's choice.
    if (watched == m_window && event->type() == QEvent::Resize && m_window->isVisible()
        && !m_windowSizeKey.isEmpty()) {
        QSettings().setValue(windowSizeGroup + QLatin1Char('/') + m_windowSizeKey, m_window->size());
    }
    return OAuth::LoginAgent::eventFilter(watched, event);
}

void EmbeddedLoginAgent::setRedirectSchemes(const QList<QByteArray>& schemes)
{
    redirectSchemes() = schemes;
    // Loaded already (a profile cleared, a component check): WebEngine may not have started yet.
    if (pluginLoader() && pluginLoader()->isLoaded()) {
        if (auto* factory = qobject_cast<EmbeddedLoginFactory*>(pluginLoader()->instance()))
            factory->registerRedirectSchemes(schemes);
    }
}

void EmbeddedLoginAgent::forgetWindowSize(const QString& key)
{
    QSettings().remove(windowSizeGroup + QLatin1Char('/') + key);
}

bool EmbeddedLoginAgent::clearPersistentProfile(const QString& name, QString* error)
{
    EmbeddedLoginFactory* factory = loadFactory(error);
    if (!factory)
        return false;
    factory->clearPersistentProfile(name);
    return true;
}

void EmbeddedLoginAgent::removePersistentProfile(const QString& name)
{
    if (pluginLoader() && pluginLoader()->isLoaded()) {
        if (auto* factory = qobject_cast<EmbeddedLoginFactory*>(pluginLoader()->instance())) {
            factory->removePersistentProfile(name);
            // A profile used in this run leaves a file or two behind: WebEngine writes its network state
            // as the profile is released, after the folders went. The next run removes what is left.
            QSettings settings;
            QStringList left = settings.value(profilesLeftBehindKey).toStringList();
            if (!left.contains(name))
                left.append(name);
            settings.setValue(profilesLeftBehindKey, left);
            return;
        }
    }
    for (const QString& folder : persistentProfileFolders(name))
        QDir(folder).removeRecursively();
}

void EmbeddedLoginAgent::removeProfilesLeftBehind()
{
    QSettings settings;
    const QStringList left = settings.value(profilesLeftBehindKey).toStringList();
    for (const QString& name : left) {
        for (const QString& folder : persistentProfileFolders(name))
            QDir(folder).removeRecursively();
    }
    settings.remove(profilesLeftBehindKey);
}

QStringList EmbeddedLoginAgent::profilesLeftBehind()
{
    return QSettings().value(profilesLeftBehindKey).toStringList();
}

QStringList EmbeddedLoginAgent::persistentProfileFolders(const QString& name)
{
    return Ui::persistentProfileFolders(name);
}

void EmbeddedLoginAgent::cancel()
{
    if (m_window)
        m_window->close(); // reports cancelled through the callback
}

} // namespace Tokenscope::Ui
