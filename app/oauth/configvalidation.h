#pragma once

#include "clientconfig.h"

#include <QList>
#include <QString>

namespace Tokenscope::OAuth {

// The parts of a client configuration an editor shows, so a problem can point at the one to correct.
enum class ConfigField {
    AuthorizationEndpoint,
    TokenEndpoint,
    DeviceAuthorizationEndpoint,
    ClientAuthentication,
    JwksUri,
    ClientId,
    RedirectUri,
    ParEndpoint,
    RevocationEndpoint,
    IntrospectionEndpoint,
    UserinfoEndpoint,
    EndSessionEndpoint,
    ClientCredential, // the client secret, or the private key of private_key_jwt
    ExtraAuthorizationParameters,
    Issuer,
};

struct ConfigProblem
{
    ConfigField field;
    QString message; // a whole sentence: what is wrong and what to enter

    friend bool operator==(const ConfigProblem&, const ConfigProblem&) = default;
};

// What a configuration is checked against besides itself.
struct ConfigContext
{
    // The sign-in can only come back to this computer (the system browser): the redirect URI must be an
    // http loopback address (RFC 8252 §7.3) or of a private-use scheme (§7.1).
    bool systemBrowser = false;
    // The keychain holds a credential for this client, kept for the method it was saved with: a private
    // key when that was private_key_jwt, a client secret otherwise (one slot holds either).
    bool credentialStored = false;
    ClientAuthentication storedFor = ClientAuthentication::ClientSecretBasic;
    bool secretEntered = false; // a new client secret was typed (an empty one deletes the stored one)
    bool keyImported = false; // a new private key was imported
};

// Why the configuration cannot be used as it is, in the order an editor is filled in: the endpoints
// the grant needs, the client, the redirect, then the optional endpoints, the credential and the extra
// parameters. At most one problem per field. Empty: it can be saved.
QList<ConfigProblem> validateClientConfig(const ClientConfig& config, const ConfigContext& context = {});

} // namespace Tokenscope::OAuth
