#pragma once

#include "environment.h"
#include "error.h"

#include <QString>

#include <functional>

class QObject;

namespace Tokenscope::Workspace {

class AppSession;

// What a duplicate of source named name is: a new id, the same variables (secret values included), OAuth
// setup, sign-in settings, API base URLs, production mark and open requests. Tokens are not part of an
// environment: a copy starts signed out.
Environment environmentCopy(const Environment& source, const QString& name);

// "Acceptance from sandbox": adds a copy of the environment sourceId named name to the session, its
// client secret and secret variable values copied in the keychain; the refresh token and the tokens are
// not. done gets the new environment's id, or an error when nothing was added (the source is gone, or
// its client secret could not be read from the keychain).
void duplicateEnvironment(AppSession* session, const QString& sourceId, const QString& name, QObject* context,
    const std::function<void(const QString& id, const Error& error)>& done);

} // namespace Tokenscope::Workspace
