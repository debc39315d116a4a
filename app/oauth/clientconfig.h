#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace Tokenscope::OAuth {

// How the client proves its identity at the token endpoint (RFC 6749 §2.3, OIDC Core §9).
enum class ClientAuthentication {
    ClientSecretBasic, // HTTP Basic with form-urlencoded id and secret (RFC 6749 §2.3.1)
    ClientSecretPost, // client_id and client_secret in the form body
    None, // public client: client_id only, protected by PKCE (RFC 8252 §8.1)
};

// The OAuth part of an environment: where the provider is and who we are to it. The client secret is
// not here: it lives in the SecretStore only.
struct ClientConfig
{
    QString issuer; // compared exactly with `iss` when the provider sends it (RFC 9207)
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    QString clientId;
    QString scope; // space separated, as sent
    QUrl redirectUri;
    ClientAuthentication clientAuthentication = ClientAuthentication::ClientSecretBasic;
    bool requireIssuerInResponse
        = false; // the server advertises authorization_response_iss_parameter_supported
    QList<QPair<QString, QString>> extraAuthorizationParameters;

    bool requestsOpenId() const;
    bool needsClientSecret() const { return clientAuthentication != ClientAuthentication::None; }

    friend bool operator==(const ClientConfig&, const ClientConfig&) = default;
};

QString toString(ClientAuthentication method);
ClientAuthentication clientAuthenticationFromString(const QString& text);

} // namespace Tokenscope::OAuth
