#pragma once

#include "clientconfig.h"
#include "flowevent.h"

#include <QHash>
#include <QList>
#include <QString>

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

} // namespace Tokenscope::OAuth
