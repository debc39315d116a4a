#include "webloginplugin.h"

#include "loginwindow.h"

#include <QQuickWindow>
#include <QWebEngineUrlScheme>

namespace Tokenscope::Ui {

namespace {

// Whether Qt WebEngine has started: from then on it takes no more URL schemes.
bool& webEngineStarted()
{
    static bool started = false;
    return started;
}

// Called before the first WebEngine object. The global shared OpenGL context WebEngine needs is already
// there: the application creates it just before it loads this plugin (EmbeddedLoginAgent), because Qt
// WebEngine checks for it the moment its library is loaded. Only the scene graph's API is left to choose,
// which Qt Quick allows until its first window.
void prepareWebEngine()
{
    if (webEngineStarted())
        return;
    webEngineStarted() = true;
    if (QQuickWindow::graphicsApi() != QSGRendererInterface::OpenGL)
        QQuickWindow::setGraphicsApi(QSGRendererInterface::OpenGL);
}

} // namespace

QWidget* WebLoginPlugin::openLogin(
    const EmbeddedLoginRequest& request, const EmbeddedLoginCallbacks& callbacks, QWidget* parent)
{
    prepareWebEngine();
    auto* window = new LoginWindow(request, callbacks, parent);
    window->show();
    window->start();
    return window;
}

void WebLoginPlugin::clearPersistentProfile(const QString& name)
{
    prepareWebEngine();
    LoginWindow::clearPersistentProfile(name);
}

void WebLoginPlugin::removePersistentProfile(const QString& name)
{
    prepareWebEngine();
    LoginWindow::removePersistentProfile(name);
}

void WebLoginPlugin::registerRedirectSchemes(const QList<QByteArray>& schemes)
{
    if (webEngineStarted())
        return; // QWebEngineUrlScheme::registerScheme would only warn "Too late to register scheme"
    for (const QByteArray& name : schemes) {
        const QByteArray scheme = name.toLower();
        if (scheme.isEmpty() || scheme == "http" || scheme == "https"
            || !QWebEngineUrlScheme::schemeByName(scheme).name().isEmpty())
            continue;
        // com.example.app:/callback has no authority: the path syntax, and no flags, since nothing is
        // ever loaded from it (the window answers every request for it with an error).
        QWebEngineUrlScheme registration(scheme);
        registration.setSyntax(QWebEngineUrlScheme::Syntax::Path);
        QWebEngineUrlScheme::registerScheme(registration);
    }
}

} // namespace Tokenscope::Ui
