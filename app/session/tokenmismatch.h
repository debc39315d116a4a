#pragma once

#include "environment.h"

#include <QString>
#include <QStringList>
#include <QUrl>

namespace Tokenscope::Workspace {

// Whether an access token about to go with a request looks like another environment's: issued by
// another issuer than the environment's own, or meant for another audience than the API it goes to.
// The wrong environment's token is the mix-up users report most in other tools. Only a JWT says; an
// opaque token never does.
struct TokenMismatch
{
    enum class Kind {
        None, // nothing to say: an opaque token, or its `iss` and `aud` fit
        OtherEnvironmentIssuer, // `iss` is another environment's issuer, not this one's
        OtherIssuer, // `iss` is neither this environment's issuer nor any other environment's
        OtherAudience, // `aud` names APIs, none of them the host the request goes to
    };
    Kind kind = Kind::None;
    QString issuer; // the token's `iss`
    QString expectedIssuer; // the environment's own (empty when it has none set)
    QStringList audiences; // the token's `aud`
    QString host; // the API host the request goes to, as shown to the user
    // The environment the issuer or audience belongs to (OtherEnvironmentIssuer, and OtherAudience when
    // an audience is one of its API base URLs).
    QString otherEnvironmentId;
    QString otherEnvironmentName;

    bool isMismatch() const { return kind != Kind::None; }
};

// The access token of the environment environmentId, about to be sent to url.
TokenMismatch tokenMismatch(const WorkspaceData& workspace, const QString& environmentId,
    const QString& accessToken, const QUrl& url);

} // namespace Tokenscope::Workspace
