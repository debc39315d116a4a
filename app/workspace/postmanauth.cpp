#include "postmanparts.h"
#include "urlhelpers.h"

#include <QJsonArray>
#include <QMap>
#include <QRegularExpression>

namespace Tokenscope::Workspace::Postman {

namespace {

using Style = Http::RequestAuth::Style;

// An auth type's attributes: v2.1 writes [{"key", "value", "type"}], v2.0 {"key": value}.
bool attributesOf(
    Context& context, const QJsonValue& value, const QString& where, QMap<QString, QJsonValue>* out)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            out->insert(it.key(), it.value());
        return true;
    }
    if (!value.isArray())
        return context.fail(where, Text::tr("expected a list or an object"));
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject attribute = array.at(i).toObject();
        if (!attribute.value(QLatin1String("key")).isString())
            return context.fail(
                QStringLiteral("%1[%2].key").arg(where).arg(i), Text::tr("expected a string"));
        out->insert(
            attribute.value(QLatin1String("key")).toString(), attribute.value(QLatin1String("value")));
    }
    return true;
}

// "{{name}}" alone: the name.
QString soleVariable(const QString& text)
{
    static const QRegularExpression sole(QStringLiteral("^\\{\\{([^{}]+)\\}\\}$"));
    const QRegularExpressionMatch match = sole.match(text.trimmed());
    return match.hasMatch() ? match.captured(1).trimmed() : QString();
}

void noteRest(Context& context, const QMap<QString, QJsonValue>& attributes, const QStringList& mapped,
    const QString& path, const QString& type)
{
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it) {
        if (!mapped.contains(it.key())) {
            context.note(path, QStringLiteral("auth.%1.%2").arg(type, it.key()),
                Text::tr("Setting “%1” of the %2 auth was not imported.").arg(it.key(), type));
        }
    }
}

// The names among missing that are secret collection variables: their values are in the keychain and must
// not end up in an environment's settings. A note says so; true when there were any.
bool noteSecretsUsed(Context& context, const QString& text, const QStringList& missing, const QString& key,
    const QString& path, bool keptAsWritten)
{
    QStringList secret;
    for (const QString& name : missing) {
        const bool isSecret = std::any_of(context.variables().cbegin(), context.variables().cend(),
            [&name](const Http::Variable& variable) { return variable.secret && variable.name == name; });
        if (isSecret)
            secret.append(name);
    }
    if (secret.isEmpty())
        return false;
    context.note(path, QStringLiteral("auth.oauth2.") + key,
        (keptAsWritten ? Text::tr("“%1” uses the secret variable %2, whose value is not put into an "
                                  "environment's settings; it was kept as written, fill it in in the "
                                  "environment.")
                       : Text::tr("“%1” uses the secret variable %2, whose value is not put into an "
                                  "environment's settings; fill it in in the environment."))
            .arg(text, secret.join(QStringLiteral(", "))));
    return true;
}

QUrl endpoint(
    Context& context, const QMap<QString, QJsonValue>& attributes, const QString& key, const QString& path)
{
    const QString text = textOf(attributes.value(key));
    QStringList missing;
    const QString expanded = context.expand(text, &missing);
    if (!missing.isEmpty() && noteSecretsUsed(context, text, missing, key, path, false))
        return {};
    if (!missing.isEmpty()) {
        context.note(path, QStringLiteral("auth.oauth2.") + key,
            Text::tr(
                "“%1” uses variables the collection does not define (%2); fill it in in the environment.")
                .arg(text, missing.join(QStringLiteral(", "))));
        return {};
    }
    return QUrl(expanded.trimmed());
}

QString setting(
    Context& context, const QMap<QString, QJsonValue>& attributes, const QString& key, const QString& path)
{
    const QString text = textOf(attributes.value(key));
    QStringList missing;
    QString expanded = context.expand(text, &missing);
    if (!missing.isEmpty() && !noteSecretsUsed(context, text, missing, key, path, true)) {
        context.note(path, QStringLiteral("auth.oauth2.") + key,
            Text::tr("“%1” uses variables the collection does not define (%2); it was kept as written.")
                .arg(text, missing.join(QStringLiteral(", "))));
    }
    return expanded;
}

// Whether the system browser can come back to Tokenscope at uri: a loopback http address (RFC 8252 §7.3)
// or a private-use scheme (§7.1). An empty URI is for the user to fill in.
bool systemBrowserCanReturn(const QUrl& uri)
{
    const QString scheme = uri.scheme().toLower();
    if (uri.isEmpty() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
        return true;
    return scheme == QLatin1String("http") && isLoopbackUrl(uri);
}

// Postman's audience or resource: a string, or (newer versions) an object keyed by an id, {"<id>": "x"}.
void addAudience(Context& context, const QString& key, const QJsonValue& value, const QString& path,
    OAuth::ClientConfig* config)
{
    if (value.isUndefined() || value.isNull() || (value.isString() && value.toString().isEmpty()))
        return;
    QStringList values;
    bool wellShaped = value.isString() || value.isObject();
    if (value.isString())
        values.append(value.toString());
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.value().isString() && !it.value().toString().isEmpty())
            values.append(it.value().toString());
        else if (!it.value().isString() && !it.value().isNull())
            wellShaped = false;
    }
    if (!wellShaped) {
        context.note(path, QStringLiteral("auth.oauth2.") + key,
            Text::tr("Setting “%1” has a form Tokenscope does not know (%2); it was not imported.")
                .arg(key, textOf(value)));
    }
    if (values.isEmpty())
        return;
    config->extraAuthorizationParameters.append({key, values.first()});
    if (values.size() > 1) {
        context.note(path, QStringLiteral("auth.oauth2.") + key,
            Text::tr("Setting “%1” held %2 values; only the first (“%3”) was imported.")
                .arg(key)
                .arg(values.size())
                .arg(values.first()));
    }
}

// Postman's OAuth 2.0 settings as an environment's OAuth setup; the level sends that environment's token.
void parseOAuth2(
    Context& context, const QMap<QString, QJsonValue>& attributes, const QString& path, LevelAuth* out)
{
    ImportedOAuth imported;
    imported.path = path;
    OAuth::ClientConfig& config = imported.config;
    const QString grant = textOf(attributes.value(QStringLiteral("grant_type")));
    if (grant == QLatin1String("client_credentials")) {
        config.grant = OAuth::Grant::ClientCredentials;
    } else if (grant == QLatin1String("authorization_code_with_pkce")) {
        const QString method = textOf(attributes.value(QStringLiteral("challengeAlgorithm")));
        config.pkceMethod = method == QLatin1String("plain") ? method : QStringLiteral("S256");
    } else if (grant.isEmpty() || grant == QLatin1String("authorization_code")) {
        context.note(path, QStringLiteral("auth.oauth2.grant_type"),
            Text::tr("Postman signed in without PKCE; Tokenscope uses PKCE (S256). Set it to “none” in the "
                     "environment if the provider refuses it."));
    } else {
        context.note(path, QStringLiteral("auth.oauth2.grant_type"),
            Text::tr("Grant type “%1” is not supported; the environment was set to authorization code.")
                .arg(grant));
    }
    config.authorizationEndpoint = endpoint(context, attributes, QStringLiteral("authUrl"), path);
    config.tokenEndpoint = endpoint(context, attributes, QStringLiteral("accessTokenUrl"), path);
    config.redirectUri = endpoint(context, attributes, QStringLiteral("redirect_uri"), path);
    config.clientId = setting(context, attributes, QStringLiteral("clientId"), path);
    config.scope = setting(context, attributes, QStringLiteral("scope"), path);
    const QString authentication = textOf(attributes.value(QStringLiteral("client_authentication")));
    config.clientAuthentication = authentication == QLatin1String("body")
        ? OAuth::ClientAuthentication::ClientSecretPost
        : OAuth::ClientAuthentication::ClientSecretBasic;
    const QString secret = textOf(attributes.value(QStringLiteral("clientSecret")));
    // RFC 8252 §8.1: a native app without a secret is a public client, protected by PKCE alone.
    if (config.grant == OAuth::Grant::AuthorizationCode && secret.trimmed().isEmpty()) {
        config.clientAuthentication = OAuth::ClientAuthentication::None;
        context.note(path, QStringLiteral("auth.oauth2.client_authentication"),
            Text::tr("There is no client secret: the environment signs in as a public client (client "
                     "authentication “none”), protected by PKCE."));
    }
    QStringList missing;
    const QString secretValue = context.expand(secret, &missing, true);
    if (missing.isEmpty()) {
        imported.clientSecret = secretValue;
    } else {
        context.note(path, QStringLiteral("auth.oauth2.clientSecret"),
            Text::tr("The client secret is a variable the collection does not define (%1); enter it in the "
                     "environment.")
                .arg(missing.join(QStringLiteral(", "))));
    }
    imported.tokenName = textOf(attributes.value(QStringLiteral("tokenName")));
    imported.useSystemBrowser = attributes.value(QStringLiteral("useBrowser")).toBool()
        || textOf(attributes.value(QStringLiteral("useBrowser"))) == QLatin1String("true");
    if (imported.useSystemBrowser && !systemBrowserCanReturn(config.redirectUri)) {
        // Tokenscope's window catches any redirect, so the URI the provider already allows keeps working.
        imported.useSystemBrowser = false;
        context.note(path, QStringLiteral("auth.oauth2.useBrowser"),
            Text::tr("Postman signed in with the system browser through its callback %1, which cannot return "
                     "to Tokenscope: the environment signs in in Tokenscope's window instead, with the same "
                     "redirect URI. To use the system browser, have the provider allow a loopback redirect "
                     "URI such as http://127.0.0.1/callback (RFC 8252 §7.3) and set it in the environment.")
                .arg(config.redirectUri.toDisplayString()));
    }
    for (const QString& key : {QStringLiteral("audience"), QStringLiteral("resource")})
        addAudience(context, key, attributes.value(key), path, &config);
    for (const QJsonValue& item : attributes.value(QStringLiteral("authRequestParams")).toArray()) {
        const QJsonObject parameter = item.toObject();
        if (parameter.value(QLatin1String("enabled")).toBool(true))
            config.extraAuthorizationParameters.append({textOf(parameter.value(QLatin1String("key"))),
                textOf(parameter.value(QLatin1String("value")))});
    }
    // How the token is sent.
    const QString prefix = textOf(attributes.value(QStringLiteral("headerPrefix"))).trimmed();
    if (textOf(attributes.value(QStringLiteral("addTokenTo"))) == QLatin1String("queryParams")) {
        out->auth.style = Style::QueryParameter;
        out->auth.parameterName = QStringLiteral("access_token");
    } else if (!prefix.isEmpty() && prefix.compare(QLatin1String("Bearer"), Qt::CaseInsensitive) != 0) {
        out->auth.style = Style::CustomHeader;
        out->auth.headerName = QStringLiteral("Authorization");
        out->auth.prefix = prefix + QLatin1Char(' ');
    } else {
        out->auth.style = Style::BearerHeader;
    }
    const QMap<QString, QString> reasons {
        {QStringLiteral("accessToken"), Text::tr("The token Postman had was not imported: sign in again.")},
        {QStringLiteral("state"), Text::tr("Tokenscope makes a fresh random state for each sign-in.")},
        {QStringLiteral("code_verifier"),
            Text::tr("Tokenscope makes a fresh PKCE verifier for each sign-in.")},
        {QStringLiteral("tokenRequestParams"), Text::tr("Extra token request parameters are not imported.")},
        {QStringLiteral("refreshRequestParams"),
            Text::tr("Extra refresh request parameters are not imported.")},
        {QStringLiteral("username"), Text::tr("The password grant is not supported.")},
        {QStringLiteral("password"), Text::tr("The password grant is not supported.")},
    };
    for (auto it = reasons.cbegin(); it != reasons.cend(); ++it) {
        if (attributes.contains(it.key()) && !textOf(attributes.value(it.key())).isEmpty()
            && attributes.value(it.key()) != QJsonValue(QJsonArray()))
            context.note(path, QStringLiteral("auth.oauth2.") + it.key(), it.value());
    }
    noteRest(context, attributes,
        {QStringLiteral("grant_type"), QStringLiteral("challengeAlgorithm"), QStringLiteral("authUrl"),
            QStringLiteral("accessTokenUrl"), QStringLiteral("redirect_uri"), QStringLiteral("clientId"),
            QStringLiteral("scope"), QStringLiteral("client_authentication"), QStringLiteral("clientSecret"),
            QStringLiteral("tokenName"), QStringLiteral("useBrowser"), QStringLiteral("audience"),
            QStringLiteral("resource"), QStringLiteral("authRequestParams"), QStringLiteral("headerPrefix"),
            QStringLiteral("addTokenTo"), QStringLiteral("accessToken"), QStringLiteral("state"),
            QStringLiteral("code_verifier"), QStringLiteral("tokenRequestParams"),
            QStringLiteral("refreshRequestParams"), QStringLiteral("username"), QStringLiteral("password"),
            // Postman's own bookkeeping, nothing the request depends on.
            QStringLiteral("tokenType"), QStringLiteral("refreshTokenUrl")},
        path, QStringLiteral("oauth2"));
    const QString refreshUrl = textOf(attributes.value(QStringLiteral("refreshTokenUrl")));
    if (!refreshUrl.isEmpty() && refreshUrl != textOf(attributes.value(QStringLiteral("accessTokenUrl")))) {
        context.note(path, QStringLiteral("auth.oauth2.refreshTokenUrl"),
            Text::tr(
                "A separate refresh URL is not supported; tokens are refreshed at the access token URL."));
    }
    context.result().oauth.append(imported);
}

} // namespace

bool parseAuth(
    Context& context, const QJsonValue& value, const QString& where, const QString& path, LevelAuth* out)
{
    *out = {};
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isObject())
        return context.fail(where, Text::tr("expected an object"));
    const QJsonObject object = value.toObject();
    const QJsonValue typeValue = object.value(QLatin1String("type"));
    if (!typeValue.isString())
        return context.fail(where + QStringLiteral(".type"), Text::tr("expected a string"));
    const QString type = typeValue.toString();
    // Not in the schema, but written by newer Postman versions: the same as no auth block.
    if (type == QLatin1String("inherit"))
        return true;
    QMap<QString, QJsonValue> attributes;
    if (!attributesOf(context, object.value(type), where + QLatin1Char('.') + type, &attributes))
        return false;
    out->defined = true;
    if (type == QLatin1String("noauth")) {
        out->auth.style = Style::None;
    } else if (type == QLatin1String("bearer")) {
        const QString token = textOf(attributes.value(QStringLiteral("token")));
        if (token.trimmed().isEmpty()) {
            out->auth.style = Style::BearerHeader;
            context.note(path, QStringLiteral("auth.bearer.token"),
                Text::tr("The bearer token was empty: the environment's access token is sent."));
        } else {
            const QString reference = context.secretReference(token, QStringLiteral("bearer_token"));
            out->auth.style = Style::BearerFromVariable;
            // {{a}}{{b}} stays a reference as written.
            const QString name = soleVariable(reference);
            out->auth.variable = name.isEmpty() ? reference : name;
        }
        noteRest(context, attributes, {QStringLiteral("token")}, path, type);
    } else if (type == QLatin1String("basic")) {
        out->auth.style = Style::Basic;
        out->auth.username = textOf(attributes.value(QStringLiteral("username")));
        out->auth.password = context.secretReference(
            textOf(attributes.value(QStringLiteral("password"))), QStringLiteral("basic_password"));
        noteRest(context, attributes,
            {QStringLiteral("username"), QStringLiteral("password"), QStringLiteral("showPassword")}, path,
            type);
    } else if (type == QLatin1String("apikey")) {
        // Tokenscope's auth styles send the environment's token; an API key goes in as a header or
        // query parameter of each request that inherits it, and the request sends no token besides.
        out->auth.style = Style::None;
        out->apiKey = true;
        out->apiKeyName = textOf(attributes.value(QStringLiteral("key")));
        out->apiKeyInQuery = textOf(attributes.value(QStringLiteral("in"))) == QLatin1String("query");
        const QString base = out->apiKeyName.isEmpty() ? QStringLiteral("api_key") : out->apiKeyName;
        out->apiKeyValue = context.secretReference(textOf(attributes.value(QStringLiteral("value"))), base);
        context.note(path, QStringLiteral("auth.apikey"),
            (out->apiKeyInQuery
                    ? Text::tr(
                        "The API key is sent as query parameter “%1” by each request that inherits it.")
                    : Text::tr("The API key is sent as header “%1” by each request that inherits it."))
                .arg(out->apiKeyName));
        noteRest(context, attributes, {QStringLiteral("key"), QStringLiteral("value"), QStringLiteral("in")},
            path, type);
    } else if (type == QLatin1String("oauth2")) {
        parseOAuth2(context, attributes, path, out);
    } else {
        out->auth.style = Style::None;
        context.note(path, QStringLiteral("auth.") + type,
            Text::tr("Auth type “%1” is not supported; no credential is sent. Set one up in Tokenscope.")
                .arg(type));
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != QLatin1String("type") && it.key() != type && !it.value().isNull()) {
            context.note(path, QStringLiteral("auth.") + it.key(),
                Text::tr("Settings of the unused auth type “%1” were not imported.").arg(it.key()));
        }
    }
    return true;
}

} // namespace Tokenscope::Workspace::Postman
