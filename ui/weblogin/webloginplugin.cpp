#include "webloginplugin.h"

#include "loginwindow.h"

#include <QCoreApplication>
#include <QOpenGLContext>
#include <QQuickWindow>

// Qt's exported hook for the context every OpenGL context shares with; Qt WebEngine sets it the same way
// (qtwebenginecoreglobal.cpp) when it is initialised before QApplication.
QT_BEGIN_NAMESPACE
Q_GUI_EXPORT void qt_gl_set_global_share_context(QOpenGLContext* context);
QT_END_NAMESPACE

namespace Tokenscope::Ui {

namespace {

// Qt WebEngine needs a global shared OpenGL context. Asking for one with Qt::AA_ShareOpenGLContexts
// before QApplication would load the GL driver at every start of Tokenscope (+58 MB, +80 ms measured),
// so it is created here, on the first sign-in, before WebEngine creates anything. This is what Qt
// WebEngine does itself when it is initialised before the application object.
void prepareWebEngine()
{
    static bool prepared = false;
    if (prepared)
        return;
    prepared = true;
    if (QQuickWindow::graphicsApi() != QSGRendererInterface::OpenGL)
        QQuickWindow::setGraphicsApi(QSGRendererInterface::OpenGL);
    if (!QOpenGLContext::globalShareContext()) {
        auto* context = new QOpenGLContext(QCoreApplication::instance());
        context->setFormat(QSurfaceFormat::defaultFormat());
        if (context->create())
            qt_gl_set_global_share_context(context);
        QCoreApplication::setAttribute(Qt::AA_ShareOpenGLContexts);
    }
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

} // namespace Tokenscope::Ui
