#include "clientauthentication.h"

#include "jwssign.h"
#include "pkce.h"

#include <QCoreApplication>
#include <QNetworkRequest>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::ClientAuthentication)
};

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
    std::optional<Jwt::SigningKey> key;
    QJsonObject header {{QStringLiteral("typ"), QStringLiteral("JWT")}};
    if (config.clientAuthentication == ClientAuthentication::ClientSecretJwt) {
        key = Jwt::SigningKey::sharedSecret(credential.toUtf8());
    } else if (config.clientAuthentication == ClientAuthentication::PrivateKeyJwt) {
        QString reason;
        key = Jwt::SigningKey::fromPem(credential.toUtf8(), &reason);
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
        const QByteArray credentials
            = Http::formEncodeComponent(config.clientId) + ':' + Http::formEncodeComponent(credential);
        request->setRawHeader("Authorization", "Basic " + credentials.toBase64());
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
