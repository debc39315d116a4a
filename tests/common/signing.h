#pragma once

// Keys made in the test, and the tokens, key sets and signatures a provider would make with them: the
// OpenSSL side of the JWS, client assertion and ID token tests. Link OpenSSL::Crypto to use it.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace Tokenscope::Tests::Signing {

template<auto Free>
struct Deleter
{
    template<typename T>
    void operator()(T* pointer) const noexcept
    {
        Free(pointer);
    }
};
using PKey = std::unique_ptr<EVP_PKEY, Deleter<&EVP_PKEY_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Deleter<&EVP_MD_CTX_free>>;
using BigNum = std::unique_ptr<BIGNUM, Deleter<&BN_free>>;
using EcdsaSig = std::unique_ptr<ECDSA_SIG, Deleter<&ECDSA_SIG_free>>;
using Bio = std::unique_ptr<BIO, Deleter<&BIO_free>>;

inline unsigned char* bytes(QByteArray& array)
{
    return reinterpret_cast<unsigned char*>(array.data());
}

inline const unsigned char* bytes(const QByteArray& array)
{
    return reinterpret_cast<const unsigned char*>(array.constData());
}

inline QString b64(const QByteArray& data)
{
    return QString::fromLatin1(data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

inline QByteArray unb64(const QString& text)
{
    return QByteArray::fromBase64(text.toLatin1(), QByteArray::Base64UrlEncoding);
}

// One part of a compact JWS: the object as compact JSON, base64url.
inline QString part(const QJsonObject& object)
{
    return b64(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

inline PKey rsaKey(int bits = 2048)
{
    return PKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(bits)));
}

// curve: "P-256" or "P-384".
inline PKey ecKey(const char* curve)
{
    return PKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve));
}

inline PKey ed25519Key()
{
    return PKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
}

// What a memory BIO holds.
inline QByteArray contents(BIO* bio)
{
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, qsizetype(size));
}

// The private key as unencrypted PKCS#8 PEM, as a user would paste it.
inline QByteArray privatePem(EVP_PKEY* key)
{
    const Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
    return contents(bio.get());
}

// The public key as PEM: what an attacker uses as the HMAC secret in the RS→HS confusion attack.
inline QByteArray publicPem(EVP_PKEY* key)
{
    const Bio bio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PUBKEY(bio.get(), key);
    return contents(bio.get());
}

// A big-endian key parameter; size > 0 pads it to that many bytes (EC coordinates).
inline QByteArray bigNumParam(EVP_PKEY* key, const char* name, int size = 0)
{
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1)
        return {};
    const BigNum value(raw);
    QByteArray out(size ? size : BN_num_bytes(value.get()), '\0');
    BN_bn2binpad(value.get(), bytes(out), int(out.size()));
    return out;
}

// The public JWK of a generated RSA, EC or Ed25519 key, as a provider would publish it.
inline QJsonObject publicJwk(EVP_PKEY* key, const QString& kid)
{
    QJsonObject jwk {{QStringLiteral("kid"), kid}, {QStringLiteral("use"), QStringLiteral("sig")}};
    if (EVP_PKEY_is_a(key, "RSA")) {
        jwk.insert(QStringLiteral("kty"), QStringLiteral("RSA"));
        jwk.insert(QStringLiteral("n"), b64(bigNumParam(key, OSSL_PKEY_PARAM_RSA_N)));
        jwk.insert(QStringLiteral("e"), b64(bigNumParam(key, OSSL_PKEY_PARAM_RSA_E)));
    } else if (EVP_PKEY_is_a(key, "EC")) {
        const int size = EVP_PKEY_get_bits(key) / 8;
        jwk.insert(QStringLiteral("kty"), QStringLiteral("EC"));
        jwk.insert(QStringLiteral("crv"), size == 32 ? QStringLiteral("P-256") : QStringLiteral("P-384"));
        jwk.insert(QStringLiteral("x"), b64(bigNumParam(key, OSSL_PKEY_PARAM_EC_PUB_X, size)));
        jwk.insert(QStringLiteral("y"), b64(bigNumParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, size)));
    } else {
        QByteArray x(32, '\0');
        size_t length = size_t(x.size());
        EVP_PKEY_get_raw_public_key(key, bytes(x), &length);
        jwk.insert(QStringLiteral("kty"), QStringLiteral("OKP"));
        jwk.insert(QStringLiteral("crv"), QStringLiteral("Ed25519"));
        jwk.insert(QStringLiteral("x"), b64(x));
    }
    return jwk;
}

inline QByteArray jwks(const QJsonArray& keys)
{
    return QJsonDocument(QJsonObject {{QStringLiteral("keys"), keys}}).toJson(QJsonDocument::Compact);
}

// How an ECDSA signature is laid out: r‖s as JWS wants it (RFC 7518 §3.4), or OpenSSL's DER.
enum class EcdsaForm { Raw, Der };

// Signs as a provider would for alg: PKCS#1 v1.5, PSS (salt = hash length), ECDSA (r‖s), Ed25519.
inline QByteArray sign(
    const QString& alg, EVP_PKEY* key, const QByteArray& input, EcdsaForm form = EcdsaForm::Raw)
{
    const char* digest = alg.endsWith(QLatin1String("256")) ? "SHA256"
        : alg.endsWith(QLatin1String("384"))                ? "SHA384"
        : alg.endsWith(QLatin1String("512"))                ? "SHA512"
                                                            : nullptr;
    const MdCtx context(EVP_MD_CTX_new());
    EVP_PKEY_CTX* keyContext = nullptr;
    if (EVP_DigestSignInit_ex(context.get(), &keyContext, digest, nullptr, nullptr, key, nullptr) != 1)
        return {};
    if (alg.startsWith(QLatin1String("PS"))) {
        EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, RSA_PSS_SALTLEN_DIGEST);
    }
    size_t length = 0;
    EVP_DigestSign(context.get(), nullptr, &length, bytes(input), size_t(input.size()));
    QByteArray signature(qsizetype(length), '\0');
    if (EVP_DigestSign(context.get(), bytes(signature), &length, bytes(input), size_t(input.size())) != 1)
        return {};
    signature.resize(qsizetype(length));
    if (!alg.startsWith(QLatin1String("ES")) || form == EcdsaForm::Der)
        return signature;
    const unsigned char* der = bytes(signature);
    const EcdsaSig parsed(d2i_ECDSA_SIG(nullptr, &der, long(signature.size())));
    const int half = EVP_PKEY_get_bits(key) / 8;
    QByteArray raw(2 * half, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(parsed.get()), bytes(raw), half);
    BN_bn2binpad(ECDSA_SIG_get0_s(parsed.get()), bytes(raw) + half, half);
    return raw;
}

inline QByteArray signRs256(EVP_PKEY* key, const QByteArray& input)
{
    return sign(QStringLiteral("RS256"), key, input);
}

// A compact JWS (RS256, kid) over claims.
inline QString signedJwt(EVP_PKEY* key, const QString& kid, const QJsonObject& claims)
{
    const QString input
        = part({{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("kid"), kid}})
        + QLatin1Char('.') + part(claims);
    return input + QLatin1Char('.') + b64(signRs256(key, input.toLatin1()));
}

} // namespace Tokenscope::Tests::Signing
