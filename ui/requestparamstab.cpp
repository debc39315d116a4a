#include "requestparamstab.h"

namespace Tokenscope::Ui {

namespace {

// Where the query starts and ends in url: a '#' ends it, and a '?' inside {{…}} cannot occur.
struct QueryBounds
{
    qsizetype start = -1; // after the '?'; -1: no query
    qsizetype end = 0;
};

QueryBounds boundsOf(const QString& url)
{
    QueryBounds bounds;
    const qsizetype fragment = url.indexOf(u'#');
    bounds.end = fragment < 0 ? url.size() : fragment;
    const qsizetype question = url.left(bounds.end).indexOf(u'?');
    if (question >= 0)
        bounds.start = question + 1;
    return bounds;
}

} // namespace

QList<KeyValueTable::Row> queryRows(const QString& url)
{
    QList<KeyValueTable::Row> rows;
    const QueryBounds bounds = boundsOf(url);
    if (bounds.start < 0)
        return rows;
    const QString query = url.mid(bounds.start, bounds.end - bounds.start);
    for (const QString& pair : query.split(u'&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf(u'=');
        rows.append({equals < 0 ? pair : pair.left(equals), equals < 0 ? QString() : pair.mid(equals + 1),
            true, false});
    }
    return rows;
}

namespace {

// Typed text as one query name or value: the characters that would end it are escaped, {{variables}}
// stay as written.
QString queryText(const QString& text, bool name)
{
    QString out;
    qsizetype i = 0;
    while (i < text.size()) {
        if (text.mid(i, 2) == QLatin1String("{{")) {
            const qsizetype close = text.indexOf(QLatin1String("}}"), i + 2);
            if (close >= 0) {
                out += text.mid(i, close + 2 - i);
                i = close + 2;
                continue;
            }
        }
        const QChar c = text.at(i++);
        if (c == u'&')
            out += QLatin1String("%26");
        else if (c == u'#')
            out += QLatin1String("%23");
        else if (c == u'+')
            out += QLatin1String("%2B");
        else if (c == u'=' && name)
            out += QLatin1String("%3D");
        else
            out += c;
    }
    return out;
}

} // namespace

QString withQueryRows(const QString& url, const QList<KeyValueTable::Row>& rows)
{
    const QueryBounds bounds = boundsOf(url);
    const QString base = url.left(bounds.start < 0 ? bounds.end : bounds.start - 1);
    QStringList pairs;
    for (const KeyValueTable::Row& row : rows) {
        if (!row.enabled || (row.name.isEmpty() && row.value.isEmpty()))
            continue;
        pairs.append(row.value.isEmpty() ? queryText(row.name, true)
                                         : queryText(row.name, true) + u'=' + queryText(row.value, false));
    }
    const QString query = pairs.isEmpty() ? QString() : u'?' + pairs.join(u'&');
    return base + query + url.mid(bounds.end);
}

} // namespace Tokenscope::Ui
