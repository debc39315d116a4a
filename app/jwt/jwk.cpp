#include "jwk.h"

#include "opensslhandles.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <openssl/core_names.h>
#include <openssl/err.h>

namespace Tokenscope::Jwt {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Jwt::Jwk)
};

constexpr int minimumRsaBits = 2048; // RFC 7518 §3.3
constexpr int maximumRsaBits = 16384; // beyond this a key only makes verification slow

struct Curve
{
    const char* jwkName;
    int coordinateBytes;
};
constexpr Curve ecCurves[] = {{"P-256", 32}, {"P-384", 48}};

// Strict base64url (RFC 7515 §2): the URL-safe alphabet without padding, as JWK members are written.
std::optional<QByteArray> base64UrlMember(const QJsonObject& object, QLatin1String name, QString* reason)
{
    const QJsonValue value = object.value(name);
    const QString text = value.toString();
    bool valid = value.isString() && !text.isEmpty() && text.size() % 4 != 1;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        valid = valid
            && ((u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'-'
                || u == u'_');
    }
    std::optional<QByteArray> bytes;
    if (valid) {
        auto decoded = QByteArray::fromBase64Encoding(
            text.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        if (decoded && !decoded.decoded.isEmpty())
            bytes = decoded.decoded;
    }
    if (!bytes && reason) {
        *reason = value.isUndefined() ? Text::tr("member “%1” is missing").arg(name)
                                      : Text::tr("member “%1” is not valid base64url").arg(name);
    }
    return bytes;
}

QString openSslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return Text::tr("unknown reason");
    char buffer[256] = {};
    ERR_error_string_n(code, buffer, sizeof buffer);
    return QString::fromLatin1(buffer);
}

Ossl::PKey keyFromParams(const char* type, OSSL_PARAM* params)
{
    Ossl::PKeyCtx context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* key = nullptr;
    if (!context || EVP_PKEY_fromdata_init(context.get()) != 1
        || EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
        return {};
    return Ossl::PKey(key);
}

// A point or modulus that parses may still be unusable (a point off the curve, an even modulus).
bool publicKeyChecks(EVP_PKEY* key)
{
    Ossl::PKeyCtx context(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    return context && EVP_PKEY_public_check(context.get()) == 1;
}

Ossl::PKey rsaKey(const QJsonObject& object, int* bits, QString* reason)
{
    const auto n = base64UrlMember(object, QLatin1String("n"), reason);
    if (!n)
        return {};
    const auto e = base64UrlMember(object, QLatin1String("e"), reason);
    if (!e)
        return {};
    Ossl::BigNum modulus(BN_bin2bn(Ossl::bytes(n->constData()), int(n->size()), nullptr));
    Ossl::BigNum exponent(BN_bin2bn(Ossl::bytes(e->constData()), int(e->size()), nullptr));
    if (!modulus || !exponent) {
        *reason = openSslError();
        return {};
    }
    *bits = BN_num_bits(modulus.get());
    if (*bits < minimumRsaBits || *bits > maximumRsaBits) {
        *reason = Text::tr("an RSA key of %1 bits; %2 to %3 bits are accepted (RFC 7518 §3.3)")
                      .arg(*bits)
                      .arg(minimumRsaBits)
                      .arg(maximumRsaBits);
        return {};
    }
    if (!BN_is_odd(exponent.get()) || BN_is_one(exponent.get()) || BN_num_bits(exponent.get()) > 64) {
        *reason = Text::tr("an RSA key with an unusable public exponent");
        return {};
    }
    Ossl::ParamBuilder builder(OSSL_PARAM_BLD_new());
    if (!builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1
        || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1) {
        *reason = openSslError();
        return {};
    }
    Ossl::Params params(OSSL_PARAM_BLD_to_param(builder.get()));
    Ossl::PKey key = params ? keyFromParams("RSA", params.get()) : Ossl::PKey();
    if (!key)
        *reason = Text::tr("OpenSSL could not load the RSA key: %1").arg(openSslError());
    return key;
}

Ossl::PKey ecKey(const QJsonObject& object, const QString& crv, int* bits, QString* reason)
{
    const Curve* curve = nullptr;
    for (const Curve& candidate : ecCurves) {
        if (crv == QLatin1String(candidate.jwkName))
            curve = &candidate;
    }
    if (!curve) {
        *reason = Text::tr("an EC key on an unsupported curve “%1” (P-256 and P-384 are supported)").arg(crv);
        return {};
    }
    const auto x = base64UrlMember(object, QLatin1String("x"), reason);
    if (!x)
        return {};
    const auto y = base64UrlMember(object, QLatin1String("y"), reason);
    if (!y)
        return {};
    // RFC 7518 §6.2.1.2: each coordinate is the full size of the field, leading zeros included.
    for (const auto& [name, value] : {std::pair {"x", *x}, std::pair {"y", *y}}) {
        if (value.size() != curve->coordinateBytes) {
            *reason = Text::tr("coordinate “%1” has %2 bytes; %3 needs exactly %4")
                          .arg(QLatin1String(name))
                          .arg(value.size())
                          .arg(crv)
                          .arg(curve->coordinateBytes);
            return {};
        }
    }
    *bits = curve->coordinateBytes * 8;
    const QByteArray point = QByteArray(1, '\x04') + *x + *y; // SEC 1 uncompressed point
    QByteArray group = crv.toLatin1();
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group.data(), 0),
        OSSL_PARAM_construct_octet_string(
            OSSL_PKEY_PARAM_PUB_KEY, const_cast<char*>(point.constData()), size_t(point.size())),
        OSSL_PARAM_construct_end(),
    };
    Ossl::PKey key = keyFromParams("EC", params);
    if (!key || !publicKeyChecks(key.get())) {
        ERR_clear_error();
        *reason = Text::tr("the point (x, y) is not on curve %1").arg(crv);
        return {};
    }
    return key;
}

Ossl::PKey okpKey(const QJsonObject& object, const QString& crv, int* bits, QString* reason)
{
    if (crv != QLatin1String("Ed25519")) {
        *reason = Text::tr("an OKP key on an unsupported curve “%1” (Ed25519 is supported)").arg(crv);
        return {};
    }
    const auto x = base64UrlMember(object, QLatin1String("x"), reason);
    if (!x)
        return {};
    if (x->size() != 32) {
        *reason = Text::tr("an Ed25519 key of %1 bytes; it must be 32").arg(x->size());
        return {};
    }
    *bits = 256;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_octet_string(
            OSSL_PKEY_PARAM_PUB_KEY, const_cast<char*>(x->constData()), size_t(x->size())),
        OSSL_PARAM_construct_end(),
    };
    Ossl::PKey key = keyFromParams("ED25519", params);
    if (!key)
        *reason = Text::tr("OpenSSL could not load the Ed25519 key: %1").arg(openSslError());
    return key;
}

// A JSON string as RFC 7638 §3.3 wants it: no whitespace, only the escapes JSON requires.
QByteArray jsonString(const QString& text)
{
    const QByteArray array = QJsonDocument(QJsonArray {text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

} // namespace

QString jwkThumbprint(const QJsonObject& object)
{
    const QString kty = object.value(QLatin1String("kty")).toString();
    QStringList members; // RFC 7638 §3.2: the required members only, in lexicographic order
    if (kty == QLatin1String("RSA"))
        members = {QStringLiteral("e"), QStringLiteral("kty"), QStringLiteral("n")};
    else if (kty == QLatin1String("EC"))
        members = {QStringLiteral("crv"), QStringLiteral("kty"), QStringLiteral("x"), QStringLiteral("y")};
    else if (kty == QLatin1String("OKP"))
        members = {QStringLiteral("crv"), QStringLiteral("kty"), QStringLiteral("x")};
    else
        return {};
    QByteArray canonical = "{";
    for (const QString& member : members) {
        const QJsonValue value = object.value(member);
        if (!value.isString())
            return {};
        if (canonical.size() > 1)
            canonical += ',';
        canonical += jsonString(member) + ':' + jsonString(value.toString());
    }
    canonical += '}';
    return QString::fromLatin1(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<Jwk> parseJwk(const QJsonObject& object, QString* reason)
{
    QString ignored;
    QString& why = reason ? *reason : ignored;
    Jwk jwk;
    const auto optionalString = [&](QLatin1String name, QString* target) {
        const QJsonValue value = object.value(name);
        if (value.isUndefined())
            return true;
        if (!value.isString()) {
            why = Text::tr("member “%1” is not a string").arg(name);
            return false;
        }
        *target = value.toString();
        return true;
    };
    if (!optionalString(QLatin1String("kty"), &jwk.kty) || !optionalString(QLatin1String("kid"), &jwk.kid)
        || !optionalString(QLatin1String("use"), &jwk.use) || !optionalString(QLatin1String("alg"), &jwk.alg)
        || !optionalString(QLatin1String("crv"), &jwk.crv))
        return std::nullopt;

    // RFC 7517 §4.2/§4.3: a key meant for encryption, or not for verifying, is not a signing key.
    if (!jwk.use.isEmpty() && jwk.use != QLatin1String("sig")) {
        why = Text::tr("not a signing key (use “%1”)").arg(jwk.use);
        return std::nullopt;
    }
    const QJsonValue keyOps = object.value(QLatin1String("key_ops"));
    if (!keyOps.isUndefined() && !keyOps.toArray().contains(QJsonValue(QStringLiteral("verify")))) {
        why = Text::tr("not allowed to verify signatures (key_ops)");
        return std::nullopt;
    }

    Ossl::PKey key;
    if (jwk.kty == QLatin1String("RSA")) {
        jwk.crv.clear();
        key = rsaKey(object, &jwk.bits, &why);
    } else if (jwk.kty == QLatin1String("EC")) {
        key = ecKey(object, jwk.crv, &jwk.bits, &why);
    } else if (jwk.kty == QLatin1String("OKP")) {
        key = okpKey(object, jwk.crv, &jwk.bits, &why);
    } else if (jwk.kty == QLatin1String("oct")) {
        // RFC 8725 §3.1: a provider's ID token is checked with its public key, never a shared secret.
        why = Text::tr("a symmetric key (kty “oct”); only public keys are used to verify");
        return std::nullopt;
    } else if (jwk.kty.isEmpty()) {
        why = Text::tr("no key type (kty)");
        return std::nullopt;
    } else {
        why = Text::tr("an unknown key type “%1”").arg(jwk.kty);
        return std::nullopt;
    }
    if (!key)
        return std::nullopt;
    jwk.thumbprint = jwkThumbprint(object);
    jwk.key = std::shared_ptr<evp_pkey_st>(key.release(), EVP_PKEY_free);
    return jwk;
}

JwkSetParse parseJwkSet(const QByteArray& json)
{
    const QString hint = Text::tr("Check the provider's jwks_uri: it must return a JSON object with a "
                                  "“keys” array (RFC 7517 §5).");
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return {std::nullopt,
            {Text::tr("The provider's key set (JWKS) is not valid JSON"), parseError.errorString(), hint}};
    const QJsonValue keys = document.object().value(QLatin1String("keys"));
    if (!document.isObject() || !keys.isArray())
        return {std::nullopt, {Text::tr("The provider's key set (JWKS) has no “keys” array"), {}, hint}};

    JwkSet set;
    const QJsonArray array = keys.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue entry = array.at(i);
        QString reason;
        std::optional<Jwk> jwk;
        if (entry.isObject())
            jwk = parseJwk(entry.toObject(), &reason);
        else
            reason = Text::tr("not a JSON object");
        if (jwk)
            set.keys.append(*jwk);
        else
            set.skipped.append({int(i), entry.toObject().value(QLatin1String("kid")).toString(), reason});
    }
    return {set, {}};
}

} // namespace Tokenscope::Jwt
