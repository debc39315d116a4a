#include "clientsecret.h"

#include "secretbinding.h"
#include "secretstore.h"

#include <QCoreApplication>

namespace Tokenscope::OAuth {

namespace {

// The token session's translation context: these lines were its own before the provider actions
// shared them.
class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::TokenSession)
};

} // namespace

QString refreshTokenKey(const QString& environmentId)
{
    return Secrets::secretKey(environmentId, QStringLiteral("refresh_token"));
}

QString clientSecretKey(const QString& environmentId)
{
    return Secrets::secretKey(environmentId, QStringLiteral("client_secret"));
}

void readClientSecret(Secrets::SecretStore* secrets, const QString& environmentId, const ClientConfig& config,
    QObject* context, ClientSecretHandler next)
{
    if (!config.needsClientSecret()) {
        next({}, {});
        return;
    }
    const ClientAuthentication method = config.clientAuthentication;
    const QString key = clientSecretKey(environmentId);
    secrets->read(key, context,
        [secrets, key, config, context, method, next = std::move(next)](const Secrets::SecretResult& result) {
            if (result.ok()) {
                checkSecretBinding(secrets, key, config, context,
                    [secret = result.value, config, next](const BindingCheck& check) {
                        if (check.ok())
                            next(secret, {});
                        else if (check.verdict == BindingCheck::Verdict::Elsewhere)
                            next({}, clientSecretBoundElsewhere(config, check.boundTo));
                        else
                            next({},
                                {Text::tr("The client secret could not be read from the keychain"),
                                    check.keychainMessage,
                                    Text::tr("Unlock the keychain and try again, or enter the secret again "
                                             "for this session.")});
                    });
                return;
            }
            if (result.status == Secrets::SecretResult::Status::NotFound) {
                // private_key_jwt keeps its PEM private key in the same keychain slot as a secret.
                if (method == ClientAuthentication::PrivateKeyJwt) {
                    next({},
                        {Text::tr("This environment has no private key"),
                            Text::tr("The client authentication method private_key_jwt signs with one."),
                            Text::tr("Import the private key (PEM) in the environment.")});
                    return;
                }
                next({},
                    {Text::tr("This environment has no client secret"),
                        Text::tr("The client authentication method %1 needs one.").arg(toString(method)),
                        Text::tr("Enter the client secret in the environment, or choose “none” for a public "
                                 "client.")});
                return;
            }
            next({},
                {Text::tr("The client secret could not be read from the keychain"), result.message,
                    Text::tr(
                        "Unlock the keychain and try again, or enter the secret again for this session.")});
        });
}

} // namespace Tokenscope::OAuth
