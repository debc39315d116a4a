#include "urlhelpers.h"

#include <QStringList>

namespace Tokenscope {

namespace {

// QUrl writes a host one way: IPv4 in dotted decimal (127.1, 0x7f.0.0.1 and 2130706433 are all
// 127.0.0.1), IPv6 compressed in lower case without brackets, names in lower case.
QString normalisedHost(const QString& host)
{
    QUrl url;
    url.setHost(host);
    return url.isValid() ? url.host() : QString();
}

bool isLoopbackIPv4(const QString& host)
{
    const QStringList octets = host.split(QLatin1Char('.'));
    if (octets.size() != 4)
        return false;
    for (const QString& octet : octets) {
        bool number = false;
        const int value = octet.toInt(&number);
        if (!number || value < 0 || value > 255 || octet.startsWith(QLatin1Char('+')))
            return false;
    }
    return octets.constFirst() == QLatin1String("127");
}

} // namespace

bool isLoopbackHost(const QString& host)
{
    const QString normalised = normalisedHost(host);
    const QLatin1String mapped("::ffff:"); // RFC 4291 §2.5.5.2
    return normalised == QLatin1String("::1") || normalised == QLatin1String("localhost")
        || isLoopbackIPv4(normalised)
        || (normalised.startsWith(mapped) && isLoopbackIPv4(normalised.mid(mapped.size())));
}

bool isLoopbackUrl(const QUrl& url)
{
    return url.isValid() && isLoopbackHost(url.host());
}

bool isLocalhostName(const QString& host)
{
    return normalisedHost(host) == QLatin1String("localhost");
}

bool isWebUrl(const QUrl& url)
{
    return url.isValid() && !url.host().isEmpty()
        && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"));
}

QUrl webUrlFromUserInput(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {};
    if (trimmed.contains(QLatin1String("://")))
        return QUrl::fromUserInput(trimmed);
    return QUrl::fromUserInput(QStringLiteral("https://") + trimmed);
}

bool isPlainRemoteHttp(const QUrl& url)
{
    return url.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) == 0 && !isLoopbackUrl(url);
}

bool mayCarryCredentials(const QUrl& url, bool allowPlainHttp)
{
    if (url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0)
        return true;
    return url.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) == 0
        && (allowPlainHttp || isLoopbackUrl(url));
}

} // namespace Tokenscope
