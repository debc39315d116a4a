#pragma once

#include "clientconfig.h"
#include "httpmessage.h"
#include "variables.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace Tokenscope::Workspace {

// A profile such as "ZorgAPIs sandbox": variables and an OAuth client setup. Secrets (client secret,
// refresh token) are not part of it; they are kept in the SecretStore under the environment's id.
// How the user signs in for an environment: where the provider's page is shown and what the
// browser keeps between sign-ins.
struct SignInSettings
{
    enum class Browser {
        Embedded, // Tokenscope's own window: any redirect URI is intercepted
        System, // the default browser, back through a loopback listener or a private-use scheme (RFC 8252)
    };
    Browser browser = Browser::Embedded;
    // Off: an in-memory browser profile per sign-in window, nothing kept. On: a profile on disk for
    // this environment alone, so the provider's session cookie survives ("stay signed in").
    bool keepBrowserSession = false;
    int timeoutSeconds = 600;

    friend bool operator==(const SignInSettings&, const SignInSettings&) = default;
};

// The saved request an open request came from (both empty: none): Save writes it back there, and its
// collection's variables are in its scope.
struct RequestOrigin
{
    QString collectionId;
    QString itemId;

    bool isNull() const { return collectionId.isEmpty(); }
    friend bool operator==(const RequestOrigin&, const RequestOrigin&) = default;
};

// The requests open in tabs, in tab order, and the one shown. Their responses are not kept.
struct OpenRequests
{
    QList<Http::HttpRequest> requests;
    int current = 0; // an index into requests (0 when there are none)
    // Where each request came from, parallel to requests (missing entries: none).
    QList<RequestOrigin> origins = {}; // "= {}": {{requests}, current} stays a complete initializer

    // The origin of the request at index (a null one when it has none).
    RequestOrigin originAt(qsizetype index) const;

    // The one shown, or an empty request when none is open.
    Http::HttpRequest currentRequest() const;
    friend bool operator==(const OpenRequests&, const OpenRequests&) = default;
};

struct Environment
{
    QString id; // stable across renames; names the keychain entries
    QString name;
    QList<Http::Variable> variables;
    OAuth::ClientConfig oauth;
    SignInSettings signIn;
    // The APIs its access token is meant for (scheme://host[:port][/path prefix]): besides the provider,
    // the only places the token goes without asking.
    QList<QUrl> apiBaseUrls;
    // Marked as production: the window shows it, and asks before anything but GET, HEAD or OPTIONS goes.
    bool production = false;
    // The requests being composed with this environment.
    OpenRequests openRequests;

    friend bool operator==(const Environment&, const Environment&) = default;
};

// Everything the user works on, saved as one versioned JSON file.
struct WorkspaceData
{
    QList<Environment> environments;
    QString currentEnvironmentId;
    // Variables every request sees, whatever its environment or collection (the lowest level: see
    // variablescope.h). A secret one's value is in the keychain (globalSecretKey).
    QList<Http::Variable> globals;
    // The requests composed while there is no environment (each environment keeps its own).
    OpenRequests openRequests;

    const Environment* findEnvironment(const QString& id) const;
    Environment* findEnvironment(const QString& id);
};

QString newEnvironmentId();
// The hosts the environment's provider settings and API base URLs name, in order, without repeats: where
// a trusted certificate without a host of its own is trusted.
QStringList configuredHosts(const Environment& environment);
// The keychain key of a secret variable.
QString secretVariableKey(const QString& environmentId, const QString& variableName);
// The keychain key of a secret global variable.
QString globalSecretKey(const QString& variableName);

// Format 1: the whole workspace in one object (files written before workspaces were folders).
QJsonObject toJson(const WorkspaceData& workspace);
// Returns false and fills error when the document is not a workspace this version understands. An entry
// the workspace can do without (a trusted certificate that is not a SHA-256 fingerprint) is left out, and
// a sentence about it appended to *skipped (if given).
bool fromJson(
    const QJsonObject& json, WorkspaceData* workspace, QString* error, QStringList* skipped = nullptr);

// One environment's settings, as its file in a workspace folder holds them: everything but the requests
// open with it (a user's own, kept apart). A secret variable is written without its value.
QJsonObject environmentToJson(const Environment& environment);
// The id is empty when the object has none. Entries left out are reported as fromJson does.
Environment environmentFromJson(const QJsonObject& object, QStringList* skipped = nullptr);
// A fingerprint saved before entries named their host was trusted on every host of the environment: it
// stays trusted on the hosts the environment names (its open requests' included), and on no others.
void bindTrustedCertificatesToHosts(Environment* environment);
// The requests open with an environment or the workspace: an array, and the current one in
// object["currentRequest"]. A file from before tabs has one request, "draftRequest".
QJsonArray openRequestsToJson(const OpenRequests& open);
OpenRequests openRequestsFromJson(const QJsonObject& object);

} // namespace Tokenscope::Workspace
