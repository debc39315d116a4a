#include "webloginplugin.h"

#include "loginwindow.h"

namespace Tokenscope::Ui {

QWidget* WebLoginPlugin::openLogin(
    const EmbeddedLoginRequest& request, const EmbeddedLoginCallbacks& callbacks, QWidget* parent)
{
    auto* window = new LoginWindow(request, callbacks, parent);
    window->show();
    window->start();
    return window;
}

} // namespace Tokenscope::Ui
