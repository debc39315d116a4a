#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace Tokenscope::OAuth {

// The kinds of provider "New Environment from Template" knows (docs/providers.md).
enum class ProviderKind {
    Keycloak, // https://<host>/realms/<realm>
    AzureAdB2c, // https://<tenant>.b2clogin.com/<tenant>.onmicrosoft.com/<policy>/v2.0
    EntraId, // https://login.microsoftonline.com/<tenant>/v2.0
    TenantHub, // https://<host>/<tenant>/, the trailing slash part of the issuer (The Identity Hub)
    Generic, // a discovery URL or an issuer
    Manual, // nothing derived: the empty environment dialog
};

// One question a template asks.
struct TemplateField
{
    QString key; // "host", "realm", "tenant", "policy", "scopes", "url"
    QString label; // translated, with an accelerator
    QString placeholder; // an example answer
    QString help; // one sentence: what to enter and where to find it
    bool optional = false;
};

struct ProviderTemplate
{
    ProviderKind kind = ProviderKind::Manual;
    QString id; // stable: "keycloak", "azure-ad-b2c", "entra-id", "tenant-hub", "generic", "manual"
    QString title; // translated
    QString description; // translated, one paragraph
    QList<TemplateField> fields;
};

// The templates in the order they are offered.
QList<ProviderTemplate> providerTemplates();
ProviderTemplate providerTemplate(ProviderKind kind);

// What a template's answers give: where to discover, what to expect, and what to fill in besides.
struct TemplateSetup
{
    // The metadata document to fetch. Empty with Generic given an issuer: discover from issuer (the OpenID
    // address, then the RFC 8414 one).
    QUrl documentUrl;
    // The issuer the document must name, character for character. Empty: the document's own issuer is
    // taken (Microsoft's documents name the tenant's id, which the answers do not give).
    QString issuer;
    QString scope; // space separated, as suggested
    QString name; // the environment's name, made from the answers
    QStringList explanation; // whole sentences for the user: what was derived and why
    // Known from the provider's documentation; discovery replaces them when it finds a document.
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    QList<QPair<QString, QString>> extraAuthorizationParameters;

    friend bool operator==(const TemplateSetup&, const TemplateSetup&) = default;
};

struct TemplateResult
{
    std::optional<TemplateSetup> setup;
    QString problem; // when setup is empty: one actionable sentence
    QString field; // the key of the field the problem is about (empty: none in particular)
};

// Pure: the answers (by field key; white space around them ignored) checked and turned into a setup.
TemplateResult fillTemplate(ProviderKind kind, const QHash<QString, QString>& answers);

// OIDC Discovery §4.3: a document fetched from documentUrl speaks for issuer when documentUrl is the one
// built from issuer (its OpenID or RFC 8414 address). The trailing slash of an issuer does not change the
// address, so both https://h/t and https://h/t/ fit https://h/t/.well-known/openid-configuration.
bool documentUrlFitsIssuer(const QUrl& documentUrl, const QString& issuer);

} // namespace Tokenscope::OAuth
