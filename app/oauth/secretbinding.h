#pragma once

#include "clientconfig.h"
#include "error.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QObject;

namespace Tokenscope::Secrets {
class SecretStore;
}

namespace Tokenscope::OAuth {

// Whom a stored secret (refresh token, client secret, private key) may be sent to: the token endpoint and
// client it was saved for. Kept in the keychain beside the secret ("<key>.binding"), never in the
// workspace file, so that an edited or pulled workspace naming another endpoint cannot redirect it.
struct SecretBinding
{
    QString tokenEndpoint;
    QString clientId;
    // The other endpoints the client authenticates at, where a stored secret or refresh token goes too
    // (PAR, device authorization, revocation, introspection), sorted.
    QStringList otherEndpoints;

    static SecretBinding of(const ClientConfig& config);
    QString toJson() const;
    static std::optional<SecretBinding> fromJson(const QString& text);

    friend bool operator==(const SecretBinding&, const SecretBinding&) = default;
};

QString secretBindingKey(const QString& secretKey);

// Writes the binding of config for the secret stored under secretKey. Written after the secret itself:
// should this write fail, the secret keeps its older binding and is refused rather than sent elsewhere.
void writeSecretBinding(
    Secrets::SecretStore* secrets, const QString& secretKey, const ClientConfig& config, QObject* context);

// The answer of checkSecretBinding.
struct BindingCheck
{
    enum class Verdict {
        Bound, // to config: it may be sent there
        Elsewhere, // boundTo says where it belongs
        KeychainFailed, // the keychain could not say; keychainMessage is its own words
    };
    Verdict verdict = Verdict::Bound;
    SecretBinding boundTo;
    QString keychainMessage;
    bool ok() const { return verdict == Verdict::Bound; }
};

// Whether the secret under secretKey may be sent to config's token endpoint (and its other endpoints) as
// config's client. A secret
// saved before bindings existed has none: it is bound to config now, on its first use (the user's
// workspace at the time of the upgrade is trusted once). done runs on context's thread unless context is
// gone first.
void checkSecretBinding(Secrets::SecretStore* secrets, const QString& secretKey, const ClientConfig& config,
    QObject* context, std::function<void(const BindingCheck&)> done);

// What the user is told when a stored secret is not sent because the environment now names another
// token endpoint or client than the one it was saved for. The refresh token's is coded signInNeededCode.
Error clientSecretBoundElsewhere(const ClientConfig& config, const SecretBinding& boundTo);
Error refreshTokenBoundElsewhere(const ClientConfig& config, const SecretBinding& boundTo);

} // namespace Tokenscope::OAuth
