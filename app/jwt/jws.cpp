#include "jws.h"

#include "opensslhandles.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <openssl/err.h>
#include <openssl/rsa.h>

namespace Tokenscope::Jwt {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Jwt::Jws)
};

enum class Family { RsaPkcs1, RsaPss, Ecdsa, EdDsa };

struct Algorithm
{
    const char* name;
    Family family;
    const char* digest; // OpenSSL digest name; none for EdDSA
    const char* curve; // the JWK crv the key must have; none for RSA
    int signatureBytes; // exact size for ECDSA (r‖s) and EdDSA; RSA: the modulus size
};

// RFC 7518 §3.1 and RFC 8037 §3.1. HS* is absent on purpose: a provider's keys are public.
constexpr Algorithm algorithms[] = {
    {"RS256", Family::RsaPkcs1, "SHA256", nullptr, 0},
    {"RS384", Family::RsaPkcs1, "SHA384", nullptr, 0},
    {"RS512", Family::RsaPkcs1, "SHA512", nullptr, 0},
    {"PS256", Family::RsaPss, "SHA256", nullptr, 0},
    {"PS384", Family::RsaPss, "SHA384", nullptr, 0},
    {"PS512", Family::RsaPss, "SHA512", nullptr, 0},
    {"ES256", Family::Ecdsa, "SHA256", "P-256", 64},
    {"ES384", Family::Ecdsa, "SHA384", "P-384", 96},
    {"EdDSA", Family::EdDsa, nullptr, "Ed25519", 64},
};

const Algorithm* findAlgorithm(const QString& name)
{
    for (const Algorithm& algorithm : algorithms) {
        if (name == QLatin1String(algorithm.name))
            return &algorithm;
    }
    return nullptr;
}

QString keyName(const Jwk& key)
{
    return key.kid.isEmpty() ? Text::tr("without kid (thumbprint %1)").arg(key.thumbprint)
                             : QStringLiteral("“%1”").arg(key.kid);
}

VerifyResult fail(VerifyStatus status, const QString& caseName, const QString& alg, const QString& summary,
    const QString& detail, const QString& hint)
{
    return {status, caseName, {summary, detail, hint}, alg, {}, {}};
}

// Why the key cannot check this algorithm's signature; empty when it can.
QString misfit(const Algorithm& algorithm, const Jwk& key, const QString& alg)
{
    const QString neededKty = algorithm.family == Family::Ecdsa ? QStringLiteral("EC")
        : algorithm.family == Family::EdDsa                     ? QStringLiteral("OKP")
                                                                : QStringLiteral("RSA");
    if (key.kty != neededKty)
        return Text::tr("Key %1 is a %2 key; %3 needs a %4 key.").arg(keyName(key), key.kty, alg, neededKty);
    if (algorithm.curve && key.crv != QLatin1String(algorithm.curve)) {
        return Text::tr("Key %1 is on curve %2; %3 needs %4.")
            .arg(keyName(key), key.crv, alg, QLatin1String(algorithm.curve));
    }
    // RFC 7517 §4.4: a key that names its algorithm is used with that algorithm only.
    if (!key.alg.isEmpty() && key.alg != alg)
        return Text::tr("Key %1 is published for %2 only; the token says %3.")
            .arg(keyName(key), key.alg, alg);
    return {};
}

// JOSE carries ECDSA signatures as r‖s, each the size of the curve order (RFC 7518 §3.4); OpenSSL
// verifies the DER SEQUENCE of two INTEGERs.
QByteArray rawToDer(QByteArrayView raw)
{
    const int half = int(raw.size() / 2);
    Ossl::BigNum r(BN_bin2bn(Ossl::bytes(raw.data()), half, nullptr));
    Ossl::BigNum s(BN_bin2bn(Ossl::bytes(raw.data()) + half, half, nullptr));
    Ossl::EcdsaSig signature(ECDSA_SIG_new());
    if (!r || !s || !signature || ECDSA_SIG_set0(signature.get(), r.get(), s.get()) != 1)
        return {};
    // The signature owns r and s now.
    static_cast<void>(r.release());
    static_cast<void>(s.release());
    const int size = i2d_ECDSA_SIG(signature.get(), nullptr);
    if (size <= 0)
        return {};
    QByteArray der(size, '\0');
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    if (i2d_ECDSA_SIG(signature.get(), &out) != size)
        return {};
    return der;
}

bool signatureMatches(
    const Algorithm& algorithm, EVP_PKEY* key, QByteArrayView input, QByteArrayView signature)
{
    QByteArray der;
    if (algorithm.family == Family::Ecdsa) {
        der = rawToDer(signature);
        if (der.isEmpty())
            return false;
        signature = der;
    }
    Ossl::MdCtx context(EVP_MD_CTX_new());
    EVP_PKEY_CTX* keyContext = nullptr; // owned by context
    bool ok = context
        && EVP_DigestVerifyInit_ex(
               context.get(), &keyContext, algorithm.digest, nullptr, nullptr, key, nullptr)
            == 1;
    if (ok && algorithm.family == Family::RsaPkcs1)
        ok = EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PADDING) == 1;
    if (ok && algorithm.family == Family::RsaPss) {
        // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash output.
        ok = EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) == 1
            && EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, RSA_PSS_SALTLEN_DIGEST) == 1;
    }
    ok = ok
        && EVP_DigestVerify(context.get(), Ossl::bytes(signature.data()), size_t(signature.size()),
               Ossl::bytes(input.data()), size_t(input.size()))
            == 1;
    // Leave no failure behind in this thread's queue for Qt's TLS code to trip over.
    ERR_clear_error();
    return ok;
}

} // namespace

QStringList supportedAlgorithms()
{
    QStringList names;
    for (const Algorithm& algorithm : algorithms)
        names << QLatin1String(algorithm.name);
    return names;
}

VerifyResult verify(const QString& compact, const JwkSet& keys, const VerifyOptions& options)
{
    const auto jwt = decode(compact);
    if (!jwt) {
        return fail(VerifyStatus::Malformed, QStringLiteral("malformed"), {},
            Text::tr("The token is not a readable JWS"),
            Text::tr("A signed token has three base64url parts separated by dots, the first two JSON "
                     "objects (RFC 7515 §7.1)."),
            Text::tr("Check that the whole token was copied, without quotes or line breaks."));
    }
    return verify(*jwt, keys, options);
}

VerifyResult verify(const DecodedJwt& jwt, const JwkSet& keys, const VerifyOptions& options)
{
    const QJsonValue algValue = jwt.header.value(QLatin1String("alg"));
    const QString alg = algValue.toString();
    const QString algHint = Text::tr("Tokenscope accepts tokens signed with the provider's private key only: "
                                     "%1. Check the signing algorithm configured for this client at the "
                                     "provider.")
                                .arg(supportedAlgorithms().join(QStringLiteral(", ")));
    // RFC 8725 §3.1: an unsigned token is never accepted, whatever its header says.
    if (!algValue.isString() || alg.isEmpty()) {
        return fail(VerifyStatus::AlgorithmRefused, QStringLiteral("null-alg"), alg,
            Text::tr("The token names no signing algorithm (alg)"), {}, algHint);
    }
    if (alg.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0) {
        return fail(VerifyStatus::AlgorithmRefused, QStringLiteral("alg-none"), alg,
            Text::tr("The token is not signed (alg “%1”)").arg(alg),
            Text::tr("An unsigned token proves nothing about who issued it."), algHint);
    }
    if (alg.startsWith(QLatin1String("HS"))) {
        // RFC 8725 §2.1: checking HS256 with the provider's public key as the secret would let anyone
        // who has that (public) key forge tokens.
        return fail(VerifyStatus::AlgorithmRefused, QStringLiteral("alternate-alg"), alg,
            Text::tr("The token is signed with a shared secret (%1), not with the provider's key").arg(alg),
            Text::tr("A shared-secret signature cannot be checked against the provider's public keys; "
                     "using a public key as the secret would let anyone forge tokens."),
            algHint);
    }
    const Algorithm* algorithm = findAlgorithm(alg);
    if (!algorithm) {
        return fail(VerifyStatus::AlgorithmRefused, QStringLiteral("alternate-alg"), alg,
            Text::tr("The token uses an unsupported signing algorithm “%1”").arg(alg), {}, algHint);
    }
    if (!options.allowedAlgorithms.isEmpty() && !options.allowedAlgorithms.contains(alg)) {
        return fail(VerifyStatus::AlgorithmRefused, QStringLiteral("alternate-alg"), alg,
            Text::tr("The token is signed with %1, but %2 is expected")
                .arg(alg, options.allowedAlgorithms.join(QStringLiteral(", "))),
            {},
            Text::tr("If the provider changed its signing algorithm on purpose, update the expected "
                     "algorithm of this environment; otherwise do not trust this token."));
    }
    // RFC 7515 §4.1.11: extensions marked critical must be understood, and this client knows none.
    if (jwt.header.contains(QLatin1String("crit"))) {
        QStringList names;
        for (const QJsonValue& name : jwt.header.value(QLatin1String("crit")).toArray())
            names << name.toString();
        return fail(VerifyStatus::Malformed, QStringLiteral("crit-unsupported"), alg,
            Text::tr("The token requires extensions Tokenscope does not support (crit: %1)")
                .arg(names.join(QStringLiteral(", "))),
            {}, Text::tr("Configure the provider to issue plain signed tokens for this client."));
    }
    const QJsonValue kidValue = jwt.header.value(QLatin1String("kid"));
    if (!kidValue.isUndefined() && !kidValue.isString()) {
        return fail(VerifyStatus::Malformed, QStringLiteral("malformed"), alg,
            Text::tr("The token's key ID (kid) is not a string"), {},
            Text::tr("The token does not follow RFC 7515 §4.1.4; do not trust it."));
    }
    const bool hasKid = kidValue.isString();
    const QString kid = kidValue.toString();

    // A token with a kid is checked with that key only (RFC 7515 §4.1.4); without one, with each key
    // that fits the algorithm (OIDC Core §10.1).
    QList<const Jwk*> candidates;
    QStringList misfits;
    bool kidKnown = false;
    for (const Jwk& key : keys.keys) {
        if (hasKid && key.kid != kid)
            continue;
        kidKnown = true;
        const QString why = misfit(*algorithm, key, alg);
        if (why.isEmpty())
            candidates << &key;
        else
            misfits << why;
    }
    if (hasKid && !kidKnown) {
        for (const SkippedJwk& skipped : keys.skipped) {
            if (skipped.kid == kid) {
                kidKnown = true;
                misfits << Text::tr("Key “%1” cannot be used: %2.").arg(kid, skipped.reason);
            }
        }
    }
    if (hasKid && !kidKnown) {
        QStringList known;
        for (const Jwk& key : keys.keys)
            known << (key.kid.isEmpty() ? key.thumbprint : key.kid);
        return fail(VerifyStatus::UnknownKid, QStringLiteral("signing-key-rotation"), alg,
            Text::tr("The token is signed with a key the provider does not publish (kid “%1”)").arg(kid),
            known.isEmpty() ? Text::tr("The key set is empty.")
                            : Text::tr("Published keys: %1.").arg(known.join(QStringLiteral(", "))),
            Text::tr("The provider may have rotated its keys: fetch its key set (JWKS) again. If the key is "
                     "still missing, the token does not come from this provider."));
    }
    if (candidates.isEmpty()) {
        return fail(VerifyStatus::NoSuitableKey, QStringLiteral("no-suitable-key"), alg,
            Text::tr("No key in the provider's key set can check this %1 signature").arg(alg),
            misfits.isEmpty() ? Text::tr("The key set has no usable signing keys.")
                              : misfits.join(QLatin1Char(' ')),
            Text::tr("Check the provider's JWKS: it must publish a signing key (use “sig”) that fits %1.")
                .arg(alg));
    }

    const QString badSigHint = Text::tr("The token was changed after it was signed, or was signed by "
                                        "someone else. Do not use it; check that the issuer and the key "
                                        "set (JWKS) of this environment belong to the same provider.");
    // JWA fixes the signature's size; a DER-encoded ECDSA signature (70-72 bytes for ES256) is refused
    // rather than guessed at.
    if (algorithm->signatureBytes && jwt.signature.size() != algorithm->signatureBytes) {
        return fail(VerifyStatus::BadSignature, QStringLiteral("bad-sig"), alg,
            Text::tr("The token's signature has the wrong size for %1").arg(alg),
            Text::tr("%1 signatures are exactly %2 bytes (RFC 7518 §3.4, RFC 8037 §3.1); this one has %3. "
                     "An ECDSA signature in DER form instead of r‖s is a common cause.")
                .arg(alg)
                .arg(algorithm->signatureBytes)
                .arg(jwt.signature.size()),
            badSigHint);
    }
    QStringList tried;
    for (const Jwk* key : std::as_const(candidates)) {
        tried << keyName(*key);
        // RSA signatures are exactly as long as the modulus (RFC 8017 §8.2.2).
        if (!algorithm->signatureBytes && jwt.signature.size() != EVP_PKEY_get_size(key->key.get()))
            continue;
        if (signatureMatches(*algorithm, key->key.get(), jwt.signingInput, jwt.signature))
            return {VerifyStatus::Valid, {}, {}, alg, key->kid, key->thumbprint};
    }
    return fail(VerifyStatus::BadSignature, QStringLiteral("bad-sig"), alg,
        Text::tr("The token's signature does not match the provider's key"),
        Text::tr("Checked %1 (%2 bytes) against key(s) %3.")
            .arg(alg)
            .arg(jwt.signature.size())
            .arg(tried.join(QStringLiteral(", "))),
        badSigHint);
}

} // namespace Tokenscope::Jwt
