#include "idtokenverification.h"

#include "flowlog.h"
#include "jws.h"
#include "jwt.h"
#include "numericdate.h"
#include "providersignature.h"

#include <QCoreApplication>
#include <QPointer>

#include <algorithm>

namespace Tokenscope::OAuth {

namespace {

// The code flow's translation context: these lines were its own before the device flow shared them.
class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::OAuth::AuthorizationCodeFlow)
};

struct Verification
{
    JwksClient* jwksClient;
    ClientConfig config;
    QString idToken;
    QString nonce;
    QPointer<Http::FlowLog> log;
    QPointer<QObject> context;
    std::function<void(const IdTokenCheck&)> done;
};

// The max_age the authorization request sent, or -1. Only an ID token that answers an authorization
// request (the one that sent the nonce) is held to it: a refreshed ID token keeps the first sign-in's
// auth_time (OIDC Core §12.2), and the device grant sends no authorization request.
qint64 maxAgeSent(const Verification& verification)
{
    if (verification.nonce.isEmpty())
        return -1;
    for (const auto& [name, value] : verification.config.extraAuthorizationParameters) {
        bool ok = false;
        const qint64 seconds = value.toLongLong(&ok);
        // Capped: a max_age of years only means "any sign-in", and a huge one must not overflow the
        // auth_time arithmetic.
        if (name == QLatin1String("max_age") && ok && seconds >= 0)
            return std::min(seconds, lastNumericDate);
    }
    return -1;
}

void checkClaims(const Verification& verification)
{
    IdTokenExpectations expected {verification.config.issuer, verification.config.clientId,
        verification.nonce, QDateTime::currentDateTimeUtc()};
    expected.algorithms = verification.config.idTokenSigningAlgorithms;
    expected.maxAgeSeconds = maxAgeSent(verification);
    const IdTokenCheck check = checkIdTokenClaims(verification.idToken, expected);
    if (check.ok() && verification.log) {
        verification.log->note(verification.nonce.isEmpty()
                ? Text::tr("ID token claims checked (issuer, audience, expiry)")
                : Text::tr("ID token claims checked (issuer, audience, expiry, nonce)"));
    }
    verification.done(check);
}

void verifySignature(Verification verification)
{
    JwksClient* jwksClient = verification.jwksClient;
    const ClientConfig config = verification.config;
    const QString idToken = verification.idToken;
    QObject* context = verification.context;
    const QPointer<Http::FlowLog> log = verification.log;
    const auto beforeRefetch = [log, idToken] {
        if (log) {
            log->note(Text::tr("ID token signed with a key not in the key set (kid “%1”): fetching the JWKS "
                               "again")
                          .arg(Jwt::decode(idToken)->header.value(QLatin1String("kid")).toString()));
        }
    };
    verifyWithProviderKeys(
        jwksClient, config, idToken, context,
        [verification = std::move(verification)](const ProviderSignatureCheck& check) {
            if (!check.keysError.isNull()) {
                verification.done({check.keysError});
                return;
            }
            const Jwt::VerifyResult& details = check.result;
            if (!details.ok()) {
                Error refused = details.error;
                refused.code = details.caseName;
                verification.done({refused});
                return;
            }
            if (verification.log) {
                verification.log->note(
                    Text::tr("ID token signature verified (%1, key %2)")
                        .arg(details.alg, details.keyId.isEmpty() ? details.keyThumbprint : details.keyId));
            }
            checkClaims(verification);
        },
        beforeRefetch);
}

} // namespace

void verifyIdToken(JwksClient* jwksClient, const ClientConfig& config, const QString& idToken,
    const QString& nonce, Http::FlowLog* log, QObject* context, std::function<void(const IdTokenCheck&)> done)
{
    Verification verification {jwksClient, config, idToken, nonce, log, context, std::move(done)};
    if (config.jwksUri.isEmpty()) {
        // Not a failure: environments made before the JWKS URI existed, and providers whose keys the
        // user has not looked up, still sign in; the claims are checked and the log says what was not.
        // (No discovery behind the user's back: the Discover button fills the URI.)
        if (log)
            log->note(Text::tr("ID token signature not checked: no JWKS URI (use Discover)"));
        checkClaims(verification);
        return;
    }
    verifySignature(std::move(verification));
}

} // namespace Tokenscope::OAuth
