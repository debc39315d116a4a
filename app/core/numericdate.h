#pragma once

#include <QDateTime>
#include <QJsonValue>

#include <optional>

namespace Tokenscope {

// Numbers from the network that become times: every one passes through these, so a hostile value (NaN,
// an infinity, 1e300, a negative number, a string) is refused instead of converted with undefined
// behaviour.

// The last second of the year 9999: no date after it is worth showing, and anything up to it fits a
// qint64 and QDateTime.
constexpr qint64 lastNumericDate = 253402300799;

// A JWT NumericDate (RFC 7519 §2): a JSON number of seconds since 1970, fractions truncated, between 0
// and lastNumericDate; nullopt for anything else.
std::optional<qint64> numericDateSeconds(const QJsonValue& value);
// The same as a UTC time; an invalid QDateTime for anything else.
QDateTime numericDate(const QJsonValue& value);

// A duration in whole seconds (RFC 6749 §5.1 expires_in and its kin): a whole JSON number, or digits as
// a string (some servers send that), from 0 up to but not including limit; nullopt for anything else.
std::optional<qint64> durationSeconds(const QJsonValue& value, qint64 limit);

} // namespace Tokenscope
