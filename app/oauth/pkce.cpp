#include "pkce.h"

#include <QCryptographicHash>
#include <QList>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace Tokenscope::OAuth {

QByteArray base64Url(const QByteArray& data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QString randomUrlSafe(int bytes)
{
    // QRandomGenerator::system() is the operating system's CSPRNG (getrandom, BCryptGenRandom, …).
    QList<quint32> words((bytes + 3) / 4);
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray buffer(reinterpret_cast<const char*>(words.constData()), bytes);
    return QString::fromLatin1(base64Url(buffer));
}

namespace Pkce {

PkcePair generate()
{
    PkcePair pair;
    pair.verifier = randomUrlSafe(32);
    pair.challenge = challengeFor(pair.verifier);
    return pair;
}

PkcePair generate(const QString& method)
{
    if (method == QLatin1String("none"))
        return {{}, {}, {}};
    PkcePair pair = generate();
    if (method == QLatin1String("plain")) {
        pair.challenge = pair.verifier;
        pair.method = QStringLiteral("plain");
    }
    return pair;
}

QString challengeFor(const QString& verifier)
{
    return QString::fromLatin1(
        base64Url(QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)));
}

bool isValidVerifier(const QString& verifier)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9\\-._~]{43,128}$"));
    return pattern.match(verifier).hasMatch();
}

} // namespace Pkce
} // namespace Tokenscope::OAuth
