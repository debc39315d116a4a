#include "linedocument.h"

#include "bodybuffer.h"
#include "utf8text.h"

#include <algorithm>

namespace Tokenscope::Body {

LineDocument::LineDocument(QObject* parent)
    : QObject(parent)
{ }

LineDocument::~LineDocument() = default;

qint64 LineDocument::foldEnd(qint64) const
{
    return -1;
}

DisplayLine LineDocument::lineWindow(qint64 number, qint64, qint64) const
{
    return line(number);
}

qint64 LineDocument::columnAt(qint64 number, qint64 offset) const
{
    return columns(line(number), offset, 0).first;
}

const BodyBuffer* LineDocument::sourceBuffer() const
{
    return nullptr;
}

namespace {

// The columns of a line's text that show bytes of its runs, for offsets asked mostly in ascending order:
// a run of single-byte characters maps bytes to columns at once; in another, a position (byte, column)
// moves on through the run, so ascending offsets walk it once.
class RunColumns
{
public:
    RunColumns(const DisplayLine& line, const BodyBuffer* buffer)
        : m_line(line)
        , m_data(buffer ? buffer->data() : nullptr)
        , m_singleByte(size_t(line.runs.size()), -1)
    { }

    std::pair<qsizetype, qsizetype> columns(qint64 offset, qint64 length)
    {
        const QList<SourceRun>& runs = m_line.runs;
        const qint64 size = m_line.text.size();
        // The start: in the first run that holds a byte at or after it; the end: in the first run that
        // reaches it. Bytes between runs (spacing the line does not show) belong to the next run's start.
        const auto startRun = std::partition_point(runs.begin(), runs.end(),
            [offset](const SourceRun& run) { return run.offset + run.length <= offset; });
        const qint64 start = startRun == runs.end() ? size : column(startRun - runs.begin(), offset, m_start);
        const qint64 endOffset = offset + length;
        const auto endRun = std::partition_point(runs.begin(), runs.end(),
            [endOffset](const SourceRun& run) { return run.offset + run.length < endOffset; });
        const qint64 end = endRun == runs.end() ? size : column(endRun - runs.begin(), endOffset, m_end);
        return {qsizetype(start), qsizetype(std::max(start, end))};
    }

private:
    struct Position
    {
        qsizetype run = -1;
        qint64 byte = 0; // in the body, at the start of a character
        qint64 units = 0; // the columns from the run's start to byte
    };

    // The column of the text that shows the byte at (clamped to run index).
    qint64 column(qsizetype index, qint64 at, Position& position)
    {
        const SourceRun& run = m_line.runs[index];
        const qint64 bytes = std::clamp<qint64>(at - run.offset, 0, run.length);
        return std::clamp<qint64>(run.column + units(index, bytes, position), 0, m_line.text.size());
    }

    // Utf8::utf16Length of the run's first bytes.
    qint64 units(qsizetype index, qint64 bytes, Position& position)
    {
        if (m_data == nullptr)
            return bytes;
        const SourceRun& run = m_line.runs[index];
        qint8& singleByte = m_singleByte[size_t(index)];
        if (singleByte < 0)
            singleByte = Utf8::utf16Length(m_data + run.offset, run.length) == run.length ? 1 : 0;
        // No character of several bytes in the run (one that is not valid UTF-8 is a column a byte): none
        // in any of its first bytes either.
        if (singleByte == 1)
            return bytes;
        const qint64 target = run.offset + bytes;
        if (position.run != index || position.byte > target)
            position = {index, run.offset, 0};
        const char* const end = m_data + run.offset + run.length;
        const char* const stop = m_data + target;
        const char* p = m_data + position.byte;
        // Whole characters before the target; a character it cuts counts as utf16Length of its bytes
        // before the target, as decoding them alone would.
        while (p < stop) {
            const Utf8::Sequence sequence = Utf8::sequenceAt(p, end);
            if (sequence.bytes > stop - p)
                break;
            p += sequence.bytes;
            position.units += sequence.units;
        }
        position.byte = p - m_data;
        return position.units + Utf8::utf16Length(p, stop - p);
    }

    const DisplayLine& m_line;
    const char* m_data;
    std::vector<qint8> m_singleByte; // per run: -1 not known yet, 1 each byte a column, 0 not
    Position m_start;
    Position m_end;
};

} // namespace

std::pair<qsizetype, qsizetype> LineDocument::columns(
    const DisplayLine& line, qint64 offset, qint64 length) const
{
    if (line.runs.isEmpty()) {
        const qint64 size = line.text.size();
        const qint64 start = std::clamp<qint64>(offset - line.sourceOffset, 0, size);
        const qint64 end = std::clamp<qint64>(offset + length - line.sourceOffset, start, size);
        return {qsizetype(start), qsizetype(end)};
    }
    return RunColumns(line, sourceBuffer()).columns(offset, length);
}

std::vector<std::pair<qsizetype, qsizetype>> LineDocument::matchColumns(
    const DisplayLine& line, const std::vector<std::pair<qint64, qint64>>& stretches) const
{
    std::vector<std::pair<qsizetype, qsizetype>> result;
    result.reserve(stretches.size());
    if (line.runs.isEmpty()) {
        for (const auto& [offset, length] : stretches)
            result.push_back(columns(line, offset, length));
        return result;
    }
    RunColumns runs(line, sourceBuffer());
    for (const auto& [offset, length] : stretches)
        result.push_back(runs.columns(offset, length));
    return result;
}

std::vector<std::pair<qint64, qint64>> LineDocument::outerBlocks(qint64 first, qint64 last) const
{
    std::vector<std::pair<qint64, qint64>> blocks;
    for (qint64 line = first; line <= last;) {
        const qint64 end = foldEnd(line);
        if (end > line) {
            blocks.emplace_back(line, end);
            line = end + 1;
        } else {
            ++line;
        }
    }
    return blocks;
}

QString LineDocument::path(qint64) const
{
    return {};
}

QByteArray LineDocument::value(qint64) const
{
    return {};
}

} // namespace Tokenscope::Body
