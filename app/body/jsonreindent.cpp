#include "jsonreindent.h"

#include "jsonscanner.h"

#include <QCoreApplication>
#include <QIODevice>

#include <algorithm>
#include <vector>

namespace Tokenscope::Body {

namespace {

constexpr qint64 bufferSize = qint64(1) << 20;

// Fills one large buffer and hands it to the sink when full: the sink is called rarely, and short tokens
// and indentation are copied in fixed 16-byte steps into the slack past the buffer's end, which the
// compiler turns into a couple of vector moves instead of a call to memcpy.
class Writer final
{
public:
    Writer(const char* data, qint64 size, const JsonReindentSink& sink)
        : m_data(data)
        , m_end(data + size)
        , m_sink(sink)
        , m_buffer(static_cast<size_t>(bufferSize + slack))
    { }

    bool open(char bracket, qint64)
    {
        ++m_depth;
        if (!reserve(1 + 1 + 2 * m_depth))
            return false;
        m_buffer[static_cast<size_t>(m_used++)] = bracket;
        newline();
        return m_ok;
    }
    void empty(char bracket, qint64, qint64)
    {
        if (!reserve(2))
            return;
        m_buffer[static_cast<size_t>(m_used++)] = bracket;
        m_buffer[static_cast<size_t>(m_used++)] = bracket == '{' ? '}' : ']';
    }
    void key(qint64 begin, qint64 end)
    {
        put(m_data + begin, end - begin);
        if (!reserve(2))
            return;
        std::memcpy(m_buffer.data() + m_used, ": ", 2);
        m_used += 2;
    }
    void scalar(JsonScan::Scalar, qint64 begin, qint64 end) { put(m_data + begin, end - begin); }
    bool comma(qint64)
    {
        if (!reserve(2 + 2 * m_depth))
            return false;
        m_buffer[static_cast<size_t>(m_used++)] = ',';
        newline();
        return m_ok;
    }
    void close(char bracket, qint64)
    {
        --m_depth;
        if (!reserve(2 + 2 * m_depth))
            return;
        newline();
        m_buffer[static_cast<size_t>(m_used++)] = bracket;
    }
    void topEnd()
    {
        if (!reserve(1))
            return;
        m_buffer[static_cast<size_t>(m_used++)] = '\n';
    }

    bool flush()
    {
        if (m_ok && m_used > 0)
            m_ok = m_sink(m_buffer.data(), m_used);
        m_used = 0;
        return m_ok;
    }
    bool ok() const { return m_ok; }

private:
    static constexpr qint64 slack = 64;

    qint64 capacity() const { return qint64(m_buffer.size()) - slack; }
    // The caller has reserved room.
    void newline()
    {
        static const char spaces[] = "                ";
        char* out = m_buffer.data() + m_used;
        *out++ = '\n';
        const qint64 width = 2 * m_depth;
        for (qint64 i = 0; i < width; i += 16)
            // Indentation, not a C string: no terminator wanted.
            std::memcpy(out + i, spaces, 16); // NOLINT(bugprone-not-null-terminated-result)
        m_used += 1 + width;
    }
    bool reserve(qint64 bytes)
    {
        if (m_used + bytes <= capacity())
            return m_ok;
        if (!flush())
            return false;
        if (bytes > capacity())
            m_buffer.resize(static_cast<size_t>(bytes + slack));
        return m_ok;
    }
    void put(const char* bytes, qint64 size)
    {
        if (size <= 32 && m_end - bytes >= 32 && m_used + 32 <= capacity()) {
            std::memcpy(m_buffer.data() + m_used, bytes, 16);
            std::memcpy(m_buffer.data() + m_used + 16, bytes + 16, 16);
            m_used += size;
            return;
        }
        if (m_used + size <= capacity()) {
            std::memcpy(m_buffer.data() + m_used, bytes, static_cast<size_t>(size));
            m_used += size;
            return;
        }
        if (!flush())
            return;
        if (size > capacity()) {
            m_ok = m_sink(bytes, size);
            return;
        }
        std::memcpy(m_buffer.data(), bytes, static_cast<size_t>(size));
        m_used = size;
    }

    const char* m_data;
    const char* m_end;
    const JsonReindentSink& m_sink;
    std::vector<char> m_buffer;
    qint64 m_used = 0;
    qint64 m_depth = 0;
    bool m_ok = true;
};

} // namespace

QString jsonErrorMessage(JsonScan::Error error)
{
    using JsonScan::Error;
    switch (error) {
    case Error::None:
        break;
    case Error::Truncated:
        return QCoreApplication::translate(
            "Tokenscope::Body::JsonReindent", "The JSON text ends before it is complete.");
    case Error::ExpectedValue:
        return QCoreApplication::translate(
            "Tokenscope::Body::JsonReindent", "A JSON value was expected here.");
    case Error::ExpectedName:
        return QCoreApplication::translate(
            "Tokenscope::Body::JsonReindent", "A member name in double quotes was expected here.");
    case Error::ExpectedColon:
        return QCoreApplication::translate(
            "Tokenscope::Body::JsonReindent", "A colon after the member name was expected here.");
    case Error::ExpectedCommaOrBracket:
        return QCoreApplication::translate(
            "Tokenscope::Body::JsonReindent", "A comma or a closing ] was expected here.");
    case Error::ExpectedCommaOrBrace:
        return QCoreApplication::translate(
            "Tokenscope::Body::JsonReindent", "A comma or a closing } was expected here.");
    case Error::ControlCharacter:
        return QCoreApplication::translate(
            "Tokenscope::Body::JsonReindent", "A string contains a control character that must be escaped.");
    case Error::InvalidEscape:
        return QCoreApplication::translate(
            "Tokenscope::Body::JsonReindent", "A string contains an invalid escape sequence.");
    case Error::InvalidNumber:
        return QCoreApplication::translate(
            "Tokenscope::Body::JsonReindent", "This number is not valid JSON.");
    case Error::TooDeep:
        return QCoreApplication::translate(
            "Tokenscope::Body::JsonReindent", "The JSON nests more than %1 levels deep.")
            .arg(JsonScan::maxDepth);
    case Error::Stopped:
        return QCoreApplication::translate(
            "Tokenscope::Body::JsonReindent", "The pretty text could not be written.");
    }
    return {};
}

JsonReindentResult reindentJson(const char* data, qint64 size, const JsonReindentSink& sink)
{
    Writer writer(data, size, sink);
    JsonScan::Result scanned = JsonScan::scan(data, size, writer);
    if (!writer.flush() && scanned.error == JsonScan::Error::None)
        scanned.error = JsonScan::Error::Stopped;
    if (!writer.ok() && scanned.error != JsonScan::Error::None)
        scanned.error = JsonScan::Error::Stopped;
    if (scanned.error == JsonScan::Error::None)
        return {};
    return {false, jsonErrorMessage(scanned.error), scanned.offset};
}

JsonReindentResult reindentJson(const char* data, qint64 size, QIODevice* output)
{
    return reindentJson(data, size,
        [output](const char* bytes, qint64 length) { return output->write(bytes, length) == length; });
}

QByteArray reindentJson(const QByteArray& input, JsonReindentResult* result)
{
    QByteArray output;
    const JsonReindentResult outcome
        = reindentJson(input.constData(), input.size(), [&output](const char* bytes, qint64 length) {
              output.append(bytes, length);
              return true;
          });
    if (result)
        *result = outcome;
    return outcome.ok ? output : QByteArray();
}

} // namespace Tokenscope::Body
