#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace Tokenscope {

// The SHA-256 digest of a server certificate (DER) that the user trusts although no authority signed it:
// a sandbox's self-signed certificate. Parsed once, where the text comes in (the workspace file, the
// environment editor); everything after that compares values.
class CertificateFingerprint final
{
public:
    static constexpr qsizetype size = 32;

    CertificateFingerprint() = default; // null: trusts nothing

    // The digest as computed (QSslCertificate::digest(QCryptographicHash::Sha256)); null unless it is
    // 32 bytes.
    static CertificateFingerprint fromDigest(const QByteArray& sha256);
    // What users paste: "AB:CD:…" or plain hex, any case, colons or spaces between the digits, optionally
    // after "SHA256:" or openssl's "sha256 Fingerprint=". Anything else is nullopt, and *reason (if given)
    // says in one sentence what is wrong with it.
    static std::optional<CertificateFingerprint> fromText(const QString& text, QString* reason = nullptr);

    bool isNull() const { return m_digest.isEmpty(); }
    QByteArray digest() const { return m_digest; }
    // "AB:CD:…", upper case with colons, as browsers and openssl show it; empty when null.
    QString toString() const;

    friend bool operator==(const CertificateFingerprint&, const CertificateFingerprint&) = default;

private:
    QByteArray m_digest;
};

size_t qHash(const CertificateFingerprint& fingerprint, size_t seed = 0) noexcept;

} // namespace Tokenscope
