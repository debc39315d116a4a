#pragma once

#include "loginagent.h"

#include <QUrlQuery>

#include <functional>

namespace Tokenscope::Tests {

// A login agent that "signs in" at once: it answers the authorization request with the code "code-1"
// and the request's own state, as a provider would redirect, without a browser or a provider.
class InstantLoginAgent final : public OAuth::LoginAgent
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InstantLoginAgent)

public:
    explicit InstantLoginAgent(QObject* parent = nullptr);

    void start(const QUrl& authorizationUrl, const QUrl& redirectUri) override;
    void cancel() override { }

    // Sees each authorization request before the redirect is sent: the nonce, for an ID token the
    // scripted token endpoint is to answer with.
    void setOnStart(std::function<void(const QUrlQuery& request)> onStart) { m_onStart = std::move(onStart); }
    // The authorization URL of the last start; empty before the first.
    QUrl opened() const { return m_opened; }

private:
    std::function<void(const QUrlQuery& request)> m_onStart;
    QUrl m_opened;
};

} // namespace Tokenscope::Tests
