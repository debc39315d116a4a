#include "jwssign.h"

#include "opensslhandles.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>

#include <atomic>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>

namespace Tokenscope::Jwt {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Jwt::JwsSign)
};

using Bio = std::unique_ptr<BIO, Ossl::Deleter<&BIO_free>>;

std::atomic<quint64> pemParses {0};

QByteArray base64Url(const QByteArray& data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QString openSslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return {};
    char buffer[256] = {};
    ERR_error_string_n(code, buffer, sizeof buffer);
    return QString::fromLatin1(buffer);
}

// Never let OpenSSL ask for a passphrase on a terminal: an encrypted key is refused instead.
int noPassphrase(char*, int, int, void*)
{
    return -1;
}

QString groupName(EVP_PKEY* key)
{
    char name[64] = {};
    size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &length) != 1)
        return {};
    return QString::fromLatin1(name, qsizetype(length));
}

QByteArray bigNumParam(EVP_PKEY* key, const char* name, int padTo = 0)
{
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &raw) != 1)
        return {};
    const Ossl::BigNum number(raw);
    const int size = padTo > 0 ? padTo : BN_num_bytes(number.get());
    QByteArray out(size, '\0');
    if (BN_bn2binpad(number.get(), reinterpret_cast<unsigned char*>(out.data()), size) != size)
        return {};
    return out;
}

SignResult failed(const QString& summary, const QString& detail = {}, const QString& hint = {})
{
    return {{}, {summary, detail, hint}};
}

} // namespace

SigningKey SigningKey::sharedSecret(const QByteArray& secret)
{
    SigningKey key;
    key.m_secret = secret;
    return key;
}

quint64 SigningKey::pemParseCount()
{
    return pemParses.load();
}

std::optional<SigningKey> SigningKey::fromPem(const QByteArray& pem, QString* reason)
{
    ++pemParses;
    auto refuse = [reason](const QString& why) -> std::optional<SigningKey> {
        if (reason)
            *reason = why;
        return std::nullopt;
    };
    if (pem.contains("ENCRYPTED"))
        return refuse(Text::tr("The private key is encrypted; export it without a passphrase (PKCS#8)."));
    const Bio bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    Ossl::PKey key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, &noPassphrase, nullptr) : nullptr);
    if (!key) {
        const QString detail = openSslError();
        return refuse(Text::tr("This is not a PEM private key (“-----BEGIN PRIVATE KEY-----”).")
            + (detail.isEmpty() ? QString() : QLatin1Char(' ') + detail));
    }
    if (EVP_PKEY_is_a(key.get(), "RSA")) {
        if (EVP_PKEY_get_bits(key.get()) < 2048) {
            return refuse(Text::tr("The RSA key has %1 bits; at least 2048 are needed (RFC 7518 §3.3).")
                              .arg(EVP_PKEY_get_bits(key.get())));
        }
    } else if (EVP_PKEY_is_a(key.get(), "EC")) {
        const QString group = groupName(key.get());
        if (group != QLatin1String("prime256v1") && group != QLatin1String("P-256"))
            return refuse(Text::tr("The EC key is on curve %1; only P-256 (ES256) is supported.").arg(group));
    } else {
        return refuse(Text::tr("Only RSA (RS256) and EC P-256 (ES256) private keys are supported."));
    }
    SigningKey result;
    result.m_key = std::shared_ptr<EVP_PKEY>(key.release(), &EVP_PKEY_free);
    return result;
}

QString SigningKey::algorithm() const
{
    if (!m_key)
        return QStringLiteral("HS256");
    return EVP_PKEY_is_a(m_key.get(), "RSA") ? QStringLiteral("RS256") : QStringLiteral("ES256");
}

QJsonObject SigningKey::publicJwk() const
{
    if (!m_key)
        return {};
    if (EVP_PKEY_is_a(m_key.get(), "RSA")) {
        return {{QStringLiteral("kty"), QStringLiteral("RSA")},
            {QStringLiteral("n"),
                QString::fromLatin1(base64Url(bigNumParam(m_key.get(), OSSL_PKEY_PARAM_RSA_N)))},
            {QStringLiteral("e"),
                QString::fromLatin1(base64Url(bigNumParam(m_key.get(), OSSL_PKEY_PARAM_RSA_E)))}};
    }
    return {{QStringLiteral("kty"), QStringLiteral("EC")}, {QStringLiteral("crv"), QStringLiteral("P-256")},
        {QStringLiteral("x"),
            QString::fromLatin1(base64Url(bigNumParam(m_key.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32)))},
        {QStringLiteral("y"),
            QString::fromLatin1(base64Url(bigNumParam(m_key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32)))}};
}

SignResult sign(QJsonObject header, const QJsonObject& payload, const SigningKey& key)
{
    const QString alg = key.algorithm();
    const QString asked = header.value(QLatin1String("alg")).toString();
    if (asked.isEmpty())
        header.insert(QStringLiteral("alg"), alg);
    else if (asked != alg)
        return failed(Text::tr("Cannot sign with %1 using this key").arg(asked),
            Text::tr("The key signs with %1.").arg(alg));

    const QByteArray signingInput = base64Url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64Url(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    QByteArray signature;
    if (key.isSharedSecret()) {
        if (key.m_secret.size() < 32) {
            return failed(Text::tr("The client secret is too short to sign with HS256"),
                Text::tr("It has %1 bytes; RFC 7518 §3.2 requires at least 32.").arg(key.m_secret.size()),
                Text::tr("Use a longer client secret, or another client authentication method."));
        }
        signature = QMessageAuthenticationCode::hash(signingInput, key.m_secret, QCryptographicHash::Sha256);
    } else {
        const Ossl::MdCtx context(EVP_MD_CTX_new());
        size_t length = 0;
        if (!context
            || EVP_DigestSignInit_ex(
                   context.get(), nullptr, "SHA256", nullptr, nullptr, key.m_key.get(), nullptr)
                != 1
            || EVP_DigestSign(context.get(), nullptr, &length, Ossl::bytes(signingInput.constData()),
                   size_t(signingInput.size()))
                != 1) {
            return failed(Text::tr("Signing failed"), openSslError());
        }
        QByteArray der(qsizetype(length), '\0');
        if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(der.data()), &length,
                Ossl::bytes(signingInput.constData()), size_t(signingInput.size()))
            != 1)
            return failed(Text::tr("Signing failed"), openSslError());
        der.resize(qsizetype(length));
        if (alg == QLatin1String("ES256")) {
            // OpenSSL writes ECDSA signatures as DER; JWS wants r and s, 32 bytes each (RFC 7518 §3.4).
            const unsigned char* cursor = Ossl::bytes(der.constData());
            const Ossl::EcdsaSig parsed(d2i_ECDSA_SIG(nullptr, &cursor, long(der.size())));
            if (!parsed)
                return failed(Text::tr("Signing failed"), openSslError());
            const BIGNUM* r = nullptr;
            const BIGNUM* s = nullptr;
            ECDSA_SIG_get0(parsed.get(), &r, &s);
            signature = QByteArray(64, '\0');
            auto* out = reinterpret_cast<unsigned char*>(signature.data());
            if (BN_bn2binpad(r, out, 32) != 32 || BN_bn2binpad(s, out + 32, 32) != 32)
                return failed(Text::tr("Signing failed"), openSslError());
        } else {
            signature = der; // RSASSA-PKCS1-v1_5 is already the raw signature
        }
    }
    return {QString::fromLatin1(signingInput + '.' + base64Url(signature)), {}};
}

} // namespace Tokenscope::Jwt
