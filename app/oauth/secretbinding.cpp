#include "secretbinding.h"

#include "secretstore.h"
#include "storedsignin.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::SecretBinding)
};

QString where(const SecretBinding& binding)
{
    if (binding.tokenEndpoint.isEmpty() && binding.clientId.isEmpty())
        return Text::tr("an unknown token endpoint");
    if (!binding.otherEndpoints.isEmpty()) {
        return Text::tr("%1 (client %2; also %3)")
            .arg(binding.tokenEndpoint, binding.clientId, binding.otherEndpoints.join(QStringLiteral(", ")));
    }
    return Text::tr("%1 (client %2)").arg(binding.tokenEndpoint, binding.clientId);
}

QString normalized(const QUrl& endpoint)
{
    return endpoint.adjusted(QUrl::NormalizePathSegments).toString(QUrl::FullyEncoded);
}

} // namespace

SecretBinding SecretBinding::of(const ClientConfig& config)
{
    QStringList others;
    for (const QUrl& endpoint : {config.parEndpoint, config.deviceAuthorizationEndpoint,
             config.revocationEndpoint, config.introspectionEndpoint}) {
        if (!endpoint.isEmpty() && !others.contains(normalized(endpoint)))
            others.append(normalized(endpoint));
    }
    others.sort();
    return {normalized(config.tokenEndpoint), config.clientId, others};
}

QString SecretBinding::toJson() const
{
    const QJsonObject object {{QStringLiteral("tokenEndpoint"), tokenEndpoint},
        {QStringLiteral("clientId"), clientId},
        {QStringLiteral("otherEndpoints"), QJsonArray::fromStringList(otherEndpoints)}};
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

std::optional<SecretBinding> SecretBinding::fromJson(const QString& text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    const QJsonObject object = document.object();
    if (!document.isObject() || !object.value(QLatin1String("tokenEndpoint")).isString()
        || !object.value(QLatin1String("clientId")).isString())
        return std::nullopt;
    QStringList others;
    for (const QJsonValue& endpoint : object.value(QLatin1String("otherEndpoints")).toArray())
        others.append(endpoint.toString());
    return SecretBinding {object.value(QLatin1String("tokenEndpoint")).toString(),
        object.value(QLatin1String("clientId")).toString(), others};
}

QString secretBindingKey(const QString& secretKey)
{
    return secretKey + QStringLiteral(".binding");
}

void writeSecretBinding(
    Secrets::SecretStore* secrets, const QString& secretKey, const ClientConfig& config, QObject* context)
{
    // Its failure needs no word of its own: the secret's write beside it reports the keychain's problem,
    // and a secret with a stale binding is refused with a message saying what to do.
    secrets->write(secretBindingKey(secretKey), SecretBinding::of(config).toJson(), context,
        [](const Secrets::SecretResult&) {});
}

void checkSecretBinding(Secrets::SecretStore* secrets, const QString& secretKey, const ClientConfig& config,
    QObject* context, std::function<void(const BindingCheck&)> done)
{
    secrets->read(secretBindingKey(secretKey), context,
        [secrets, secretKey, config, context, done = std::move(done)](const Secrets::SecretResult& result) {
            const SecretBinding wanted = SecretBinding::of(config);
            if (result.ok()) {
                const std::optional<SecretBinding> stored = SecretBinding::fromJson(result.value);
                if (stored && *stored == wanted) {
                    done({});
                    return;
                }
                // Unreadable is treated as elsewhere: a binding nobody can read binds to nothing.
                done({BindingCheck::Verdict::Elsewhere, stored.value_or(SecretBinding {}), {}});
                return;
            }
            if (result.status == Secrets::SecretResult::Status::NotFound) {
                writeSecretBinding(secrets, secretKey, config, context);
                done({});
                return;
            }
            done({BindingCheck::Verdict::KeychainFailed, {}, result.message});
        });
}

Error clientSecretBoundElsewhere(const ClientConfig& config, const SecretBinding& boundTo)
{
    const bool key = config.clientAuthentication == ClientAuthentication::PrivateKeyJwt;
    const QString detail = (key
            ? Text::tr("The private key was saved for %1; the environment now names %2. It was not used.")
            : Text::tr("The client secret was saved for %1; the environment now names %2. It was not sent."))
                               .arg(where(boundTo), where(SecretBinding::of(config)));
    if (key) {
        return {Text::tr("The private key belongs to another token endpoint or client"), detail,
            Text::tr("If you changed the environment, import the private key again in it to use it there; "
                     "if you did not, check who changed the workspace and undo the change.")};
    }
    return {Text::tr("The client secret belongs to another token endpoint or client"), detail,
        Text::tr("If you changed the environment, enter the client secret again in it to send it there; if "
                 "you did not, check who changed the workspace and undo the change.")};
}

Error refreshTokenBoundElsewhere(const ClientConfig& config, const SecretBinding& boundTo)
{
    return {Text::tr("Sign in again: the environment now names another token endpoint or client"),
        Text::tr("The stored refresh token was issued for %1; the environment now names %2. It was not sent "
                 "there and has been removed from the keychain.")
            .arg(where(boundTo), where(SecretBinding::of(config))),
        Text::tr("Click “Get New Access Token” to sign in at the provider the environment names now."),
        signInNeededCode};
}

} // namespace Tokenscope::OAuth
