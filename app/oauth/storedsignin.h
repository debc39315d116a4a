#pragma once

#include "clientconfig.h"
#include "error.h"
#include "tokenset.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QObject;

namespace Tokenscope::Secrets {
class SecretStore;
}

namespace Tokenscope::OAuth {

// What is kept of an environment's last sign-in, in the keychain next to its refresh token (never in the
// workspace file), so that after a restart the window can say who is signed in and since when, or why
// nobody is. It holds no token.
struct SignInRecord
{
    enum class RefreshToken {
        Issued,
        NotIssued, // the sign-in's response had none
        Refused, // the provider refused it later (invalid_grant): revoked, expired or already used
    };

    QString displayName; // empty when the tokens name nobody better than by the opaque sub
    QString subject; // the ID token's sub
    QDateTime signedInAt;
    QString requestedScope;
    QString grantedScope;
    RefreshToken refreshToken = RefreshToken::NotIssued;
    QDateTime refusedAt; // with RefreshToken::Refused

    // The record of a sign-in that brought these tokens.
    static SignInRecord of(const TokenSet& tokens, const QDateTime& signedInAt);
    // This record after a refresh brought these tokens: the scopes they state, the name of a refreshed ID
    // token about the same subject, a refresh token held again.
    SignInRecord continuedWith(const TokenSet& tokens) const;
    QString toJson() const;
    static std::optional<SignInRecord> fromJson(const QString& text);
    QStringList missingScopes() const;

    friend bool operator==(const SignInRecord&, const SignInRecord&) = default;
};

// The keychain entry of an environment's record, next to "<environment id>/refresh_token".
QString signInRecordKey(const QString& environmentId);

// The name a person recognises in ID token (or JWT access token) claims: preferred_username, email or
// name. Empty when there is none of them: the opaque sub is no name.
QString displayNameOf(const QJsonObject& claims);

// Who these tokens are for, as a person would say it: the ID token's display name; else the recorded one
// for the same subject (OIDC Core §12.2 does not ask a refreshed ID token for profile claims, and after a
// restart there is no ID token at all); else the sub; else a JWT access token's. Empty: nobody is named.
QString displayNameFor(const TokenSet& tokens, const std::optional<SignInRecord>& record);
// The grant a refresh continues: these tokens, or after a restart (no access token yet) the record's
// scopes.
TokenSet grantToContinue(const TokenSet& tokens, const std::optional<SignInRecord>& record);

// What a session knows of the keychain before any token request: read when it starts, kept current by
// its sign-ins, refreshes and forgetting.
struct StoredSignIn
{
    enum class Status {
        Unknown, // not read yet
        Nothing, // no refresh token and no record: never signed in, or forgotten
        RefreshTokenStored,
        NoRefreshToken, // the record says why
        KeychainUnreadable,
    };
    Status status = Status::Unknown;
    std::optional<SignInRecord> record;
    QString keychainMessage; // with KeychainUnreadable: the keychain's own words
};

// Reads what the keychain holds of an environment's last sign-in: whether a refresh token is there (its
// value is not kept) and the record. done runs unless context is gone first.
void readStoredSignIn(Secrets::SecretStore* secrets, const QString& environmentId, QObject* context,
    std::function<void(const StoredSignIn&)> done);

// Why this sign-in has no refresh token and what may bring one. Empty when it has one, or for client
// credentials, which never get one (RFC 6749 §4.4.3).
QString missingRefreshTokenReason(const ClientConfig& config, const SignInRecord& record);
// What may bring the requested scopes the provider did not grant; empty when all were granted.
QString missingScopesRemedy(const ClientConfig& config, const SignInRecord& record);
// What the user should know right after this sign-in succeeded: no refresh token, scopes not granted.
// Null when there is nothing to say. A warning, not an error: the tokens work.
Error signInWarning(const ClientConfig& config, const SignInRecord& record);
// The code (Error::code) of a failure only a new sign-in cures: nothing in the keychain to refresh with,
// or a refresh token the environment may no longer use. A refresh answered invalid_grant means the same.
inline constexpr QLatin1String signInNeededCode("sign_in_needed");

// Why a token request found no refresh token in the keychain, from what the record says; coded
// signInNeededCode.
Error notSignedIn(
    const ClientConfig& config, const std::optional<SignInRecord>& record, bool accessTokenExpired);

} // namespace Tokenscope::OAuth
