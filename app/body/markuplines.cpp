#include "bodybuffer.h"
#include "markupdocument.h"
#include "utf8text.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>

// The lines of MarkupLineDocument as the viewer paints them; a line of hundreds of megabytes (a long text
// node, a minified script) in a window of columns.
namespace Tokenscope::Body {

using Markup::LineInfo;
using Markup::Token;
using Markup::Walker;

namespace {

// A line longer than this is painted in windows of columns.
constexpr qint64 longLineBytes = qint64(64) * 1024;

// Builds a display line from body bytes, every byte of [clip, end) once, in order, after the
// indentation: the line's text is the indentation and Utf8::decode of those bytes. Windowed, it keeps only
// the columns [from, to) of that text and counts the line's columns.
class LineBuilder final
{
public:
    LineBuilder(const char* data, const LineInfo& info, DisplayLine& line, qint64 from = 0, qint64 to = -1)
        : m_data(data)
        , m_clip(info.begin)
        , m_end(info.end)
        , m_line(line)
        , m_from(from)
        , m_to(to)
    {
        const QString indent(info.indent, QLatin1Char(' '));
        m_line.text = windowed()
            ? indent.mid(from, std::max<qint64>(0, std::min<qint64>(to, info.indent) - from))
            : indent;
        m_column = info.indent;
    }

    // The columns of the whole line so far.
    qint64 column() const { return m_column; }

    void add(qint64 begin, qint64 end, TextKind kind)
    {
        begin = std::max(begin, m_clip);
        end = std::min(end, m_end);
        if (begin >= end)
            return;
        if (windowed()) {
            // Only the part in the window is decoded: a line of hundreds of megabytes is not built whole.
            const qint64 units = Utf8::utf16Length(m_data + begin, end - begin);
            const qint64 from = std::max(m_column, m_from);
            const qint64 to = std::min(m_column + units, m_to);
            if (from < to) {
                const qint64 first = begin + Utf8::bytesFor(m_data + begin, m_data + end, from - m_column);
                const qint64 last = first + Utf8::bytesFor(m_data + first, m_data + end, to - from);
                append(first, last, kind);
            }
            m_column += units;
            return;
        }
        m_column += append(begin, end, kind);
    }

    // Text with its character and entity references (`&amp;`, `&#233;`) marked.
    void text(qint64 begin, qint64 end)
    {
        qint64 plain = begin;
        for (qint64 p = begin; p < end; ++p) {
            if (m_data[p] != '&')
                continue;
            qint64 q = p + 1;
            while (q < end && q - p <= 32
                && (std::isalnum(static_cast<unsigned char>(m_data[q])) || m_data[q] == '#'))
                ++q;
            if (q < end && q > p + 1 && m_data[q] == ';') {
                add(plain, p, TextKind::Plain);
                add(p, q + 1, TextKind::Number);
                plain = q + 1;
                p = q;
            }
        }
        add(plain, end, TextKind::Plain);
    }

    // One tag from its `<`: punctuation, the name, attribute names and values. Returns where it ends.
    qint64 tag(qint64 from, qint64 limit)
    {
        const char* const d = m_data;
        qint64 p = from + (from + 1 < limit && d[from + 1] == '/' ? 2 : 1);
        add(from, p, TextKind::Punctuation);
        const qint64 name = p;
        while (p < limit && !isSpace(d[p]) && d[p] != '>' && d[p] != '/' && d[p] != '=')
            ++p;
        add(name, p, TextKind::Key);
        bool afterEquals = false;
        while (p < limit) {
            const char c = d[p];
            qint64 q = p + 1;
            if (c == '>') {
                add(p, q, TextKind::Punctuation);
                return q;
            }
            if (c == '/' && q < limit && d[q] == '>') {
                add(p, q + 1, TextKind::Punctuation);
                return q + 1;
            }
            if (isSpace(c)) {
                while (q < limit && isSpace(d[q]))
                    ++q;
                add(p, q, TextKind::Plain);
            } else if (c == '=') {
                add(p, q, TextKind::Punctuation);
                afterEquals = true;
            } else if (afterEquals) {
                if (c == '"' || c == '\'') {
                    const auto* quote = static_cast<const char*>(std::memchr(d + q, c, size_t(limit - q)));
                    q = quote ? quote - d + 1 : limit;
                } else {
                    // As the walker reads it: an `=` in an unquoted value may start a quoted one.
                    while (q < limit && !isSpace(d[q]) && d[q] != '>' && d[q] != '=')
                        ++q;
                }
                add(p, q, TextKind::String);
                afterEquals = false;
            } else {
                while (q < limit && !isSpace(d[q]) && d[q] != '=' && d[q] != '>'
                    && !(d[q] == '/' && q + 1 < limit && d[q + 1] == '>'))
                    ++q;
                add(p, q, TextKind::Keyword);
            }
            p = q;
        }
        return limit;
    }

private:
    bool windowed() const { return m_to >= 0; }

    // Each piece as a run of its bytes, so a match in the body is highlighted where it shows.
    qint64 append(qint64 begin, qint64 end, TextKind kind)
    {
        m_line.runs.append({m_line.text.size(), begin, end - begin});
        const QString piece = Utf8::decode(m_data + begin, end - begin);
        if (kind != TextKind::Plain)
            m_line.spans.append({m_line.text.size(), piece.size(), kind});
        m_line.text += piece;
        return piece.size();
    }

    static bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

    const char* m_data;
    qint64 m_clip;
    qint64 m_end;
    DisplayLine& m_line;
    qint64 m_from;
    qint64 m_to;
    qint64 m_column = 0;
};

// The pieces of the line info describes, coloured.
void render(const char* data, const LineInfo& info, LineBuilder& builder)
{
    switch (info.token) {
    case Token::StartTag:
    case Token::EndTag:
        // A tag the body never closes runs to the end of it.
        builder.add(builder.tag(info.tokenBegin, info.end), info.end, TextKind::Plain);
        break;
    case Token::Inline: {
        const qint64 content = builder.tag(info.tokenBegin, info.end);
        const size_t endTag = std::string_view(data + content, size_t(info.end - content)).rfind("</");
        if (endTag == std::string_view::npos) {
            builder.add(content, info.end, TextKind::Plain);
            break;
        }
        builder.text(content, content + qint64(endTag));
        builder.tag(content + qint64(endTag), info.end);
        break;
    }
    case Token::Text:
        builder.text(info.begin, info.end);
        break;
    case Token::RawText:
        builder.add(info.begin, info.end, TextKind::Plain);
        break;
    case Token::Comment:
        builder.add(info.begin, info.end, TextKind::Punctuation);
        break;
    case Token::CData:
        builder.add(info.begin, info.end, TextKind::String);
        break;
    case Token::Instruction:
    case Token::Declaration:
        builder.add(info.begin, info.end, TextKind::Keyword);
        break;
    }
}

} // namespace

bool MarkupLineDocument::locate(qint64 number, LineInfo& info) const
{
    if (number < 0 || number >= m_lineCount)
        return false;
    Walker walker = walkerAt(number);
    return walkTo(walker, number, info);
}

DisplayLine MarkupLineDocument::line(qint64 number) const
{
    LineInfo info;
    if (!locate(number, info))
        return {};
    DisplayLine line;
    line.sourceOffset = info.begin;
    line.sourceLength = info.end - info.begin;
    LineBuilder builder(m_body->data(), info, line);
    render(m_body->data(), info, builder);
    return line;
}

DisplayLine MarkupLineDocument::lineWindow(qint64 number, qint64 firstColumn, qint64 maxColumns) const
{
    LineInfo info;
    if (!locate(number, info))
        return {};
    if (info.end - info.begin <= longLineBytes)
        return line(number);
    DisplayLine line;
    line.sourceOffset = info.begin;
    line.sourceLength = info.end - info.begin;
    line.firstColumn = std::max<qint64>(0, firstColumn);
    LineBuilder builder(
        m_body->data(), info, line, line.firstColumn, line.firstColumn + std::max<qint64>(0, maxColumns));
    render(m_body->data(), info, builder);
    line.columnCount = builder.column();
    return line;
}

qint64 MarkupLineDocument::columnAt(qint64 number, qint64 offset) const
{
    LineInfo info;
    if (!locate(number, info))
        return 0;
    if (info.end - info.begin <= longLineBytes)
        return LineDocument::columnAt(number, offset);
    // The text is the indentation and the line's bytes decoded, piece after piece.
    const qint64 bytes = std::clamp(offset, info.begin, info.end) - info.begin;
    return info.indent + Utf8::utf16Length(m_body->data() + info.begin, bytes);
}

} // namespace Tokenscope::Body
