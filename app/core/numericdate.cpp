#include "numericdate.h"

#include <cmath>

namespace Tokenscope {

std::optional<qint64> numericDateSeconds(const QJsonValue& value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double seconds = value.toDouble();
    if (!std::isfinite(seconds) || seconds < 0 || seconds > double(lastNumericDate))
        return std::nullopt;
    // In range now, so the conversion is defined.
    return static_cast<qint64>(std::trunc(seconds));
}

QDateTime numericDate(const QJsonValue& value)
{
    const auto seconds = numericDateSeconds(value);
    return seconds ? QDateTime::fromSecsSinceEpoch(*seconds, Qt::UTC) : QDateTime();
}

std::optional<qint64> durationSeconds(const QJsonValue& value, qint64 limit)
{
    if (value.isDouble()) {
        const double seconds = value.toDouble();
        // NaN fails every comparison; the upper bound keeps the conversion defined.
        if (seconds >= 0 && seconds < double(limit) && std::floor(seconds) == seconds)
            return static_cast<qint64>(seconds);
    } else if (value.isString()) {
        bool ok = false;
        const qint64 seconds = value.toString().toLongLong(&ok);
        if (ok && seconds >= 0 && seconds < limit)
            return seconds;
    }
    return std::nullopt;
}

} // namespace Tokenscope
