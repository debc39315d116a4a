#pragma once

#include "clientconfig.h"
#include "error.h"

#include <QObject>
#include <QString>

#include <functional>

namespace Tokenscope::Secrets {
class SecretStore;
}

namespace Tokenscope::OAuth {

// The keychain entries of an environment's OAuth client.
QString refreshTokenKey(const QString& environmentId);
// The client secret, or the PEM private key of private_key_jwt.
QString clientSecretKey(const QString& environmentId);

using ClientSecretHandler = std::function<void(const QString& secret, const Error& error)>;

// Reads the credential config's client authentication needs from the keychain, and calls next with
// it, or with an error the user can act on (none stored, keychain locked). A client that needs none
// gets an empty secret at once, before this returns; otherwise next runs later on context's thread,
// unless context is destroyed first.
void readClientSecret(Secrets::SecretStore* secrets, const QString& environmentId, const ClientConfig& config,
    QObject* context, ClientSecretHandler next);

} // namespace Tokenscope::OAuth
