#include "signatureverdict.h"

#include "clientconfig.h"
#include "discovery.h"
#include "jwksclient.h"
#include "jws.h"
#include "providersignature.h"
#include "tokenform.h"

#include <QTimer>

#include <memory>

namespace Tokenscope::OAuth {

namespace {

SignatureVerdict notChecked(const QString& summary, const QString& reason = {})
{
    SignatureVerdict verdict;
    verdict.summary = summary;
    verdict.reason = reason;
    return verdict;
}

SignatureVerdict fromResult(const Jwt::VerifyResult& result)
{
    SignatureVerdict verdict;
    verdict.alg = result.alg;
    verdict.error = result.error;
    verdict.reason = result.error.summary;
    switch (result.status) {
    case Jwt::VerifyStatus::Valid:
        verdict.status = VerdictStatus::Valid;
        verdict.keyId = result.keyId;
        verdict.keyThumbprint = result.keyThumbprint;
        verdict.summary = result.keyId.isEmpty()
            ? SignatureVerifier::tr("Valid signature (%1, key with thumbprint %2)")
                  .arg(result.alg, result.keyThumbprint)
            : SignatureVerifier::tr("Valid signature (%1, key “%2”)").arg(result.alg, result.keyId);
        verdict.reason.clear();
        break;
    case Jwt::VerifyStatus::BadSignature:
        verdict.status = VerdictStatus::InvalidSignature;
        verdict.summary
            = SignatureVerifier::tr("Invalid signature: the token was changed or signed by someone else");
        break;
    case Jwt::VerifyStatus::UnknownKid:
        verdict.status = VerdictStatus::UnknownKey;
        verdict.summary
            = SignatureVerifier::tr("Unknown key: the provider does not publish the key that signed the "
                                    "token, also after fetching its key set again");
        break;
    case Jwt::VerifyStatus::NoSuitableKey:
        verdict.status = VerdictStatus::UnsupportedAlgorithm;
        verdict.summary
            = SignatureVerifier::tr("Not checked: no published key fits the algorithm %1").arg(result.alg);
        break;
    case Jwt::VerifyStatus::AlgorithmRefused:
        if (result.caseName == QLatin1String("alg-none") || result.caseName == QLatin1String("null-alg")) {
            verdict.status = VerdictStatus::AlgNone;
            verdict.summary
                = SignatureVerifier::tr("Not signed: the token says alg “none” or names no algorithm");
        } else if (result.alg.startsWith(QLatin1String("HS"))) {
            verdict.status = VerdictStatus::SharedSecret;
            verdict.summary = SignatureVerifier::tr(
                "Not checked: %1 is a shared-secret signature, which the provider's public "
                "keys cannot check")
                                  .arg(result.alg);
        } else {
            verdict.status = VerdictStatus::UnsupportedAlgorithm;
            verdict.summary
                = SignatureVerifier::tr("Not checked: unsupported algorithm “%1”").arg(result.alg);
        }
        break;
    case Jwt::VerifyStatus::Malformed:
        verdict.status = VerdictStatus::Malformed;
        verdict.summary = SignatureVerifier::tr("Not checked: the token cannot be verified as it is");
        break;
    }
    return verdict;
}

// Before any key is needed: the form, alg "none", HS*, an unknown algorithm and crit say all there is.
std::optional<SignatureVerdict> verdictWithoutKeys(const Jwt::ParsedToken& token)
{
    switch (token.form) {
    case Jwt::TokenForm::Empty:
        return notChecked(SignatureVerifier::tr("Not checked: there is no token."));
    case Jwt::TokenForm::Opaque:
        return notChecked(SignatureVerifier::tr("Not checked: an opaque token has no signature to check."),
            SignatureVerifier::tr("Only the provider can tell whether it is valid: use Introspect."));
    case Jwt::TokenForm::Jwe:
        return notChecked(SignatureVerifier::tr("Not checked: the token is encrypted (JWE)."),
            SignatureVerifier::tr("Only its recipient can decrypt it and check what is inside."));
    case Jwt::TokenForm::NestedJwt:
        return notChecked(SignatureVerifier::tr("Not checked: the token is a nested JWT."),
            SignatureVerifier::tr("It wraps another token; Tokenscope does not unwrap nested tokens."));
    case Jwt::TokenForm::Jws:
        break;
    }
    const Jwt::VerifyResult result = Jwt::verify(token.token, Jwt::JwkSet {});
    if (result.status != Jwt::VerifyStatus::AlgorithmRefused && result.status != Jwt::VerifyStatus::Malformed)
        return std::nullopt;
    return fromResult(result);
}

SignatureVerdict keysUnavailable(const Error& error)
{
    SignatureVerdict verdict;
    verdict.status = VerdictStatus::KeysUnavailable;
    verdict.summary = SignatureVerifier::tr("Not checked: the provider's keys could not be fetched");
    verdict.reason = error.summary;
    verdict.error = error;
    return verdict;
}

void answerLater(QObject* context, SignatureVerifier::Handler handler, const SignatureVerdict& verdict)
{
    // Asynchronous in every case, so that callers need one code path.
    QTimer::singleShot(0, context, [handler = std::move(handler), verdict] { handler(verdict); });
}

} // namespace

KeySource KeySource::fromConfig(const ClientConfig& config)
{
    return {config.jwksUri, config.issuer, config.trustedCertificates};
}

SignatureVerifier::SignatureVerifier(Http::NetworkClient* network, JwksClient* jwksClient, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_jwksClient(jwksClient)
    , m_discovery(new Discovery(network, this))
{ }

void SignatureVerifier::verify(
    const QString& token, const KeySource& source, QObject* context, Handler handler)
{
    const Jwt::ParsedToken parsed = Jwt::parseToken(token);
    if (const auto early = verdictWithoutKeys(parsed)) {
        answerLater(context, std::move(handler), *early);
        return;
    }
    if (!source.jwksUri.isEmpty()) {
        verifyWithKeys(parsed.token, source.jwksUri, source, {}, context, std::move(handler));
        return;
    }
    if (source.issuer.trimmed().isEmpty()) {
        answerLater(context, std::move(handler),
            notChecked(tr("Not checked: no key source"),
                tr("Enter the provider's JWKS URL or its issuer, or set the environment's JWKS URI "
                   "(Discover).")));
        return;
    }
    m_discovery->setTrustedCertificates(source.trustedCertificates);
    m_discovery->discover(source.issuer, context,
        [this, token = parsed.token, source, context, handler = std::move(handler)](
            const DiscoveryOutcome& outcome) mutable {
            if (!outcome.ok()) {
                handler(keysUnavailable(outcome.error));
                return;
            }
            if (outcome.metadata->jwksUri.isEmpty()) {
                handler(keysUnavailable({tr("The provider's metadata names no key set (jwks_uri)"), {}, {},
                    QStringLiteral("missing_jwks_uri")}));
                return;
            }
            verifyWithKeys(token, outcome.metadata->jwksUri, source, outcome.metadata->issuer, context,
                std::move(handler));
        });
}

void SignatureVerifier::verifyWithKeys(const QString& token, const QUrl& jwksUri, const KeySource& source,
    const QString& discoveredIssuer, QObject* context, Handler handler)
{
    ClientConfig config;
    config.jwksUri = jwksUri;
    config.trustedCertificates = source.trustedCertificates;
    const auto fetchedAgain = std::make_shared<bool>(false);
    verifyWithProviderKeys(
        m_jwksClient, config, token, context,
        [handler = std::move(handler), jwksUri, discoveredIssuer, fetchedAgain](
            const ProviderSignatureCheck& check) {
            SignatureVerdict verdict
                = check.keysError.isNull() ? fromResult(check.result) : keysUnavailable(check.keysError);
            verdict.jwksUri = jwksUri;
            verdict.discoveredIssuer = discoveredIssuer;
            verdict.keysFetchedAgain = *fetchedAgain;
            handler(verdict);
        },
        [fetchedAgain] { *fetchedAgain = true; });
}

} // namespace Tokenscope::OAuth
