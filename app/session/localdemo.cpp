#include "localdemo.h"

#include <QCoreApplication>

namespace Tokenscope::Workspace {

namespace {

// The session's translation context: the demo was part of AppSession before it had a file of its own.
class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Workspace::AppSession)
};

} // namespace

QString localDemoId()
{
    return QStringLiteral("local-demo");
}

Environment localDemoEnvironment(const QUrl& baseUrl)
{
    const QString base = baseUrl.toString(QUrl::StripTrailingSlash);
    Environment demo;
    demo.id = localDemoId();
    demo.name = Text::tr("Local demo");
    demo.variables = {{QStringLiteral("baseUrl"), base, true}};
    demo.oauth.issuer = base;
    demo.oauth.authorizationEndpoint = QUrl(base + QStringLiteral("/auth"));
    demo.oauth.tokenEndpoint = QUrl(base + QStringLiteral("/token"));
    demo.oauth.jwksUri = QUrl(base + QStringLiteral("/jwks"));
    demo.oauth.revocationEndpoint = QUrl(base + QStringLiteral("/token/revocation"));
    demo.oauth.introspectionEndpoint = QUrl(base + QStringLiteral("/token/introspection"));
    demo.oauth.userinfoEndpoint = QUrl(base + QStringLiteral("/me"));
    demo.oauth.endSessionEndpoint = QUrl(base + QStringLiteral("/session/end"));
    demo.oauth.deviceAuthorizationEndpoint = QUrl(base + QStringLiteral("/device/auth"));
    demo.oauth.parEndpoint = QUrl(base + QStringLiteral("/request"));
    demo.oauth.clientId = QStringLiteral("tokenscope-demo");
    demo.oauth.scope = QStringLiteral("openid profile email demo.read");
    demo.oauth.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
    demo.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
    demo.oauth.requireIssuerInResponse = true;
    return demo;
}

QString localDemoRequestUrl()
{
    return QStringLiteral("{{baseUrl}}/api/patients");
}

} // namespace Tokenscope::Workspace
