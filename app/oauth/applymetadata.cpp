#include "applymetadata.h"

#include "discovery.h"

#include <QCoreApplication>

#include <algorithm>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::ApplyMetadata)
};

// The user's choice stands unless the provider's list rules it out (RFC 8414 §2: an absent list means
// client_secret_basic, which recommendedClientAuthentication takes into account).
void chooseClientAuthentication(const ProviderMetadata& metadata, ClientConfig* config, QStringList* notes)
{
    const ClientAuthentication current = config->clientAuthentication;
    const QStringList& methods = metadata.tokenEndpointAuthMethodsSupported;
    if (current == ClientAuthentication::None || methods.isEmpty() || methods.contains(toString(current)))
        return;
    const auto recommended = recommendedClientAuthentication(metadata, true);
    if (!recommended && methods.contains(QLatin1String("private_key_jwt"))) {
        config->clientAuthentication = ClientAuthentication::PrivateKeyJwt;
        notes->append(Text::tr("Client authentication set to private_key_jwt: import your private key."));
    } else if (recommended) {
        config->clientAuthentication = *recommended;
        notes->append(Text::tr("Client authentication set to %1, which the provider supports.")
                          .arg(toString(*recommended)));
    } else {
        notes->append(
            Text::tr("The provider supports only client authentication Tokenscope does not speak (%1).")
                .arg(methods.join(QStringLiteral(", "))));
    }
}

} // namespace

AppliedMetadata applyDiscovered(const ProviderMetadata& metadata, ClientConfig* config, bool keepPkceMethod)
{
    AppliedMetadata applied;
    *config = applyProviderMetadata(*config, metadata);
    config->idTokenSigningAlgorithms = metadata.idTokenSigningAlgValuesSupported;
    if (metadata.requirePushedAuthorizationRequests) {
        applied.notes << Text::tr("The provider requires pushed authorization requests: PAR is on.");
        applied.advancedSettingChanged = true;
    }
    if (!keepPkceMethod) {
        config->pkceMethod = recommendedPkceMethod(metadata);
        if (config->pkceMethod != QLatin1String("S256")) {
            applied.notes << Text::tr("The provider supports only PKCE %1.").arg(config->pkceMethod);
            applied.advancedSettingChanged = true;
        }
    }
    chooseClientAuthentication(metadata, config, &applied.notes);
    if (metadata.jwksUri.isEmpty())
        applied.notes << Text::tr(
            "The provider publishes no JWKS URI: ID token signatures cannot be checked.");

    const QUrl endpoints[] = {metadata.authorizationEndpoint, metadata.tokenEndpoint, metadata.jwksUri,
        metadata.userinfoEndpoint, metadata.revocationEndpoint, metadata.introspectionEndpoint,
        metadata.endSessionEndpoint, metadata.deviceAuthorizationEndpoint,
        metadata.pushedAuthorizationRequestEndpoint};
    applied.endpointCount = int(std::count_if(
        std::cbegin(endpoints), std::cend(endpoints), [](const QUrl& url) { return !url.isEmpty(); }));
    return applied;
}

} // namespace Tokenscope::OAuth
