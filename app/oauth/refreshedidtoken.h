#pragma once

#include "clientconfig.h"
#include "error.h"

#include <QString>

#include <functional>

class QObject;

namespace Tokenscope::Http {
class FlowLog;
}

namespace Tokenscope::OAuth {

class JwksClient;

// OIDC Core §12.2: an ID token from a refresh may replace the sign-in's one only when it is about the same
// user, from the same issuer, for the same client, and passes the checks of a sign-in's ID token (without
// a nonce). done gets a null error when it may, else why not; it runs unless context is gone.
void checkRefreshedIdToken(JwksClient* jwksClient, const ClientConfig& config, const QString& original,
    const QString& refreshed, Http::FlowLog* log, QObject* context, std::function<void(const Error&)> done);

} // namespace Tokenscope::OAuth
