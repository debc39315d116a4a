#include "utf8text.h"

#include <QByteArrayView>

namespace Tokenscope::Body::Utf8 {

namespace {

bool isContinuation(char c, quint8 low = 0x80, quint8 high = 0xBF)
{
    return quint8(c) >= low && quint8(c) <= high;
}

char32_t codePoint(const char* p, int bytes)
{
    const auto lead = quint8(p[0]);
    char32_t value = bytes == 2 ? lead & 0x1Fu : bytes == 3 ? lead & 0x0Fu : lead & 0x07u;
    for (int i = 1; i < bytes; ++i)
        value = (value << 6) | (quint8(p[i]) & 0x3Fu);
    return value;
}

} // namespace

Sequence sequenceAt(const char* p, const char* end)
{
    const auto lead = quint8(*p);
    if (lead < 0x80)
        return {1, 1};
    const qint64 left = end - p;
    if (lead >= 0xC2 && lead <= 0xDF)
        return left >= 2 && isContinuation(p[1]) ? Sequence {2, 1} : Sequence {};
    if (lead >= 0xE0 && lead <= 0xEF) {
        const quint8 low = lead == 0xE0 ? 0xA0 : 0x80;
        const quint8 high = lead == 0xED ? 0x9F : 0xBF;
        return left >= 3 && isContinuation(p[1], low, high) && isContinuation(p[2]) ? Sequence {3, 1}
                                                                                    : Sequence {};
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        const quint8 low = lead == 0xF0 ? 0x90 : 0x80;
        const quint8 high = lead == 0xF4 ? 0x8F : 0xBF;
        return left >= 4 && isContinuation(p[1], low, high) && isContinuation(p[2]) && isContinuation(p[3])
            ? Sequence {4, 2}
            : Sequence {};
    }
    return {};
}

QString decode(const char* data, qint64 size)
{
    const QByteArrayView bytes(data, size);
    if (bytes.isValidUtf8()) {
        // fromUtf8 drops a byte order mark at the start: kept here, as it is three bytes of the body.
        if (bytes.startsWith("\xef\xbb\xbf"))
            return QChar(QChar::ByteOrderMark) + decode(data + 3, size - 3);
        return QString::fromUtf8(data, size);
    }
    QString text;
    text.reserve(size);
    const char* const end = data + size;
    for (const char* p = data; p < end;) {
        const Sequence sequence = sequenceAt(p, end);
        if (sequence.bytes == 1)
            text += quint8(*p) < 0x80 ? QChar(char16_t(*p)) : QChar(QChar::ReplacementCharacter);
        else if (sequence.units == 1)
            text += QChar(char16_t(codePoint(p, sequence.bytes)));
        else {
            const char32_t value = codePoint(p, 4);
            text += QChar(QChar::highSurrogate(value));
            text += QChar(QChar::lowSurrogate(value));
        }
        p += sequence.bytes;
    }
    return text;
}

qint64 utf16Length(const char* data, qint64 size)
{
    if (QByteArrayView(data, size).isValidUtf8()) {
        // A unit per lead byte, two for a four-byte sequence.
        qint64 units = 0;
        for (qint64 i = 0; i < size; ++i) {
            const auto byte = quint8(data[i]);
            units += (byte & 0xC0) != 0x80 ? 1 : 0;
            units += byte >= 0xF0 ? 1 : 0;
        }
        return units;
    }
    qint64 units = 0;
    const char* const end = data + size;
    for (const char* p = data; p < end;) {
        const Sequence sequence = sequenceAt(p, end);
        units += sequence.units;
        p += sequence.bytes;
    }
    return units;
}

qint64 bytesFor(const char* data, const char* end, qint64 units)
{
    const char* p = data;
    while (units > 0 && p < end) {
        const Sequence sequence = sequenceAt(p, end);
        units -= sequence.units;
        p += sequence.bytes;
    }
    return p - data;
}

} // namespace Tokenscope::Body::Utf8
