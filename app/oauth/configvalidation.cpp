#include "configvalidation.h"

#include "externalredirectloginagent.h"
#include "loopbackloginagent.h"
#include "urlhelpers.h"

#include <QCoreApplication>
#include <QUrl>

#include <algorithm>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::ConfigValidation)
};

void checkEndpoints(const ClientConfig& config, QList<ConfigProblem>* problems)
{
    const Grant grant = config.grant;
    if (grant == Grant::AuthorizationCode && !isWebUrl(config.authorizationEndpoint))
        problems->append({ConfigField::AuthorizationEndpoint,
            Text::tr("The authorization endpoint must be a full http or https address.")});
    if (!isWebUrl(config.tokenEndpoint))
        problems->append({ConfigField::TokenEndpoint,
            Text::tr("The token endpoint must be a full http or https address.")});
    if (grant == Grant::DeviceCode && !isWebUrl(config.deviceAuthorizationEndpoint))
        problems->append({ConfigField::DeviceAuthorizationEndpoint,
            Text::tr("The device authorization endpoint must be a full http or https address.")});
    // RFC 6749 §4.4: the client credentials grant is for confidential clients only.
    if (grant == Grant::ClientCredentials && config.clientAuthentication == ClientAuthentication::None)
        problems->append({ConfigField::ClientAuthentication,
            Text::tr("Client credentials need a client secret: choose how the client authenticates.")});
    if (!config.jwksUri.isEmpty() && !isWebUrl(config.jwksUri))
        problems->append(
            {ConfigField::JwksUri, Text::tr("The JWKS URI must be a full http or https address, or empty.")});
    if (config.clientId.isEmpty())
        problems->append(
            {ConfigField::ClientId, Text::tr("Enter the client ID registered at the provider.")});
}

// What only the authorization code flow uses: the browser's way back, and pushed requests.
void checkRedirect(const ClientConfig& config, const ConfigContext& context, QList<ConfigProblem>* problems)
{
    const QUrl& redirect = config.redirectUri;
    if (!redirect.isValid() || redirect.scheme().isEmpty()
        || (redirect.path().isEmpty() && redirect.host().isEmpty()))
        problems->append({ConfigField::RedirectUri,
            Text::tr("Enter the redirect URI exactly as registered at the provider.")});
    else if (context.systemBrowser && !LoopbackLoginAgent::isLoopbackRedirectUri(redirect)
        && !ExternalRedirectLoginAgent::isPrivateUseRedirectUri(redirect))
        problems->append({ConfigField::RedirectUri,
            Text::tr("The system browser can only return to this computer: use a redirect URI such as "
                     "http://127.0.0.1/callback, or one with a scheme of your own in reverse domain order "
                     "such as com.example.app:/callback (registered at the provider), or sign in in "
                     "Tokenscope's window.")});
    if (config.usePar && !isWebUrl(config.parEndpoint))
        problems->append({ConfigField::ParEndpoint,
            Text::tr("Pushed authorization requests need the PAR endpoint (a full http or https address).")});
    else if (!config.parEndpoint.isEmpty() && !isWebUrl(config.parEndpoint))
        problems->append({ConfigField::ParEndpoint,
            Text::tr("The PAR endpoint must be a full http or https address, or empty.")});
}

void checkOptional(const ClientConfig& config, const ConfigContext& context, QList<ConfigProblem>* problems)
{
    const std::pair<ConfigField, QUrl> optional[] = {
        {ConfigField::RevocationEndpoint, config.revocationEndpoint},
        {ConfigField::IntrospectionEndpoint, config.introspectionEndpoint},
        {ConfigField::UserinfoEndpoint, config.userinfoEndpoint},
        {ConfigField::EndSessionEndpoint, config.endSessionEndpoint},
    };
    for (const auto& [field, endpoint] : optional) {
        if (!endpoint.isEmpty() && !isWebUrl(endpoint))
            problems->append({field,
                Text::tr("%1 is not a full http or https address; correct it or leave the field empty.")
                    .arg(endpoint.toString())});
    }
    // One keychain slot holds the secret or the key: switching between them needs the new credential.
    const bool privateKey = config.clientAuthentication == ClientAuthentication::PrivateKeyJwt;
    const bool keyStored
        = context.credentialStored && context.storedFor == ClientAuthentication::PrivateKeyJwt;
    if (privateKey && !context.keyImported && !keyStored)
        problems->append(
            {ConfigField::ClientCredential, Text::tr("Import the private key (PEM) for private_key_jwt.")});
    else if (!privateKey && config.needsClientSecret() && keyStored && !context.secretEntered)
        problems->append({ConfigField::ClientCredential,
            Text::tr("Enter the client secret: the stored credential is a private key.")});
    for (const auto& [name, value] : config.extraAuthorizationParameters) {
        if (name.isEmpty()) {
            problems->append({ConfigField::ExtraAuthorizationParameters,
                Text::tr("Write each extra parameter as name=value.")});
            break;
        }
    }
}

// RFC 6749 §10.3 and RFC 9700 §2.6: the client secret, codes and tokens travel only under TLS. Plain
// http is for this computer (a local provider, the demo) unless the environment allows it; an http
// issuer elsewhere would let anyone on the way replace the provider's metadata and keys.
void checkPlainHttp(const ClientConfig& config, QList<ConfigProblem>* problems)
{
    if (config.allowPlainHttp)
        return;
    const auto refuse = [problems](ConfigField field, const QUrl& url) {
        problems->append({field,
            Text::tr("%1 uses plain http: the client secret and the tokens would travel in clear to %2. Use "
                     "https, or allow plain HTTP for this environment on the Sign-in tab.")
                .arg(url.toDisplayString(), url.host())});
    };
    const QUrl issuer(config.issuer);
    if (!config.issuer.isEmpty() && isPlainRemoteHttp(issuer)) {
        problems->append({ConfigField::Issuer,
            Text::tr("The issuer %1 uses plain http: anyone between here and %2 could replace the "
                     "provider's settings and keys. Use https, or allow plain HTTP for this environment "
                     "on the Sign-in tab.")
                .arg(issuer.toDisplayString(), issuer.host())});
    }
    const std::pair<ConfigField, QUrl> endpoints[] = {
        {ConfigField::TokenEndpoint, config.tokenEndpoint},
        {ConfigField::DeviceAuthorizationEndpoint, config.deviceAuthorizationEndpoint},
        {ConfigField::ParEndpoint, config.parEndpoint},
        {ConfigField::RevocationEndpoint, config.revocationEndpoint},
        {ConfigField::IntrospectionEndpoint, config.introspectionEndpoint},
        {ConfigField::UserinfoEndpoint, config.userinfoEndpoint},
    };
    for (const auto& [field, endpoint] : endpoints) {
        const bool alreadyNamed = std::any_of(problems->cbegin(), problems->cend(),
            [field = field](const ConfigProblem& problem) { return problem.field == field; });
        if (isWebUrl(endpoint) && isPlainRemoteHttp(endpoint) && !alreadyNamed)
            refuse(field, endpoint);
    }
}

} // namespace

QList<ConfigProblem> validateClientConfig(const ClientConfig& config, const ConfigContext& context)
{
    QList<ConfigProblem> problems;
    checkEndpoints(config, &problems);
    if (config.grant == Grant::AuthorizationCode)
        checkRedirect(config, context, &problems);
    checkOptional(config, context, &problems);
    checkPlainHttp(config, &problems);
    return problems;
}

} // namespace Tokenscope::OAuth
