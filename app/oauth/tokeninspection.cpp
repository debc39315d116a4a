#include "tokeninspection.h"

#include "jwt.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::TokenInspection)
};

QDateTime effectiveNow(const InspectionContext& context)
{
    return context.now.isValid() ? context.now : QDateTime::currentDateTimeUtc();
}

QString quotedList(const QStringList& items)
{
    QStringList quoted;
    for (const QString& item : items)
        quoted << QStringLiteral("“%1”").arg(item);
    return quoted.join(QStringLiteral(", "));
}

QStringList scopeList(const QJsonValue& value)
{
    if (value.isString())
        return value.toString().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QStringList list;
    for (const QJsonValue& item : value.toArray()) {
        if (item.isString() && !item.toString().isEmpty())
            list << item.toString();
    }
    return list;
}

ClaimCheck issuerCheck(const QJsonObject& claims, const InspectionContext& context)
{
    ClaimCheck check {QStringLiteral("issuer"), Text::tr("Issuer"), CheckResult::NotApplicable, {}};
    const QString expected
        = context.config.issuer.isEmpty() ? context.discoveredIssuer : context.config.issuer;
    const QString issuer = claims.value(QLatin1String("iss")).toString();
    if (expected.isEmpty()) {
        check.reason = Text::tr("No issuer is configured to compare with.");
    } else if (issuer.isEmpty()) {
        check.result = CheckResult::Failed;
        check.reason = Text::tr("The token names no issuer (iss).");
    } else if (issuer == expected) {
        check.result = CheckResult::Passed;
        check.reason = Text::tr("“%1”, as configured.").arg(issuer);
    } else {
        // The same words as the ID token check of a sign-in.
        check.result = CheckResult::Failed;
        check.reason = Text::tr("Expected “%1”, found “%2”.").arg(expected, issuer);
    }
    return check;
}

ClaimCheck audienceCheck(const QStringList& audiences, const InspectionContext& context)
{
    ClaimCheck check {QStringLiteral("audience"), Text::tr("Audience"), CheckResult::NotApplicable, {}};
    const bool idToken = context.kind == TokenKind::IdToken;
    const QString expected = idToken ? context.config.clientId : context.expectedAudience;
    if (context.kind == TokenKind::RefreshToken) {
        check.reason = Text::tr("A refresh token is meant for the provider only.");
    } else if (expected.isEmpty()) {
        check.reason = idToken ? Text::tr("No client ID is configured to compare with.")
                               : Text::tr("No expected audience is configured to compare with.");
    } else if (audiences.isEmpty()) {
        check.result = CheckResult::Failed;
        check.reason = Text::tr("The token has no audience (aud).");
    } else if (audiences.contains(expected)) {
        check.result = CheckResult::Passed;
        check.reason = Text::tr("Names “%1”.").arg(expected);
    } else {
        check.result = CheckResult::Failed;
        check.reason = idToken ? Text::tr("Audience: %1; this environment's client ID: %2.")
                                     .arg(audiences.join(QStringLiteral(", ")), expected)
                               : Text::tr("Audience: %1; the expected audience: %2.")
                                     .arg(audiences.join(QStringLiteral(", ")), expected);
    }
    return check;
}

// OIDC Core §3.1.3.7 items 4-5, as the sign-in checks it: with several audiences, azp must be this client.
ClaimCheck authorizedPartyCheck(
    const QJsonObject& claims, const QStringList& audiences, const InspectionContext& context)
{
    ClaimCheck check {QStringLiteral("azp"), Text::tr("Authorized party"), CheckResult::NotApplicable, {}};
    const QString azp = claims.value(QLatin1String("azp")).toString();
    if (audiences.size() < 2) {
        check.reason = Text::tr("Only needed when the token has several audiences.");
    } else if (context.config.clientId.isEmpty()) {
        check.reason = Text::tr("No client ID is configured to compare with.");
    } else if (azp == context.config.clientId) {
        check.result = CheckResult::Passed;
        check.reason = Text::tr("Several audiences; authorised for this client (azp “%1”).").arg(azp);
    } else {
        check.result = CheckResult::Failed;
        check.reason = azp.isEmpty()
            ? Text::tr("Several audiences, but no authorized party (azp) names this client.")
            : Text::tr("Several audiences; authorised for “%1”, not for this client “%2”.")
                  .arg(azp, context.config.clientId);
    }
    return check;
}

struct TimeClaim
{
    bool present = false;
    bool inRange = false;
    Jwt::ClaimRow row;
};

TimeClaim timeClaim(const QJsonObject& claims, const QString& name, const QDateTime& now)
{
    TimeClaim claim;
    claim.present = claims.contains(name);
    if (claim.present) {
        claim.row = Jwt::claimRow(name, claims.value(name), Jwt::ClaimSource::Claims, now);
        claim.inRange = claim.row.time.isValid();
    }
    return claim;
}

QList<ClaimCheck> timeChecks(const QJsonObject& claims, const InspectionContext& context)
{
    const QDateTime now = effectiveNow(context);
    const int leeway = context.leewaySeconds;
    const bool idToken = context.kind == TokenKind::IdToken;
    ClaimCheck expiry {QStringLiteral("expiry"), Text::tr("Expiry"), CheckResult::NotApplicable, {}};
    const TimeClaim exp = timeClaim(claims, QStringLiteral("exp"), now);
    if (!exp.present) {
        expiry.result = idToken ? CheckResult::Failed : CheckResult::NotApplicable;
        expiry.reason = Text::tr("The token states no expiry (exp).");
    } else if (!exp.inRange) {
        expiry.result = CheckResult::Failed;
        expiry.reason = Text::tr("The expiry (exp) is not a usable date: %1").arg(exp.row.problem);
    } else if (exp.row.time.addSecs(leeway) <= now) {
        expiry.result = CheckResult::Failed;
        expiry.reason = Text::tr("Expired: %1 (%2).").arg(exp.row.localTimeText, exp.row.relativeText);
    } else {
        expiry.result = CheckResult::Passed;
        expiry.reason = Text::tr("Valid until %1 (%2).").arg(exp.row.localTimeText, exp.row.relativeText);
    }

    ClaimCheck notBefore {
        QStringLiteral("not-before"), Text::tr("Not before"), CheckResult::NotApplicable, {}};
    const TimeClaim nbf = timeClaim(claims, QStringLiteral("nbf"), now);
    if (!nbf.present) {
        notBefore.reason = Text::tr("The token states no start of validity (nbf).");
    } else if (!nbf.inRange) {
        notBefore.result = CheckResult::Failed;
        notBefore.reason
            = Text::tr("The start of validity (nbf) is not a usable date: %1").arg(nbf.row.problem);
    } else if (nbf.row.time > now.addSecs(leeway)) {
        notBefore.result = CheckResult::Failed;
        notBefore.reason
            = Text::tr("Not valid yet: from %1 (%2).").arg(nbf.row.localTimeText, nbf.row.relativeText);
    } else {
        notBefore.result = CheckResult::Passed;
        notBefore.reason = Text::tr("Valid since %1 (%2).").arg(nbf.row.localTimeText, nbf.row.relativeText);
    }

    ClaimCheck issuedAt {QStringLiteral("issued-at"), Text::tr("Issued at"), CheckResult::NotApplicable, {}};
    const TimeClaim iat = timeClaim(claims, QStringLiteral("iat"), now);
    if (!iat.present) {
        issuedAt.result = idToken ? CheckResult::Failed : CheckResult::NotApplicable;
        issuedAt.reason = Text::tr("The token states no issue time (iat).");
    } else if (!iat.inRange) {
        issuedAt.result = CheckResult::Failed;
        issuedAt.reason = Text::tr("The issue time (iat) is not a usable date: %1").arg(iat.row.problem);
    } else if (iat.row.time > now.addSecs(leeway)) {
        issuedAt.result = CheckResult::Failed;
        issuedAt.reason = Text::tr("Issued in the future: %1 (%2). Check this computer's clock.")
                              .arg(iat.row.localTimeText, iat.row.relativeText);
    } else {
        issuedAt.result = CheckResult::Passed;
        issuedAt.reason = Text::tr("Issued %1 (%2).").arg(iat.row.localTimeText, iat.row.relativeText);
    }
    return {expiry, notBefore, issuedAt};
}

void flagTimes(TokenInspection* inspection)
{
    for (const Jwt::ClaimRow& row : std::as_const(inspection->claimRows)) {
        inspection->expired = inspection->expired || row.timeState == Jwt::TimeState::Expired;
        inspection->notYetValid = inspection->notYetValid || row.timeState == Jwt::TimeState::NotYetValid;
    }
}

QString hostText(const QUrl& url)
{
    const int defaultPort = url.scheme() == QLatin1String("https") ? 443 : 80;
    const int port = url.port(defaultPort);
    return port == defaultPort ? url.host() : QStringLiteral("%1:%2").arg(url.host()).arg(port);
}

} // namespace

QList<ClaimCheck> checkClaims(const QJsonObject& claims, const InspectionContext& context)
{
    const QStringList audiences = Jwt::audiences(claims);
    return QList<ClaimCheck> {issuerCheck(claims, context), audienceCheck(audiences, context),
               authorizedPartyCheck(claims, audiences, context)}
    + timeChecks(claims, context);
}

namespace {

bool isSignInScope(const QString& scope)
{
    static const QStringList names {QStringLiteral("openid"), QStringLiteral("profile"),
        QStringLiteral("email"), QStringLiteral("address"), QStringLiteral("phone"),
        QStringLiteral("offline_access")};
    return names.contains(scope);
}

} // namespace

ScopeComparison compareScopes(const QJsonObject& claims, const InspectionContext& context)
{
    ScopeComparison scopes;
    scopes.requested = context.config.scope.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    scopes.requestedKnown = !scopes.requested.isEmpty();
    if (context.grantedScope) {
        scopes.grantedKnown = true;
        scopes.granted = context.grantedScope->split(QLatin1Char(' '), Qt::SkipEmptyParts);
        scopes.grantedSource = Text::tr("the token response");
    } else {
        for (const char* name : {"scope", "scp"}) {
            const QJsonValue value = claims.value(QLatin1String(name));
            if (value.isString() || value.isArray()) {
                scopes.grantedKnown = true;
                scopes.granted = scopeList(value);
                scopes.grantedSource = Text::tr("the token's “%1” claim").arg(QLatin1String(name));
                break;
            }
        }
    }
    if (!scopes.requestedKnown || !scopes.grantedKnown)
        return scopes;
    // A token's own scope/scp claim lists what the API may be asked for; the OpenID Connect scopes that
    // only shape the sign-in (OIDC Core §5.4, §11) are left out of it by Entra ID and others, so their
    // absence there does not mean they were refused. The token response's scope lists them all.
    const bool fromClaim = !context.grantedScope;
    for (const QString& scope : std::as_const(scopes.requested)) {
        if (scopes.granted.contains(scope))
            continue;
        if (fromClaim && isSignInScope(scope))
            scopes.signInOnly << scope;
        else
            scopes.missing << scope;
    }
    for (const QString& scope : std::as_const(scopes.granted)) {
        if (!scopes.requested.contains(scope))
            scopes.extra << scope;
    }
    return scopes;
}

AudienceComparison compareAudience(const QStringList& audiences, const QUrl& requestUrl)
{
    AudienceComparison comparison;
    comparison.audiences = audiences;
    if (!requestUrl.isValid() || requestUrl.host().isEmpty()) {
        comparison.reason = Text::tr("No request to compare the audience with.");
        return comparison;
    }
    comparison.host = hostText(requestUrl);
    if (audiences.isEmpty()) {
        comparison.reason = Text::tr("The token names no audience (aud).");
        return comparison;
    }
    const QString scheme = requestUrl.scheme().toLower();
    QStringList identifiers;
    for (const QString& audience : audiences) {
        const QUrl url(audience);
        const QString audScheme = url.scheme().toLower();
        if ((audScheme != QLatin1String("http") && audScheme != QLatin1String("https"))
            || url.host().isEmpty()) {
            identifiers << audience;
            continue;
        }
        if (audScheme == scheme && url.host().compare(requestUrl.host(), Qt::CaseInsensitive) == 0
            && hostText(url) == comparison.host) {
            comparison.match = AudienceMatch::Matches;
            comparison.matchedAudience = audience;
            comparison.reason = Text::tr("The audience “%1” names %2.").arg(audience, comparison.host);
            return comparison;
        }
    }
    if (!identifiers.isEmpty()) {
        comparison.match = AudienceMatch::CannotTell;
        comparison.reason
            = Text::tr("Cannot tell from the audience: %1 names the API by an identifier, not by "
                       "its address.")
                  .arg(quotedList(identifiers));
        return comparison;
    }
    comparison.match = AudienceMatch::DoesNotMatch;
    comparison.reason = Text::tr("No audience names %1 (audience: %2): the API may refuse the token.")
                            .arg(comparison.host, quotedList(audiences));
    return comparison;
}

TokenInspection inspectToken(const QString& text, const InspectionContext& context)
{
    const QDateTime now = effectiveNow(context);
    TokenInspection inspection;
    inspection.token = Jwt::parseToken(text);
    inspection.formText = Jwt::describeForm(inspection.token.form);
    if (!inspection.token.header.isEmpty())
        inspection.headerRows = Jwt::claimRows(inspection.token.header, Jwt::ClaimSource::Header, now);
    const QJsonObject& claims = inspection.token.payload;
    inspection.scopes = compareScopes(claims, context);
    if (inspection.token.form != Jwt::TokenForm::Jws) {
        // Not the request's fault: the token itself names no audience that can be read here.
        inspection.audience.host
            = context.requestUrl.host().isEmpty() ? QString() : hostText(context.requestUrl);
        inspection.audience.reason = Text::tr("The token's audience cannot be read from the token itself.");
        return inspection;
    }
    inspection.claimRows = Jwt::claimRows(claims, Jwt::ClaimSource::Claims, now);
    inspection.checks = checkClaims(claims, context);
    inspection.audience = compareAudience(Jwt::audiences(claims), context.requestUrl);
    flagTimes(&inspection);
    return inspection;
}

TokenInspection inspectIntrospection(
    const QJsonObject& answer, const InspectionContext& context, const QString& token)
{
    const QDateTime now = effectiveNow(context);
    TokenInspection inspection;
    inspection.token = Jwt::parseToken(token);
    inspection.formText = Jwt::describeForm(inspection.token.form);
    inspection.fromIntrospection = true;
    inspection.active = answer.value(QLatin1String("active")).toBool();
    inspection.claimRows = Jwt::claimRows(answer, Jwt::ClaimSource::Introspection, now);
    flagTimes(&inspection);
    ClaimCheck active {QStringLiteral("active"), Text::tr("Active"), CheckResult::Passed,
        Text::tr("The provider accepts the token.")};
    if (!inspection.active) {
        // RFC 7662 §2.2: an inactive token's answer need say nothing else, so nothing else is checked.
        active.result = CheckResult::Failed;
        active.reason
            = Text::tr("The provider no longer accepts the token (expired, revoked or unknown to it).");
        inspection.checks = {active};
        inspection.audience = compareAudience({}, {});
        return inspection;
    }
    inspection.checks = QList<ClaimCheck> {active} + checkClaims(answer, context);
    // The provider's word about this very token, sign-in scopes included (RFC 7662 §2.2), so it wins
    // over the token response and counts like it.
    const QJsonValue answerScope = answer.value(QLatin1String("scope"));
    InspectionContext answerFirst = context;
    if (answerScope.isString())
        answerFirst.grantedScope = answerScope.toString();
    inspection.scopes = compareScopes(answer, answerFirst);
    if (answerScope.isString())
        inspection.scopes.grantedSource = Text::tr("the provider's introspection answer");
    inspection.audience = compareAudience(Jwt::audiences(answer), context.requestUrl);
    return inspection;
}

TokenInspection inspectIntrospection(
    const IntrospectionResult& result, const InspectionContext& context, const QString& token)
{
    if (!result.claims.isEmpty())
        return inspectIntrospection(result.claims, context, token);
    // A result built by hand: the members RFC 7662 §2.2 defines.
    QJsonObject answer {{QStringLiteral("active"), result.active}};
    const auto text = [&answer](const char* name, const QString& value) {
        if (!value.isEmpty())
            answer.insert(QLatin1String(name), value);
    };
    const auto time = [&answer](const char* name, const QDateTime& value) {
        if (value.isValid())
            answer.insert(QLatin1String(name), value.toSecsSinceEpoch());
    };
    text("scope", result.scope);
    text("client_id", result.clientId);
    text("username", result.username);
    text("token_type", result.tokenType);
    time("exp", result.expiresAt);
    time("iat", result.issuedAt);
    time("nbf", result.notBefore);
    text("sub", result.subject);
    if (result.audiences.size() == 1)
        answer.insert(QStringLiteral("aud"), result.audiences.first());
    else if (!result.audiences.isEmpty())
        answer.insert(QStringLiteral("aud"), QJsonArray::fromStringList(result.audiences));
    text("iss", result.issuer);
    text("jti", result.jwtId);
    return inspectIntrospection(answer, context, token);
}

} // namespace Tokenscope::OAuth
