#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace Tokenscope::Jwt {

// Where a name comes from: the same name means different things in a JOSE header and in the claims
// ("typ", "x5t"), and an introspection answer has members of its own ("active", "username").
enum class ClaimSource {
    Header, // JWS/JWE protected header (RFC 7515 §4, RFC 7516 §4)
    Claims, // JWT claims set (RFC 7519 §4, OIDC Core §2 and §5.1, provider extensions)
    Introspection, // RFC 7662 §2.2 answer
};

// What the catalogue knows about a well-known name.
struct ClaimDescription
{
    QString label; // short readable name, e.g. "Expires"
    QString explanation; // one line in plain words, e.g. "After this moment the token must be refused."
    bool isTime = false; // a NumericDate (seconds since 1970, RFC 7519 §2)
};

// nullopt for a name the catalogue does not know: show it as it is.
std::optional<ClaimDescription> describeClaim(const QString& name, ClaimSource source);

// How a time claim relates to "now".
enum class TimeState {
    NotATime, // not a time claim
    Past, // before now (and not an expiry)
    Future, // after now (and not a not-before)
    Expired, // exp ≤ now
    NotYetValid, // nbf > now
    OutOfRange, // a time claim whose value is not a usable NumericDate (not a number, negative, 1e300, …)
};

// One row of the header or claims table.
struct ClaimRow
{
    QString name; // as written in the token, e.g. "exp"
    QJsonValue value; // as written
    QString valueText; // a string as it is, anything else as compact JSON
    bool known = false; // the catalogue knows the name; label and explanation are set
    QString label; // empty for unknown names
    QString explanation; // empty for unknown names
    // Time claims only.
    TimeState timeState = TimeState::NotATime;
    QDateTime time; // valid only when the value is in range (UTC)
    QString localTimeText; // e.g. "2026-12-02 14:05:00 CET"; empty when out of range
    QString relativeText; // e.g. "in 4 min(s)", "3 h ago"; empty when out of range
    QString problem; // out of range: why, e.g. "Not a date: the value is not a number"; else empty
};

// The rows of a header, claims set or introspection answer, in the object's (alphabetical) order.
QList<ClaimRow> claimRows(const QJsonObject& object, ClaimSource source, const QDateTime& now);
// One row; now is only used for time claims.
ClaimRow claimRow(const QString& name, const QJsonValue& value, ClaimSource source, const QDateTime& now);

// A NumericDate checked before any conversion: a JSON number that is finite, ≥ 0 and within the years
// QDateTime can show (up to year 9999); fractions are truncated. nullopt otherwise.
std::optional<qint64> numericDate(const QJsonValue& value);

// "in 4 min(s)", "3 h ago", "in 2 day(s)", "now"; translated, with %n plurals.
QString relativeTime(const QDateTime& when, const QDateTime& now);
// The local date and time with its zone abbreviation, e.g. "2026-12-02 14:05:00 CET".
QString localTimeText(const QDateTime& when);

} // namespace Tokenscope::Jwt
