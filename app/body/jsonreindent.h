#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

class QIODevice;

namespace Tokenscope::Body {

// Re-indents JSON exactly as `jq .` lays it out (two spaces, `"key": value`, `[]` and `{}` when empty,
// a line break after each top-level value) while keeping every token as received: key order, duplicate
// keys, number text and string escapes are the server's. Invalid JSON stops at the first error.
struct JsonReindentResult
{
    bool ok = true;
    QString errorMessage; // for the user
    qint64 errorOffset = -1; // byte offset into the input where it went wrong
};

// Receives the output in large pieces; returning false stops the re-indenter (errorOffset then says
// how far it read).
using JsonReindentSink = std::function<bool(const char* data, qint64 size)>;

JsonReindentResult reindentJson(const char* data, qint64 size, const JsonReindentSink& sink);
JsonReindentResult reindentJson(const char* data, qint64 size, QIODevice* output);
// For small inputs: the whole output, or an empty array and result->ok false.
QByteArray reindentJson(const QByteArray& input, JsonReindentResult* result = nullptr);

namespace JsonScan {
enum class Error : quint8;
}
// The user's message for a scanner error.
QString jsonErrorMessage(JsonScan::Error error);

} // namespace Tokenscope::Body
