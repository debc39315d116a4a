// The token session's refresh token in the keychain: stored before use, and bound to the token endpoint
// and client it was issued for.

#include "clientsecret.h"
#include "flowlog.h"
#include "secretbinding.h"
#include "secretstore.h"
#include "tokensession.h"

namespace Tokenscope::OAuth {

using Secrets::SecretResult;

void TokenSession::storeRefreshToken(const QString& refreshToken, std::function<void()> then)
{
    m_secrets->write(
        refreshTokenKey(), refreshToken, this, [this, then = std::move(then)](const SecretResult& result) {
            if (result.ok()) {
                if (m_log)
                    m_log->note(tr("Refresh token saved in the keychain"));
            } else {
                Q_EMIT secretStorageProblem(
                    {tr("The refresh token could not be saved in the keychain"), result.message,
                        tr("It is kept in memory for this session only; you will need to sign "
                           "in again after a restart. Nothing was written to disk.")});
            }
            if (then)
                then();
        });
    // The binding after the token: should its write fail, the token is refused later, never misdirected.
    writeSecretBinding(m_secrets, refreshTokenKey(), m_config, this);
}

void TokenSession::refreshWithStoredToken(const QString& refreshToken, quint64 generation)
{
    checkSecretBinding(m_secrets, refreshTokenKey(), m_config, this,
        [this, refreshToken, generation](const BindingCheck& check) {
            if (generation != m_generation)
                return;
            if (check.ok()) {
                m_tokens.refreshToken = refreshToken;
                refreshWith(refreshToken);
                return;
            }
            if (check.verdict == BindingCheck::Verdict::KeychainFailed) {
                finishRefresh({tr("The refresh token could not be read from the keychain"),
                    check.keychainMessage, tr("Unlock the keychain and try again, or sign in again.")});
                return;
            }
            // Another provider's or client's token is never sent on, and kept no longer: the sign-in
            // the user is asked for replaces it.
            m_secrets->remove(refreshTokenKey(), this, [](const SecretResult&) {});
            m_secrets->remove(secretBindingKey(refreshTokenKey()), this, [](const SecretResult&) {});
            m_secrets->remove(signInRecordKey(m_environmentId), this, [](const SecretResult&) {});
            m_stored = {StoredSignIn::Status::Nothing, std::nullopt, {}};
            const Error refusal = refreshTokenBoundElsewhere(m_config, check.boundTo);
            if (m_log)
                m_log->failure(refusal.summary);
            finishRefresh(refusal);
            Q_EMIT tokensChanged();
        });
}

void TokenSession::keepRefreshedTokens(const TokenSet& tokens, quint64 generation)
{
    const auto keep = [this, tokens, generation] {
        if (generation != m_generation)
            return; // forgotten, signed in again or moved to another provider meanwhile
        acceptTokens(tokens, Origin::Refresh);
        finishRefresh({});
    };
    // RFC 9700 §4.14.2: after rotation the old refresh token is dead. Were the new one handed out first
    // and the application then ended, the keychain would hold only a dead token.
    if (tokens.refreshToken.isEmpty() || tokens.refreshToken == m_tokens.refreshToken) {
        keep();
        return;
    }
    storeRefreshToken(tokens.refreshToken, keep);
}

} // namespace Tokenscope::OAuth
