#pragma once

// The one JSON grammar both the re-indenter and the line index follow, so the lines the viewer shows
// are exactly the re-indenter's output. Header-only so each handler's callbacks inline into the loop.

#include <QtGlobal>

#include <cstring>
#include <vector>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace Tokenscope::Body::JsonScan {

enum class Error : quint8 {
    None,
    Truncated,
    ExpectedValue,
    ExpectedName,
    ExpectedColon,
    ExpectedCommaOrBracket,
    ExpectedCommaOrBrace,
    ControlCharacter,
    InvalidEscape,
    InvalidNumber,
    TooDeep,
    Stopped, // the handler asked to stop (cancelled, or its output failed)
};

// Deeper nesting is refused: the pretty text of n nested arrays grows as n², so 100,000 levels would be
// gigabytes of indentation (jq 1.6 stops at 256).
inline constexpr qsizetype maxDepth = 10000;

enum class Scalar : quint8 { String, Number, Keyword };

struct Result
{
    Error error = Error::None;
    qint64 offset = 0; // where it went wrong
};

inline bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

inline const char* skipSpace(const char* p, const char* end)
{
    while (p != end && isSpace(*p))
        ++p;
    return p;
}

// The first byte at or after p that ends a plain run inside a string: '"', '\\' or a control character.
inline const char* findStringSpecial(const char* p, const char* end)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i lastControl = _mm_set1_epi8(0x1f);
    while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i hits
            = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                _mm_cmpeq_epi8(_mm_max_epu8(v, lastControl), lastControl));
        const int mask = _mm_movemask_epi8(hits);
        if (mask != 0)
            return p + __builtin_ctz(static_cast<unsigned>(mask));
        p += 16;
    }
#endif
    while (p != end) {
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"' || c == '\\' || c < 0x20)
            return p;
        ++p;
    }
    return end;
}

inline bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

inline bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// A character that would run on from a number or a keyword into something that is neither.
inline bool continuesToken(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '+' || c == '-'
        || c == '_';
}

// p is just after the opening quote. Returns the position after the closing quote, or nullptr with
// error and where set. Escapes are checked, never decoded: a lone surrogate such as \ud800 is well
// formed text that the viewer shows as sent.
inline const char* scanString(const char* p, const char* end, Error& error, const char*& where)
{
    for (;;) {
        p = findStringSpecial(p, end);
        if (p == end) {
            error = Error::Truncated;
            where = p;
            return nullptr;
        }
        const char c = *p;
        if (c == '"')
            return p + 1;
        if (c != '\\') {
            error = Error::ControlCharacter;
            where = p;
            return nullptr;
        }
        if (end - p < 2) {
            error = Error::Truncated;
            where = end;
            return nullptr;
        }
        switch (p[1]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            p += 2;
            break;
        case 'u':
            for (int i = 2; i < 6; ++i) {
                if (p + i == end) {
                    error = Error::Truncated;
                    where = end;
                    return nullptr;
                }
                if (!isHex(p[i])) {
                    error = Error::InvalidEscape;
                    where = p;
                    return nullptr;
                }
            }
            p += 6;
            break;
        default:
            error = Error::InvalidEscape;
            where = p;
            return nullptr;
        }
    }
}

// RFC 8259 §6: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; the text is never converted.
inline const char* scanNumber(const char* p, const char* end, Error& error, const char*& where)
{
    auto fail = [&](Error e, const char* at) -> const char* {
        error = e;
        where = at;
        return nullptr;
    };
    if (*p == '-')
        ++p;
    if (p == end)
        return fail(Error::Truncated, p);
    if (*p == '0') {
        ++p;
    } else if (isDigit(*p)) {
        while (p != end && isDigit(*p))
            ++p;
    } else {
        return fail(Error::InvalidNumber, p);
    }
    if (p != end && *p == '.') {
        ++p;
        if (p == end)
            return fail(Error::Truncated, p);
        if (!isDigit(*p))
            return fail(Error::InvalidNumber, p);
        while (p != end && isDigit(*p))
            ++p;
    }
    if (p != end && (*p == 'e' || *p == 'E')) {
        ++p;
        if (p != end && (*p == '+' || *p == '-'))
            ++p;
        if (p == end)
            return fail(Error::Truncated, p);
        if (!isDigit(*p))
            return fail(Error::InvalidNumber, p);
        while (p != end && isDigit(*p))
            ++p;
    }
    if (p != end && continuesToken(*p))
        return fail(Error::InvalidNumber, p);
    return p;
}

inline const char* scanKeyword(const char* p, const char* end, Error& error, const char*& where)
{
    const char* word = *p == 't' ? "true" : *p == 'f' ? "false" : "null";
    const auto length = static_cast<qint64>(std::strlen(word));
    const qint64 available = end - p;
    const qint64 compared = available < length ? available : length;
    if (std::memcmp(p, word, static_cast<size_t>(compared)) != 0) {
        error = Error::ExpectedValue;
        where = p;
        return nullptr;
    }
    if (available < length) {
        error = Error::Truncated;
        where = end;
        return nullptr;
    }
    p += length;
    if (p != end && continuesToken(*p)) {
        error = Error::ExpectedValue;
        where = p - length;
        return nullptr;
    }
    return p;
}

// Walks a stream of JSON values (whitespace between them, as jq reads its input) and tells the handler,
// with offsets into data:
//   open(char bracket, at) -> bool     a non-empty object or array starts; false stops
//   empty(char bracket, at, end)       `{}` or `[]`, whitespace inside allowed
//   key(begin, end)                    a member name, quotes included; the colon follows
//   scalar(Scalar, begin, end)
//   comma(at) -> bool                  false stops
//   close(char bracket, at)            the end of a non-empty object or array
//   topEnd()                           a top-level value is complete
// No recursion: the nesting lives in one byte per level.
template<class Handler>
Result scan(const char* data, qint64 size, Handler& handler)
{
    const char* const end = data + size;
    const char* p = data;
    const char* tokenEnd = nullptr;
    const char* where = nullptr;
    Error error = Error::None;
    std::vector<char> stack;
    stack.reserve(64);
    char bracket = 0;
    char closing = 0;

top:
    p = skipSpace(p, end);
    if (p == end)
        return {};
value:
    if (p == end)
        return {Error::Truncated, size};
    switch (*p) {
    case '{':
    case '[':
        bracket = *p;
        closing = bracket == '{' ? '}' : ']';
        where = p;
        p = skipSpace(p + 1, end);
        if (p == end)
            return {Error::Truncated, size};
        if (*p == closing) {
            ++p;
            handler.empty(bracket, where - data, p - data);
            goto after;
        }
        if (qsizetype(stack.size()) >= maxDepth)
            return {Error::TooDeep, where - data};
        stack.push_back(bracket);
        if (!handler.open(bracket, where - data))
            return {Error::Stopped, where - data};
        if (bracket == '{')
            goto member;
        goto value;
    case '"':
        tokenEnd = scanString(p + 1, end, error, where);
        if (!tokenEnd)
            return {error, where - data};
        handler.scalar(Scalar::String, p - data, tokenEnd - data);
        p = tokenEnd;
        goto after;
    case 't':
    case 'f':
    case 'n':
        tokenEnd = scanKeyword(p, end, error, where);
        if (!tokenEnd)
            return {error, where - data};
        handler.scalar(Scalar::Keyword, p - data, tokenEnd - data);
        p = tokenEnd;
        goto after;
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        tokenEnd = scanNumber(p, end, error, where);
        if (!tokenEnd)
            return {error, where - data};
        handler.scalar(Scalar::Number, p - data, tokenEnd - data);
        p = tokenEnd;
        goto after;
    default:
        return {Error::ExpectedValue, p - data};
    }

member:
    if (p == end)
        return {Error::Truncated, size};
    if (*p != '"')
        return {Error::ExpectedName, p - data};
    tokenEnd = scanString(p + 1, end, error, where);
    if (!tokenEnd)
        return {error, where - data};
    handler.key(p - data, tokenEnd - data);
    p = skipSpace(tokenEnd, end);
    if (p == end)
        return {Error::Truncated, size};
    if (*p != ':')
        return {Error::ExpectedColon, p - data};
    p = skipSpace(p + 1, end);
    goto value;

after:
    if (stack.empty()) {
        handler.topEnd();
        goto top;
    }
    p = skipSpace(p, end);
    if (p == end)
        return {Error::Truncated, size};
    if (*p == ',') {
        if (!handler.comma(p - data))
            return {Error::Stopped, p - data};
        p = skipSpace(p + 1, end);
        if (stack.back() == '{')
            goto member;
        goto value;
    }
    closing = stack.back() == '{' ? '}' : ']';
    if (*p == closing) {
        stack.pop_back();
        handler.close(closing, p - data);
        ++p;
        goto after;
    }
    return {closing == '}' ? Error::ExpectedCommaOrBrace : Error::ExpectedCommaOrBracket, p - data};
}

} // namespace Tokenscope::Body::JsonScan
