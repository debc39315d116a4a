#pragma once

#include "error.h"

#include <QObject>
#include <QString>

#include <functional>

namespace Tokenscope::Http {

// Whatever can hand out a current access token, refreshing it first when needed. The OAuth layer
// implements it; the request sender only asks.
class AccessTokenProvider
{
public:
    struct Token
    {
        QString type; // "Bearer"
        QString value;
    };
    using Handler = std::function<void(const Token& token, const Error& error)>;

    virtual ~AccessTokenProvider() = default;
    // Calls handler exactly once, on context's thread, unless context is destroyed first.
    virtual void withAccessToken(QObject* context, Handler handler) = 0;
    // The resource server refused this token as invalid (RFC 6750 §3.1 invalid_token): the next
    // withAccessToken must not hand it out again.
    virtual void rejectAccessToken(const Token& token) = 0;
};

} // namespace Tokenscope::Http
