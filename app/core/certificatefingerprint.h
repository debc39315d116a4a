#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Tokenscope {

// The SHA-256 digest of a server certificate (DER) that the user trusts although no authority signed it:
// a sandbox's self-signed certificate, and the host it is trusted for (the one it was accepted for: the
// same certificate presented by another host is not trusted). Parsed once, where the text comes in (the
// workspace file, the environment editor); everything after that compares values.
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
    // An entry as the workspace file and the environment editor write it: the fingerprint, then " @ " and
    // the host it is trusted for ("AB:CD:… @ sandbox.example.com"); without "@" it is bound to no host
    // yet (see boundToHosts).
    static std::optional<CertificateFingerprint> fromEntry(const QString& text, QString* reason = nullptr);

    // The same digest, trusted for host (normalised as QUrl writes a host).
    CertificateFingerprint forHost(const QString& host) const;

    bool isNull() const { return m_digest.isEmpty(); }
    QByteArray digest() const { return m_digest; }
    // "AB:CD:…", upper case with colons, as browsers and openssl show it; empty when null.
    QString toString() const;
    // The host it is trusted for; empty: none yet.
    QString host() const { return m_host; }
    // "AB:CD:… @ host", or the fingerprint alone without a host.
    QString toEntry() const;

    friend bool operator==(const CertificateFingerprint&, const CertificateFingerprint&) = default;

private:
    QByteArray m_digest;
    QString m_host;
};

size_t qHash(const CertificateFingerprint& fingerprint, size_t seed = 0) noexcept;

// Whether the certificate with the digest presented (its host ignored) is trusted when host presents it.
bool isTrustedFor(const QList<CertificateFingerprint>& trusted, const CertificateFingerprint& presented,
    const QString& host);
// Entries without a host bound to each of hosts (one entry per host), the others as they are: an entry
// from before fingerprints named their host keeps exactly the hosts it could be used for.
QList<CertificateFingerprint> boundToHosts(
    const QList<CertificateFingerprint>& fingerprints, const QStringList& hosts);

} // namespace Tokenscope
