#include "clientconfig.h"

namespace Tokenscope::OAuth {

bool ClientConfig::requestsOpenId() const
{
    return scope.split(QLatin1Char(' '), Qt::SkipEmptyParts).contains(QLatin1String("openid"));
}

QString toString(ClientAuthentication method)
{
    switch (method) {
    case ClientAuthentication::ClientSecretBasic:
        return QStringLiteral("client_secret_basic");
    case ClientAuthentication::ClientSecretPost:
        return QStringLiteral("client_secret_post");
    case ClientAuthentication::None:
        return QStringLiteral("none");
    case ClientAuthentication::ClientSecretJwt:
        return QStringLiteral("client_secret_jwt");
    case ClientAuthentication::PrivateKeyJwt:
        return QStringLiteral("private_key_jwt");
    }
    return {};
}

ClientAuthentication clientAuthenticationFromString(const QString& text)
{
    if (text == QLatin1String("client_secret_post"))
        return ClientAuthentication::ClientSecretPost;
    if (text == QLatin1String("none"))
        return ClientAuthentication::None;
    if (text == QLatin1String("client_secret_jwt"))
        return ClientAuthentication::ClientSecretJwt;
    if (text == QLatin1String("private_key_jwt"))
        return ClientAuthentication::PrivateKeyJwt;
    return ClientAuthentication::ClientSecretBasic;
}

QString toString(Grant grant)
{
    switch (grant) {
    case Grant::AuthorizationCode:
        return QStringLiteral("authorization_code");
    case Grant::ClientCredentials:
        return QStringLiteral("client_credentials");
    case Grant::DeviceCode:
        return QStringLiteral("device_code");
    }
    return {};
}

Grant grantFromString(const QString& text)
{
    if (text == QLatin1String("client_credentials"))
        return Grant::ClientCredentials;
    if (text == QLatin1String("device_code"))
        return Grant::DeviceCode;
    return Grant::AuthorizationCode;
}

} // namespace Tokenscope::OAuth
