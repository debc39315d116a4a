#include "idtoken.h"

#include "jws.h"
#include "jwt.h"
#include "numericdate.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::IdToken)
};

IdTokenCheck reject(const QString& code, const QString& summary, const QString& detail = {})
{
    return {{summary, detail,
        Text::tr("Nothing from this sign-in was used. Check the issuer and client ID of the "
                 "environment, then sign in again."),
        code}};
}

bool isAbsent(const QJsonValue& value)
{
    return value.isUndefined() || value.isNull();
}

IdTokenCheck notADate(const QString& code, const QString& claim, const QJsonValue& value)
{
    const QByteArray json = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return reject(code, Text::tr("The ID token's %1 claim is not a valid date").arg(claim),
        Text::tr("Found %1; a date is a whole number of seconds since 1970, up to the year 9999.")
            .arg(QString::fromUtf8(json.mid(1, json.size() - 2))));
}

} // namespace

IdTokenCheck checkIdTokenClaims(const QString& idToken, const IdTokenExpectations& expected)
{
    const auto jwt = Jwt::decode(idToken);
    if (!jwt)
        return reject(QStringLiteral("malformed"), Text::tr("The ID token is not a readable JWT"));
    const QJsonObject& claims = jwt->payload;
    const QString alg = jwt->header.value(QLatin1String("alg")).toString();
    // RFC 8725 §3.1: an unsigned token is never accepted.
    if (alg.isEmpty() || alg.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return reject(QStringLiteral("alg-none"), Text::tr("The ID token is not signed (alg “%1”)").arg(alg));
    const QString issuer = claims.value(QLatin1String("iss")).toString();
    if (!expected.issuer.isEmpty() && issuer != expected.issuer) {
        return reject(QStringLiteral("id-token-invalid-iss"),
            Text::tr("The ID token comes from another issuer"),
            Text::tr("Expected “%1”, found “%2”.").arg(expected.issuer, issuer));
    }
    if (claims.value(QLatin1String("sub")).toString().isEmpty())
        return reject(QStringLiteral("missing-sub"), Text::tr("The ID token names no subject (sub)"));

    const QStringList audiences = Jwt::audiences(claims);
    if (audiences.isEmpty())
        return reject(QStringLiteral("missing-aud"), Text::tr("The ID token has no audience (aud)"));
    if (!audiences.contains(expected.clientId)) {
        return reject(QStringLiteral("invalid-aud"), Text::tr("The ID token was issued to another client"),
            Text::tr("Audience: %1; this environment's client ID: %2.")
                .arg(audiences.join(QStringLiteral(", ")), expected.clientId));
    }
    const QString azp = claims.value(QLatin1String("azp")).toString();
    if (audiences.size() > 1 && azp != expected.clientId) {
        return reject(QStringLiteral("azp-mismatch"),
            Text::tr("The ID token has several audiences and is not authorised for this client (azp)"));
    }

    // RFC 8725 §3.1: the header's alg must be one the provider says it signs ID tokens with.
    if (!expected.algorithms.isEmpty() && !expected.algorithms.contains(alg)) {
        return reject(QStringLiteral("id-token-alg-not-in-metadata"),
            Text::tr("The ID token is signed with an algorithm the provider does not list (alg “%1”)")
                .arg(alg),
            Text::tr("The provider's metadata lists: %1.")
                .arg(expected.algorithms.join(QStringLiteral(", "))));
    }

    const qint64 now = expected.now.toSecsSinceEpoch();
    const qint64 leeway = expected.leewaySeconds;
    const QJsonValue exp = claims.value(QLatin1String("exp"));
    if (isAbsent(exp))
        return reject(QStringLiteral("missing-exp"), Text::tr("The ID token has no expiry (exp)"));
    const auto expiry = numericDateSeconds(exp);
    if (!expiry)
        return notADate(QStringLiteral("exp-out-of-range"), QStringLiteral("exp"), exp);
    if (*expiry + leeway < now)
        return reject(QStringLiteral("expired"), Text::tr("The ID token has already expired"));
    const QJsonValue iat = claims.value(QLatin1String("iat"));
    if (isAbsent(iat))
        return reject(QStringLiteral("missing-iat"), Text::tr("The ID token has no issue time (iat)"));
    const auto issued = numericDateSeconds(iat);
    if (!issued)
        return notADate(QStringLiteral("iat-out-of-range"), QStringLiteral("iat"), iat);
    if (*issued > now + leeway)
        return reject(
            QStringLiteral("iat-in-future"), Text::tr("The ID token claims to be issued in the future"));
    if (*issued + expected.maxIatAgeSeconds + leeway < now) {
        return reject(QStringLiteral("iat-too-old"), Text::tr("The ID token was issued too long ago (iat)"),
            Text::tr("It was issued at %1; an ID token must be issued for this sign-in.")
                .arg(QDateTime::fromSecsSinceEpoch(*issued, Qt::UTC).toString(Qt::ISODate)));
    }
    // OIDC Core §2: not to be accepted before nbf.
    if (const QJsonValue nbf = claims.value(QLatin1String("nbf")); !isAbsent(nbf)) {
        const auto notBefore = numericDateSeconds(nbf);
        if (!notBefore)
            return notADate(QStringLiteral("nbf-out-of-range"), QStringLiteral("nbf"), nbf);
        if (*notBefore > now + leeway)
            return reject(QStringLiteral("nbf-in-future"), Text::tr("The ID token is not valid yet (nbf)"));
    }
    // OIDC Core §3.1.2.1, §3.1.3.7 item 11: with max_age sent, auth_time is required and checked.
    if (expected.maxAgeSeconds >= 0) {
        const QJsonValue authTime = claims.value(QLatin1String("auth_time"));
        if (isAbsent(authTime)) {
            return reject(QStringLiteral("auth-time-missing-with-max-age"),
                Text::tr(
                    "The ID token does not say when the user signed in (auth_time), although the sign-in "
                    "asked for it (max_age)"));
        }
        const auto authenticated = numericDateSeconds(authTime);
        if (!authenticated)
            return notADate(QStringLiteral("auth-time-out-of-range"), QStringLiteral("auth_time"), authTime);
        if (*authenticated + expected.maxAgeSeconds + leeway < now) {
            return reject(QStringLiteral("auth-time-too-old"),
                Text::tr("The user signed in longer ago than the sign-in allowed (auth_time, max_age)"),
                Text::tr("Signed in at %1; max_age was %2 seconds.")
                    .arg(QDateTime::fromSecsSinceEpoch(*authenticated, Qt::UTC).toString(Qt::ISODate))
                    .arg(expected.maxAgeSeconds));
        }
    }

    if (!expected.nonce.isEmpty()) {
        const QJsonValue nonce = claims.value(QLatin1String("nonce"));
        if (!nonce.isString())
            return reject(
                QStringLiteral("nonce-missing"), Text::tr("The ID token lacks the nonce this sign-in sent"));
        if (nonce.toString() != expected.nonce)
            return reject(
                QStringLiteral("nonce-invalid"), Text::tr("The ID token answers another sign-in (nonce)"));
    }
    return {};
}

IdTokenCheck verifyIdTokenSignature(const QString& idToken, const Jwt::JwkSet& jwks,
    const QStringList& expectedAlgorithms, Jwt::VerifyResult* details)
{
    const Jwt::VerifyResult result = Jwt::verify(idToken, jwks, {expectedAlgorithms});
    if (details)
        *details = result;
    if (result.ok())
        return {};
    Error error = result.error;
    error.code = result.caseName;
    return {error};
}

} // namespace Tokenscope::OAuth
