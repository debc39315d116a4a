#include "markupscanner.h"

#include <QCoreApplication>

#include <cstring>
#include <string_view>

namespace Tokenscope::Body::Markup {

namespace {

// How far down the open elements an HTML end tag looks for its start tag.
constexpr size_t htmlMatchDepth = 512;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

bool isVerbatim(Token token)
{
    return token == Token::Comment || token == Token::CData || token == Token::Instruction
        || token == Token::Declaration || token == Token::RawText;
}

QString message(const char* text)
{
    return QCoreApplication::translate("Tokenscope::Body::MarkupDocument", text);
}

} // namespace

Walker::Walker(const char* data, qint64 size, Dialect dialect)
    : m_data(data)
    , m_size(size)
    , m_dialect(dialect)
{ }

void Walker::countSiblings(std::vector<quint32>* siblingOut, std::vector<qint64>* siblingFixups)
{
    m_siblingOut = siblingOut;
    m_siblingFixups = siblingFixups;
}

void Walker::restore(const WalkerState& state, std::vector<Level> levels)
{
    m_state = state;
    m_levels = std::move(levels);
}

Walker::Status Walker::fail(const QString& message, qint64 offset)
{
    m_error = message;
    m_errorOffset = offset;
    return Status::Failed;
}

Walker::Status Walker::next(LineInfo& line)
{
    line = {};
    if (m_state.pendingNext >= 0) {
        emitLine(line, m_state.pendingToken, m_state.pendingBegin, m_state.pendingEnd, m_state.pendingNext,
            m_state.pendingIndent, false);
        return Status::Line;
    }
    const char* const d = m_data;
    if (m_state.rawText) {
        m_state.rawText = false;
        const Level& top = m_levels.back();
        const qint64 end = rawTextEnd(m_state.pos, m_size, top.nameBegin, top.nameLength);
        // Blank lines before and whitespace after are layout; the lines between are shown as received.
        qint64 begin = m_state.pos;
        qint64 p = begin;
        for (; p < end && isSpace(d[p]); ++p) {
            if (d[p] == '\n')
                begin = p + 1;
        }
        qint64 last = end;
        while (last > p && isSpace(d[last - 1]))
            --last;
        m_state.pos = end;
        if (p < last) {
            emitLine(line, Token::RawText, begin, last, begin, 0, true);
            return Status::Line;
        }
    }
    qint64 at = m_state.pos;
    while (at < m_size && isSpace(d[at]))
        ++at;
    m_state.pos = at;
    if (at == m_size) {
        if (m_dialect == Dialect::Xml && !m_levels.empty()) {
            const Level& open = m_levels.back();
            return fail(message(QT_TRANSLATE_NOOP(
                                    "Tokenscope::Body::MarkupDocument", "The element <%1> is not closed."))
                            .arg(QString::fromUtf8(d + open.nameBegin, std::min(open.nameLength, 64))),
                open.nameBegin - 1);
        }
        while (!m_levels.empty())
            pop(m_state.lines - 1);
        return Status::End;
    }
    if (d[at] == '<' && isMarkupStart(at)) {
        if (d[at + 1] == '/')
            return endTag(line, at);
        if (d[at + 1] == '!' || d[at + 1] == '?')
            return special(line, at);
        return startTag(line, at);
    }
    if (m_dialect == Dialect::Xml && d[at] == '<')
        return fail(message(QT_TRANSLATE_NOOP("Tokenscope::Body::MarkupDocument",
                        "A < that starts no tag: write it as &lt; in text.")),
            at);
    // Text, up to the next markup (HTML lets a lone < be text).
    qint64 end = at + 1;
    for (;;) {
        const auto* lt = static_cast<const char*>(std::memchr(d + end, '<', size_t(m_size - end)));
        if (!lt) {
            end = m_size;
            break;
        }
        end = lt - d;
        if (m_dialect == Dialect::Xml || isMarkupStart(end))
            break;
        ++end;
    }
    qint64 last = end;
    while (last > at && isSpace(d[last - 1]))
        --last;
    m_state.pos = end;
    emitLine(line, Token::Text, at, last, at, qint32(m_levels.size()) * 2, true);
    return Status::Line;
}

void Walker::emitLine(
    LineInfo& line, Token token, qint64 begin, qint64 end, qint64 from, qint32 indent, bool first)
{
    const char* const d = m_data;
    const bool verbatim = isVerbatim(token);
    const auto* newline = static_cast<const char*>(std::memchr(d + from, '\n', size_t(end - from)));
    const qint64 stop = newline ? newline - d : end;
    qint64 lineEnd = stop;
    if (verbatim) {
        if (lineEnd > from && d[lineEnd - 1] == '\r')
            --lineEnd;
    } else {
        while (lineEnd > from && isSpace(d[lineEnd - 1]))
            --lineEnd;
    }
    line.begin = from;
    line.end = lineEnd;
    line.tokenBegin = begin;
    line.tokenEnd = end;
    line.indent = token == Token::RawText || (verbatim && !first) ? 0 : indent;
    line.token = token;
    line.first = first;
    ++m_state.lines;
    m_state.pendingNext = -1;
    if (stop >= end)
        return;
    qint64 next = stop + 1;
    if (!verbatim) {
        while (next < end && isSpace(d[next]))
            ++next;
    }
    if (next >= end)
        return;
    m_state.pendingNext = next;
    m_state.pendingBegin = begin;
    m_state.pendingEnd = end;
    m_state.pendingToken = token;
    // A tag's attributes on later lines sit under its name; text stays at its level.
    m_state.pendingIndent = !first || token == Token::Text ? indent : verbatim ? 0 : indent + 4;
}

quint32 Walker::siblingIndex(qint64 nameBegin, qint32 nameLength)
{
    const qint64 ordinal = m_state.elements++;
    if (m_lookup)
        return m_lookup(ordinal);
    if (!m_siblingOut)
        return 0;
    auto* children = &m_topChildren;
    if (!m_levels.empty()) {
        auto& own = m_levels.back().children;
        if (!own)
            own = std::make_unique<std::unordered_map<std::string, std::pair<quint32, qint64>>>();
        children = own.get();
    }
    std::string key(m_data + nameBegin, size_t(nameLength));
    if (m_dialect == Dialect::Html) {
        for (char& c : key)
            c = lower(c);
    }
    auto [it, inserted] = children->try_emplace(std::move(key), 0, ordinal);
    const quint32 index = ++it->second.first;
    if (index == 2 && m_siblingFixups)
        m_siblingFixups->push_back(it->second.second);
    m_siblingOut->push_back(index);
    return index;
}

void Walker::push(qint64 nameBegin, qint32 nameLength, quint32 index)
{
    Level level;
    level.nameBegin = nameBegin;
    level.nameLength = nameLength;
    level.startLine = m_state.lines;
    level.element = m_state.elements - 1;
    level.index = index;
    m_levels.push_back(std::move(level));
}

void Walker::pop(qint64 endLine)
{
    const Level closed = std::move(m_levels.back());
    m_levels.pop_back();
    if (m_closed)
        m_closed(closed, endLine);
}

Walker::Status Walker::startTag(LineInfo& line, qint64 at)
{
    const qint64 nameBegin = at + 1;
    const qint32 nameLength = nameLengthAt(nameBegin);
    qint64 end = tagEnd(nameBegin + nameLength);
    const bool ended = end >= 0;
    if (!ended) {
        if (m_dialect == Dialect::Xml)
            return fail(message(QT_TRANSLATE_NOOP(
                            "Tokenscope::Body::MarkupDocument", "The tag is not closed with >.")),
                at);
        end = m_size;
    }
    m_state.pos = end;
    const bool selfClosing = ended && m_data[end - 2] == '/';
    if (!ended || selfClosing || (m_dialect == Dialect::Html && isVoid(nameBegin, nameLength))) {
        const quint32 index = siblingIndex(nameBegin, nameLength);
        emitLine(line, Token::StartTag, at, end, at, qint32(m_levels.size()) * 2, true);
        line.nameBegin = nameBegin;
        line.nameLength = nameLength;
        line.index = index;
        return Status::Line;
    }
    if (m_dialect == Dialect::Html)
        closeImplied(nameBegin, nameLength);
    const bool raw = m_dialect == Dialect::Html && isRawText(nameBegin, nameLength);
    const qint32 indent = qint32(m_levels.size()) * 2;
    const qint64 inlineAt
        = std::memchr(m_data + at, '\n', size_t(end - at)) ? -1 : inlineEnd(end, nameBegin, nameLength, raw);
    const quint32 index = siblingIndex(nameBegin, nameLength);
    if (inlineAt >= 0) {
        m_state.pos = inlineAt;
        emitLine(line, Token::Inline, at, inlineAt, at, indent, true);
    } else {
        push(nameBegin, nameLength, index);
        m_state.rawText = raw;
        emitLine(line, Token::StartTag, at, end, at, indent, true);
        line.opens = true;
    }
    line.nameBegin = nameBegin;
    line.nameLength = nameLength;
    line.index = index;
    return Status::Line;
}

Walker::Status Walker::endTag(LineInfo& line, qint64 at)
{
    const qint64 nameBegin = at + 2;
    const qint32 nameLength = nameLengthAt(nameBegin);
    const qint64 from = nameBegin + nameLength;
    const auto* gt = static_cast<const char*>(std::memchr(m_data + from, '>', size_t(m_size - from)));
    if (!gt && m_dialect == Dialect::Xml)
        return fail(
            message(QT_TRANSLATE_NOOP("Tokenscope::Body::MarkupDocument", "The tag is not closed with >.")),
            at);
    const qint64 end = gt ? gt - m_data + 1 : m_size;
    m_state.pos = end;
    const QString name = QString::fromUtf8(m_data + nameBegin, std::min(nameLength, 64));
    bool closes = false;
    quint32 index = 0;
    if (m_dialect == Dialect::Xml) {
        if (m_levels.empty())
            return fail(message(QT_TRANSLATE_NOOP("Tokenscope::Body::MarkupDocument",
                                    "The end tag </%1> has no start tag."))
                            .arg(name),
                at);
        const Level& top = m_levels.back();
        if (!sameName(top.nameBegin, top.nameLength, nameBegin, nameLength)) {
            return fail(
                message(QT_TRANSLATE_NOOP("Tokenscope::Body::MarkupDocument",
                            "The end tag </%1> does not match the start tag <%2>."))
                    .arg(name, QString::fromUtf8(m_data + top.nameBegin, std::min(top.nameLength, 64))),
                at);
        }
        index = top.index;
        pop(m_state.lines);
        closes = true;
    } else {
        // An end tag closes what its start tag opened, and whatever was left open inside; one that matches
        // nothing open is shown and otherwise ignored.
        const size_t floor = m_levels.size() > htmlMatchDepth ? m_levels.size() - htmlMatchDepth : 0;
        for (size_t i = m_levels.size(); i > floor; --i) {
            const Level& open = m_levels[i - 1];
            if (!sameName(open.nameBegin, open.nameLength, nameBegin, nameLength))
                continue;
            while (m_levels.size() > i)
                pop(m_state.lines - 1);
            index = m_levels.back().index;
            pop(m_state.lines);
            closes = true;
            break;
        }
    }
    emitLine(line, Token::EndTag, at, end, at, qint32(m_levels.size()) * 2, true);
    line.closes = closes;
    line.nameBegin = nameBegin;
    line.nameLength = nameLength;
    line.index = index;
    return Status::Line;
}

Walker::Status Walker::special(LineInfo& line, qint64 at)
{
    const std::string_view body(m_data, size_t(m_size));
    const auto startsWith
        = [&](std::string_view prefix) { return body.substr(size_t(at)).starts_with(prefix); };
    const auto until = [&](std::string_view terminator, qint64 from) -> qint64 {
        const size_t found = body.find(terminator, size_t(from));
        return found == std::string_view::npos ? -1 : qint64(found + terminator.size());
    };
    Token token = Token::Declaration;
    qint64 end = -1;
    const char* unterminated
        = QT_TRANSLATE_NOOP("Tokenscope::Body::MarkupDocument", "The declaration is not closed with >.");
    if (startsWith("<!--")) {
        token = Token::Comment;
        end = until("-->", at + 4);
        unterminated
            = QT_TRANSLATE_NOOP("Tokenscope::Body::MarkupDocument", "The comment is not closed with -->.");
    } else if (startsWith("<![CDATA[")) {
        token = Token::CData;
        end = until("]]>", at + 9);
        unterminated = QT_TRANSLATE_NOOP(
            "Tokenscope::Body::MarkupDocument", "The CDATA section is not closed with ]]>.");
    } else if (m_data[at + 1] == '?') {
        token = Token::Instruction;
        end = until(m_dialect == Dialect::Xml ? "?>" : ">", at + 2);
        unterminated = QT_TRANSLATE_NOOP(
            "Tokenscope::Body::MarkupDocument", "The processing instruction is not closed with ?>.");
    } else {
        // <!DOCTYPE …>, whose internal subset [ … ] and quoted identifiers may hold a >.
        int brackets = 0;
        char quote = 0;
        for (qint64 p = at + 2; p < m_size; ++p) {
            const char c = m_data[p];
            // Comments and processing instructions in the internal subset may hold quotes and brackets.
            if (!quote && brackets > 0 && c == '<' && p + 1 < m_size
                && (m_data[p + 1] == '!' || m_data[p + 1] == '?')) {
                const bool comment = body.substr(size_t(p)).starts_with("<!--");
                if (comment || m_data[p + 1] == '?') {
                    const qint64 skipped = until(comment ? "-->" : "?>", p + 2);
                    if (skipped < 0)
                        break;
                    p = skipped - 1;
                    continue;
                }
            }
            if (quote) {
                if (c == quote)
                    quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[') {
                ++brackets;
            } else if (c == ']') {
                --brackets;
            } else if (c == '>' && brackets <= 0) {
                end = p + 1;
                break;
            }
        }
    }
    if (end < 0) {
        if (m_dialect == Dialect::Xml)
            return fail(message(unterminated), at);
        end = m_size;
    }
    m_state.pos = end;
    emitLine(line, token, at, end, at, qint32(m_levels.size()) * 2, true);
    return Status::Line;
}

} // namespace Tokenscope::Body::Markup
