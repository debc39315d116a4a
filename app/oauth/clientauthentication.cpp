#include "clientauthentication.h"

#include "jwssign.h"
#include "pkce.h"
#include "secretbytes.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QMutex>
#include <QNetworkRequest>

#include <algorithm>
#include <utility>
#include <vector>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::ClientAuthentication)
};

// Every assertion needs the private key; parsing the PEM each time would put a fresh copy of the key
// material on the heap per request. The last few parsed keys are kept as OpenSSL keys instead, keyed by
// the SHA-256 of the PEM so that the cache never holds the text and an edited key misses. Unusable keys
// are not cached: their error is reported each time.
std::optional<Jwt::SigningKey> privateKey(const QString& pem, QString* reason)
{
    constexpr std::size_t capacity = 4;
    static QMutex mutex;
    static std::vector<std::pair<QByteArray, Jwt::SigningKey>> keys; // most recently used first

    const SecretBytes utf8(pem.toUtf8());
    const QByteArray digest = QCryptographicHash::hash(utf8.bytes(), QCryptographicHash::Sha256);
    const QMutexLocker lock(&mutex);
    for (auto entry = keys.begin(); entry != keys.end(); ++entry) {
        if (entry->first == digest) {
            std::rotate(keys.begin(), entry, entry + 1);
            return keys.front().second;
        }
    }
    std::optional<Jwt::SigningKey> parsed = Jwt::SigningKey::fromPem(utf8.bytes(), reason);
    if (parsed) {
        keys.insert(keys.begin(), {digest, *parsed});
        if (keys.size() > capacity)
            keys.pop_back();
    }
    return parsed;
}

} // namespace

QString assertionAudience(const ClientConfig& config)
{
    if (config.assertionAudienceIsTokenEndpoint || config.issuer.isEmpty())
        return config.tokenEndpoint.toString(QUrl::FullyEncoded);
    return config.issuer;
}

ClientAssertion createClientAssertion(
    const ClientConfig& config, const QString& credential, const QDateTime& now)
{
    // Declared before the key that shares its bytes, so that it is the last owner and wipes them.
    SecretBytes sharedSecret;
    std::optional<Jwt::SigningKey> key;
    QJsonObject header {{QStringLiteral("typ"), QStringLiteral("JWT")}};
    if (config.clientAuthentication == ClientAuthentication::ClientSecretJwt) {
        sharedSecret.reset(credential.toUtf8());
        key = Jwt::SigningKey::sharedSecret(sharedSecret.bytes());
    } else if (config.clientAuthentication == ClientAuthentication::PrivateKeyJwt) {
        QString reason;
        key = privateKey(credential, &reason);
        if (!key) {
            return {{},
                {Text::tr("The private key for private_key_jwt cannot be used"), reason,
                    Text::tr(
                        "Import an unencrypted RSA (2048 bits or more) or EC P-256 private key in PEM form "
                        "in the environment.")}};
        }
        if (!config.assertionKeyId.isEmpty())
            header.insert(QStringLiteral("kid"), config.assertionKeyId);
    } else {
        return {{}, {Text::tr("This client authentication method uses no assertion"), {}, {}}};
    }
    const qint64 issuedAt = now.toSecsSinceEpoch();
    const QJsonObject claims {{QStringLiteral("iss"), config.clientId},
        {QStringLiteral("sub"), config.clientId}, {QStringLiteral("aud"), assertionAudience(config)},
        {QStringLiteral("jti"), randomUrlSafe(16)}, {QStringLiteral("iat"), issuedAt},
        {QStringLiteral("exp"), issuedAt + 60}};
    Jwt::SignResult signedJwt = Jwt::sign(header, claims, *key);
    if (!signedJwt.ok()) {
        signedJwt.error.summary
            = Text::tr("The client assertion could not be signed: %1").arg(signedJwt.error.summary);
        return {{}, signedJwt.error};
    }
    return {signedJwt.token, {}};
}

Error applyClientAuthentication(const ClientConfig& config, const QString& credential, const QDateTime& now,
    QNetworkRequest* request, Http::FormFields* fields)
{
    switch (config.clientAuthentication) {
    case ClientAuthentication::ClientSecretBasic: {
        // RFC 6749 §2.3.1: id and secret are form-urlencoded before Base64, which most clients forget.
        // The header value itself stays with the request; the intermediate copies are wiped here.
        const SecretBytes secret(Http::formEncodeComponent(credential));
        const SecretBytes credentials(Http::formEncodeComponent(config.clientId) + ':' + secret.bytes());
        const SecretBytes encoded(credentials.bytes().toBase64());
        request->setRawHeader("Authorization", "Basic " + encoded.bytes());
        break;
    }
    case ClientAuthentication::ClientSecretPost:
        fields->append({QStringLiteral("client_id"), config.clientId});
        fields->append({QStringLiteral("client_secret"), credential});
        break;
    case ClientAuthentication::None:
        // A public client identifies itself, and never sends an empty client_secret.
        fields->append({QStringLiteral("client_id"), config.clientId});
        break;
    case ClientAuthentication::ClientSecretJwt:
    case ClientAuthentication::PrivateKeyJwt: {
        const ClientAssertion assertion = createClientAssertion(config, credential, now);
        if (!assertion.ok()) {
            Error refused = assertion.error;
            refused.code = QStringLiteral("client_assertion");
            return refused;
        }
        // RFC 7521 §4.2: client_id is optional beside an assertion; sent because PAR (RFC 9126 §2.1) and
        // several providers look the client up by it before reading the assertion.
        fields->append({QStringLiteral("client_id"), config.clientId});
        fields->append({QStringLiteral("client_assertion_type"), jwtBearerAssertionType});
        fields->append({QStringLiteral("client_assertion"), assertion.value});
        break;
    }
    }
    return {};
}

} // namespace Tokenscope::OAuth
