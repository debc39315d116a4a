#include "providertemplates.h"

#include "discovery.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::ProviderTemplates)
};

const QLatin1String microsoftLogin("https://login.microsoftonline.com/");

TemplateResult problem(const QString& field, const QString& text)
{
    return {std::nullopt, text, field};
}

// scheme://host[:port] from "host", "host:port" or a pasted "https://host/"; https unless http is written.
std::optional<QString> originOf(const QString& answer)
{
    QString text = answer.trimmed();
    if (text.isEmpty() || text.contains(QRegularExpression(QStringLiteral("\\s"))))
        return std::nullopt;
    if (!text.contains(QLatin1String("://")))
        text.prepend(QLatin1String("https://"));
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (!url.isValid() || (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        || url.host().isEmpty() || !url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment()
        || (!url.path().isEmpty() && url.path() != QLatin1String("/")))
        return std::nullopt;
    return url.adjusted(QUrl::RemovePath).toString(QUrl::FullyEncoded);
}

// One path segment: no slash, no white space, nothing URL syntax would cut off.
bool isSegment(const QString& text)
{
    static const QRegularExpression bad(QStringLiteral("[\\s/?#%\\\\]"));
    return !text.isEmpty() && !text.contains(bad) && text != QLatin1String(".")
        && text != QLatin1String("..");
}

QString joinedScope(const QStringList& fixed, const QString& extra)
{
    QStringList scopes = fixed;
    for (const QString& scope : extra.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts))
        if (!scopes.contains(scope))
            scopes.append(scope);
    return scopes.join(QLatin1Char(' '));
}

QString hostProblem()
{
    return Text::tr("Enter the host name only, like auth.example.com (https is assumed; a port may follow "
                    "a colon).");
}

TemplateResult keycloak(const QHash<QString, QString>& answers)
{
    const auto origin = originOf(answers.value(QStringLiteral("host")));
    if (!origin)
        return problem(QStringLiteral("host"), hostProblem());
    const QString realm = answers.value(QStringLiteral("realm")).trimmed();
    if (!isSegment(realm))
        return problem(QStringLiteral("realm"),
            Text::tr("Enter the realm's name as it appears after /realms/ in the provider's addresses, "
                     "without slashes."));
    TemplateSetup setup;
    setup.issuer = *origin + QStringLiteral("/realms/") + realm;
    setup.documentUrl = openIdConfigurationUrl(setup.issuer);
    setup.authorizationEndpoint = QUrl(setup.issuer + QStringLiteral("/protocol/openid-connect/auth"));
    setup.tokenEndpoint = QUrl(setup.issuer + QStringLiteral("/protocol/openid-connect/token"));
    setup.scope = joinedScope({QStringLiteral("openid")}, answers.value(QStringLiteral("scopes")));
    setup.name = QStringLiteral("%1 (%2)").arg(realm, QUrl(*origin).host());
    setup.explanation << Text::tr(
        "Keycloak serves each realm under /realms/<realm>: a sandbox and production differ by host "
        "or realm, so each gets its own environment.");
    return {setup, {}, {}};
}

TemplateResult azureB2c(const QHash<QString, QString>& answers)
{
    QString tenant = answers.value(QStringLiteral("tenant")).trimmed().toLower();
    if (tenant.endsWith(QLatin1String(".onmicrosoft.com")))
        tenant.chop(int(qstrlen(".onmicrosoft.com")));
    else if (tenant.endsWith(QLatin1String(".b2clogin.com")))
        tenant.chop(int(qstrlen(".b2clogin.com")));
    static const QRegularExpression tenantName(QStringLiteral("^[a-z0-9][a-z0-9-]*$"));
    if (!tenantName.match(tenant).hasMatch())
        return problem(QStringLiteral("tenant"),
            Text::tr(
                "Enter the B2C tenant's name, the part before .onmicrosoft.com or .b2clogin.com (letters, "
                "digits and dashes)."));
    const QString policy = answers.value(QStringLiteral("policy")).trimmed();
    if (!isSegment(policy) || !policy.startsWith(QLatin1String("B2C_1"), Qt::CaseInsensitive))
        return problem(QStringLiteral("policy"),
            Text::tr("Enter the user flow or custom policy, like B2C_1_signin (user flows start with "
                     "B2C_1_, custom policies with B2C_1A_)."));
    const QString base = QStringLiteral("https://%1.b2clogin.com/%1.onmicrosoft.com/%2").arg(tenant, policy);
    TemplateSetup setup;
    setup.documentUrl = QUrl(base + QStringLiteral("/v2.0/.well-known/openid-configuration"));
    setup.authorizationEndpoint = QUrl(base + QStringLiteral("/oauth2/v2.0/authorize"));
    setup.tokenEndpoint = QUrl(base + QStringLiteral("/oauth2/v2.0/token"));
    const QString apiScopes = answers.value(QStringLiteral("scopes"));
    setup.scope = joinedScope({QStringLiteral("openid"), QStringLiteral("offline_access")}, apiScopes);
    setup.name = QStringLiteral("%1 (%2)").arg(tenant, policy);
    setup.explanation << Text::tr("Azure AD B2C puts the user flow in the path of every address.")
                      << Text::tr("The scope asks for offline_access: without it B2C gives no refresh token, "
                                  "and every token means signing in again.");
    if (apiScopes.trimmed().isEmpty())
        setup.explanation << Text::tr("Add your API's scopes (like https://%1.onmicrosoft.com/api/read) to "
                                      "get an access token for it; with openid alone B2C returns an ID "
                                      "token only.")
                                 .arg(tenant);
    setup.explanation << Text::tr("B2C's issuer names the tenant's id, not its name: it is taken from the "
                                  "metadata.");
    return {setup, {}, {}};
}

TemplateResult entraId(const QHash<QString, QString>& answers)
{
    const QString tenant = answers.value(QStringLiteral("tenant")).trimmed();
    static const QRegularExpression guid(
        QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    static const QRegularExpression domain(QStringLiteral("^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$"));
    const bool isGuid = guid.match(tenant).hasMatch();
    const QString lower = tenant.toLower();
    if (lower == QLatin1String("common") || lower == QLatin1String("organizations")
        || lower == QLatin1String("consumers"))
        return problem(QStringLiteral("tenant"),
            Text::tr("Enter your tenant's id or domain, not “%1”: with it the issuer differs per user, so "
                     "ID tokens cannot be checked.")
                .arg(tenant));
    if (!isGuid && !domain.match(tenant).hasMatch())
        return problem(QStringLiteral("tenant"),
            Text::tr(
                "Enter the directory (tenant) id, like 72f988bf-86f1-41af-91ab-2d7cd011db47, or a domain "
                "of the tenant, like contoso.onmicrosoft.com."));
    TemplateSetup setup;
    const QString base = microsoftLogin + (isGuid ? lower : tenant);
    setup.documentUrl = QUrl(base + QStringLiteral("/v2.0/.well-known/openid-configuration"));
    if (isGuid)
        setup.issuer = base + QStringLiteral("/v2.0");
    setup.authorizationEndpoint = QUrl(base + QStringLiteral("/oauth2/v2.0/authorize"));
    setup.tokenEndpoint = QUrl(base + QStringLiteral("/oauth2/v2.0/token"));
    setup.scope
        = joinedScope({QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("offline_access")},
            answers.value(QStringLiteral("scopes")));
    setup.name = QStringLiteral("Entra ID (%1)").arg(tenant);
    setup.explanation << Text::tr("Microsoft Entra ID's v2.0 endpoints, for this tenant only.")
                      << Text::tr("The scope asks for offline_access, which a refresh token needs.");
    if (!isGuid)
        setup.explanation << Text::tr(
            "The issuer names the tenant's id, not its domain: it is taken from the "
            "metadata.");
    return {setup, {}, {}};
}

TemplateResult tenantHub(const QHash<QString, QString>& answers)
{
    const auto origin = originOf(answers.value(QStringLiteral("host")));
    if (!origin)
        return problem(QStringLiteral("host"), hostProblem());
    QString tenant = answers.value(QStringLiteral("tenant")).trimmed();
    while (tenant.startsWith(QLatin1Char('/')))
        tenant.remove(0, 1);
    while (tenant.endsWith(QLatin1Char('/')))
        tenant.chop(1);
    if (!isSegment(tenant))
        return problem(QStringLiteral("tenant"),
            Text::tr("Enter the tenant as it appears in the provider's addresses (/{tenant}/oauth2/…), "
                     "without slashes."));
    TemplateSetup setup;
    setup.issuer = *origin + QLatin1Char('/') + tenant + QLatin1Char('/');
    setup.documentUrl = openIdConfigurationUrl(setup.issuer);
    setup.authorizationEndpoint = QUrl(setup.issuer + QStringLiteral("oauth2/v1/auth/"));
    setup.tokenEndpoint = QUrl(setup.issuer + QStringLiteral("oauth2/v1/token/"));
    setup.scope = joinedScope({QStringLiteral("openid")}, answers.value(QStringLiteral("scopes")));
    setup.name = QStringLiteral("%1 (%2)").arg(tenant, QUrl(*origin).host());
    setup.explanation << Text::tr(
        "The issuer is %1, with its trailing slash: tokens name it exactly so, and a slash more or "
        "less is another issuer.")
                             .arg(setup.issuer)
                      << Text::tr("Each refresh returns a new refresh token, which replaces the stored one.");
    return {setup, {}, {}};
}

TemplateResult generic(const QHash<QString, QString>& answers)
{
    const QString text = answers.value(QStringLiteral("url")).trimmed();
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme();
    if (text.isEmpty() || !url.isValid() || url.host().isEmpty()
        || (scheme != QLatin1String("https") && scheme != QLatin1String("http")) || url.hasFragment()
        || url.hasQuery())
        return problem(QStringLiteral("url"),
            Text::tr("Enter a full address starting with https://: the provider's discovery URL (ending in "
                     "/.well-known/openid-configuration) or its issuer."));
    TemplateSetup setup;
    if (url.path().contains(QLatin1String("/.well-known/"))) {
        setup.documentUrl = url;
        setup.explanation << Text::tr(
            "The issuer is taken from the document, which must be the one published "
            "at that address.");
    } else {
        setup.issuer = text;
        setup.explanation << Text::tr("The metadata is looked up from the issuer %1.").arg(text);
    }
    setup.scope = joinedScope({QStringLiteral("openid")}, answers.value(QStringLiteral("scopes")));
    QString path = url.path();
    const qsizetype wellKnown = path.indexOf(QLatin1String("/.well-known/"));
    if (wellKnown >= 0)
        path.truncate(wellKnown);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    setup.name = url.host() + path;
    return {setup, {}, {}};
}

TemplateField field(const QString& key, const QString& label, const QString& placeholder, const QString& help,
    bool optional = false)
{
    return {key, label, placeholder, help, optional};
}

TemplateField scopesField(const QString& placeholder)
{
    return field(QStringLiteral("scopes"), Text::tr("API &scopes:"), placeholder,
        Text::tr("The scopes of the API you call, separated by spaces; openid is added."), true);
}

} // namespace

QList<ProviderTemplate> providerTemplates()
{
    const QString hostHelp = Text::tr("The host name in the provider's addresses.");
    return {
        {ProviderKind::Keycloak, QStringLiteral("keycloak"), Text::tr("Keycloak"),
            Text::tr("A Keycloak realm: the issuer is https://<host>/realms/<realm>."),
            {field(QStringLiteral("host"), Text::tr("&Host:"), QStringLiteral("auth.sandbox.zorgapis.nl"),
                 hostHelp),
                field(QStringLiteral("realm"), Text::tr("&Realm:"), QStringLiteral("zorgapis"),
                    Text::tr("The name after /realms/ in the provider's addresses.")),
                scopesField(QStringLiteral("api-requirements-versions:read"))}},
        {ProviderKind::AzureAdB2c, QStringLiteral("azure-ad-b2c"), Text::tr("Azure AD B2C"),
            Text::tr("An Azure AD B2C tenant and user flow. A refresh token needs the offline_access scope, "
                     "which the template adds."),
            {field(QStringLiteral("tenant"), Text::tr("&Tenant:"), QStringLiteral("ringphonesso"),
                 Text::tr("The part before .b2clogin.com or .onmicrosoft.com.")),
                field(QStringLiteral("policy"), Text::tr("&Policy:"),
                    QStringLiteral("B2C_1_MyOrganizer_Login"),
                    Text::tr(
                        "The user flow or custom policy in the provider's addresses, like B2C_1_signin.")),
                scopesField(QStringLiteral("https://ringphonesso.onmicrosoft.com/api/read"))}},
        {ProviderKind::EntraId, QStringLiteral("entra-id"), Text::tr("Microsoft Entra ID"),
            Text::tr("A Microsoft Entra ID (Azure AD) tenant, v2.0 endpoints."),
            {field(QStringLiteral("tenant"), Text::tr("&Tenant:"), QStringLiteral("contoso.onmicrosoft.com"),
                 Text::tr("The directory (tenant) id or one of its domains.")),
                scopesField(QStringLiteral("api://my-api/read"))}},
        {ProviderKind::TenantHub, QStringLiteral("tenant-hub"),
            Text::tr("Tenant in the path (The Identity Hub)"),
            Text::tr("A hub that puts the tenant in the path: the issuer is https://<host>/<tenant>/ with "
                     "a trailing slash."),
            {field(QStringLiteral("host"), Text::tr("&Host:"), QStringLiteral("identityhub.example.com"),
                 hostHelp),
                field(QStringLiteral("tenant"), Text::tr("&Tenant:"), QStringLiteral("acme"),
                    Text::tr("The name in /{tenant}/oauth2/v1/auth/.")),
                scopesField(QString())}},
        {ProviderKind::Generic, QStringLiteral("generic"), Text::tr("OpenID discovery"),
            Text::tr("Any provider that publishes its metadata: give the discovery URL or the issuer."),
            {field(QStringLiteral("url"), Text::tr("&Discovery URL or issuer:"),
                 QStringLiteral("https://auth.example.com/.well-known/openid-configuration"),
                 Text::tr("Where the provider's documentation says its metadata or issuer is.")),
                scopesField(QString())}},
        {ProviderKind::Manual, QStringLiteral("manual"), Text::tr("Manual"),
            Text::tr("Enter the endpoints yourself in the environment dialog."), {}},
    };
}

ProviderTemplate providerTemplate(ProviderKind kind)
{
    const QList<ProviderTemplate> all = providerTemplates();
    for (const ProviderTemplate& entry : all)
        if (entry.kind == kind)
            return entry;
    return all.last();
}

TemplateResult fillTemplate(ProviderKind kind, const QHash<QString, QString>& answers)
{
    switch (kind) {
    case ProviderKind::Keycloak:
        return keycloak(answers);
    case ProviderKind::AzureAdB2c:
        return azureB2c(answers);
    case ProviderKind::EntraId:
        return entraId(answers);
    case ProviderKind::TenantHub:
        return tenantHub(answers);
    case ProviderKind::Generic:
        return generic(answers);
    case ProviderKind::Manual:
        break;
    }
    TemplateSetup manual;
    manual.scope = QStringLiteral("openid");
    return {manual, {}, {}};
}

bool documentUrlFitsIssuer(const QUrl& documentUrl, const QString& issuer)
{
    const QString wanted = documentUrl.toString(QUrl::FullyEncoded);
    return openIdConfigurationUrl(issuer).toString(QUrl::FullyEncoded) == wanted
        || authorizationServerMetadataUrl(issuer).toString(QUrl::FullyEncoded) == wanted;
}

} // namespace Tokenscope::OAuth
