#include "pathvariables.h"

#include <QRegularExpression>

namespace Tokenscope::Http {

namespace {

// Where the path of url starts and ends: after "scheme://authority" (or at the first '/' of a template
// such as "{{baseUrl}}/items"), up to the query or fragment.
std::pair<qsizetype, qsizetype> pathRange(const QString& url)
{
    qsizetype end = url.size();
    for (const QChar stop : {u'?', u'#'}) {
        const qsizetype at = url.indexOf(stop);
        if (at >= 0)
            end = std::min(end, at);
    }
    const qsizetype scheme = url.indexOf(QLatin1String("://"));
    const qsizetype start = url.indexOf(u'/', scheme >= 0 && scheme < end ? scheme + 3 : 0);
    if (start < 0 || start >= end)
        return {end, end};
    return {start, end};
}

bool isPathVariable(QStringView segment)
{
    static const QRegularExpression name(QStringLiteral("^:[A-Za-z_][A-Za-z0-9_.-]*$"));
    return name.match(segment.toString()).hasMatch();
}

QString segmentSafe(const QString& value)
{
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        switch (c.unicode()) {
        case '/':
            out += QLatin1String("%2F");
            break;
        case '?':
            out += QLatin1String("%3F");
            break;
        case '#':
            out += QLatin1String("%23");
            break;
        case '%':
            out += QLatin1String("%25");
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace

QStringList pathVariableNames(const QString& url)
{
    QStringList names;
    const auto [start, end] = pathRange(url);
    const QStringView path = QStringView(url).mid(start, end - start);
    for (const QStringView segment : path.split(u'/')) {
        if (isPathVariable(segment) && !names.contains(segment.mid(1)))
            names.append(segment.mid(1).toString());
    }
    return names;
}

QString withPathVariables(const QString& url, const QList<HeaderField>& values, QStringList* missing)
{
    const auto [start, end] = pathRange(url);
    if (start == end)
        return url;
    QStringList segments = url.mid(start, end - start).split(u'/');
    for (QString& segment : segments) {
        if (!isPathVariable(segment))
            continue;
        const QString name = segment.mid(1);
        const auto value = std::find_if(values.cbegin(), values.cend(),
            [&name](const HeaderField& v) { return v.enabled && v.name == name && !v.value.isEmpty(); });
        if (value == values.cend()) {
            if (missing && !missing->contains(segment))
                missing->append(segment);
            continue;
        }
        segment = segmentSafe(value->value);
    }
    return url.left(start) + segments.join(u'/') + url.mid(end);
}

} // namespace Tokenscope::Http
