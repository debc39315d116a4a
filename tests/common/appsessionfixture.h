#pragma once

// Link tokenscope_session (tokenscope_ui links it) to use it.

#include "appsession.h"
#include "flowlog.h"
#include "memorysecretstore.h"
#include "oidcfixture.h"
#include "sessionsecretstore.h"

#include <QTemporaryDir>

namespace Tokenscope::Tests {

// An AppSession composed as the application composes it, for one test: its workspace in a fresh
// temporary folder, the keychain an in-memory MemorySecretStore behind SessionSecretStore. Nothing
// reaches the user's files or keychain. Call session()->load() before use.
class AppSessionFixture final
{
public:
    AppSessionFixture() = default;
    AppSessionFixture(const AppSessionFixture&) = delete;
    AppSessionFixture& operator=(const AppSessionFixture&) = delete;

    Workspace::AppSession* session() { return &m_session; }
    // The workspace folder, to look at what the session wrote there.
    QString directory() const { return m_dir.path(); }
    // The keychain behind the session, to look into or to play a keychain that is not there.
    Secrets::MemorySecretStore* keychain() const { return m_keychain; }

private:
    QTemporaryDir m_dir;
    Secrets::MemorySecretStore* m_keychain = new Secrets::MemorySecretStore; // owned by the session
    Workspace::AppSession m_session {m_dir.path(), new Secrets::SessionSecretStore(m_keychain)};
};

// An environment for the fixture provider's public client signing in through the system browser (a
// ScriptedBrowser plays it): the code flow with PKCE, a refresh token (oidc-provider grants
// offline_access only with consent asked for, OIDC Core §11), and revocation.
inline Workspace::Environment fixtureEnvironment(const OidcFixture& fixture, const QString& id)
{
    Workspace::Environment environment;
    environment.id = id;
    environment.name = QStringLiteral("Local provider");
    environment.oauth.issuer = fixture.issuer().toString();
    environment.oauth.authorizationEndpoint = fixture.url(QStringLiteral("/auth"));
    environment.oauth.tokenEndpoint = fixture.url(QStringLiteral("/token"));
    environment.oauth.jwksUri = fixture.url(QStringLiteral("/jwks"));
    environment.oauth.revocationEndpoint = fixture.url(QStringLiteral("/token/revocation"));
    environment.oauth.clientId = QStringLiteral("tokenscope-demo");
    environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
    environment.oauth.scope = QStringLiteral("openid offline_access demo.read");
    environment.oauth.extraAuthorizationParameters.append(
        {QStringLiteral("prompt"), QStringLiteral("consent")});
    environment.oauth.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
    environment.signIn.browser = Workspace::SignInSettings::Browser::System;
    return environment;
}

// The last redirect a sign-in intercepted, as the flow log recorded it (empty if none).
inline QUrl interceptedRedirect(const Workspace::AppSession& session)
{
    QUrl url;
    for (const auto& event : session.flowLog()->events()) {
        if (event.kind == Http::FlowEvent::Kind::RedirectReceived)
            url = event.url;
    }
    return url;
}

} // namespace Tokenscope::Tests
