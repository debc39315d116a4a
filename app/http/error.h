#pragma once

#include <QString>

namespace Tokenscope {

// A failure a user can act on: what failed, what the other side said, and what to try next.
struct Error
{
    QString summary; // one line: "The token endpoint refused the code"
    QString detail; // what the server or the system said, verbatim where possible
    QString hint; // what to try

    bool isNull() const { return summary.isEmpty(); }
    QString toText() const;
};

} // namespace Tokenscope
