#include "jsonlines.h"

namespace Tokenscope::Body::JsonLines {

namespace {

const char* stringEnd(const char* p, const char* end)
{
    ++p;
    for (;;) {
        p = JsonScan::findStringSpecial(p, end);
        if (p == end)
            return end;
        if (*p == '"')
            return p + 1;
        p += end - p >= 2 ? 2 : 1;
    }
}

bool isNumberByte(char c)
{
    return JsonScan::isDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

} // namespace

LineInfo scanLine(const char* data, qint64 size, qint64 offset, qint32 depth)
{
    const char* const end = data + size;
    const char* p = data + offset;
    LineInfo info;
    info.start = offset;
    if (p == end) {
        info.end = info.next = offset;
        return info;
    }
    if (*p == '}' || *p == ']') {
        info.closes = *p;
        ++p;
    } else {
        if (*p == '"') {
            const char* nameEnd = stringEnd(p, end);
            const char* after = JsonScan::skipSpace(nameEnd, end);
            if (after != end && *after == ':') {
                info.keyBegin = p - data;
                info.keyEnd = nameEnd - data;
                p = JsonScan::skipSpace(after + 1, end);
            }
        }
        info.valueBegin = p - data;
        if (p == end) {
            info.valueEnd = info.end = info.next = size;
            return info;
        }
        switch (*p) {
        case '"':
            p = stringEnd(p, end);
            break;
        case '{':
        case '[': {
            const char bracket = *p;
            const char* inside = JsonScan::skipSpace(p + 1, end);
            if (inside != end && *inside == (bracket == '{' ? '}' : ']')) {
                info.emptyContainer = true;
                p = inside + 1;
                break;
            }
            info.opens = bracket;
            info.valueEnd = info.end = p + 1 - data;
            info.next = inside - data;
            info.nextDepth = depth + 1;
            return info;
        }
        case 't':
        case 'n':
            info.kind = JsonScan::Scalar::Keyword;
            p = p + 4 <= end ? p + 4 : end;
            break;
        case 'f':
            info.kind = JsonScan::Scalar::Keyword;
            p = p + 5 <= end ? p + 5 : end;
            break;
        default:
            info.kind = JsonScan::Scalar::Number;
            while (p != end && isNumberByte(*p))
                ++p;
            break;
        }
        info.valueEnd = p - data;
    }
    const char* q = JsonScan::skipSpace(p, end);
    if (q != end && *q == ',') {
        info.comma = true;
        info.end = q + 1 - data;
        info.next = JsonScan::skipSpace(q + 1, end) - data;
        info.nextDepth = depth;
        return info;
    }
    info.end = p - data;
    info.next = q - data;
    info.nextDepth = q != end && (*q == '}' || *q == ']') ? depth - 1 : 0;
    return info;
}

} // namespace Tokenscope::Body::JsonLines
