// tokenscope-cli send: a saved request of a collection, sent with an environment's token.

#include "appsession.h"
#include "bodybuffer.h"
#include "clicommands.h"
#include "clisupport.h"
#include "networkclient.h"
#include "requestauthorization.h"
#include "requestsender.h"
#include "secretstore.h"
#include "storedsignin.h"
#include "tokendestination.h"
#include "tokensession.h"
#include "urlhelpers.h"
#include "variablescope.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>
#include <QTextStream>

#include <cstdio>

namespace Tokenscope::Cli {

namespace {

using Workspace::Environment;

// The values of the secret variables among variables, read from the keychain under key(name). A value
// the keychain does not have stays empty: the request then names the variable as undefined.
void readSecretValues(Workspace::AppSession* session, QList<Http::Variable>* variables,
    const std::function<QString(const QString& name)>& key)
{
    int pending = 0;
    QEventLoop loop;
    for (qsizetype i = 0; i < variables->size(); ++i) {
        if (!variables->at(i).secret)
            continue;
        ++pending;
        session->secretStore()->read(key(variables->at(i).name), &loop,
            [variables, i, &pending, &loop](const Secrets::SecretResult& result) {
                if (result.ok())
                    (*variables)[i].value = result.value;
                if (--pending == 0)
                    loop.quit();
            });
    }
    if (pending > 0)
        loop.exec();
}

bool isSafeMethod(const QByteArray& method)
{
    const QByteArray upper = method.trimmed().toUpper();
    return upper == "GET" || upper == "HEAD" || upper == "OPTIONS";
}

// Where the request would take the environment's access token, as the window asks it (AppSession).
Workspace::TokenDestination destinationOf(const Workspace::WorkspaceData& workspace,
    const Environment& environment, const Http::HttpRequest& request, const QList<Http::Variable>& variables)
{
    const QUrl url = webUrlFromUserInput(Http::expandVariables(request.url.trimmed(), variables).text);
    const bool ownAuthorization = Http::tokenInAuthorizationHeader(request)
        && std::any_of(request.headers.cbegin(), request.headers.cend(), [](const Http::HeaderField& header) {
               return header.enabled
                   && header.name.trimmed().compare(QLatin1String("Authorization"), Qt::CaseInsensitive) == 0;
           });
    if (!Http::usesAccessToken(request) || ownAuthorization || url.host().isEmpty())
        return {};
    return Workspace::tokenDestination(workspace, environment.id, url);
}

// The body as it came, in pieces, straight to standard output (it may be a large spooled file).
void writeBody(const Http::HttpResponse& response, QTextStream& out)
{
    out.flush();
    if (response.bodyBuffer) {
        constexpr qint64 piece = qint64(1) << 20;
        const char* data = response.bodyBuffer->data();
        for (qint64 offset = 0; offset < response.bodyBuffer->size(); offset += piece)
            std::fwrite(
                data + offset, 1, size_t(std::min(piece, response.bodyBuffer->size() - offset)), stdout);
    } else {
        std::fwrite(response.body.constData(), 1, size_t(response.body.size()), stdout);
    }
    std::fflush(stdout);
}

QByteArray wholeBody(const Http::HttpResponse& response)
{
    return response.bodyBuffer ? response.bodyBuffer->toByteArray() : response.body;
}

void printJson(const Http::HttpResponse& response, QTextStream& out)
{
    QJsonArray headers;
    for (const Http::RawHeader& header : response.headers) {
        headers.append(QJsonObject {{QStringLiteral("name"), QString::fromLatin1(header.first)},
            {QStringLiteral("value"), QString::fromUtf8(header.second)}});
    }
    const QByteArray body = wholeBody(response);
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(body);
    QJsonObject answer {{QStringLiteral("status"), response.status},
        {QStringLiteral("reason"), QString::fromUtf8(response.reason)}, {QStringLiteral("headers"), headers},
        {QStringLiteral("time_ms"), response.elapsedMs}};
    // Text when it is UTF-8, else the bytes in base64 (bodyEncoding says which).
    if (decoder.hasError()) {
        answer.insert(QStringLiteral("body"), QString::fromLatin1(body.toBase64()));
        answer.insert(QStringLiteral("bodyEncoding"), QStringLiteral("base64"));
    } else {
        answer.insert(QStringLiteral("body"), text);
        answer.insert(QStringLiteral("bodyEncoding"), QStringLiteral("text"));
    }
    out << QJsonDocument(answer).toJson(QJsonDocument::Compact) << '\n';
}

int exitStatusOf(
    const Http::HttpResponse& response, const Error& error, const Environment& environment, QTextStream& err)
{
    if (!error.isNull() && response.status == 0) {
        const bool signInNeeded = error.code == OAuth::signInNeededCode
            || (error.code == QLatin1String("invalid_grant")
                && environment.oauth.grant != OAuth::Grant::ClientCredentials);
        if (signInNeeded) {
            err << Commands::tr(
                "\"%1\" needs a sign-in in Tokenscope; tokenscope-cli does not open a browser.")
                       .arg(environment.name)
                << '\n';
        }
        err << error.toText() << '\n';
        if (error.code == QLatin1String("undefined_variables")) {
            err << Commands::tr("Give the missing values with --var name=value.") << '\n';
            return ExitUsage;
        }
        return signInNeeded ? ExitSignInNeeded : ExitFailure;
    }
    return response.status >= 200 && response.status < 300 ? ExitOk : ExitHttpError;
}

} // namespace

int sendRequest(const Invocation& invocation, QTextStream& out, QTextStream& err)
{
    int status = ExitOk;
    const std::unique_ptr<Workspace::AppSession> session = openSession(invocation, err, &status);
    if (status != ExitOk)
        return status;
    const Environment* found = findEnvironment(session->workspace(), invocation.environment, err);
    if (!found)
        return ExitUsage;
    const QList<Workspace::Collection> collections = loadCollections(*session, err);
    const FoundRequest target = findRequest(collections, invocation.requestPath, err);
    if (!target.collection)
        return ExitUsage;

    // The session reads the environments' secret values when it loads; the others are read here.
    if (!waitForKeychain(session.get())) {
        err << Commands::tr("The keychain could not be read: secret variables have no values. Unlock the "
                            "keychain (or start the Secret Service) and try again.")
            << '\n';
        return ExitFailure;
    }
    const Environment environment = *session->workspace().findEnvironment(found->id);
    Workspace::VariableScope scope;
    scope.globals = session->workspace().globals;
    readSecretValues(
        session.get(), &scope.globals, [](const QString& name) { return Workspace::globalSecretKey(name); });
    scope.collection = target.collection->variables;
    const QString collectionId = target.collection->id;
    readSecretValues(session.get(), &scope.collection,
        [&collectionId](const QString& name) { return Workspace::collectionSecretKey(collectionId, name); });
    scope.environment = environment.variables;
    for (const auto& [name, value] : invocation.variables)
        scope.overrides.append({name, value, true});
    const QList<Http::Variable> variables = Workspace::effectiveVariables(scope);

    Http::HttpRequest request = Workspace::itemAt(*target.collection, target.indexes)->request;
    request.auth = Workspace::effectiveAuth(*target.collection, target.indexes);

    if (environment.production && !isSafeMethod(request.method) && !invocation.yes) {
        err << Commands::tr("\"%1\" is a production environment: %2 requests are sent only with --yes.")
                   .arg(environment.name, QString::fromLatin1(request.method.trimmed().toUpper()))
            << '\n';
        return ExitUsage;
    }
    const Workspace::TokenDestination destination
        = destinationOf(session->workspace(), environment, request, variables);
    if (destination.needsConfirmation() && !invocation.yes) {
        err << (destination.kind == Workspace::TokenDestination::Kind::OtherEnvironment
                ? Commands::tr("The request would send the access token of \"%1\" to %2, which belongs to "
                               "the environment \"%3\". Add --yes to send it anyway.")
                      .arg(environment.name, destination.host, destination.otherEnvironmentName)
                : Commands::tr("The request would send the access token of \"%1\" to %2, which is not "
                               "one of its API base URLs. Add --yes to send it anyway, or add the "
                               "host to the environment's API base URLs in Tokenscope.")
                      .arg(environment.name, destination.host))
            << '\n';
        return ExitUsage;
    }

    // A refresh token the provider rotated but the keychain refused: the next run will need a sign-in.
    OAuth::TokenSession* tokens = session->tokenSession(environment.id);
    QObject::connect(tokens, &OAuth::TokenSession::secretStorageProblem, tokens,
        [&err](const Error& problem) { err << problem.toText() << '\n'; });
    Http::RequestSender sender(session->networkClient());
    Http::HttpResponse response;
    Error error;
    bool answered = false;
    QEventLoop loop;
    sender.send(
        request, variables, tokens, &loop,
        [&](const Http::HttpResponse& given, const Error& failure) {
            answered = true;
            response = given;
            error = failure;
            loop.quit();
        },
        environment.oauth.trustedCertificates, !destination.needsConfirmation(),
        environment.oauth.allowPlainHttp);
    if (!answered)
        loop.exec();

    // As in the window: the first call that works with the token teaches an environment without API base
    // URLs its first one, and the token goes to no other host without --yes from then on.
    if (destination.kind == Workspace::TokenDestination::Kind::Unlearned && error.isNull()
        && response.status >= 200 && response.status < 400 && environment.apiBaseUrls.isEmpty())
        session->addApiBaseUrl(environment.id, destination.baseUrl);
    const int exitStatus = exitStatusOf(response, error, environment, err);
    if (response.status == 0)
        return exitStatus;
    if (invocation.json) {
        printJson(response, out);
        return exitStatus;
    }
    if (invocation.include) {
        out << "HTTP/" << (response.httpVersion.isEmpty() ? QByteArrayLiteral("1.1") : response.httpVersion)
            << ' ' << response.status << ' ' << QString::fromUtf8(response.reason) << '\n';
        for (const Http::RawHeader& header : response.headers)
            out << QString::fromLatin1(header.first) << ": " << QString::fromUtf8(header.second) << '\n';
        out << '\n';
    }
    writeBody(response, out);
    if (exitStatus == ExitHttpError)
        err << Commands::tr("The API answered %1 %2.")
                   .arg(response.status)
                   .arg(QString::fromUtf8(response.reason))
            << '\n';
    return exitStatus;
}

} // namespace Tokenscope::Cli
