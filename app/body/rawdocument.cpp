#include "rawdocument.h"

#include "utf8text.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cstring>

namespace Tokenscope::Body {

namespace {

// Where the display line that starts at start ends (exclusive of its line break) and where the next one
// starts; next == size at the end of the body.
struct LineBreak
{
    qint64 end;
    qint64 next;
};

LineBreak nextBreak(const char* data, qint64 size, qint64 start)
{
    const qint64 limit = std::min(size, start + RawLineDocument::wrapWidth + 1);
    const auto* newline = static_cast<const char*>(std::memchr(data + start, '\n', size_t(limit - start)));
    if (newline) {
        const qint64 at = newline - data;
        return {at, at + 1};
    }
    if (start + RawLineDocument::wrapWidth >= size)
        return {size, size};
    // Wrapped: never inside a UTF-8 sequence, which would show as two replacement characters.
    qint64 cut = start + RawLineDocument::wrapWidth;
    while (cut > start + RawLineDocument::wrapWidth - 3 && (quint8(data[cut]) & 0xC0) == 0x80)
        --cut;
    return {cut, cut};
}

// Lines indexed before the constructor returns, so the first screen never waits for the worker.
constexpr qsizetype firstScreenLines = 2000;
// Lines per chunk handed to the GUI thread: big enough to keep the queue short, small enough to show
// progress on a body of a gigabyte.
constexpr qsizetype chunkLines = qsizetype(256) * 1024;

} // namespace

RawLineDocument::RawLineDocument(std::shared_ptr<const BodyBuffer> buffer, QObject* parent)
    : LineDocument(parent)
    , m_buffer(std::move(buffer))
    , m_cancel(std::make_shared<std::atomic_bool>(false))
{
    const char* data = m_buffer->data();
    const qint64 size = m_buffer->size();
    m_starts.push_back(0);
    qint64 start = 0;
    while (qsizetype(m_starts.size()) < firstScreenLines) {
        const LineBreak lineBreak = nextBreak(data, size, start);
        if (lineBreak.next >= size) {
            m_complete = true;
            return;
        }
        start = lineBreak.next;
        m_starts.push_back(start);
    }
    m_indexer = QtConcurrent::run([this, buffer = m_buffer, cancel = m_cancel, start] {
        const char* bytes = buffer->data();
        const qint64 total = buffer->size();
        std::vector<qint64> chunk;
        chunk.reserve(chunkLines);
        qint64 at = start;
        while (!cancel->load(std::memory_order_relaxed)) {
            const LineBreak lineBreak = nextBreak(bytes, total, at);
            const bool last = lineBreak.next >= total;
            if (!last) {
                at = lineBreak.next;
                chunk.push_back(at);
            }
            if (last || qsizetype(chunk.size()) >= chunkLines) {
                QMetaObject::invokeMethod(
                    this, [this, starts = std::move(chunk), last] { publish(starts, last); },
                    Qt::QueuedConnection);
                if (last)
                    return;
                chunk = {};
                chunk.reserve(chunkLines);
            }
        }
    });
}

RawLineDocument::~RawLineDocument()
{
    m_cancel->store(true);
    m_indexer.waitForFinished();
}

void RawLineDocument::publish(const std::vector<qint64>& starts, bool complete)
{
    m_starts.append(starts);
    if (!starts.empty())
        Q_EMIT linesAdded();
    if (complete) {
        m_complete = true;
        Q_EMIT completed();
    }
}

qint64 RawLineDocument::lineCount() const
{
    return qint64(m_starts.size());
}

DisplayLine RawLineDocument::line(qint64 number) const
{
    if (number < 0 || number >= lineCount())
        return {};
    const qint64 start = m_starts[size_t(number)];
    qint64 end = number + 1 < lineCount() ? m_starts[size_t(number + 1)] : m_buffer->size();
    const char* data = m_buffer->data();
    if (end > start && data[end - 1] == '\n') {
        --end;
        if (end > start && data[end - 1] == '\r')
            --end;
    }
    DisplayLine line;
    line.text = Utf8::decode(data + start, qsizetype(end - start));
    line.sourceOffset = start;
    line.sourceLength = end - start;
    line.runs.append({0, start, end - start});
    return line;
}

const BodyBuffer* RawLineDocument::sourceBuffer() const
{
    return m_buffer.get();
}

qint64 RawLineDocument::lineAt(qint64 offset) const
{
    // The last line that starts at or before offset.
    size_t low = 0;
    size_t high = m_starts.size();
    while (low < high) {
        const size_t middle = (low + high) / 2;
        if (m_starts[middle] <= offset)
            low = middle + 1;
        else
            high = middle;
    }
    return std::max<qint64>(0, qint64(low) - 1);
}

QByteArray RawLineDocument::value(qint64 number) const
{
    const DisplayLine shown = line(number);
    return m_buffer->slice(shown.sourceOffset, shown.sourceLength);
}

HexLineDocument::HexLineDocument(std::shared_ptr<const BodyBuffer> buffer, QObject* parent)
    : LineDocument(parent)
    , m_buffer(std::move(buffer))
{
    for (qint64 size = m_buffer->size() >> 32; size > 0; size >>= 4)
        ++m_offsetDigits;
}

HexLineDocument::~HexLineDocument() = default;

qint64 HexLineDocument::lineCount() const
{
    return std::max<qint64>(1, (m_buffer->size() + bytesPerLine - 1) / bytesPerLine);
}

DisplayLine HexLineDocument::line(qint64 number) const
{
    DisplayLine line;
    if (number < 0 || number >= lineCount())
        return line;
    const qint64 start = number * bytesPerLine;
    const qint64 count = std::clamp<qint64>(m_buffer->size() - start, 0, bytesPerLine);
    const auto* bytes = reinterpret_cast<const quint8*>(m_buffer->data() + start);
    static constexpr char digits[] = "0123456789abcdef";
    line.text = QStringLiteral("%1  ").arg(start, m_offsetDigits, 16, QLatin1Char('0'));
    line.spans.append({0, m_offsetDigits, TextKind::Punctuation});
    for (qint64 i = 0; i < bytesPerLine; ++i) {
        if (i == 8)
            line.text += QLatin1Char(' ');
        if (i < count) {
            line.text += QLatin1Char(digits[bytes[i] >> 4]);
            line.text += QLatin1Char(digits[bytes[i] & 0xF]);
            line.text += QLatin1Char(' ');
        } else {
            line.text += QLatin1String("   ");
        }
    }
    line.text += QLatin1Char(' ');
    const qsizetype asciiStart = line.text.size();
    for (qint64 i = 0; i < count; ++i)
        line.text += bytes[i] >= 0x20 && bytes[i] < 0x7F ? QLatin1Char(char(bytes[i])) : QLatin1Char('.');
    line.spans.append({asciiStart, line.text.size() - asciiStart, TextKind::String});
    line.sourceOffset = start;
    line.sourceLength = count;
    return line;
}

std::pair<qsizetype, qsizetype> HexLineDocument::columns(
    const DisplayLine& line, qint64 offset, qint64 length) const
{
    // The hex digits of the bytes: "offset  " then three columns a byte, one more after the eighth.
    auto column = [this](qint64 index) { return m_offsetDigits + 2 + 3 * index + (index >= 8 ? 1 : 0); };
    const qint64 first = std::clamp<qint64>(offset - line.sourceOffset, 0, line.sourceLength);
    const qint64 last = std::clamp<qint64>(offset + length - line.sourceOffset, first, line.sourceLength);
    if (first == last)
        return {qsizetype(column(first)), qsizetype(column(first))};
    return {qsizetype(column(first)), qsizetype(column(last - 1) + 2)};
}

qint64 HexLineDocument::lineAt(qint64 offset) const
{
    return std::clamp<qint64>(offset / bytesPerLine, 0, lineCount() - 1);
}

QByteArray HexLineDocument::value(qint64 number) const
{
    return m_buffer->slice(number * bytesPerLine, bytesPerLine);
}

} // namespace Tokenscope::Body
