#pragma once

#include <QString>

#include <utility>

namespace Tokenscope {

// A failure a user can act on: what failed, what the other side said, and what to try next; plus a
// machine-readable code that callers branch on (the provider's OAuth `error`, such as
// "invalid_grant", or one of ours, such as "network" or "non_json").
struct Error
{
    Error() = default;
    Error(QString summaryText, QString detailText = {}, QString hintText = {}, QString codeText = {})
        : summary(std::move(summaryText))
        , detail(std::move(detailText))
        , hint(std::move(hintText))
        , code(std::move(codeText))
    { }

    QString summary; // one line: "The token endpoint refused the code"
    QString detail; // what the server or the system said, verbatim where possible
    QString hint; // what to try
    QString code; // for code, never shown as the message: "invalid_grant", "timeout", "nonce-invalid"

    bool isNull() const { return summary.isEmpty(); }
    QString toText() const;
};

} // namespace Tokenscope
