#pragma once

#include <QString>

// UTF-8 as the body viewer decodes it: valid sequences as QString::fromUtf8 does, every byte that is not
// part of a valid sequence as one U+FFFD. One replacement per byte keeps a fixed relation between bytes and
// UTF-16 units, so an offset in either can be turned into the other by walking the bytes.
namespace Tokenscope::Body::Utf8 {

struct Sequence
{
    int bytes = 1; // taken from the input
    int units = 1; // UTF-16 units it decodes to
};

// The sequence that starts at p (p < end).
Sequence sequenceAt(const char* p, const char* end);
QString decode(const char* data, qint64 size);
// decode(data, size).size(), without decoding.
qint64 utf16Length(const char* data, qint64 size);
// How many bytes from data on decode to units UTF-16 units (stops at end).
qint64 bytesFor(const char* data, const char* end, qint64 units);

} // namespace Tokenscope::Body::Utf8
