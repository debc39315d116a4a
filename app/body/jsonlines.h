#pragma once

// The line layer under JsonLineDocument: what one pretty line holds, read straight from the body. The
// body up to the line has already passed the scanner, so nothing here validates.

#include "jsonscanner.h"

#include <QtGlobal>

namespace Tokenscope::Body::JsonLines {

// The layout of one display line: optional key, then a value, an opening bracket or a closing one,
// then an optional comma.
struct LineInfo
{
    qint64 start = 0; // the first token
    qint64 end = 0; // after the last token, comma included
    qint64 next = 0; // the next line's first token
    qint32 nextDepth = 0;
    qint64 keyBegin = -1; // quotes included
    qint64 keyEnd = -1;
    qint64 valueBegin = -1; // a scalar, `{}`/`[]` (inner whitespace included) or an opening bracket
    qint64 valueEnd = -1;
    JsonScan::Scalar kind = JsonScan::Scalar::String;
    bool emptyContainer = false;
    char opens = 0; // '{' or '[' when the line opens a non-empty container
    char closes = 0; // '}' or ']' when the line closes one
    bool comma = false;
};

LineInfo scanLine(const char* data, qint64 size, qint64 offset, qint32 depth);

} // namespace Tokenscope::Body::JsonLines
