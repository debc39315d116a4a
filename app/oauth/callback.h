#pragma once

#include "authorizationrequest.h"
#include "error.h"

#include <QUrl>

namespace Tokenscope::OAuth {

// Exact match of scheme, host, port and path (RFC 9700 §2.1, §4.1.3): nothing is read from a URL
// that is not our redirect URI. Query and fragment are not part of the comparison.
bool matchesRedirectUri(const QUrl& candidate, const QUrl& redirectUri);

struct CallbackResult
{
    enum class Outcome {
        Code, // a code to redeem
        ProviderError, // the provider answered with error=… (access_denied, …)
        Rejected, // the response is not trustworthy: never redeem anything from it
    };
    Outcome outcome = Outcome::Rejected;
    QString code;
    Error error; // code: the provider's `error`, or our reason for rejecting
};

// Validates an intercepted redirect against the request it answers and consumes the state.
CallbackResult validateCallback(const QUrl& received, PendingAuthorization& pending);

} // namespace Tokenscope::OAuth
