#pragma once

// Keys and RS256 signatures made in the test, for tokens and answers a provider would sign (a small part
// of tests/jwt/tst_jws.cpp). Link OpenSSL::Crypto to use it.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

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

inline const unsigned char* bytes(const QByteArray& array)
{
    return reinterpret_cast<const unsigned char*>(array.constData());
}

inline QString b64(const QByteArray& data)
{
    return QString::fromLatin1(data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

inline QString part(const QJsonObject& object)
{
    return b64(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

inline QByteArray bigNumParam(EVP_PKEY* key, const char* name)
{
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1)
        return {};
    const BigNum value(raw);
    QByteArray out(BN_num_bytes(value.get()), '\0');
    BN_bn2bin(value.get(), reinterpret_cast<unsigned char*>(out.data()));
    return out;
}

inline QJsonObject publicJwk(EVP_PKEY* key, const QString& kid)
{
    return {{QStringLiteral("kty"), QStringLiteral("RSA")}, {QStringLiteral("kid"), kid},
        {QStringLiteral("use"), QStringLiteral("sig")},
        {QStringLiteral("n"), b64(bigNumParam(key, OSSL_PKEY_PARAM_RSA_N))},
        {QStringLiteral("e"), b64(bigNumParam(key, OSSL_PKEY_PARAM_RSA_E))}};
}

inline QByteArray signRs256(EVP_PKEY* key, const QByteArray& input)
{
    const MdCtx context(EVP_MD_CTX_new());
    if (EVP_DigestSignInit_ex(context.get(), nullptr, "SHA256", nullptr, nullptr, key, nullptr) != 1)
        return {};
    size_t length = 0;
    EVP_DigestSign(context.get(), nullptr, &length, bytes(input), size_t(input.size()));
    QByteArray signature(qsizetype(length), '\0');
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
            bytes(input), size_t(input.size()))
        != 1)
        return {};
    signature.resize(qsizetype(length));
    return signature;
}

inline PKey rsaKey()
{
    return PKey(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048)));
}

// A compact JWS (RS256, kid) over claims.
inline QString signedJwt(EVP_PKEY* key, const QString& kid, const QJsonObject& claims)
{
    const QString input
        = part({{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("kid"), kid}})
        + QLatin1Char('.') + part(claims);
    return input + QLatin1Char('.') + b64(signRs256(key, input.toLatin1()));
}

inline QByteArray jwks(const QJsonArray& keys)
{
    return QJsonDocument(QJsonObject {{QStringLiteral("keys"), keys}}).toJson(QJsonDocument::Compact);
}

} // namespace Tokenscope::Tests::Signing
