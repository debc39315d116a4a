#include "claimcatalogue.h"

#include "numericdate.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace Tokenscope::Jwt {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Jwt::ClaimCatalogue)
};

constexpr const char* context = "Tokenscope::Jwt::ClaimCatalogue";

enum Where : unsigned { InHeader = 1, InClaims = 2, InIntrospection = 4 };

struct Entry
{
    const char* name = nullptr;
    unsigned where = 0;
    const char* label = nullptr;
    const char* explanation = nullptr;
    bool isTime = false;
};

// RFC 7515 §4.1, RFC 7516 §4.1, RFC 7519 §4.1, OIDC Core §2 and §5.1, RFC 7662 §2.2, RFC 8693 §4,
// RFC 7800, and the claims Microsoft Entra, Azure AD B2C and Keycloak add.
constexpr Entry entries[] = {
    {"alg", InHeader, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Algorithm"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "How the token is signed or encrypted; “none” means it is not signed at all.")},
    {"kid", InHeader, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Key ID"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "Which of the provider's keys signed the token.")},
    {"typ", InHeader, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Type"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "The kind of token, e.g. JWT, or at+jwt for an access token.")},
    {"cty", InHeader, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Content type"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "What the payload is; “JWT” means the token wraps another token.")},
    {"x5t", InHeader, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Certificate thumbprint"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "The SHA-1 thumbprint of the signing key's certificate.")},
    {"x5t#S256", InHeader,
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Certificate thumbprint (SHA-256)"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "The SHA-256 thumbprint of the signing key's certificate.")},
    {"x5c", InHeader, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Certificate chain"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "The signing key's certificate and its issuers, carried in the token itself.")},
    {"x5u", InHeader, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Certificate URL"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "Where the signing key's certificate is said to be; not used to verify.")},
    {"jku", InHeader, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Key set URL"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "Where the token says its keys are; Tokenscope uses the provider's keys instead.")},
    {"jwk", InHeader, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Embedded key"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "A public key in the token itself; never trusted to verify the token.")},
    {"crit", InHeader, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Critical extensions"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "Extensions the recipient must understand, or else refuse the token.")},
    {"enc", InHeader, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Content encryption"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "How the content of an encrypted token is encrypted.")},
    {"zip", InHeader, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Compression"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "The content was compressed before it was encrypted.")},

    {"active", InIntrospection, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Active"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "Whether the provider still accepts the token.")},
    {"username", InIntrospection, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Username"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "The user the token was issued for, in readable form.")},
    {"token_type", InIntrospection, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Token type"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "The type of the token, e.g. Bearer.")},

    {"iss", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Issuer"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "The provider that issued the token.")},
    {"sub", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Subject"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "Who the token is about: the user's or client's identifier at the provider.")},
    {"aud", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Audience"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "Who the token is meant for: the API or client that may accept it.")},
    {"azp", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Authorized party"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "The client the token was issued to.")},
    {"exp", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Expires"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "From this moment on the token must be refused."),
        true},
    {"nbf", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Not before"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Before this moment the token must be refused."),
        true},
    {"iat", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Issued at"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "When the provider issued the token."), true},
    {"auth_time", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Signed in at"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "When the user last actually entered credentials."),
        true},
    {"updated_at", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Profile updated at"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "When the user's profile was last changed."),
        true},
    {"jti", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Token ID"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "A unique identifier of this token, e.g. to detect replay.")},
    {"scope", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Scopes"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "What the token allows, as a space-separated list.")},
    {"scp", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Scopes (scp)"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "What the token allows, in the form Microsoft Entra and Okta use.")},
    {"roles", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Roles"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "The roles the user or application has been given.")},
    {"groups", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Groups"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "The groups the user belongs to.")},
    {"client_id", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Client ID"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "The client that requested the token.")},
    {"cnf", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Bound to key"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "The key the token is bound to (DPoP or mutual TLS): only its holder may use the token.")},
    {"act", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Actor"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "Who acts on behalf of the subject (token exchange).")},
    {"sid", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Session ID"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "The user's session at the provider, used to sign out.")},
    {"nonce", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Nonce"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "The random value of the sign-in request, tying the ID token to that sign-in.")},
    {"at_hash", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Access token hash"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "A hash of the access token issued together with this ID token.")},
    {"c_hash", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Code hash"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "A hash of the authorization code issued together with this ID token.")},
    {"acr", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Authentication level"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "How strongly the user was authenticated, as the provider names it.")},
    {"amr", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Authentication methods"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "How the user was authenticated, e.g. pwd (password), otp (one-time code), mfa (several "
            "factors).")},
    {"typ", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Token kind"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "The kind of token as the provider names it, e.g. Keycloak's Bearer, ID or Refresh.")},
    {"name", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Name"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "The user's full name.")},
    {"given_name", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Given name"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "The user's first name.")},
    {"family_name", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Family name"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "The user's last name.")},
    {"preferred_username", InClaims,
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Preferred username"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "The name the user signs in with; not unique and may change.")},
    {"email", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Email"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "The user's email address.")},
    {"email_verified", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Email verified"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "Whether the provider has verified the email address.")},
    {"emails", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Email addresses"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "The user's email addresses (Azure AD B2C).")},
    {"upn", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "User principal name"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "The user's sign-in name in Microsoft Entra.")},
    {"unique_name", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Unique name"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "A readable name of the user in older Microsoft Entra tokens; not stable.")},
    {"tid", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Tenant ID"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "The Microsoft Entra tenant (directory) of the user.")},
    {"oid", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Object ID"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "The user's or application's ID in Microsoft Entra, the same for every application.")},
    {"ver", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Token version"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "The version of the provider's token format.")},
    {"tfp", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Policy"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "The Azure AD B2C user flow or custom policy that issued the token.")},
    {"acr_policy", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Policy"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "The Azure AD B2C user flow or custom policy that issued the token.")},
    {"idp", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Identity provider"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "The identity provider that authenticated the user, e.g. a social or company login.")},
    {"appid", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Application ID"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "The client that requested the token (Microsoft Entra version 1 tokens).")},
    {"appidacr", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Client authentication"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "How the client authenticated: 0 public client, 1 secret, 2 certificate.")},
    {"azpacr", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Client authentication"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "How the client authenticated: 0 public client, 1 secret, 2 certificate.")},
    {"wids", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Directory roles"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "The tenant-wide Microsoft Entra roles of the user, as role template IDs.")},
    {"uti", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Internal token ID"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "Microsoft Entra's internal identifier of the token.")},
    {"rh", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Internal"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "Microsoft Entra uses it to revalidate tokens; it means nothing to clients.")},
    {"x5t", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Certificate thumbprint"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "The thumbprint of a certificate the token refers to.")},
    {"realm_access", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Realm roles"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Keycloak: the user's roles in the realm.")},
    {"resource_access", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Client roles"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Keycloak: the user's roles per client.")},
    {"session_state", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Session state"),
        QT_TRANSLATE_NOOP(
            "Tokenscope::Jwt::ClaimCatalogue", "Keycloak: the user's session at the provider.")},
    {"allowed-origins", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Allowed origins"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue",
            "Keycloak: the web origins that may use the token from a browser (CORS).")},
    {"locale", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Locale"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "The user's language and country, e.g. nl-NL.")},
    {"phone_number", InClaims, QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "Phone number"),
        QT_TRANSLATE_NOOP("Tokenscope::Jwt::ClaimCatalogue", "The user's phone number.")},
};

const Entry* find(const QString& name, unsigned where)
{
    for (const Entry& entry : entries) {
        if ((entry.where & where) && name == QLatin1String(entry.name))
            return &entry;
    }
    return nullptr;
}

// A string as it is; anything else as the compact JSON it was written as.
QString valueText(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    const QByteArray json = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

} // namespace

std::optional<ClaimDescription> describeClaim(const QString& name, ClaimSource source)
{
    const Entry* entry = nullptr;
    switch (source) {
    case ClaimSource::Header:
        entry = find(name, InHeader);
        break;
    case ClaimSource::Claims:
        entry = find(name, InClaims);
        break;
    case ClaimSource::Introspection:
        entry = find(name, InIntrospection);
        if (!entry)
            entry = find(name, InClaims);
        break;
    }
    if (!entry)
        return std::nullopt;
    return ClaimDescription {QCoreApplication::translate(context, entry->label),
        QCoreApplication::translate(context, entry->explanation), entry->isTime};
}

std::optional<qint64> numericDate(const QJsonValue& value)
{
    return numericDateSeconds(value);
}

QList<ClaimRow> claimRows(const QJsonObject& object, ClaimSource source, const QDateTime& now)
{
    QList<ClaimRow> rows;
    for (auto it = object.begin(); it != object.end(); ++it)
        rows << claimRow(it.key(), it.value(), source, now);
    return rows;
}

ClaimRow claimRow(const QString& name, const QJsonValue& value, ClaimSource source, const QDateTime& now)
{
    ClaimRow row;
    row.name = name;
    row.value = value;
    row.valueText = valueText(value);
    const auto description = describeClaim(name, source);
    if (!description)
        return row;
    row.known = true;
    row.label = description->label;
    row.explanation = description->explanation;
    if (!description->isTime)
        return row;
    const auto seconds = numericDate(value);
    if (!seconds) {
        row.timeState = TimeState::OutOfRange;
        if (!value.isDouble())
            row.problem = Text::tr("Not a date: the value is not a number of seconds.");
        else if (value.toDouble() < 0)
            row.problem = Text::tr("Not a date: the value is negative.");
        else
            row.problem = Text::tr("Not a date: the value is beyond the year 9999.");
        return row;
    }
    row.time = QDateTime::fromSecsSinceEpoch(*seconds, Qt::UTC);
    row.localTimeText = localTimeText(row.time);
    row.relativeText = relativeTime(row.time, now);
    if (name == QLatin1String("exp"))
        row.timeState = row.time <= now ? TimeState::Expired : TimeState::Future;
    else if (name == QLatin1String("nbf"))
        row.timeState = row.time > now ? TimeState::NotYetValid : TimeState::Past;
    else
        row.timeState = row.time > now ? TimeState::Future : TimeState::Past;
    return row;
}

QString relativeTime(const QDateTime& when, const QDateTime& now)
{
    const qint64 difference = now.secsTo(when);
    const bool future = difference > 0;
    const qint64 seconds = future ? difference : -difference;
    if (seconds == 0)
        return Text::tr("now");
    // Capped: no count of days above what an int holds can come from a NumericDate in range anyway.
    const auto count = [](qint64 amount) { return int(std::min<qint64>(amount, 9999999)); };
    if (seconds < 60)
        return future ? Text::tr("in %n s", nullptr, count(seconds))
                      : Text::tr("%n s ago", nullptr, count(seconds));
    if (seconds < 3600) {
        const int minutes = count(seconds / 60);
        return future ? Text::tr("in %n min", nullptr, minutes) : Text::tr("%n min ago", nullptr, minutes);
    }
    if (seconds < qint64(48) * 3600) {
        const int hours = count(seconds / 3600);
        return future ? Text::tr("in %n h", nullptr, hours) : Text::tr("%n h ago", nullptr, hours);
    }
    const int days = count(seconds / 86400);
    return future ? Text::tr("in %n day(s)", nullptr, days) : Text::tr("%n day(s) ago", nullptr, days);
}

QString localTimeText(const QDateTime& when)
{
    const QDateTime local = when.toLocalTime();
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss ")) + local.timeZoneAbbreviation();
}

} // namespace Tokenscope::Jwt
