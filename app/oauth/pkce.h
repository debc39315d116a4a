#pragma once

#include <QByteArray>
#include <QString>

namespace Tokenscope::OAuth {

// Proof Key for Code Exchange (RFC 7636): S256 (§4.2), or plain only for a server that cannot do S256.
// An empty pair (no verifier, no method) means no PKCE at all.
struct PkcePair
{
    QString verifier;
    QString challenge;
    QString method = QStringLiteral("S256");

    bool isEmpty() const { return verifier.isEmpty(); }
};

namespace Pkce {
// 32 bytes from the system CSPRNG → 43 base64url characters, 256 bits of entropy (§4.1, §7.1).
PkcePair generate();
// For a ClientConfig::pkceMethod: "S256" (and anything unknown) as generate(), "plain" (challenge =
// verifier, §4.2), "none": an empty pair.
PkcePair generate(const QString& method);
// BASE64URL(SHA256(ASCII(verifier))), §4.2.
QString challengeFor(const QString& verifier);
// §4.1: 43–128 characters from [A-Z a-z 0-9 - . _ ~].
bool isValidVerifier(const QString& verifier);
} // namespace Pkce

// Random URL-safe text from the system CSPRNG, for state and nonce (RFC 6749 §10.10: ≥ 128 bits).
QString randomUrlSafe(int bytes);
QByteArray base64Url(const QByteArray& data);

} // namespace Tokenscope::OAuth
