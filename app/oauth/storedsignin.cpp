#include "storedsignin.h"

#include "clientsecret.h"
#include "jwt.h"
#include "secretstore.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLocale>

#include <memory>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::StoredSignIn)
};

const QLatin1String offlineAccess("offline_access");

QString when(const QDateTime& time)
{
    return QLocale().toString(time.toLocalTime(), QLocale::ShortFormat);
}

QStringList scopes(const QString& text)
{
    return text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

bool asksForConsent(const ClientConfig& config)
{
    return std::any_of(config.extraAuthorizationParameters.cbegin(),
        config.extraAuthorizationParameters.cend(), [](const auto& parameter) {
            return parameter.first == QLatin1String("prompt")
                && scopes(parameter.second).contains(QLatin1String("consent"));
        });
}

QString offlineAccessRemedy(const ClientConfig& config)
{
    if (config.grant == Grant::AuthorizationCode && !asksForConsent(config)) {
        return Text::tr("Many providers grant offline_access only when the user is asked for consent: add "
                        "prompt=consent to the environment's extra authorization parameters.");
    }
    return Text::tr("Check at the provider that the client may have offline_access and use the refresh_token "
                    "grant.");
}

const char* refreshTokenWord(SignInRecord::RefreshToken state)
{
    switch (state) {
    case SignInRecord::RefreshToken::Issued:
        return "issued";
    case SignInRecord::RefreshToken::NotIssued:
        return "not_issued";
    case SignInRecord::RefreshToken::Refused:
        return "refused";
    }
    return "not_issued";
}

} // namespace

QString signInRecordKey(const QString& environmentId)
{
    return Secrets::secretKey(environmentId, QStringLiteral("sign_in"));
}

QString displayNameOf(const QJsonObject& claims)
{
    for (const char* claim : {"preferred_username", "email", "name"}) {
        QString value = claims.value(QLatin1String(claim)).toString().trimmed();
        if (!value.isEmpty())
            return value;
    }
    return {};
}

SignInRecord SignInRecord::of(const TokenSet& tokens, const QDateTime& signedInAt)
{
    SignInRecord record;
    for (const QString& token : {tokens.idToken, tokens.accessToken}) {
        const auto jwt = Jwt::decode(token);
        if (!jwt)
            continue;
        record.displayName = displayNameOf(jwt->payload);
        record.subject = jwt->payload.value(QLatin1String("sub")).toString();
        break; // the ID token, when there is one, is the word on who signed in
    }
    record.signedInAt = signedInAt;
    record.requestedScope = tokens.requestedScope;
    record.grantedScope = tokens.grantedScope;
    record.refreshToken = tokens.refreshToken.isEmpty() ? RefreshToken::NotIssued : RefreshToken::Issued;
    return record;
}

SignInRecord SignInRecord::continuedWith(const TokenSet& tokens) const
{
    SignInRecord record = *this;
    const SignInRecord refreshed = of(tokens, signedInAt);
    if (!refreshed.displayName.isEmpty() && (refreshed.subject == subject || subject.isEmpty()))
        record.displayName = refreshed.displayName;
    if (record.subject.isEmpty())
        record.subject = refreshed.subject;
    record.requestedScope = tokens.requestedScope;
    record.grantedScope = tokens.grantedScope;
    if (refreshed.refreshToken == RefreshToken::Issued) {
        record.refreshToken = RefreshToken::Issued;
        record.refusedAt = {};
    }
    return record;
}

QString displayNameFor(const TokenSet& tokens, const std::optional<SignInRecord>& record)
{
    const auto idToken = Jwt::decode(tokens.idToken);
    const QJsonObject claims = idToken ? idToken->payload : QJsonObject();
    if (QString name = displayNameOf(claims); !name.isEmpty())
        return name;
    QString subject = claims.value(QLatin1String("sub")).toString();
    if (record && !record->displayName.isEmpty() && (subject.isEmpty() || subject == record->subject))
        return record->displayName;
    if (!subject.isEmpty())
        return subject;
    if (const auto access = Jwt::decode(tokens.accessToken)) {
        const QString name = displayNameOf(access->payload);
        return name.isEmpty() ? access->payload.value(QLatin1String("sub")).toString() : name;
    }
    return record ? record->subject : QString();
}

TokenSet grantToContinue(const TokenSet& tokens, const std::optional<SignInRecord>& record)
{
    TokenSet grant = tokens;
    if (!grant.hasAccessToken() && record) {
        grant.requestedScope = record->requestedScope;
        grant.grantedScope = record->grantedScope;
        grant.scopeFromResponse = true;
    }
    return grant;
}

void readStoredSignIn(Secrets::SecretStore* secrets, const QString& environmentId, QObject* context,
    std::function<void(const StoredSignIn&)> done)
{
    // Both reads are asked at once: a handler that called the store again could reach it while it is being
    // destroyed (a keychain store waits for its jobs in its destructor, answering them).
    struct Answers
    {
        std::optional<Secrets::SecretResult> token;
        std::optional<Secrets::SecretResult> record;
        std::function<void(const StoredSignIn&)> done;
    };
    auto answers = std::make_shared<Answers>();
    answers->done = std::move(done);
    const auto combine = [answers] {
        if (!answers->token || !answers->record)
            return;
        const Secrets::SecretResult& token = *answers->token;
        StoredSignIn signIn;
        if (answers->record->ok())
            signIn.record = SignInRecord::fromJson(answers->record->value);
        if (token.ok() && !token.value.isEmpty()) {
            signIn.status = StoredSignIn::Status::RefreshTokenStored;
        } else if (!token.backendWorks()) {
            signIn.status = StoredSignIn::Status::KeychainUnreadable;
            signIn.keychainMessage = token.message;
        } else if (signIn.record && signIn.record->refreshToken != SignInRecord::RefreshToken::Issued) {
            signIn.status = StoredSignIn::Status::NoRefreshToken;
        } else {
            signIn.status = StoredSignIn::Status::Nothing;
        }
        answers->token.reset(); // the refresh token's value is not kept
        answers->done(signIn);
    };
    secrets->read(
        refreshTokenKey(environmentId), context, [answers, combine](const Secrets::SecretResult& result) {
            answers->token = result;
            combine();
        });
    secrets->read(
        signInRecordKey(environmentId), context, [answers, combine](const Secrets::SecretResult& result) {
            answers->record = result;
            combine();
        });
}

QString SignInRecord::toJson() const
{
    QJsonObject object {{QStringLiteral("name"), displayName}, {QStringLiteral("sub"), subject},
        {QStringLiteral("signedInAt"), signedInAt.toUTC().toString(Qt::ISODate)},
        {QStringLiteral("requestedScope"), requestedScope}, {QStringLiteral("grantedScope"), grantedScope},
        {QStringLiteral("refreshToken"), QLatin1String(refreshTokenWord(refreshToken))}};
    if (refusedAt.isValid())
        object.insert(QStringLiteral("refusedAt"), refusedAt.toUTC().toString(Qt::ISODate));
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

std::optional<SignInRecord> SignInRecord::fromJson(const QString& text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    if (!document.isObject())
        return std::nullopt;
    const QJsonObject object = document.object();
    SignInRecord record;
    record.displayName = object.value(QLatin1String("name")).toString();
    record.subject = object.value(QLatin1String("sub")).toString();
    record.signedInAt
        = QDateTime::fromString(object.value(QLatin1String("signedInAt")).toString(), Qt::ISODate);
    record.requestedScope = object.value(QLatin1String("requestedScope")).toString();
    record.grantedScope = object.value(QLatin1String("grantedScope")).toString();
    const QString refresh = object.value(QLatin1String("refreshToken")).toString();
    for (const auto state : {RefreshToken::Issued, RefreshToken::NotIssued, RefreshToken::Refused}) {
        if (refresh == QLatin1String(refreshTokenWord(state)))
            record.refreshToken = state;
    }
    record.refusedAt
        = QDateTime::fromString(object.value(QLatin1String("refusedAt")).toString(), Qt::ISODate);
    return record;
}

QStringList SignInRecord::missingScopes() const
{
    QStringList missing;
    const QStringList granted = scopes(grantedScope);
    for (const QString& scope : scopes(requestedScope)) {
        if (!granted.contains(scope))
            missing.append(scope);
    }
    return missing;
}

QString missingRefreshTokenReason(const ClientConfig& config, const SignInRecord& record)
{
    if (config.grant == Grant::ClientCredentials
        || record.refreshToken != SignInRecord::RefreshToken::NotIssued)
        return {};
    if (!scopes(record.requestedScope).contains(offlineAccess)) {
        return Text::tr("If the provider issues refresh tokens only for the offline_access scope, add "
                        "offline_access to the environment's scopes.");
    }
    if (!scopes(record.grantedScope).contains(offlineAccess))
        return Text::tr("The provider did not grant offline_access.") + QLatin1Char(' ')
            + offlineAccessRemedy(config);
    return Text::tr(
        "The provider granted offline_access but no refresh token: check at the provider that the "
        "client may use the refresh_token grant.");
}

QString missingScopesRemedy(const ClientConfig& config, const SignInRecord& record)
{
    QStringList missing = record.missingScopes();
    if (missing.isEmpty())
        return {};
    QStringList remedies;
    if (missing.removeAll(offlineAccess) > 0)
        remedies.append(offlineAccessRemedy(config));
    if (!missing.isEmpty()) {
        // RFC 6749 §3.3: the provider may narrow the request to what the client may have.
        remedies.append(Text::tr("The provider grants only what the client is registered for and the user "
                                 "allowed: check the client's scopes at the provider."));
    }
    return remedies.join(QLatin1Char(' '));
}

Error signInWarning(const ClientConfig& config, const SignInRecord& record)
{
    const QString refreshReason = missingRefreshTokenReason(config, record);
    const QStringList missing = record.missingScopes();
    if (refreshReason.isEmpty() && missing.isEmpty())
        return {};
    const QString names = missing.join(QStringLiteral(", "));
    Error warning;
    if (!refreshReason.isEmpty() && !missing.isEmpty())
        warning.summary = Text::tr("Signed in, but with no refresh token and without %1").arg(names);
    else if (!refreshReason.isEmpty())
        warning.summary = Text::tr("Signed in, but the provider issued no refresh token");
    else
        warning.summary = Text::tr("Signed in, but the provider did not grant %1").arg(names);
    if (!refreshReason.isEmpty()) {
        warning.detail
            = Text::tr("The access token cannot be renewed: you will need to sign in again when it "
                       "expires and after a restart.");
    }
    QStringList hints {refreshReason};
    // The offline_access remedy is already in the refresh token's reason when both are missing.
    if (const QString remedy = missingScopesRemedy(config, record); !refreshReason.contains(remedy))
        hints.append(remedy);
    hints.removeAll(QString());
    warning.hint = hints.join(QLatin1Char(' '));
    return warning;
}

Error notSignedIn(
    const ClientConfig& config, const std::optional<SignInRecord>& record, bool accessTokenExpired)
{
    const bool refused = record && record->refreshToken == SignInRecord::RefreshToken::Refused;
    const QString refusal = refused
        ? Text::tr(
            "The provider refused the refresh token on %1: it was revoked, has expired or was already used.")
              .arg(when(record->refusedAt))
        : QString();
    const QString reason = record ? missingRefreshTokenReason(config, *record) : QString();
    if (accessTokenExpired) {
        return {Text::tr("The access token has expired and there is no refresh token"),
            refused ? refusal : Text::tr("The provider did not issue a refresh token for this sign-in."),
            reason.isEmpty()
                ? Text::tr("Get a new access token by signing in again.")
                : reason + QLatin1Char(' ') + Text::tr("Get a new access token by signing in again."),
            signInNeededCode};
    }
    QString detail = refusal;
    if (record && record->refreshToken == SignInRecord::RefreshToken::NotIssued) {
        detail = Text::tr("The provider issued no refresh token at the last sign-in (%1), so it could not "
                          "outlive a restart.")
                     .arg(when(record->signedInAt));
    }
    const QString signIn = Text::tr("Click “Get New Access Token” to sign in at the provider.");
    return {Text::tr("Not signed in to this environment"), detail,
        reason.isEmpty() ? signIn : reason + QLatin1Char(' ') + signIn, signInNeededCode};
}

} // namespace Tokenscope::OAuth
