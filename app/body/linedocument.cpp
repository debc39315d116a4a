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

std::pair<qsizetype, qsizetype> LineDocument::columns(
    const DisplayLine& line, qint64 offset, qint64 length) const
{
    const qint64 size = line.text.size();
    if (line.runs.isEmpty()) {
        const qint64 start = std::clamp<qint64>(offset - line.sourceOffset, 0, size);
        const qint64 end = std::clamp<qint64>(offset + length - line.sourceOffset, start, size);
        return {qsizetype(start), qsizetype(end)};
    }
    const BodyBuffer* buffer = sourceBuffer();
    auto within = [&](const SourceRun& run, qint64 at) {
        const qint64 bytes = std::clamp<qint64>(at - run.offset, 0, run.length);
        const qint64 units = buffer ? Utf8::utf16Length(buffer->data() + run.offset, bytes) : bytes;
        return std::clamp<qint64>(run.column + units, 0, size);
    };
    // The start: in the first run that holds a byte at or after it; the end: in the first run that
    // reaches it. Bytes between runs (spacing the line does not show) belong to the next run's start.
    qint64 start = size;
    for (const SourceRun& run : line.runs) {
        if (offset < run.offset + run.length) {
            start = within(run, offset);
            break;
        }
    }
    const qint64 endOffset = offset + length;
    qint64 end = size;
    for (const SourceRun& run : line.runs) {
        if (endOffset <= run.offset + run.length) {
            end = within(run, endOffset);
            break;
        }
    }
    return {qsizetype(start), qsizetype(std::max(start, end))};
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
