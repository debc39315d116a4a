#include "refreshedidtoken.h"

#include "flowlog.h"
#include "idtokenverification.h"
#include "jwt.h"

#include <QCoreApplication>

namespace Tokenscope::OAuth {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::RefreshedIdToken)
};

// The audiences as a set: a refreshed ID token may list the same ones in another order.
QStringList sortedAudiences(const QJsonObject& claims)
{
    QStringList list = Jwt::audiences(claims);
    list.sort();
    return list;
}

QString claimText(const QJsonObject& claims, const QString& name)
{
    if (name == QLatin1String("aud"))
        return sortedAudiences(claims).join(QStringLiteral(", "));
    return claims.value(name).toString();
}

} // namespace

void checkRefreshedIdToken(JwksClient* jwksClient, const ClientConfig& config, const QString& original,
    const QString& refreshed, Http::FlowLog* log, QObject* context, std::function<void(const Error&)> done)
{
    const auto refreshedJwt = Jwt::decode(refreshed);
    const auto originalJwt = Jwt::decode(original);
    if (!refreshedJwt) {
        done({Text::tr("The refreshed ID token is not a JWT"), {}, {}});
        return;
    }
    if (originalJwt) {
        // OIDC Core §12.2: a refreshed ID token is about the same user, from the same issuer, for the
        // same client as the original.
        for (const QString& claim :
            {QStringLiteral("iss"), QStringLiteral("sub"), QStringLiteral("aud"), QStringLiteral("azp")}) {
            const bool same = claim == QLatin1String("aud")
                ? sortedAudiences(refreshedJwt->payload) == sortedAudiences(originalJwt->payload)
                : refreshedJwt->payload.value(claim) == originalJwt->payload.value(claim);
            if (!same) {
                done({Text::tr("The refreshed ID token has another “%1” than the original").arg(claim),
                    Text::tr("Original: “%1”; refreshed: “%2”.")
                        .arg(claimText(originalJwt->payload, claim), claimText(refreshedJwt->payload, claim)),
                    {}});
                return;
            }
        }
    } else if (log) {
        log->note(Text::tr("Refreshed ID token: no earlier ID token in this session to compare it with"));
    }
    if (!jwksClient) {
        done({Text::tr("The refreshed ID token cannot be checked"), {}, {}});
        return;
    }
    // OIDC Core §12.2: otherwise checked as at sign-in, signature and claims, by the same code (no nonce: a
    // refreshed ID token need not carry one).
    verifyIdToken(jwksClient, config, refreshed, {}, log, context, [done](const IdTokenCheck& check) {
        if (check.ok())
            done({});
        else
            done({Text::tr("The refreshed ID token was refused: %1").arg(check.error.summary),
                check.error.detail, {}});
    });
}

} // namespace Tokenscope::OAuth
