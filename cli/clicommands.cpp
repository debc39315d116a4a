#include "clicommands.h"

#include "applicationsetup.h"
#include "appsession.h"
#include "clisupport.h"
#include "keychainsecretstore.h"
#include "requestauthorization.h"
#include "storedsignin.h"
#include "tokensession.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <memory>
#include <optional>

namespace Tokenscope::Cli {

namespace {

using OAuth::Grant;
using OAuth::StoredSignIn;
using Workspace::Environment;

QString grantText(Grant grant)
{
    switch (grant) {
    case Grant::AuthorizationCode:
        return Commands::tr("authorization code");
    case Grant::ClientCredentials:
        return Commands::tr("client credentials");
    case Grant::DeviceCode:
        return Commands::tr("device code");
    }
    return {};
}

// The machine word for what the keychain holds of the environment's sign-in.
QString signInState(const Environment& environment, const StoredSignIn& stored)
{
    if (environment.oauth.grant == Grant::ClientCredentials)
        return QStringLiteral("not_needed");
    switch (stored.status) {
    case StoredSignIn::Status::RefreshTokenStored:
        return QStringLiteral("refresh_token_stored");
    case StoredSignIn::Status::NoRefreshToken:
        return QStringLiteral("no_refresh_token");
    case StoredSignIn::Status::KeychainUnreadable:
        return QStringLiteral("keychain_unreadable");
    case StoredSignIn::Status::Unknown:
    case StoredSignIn::Status::Nothing:
        break;
    }
    return QStringLiteral("not_signed_in");
}

QString signInText(const QString& state, const StoredSignIn& stored)
{
    const QString who = stored.record ? stored.record->displayName : QString();
    if (state == QLatin1String("not_needed"))
        return Commands::tr("no sign-in needed (client credentials)");
    if (state == QLatin1String("refresh_token_stored")) {
        return who.isEmpty() ? Commands::tr("signed in (refresh token in the keychain)")
                             : Commands::tr("signed in as %1 (refresh token in the keychain)").arg(who);
    }
    if (state == QLatin1String("no_refresh_token"))
        return Commands::tr("not signed in (the last sign-in left no refresh token)");
    if (state == QLatin1String("keychain_unreadable"))
        return Commands::tr("unknown: the keychain could not be read (%1)").arg(stored.keychainMessage);
    return Commands::tr("not signed in");
}

int listEnvironments(const Invocation& invocation, QTextStream& out, QTextStream& err)
{
    int status = ExitOk;
    const std::unique_ptr<Workspace::AppSession> session = openSession(invocation, err, &status);
    if (status != ExitOk)
        return status;
    const QList<Environment>& environments = session->workspace().environments;
    // Each token session reads its sign-in record from the keychain when it starts.
    QList<OAuth::TokenSession*> tokenSessions;
    QEventLoop loop;
    const auto allRead = [&tokenSessions] {
        return std::all_of(
            tokenSessions.cbegin(), tokenSessions.cend(), [](const OAuth::TokenSession* tokens) {
                return tokens->storedSignIn().status != StoredSignIn::Status::Unknown;
            });
    };
    for (const Environment& environment : environments) {
        OAuth::TokenSession* tokens = session->tokenSession(environment.id);
        tokenSessions.append(tokens);
        QObject::connect(tokens, &OAuth::TokenSession::tokensChanged, &loop, [&loop, &allRead] {
            if (allRead())
                loop.quit();
        });
    }
    if (!allRead())
        loop.exec();

    QJsonArray list;
    bool keychainFailed = false;
    for (qsizetype i = 0; i < environments.size(); ++i) {
        const Environment& environment = environments.at(i);
        const StoredSignIn& stored = tokenSessions.at(i)->storedSignIn();
        const QString state = signInState(environment, stored);
        keychainFailed = keychainFailed || state == QLatin1String("keychain_unreadable");
        const OAuth::ClientConfig& oauth = environment.oauth;
        if (invocation.json) {
            list.append(QJsonObject {
                {QStringLiteral("id"), environment.id},
                {QStringLiteral("name"), environment.name},
                {QStringLiteral("current"), environment.id == session->workspace().currentEnvironmentId},
                {QStringLiteral("grant"), OAuth::toString(oauth.grant)},
                {QStringLiteral("issuer"), oauth.issuer},
                {QStringLiteral("tokenEndpoint"), oauth.tokenEndpoint.toString()},
                {QStringLiteral("clientId"), oauth.clientId},
                {QStringLiteral("scope"), oauth.scope},
                {QStringLiteral("signIn"), state},
                {QStringLiteral("signedIn"), state == QLatin1String("refresh_token_stored")},
                {QStringLiteral("user"),
                    stored.record ? QJsonValue(stored.record->displayName) : QJsonValue(QJsonValue::Null)},
            });
            continue;
        }
        out << environment.name << "  (" << Commands::tr("id") << ' ' << environment.id << ")\n";
        const QString provider = oauth.issuer.isEmpty() ? oauth.tokenEndpoint.toString() : oauth.issuer;
        out << "  "
            << Commands::tr("OAuth: %1, client %2, provider %3")
                   .arg(grantText(oauth.grant),
                       oauth.clientId.isEmpty() ? Commands::tr("(none)") : oauth.clientId,
                       provider.isEmpty() ? Commands::tr("(not set up)") : provider)
            << '\n';
        out << "  " << Commands::tr("Sign-in: %1").arg(signInText(state, stored)) << '\n';
    }
    if (invocation.json) {
        out << QJsonDocument(QJsonObject {{QStringLiteral("environments"), list}})
                   .toJson(QJsonDocument::Indented);
    } else if (environments.isEmpty()) {
        err << Commands::tr("The workspace in %1 has no environments.").arg(session->workspaceDirectory())
            << '\n';
    }
    if (keychainFailed) {
        err << Commands::tr("The keychain could not be read: whether an environment is signed in is not "
                            "known. Unlock the keychain (or start the Secret Service) and try again.")
            << '\n';
        return ExitFailure;
    }
    return ExitOk;
}

int printToken(const Invocation& invocation, QTextStream& out, QTextStream& err)
{
    int status = ExitOk;
    const std::unique_ptr<Workspace::AppSession> session = openSession(invocation, err, &status);
    if (status != ExitOk)
        return status;
    const Environment* environment = findEnvironment(session->workspace(), invocation.environment, err);
    if (!environment)
        return ExitUsage;
    OAuth::TokenSession* tokens = session->tokenSession(environment->id);
    Error storageProblem;
    QObject::connect(tokens, &OAuth::TokenSession::secretStorageProblem, tokens,
        [&storageProblem](const Error& error) { storageProblem = error; });

    std::optional<Http::AccessTokenProvider::Token> token;
    Error failure;
    bool answered = false;
    QEventLoop loop;
    tokens->withAccessToken(&loop, [&](const Http::AccessTokenProvider::Token& given, const Error& error) {
        answered = true;
        if (error.isNull())
            token = given;
        else
            failure = error;
        loop.quit();
    });
    if (!answered)
        loop.exec();

    if (!storageProblem.isNull()) {
        // The refresh token the provider issued now could not be kept: the next run would need a
        // sign-in. No token is printed; nothing falls back to a file.
        err << storageProblem.toText() << '\n';
        return ExitFailure;
    }
    if (!token) {
        const bool signInNeeded = failure.code == OAuth::signInNeededCode
            || (failure.code == QLatin1String("invalid_grant")
                && environment->oauth.grant != Grant::ClientCredentials);
        if (signInNeeded) {
            err << Commands::tr(
                "\"%1\" needs a sign-in in Tokenscope; tokenscope-cli does not open a browser.")
                       .arg(environment->name)
                << '\n';
        }
        err << failure.toText() << '\n';
        return signInNeeded ? ExitSignInNeeded : ExitFailure;
    }
    if (invocation.json) {
        const QDateTime expiresAt = tokens->tokens().expiresAt;
        out << QJsonDocument(QJsonObject {
                                 {QStringLiteral("environment"), environment->name},
                                 {QStringLiteral("id"), environment->id},
                                 {QStringLiteral("tokenType"), token->type},
                                 {QStringLiteral("accessToken"), token->value},
                                 {QStringLiteral("expiresAt"),
                                     expiresAt.isValid() ? QJsonValue(expiresAt.toUTC().toString(Qt::ISODate))
                                                         : QJsonValue(QJsonValue::Null)},
                             })
                   .toJson(QJsonDocument::Compact)
            << '\n';
    } else if (invocation.header) {
        // The header as a request of this environment sends it (the inherited style keeps the provider's
        // token_type).
        const Http::AppliedAuth applied
            = Http::applyAuth(Http::HttpRequest(), *token, environment->variables);
        out << QString::fromUtf8(QByteArray(applied.headerName + ": " + applied.headerValue)) << '\n';
    } else {
        out << token->value << '\n';
    }
    return ExitOk;
}

} // namespace

// The keychain itself, without the application's in-memory stand-in: a refresh token the keychain
// refuses would be lost when the command ends, so a refusal is a failure here (never a file).
std::unique_ptr<Workspace::AppSession> openSession(
    const Invocation& invocation, QTextStream& err, int* status)
{
    const QString directory = invocation.workspaceDirectory.isEmpty() ? Workspace::defaultWorkspaceDirectory()
                                                                      : invocation.workspaceDirectory;
    auto session = std::make_unique<Workspace::AppSession>(directory, new Secrets::KeychainSecretStore);
    // Only the application sets an unreadable workspace file aside; a script's run leaves it be.
    const Error error = session->load(Workspace::WorkspaceStore::Unreadable::LeaveInPlace);
    *status = ExitOk;
    if (!error.isNull()) {
        err << error.toText() << '\n';
        // Entries left out still leave the rest usable; a file that could not be read at all does not.
        if (session->workspace().environments.isEmpty())
            *status = ExitFailure;
    }
    return session;
}

// By id first, then by name (exactly, then ignoring case), so that a script can use either.
const Environment* findEnvironment(
    const Workspace::WorkspaceData& workspace, const QString& wanted, QTextStream& err)
{
    if (const Environment* byId = workspace.findEnvironment(wanted))
        return byId;
    for (const Qt::CaseSensitivity sensitivity : {Qt::CaseSensitive, Qt::CaseInsensitive}) {
        QList<const Environment*> named;
        for (const Environment& environment : workspace.environments) {
            if (environment.name.compare(wanted, sensitivity) == 0)
                named.append(&environment);
        }
        if (named.size() == 1)
            return named.first();
        if (named.size() > 1) {
            QStringList ids;
            for (const Environment* environment : std::as_const(named))
                ids << environment->id;
            err << Commands::tr("Several environments are called \"%1\"; give the id of one: %2.")
                       .arg(wanted, ids.join(QStringLiteral(", ")))
                << '\n';
            return nullptr;
        }
    }
    QStringList names;
    for (const Environment& environment : workspace.environments)
        names << environment.name;
    err << (names.isEmpty() ? Commands::tr("No environment \"%1\": the workspace has none.").arg(wanted)
                            : Commands::tr("No environment \"%1\". The workspace has: %2.")
                                  .arg(wanted, names.join(QStringLiteral(", "))))
        << '\n';
    return nullptr;
}

int Commands::run(const Invocation& invocation, QTextStream& out, QTextStream& err)
{
    switch (invocation.command) {
    case Invocation::Command::Environments:
        return listEnvironments(invocation, out, err);
    case Invocation::Command::Token:
        return printToken(invocation, out, err);
    case Invocation::Command::Requests:
        return listRequests(invocation, out, err);
    case Invocation::Command::Send:
        return sendRequest(invocation, out, err);
    case Invocation::Command::Import:
        return importFile(invocation, err);
    case Invocation::Command::Export:
        return exportFile(invocation, out, err);
    }
    return ExitUsage;
}

} // namespace Tokenscope::Cli
