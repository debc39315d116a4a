#include "claimcatalogue.h"

namespace Tokenscope::Jwt {

std::optional<ClaimDescription> describeClaim(const QString&, ClaimSource)
{
    return std::nullopt;
}

QList<ClaimRow> claimRows(const QJsonObject& object, ClaimSource source, const QDateTime& now)
{
    QList<ClaimRow> rows;
    for (auto it = object.begin(); it != object.end(); ++it)
        rows << claimRow(it.key(), it.value(), source, now);
    return rows;
}

ClaimRow claimRow(const QString& name, const QJsonValue& value, ClaimSource, const QDateTime&)
{
    ClaimRow row;
    row.name = name;
    row.value = value;
    return row;
}

std::optional<qint64> numericDate(const QJsonValue&)
{
    return std::nullopt;
}

QString relativeTime(const QDateTime&, const QDateTime&)
{
    return {};
}

QString localTimeText(const QDateTime&)
{
    return {};
}

} // namespace Tokenscope::Jwt
