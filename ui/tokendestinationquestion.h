#pragma once

#include "error.h"
#include "httpmessage.h"

#include <optional>

class QWidget;

namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

// Before the current environment's access token goes to a host that is not its own (another
// environment's, or none the environment names): asks whether to send it once, always to that host (it
// becomes one of the environment's API base URLs), or not at all. True to send. collectionId: the
// collection the request was opened from, whose variables it sees (empty: none).
bool confirmTokenDestination(QWidget* parent, Workspace::AppSession* session,
    const Http::HttpRequest& request, const QString& collectionId = {});

// For a request whose host is not the current environment's own: what a 401 from it means (whose host
// it is, and that the token was not refreshed). Nothing for the environment's own hosts.
std::optional<Error> foreignHostRefusal(
    Workspace::AppSession* session, const Http::HttpRequest& request, const QString& collectionId = {});

} // namespace Tokenscope::Ui
