#pragma once

#include "clientconfig.h"
#include "flowevent.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace Tokenscope::OAuth {

// The parties of a flow as a sequence diagram draws them, left to right.
enum class FlowParty { User, Tokenscope, Browser, AuthorizationServer, Api };

// Whom an event's exchange is with, seen from Tokenscope: the authorization server for the provider's
// endpoints (and the authorization request, which goes there through the browser), the browser for the
// redirect it hands back, an API for any other address, Tokenscope itself for notes and failures of
// its own. config is the environment's; without it the event's kind and address decide.
FlowParty counterpartOf(const Http::FlowEvent& event, const ClientConfig* config);

// The URL is one of the provider's: an endpoint in config, its discovery document, or an address below
// an issuer that has a path of its own (a Keycloak realm, a B2C tenant).
bool isProviderUrl(const QUrl& url, const ClientConfig& config);

// For each event, the index of the other half of its exchange (an HttpRequest and the HttpResponse or
// transport Failure that answers it), or -1. Answers arrive in any order, so each is given to the
// oldest open request for the same address, else the oldest open one on the same origin.
QList<int> pairExchanges(const QList<Http::FlowEvent>& events);

// The same, one event at a time as the log grows.
class ExchangePairing final
{
public:
    // Takes the event at index (after all earlier ones); the index of the request it answers, or -1.
    int add(const Http::FlowEvent& event, int index);

private:
    struct Open
    {
        int index;
        QUrl url;
    };
    QHash<QString, QList<Open>> m_open; // by origin and environment, oldest first
};

// The text on an event's arrow: "POST /token (authorization_code)", "200 · 49 ms",
// "401 invalid_token · 12 ms"; a note's or failure's own text.
QString arrowLabel(const Http::FlowEvent& event);

// The user's part of a browser sign-in: signing in and consenting at the provider. No event records it;
// it is derived from two recorded ones, the authorization request and what ended it (its redirect, or a
// failure or a new authorization request of the same environment when the user did not finish).
struct SignInStep
{
    enum class State { InProgress, Finished, NotFinished };
    State state = State::InProgress;
    qint64 elapsedMs = -1; // from the authorization request to its redirect
};

// Whether later, an event after request, ends the sign-in request started, and how.
std::optional<SignInStep> signInEndedBy(const Http::FlowEvent& request, const Http::FlowEvent& later);

// "User signs in and consents · 4.2 s", "User did not finish", "User is signing in".
QString signInLabel(const SignInStep& step);

} // namespace Tokenscope::OAuth
