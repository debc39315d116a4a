#include "tokeninspection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;

Q_DECLARE_METATYPE(Tokenscope::OAuth::TokenKind)
Q_DECLARE_METATYPE(Tokenscope::OAuth::AudienceMatch)

namespace {

constexpr qint64 nowSeconds = 1796205600; // 2026-12-02 10:00:00 UTC
QDateTime now()
{
    return QDateTime::fromSecsSinceEpoch(nowSeconds, Qt::UTC);
}

QString issuer()
{
    return QStringLiteral("https://id.example.test/realms/main");
}

// JSON written with single quotes, for readable rows (and because moc misreads "//" in raw strings).
QJsonObject json(QByteArray text)
{
    return QJsonDocument::fromJson(text.replace('\'', '"')).object();
}

QString part(const QJsonObject& object)
{
    return QString::fromLatin1(QJsonDocument(object)
                                   .toJson(QJsonDocument::Compact)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString unsignedJwt(const QJsonObject& claims)
{
    return part({{QStringLiteral("alg"), QStringLiteral("RS256")},
               {QStringLiteral("kid"), QStringLiteral("k1")}})
        + QLatin1Char('.') + part(claims) + QStringLiteral(".c2ln");
}

InspectionContext context(TokenKind kind)
{
    InspectionContext result;
    result.kind = kind;
    result.config.issuer = issuer();
    result.config.clientId = QStringLiteral("web");
    result.config.scope = QStringLiteral("openid profile orders.read");
    result.now = now();
    return result;
}

// The results in order, "issuer:passed audience:failed …", for one readable comparison per row.
QString summary(const QList<ClaimCheck>& checks)
{
    QStringList parts;
    for (const ClaimCheck& check : checks) {
        const char* result = check.result == CheckResult::Passed ? "passed"
            : check.result == CheckResult::Failed                ? "failed"
                                                                 : "n/a";
        parts << check.id + QLatin1Char(':') + QLatin1String(result);
        if (check.reason.isEmpty() || check.title.isEmpty())
            parts << QStringLiteral("(no title or reason)");
    }
    return parts.join(QLatin1Char(' '));
}

QString reasonOf(const QList<ClaimCheck>& checks, const QString& id)
{
    for (const ClaimCheck& check : checks) {
        if (check.id == id)
            return check.reason;
    }
    return QStringLiteral("(no check %1)").arg(id);
}

} // namespace

// What the inspector says about a token without the network: the claim checks against the
// environment, the scopes asked for against those granted, the audience against the request's host,
// and an introspection answer in the same rows.
class TestTokenInspection final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void checks_data()
    {
        QTest::addColumn<QByteArray>("claims");
        QTest::addColumn<TokenKind>("kind");
        QTest::addColumn<QString>("expectedAudience");
        QTest::addColumn<bool>("configuredIssuer"); // false: only a discovered issuer
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("reasonId");
        QTest::addColumn<QString>("reason");

        const QByteArray good
            = "{'iss':'" + issuer().toUtf8() + "','aud':'web','exp':1796205900,'iat':1796205500}";
        QTest::newRow("id-token-all-good")
            << good << TokenKind::IdToken << QString() << true
            << QStringLiteral(
                   "issuer:passed audience:passed azp:n/a expiry:passed not-before:n/a issued-at:passed")
            << QStringLiteral("issuer") << QStringLiteral("“%1”, as configured.").arg(issuer());
        QTest::newRow("discovered-issuer")
            << good << TokenKind::IdToken << QString() << false
            << QStringLiteral("issuer:passed audience:passed azp:n/a expiry:passed "
                              "not-before:n/a issued-at:passed")
            << QString() << QString();
        QTest::newRow("other-issuer")
            << QByteArray("{'iss':'https://evil.test','aud':'web','exp':1796205900,'iat':1796205500}")
            << TokenKind::IdToken << QString() << true
            << QStringLiteral("issuer:failed audience:passed azp:n/a expiry:passed "
                              "not-before:n/a issued-at:passed")
            << QStringLiteral("issuer")
            << QStringLiteral("Expected “%1”, found “https://evil.test”.").arg(issuer());
        QTest::newRow("id-token-other-client")
            << QByteArray("{'aud':'mobile','exp':1796205900,'iat':1796205500}") << TokenKind::IdToken
            << QString() << true
            << QStringLiteral(
                   "issuer:failed audience:failed azp:n/a expiry:passed not-before:n/a issued-at:passed")
            << QStringLiteral("audience")
            << QStringLiteral("Audience: mobile; this environment's client ID: web.");
        QTest::newRow("azp-several-audiences-ok")
            << QByteArray("{'aud':['web','api'],'azp':'web','exp':1796205900,'iat':1796205500}")
            << TokenKind::IdToken << QString() << true
            << QStringLiteral(
                   "issuer:failed audience:passed azp:passed expiry:passed not-before:n/a issued-at:passed")
            << QString() << QString();
        QTest::newRow("azp-several-audiences-missing")
            << QByteArray("{'aud':['web','api'],'exp':1796205900,'iat':1796205500}") << TokenKind::IdToken
            << QString() << true
            << QStringLiteral(
                   "issuer:failed audience:passed azp:failed expiry:passed not-before:n/a issued-at:passed")
            << QStringLiteral("azp")
            << QStringLiteral("Several audiences, but no authorized party (azp) names this client.");
        QTest::newRow("access-token-expected-audience")
            << QByteArray("{'aud':'https://api.example.test','exp':1796205900}") << TokenKind::AccessToken
            << QStringLiteral("https://api.example.test") << true
            << QStringLiteral(
                   "issuer:failed audience:passed azp:n/a expiry:passed not-before:n/a issued-at:n/a")
            << QString() << QString();
        QTest::newRow("access-token-no-expected-audience")
            << QByteArray("{'aud':'https://api.example.test'}") << TokenKind::AccessToken << QString() << true
            << QStringLiteral("issuer:failed audience:n/a azp:n/a expiry:n/a not-before:n/a issued-at:n/a")
            << QStringLiteral("audience")
            << QStringLiteral("No expected audience is configured to compare with.");
        QTest::newRow("expired-at-now")
            << QByteArray("{'exp':1796205600}") << TokenKind::AccessToken << QString() << true
            << QStringLiteral("issuer:failed audience:n/a azp:n/a expiry:failed not-before:n/a issued-at:n/a")
            << QString() << QString();
        QTest::newRow("not-yet-valid")
            << QByteArray("{'nbf':1796205660,'exp':1796209200}") << TokenKind::AccessToken << QString()
            << true
            << QStringLiteral(
                   "issuer:failed audience:n/a azp:n/a expiry:passed not-before:failed issued-at:n/a")
            << QString() << QString();
        QTest::newRow("issued-in-the-future")
            << QByteArray("{'iat':1796209200,'exp':1796212800}") << TokenKind::AccessToken << QString()
            << true
            << QStringLiteral(
                   "issuer:failed audience:n/a azp:n/a expiry:passed not-before:n/a issued-at:failed")
            << QString() << QString();
        QTest::newRow("exp-out-of-range")
            << QByteArray("{'exp':1e300}") << TokenKind::AccessToken << QString() << true
            << QStringLiteral("issuer:failed audience:n/a azp:n/a expiry:failed not-before:n/a issued-at:n/a")
            << QStringLiteral("expiry")
            << QStringLiteral(
                   "The expiry (exp) is not a usable date: Not a date: the value is beyond the year 9999.");
        QTest::newRow("id-token-without-times")
            << QByteArray("{'aud':'web'}") << TokenKind::IdToken << QString() << true
            << QStringLiteral(
                   "issuer:failed audience:passed azp:n/a expiry:failed not-before:n/a issued-at:failed")
            << QStringLiteral("issuer") << QStringLiteral("The token names no issuer (iss).");
        QTest::newRow("refresh-token-audience-not-applicable")
            << QByteArray("{'aud':'https://id.example.test'}") << TokenKind::RefreshToken << QString() << true
            << QStringLiteral("issuer:failed audience:n/a azp:n/a expiry:n/a not-before:n/a issued-at:n/a")
            << QString() << QString();
    }

    void checks()
    {
        QFETCH(QByteArray, claims);
        QFETCH(TokenKind, kind);
        QFETCH(QString, expectedAudience);
        QFETCH(bool, configuredIssuer);
        QFETCH(QString, expected);
        QFETCH(QString, reasonId);
        QFETCH(QString, reason);

        InspectionContext given = context(kind);
        given.expectedAudience = expectedAudience;
        if (!configuredIssuer) {
            given.config.issuer.clear();
            given.discoveredIssuer = issuer();
        }
        const QList<ClaimCheck> result = checkClaims(json(claims), given);
        QCOMPARE(summary(result), expected);
        if (!reasonId.isEmpty())
            QCOMPARE(reasonOf(result, reasonId), reason);

        // The same through the whole inspection of a (decoded, not verified) token.
        const TokenInspection inspection = inspectToken(unsignedJwt(json(claims)), given);
        QCOMPARE(summary(inspection.checks), expected);
        // Flagged expired only for an exp in range that has passed, not for one missing or unreadable.
        QCOMPARE(inspection.expired,
            expected.contains(QLatin1String("expiry:failed")) && claims.contains("'exp':17"));
        QCOMPARE(inspection.notYetValid, expected.contains(QLatin1String("not-before:failed")));
    }

    void scopes_data()
    {
        QTest::addColumn<QString>("requested");
        QTest::addColumn<QVariant>("fromResponse"); // a QString, or invalid: not known
        QTest::addColumn<QByteArray>("claims");
        QTest::addColumn<QStringList>("granted");
        QTest::addColumn<QStringList>("missing");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("source"); // empty: nothing known of the grant
        QTest::addColumn<QStringList>("signInOnly");

        const QStringList none;
        QTest::newRow("response-narrows")
            << QStringLiteral("openid orders.read orders.write")
            << QVariant(QStringLiteral("openid orders.read")) << QByteArray("{}")
            << QStringList {QStringLiteral("openid"), QStringLiteral("orders.read")}
            << QStringList {QStringLiteral("orders.write")} << none << QStringLiteral("the token response")
            << none;
        QTest::newRow("response-wins-over-claim")
            << QStringLiteral("a") << QVariant(QStringLiteral("a b")) << QByteArray("{'scope':'a'}")
            << QStringList {QStringLiteral("a"), QStringLiteral("b")} << none
            << QStringList {QStringLiteral("b")} << QStringLiteral("the token response") << none;
        QTest::newRow("scope-claim") << QStringLiteral("a b") << QVariant() << QByteArray("{'scope':'b c'}")
                                     << QStringList {QStringLiteral("b"), QStringLiteral("c")}
                                     << QStringList {QStringLiteral("a")} << QStringList {QStringLiteral("c")}
                                     << QStringLiteral("the token's “scope” claim") << none;
        QTest::newRow("scp-string-entra")
            << QStringLiteral("User.Read") << QVariant() << QByteArray("{'scp':'User.Read Mail.Send'}")
            << QStringList {QStringLiteral("User.Read"), QStringLiteral("Mail.Send")} << none
            << QStringList {QStringLiteral("Mail.Send")} << QStringLiteral("the token's “scp” claim") << none;
        QTest::newRow("scp-array-okta") << QStringLiteral("a") << QVariant() << QByteArray("{'scp':['a']}")
                                        << QStringList {QStringLiteral("a")} << none << none
                                        << QStringLiteral("the token's “scp” claim") << none;
        QTest::newRow("nothing-granted-known")
            << QStringLiteral("a") << QVariant() << QByteArray("{'sub':'x'}") << none << none << none
            << QString() << none;
        // Entra ID leaves the sign-in scopes out of the access token's scp: not refused, so not missing.
        QTest::newRow("scp-without-sign-in-scopes")
            << QStringLiteral("openid profile offline_access User.Read Mail.Send") << QVariant()
            << QByteArray("{'scp':'User.Read'}") << QStringList {QStringLiteral("User.Read")}
            << QStringList {QStringLiteral("Mail.Send")} << none << QStringLiteral("the token's “scp” claim")
            << QStringList {
                   QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("offline_access")};
        // The token response lists every scope granted, sign-in scopes included: one absent was refused.
        QTest::newRow("response-without-offline-access")
            << QStringLiteral("openid offline_access") << QVariant(QStringLiteral("openid"))
            << QByteArray("{}") << QStringList {QStringLiteral("openid")}
            << QStringList {QStringLiteral("offline_access")} << none << QStringLiteral("the token response")
            << none;
        QTest::newRow("nothing-requested")
            << QString() << QVariant() << QByteArray("{'scope':'a'}") << QStringList {QStringLiteral("a")}
            << none << none << QStringLiteral("the token's “scope” claim") << none;
    }

    void scopes()
    {
        QFETCH(QString, requested);
        QFETCH(QVariant, fromResponse);
        QFETCH(QByteArray, claims);
        QFETCH(QStringList, granted);
        QFETCH(QStringList, missing);
        QFETCH(QStringList, extra);
        QFETCH(QString, source);
        QFETCH(QStringList, signInOnly);

        InspectionContext given = context(TokenKind::AccessToken);
        given.config.scope = requested;
        if (fromResponse.isValid())
            given.grantedScope = fromResponse.toString();
        const ScopeComparison result = compareScopes(json(claims), given);
        QCOMPARE(result.requestedKnown, !requested.isEmpty());
        QCOMPARE(result.grantedKnown, !source.isEmpty());
        QCOMPARE(result.grantedSource, source);
        QCOMPARE(result.granted, granted);
        QCOMPARE(result.missing, missing);
        QCOMPARE(result.extra, extra);
        QCOMPARE(result.signInOnly, signInOnly);
    }

    void audience_data()
    {
        QTest::addColumn<QStringList>("audiences");
        QTest::addColumn<QString>("request");
        QTest::addColumn<AudienceMatch>("match");
        QTest::addColumn<QString>("matched");

        const QString api = QStringLiteral("https://api.example.test/v1/orders?x=1");
        QTest::newRow("url-same-host")
            << QStringList {QStringLiteral("https://API.example.test/")} << api << AudienceMatch::Matches
            << QStringLiteral("https://API.example.test/");
        QTest::newRow("url-explicit-default-port")
            << QStringList {QStringLiteral("https://api.example.test:443")} << api << AudienceMatch::Matches
            << QStringLiteral("https://api.example.test:443");
        QTest::newRow("one-of-several")
            << QStringList {QStringLiteral("web"), QStringLiteral("https://api.example.test")} << api
            << AudienceMatch::Matches << QStringLiteral("https://api.example.test");
        QTest::newRow("other-port") << QStringList {QStringLiteral("https://api.example.test:8443")} << api
                                    << AudienceMatch::DoesNotMatch << QString();
        QTest::newRow("other-scheme") << QStringList {QStringLiteral("http://api.example.test")} << api
                                      << AudienceMatch::DoesNotMatch << QString();
        QTest::newRow("other-host") << QStringList {QStringLiteral("https://billing.example.test")} << api
                                    << AudienceMatch::DoesNotMatch << QString();
        QTest::newRow("port-in-request")
            << QStringList {QStringLiteral("http://127.0.0.1:8080/api")}
            << QStringLiteral("http://127.0.0.1:8080/api/patients") << AudienceMatch::Matches
            << QStringLiteral("http://127.0.0.1:8080/api");
        QTest::newRow("api-uri") << QStringList {QStringLiteral("api://orders")} << api
                                 << AudienceMatch::CannotTell << QString();
        QTest::newRow("guid") << QStringList {QStringLiteral("00000003-0000-0000-c000-000000000000")} << api
                              << AudienceMatch::CannotTell << QString();
        QTest::newRow("bare-host") << QStringList {QStringLiteral("api.example.test")} << api
                                   << AudienceMatch::CannotTell << QString();
        QTest::newRow("no-aud") << QStringList {} << api << AudienceMatch::NotApplicable << QString();
        QTest::newRow("no-request") << QStringList {QStringLiteral("https://api.example.test")} << QString()
                                    << AudienceMatch::NotApplicable << QString();
    }

    void audience()
    {
        QFETCH(QStringList, audiences);
        QFETCH(QString, request);
        QFETCH(AudienceMatch, match);
        QFETCH(QString, matched);

        const AudienceComparison result = compareAudience(audiences, QUrl(request));
        QCOMPARE(result.match, match);
        QCOMPARE(result.matchedAudience, matched);
        QCOMPARE(result.audiences, audiences);
        QVERIFY(!result.reason.isEmpty());
        if (match == AudienceMatch::CannotTell)
            QVERIFY2(result.reason.startsWith(QLatin1String("Cannot tell from the audience")),
                qPrintable(result.reason));
        if (!request.isEmpty())
            QCOMPARE(result.host,
                QUrl(request).port() > 0 ? QStringLiteral("127.0.0.1:8080")
                                         : QStringLiteral("api.example.test"));
    }

    // An opaque token as the provider's introspection endpoint describes it, in the rows a JWT's claims
    // would have (RFC 7662 §2.2).
    void introspectionToRows()
    {
        IntrospectionResult result;
        result.active = true;
        result.scope = QStringLiteral("openid orders.read");
        result.clientId = QStringLiteral("web");
        result.username = QStringLiteral("alice");
        result.tokenType = QStringLiteral("Bearer");
        result.expiresAt = now().addSecs(240);
        result.issuedAt = now().addSecs(-60);
        result.notBefore = now().addSecs(-60);
        result.subject = QStringLiteral("u-1");
        result.audiences = {QStringLiteral("https://api.example.test")};
        result.issuer = issuer();
        result.jwtId = QStringLiteral("j-1");

        InspectionContext given = context(TokenKind::AccessToken);
        given.requestUrl = QUrl(QStringLiteral("https://api.example.test/orders"));
        const TokenInspection inspection
            = inspectIntrospection(result, given, QStringLiteral("Bearer 2YotnFZFEjr1"));
        QVERIFY(inspection.fromIntrospection);
        QVERIFY(inspection.active);
        QCOMPARE(inspection.token.form, Jwt::TokenForm::Opaque);
        QCOMPARE(inspection.token.token, QStringLiteral("2YotnFZFEjr1"));
        QStringList names;
        for (const Jwt::ClaimRow& row : inspection.claimRows) {
            names << row.name;
            QVERIFY2(row.known, qPrintable(row.name));
        }
        QCOMPARE(names,
            (QStringList {QStringLiteral("active"), QStringLiteral("aud"), QStringLiteral("client_id"),
                QStringLiteral("exp"), QStringLiteral("iat"), QStringLiteral("iss"), QStringLiteral("jti"),
                QStringLiteral("nbf"), QStringLiteral("scope"), QStringLiteral("sub"),
                QStringLiteral("token_type"), QStringLiteral("username")}));
        const Jwt::ClaimRow& exp = inspection.claimRows.at(3);
        QCOMPARE(exp.relativeText, QStringLiteral("in 4 min"));
        QCOMPARE(exp.timeState, Jwt::TimeState::Future);
        QCOMPARE(summary(inspection.checks),
            QStringLiteral("active:passed issuer:passed audience:n/a azp:n/a expiry:passed not-before:passed "
                           "issued-at:passed"));
        QCOMPARE(inspection.scopes.missing, QStringList {QStringLiteral("profile")});
        QCOMPARE(inspection.scopes.grantedSource, QStringLiteral("the provider's introspection answer"));
        QCOMPARE(inspection.audience.match, AudienceMatch::Matches);

        // The raw answer gives the same rows.
        const TokenInspection fromJson
            = inspectIntrospection(json("{'active':true,'scope':'openid orders.read','client_id':'web','exp':"
                                       + QByteArray::number(nowSeconds + 240) + "}"),
                given);
        QCOMPARE(fromJson.claimRows.size(), 4);
        QCOMPARE(fromJson.claimRows.at(2).relativeText, QStringLiteral("in 4 min"));
    }

    void inactiveIntrospection()
    {
        const TokenInspection inspection
            = inspectIntrospection(json("{'active':false}"), context(TokenKind::AccessToken));
        QVERIFY(!inspection.active);
        QCOMPARE(summary(inspection.checks), QStringLiteral("active:failed"));
        QCOMPARE(inspection.claimRows.size(), 1);
    }

    // JWE, nested and opaque tokens: their form is named, nothing is misread as claims.
    void formsWithoutClaims_data()
    {
        QTest::addColumn<QString>("token");
        QTest::addColumn<Jwt::TokenForm>("form");
        const QString jweHeader = part(json("{'alg':'RSA-OAEP','enc':'A256GCM','kid':'e1'}"));
        QTest::newRow("jwe") << jweHeader + QStringLiteral(".a2V5.aXY.Y3Q.dGFn") << Jwt::TokenForm::Jwe;
        QTest::newRow("nested") << part(json("{'alg':'RS256','cty':'JWT'}")) + QStringLiteral(".")
                + part(json("{'x':1}")) + QStringLiteral(".c2ln")
                                << Jwt::TokenForm::NestedJwt;
        QTest::newRow("opaque") << QStringLiteral("Bearer 2YotnFZFEjr1zCsicMWpAA") << Jwt::TokenForm::Opaque;
    }

    void formsWithoutClaims()
    {
        QFETCH(QString, token);
        QFETCH(Jwt::TokenForm, form);
        InspectionContext given = context(TokenKind::AccessToken);
        given.grantedScope = QStringLiteral("openid");
        const TokenInspection inspection = inspectToken(token, given);
        QCOMPARE(inspection.token.form, form);
        QVERIFY(inspection.claimRows.isEmpty());
        QVERIFY(inspection.checks.isEmpty());
        QCOMPARE(inspection.headerRows.isEmpty(), form == Jwt::TokenForm::Opaque);
        QCOMPARE(inspection.formText, Jwt::describeForm(form));
        // The token response still says what was granted.
        QCOMPARE(inspection.scopes.missing,
            (QStringList {QStringLiteral("profile"), QStringLiteral("orders.read")}));
    }
};

QTEST_GUILESS_MAIN(TestTokenInspection)
#include "tst_tokeninspection.moc"
