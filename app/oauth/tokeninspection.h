#pragma once

#include "claimcatalogue.h"
#include "clientconfig.h"
#include "tokenendpoints.h"
#include "tokenform.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace Tokenscope::OAuth {

// Which of the environment's tokens is inspected: the audience rule differs (OIDC Core §3.1.3.7: an ID
// token's aud is the client; an access token's is the API).
enum class TokenKind {
    Pasted, // text from outside: compared as an access token when an expected audience is given
    AccessToken,
    IdToken,
    RefreshToken,
};

// What the token is compared with. Everything is optional: a pasted token without an environment is
// still decoded, and each comparison without its input says "not applicable".
struct InspectionContext
{
    TokenKind kind = TokenKind::Pasted;
    ClientConfig config; // the environment's; issuer, clientId and scope are used
    // The issuer that OpenID discovery of a typed-in issuer confirmed; used when config.issuer is empty.
    QString discoveredIssuer;
    // The audience an access token must name (the API's identifier); empty: not configured.
    QString expectedAudience;
    // The scope the token response granted (TokenSet::grantedScope), space separated; nullopt: not known,
    // the token's own scope/scp claim is used.
    std::optional<QString> grantedScope;
    QUrl requestUrl; // the request the token is sent with; empty: no audience-to-host comparison
    QDateTime now; // injected clock; invalid: the current time
    int leewaySeconds = 0; // clock skew allowed in the time checks
};

enum class CheckResult { Passed, Failed, NotApplicable };

// One tick, cross or dash in the list of claim checks.
struct ClaimCheck
{
    QString id; // stable: "issuer", "audience", "azp", "expiry", "not-before", "issued-at"
    QString title; // e.g. "Issuer"
    CheckResult result = CheckResult::NotApplicable;
    QString reason; // one line, e.g. "Expected “https://a”, found “https://b”."
};

struct ScopeComparison
{
    bool requestedKnown = false; // the environment has a scope list
    bool grantedKnown = false; // the token response or the token says what was granted
    QString grantedSource; // readable: "the token response", "the token's “scope” claim", …
    QStringList requested; // in the order asked
    QStringList granted;
    QStringList missing; // requested, not granted
    // Requested OpenID Connect scopes (openid, profile, email, address, phone, offline_access) absent
    // from a token's own scope/scp claim: providers leave them out of access tokens, so they are not
    // counted as missing. Empty when the token response said what was granted.
    QStringList signInOnly;
    QStringList extra; // granted, not requested
};

enum class AudienceMatch {
    NotApplicable, // no request URL, or no aud in the token
    Matches, // an aud is a URL with the request's scheme, host and port
    DoesNotMatch, // every aud is a URL, none of the request's origin
    CannotTell, // an aud is a bare host, an api:// URI, a GUID or another identifier
};

struct AudienceComparison
{
    AudienceMatch match = AudienceMatch::NotApplicable;
    QString host; // the request's host (with the port when not the scheme's default)
    QStringList audiences; // the token's aud
    QString matchedAudience; // Matches: the aud that named the host
    QString reason; // one line in plain words
};

// Everything about one token that needs no network. The signature verdict comes separately
// (SignatureVerifier).
struct TokenInspection
{
    Jwt::ParsedToken token; // form, header, claims, raw JSON
    QString formText; // Jwt::describeForm(token.form)
    QList<Jwt::ClaimRow> headerRows; // empty for opaque tokens
    QList<Jwt::ClaimRow> claimRows; // the claims, or the introspection answer; empty for JWE and nested
    QList<ClaimCheck> checks;
    ScopeComparison scopes;
    AudienceComparison audience;
    bool fromIntrospection = false; // claimRows are the provider's introspection answer
    bool active = true; // introspection's "active"; true for a decoded token
    bool expired = false; // exp ≤ now
    bool notYetValid = false; // nbf > now
};

// Decodes token text (a "Bearer " prefix is dropped) and compares it with the context.
TokenInspection inspectToken(const QString& text, const InspectionContext& context);
// An opaque token as the provider's introspection endpoint described it (RFC 7662 §2.2), in the same
// row form; token is the text inspected (may be empty).
TokenInspection inspectIntrospection(
    const IntrospectionResult& result, const InspectionContext& context, const QString& token = {});
TokenInspection inspectIntrospection(
    const QJsonObject& answer, const InspectionContext& context, const QString& token = {});

// The parts, for callers that need one: the checks of a claims set (or introspection answer) against the
// context, the scope comparison and the audience-to-host comparison.
QList<ClaimCheck> checkClaims(const QJsonObject& claims, const InspectionContext& context);
ScopeComparison compareScopes(const QJsonObject& claims, const InspectionContext& context);
AudienceComparison compareAudience(const QStringList& audiences, const QUrl& requestUrl);

} // namespace Tokenscope::OAuth
