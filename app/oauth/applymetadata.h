#pragma once

#include "clientconfig.h"

#include <QStringList>

namespace Tokenscope::OAuth {

struct ProviderMetadata;

// What applyDiscovered did beyond filling in the endpoints, for the user to read.
struct AppliedMetadata
{
    // Whole sentences: a choice made for the user, or something the provider does not offer.
    QStringList notes;
    // A setting an editor keeps out of sight changed (PAR switched on, a PKCE method other than S256).
    bool advancedSettingChanged = false;
    // How many endpoints (the JWKS URI included) the document names; at least the authorization and
    // token endpoints, which the parser requires.
    int endpointCount = 0;
};

// What "Discover" does to the configuration being edited: the provider's issuer, endpoints and iss
// requirement (applyProviderMetadata), the PKCE method it supports unless keepPkceMethod (the user chose
// one), and a client authentication method it accepts when its list rules out the configured one. A
// public client stays public: providers such as Keycloak accept one without listing "none".
AppliedMetadata applyDiscovered(const ProviderMetadata& metadata, ClientConfig* config, bool keepPkceMethod);

} // namespace Tokenscope::OAuth
