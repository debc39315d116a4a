#include "idtoken.h"

#include "jws.h"
#include "jwt.h"

#include <QCoreApplication>

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

    const QJsonValue exp = claims.value(QLatin1String("exp"));
    if (!exp.isDouble())
        return reject(QStringLiteral("missing-exp"), Text::tr("The ID token has no expiry (exp)"));
    const qint64 now = expected.now.toSecsSinceEpoch();
    if (qint64(exp.toDouble()) + expected.leewaySeconds < now)
        return reject(QStringLiteral("expired"), Text::tr("The ID token has already expired"));
    const QJsonValue iat = claims.value(QLatin1String("iat"));
    if (!iat.isDouble())
        return reject(QStringLiteral("missing-iat"), Text::tr("The ID token has no issue time (iat)"));
    if (qint64(iat.toDouble()) > now + expected.leewaySeconds)
        return reject(
            QStringLiteral("iat-in-future"), Text::tr("The ID token claims to be issued in the future"));

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
