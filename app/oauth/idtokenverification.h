#pragma once

#include "clientconfig.h"
#include "idtoken.h"

#include <QObject>

#include <functional>

namespace Tokenscope::Http {
class FlowLog;
}

namespace Tokenscope::OAuth {

class JwksClient;

// The ID token check every grant that returns one owes (OIDC Core §3.1.3.7): the signature with the
// provider's keys from config.jwksUri (fetched once more for a key the set lacks, §10.1.1), then the
// claims (issuer, audience, expiry, nonce when one was sent). Without a JWKS URI only the claims are
// checked and the flow log says so. done is called exactly once on context's thread, unless context
// is destroyed first; it may be called before this function returns.
void verifyIdToken(JwksClient* jwksClient, const ClientConfig& config, const QString& idToken,
    const QString& nonce, Http::FlowLog* log, QObject* context,
    std::function<void(const IdTokenCheck&)> done);

} // namespace Tokenscope::OAuth
