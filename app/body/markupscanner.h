#pragma once

// The line layer under MarkupLineDocument: walks XML or HTML bytes and hands out the pretty lines one at
// a time, with the open elements on a stack. The same walker indexes the body on the worker thread and,
// restarted from a checkpoint, renders a line on the GUI thread, so both always agree.

#include <QString>
#include <QtGlobal>

#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace Tokenscope::Body::Markup {

enum class Dialect : quint8 { Xml, Html };

enum class Token : quint8 {
    StartTag, // a start tag; opens an element unless it closes itself (`/>`) or is an HTML void element
    EndTag,
    Inline, // a short element on one line: `<name>Jan</name>`
    Text,
    RawText, // the content of an HTML script, style, textarea or title element
    Comment,
    CData,
    Instruction, // `<?…?>`
    Declaration, // `<!DOCTYPE …>`
};

// One display line: the bytes it shows and what they belong to.
struct LineInfo
{
    qint64 begin = 0; // the bytes shown, [begin, end), no line break
    qint64 end = 0;
    qint64 tokenBegin = 0; // the token the line is part of
    qint64 tokenEnd = 0;
    qint32 indent = 0; // spaces before the bytes
    Token token = Token::Text;
    bool first = true; // the token's first line
    bool opens = false; // the first line of a start tag that opened an element
    bool closes = false; // an end tag that closed an element
    qint64 nameBegin = -1; // StartTag, EndTag, Inline: the element's name
    qint32 nameLength = 0;
    quint32 index = 0; // StartTag, Inline, closing EndTag: place among same-name siblings (see siblingFlag)
};

// A sibling index with this bit set: the element has same-name siblings (its path shows `[1]`).
constexpr quint32 siblingFlag = 0x80000000U;

// An open element.
struct Level
{
    qint64 nameBegin = 0;
    qint32 nameLength = 0;
    qint32 frame = -1; // the document's frame for it, once a checkpoint has seen it open
    qint64 startLine = 0;
    qint64 element = -1; // its ordinal among the body's elements
    quint32 index = 0;
    // While indexing: how many children of each name so far, and the ordinal of the first.
    std::unique_ptr<std::unordered_map<std::string, std::pair<quint32, qint64>>> children;
};

// Where the walker is between two lines: all it needs, besides the open elements, to go on.
struct WalkerState
{
    qint64 pos = 0; // the next token
    qint64 lines = 0; // lines produced so far
    qint64 elements = 0; // elements met so far (ordinals)
    qint64 pendingNext = -1; // the next line of a token spanning lines, -1 for none
    qint64 pendingBegin = 0;
    qint64 pendingEnd = 0;
    qint32 pendingIndent = 0;
    Token pendingToken = Token::Text;
    bool rawText = false; // the innermost open element's raw text comes next (HTML)
};

class Walker final
{
public:
    enum class Status : quint8 { Line, End, Failed };

    Walker(const char* data, qint64 size, Dialect dialect);

    // Counting mode (indexing): sibling indices are counted; each element's goes to siblingOut, and an
    // element found to have same-name siblings after all gets its ordinal in siblingFixups.
    void countSiblings(std::vector<quint32>* siblingOut, std::vector<qint64>* siblingFixups);
    // Replay mode: sibling indices are looked up by element ordinal.
    void lookUpSiblings(std::function<quint32(qint64)> lookup) { m_lookup = std::move(lookup); }
    // Called for every element that closes, with the last line of its block.
    void onClose(std::function<void(const Level&, qint64)> closed) { m_closed = std::move(closed); }

    void restore(const WalkerState& state, std::vector<Level> levels);

    Status next(LineInfo& line);

    const WalkerState& state() const { return m_state; }
    std::vector<Level>& levels() { return m_levels; }
    const std::vector<Level>& levels() const { return m_levels; }
    QString errorMessage() const { return m_error; }
    qint64 errorOffset() const { return m_errorOffset; }

private:
    Status fail(const QString& message, qint64 offset);
    void emitLine(
        LineInfo& line, Token token, qint64 begin, qint64 end, qint64 from, qint32 indent, bool first);
    void push(qint64 nameBegin, qint32 nameLength, quint32 index);
    void pop(qint64 endLine);
    quint32 siblingIndex(qint64 nameBegin, qint32 nameLength);
    bool sameName(qint64 a, qint32 aLength, qint64 b, qint32 bLength) const;
    bool isMarkupStart(qint64 at) const;
    qint64 tagEnd(qint64 from) const; // after the `>`, or -1
    qint32 nameLengthAt(qint64 at) const;
    bool isNamed(qint64 nameBegin, qint32 nameLength, const char* name) const;
    bool isVoid(qint64 nameBegin, qint32 nameLength) const;
    bool isRawText(qint64 nameBegin, qint32 nameLength) const;
    qint64 rawTextEnd(qint64 from, qint64 limit, qint64 nameBegin, qint32 nameLength) const;
    qint64 inlineEnd(qint64 tagEndAt, qint64 nameBegin, qint32 nameLength, bool raw) const;
    void closeImplied(qint64 nameBegin, qint32 nameLength);
    Status startTag(LineInfo& line, qint64 at);
    Status endTag(LineInfo& line, qint64 at);
    Status special(LineInfo& line, qint64 at);

    const char* m_data;
    qint64 m_size;
    Dialect m_dialect;
    WalkerState m_state;
    std::vector<Level> m_levels;
    std::unordered_map<std::string, std::pair<quint32, qint64>> m_topChildren;
    std::vector<quint32>* m_siblingOut = nullptr;
    std::vector<qint64>* m_siblingFixups = nullptr;
    std::function<quint32(qint64)> m_lookup;
    std::function<void(const Level&, qint64)> m_closed;
    QString m_error;
    qint64 m_errorOffset = 0;
};

} // namespace Tokenscope::Body::Markup
