#include "environment.h"

#include "draftsecrets.h"
#include "requestjson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

#include <algorithm>

namespace Tokenscope::Workspace {

namespace {

constexpr int formatVersion = 1;

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Workspace)
};

QJsonArray trustedCertificatesToJson(const QList<CertificateFingerprint>& fingerprints)
{
    QJsonArray array;
    for (const CertificateFingerprint& fingerprint : fingerprints)
        array.append(fingerprint.toEntry());
    return array;
}

// Parsed here, once: a hand-edited entry that is not a fingerprint is left out and reported, the rest of
// the environment still loads.
QList<CertificateFingerprint> trustedCertificatesFromJson(
    const QJsonArray& array, const QString& environmentName, QStringList* skipped)
{
    QList<CertificateFingerprint> fingerprints;
    for (const QJsonValue& item : array) {
        QString reason = Text::tr("It is not text.");
        const std::optional<CertificateFingerprint> fingerprint
            = item.isString() ? CertificateFingerprint::fromEntry(item.toString(), &reason) : std::nullopt;
        if (fingerprint) {
            fingerprints.append(*fingerprint);
        } else if (skipped) {
            const QString entry = item.isString()
                ? item.toString()
                : QString::fromUtf8(QJsonDocument(QJsonArray {item}).toJson(QJsonDocument::Compact));
            skipped->append(Text::tr("The trusted certificate “%1” of environment “%2” was left out. %3")
                                .arg(entry, environmentName, reason));
        }
    }
    return fingerprints;
}

QJsonObject toJson(const OAuth::ClientConfig& config)
{
    QJsonArray extra;
    for (const auto& [name, value] : config.extraAuthorizationParameters)
        extra.append(QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
    return {
        {QStringLiteral("grant"), OAuth::toString(config.grant)},
        {QStringLiteral("issuer"), config.issuer},
        {QStringLiteral("authorizationEndpoint"), config.authorizationEndpoint.toString(QUrl::FullyEncoded)},
        {QStringLiteral("tokenEndpoint"), config.tokenEndpoint.toString(QUrl::FullyEncoded)},
        {QStringLiteral("deviceAuthorizationEndpoint"),
            config.deviceAuthorizationEndpoint.toString(QUrl::FullyEncoded)},
        {QStringLiteral("jwksUri"), config.jwksUri.toString(QUrl::FullyEncoded)},
        {QStringLiteral("revocationEndpoint"), config.revocationEndpoint.toString(QUrl::FullyEncoded)},
        {QStringLiteral("introspectionEndpoint"), config.introspectionEndpoint.toString(QUrl::FullyEncoded)},
        {QStringLiteral("userinfoEndpoint"), config.userinfoEndpoint.toString(QUrl::FullyEncoded)},
        {QStringLiteral("endSessionEndpoint"), config.endSessionEndpoint.toString(QUrl::FullyEncoded)},
        {QStringLiteral("clientId"), config.clientId},
        {QStringLiteral("scope"), config.scope},
        {QStringLiteral("redirectUri"), config.redirectUri.toString(QUrl::FullyEncoded)},
        {QStringLiteral("clientAuthentication"), OAuth::toString(config.clientAuthentication)},
        {QStringLiteral("requireIssuerInResponse"), config.requireIssuerInResponse},
        {QStringLiteral("extraAuthorizationParameters"), extra},
        {QStringLiteral("responseMode"), config.responseMode},
        {QStringLiteral("trustedCertificates"), trustedCertificatesToJson(config.trustedCertificates)},
        {QStringLiteral("pkceMethod"), config.pkceMethod},
        {QStringLiteral("usePar"), config.usePar},
        {QStringLiteral("parEndpoint"), config.parEndpoint.toString(QUrl::FullyEncoded)},
        {QStringLiteral("tokenParametersInQuery"), config.tokenParametersInQuery},
        {QStringLiteral("assertionKeyId"), config.assertionKeyId},
        {QStringLiteral("assertionAudience"),
            config.assertionAudienceIsTokenEndpoint ? QStringLiteral("token_endpoint")
                                                    : QStringLiteral("issuer")},
        {QStringLiteral("endpointsDiscovered"), config.endpointsDiscovered},
        {QStringLiteral("allowPlainHttp"), config.allowPlainHttp},
        {QStringLiteral("idTokenSigningAlgorithms"),
            QJsonArray::fromStringList(config.idTokenSigningAlgorithms)},
    };
}

QJsonObject toJson(const SignInSettings& settings)
{
    return {
        {QStringLiteral("browser"),
            settings.browser == SignInSettings::Browser::System ? QStringLiteral("system")
                                                                : QStringLiteral("embedded")},
        {QStringLiteral("keepBrowserSession"), settings.keepBrowserSession},
        {QStringLiteral("timeoutSeconds"), settings.timeoutSeconds},
    };
}

SignInSettings signInSettingsFromJson(const QJsonObject& json)
{
    SignInSettings settings;
    if (json.value(QLatin1String("browser")).toString() == QLatin1String("system"))
        settings.browser = SignInSettings::Browser::System;
    settings.keepBrowserSession = json.value(QLatin1String("keepBrowserSession")).toBool();
    settings.timeoutSeconds
        = std::clamp(json.value(QLatin1String("timeoutSeconds")).toInt(600), 10, 24 * 3600);
    return settings;
}

OAuth::ClientConfig clientConfigFromJson(const QJsonObject& json)
{
    OAuth::ClientConfig config;
    config.grant = OAuth::grantFromString(json.value(QLatin1String("grant")).toString());
    config.issuer = json.value(QLatin1String("issuer")).toString();
    config.authorizationEndpoint
        = QUrl(json.value(QLatin1String("authorizationEndpoint")).toString(), QUrl::StrictMode);
    config.tokenEndpoint = QUrl(json.value(QLatin1String("tokenEndpoint")).toString(), QUrl::StrictMode);
    config.deviceAuthorizationEndpoint
        = QUrl(json.value(QLatin1String("deviceAuthorizationEndpoint")).toString(), QUrl::StrictMode);
    config.jwksUri = QUrl(json.value(QLatin1String("jwksUri")).toString(), QUrl::StrictMode);
    config.revocationEndpoint
        = QUrl(json.value(QLatin1String("revocationEndpoint")).toString(), QUrl::StrictMode);
    config.introspectionEndpoint
        = QUrl(json.value(QLatin1String("introspectionEndpoint")).toString(), QUrl::StrictMode);
    config.userinfoEndpoint
        = QUrl(json.value(QLatin1String("userinfoEndpoint")).toString(), QUrl::StrictMode);
    config.endSessionEndpoint
        = QUrl(json.value(QLatin1String("endSessionEndpoint")).toString(), QUrl::StrictMode);
    config.clientId = json.value(QLatin1String("clientId")).toString();
    config.scope = json.value(QLatin1String("scope")).toString();
    config.redirectUri = QUrl(json.value(QLatin1String("redirectUri")).toString(), QUrl::StrictMode);
    config.clientAuthentication
        = OAuth::clientAuthenticationFromString(json.value(QLatin1String("clientAuthentication")).toString());
    config.requireIssuerInResponse = json.value(QLatin1String("requireIssuerInResponse")).toBool();
    for (const QJsonValue& item : json.value(QLatin1String("extraAuthorizationParameters")).toArray()) {
        const QJsonObject pair = item.toObject();
        config.extraAuthorizationParameters.append(
            {pair.value(QLatin1String("name")).toString(), pair.value(QLatin1String("value")).toString()});
    }
    config.responseMode = json.value(QLatin1String("responseMode")).toString();
    config.endpointsDiscovered = json.value(QLatin1String("endpointsDiscovered")).toBool();
    for (const QJsonValue& alg : json.value(QLatin1String("idTokenSigningAlgorithms")).toArray()) {
        if (alg.isString())
            config.idTokenSigningAlgorithms.append(alg.toString());
    }
    // Older workspace files have none of these: S256, no PAR, parameters in the body.
    const QString pkceMethod = json.value(QLatin1String("pkceMethod")).toString();
    if (pkceMethod == QLatin1String("plain") || pkceMethod == QLatin1String("none"))
        config.pkceMethod = pkceMethod;
    config.usePar = json.value(QLatin1String("usePar")).toBool();
    config.parEndpoint = QUrl(json.value(QLatin1String("parEndpoint")).toString(), QUrl::StrictMode);
    config.tokenParametersInQuery = json.value(QLatin1String("tokenParametersInQuery")).toBool();
    config.allowPlainHttp = json.value(QLatin1String("allowPlainHttp")).toBool();
    config.assertionKeyId = json.value(QLatin1String("assertionKeyId")).toString();
    config.assertionAudienceIsTokenEndpoint
        = json.value(QLatin1String("assertionAudience")).toString() == QLatin1String("token_endpoint");
    return config;
}

} // namespace

QJsonArray openRequestsToJson(const OpenRequests& open)
{
    QJsonArray requests;
    for (qsizetype i = 0; i < open.requests.size(); ++i) {
        QJsonObject request = requestToJson(open.requests.at(i));
        if (const RequestOrigin origin = open.originAt(i); !origin.isNull())
            request.insert(QStringLiteral("origin"),
                QJsonObject {{QStringLiteral("collection"), origin.collectionId},
                    {QStringLiteral("item"), origin.itemId}});
        requests.append(request);
    }
    return requests;
}

// The open requests of object (an environment or the workspace). A file from before tabs has one
// request, draftRequest: it becomes the one tab (none when it was never filled in).
OpenRequests openRequestsFromJson(const QJsonObject& object)
{
    OpenRequests open;
    if (object.contains(QLatin1String("openRequests"))) {
        for (const QJsonValue& item : object.value(QLatin1String("openRequests")).toArray()) {
            open.requests.append(requestFromJson(item.toObject()));
            // Files from before origins were kept have none: the request is a new one.
            const QJsonObject origin = item.toObject().value(QLatin1String("origin")).toObject();
            open.origins.append({origin.value(QLatin1String("collection")).toString(),
                origin.value(QLatin1String("item")).toString()});
        }
        if (std::all_of(open.origins.cbegin(), open.origins.cend(),
                [](const RequestOrigin& origin) { return origin.isNull(); }))
            open.origins.clear();
        open.current = open.requests.isEmpty()
            ? 0
            : std::clamp(
                object.value(QLatin1String("currentRequest")).toInt(), 0, int(open.requests.size()) - 1);
        return open;
    }
    const Http::HttpRequest draft = requestFromJson(object.value(QLatin1String("draftRequest")).toObject());
    if (draft != Http::HttpRequest())
        open.requests.append(draft);
    return open;
}

const Environment* WorkspaceData::findEnvironment(const QString& id) const
{
    for (const auto& environment : environments) {
        if (environment.id == id)
            return &environment;
    }
    return nullptr;
}

Http::HttpRequest OpenRequests::currentRequest() const
{
    return requests.value(current);
}

RequestOrigin OpenRequests::originAt(qsizetype index) const
{
    return origins.value(index);
}

Environment* WorkspaceData::findEnvironment(const QString& id)
{
    return const_cast<Environment*>(std::as_const(*this).findEnvironment(id));
}

QString secretVariableKey(const QString& environmentId, const QString& variableName)
{
    return environmentId + QStringLiteral("/variable/") + variableName;
}

QString globalSecretKey(const QString& variableName)
{
    return QStringLiteral("global/variable/") + variableName;
}

QStringList configuredHosts(const Environment& environment)
{
    const OAuth::ClientConfig& oauth = environment.oauth;
    QList<QUrl> urls {QUrl(oauth.issuer), oauth.authorizationEndpoint, oauth.tokenEndpoint,
        oauth.deviceAuthorizationEndpoint, oauth.jwksUri, oauth.revocationEndpoint,
        oauth.introspectionEndpoint, oauth.userinfoEndpoint, oauth.endSessionEndpoint, oauth.parEndpoint};
    urls << environment.apiBaseUrls;
    // The APIs its open requests call, before a first successful call made one of them an API base URL.
    for (const Http::HttpRequest& request : environment.openRequests.requests) {
        if (!request.url.contains(QLatin1String("{{")))
            urls << QUrl(request.url);
    }
    QStringList hosts;
    for (const QUrl& url : urls) {
        if (url.isValid() && !url.host().isEmpty() && !hosts.contains(url.host()))
            hosts.append(url.host());
    }
    return hosts;
}

QString newEnvironmentId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonObject environmentToJson(const Environment& environment)
{
    QJsonArray apiBaseUrls;
    for (const QUrl& url : environment.apiBaseUrls)
        apiBaseUrls.append(url.toString(QUrl::FullyEncoded));
    return {{QStringLiteral("id"), environment.id}, {QStringLiteral("name"), environment.name},
        {QStringLiteral("variables"), variablesToJson(environment.variables)},
        {QStringLiteral("oauth"), toJson(environment.oauth)},
        {QStringLiteral("signIn"), toJson(environment.signIn)}, {QStringLiteral("apiBaseUrls"), apiBaseUrls},
        {QStringLiteral("production"), environment.production}};
}

Environment environmentFromJson(const QJsonObject& object, QStringList* skipped)
{
    Environment environment;
    environment.id = object.value(QLatin1String("id")).toString();
    environment.name = object.value(QLatin1String("name")).toString();
    environment.variables = variablesFromJson(object.value(QLatin1String("variables")).toArray());
    const QJsonObject oauth = object.value(QLatin1String("oauth")).toObject();
    environment.oauth = clientConfigFromJson(oauth);
    environment.oauth.trustedCertificates = trustedCertificatesFromJson(
        oauth.value(QLatin1String("trustedCertificates")).toArray(), environment.name, skipped);
    environment.signIn = signInSettingsFromJson(object.value(QLatin1String("signIn")).toObject());
    for (const QJsonValue& url : object.value(QLatin1String("apiBaseUrls")).toArray()) {
        const QUrl parsed(url.toString(), QUrl::StrictMode);
        if (parsed.isValid() && !parsed.host().isEmpty())
            environment.apiBaseUrls.append(parsed);
    }
    environment.production = object.value(QLatin1String("production")).toBool();
    return environment;
}

void bindTrustedCertificatesToHosts(Environment* environment)
{
    environment->oauth.trustedCertificates
        = boundToHosts(environment->oauth.trustedCertificates, configuredHosts(*environment));
}

QJsonObject toJson(const WorkspaceData& workspace)
{
    QJsonArray environments;
    for (const auto& environment : workspace.environments) {
        QJsonObject object = environmentToJson(environment);
        object.insert(QStringLiteral("openRequests"), openRequestsToJson(environment.openRequests));
        object.insert(QStringLiteral("currentRequest"), environment.openRequests.current);
        environments.append(object);
    }
    return {{QStringLiteral("format"), QStringLiteral("tokenscope-workspace")},
        {QStringLiteral("version"), formatVersion},
        {QStringLiteral("currentEnvironment"), workspace.currentEnvironmentId},
        {QStringLiteral("environments"), environments},
        {QStringLiteral("globals"), variablesToJson(workspace.globals)},
        {QStringLiteral("openRequests"), openRequestsToJson(workspace.openRequests)},
        {QStringLiteral("currentRequest"), workspace.openRequests.current}};
}

bool fromJson(const QJsonObject& json, WorkspaceData* workspace, QString* error, QStringList* skipped)
{
    if (json.value(QLatin1String("format")).toString() != QLatin1String("tokenscope-workspace")) {
        *error = Text::tr("The file is not a Tokenscope workspace.");
        return false;
    }
    const int version = json.value(QLatin1String("version")).toInt();
    if (version < 1 || version > formatVersion) {
        *error = Text::tr(
            "The workspace was written by a newer Tokenscope (format %1); this version reads format %2.")
                     .arg(version)
                     .arg(formatVersion);
        return false;
    }
    WorkspaceData result;
    for (const QJsonValue& item : json.value(QLatin1String("environments")).toArray()) {
        const QJsonObject object = item.toObject();
        Environment environment = environmentFromJson(object, skipped);
        if (environment.id.isEmpty())
            environment.id = newEnvironmentId();
        environment.openRequests = openRequestsFromJson(object);
        bindTrustedCertificatesToHosts(&environment);
        result.environments.append(environment);
    }
    result.currentEnvironmentId = json.value(QLatin1String("currentEnvironment")).toString();
    result.globals = variablesFromJson(json.value(QLatin1String("globals")).toArray());
    result.openRequests = openRequestsFromJson(json);
    // Files from before requests were kept per environment have one request for all: it goes to the
    // environment it was last used with.
    Environment* current = result.findEnvironment(result.currentEnvironmentId);
    if (!current && !result.environments.isEmpty())
        current = &result.environments.first();
    if (current && current->openRequests.requests.isEmpty() && !result.openRequests.requests.isEmpty()) {
        current->openRequests = result.openRequests;
        result.openRequests = {};
    }
    *workspace = std::move(result);
    return true;
}

} // namespace Tokenscope::Workspace
