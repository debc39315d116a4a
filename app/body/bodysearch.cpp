#include "bodysearch.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>

#include <array>
#include <cstring>

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

void searchFolded(const char* data, qint64 size, const QByteArray& needle, SearchResult& result,
    qsizetype limit, const std::atomic_bool* cancel)
{
    // ASCII case folding of a block into a buffer, then the exact search on it.
    static const std::array<char, 256> lower = [] {
        std::array<char, 256> table {};
        for (int c = 0; c < 256; ++c)
            table[size_t(c)] = char(c >= 'A' && c <= 'Z' ? c + 32 : c);
        return table;
    }();
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

qint64 utf8Length(QStringView text)
{
    qint64 bytes = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c < 0x80)
            bytes += 1;
        else if (c < 0x800)
            bytes += 2;
        else if (QChar::isHighSurrogate(c) && i + 1 < text.size()
            && QChar::isLowSurrogate(text[i + 1].unicode())) {
            bytes += 4;
            ++i;
        } else
            bytes += 3;
    }
    return bytes;
}

void searchRegularExpression(const char* data, qint64 size, const QRegularExpression& expression,
    SearchResult& result, qsizetype limit, const std::atomic_bool* cancel)
{
    for (qint64 at = 0; at < size;) {
        qint64 end = std::min(size, at + blockBytes);
        if (end < size) {
            // The piece ends after a line feed, unless a line is longer than a piece.
            const void* newline = memrchr(data + at, '\n', size_t(end - at));
            if (newline)
                end = static_cast<const char*>(newline) - data + 1;
        }
        const QString text = QString::fromUtf8(data + at, qsizetype(end - at));
        qsizetype counted = 0;
        qint64 countedBytes = at;
        auto matches = expression.globalMatch(text);
        while (matches.hasNext()) {
            const QRegularExpressionMatch match = matches.next();
            if (match.capturedLength() == 0)
                continue;
            countedBytes += utf8Length(QStringView(text).mid(counted, match.capturedStart() - counted));
            counted = match.capturedStart();
            if (!add(result, countedBytes, utf8Length(match.capturedView()), limit))
                return;
        }
        at = end;
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
