#include "idtokenverification.h"

#include "flowlog.h"
#include "jwksclient.h"
#include "jws.h"
#include "jwt.h"

#include <QCoreApplication>
#include <QPointer>

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

void checkClaims(const Verification& verification)
{
    const IdTokenCheck check = checkIdTokenClaims(verification.idToken,
        {verification.config.issuer, verification.config.clientId, verification.nonce,
            QDateTime::currentDateTimeUtc()});
    if (check.ok() && verification.log) {
        verification.log->note(verification.nonce.isEmpty()
                ? Text::tr("ID token claims checked (issuer, audience, expiry)")
                : Text::tr("ID token claims checked (issuer, audience, expiry, nonce)"));
    }
    verification.done(check);
}

void verifySignature(Verification verification, bool keysFetchedAgain)
{
    const auto fetch = keysFetchedAgain ? JwksClient::Fetch::Again : JwksClient::Fetch::CachedOrNew;
    JwksClient* jwksClient = verification.jwksClient;
    QObject* context = verification.context;
    const QUrl jwksUri = verification.config.jwksUri;
    const QStringList trusted = verification.config.trustedCertificates;
    jwksClient->keys(jwksUri, trusted, fetch, context,
        [verification = std::move(verification), keysFetchedAgain](const JwksOutcome& keys) {
            if (!keys.ok()) {
                verification.done({keys.error});
                return;
            }
            Jwt::VerifyResult details;
            // RFC 8725 §3.1: the allow-list of asymmetric algorithms (never none, never HS*) applies.
            const IdTokenCheck check = verifyIdTokenSignature(verification.idToken, *keys.keys, {}, &details);
            if (!check.ok()) {
                // OIDC Core §10.1.1: an unknown kid may be a rotated key; fetch the set once more.
                if (details.shouldRefetchKeys() && !keysFetchedAgain) {
                    if (verification.log) {
                        verification.log->note(
                            Text::tr("ID token signed with a key not in the key set (kid “%1”): fetching "
                                     "the JWKS again")
                                .arg(Jwt::decode(verification.idToken)
                                         ->header.value(QLatin1String("kid"))
                                         .toString()));
                    }
                    verifySignature(verification, true);
                    return;
                }
                verification.done(check);
                return;
            }
            if (verification.log) {
                verification.log->note(
                    Text::tr("ID token signature verified (%1, key %2)")
                        .arg(details.alg, details.keyId.isEmpty() ? details.keyThumbprint : details.keyId));
            }
            checkClaims(verification);
        });
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
    verifySignature(std::move(verification), false);
}

} // namespace Tokenscope::OAuth
