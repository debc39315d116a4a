#include "bodybuffer.h"
#include "jsondocument.h"
#include "utf8text.h"

#include <algorithm>
#include <cstring>

// The lines of JsonLineDocument as the viewer paints them: built from the layout of a line (its tokens
// and the spacing between them); a line of hundreds of megabytes (one JSON string) in a window of
// columns, with the column ↔ byte relation of its long token kept for the long lines on screen.
namespace Tokenscope::Body {

using JsonLines::LineInfo;
using JsonLines::scanLine;

namespace {

// A line longer than this is painted in windows of columns.
constexpr qint64 longLineBytes = qint64(64) * 1024;
// A token longer than this has its column ↔ byte relation kept, marked every markUnits columns.
constexpr qint64 longTokenBytes = qint64(64) * 1024;
constexpr qint64 markUnits = qint64(64) * 1024;

// A piece of a pretty line: a token's bytes, or text that is not in the body (indentation, the space
// after a colon).
struct Piece
{
    qint64 begin = -1; // -1: literal
    qint64 end = -1;
    QString literal;
    TextKind kind = TextKind::Plain;
};

std::vector<Piece> layout(const char* data, const LineInfo& info, qint32 depth)
{
    std::vector<Piece> pieces;
    pieces.push_back({-1, -1, QString(2 * qsizetype(depth), QLatin1Char(' ')), TextKind::Plain});
    auto token = [&](qint64 begin, qint64 end, TextKind kind) { pieces.push_back({begin, end, {}, kind}); };
    if (info.closes) {
        token(info.start, info.start + 1, TextKind::Punctuation);
    } else {
        if (info.keyBegin >= 0) {
            token(info.keyBegin, info.keyEnd, TextKind::Key);
            const auto* colon = static_cast<const char*>(
                std::memchr(data + info.keyEnd, ':', size_t(info.valueBegin - info.keyEnd)));
            token(colon - data, colon - data + 1, TextKind::Punctuation);
            pieces.push_back({-1, -1, QStringLiteral(" "), TextKind::Plain});
        }
        if (info.opens) {
            token(info.valueBegin, info.valueBegin + 1, TextKind::Punctuation);
        } else if (info.emptyContainer) {
            // `{ }` in the body shows as `{}`: the spacing between the brackets is not shown.
            token(info.valueBegin, info.valueBegin + 1, TextKind::Punctuation);
            token(info.valueEnd - 1, info.valueEnd, TextKind::Punctuation);
        } else {
            const TextKind kind = info.kind == JsonScan::Scalar::String ? TextKind::String
                : info.kind == JsonScan::Scalar::Number                 ? TextKind::Number
                                                                        : TextKind::Keyword;
            token(info.valueBegin, info.valueEnd, kind);
        }
    }
    if (info.comma)
        token(info.end - 1, info.end, TextKind::Punctuation);
    return pieces;
}

void append(DisplayLine& line, const QString& text, TextKind kind)
{
    if (kind != TextKind::Plain)
        line.spans.append({line.text.size(), text.size(), kind});
    line.text += text;
}

} // namespace

DisplayLine JsonLineDocument::line(qint64 number) const
{
    if (number < 0 || number >= m_lineCount)
        return {};
    const auto [info, depth] = locate(number);
    const char* data = m_body->data();
    DisplayLine line;
    line.sourceOffset = info.start;
    line.sourceLength = info.end - info.start;
    // Each token as a run of its bytes, so a match in the body is highlighted where the token shows.
    for (const Piece& piece : layout(data, info, depth)) {
        if (piece.begin < 0) {
            append(line, piece.literal, piece.kind);
            continue;
        }
        line.runs.append({line.text.size(), piece.begin, piece.end - piece.begin});
        append(line, Utf8::decode(data + piece.begin, piece.end - piece.begin), piece.kind);
    }
    return line;
}

DisplayLine JsonLineDocument::lineWindow(qint64 number, qint64 firstColumn, qint64 maxColumns) const
{
    if (number < 0 || number >= m_lineCount)
        return {};
    const auto [info, depth] = locate(number);
    if (info.end - info.start <= longLineBytes)
        return line(number);
    const char* data = m_body->data();
    firstColumn = std::max<qint64>(0, firstColumn);
    const qint64 lastColumn = firstColumn + std::max<qint64>(0, maxColumns);
    DisplayLine line;
    line.sourceOffset = info.start;
    line.sourceLength = info.end - info.start;
    line.firstColumn = firstColumn;
    qint64 column = 0;
    for (const Piece& piece : layout(data, info, depth)) {
        const bool literal = piece.begin < 0;
        const qint64 units = literal ? piece.literal.size() : tokenUnits(piece.begin, piece.end, piece.end);
        const qint64 from = std::max(column, firstColumn);
        const qint64 to = std::min(column + units, lastColumn);
        if (from < to) {
            if (literal) {
                append(line, piece.literal.mid(from - column, to - from), piece.kind);
            } else {
                const qint64 begin = tokenBytes(piece.begin, piece.end, from - column);
                const qint64 end = tokenBytes(piece.begin, piece.end, to - column);
                line.runs.append({line.text.size(), begin, end - begin});
                append(line, Utf8::decode(data + begin, end - begin), piece.kind);
            }
        }
        column += units;
    }
    line.columnCount = column;
    return line;
}

qint64 JsonLineDocument::columnAt(qint64 number, qint64 offset) const
{
    if (number < 0 || number >= m_lineCount)
        return 0;
    const auto [info, depth] = locate(number);
    if (info.end - info.start <= longLineBytes)
        return LineDocument::columnAt(number, offset);
    qint64 column = 0;
    for (const Piece& piece : layout(m_body->data(), info, depth)) {
        if (piece.begin < 0) {
            column += piece.literal.size();
            continue;
        }
        if (offset < piece.end)
            return column + (offset <= piece.begin ? 0 : tokenUnits(piece.begin, piece.end, offset));
        column += tokenUnits(piece.begin, piece.end, piece.end);
    }
    return column;
}

const JsonLineDocument::LongToken& JsonLineDocument::longToken(qint64 begin, qint64 end) const
{
    const auto found = m_longTokens.find(begin);
    if (found != m_longTokens.end() && found->second.end == end) {
        found->second.used = ++m_longTokenClock;
        return found->second;
    }
    // Full: the least recently used makes room (a scan of the few slots, only when a token is walked).
    if (found == m_longTokens.end() && m_longTokens.size() >= longTokenSlots) {
        m_longTokens.erase(std::min_element(m_longTokens.begin(), m_longTokens.end(),
            [](const auto& a, const auto& b) { return a.second.used < b.second.used; }));
    }
    // Walked once, eight bytes at a time through ASCII, marking where every markUnits-th column starts.
    ++m_longTokenWalks;
    LongToken& token = m_longTokens[begin];
    token = {begin, end, 0, {{0, begin}}, ++m_longTokenClock};
    const char* const data = m_body->data();
    const char* p = data + begin;
    const char* const stop = data + end;
    qint64 units = 0;
    qint64 next = markUnits;
    while (p < stop) {
        quint64 word = 0;
        if (stop - p >= 8 && units + 8 <= next
            && (std::memcpy(&word, p, 8), (word & 0x8080808080808080ULL) == 0)) {
            p += 8;
            units += 8;
        } else {
            const Utf8::Sequence sequence = Utf8::sequenceAt(p, stop);
            p += sequence.bytes;
            units += sequence.units;
        }
        if (units >= next) {
            token.marks.emplace_back(units, p - data);
            next = units + markUnits;
        }
    }
    token.units = units;
    return token;
}

qint64 JsonLineDocument::tokenUnits(qint64 begin, qint64 end, qint64 offset) const
{
    const char* data = m_body->data();
    if (end - begin <= longTokenBytes)
        return Utf8::utf16Length(data + begin, offset - begin);
    const LongToken& token = longToken(begin, end);
    if (offset >= end)
        return token.units;
    // The last mark at or before offset.
    const auto after = std::upper_bound(token.marks.begin(), token.marks.end(), offset,
        [](qint64 at, const std::pair<qint64, qint64>& mark) { return at < mark.second; });
    const auto& [units, byte] = *(after - 1);
    return units + Utf8::utf16Length(data + byte, offset - byte);
}

qint64 JsonLineDocument::tokenBytes(qint64 begin, qint64 end, qint64 units) const
{
    const char* data = m_body->data();
    if (end - begin <= longTokenBytes)
        return begin + Utf8::bytesFor(data + begin, data + end, units);
    const LongToken& token = longToken(begin, end);
    // The last mark at or before units.
    const auto after = std::upper_bound(token.marks.begin(), token.marks.end(), units,
        [](qint64 count, const std::pair<qint64, qint64>& mark) { return count < mark.first; });
    const auto& [marked, byte] = *(after - 1);
    return byte + Utf8::bytesFor(data + byte, data + end, units - marked);
}

const BodyBuffer* JsonLineDocument::sourceBuffer() const
{
    return m_body.get();
}

std::vector<std::pair<qint64, qint64>> JsonLineDocument::outerBlocks(qint64 first, qint64 last) const
{
    // One walk over the lines: a block that spans a checkpoint is skipped at once (its frame knows its
    // end), a smaller one is read through to its closing line.
    std::vector<std::pair<qint64, qint64>> blocks;
    last = std::min(last, m_lineCount - 1);
    if (first < 0 || first > last)
        return blocks;
    const char* data = m_body->data();
    const qint64 size = m_body->size();
    qint64 number = first;
    LineInfo info = locate(number).info;
    while (number <= last) {
        if (!info.opens) {
            if (++number > last)
                break;
            info = scanLine(data, size, info.next, info.nextDepth);
            continue;
        }
        const qint64 framed = frameEnd(number);
        if (framed > number) {
            blocks.emplace_back(number, framed);
            number = framed + 1;
            if (number > last)
                break;
            info = locate(number).info;
            continue;
        }
        qint64 end = number;
        qint64 open = 1;
        while (open > 0 && end + 1 < m_lineCount) {
            info = scanLine(data, size, info.next, info.nextDepth);
            ++end;
            open += info.opens ? 1 : info.closes ? -1 : 0;
        }
        if (open > 0)
            break; // not closed: an incomplete document
        blocks.emplace_back(number, end);
        number = end + 1;
        if (number > last)
            break;
        info = scanLine(data, size, info.next, info.nextDepth);
    }
    return blocks;
}

} // namespace Tokenscope::Body
