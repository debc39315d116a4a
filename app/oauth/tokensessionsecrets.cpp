// The token session's keychain writes: kept apart from the session's flow logic.

#include "clientsecret.h"
#include "flowlog.h"
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
