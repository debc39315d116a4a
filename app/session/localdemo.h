#pragma once

#include "environment.h"

#include <QUrl>

namespace Tokenscope::Workspace {

// The "Local demo" environment (--local-demo <url>): the demo provider at baseUrl with its endpoints
// as Discover would fill them in, so every Token action works at once.
QString localDemoId();
Environment localDemoEnvironment(const QUrl& baseUrl);
// The first request a fresh workspace shows for the demo: one of its API's resources.
QString localDemoRequestUrl();

} // namespace Tokenscope::Workspace
