#include "markupscanner.h"

#include <cstring>
#include <string_view>

// How the walker reads names, tags and the ends of elements.

namespace Tokenscope::Body::Markup {

namespace {

// Elements whose content never holds markup (HTML): shown as received.
constexpr const char* rawTextElements[] = {"script", "style", "textarea", "title"};
// Elements that never have content or an end tag (HTML).
constexpr const char* voidElements[] = {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr"};
// A text-only element stays on one line when its text is at most this long.
constexpr qint64 inlineLimit = 256;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool isAsciiLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

} // namespace

bool Walker::sameName(qint64 a, qint32 aLength, qint64 b, qint32 bLength) const
{
    if (aLength != bLength)
        return false;
    if (m_dialect == Dialect::Xml)
        return std::memcmp(m_data + a, m_data + b, size_t(aLength)) == 0;
    for (qint32 i = 0; i < aLength; ++i) {
        if (lower(m_data[a + i]) != lower(m_data[b + i]))
            return false;
    }
    return true;
}

bool Walker::isNamed(qint64 nameBegin, qint32 nameLength, const char* name) const
{
    const std::string_view wanted(name);
    if (size_t(nameLength) != wanted.size())
        return false;
    for (qint32 i = 0; i < nameLength; ++i) {
        if (lower(m_data[nameBegin + i]) != wanted[size_t(i)])
            return false;
    }
    return true;
}

bool Walker::isVoid(qint64 nameBegin, qint32 nameLength) const
{
    for (const char* name : voidElements) {
        if (isNamed(nameBegin, nameLength, name))
            return true;
    }
    return false;
}

bool Walker::isRawText(qint64 nameBegin, qint32 nameLength) const
{
    for (const char* name : rawTextElements) {
        if (isNamed(nameBegin, nameLength, name))
            return true;
    }
    return false;
}

bool Walker::isMarkupStart(qint64 at) const
{
    if (at + 1 >= m_size)
        return false;
    const auto nameStart = [this](char c) {
        return isAsciiLetter(c)
            || (m_dialect == Dialect::Xml && (c == '_' || c == ':' || (quint8(c) & 0x80) != 0));
    };
    const char c = m_data[at + 1];
    if (c == '/')
        return at + 2 < m_size && nameStart(m_data[at + 2]);
    return c == '!' || c == '?' || nameStart(c);
}

qint32 Walker::nameLengthAt(qint64 at) const
{
    qint64 p = at;
    while (p < m_size) {
        const char c = m_data[p];
        if (isSpace(c) || c == '>' || c == '/' || c == '=' || c == '"' || c == '\'' || c == '<')
            break;
        ++p;
    }
    return qint32(std::min<qint64>(p - at, std::numeric_limits<qint32>::max()));
}

qint64 Walker::tagEnd(qint64 from) const
{
    bool afterEquals = false;
    for (qint64 p = from; p < m_size; ++p) {
        const char c = m_data[p];
        if (c == '>')
            return p + 1;
        if ((c == '"' || c == '\'') && afterEquals) {
            const auto* quote
                = static_cast<const char*>(std::memchr(m_data + p + 1, c, size_t(m_size - p - 1)));
            if (!quote)
                return -1;
            p = quote - m_data;
            afterEquals = false;
        } else if (c == '=') {
            afterEquals = true;
        } else if (!isSpace(c)) {
            afterEquals = false;
        }
    }
    return -1;
}

qint64 Walker::rawTextEnd(qint64 from, qint64 limit, qint64 nameBegin, qint32 nameLength) const
{
    qint64 p = from;
    while (p < limit) {
        const auto* lt = static_cast<const char*>(std::memchr(m_data + p, '<', size_t(limit - p)));
        if (!lt)
            return m_size;
        p = lt - m_data;
        const qint64 name = p + 2;
        if (name + nameLength <= m_size && m_data[p + 1] == '/'
            && sameName(name, nameLength, nameBegin, nameLength)
            && (name + nameLength == m_size || nameLengthAt(name) == nameLength))
            return p;
        ++p;
    }
    return m_size;
}

qint64 Walker::inlineEnd(qint64 tagEndAt, qint64 nameBegin, qint32 nameLength, bool raw) const
{
    const char* const d = m_data;
    const qint64 limit = std::min(m_size, tagEndAt + inlineLimit + 1);
    qint64 close = -1;
    if (raw) {
        close = rawTextEnd(tagEndAt, limit, nameBegin, nameLength);
    } else {
        // The next markup (HTML lets a lone < be text).
        for (qint64 p = tagEndAt; p < limit; ++p) {
            const auto* lt = static_cast<const char*>(std::memchr(d + p, '<', size_t(limit - p)));
            if (!lt)
                break;
            p = lt - d;
            if (m_dialect == Dialect::Xml || isMarkupStart(p)) {
                close = p;
                break;
            }
        }
    }
    if (close < 0 || close >= limit || std::memchr(d + tagEndAt, '\n', size_t(close - tagEndAt)))
        return -1;
    if (close + 2 >= m_size || d[close + 1] != '/')
        return -1;
    const qint32 length = nameLengthAt(close + 2);
    if (!sameName(close + 2, length, nameBegin, nameLength))
        return -1;
    qint64 p = close + 2 + length;
    while (p < m_size && (d[p] == ' ' || d[p] == '\t'))
        ++p;
    return p < m_size && d[p] == '>' ? p + 1 : -1;
}

void Walker::closeImplied(qint64 nameBegin, qint32 nameLength)
{
    // The end tags HTML lets a page leave out, where leaving them out would indent ever deeper.
    const auto topIs = [this](const char* name) {
        return !m_levels.empty() && isNamed(m_levels.back().nameBegin, m_levels.back().nameLength, name);
    };
    const auto is = [&](const char* name) { return isNamed(nameBegin, nameLength, name); };
    const auto closeTop = [this] { pop(m_state.lines - 1); };
    const bool sameGroup = (is("p") && topIs("p")) || (is("li") && topIs("li"))
        || (is("option") && topIs("option")) || ((is("dt") || is("dd")) && (topIs("dt") || topIs("dd")))
        || ((is("td") || is("th")) && (topIs("td") || topIs("th")));
    if (sameGroup) {
        closeTop();
    } else if (is("tr")) {
        if (topIs("td") || topIs("th"))
            closeTop();
        if (topIs("tr"))
            closeTop();
    }
}

} // namespace Tokenscope::Body::Markup
