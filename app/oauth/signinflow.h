#pragma once

#include "error.h"
#include "tokenset.h"

#include <QDateTime>
#include <QObject>
#include <QUrl>

namespace Tokenscope::OAuth {

// One run of a grant that gets tokens for a sign-in: the authorization code flow, the device flow,
// client credentials. Single use: after start, exactly one of succeeded, failed or cancelled follows
// (unless the flow is destroyed first); the progress signals come before it, from the flows that have
// such a step.
class SignInFlow : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInFlow)

public:
    ~SignInFlow() override = default;

    virtual void start() = 0;
    // Ends the flow: what it holds (state, verifier, device code, secret) is forgotten, an answer
    // still under way is ignored. Emits cancelled unless the flow has already ended.
    virtual void cancel() = 0;

Q_SIGNALS:
    void succeeded(const Tokenscope::OAuth::TokenSet& tokens);
    // error.code says what failed, for code: the provider's `error` ("access_denied") or one of ours
    // ("login_agent", "id-token-missing", an ID token case name).
    void failed(const Tokenscope::Error& error);
    void cancelled();

    // The device flow (RFC 8628 §3.1) is asking the provider for a user code; userCodeReady follows.
    void userCodeRequested();
    // Show the user this code and where to enter it, until expiresAt. verificationUriComplete may be
    // empty.
    void userCodeReady(const QString& userCode, const QUrl& verificationUri,
        const QUrl& verificationUriComplete, const QDateTime& expiresAt);

protected:
    explicit SignInFlow(QObject* parent = nullptr)
        : QObject(parent)
    { }
    void emitFailed(const Error& error) { Q_EMIT failed(error); }
};

} // namespace Tokenscope::OAuth
