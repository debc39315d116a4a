#include "redirecttarget.h"

#include <QStringList>

namespace Tokenscope::OAuth {

namespace {

// RFC 3986 §5.2.4. Percent-encoded dots count as dots (§2.3: they are unreserved), an encoded slash
// stays part of its segment.
QString removeDotSegments(const QString& encodedPath)
{
    const QStringList segments = encodedPath.split(QLatin1Char('/'));
    QStringList kept;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString segment = segments.at(i).toLower();
        const bool dot = segment == QLatin1String(".") || segment == QLatin1String("%2e");
        const bool dotDot = segment == QLatin1String("..") || segment == QLatin1String(".%2e")
            || segment == QLatin1String("%2e.") || segment == QLatin1String("%2e%2e");
        if (!dot && !dotDot) {
            kept.append(segments.at(i));
            continue;
        }
        // The leading empty segment is the root of an absolute path: nothing goes above it.
        if (dotDot && kept.size() > 1)
            kept.removeLast();
        if (i == segments.size() - 1)
            kept.append(QString()); // "/a/b/.." is the directory "/a/"
    }
    return kept.join(QLatin1Char('/'));
}

struct Target
{
    QString scheme;
    QString host;
    int port = -1;
    QString path;

    bool operator==(const Target&) const = default;
};

Target canonicalTarget(const QUrl& url)
{
    Target target;
    target.scheme = url.scheme().toLower();
    target.host = url.host(QUrl::FullyEncoded).toLower();
    // "localhost." is the fully qualified spelling of "localhost": the same listener answers.
    if (target.host.endsWith(QLatin1Char('.')))
        target.host.chop(1);
    const int defaultPort = target.scheme == QLatin1String("https") ? 443
        : target.scheme == QLatin1String("http")                    ? 80
                                                                    : -1;
    target.port = url.port() == defaultPort ? -1 : url.port();
    // QUrl decodes percent-encoded unreserved characters itself and leaves reserved ones encoded.
    target.path = removeDotSegments(url.path(QUrl::FullyEncoded));
    if (target.path.isEmpty() && !target.host.isEmpty())
        target.path = QStringLiteral("/");
    return target;
}

} // namespace

bool targetsRedirectUri(const QUrl& candidate, const QUrl& redirectUri)
{
    if (!candidate.isValid() || !redirectUri.isValid())
        return false;
    return canonicalTarget(candidate) == canonicalTarget(redirectUri);
}

} // namespace Tokenscope::OAuth
