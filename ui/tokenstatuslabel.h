#pragma once

#include "tokensession.h"

#include <QDateTime>
#include <QLabel>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <optional>

namespace Tokenscope::Ui {

// The token status chip in the main window's toolbar: who is signed in, how long the access token
// lasts (counting down), how many scopes were granted; the tooltip lists the scopes and the expiry.
class TokenStatusLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenStatusLabel)

public:
    using Clock = std::function<QDateTime()>;

    explicit TokenStatusLabel(QWidget* parent = nullptr);

    // Shows this session's tokens (not owned; null: there is no environment).
    void setTokenSession(OAuth::TokenSession* session);
    void setClock(Clock clock);

    struct Status
    {
        QString text; // rich text
        std::optional<QString> toolTip; // nullopt: the previous tooltip stays
    };
    // What the session knows beyond its tokens.
    struct Notes
    {
        OAuth::StoredSignIn stored; // what the keychain holds, for a session without tokens (a restart)
        QString noRefreshToken; // why the tokens have no refresh token; empty: nothing to say
        QString scopesRemedy; // what may bring the scopes requested but not granted
        QString signedOutReason; // why nobody is signed in, from the record of the last sign-in
    };
    // What the label says for a session in this state with these tokens (no state: no environment).
    static Status describe(std::optional<OAuth::TokenSession::State> state, const OAuth::TokenSet& tokens,
        const QString& subject, const QDateTime& now, const Notes& notes = {});
    // The notes for this session's tokens and record.
    static Notes notesOf(const OAuth::TokenSession& session);
    // Who the tokens are for, from the ID token (or a JWT access token): the name a support person
    // would say. Empty when neither says. (A session knows more: TokenSession::displayName.)
    static QString subjectOf(const OAuth::TokenSet& tokens);

private:
    void updateStatus();

    QPointer<OAuth::TokenSession> m_tokens;
    QString m_subject; // decoded once per token set, not on every tick of the countdown
    Clock m_clock;
    QTimer m_ticker;
};

} // namespace Tokenscope::Ui
