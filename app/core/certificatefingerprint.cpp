#include "certificatefingerprint.h"

#include <QCoreApplication>
#include <QHashFunctions>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

namespace Tokenscope {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::CertificateFingerprint)
};

bool isHexDigit(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

// The labels tools print before the digits: openssl x509 -fingerprint (OpenSSL 3 writes "sha256",
// 1.1 wrote "SHA256"), and the "SHA256:" form. A SHA-1 label is recognised only to say so.
QString withoutLabel(const QString& text, bool* sha1)
{
    static const QRegularExpression label(QStringLiteral(R"(^(sha-?(1|256))(\s+fingerprint\s*=|\s*:)\s*)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = label.match(text);
    if (!match.hasMatch())
        return text;
    *sha1 = match.captured(2) == QLatin1String("1");
    return text.mid(match.capturedLength());
}

QString normalisedHost(const QString& host)
{
    QUrl url;
    url.setHost(host.trimmed());
    return url.isValid() ? url.host() : QString();
}

} // namespace

CertificateFingerprint CertificateFingerprint::fromDigest(const QByteArray& sha256)
{
    CertificateFingerprint fingerprint;
    if (sha256.size() == size)
        fingerprint.m_digest = sha256;
    return fingerprint;
}

std::optional<CertificateFingerprint> CertificateFingerprint::fromText(const QString& text, QString* reason)
{
    const auto refuse = [reason](const QString& why) -> std::optional<CertificateFingerprint> {
        if (reason)
            *reason = why;
        return std::nullopt;
    };
    const auto refuseSha1 = [&refuse] {
        return refuse(Text::tr("This is a SHA-1 fingerprint; the SHA-256 one is needed (openssl x509 "
                               "-noout -fingerprint -sha256 -in certificate.pem prints it)."));
    };
    bool sha1 = false;
    const QString body = withoutLabel(text.trimmed(), &sha1);
    if (sha1)
        return refuseSha1();
    // ssh-keygen -l prints "SHA256:" and 43 characters of base64: a key's fingerprint, not a certificate's.
    static const QRegularExpression base64(QStringLiteral("^[A-Za-z0-9+/]{43}=?$"));
    if (base64.match(body).hasMatch()) {
        return refuse(Text::tr("This is an SSH key fingerprint (base64); a certificate's SHA-256 "
                               "fingerprint has 64 hexadecimal digits."));
    }
    QString hex;
    for (const QChar c : body) {
        if (isHexDigit(c))
            hex += c;
        else if (c != u':' && !c.isSpace())
            return refuse(Text::tr("“%1” is not a hexadecimal digit.").arg(c));
    }
    if (hex.isEmpty())
        return refuse(Text::tr("There are no hexadecimal digits."));
    if (hex.size() == 40) // 20 bytes
        return refuseSha1();
    if (hex.size() != 2 * size) {
        return refuse(Text::tr(
            "A SHA-256 fingerprint has 64 hexadecimal digits, this has %n.", nullptr, int(hex.size())));
    }
    return fromDigest(QByteArray::fromHex(hex.toLatin1()));
}

std::optional<CertificateFingerprint> CertificateFingerprint::fromEntry(const QString& text, QString* reason)
{
    const qsizetype at = text.lastIndexOf(QLatin1Char('@'));
    std::optional<CertificateFingerprint> fingerprint = fromText(at < 0 ? text : text.left(at), reason);
    if (!fingerprint || at < 0)
        return fingerprint;
    const QString host = normalisedHost(text.mid(at + 1));
    if (host.isEmpty() || host.contains(QLatin1Char(' '))) {
        if (reason) {
            *reason = Text::tr("After “@” comes the host the certificate is trusted for, such as "
                               "sandbox.example.com.");
        }
        return std::nullopt;
    }
    return fingerprint->forHost(host);
}

CertificateFingerprint CertificateFingerprint::forHost(const QString& host) const
{
    CertificateFingerprint bound = *this;
    bound.m_host = normalisedHost(host);
    return bound;
}

QString CertificateFingerprint::toString() const
{
    return QString::fromLatin1(m_digest.toHex(':').toUpper());
}

QString CertificateFingerprint::toEntry() const
{
    return m_host.isEmpty() ? toString() : toString() + QStringLiteral(" @ ") + m_host;
}

size_t qHash(const CertificateFingerprint& fingerprint, size_t seed) noexcept
{
    return qHashMulti(seed, fingerprint.digest(), fingerprint.host());
}

bool isTrustedFor(const QList<CertificateFingerprint>& trusted, const CertificateFingerprint& presented,
    const QString& host)
{
    const QString wanted = normalisedHost(host);
    return !presented.isNull() && !wanted.isEmpty()
        && std::any_of(trusted.cbegin(), trusted.cend(), [&](const CertificateFingerprint& entry) {
               return entry.digest() == presented.digest() && entry.host() == wanted;
           });
}

QList<CertificateFingerprint> boundToHosts(
    const QList<CertificateFingerprint>& fingerprints, const QStringList& hosts)
{
    QList<CertificateFingerprint> bound;
    const auto add = [&bound](const CertificateFingerprint& entry) {
        if (!bound.contains(entry))
            bound.append(entry);
    };
    for (const CertificateFingerprint& fingerprint : fingerprints) {
        if (!fingerprint.host().isEmpty()) {
            add(fingerprint);
            continue;
        }
        for (const QString& host : hosts) {
            if (const CertificateFingerprint entry = fingerprint.forHost(host); !entry.host().isEmpty())
                add(entry);
        }
    }
    return bound;
}

} // namespace Tokenscope
