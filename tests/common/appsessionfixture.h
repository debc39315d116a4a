#pragma once

// Link tokenscope_session (tokenscope_ui links it) to use it.

#include "appsession.h"
#include "flowlog.h"
#include "memorysecretstore.h"
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
