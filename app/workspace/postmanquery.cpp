#include "draftsecrets.h"
#include "postmanparts.h"
#include "redaction.h"

#include <QRegularExpression>
#include <QUrl>

namespace Tokenscope::Workspace::Postman {

namespace {

// The query of url and where it is: [start, end) between "?" and "#" (start < 0: none).
std::pair<qsizetype, qsizetype> queryRange(const QString& url)
{
    const qsizetype hashAt = url.indexOf(QLatin1Char('#'));
    const qsizetype end = hashAt < 0 ? url.size() : hashAt;
    const qsizetype queryAt = url.left(end).indexOf(QLatin1Char('?'));
    return {queryAt < 0 ? -1 : queryAt + 1, end};
}

QString keyOf(const QString& pair)
{
    const qsizetype equals = pair.indexOf(QLatin1Char('='));
    return equals < 0 ? pair : pair.left(equals);
}

} // namespace

QString encodedQueryPart(const QString& text)
{
    static const QRegularExpression reference(QStringLiteral("\\{\\{[^{}]*\\}\\}"));
    QString encoded;
    qsizetype done = 0;
    for (const QRegularExpressionMatch& match : reference.globalMatch(text)) {
        encoded += QString::fromLatin1(QUrl::toPercentEncoding(text.mid(done, match.capturedStart() - done)));
        encoded += match.captured();
        done = match.capturedEnd();
    }
    return encoded + QString::fromLatin1(QUrl::toPercentEncoding(text.mid(done)));
}

QString mergedQuery(Context& context, const QString& raw, const QJsonArray& rows, const QString& path,
    Http::HttpRequest* request)
{
    const auto [start, end] = queryRange(raw);
    const QString base = raw.left(start < 0 ? end : start - 1);
    const QString fragment = raw.mid(end);
    QStringList enabled;
    QStringList enabledKeys;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QJsonObject row = rows.at(i).toObject();
        const QString key = textOf(row.value(QLatin1String("key")));
        const QJsonValue rowValue = row.value(QLatin1String("value"));
        context.noteUnmapped(
            row, {"key", "value", "disabled", "enabled", "description"}, path, QStringLiteral("url.query."));
        if (isDisabled(row)) {
            request->disabledQuery.append({int(i), key, textOf(rowValue)});
        } else {
            enabled.append(rowValue.isNull() || rowValue.isUndefined()
                    ? key
                    : key + QLatin1Char('=') + textOf(rowValue));
            enabledKeys.append(key);
        }
        if (!descriptionOf(row.value(QLatin1String("description"))).isEmpty()) {
            context.note(path, QStringLiteral("url.query.description"),
                Text::tr("The description of query parameter “%1” was not kept.").arg(key));
        }
    }
    // A parameter typed into raw but missing from the rows (or "query": []): Postman sends raw's query.
    const QStringList rawPairs
        = start < 0 ? QStringList() : raw.mid(start, end - start).split(QLatin1Char('&'), Qt::SkipEmptyParts);
    for (const QString& pair : rawPairs) {
        if (enabledKeys.removeOne(keyOf(pair)))
            continue;
        enabled.append(pair);
        context.note(path, QStringLiteral("url.raw"),
            Text::tr("Query parameter “%1” is in the URL but not among the query rows; it was kept, as "
                     "Postman sends it.")
                .arg(keyOf(pair)));
    }
    return base + (enabled.isEmpty() ? QString() : QLatin1Char('?') + enabled.join(QLatin1Char('&')))
        + fragment;
}

void moveQuerySecretsToVariables(Context& context, Http::HttpRequest* request)
{
    const auto [start, end] = queryRange(request->url);
    if (start < 0)
        return;
    QStringList pairs = request->url.mid(start, end - start).split(QLatin1Char('&'));
    bool changed = false;
    for (QString& pair : pairs) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        if (equals < 0)
            continue;
        const QString name = QUrl::fromPercentEncoding(pair.left(equals).toUtf8());
        const QString value = pair.mid(equals + 1);
        if (!Http::Redaction::isSecretName(name) || !holdsLiteralSecret(value))
            continue;
        pair = pair.left(equals + 1) + context.secretReference(value, name);
        changed = true;
    }
    if (changed)
        request->url = request->url.left(start) + pairs.join(QLatin1Char('&')) + request->url.mid(end);
}

} // namespace Tokenscope::Workspace::Postman
