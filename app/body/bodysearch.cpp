#include "bodysearch.h"

#include "utf8text.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>

#include <array>
#include <bit>
#include <cstring>

#if defined(__SSE2__) || defined(_M_X64) || defined(_M_AMD64)
#include <emmintrin.h>
#define TOKENSCOPE_SEARCH_SSE2
#endif

namespace Tokenscope::Body {

namespace {

constexpr qint64 blockBytes = qint64(4) * 1024 * 1024;

bool cancelled(const std::atomic_bool* cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

bool add(SearchResult& result, qint64 offset, qint64 length, qsizetype limit)
{
    if (qsizetype(result.matches.size()) >= limit) {
        result.more = true;
        return false;
    }
    result.matches.push_back({offset, length});
    return true;
}

void searchExact(const char* data, qint64 size, const QByteArray& needle, SearchResult& result,
    qsizetype limit, const std::atomic_bool* cancel)
{
    qint64 at = 0;
    while (at + needle.size() <= size) {
        // In blocks, so a cancelled search stops soon; memmem is glibc's vectorised two-way search.
        const qint64 end = std::min(size, at + blockBytes + needle.size() - 1);
        const void* found = memmem(data + at, size_t(end - at), needle.constData(), size_t(needle.size()));
        if (!found) {
            at = end - needle.size() + 1;
            if (cancelled(cancel))
                return;
            continue;
        }
        const qint64 offset = static_cast<const char*>(found) - data;
        if (!add(result, offset, needle.size(), limit))
            return;
        at = offset + needle.size();
    }
}

// ASCII case folding.
const std::array<char, 256>& lowerTable()
{
    static const std::array<char, 256> table = [] {
        std::array<char, 256> lower {};
        for (int c = 0; c < 256; ++c)
            lower[size_t(c)] = char(c >= 'A' && c <= 'Z' ? c + 32 : c);
        return lower;
    }();
    return table;
}

#ifndef TOKENSCOPE_SEARCH_SSE2
// Without SSE2: the folded copy of a block, then the exact search on it.
void searchFolded(const char* data, qint64 size, const QByteArray& needle, SearchResult& result,
    qsizetype limit, const std::atomic_bool* cancel)
{
    const std::array<char, 256>& lower = lowerTable();
    const QByteArray folded = needle.toLower();
    std::vector<char> block;
    for (qint64 at = 0; at + needle.size() <= size;) {
        const qint64 end = std::min(size, at + blockBytes + needle.size() - 1);
        block.resize(size_t(end - at));
        for (size_t i = 0; i < block.size(); ++i)
            block[i] = lower[quint8(data[at + qint64(i)])];
        SearchResult part;
        searchExact(block.data(), qint64(block.size()), folded, part,
            limit - qsizetype(result.matches.size()), nullptr);
        for (const SearchMatch& match : part.matches) {
            if (!result.matches.empty() && at + match.offset < result.matches.back().offset + needle.size())
                continue; // found again in the overlap of two blocks
            result.matches.push_back({at + match.offset, match.length});
        }
        if (part.more) {
            result.more = true;
            return;
        }
        at = end - needle.size() + 1;
        if (cancelled(cancel))
            return;
    }
}
#else
// Sixteen candidate positions at a time: those whose first and last byte equal the needle's in either
// case (a letter's cases differ only in bit 0x20), each then compared whole. Reads the body once, in
// place, without a folded copy.
void searchFolded(const char* data, qint64 size, const QByteArray& needle, SearchResult& result,
    qsizetype limit, const std::atomic_bool* cancel)
{
    const std::array<char, 256>& lower = lowerTable();
    const QByteArray folded = needle.toLower();
    const qint64 length = folded.size();
    if (length > size)
        return;
    const char* pattern = folded.constData();
    auto isLetter = [](char c) { return c >= 'a' && c <= 'z'; };
    const char first = pattern[0];
    const char last = pattern[length - 1];
    const __m128i firstByte = _mm_set1_epi8(first);
    const __m128i lastByte = _mm_set1_epi8(last);
    const __m128i firstFold = _mm_set1_epi8(isLetter(first) ? 0x20 : 0);
    const __m128i lastFold = _mm_set1_epi8(isLetter(last) ? 0x20 : 0);
    auto equalAt = [&](qint64 at) {
        for (qint64 k = 0; k < length; ++k)
            if (lower[quint8(data[at + k])] != pattern[k])
                return false;
        return true;
    };
    const qint64 lastStart = size - length; // the last offset a match can start at
    qint64 next = 0; // matches do not overlap: the next one starts here or later
    qint64 checked = 0;
    qint64 at = 0;
    for (; at + 15 <= lastStart; at += 16) {
        const __m128i head = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at));
        const __m128i tail = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + at + length - 1));
        auto bits = unsigned(
            _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(_mm_or_si128(head, firstFold), firstByte),
                _mm_cmpeq_epi8(_mm_or_si128(tail, lastFold), lastByte))));
        while (bits != 0) {
            const qint64 candidate = at + qint64(std::countr_zero(bits));
            bits &= bits - 1;
            if (candidate < next || !equalAt(candidate))
                continue;
            if (!add(result, candidate, length, limit))
                return;
            next = candidate + length;
        }
        if (at - checked >= blockBytes) {
            checked = at;
            if (cancelled(cancel))
                return;
        }
    }
    for (at = std::max(at, next); at <= lastStart; ++at) {
        if (!equalAt(at))
            continue;
        if (!add(result, at, length, limit))
            return;
        at += length - 1;
    }
}
#endif

// A regular expression in a line longer than a piece: consecutive pieces overlap by this many bytes, so a
// match up to this long is found across the boundary (a longer one is cut short there).
constexpr qint64 regexOverlap = qint64(64) * 1024;
// A piece that starts inside a line is read with this many bytes before it, so that \b and look-behinds
// see what precedes it.
constexpr qint64 regexContext = 256;

bool isContinuation(char c)
{
    return (quint8(c) & 0xC0) == 0x80;
}

// Pieces end after a line feed, or, in a line longer than a piece, overlap (see regexOverlap). Each piece
// is decoded with invalid bytes as one U+FFFD each, so offsets in the text map back to bytes exactly.
void searchRegularExpression(const char* data, qint64 size, const QRegularExpression& expression,
    SearchResult& result, qsizetype limit, const std::atomic_bool* cancel)
{
    qint64 matchedUntil = 0; // the end of the last match: the next starts here or later
    for (qint64 at = 0; at < size;) {
        // Matches are taken when they start in [at, acceptBefore); the text searched is [begin, end).
        qint64 end = std::min(size, at + blockBytes);
        qint64 acceptBefore = end;
        if (end < size) {
            const void* newline = memrchr(data + at, '\n', size_t(end - at));
            if (newline) {
                end = acceptBefore = static_cast<const char*>(newline) - data + 1;
            } else {
                acceptBefore = end - regexOverlap;
                while (acceptBefore > at + 1 && isContinuation(data[acceptBefore]))
                    --acceptBefore;
            }
        }
        qint64 begin = at;
        if (at > 0 && data[at - 1] != '\n') {
            begin = std::max<qint64>(0, at - regexContext);
            while (begin < at && isContinuation(data[begin]))
                ++begin;
        }
        const QString text = Utf8::decode(data + begin, end - begin);
        qint64 countedBytes = std::max(at, matchedUntil);
        auto countedUnits = qsizetype(Utf8::utf16Length(data + begin, countedBytes - begin));
        auto matches = expression.globalMatch(text, countedUnits);
        while (matches.hasNext()) {
            const QRegularExpressionMatch match = matches.next();
            if (match.capturedLength() == 0)
                continue;
            countedBytes
                += Utf8::bytesFor(data + countedBytes, data + end, match.capturedStart() - countedUnits);
            countedUnits = match.capturedStart();
            if (countedBytes >= acceptBefore)
                break;
            const qint64 length = Utf8::bytesFor(data + countedBytes, data + end, match.capturedLength());
            if (!add(result, countedBytes, length, limit))
                return;
            matchedUntil = countedBytes + length;
        }
        at = acceptBefore;
        if (cancelled(cancel))
            return;
    }
}

} // namespace

SearchResult searchBody(
    const BodyBuffer& buffer, const SearchOptions& options, const std::atomic_bool* cancel)
{
    SearchResult result;
    if (options.pattern.isEmpty())
        return result;
    const QByteArray needle = options.pattern.toUtf8();
    const bool ascii = std::all_of(needle.begin(), needle.end(), [](char c) { return quint8(c) < 0x80; });
    if (!options.regularExpression && options.caseSensitive) {
        searchExact(buffer.data(), buffer.size(), needle, result, options.maxMatches, cancel);
        return result;
    }
    if (!options.regularExpression && ascii) {
        searchFolded(buffer.data(), buffer.size(), needle, result, options.maxMatches, cancel);
        return result;
    }
    // Case folding beyond ASCII is the regular expression engine's.
    QRegularExpression expression(
        options.regularExpression ? options.pattern : QRegularExpression::escape(options.pattern),
        // ^ and $ at every line: the pieces searched end at line ends.
        options.caseSensitive
            ? QRegularExpression::MultilineOption
            : QRegularExpression::MultilineOption | QRegularExpression::CaseInsensitiveOption);
    if (!expression.isValid()) {
        result.error = QCoreApplication::translate(
            "Tokenscope::Body::BodySearch", "The regular expression is not valid: %1")
                           .arg(expression.errorString());
        return result;
    }
    searchRegularExpression(buffer.data(), buffer.size(), expression, result, options.maxMatches, cancel);
    return result;
}

BodySearch::BodySearch(QObject* parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<SearchResult>::finished, this, [this] {
        if (m_cancel && !m_cancel->load())
            Q_EMIT finished(m_watcher.result());
    });
}

BodySearch::~BodySearch()
{
    cancel();
    m_watcher.waitForFinished();
}

void BodySearch::start(std::shared_ptr<const BodyBuffer> buffer, const SearchOptions& options)
{
    cancel();
    auto flag = std::make_shared<std::atomic_bool>(false);
    m_cancel = flag;
    m_watcher.setFuture(QtConcurrent::run(
        [buffer = std::move(buffer), options, flag] { return searchBody(*buffer, options, flag.get()); }));
}

void BodySearch::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

} // namespace Tokenscope::Body
