#pragma once

#include "environment.h"

#include <QString>
#include <QUrl>

namespace Tokenscope::Workspace {

// Where an environment's access token may go. A bearer token works for whoever holds it (RFC 6750 §5.2,
// §5.3), so it goes to the environment's own provider and API base URLs, not wherever the URL points.
struct TokenDestination
{
    enum class Kind {
        Own, // the environment's provider (issuer, endpoints) or one of its API base URLs
        OtherEnvironment, // another environment's provider or API base URL
        Unknown, // nobody's, and the environment's API base URLs do not include it
        Unlearned, // nobody's, and the environment has no API base URLs yet: the first call names one
    };
    Kind kind = Kind::Own;
    QString host; // as shown to the user: "api.example.com", "127.0.0.1:8443"
    QUrl baseUrl; // scheme://host[:port]: the API base URL that stands for the host
    QString otherEnvironmentId;
    QString otherEnvironmentName;

    bool needsConfirmation() const { return kind == Kind::OtherEnvironment || kind == Kind::Unknown; }
};

// Whether url can be an API base URL: http or https with a host, no query, fragment or user info.
bool isApiBaseUrl(const QUrl& url);
// scheme://host[:port] of url: the API base URL that stands for its whole host.
QUrl apiBaseUrlOf(const QUrl& url);
// The host as a user reads it, with the port when it is not the scheme's default.
QString displayHost(const QUrl& url);
// Same scheme, host (without regard to case) and port, and a path at or below base's path.
bool isUnderBaseUrl(const QUrl& url, const QUrl& base);
// Whether url goes to the environment's provider or one of its API base URLs.
bool belongsTo(const Environment& environment, const QUrl& url);
// Where url is for the token of the environment environmentId.
TokenDestination tokenDestination(
    const WorkspaceData& workspace, const QString& environmentId, const QUrl& url);

} // namespace Tokenscope::Workspace
