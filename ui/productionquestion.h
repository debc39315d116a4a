#pragma once

#include "httpmessage.h"

class QWidget;

namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

// Whether request changes something: anything but GET, HEAD or OPTIONS (RFC 9110 §9.2.1 safe methods).
bool isChangingMethod(const QByteArray& method);

// Before a request that may change something goes out in a production environment: asks, naming the
// method, the URL and the environment, with Cancel the default. True to send (and always outside
// production, and for GET, HEAD and OPTIONS).
bool confirmProductionSend(QWidget* parent, Workspace::AppSession* session, const Http::HttpRequest& request,
    const QString& collectionId = {});

// Before the current environment's access token goes with request: when it was issued by another
// environment's issuer, or for another audience than the host it goes to (Workspace::tokenMismatch),
// asks whether to send it anyway, with Cancel the default. True to send; an opaque token never asks.
bool confirmTokenMatch(QWidget* parent, Workspace::AppSession* session, const Http::HttpRequest& request,
    const QString& collectionId = {});

} // namespace Tokenscope::Ui
