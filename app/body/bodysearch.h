#pragma once

#include "bodybuffer.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

namespace Tokenscope::Body {

struct SearchOptions
{
    QString pattern;
    bool regularExpression = false;
    bool caseSensitive = false;
    qsizetype maxMatches = 100'000;
};

struct SearchMatch
{
    qint64 offset = 0; // in bytes of the body
    qint64 length = 0;

    friend bool operator==(const SearchMatch&, const SearchMatch&) = default;
};

struct SearchResult
{
    std::vector<SearchMatch> matches; // ascending, not overlapping
    bool more = false; // maxMatches reached: there are more than matches.size()
    QString error; // an invalid regular expression
};

// Searches the bytes of a body where they lie (memory or the mapped file): a literal with memmem over
// the bytes (in any case: sixteen bytes at a time), never a QString of the whole body; a regular
// expression over pieces of 4 MiB that end at line ends, so a match never spans two lines of a large
// body. A line longer than a piece is read in pieces that overlap by 64 KiB: a match of up to 64 KiB
// across their boundary is found, once; a longer one may be cut short there. Bytes that are not UTF-8
// are one U+FFFD each to a regular expression, and offsets are bytes of the body all the same.
// Cancellable between pieces.
SearchResult searchBody(
    const BodyBuffer& buffer, const SearchOptions& options, const std::atomic_bool* cancel = nullptr);

// searchBody on a worker thread; a newer search or cancel() drops the result of the older.
class BodySearch final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BodySearch)

public:
    explicit BodySearch(QObject* parent = nullptr);
    ~BodySearch() override;

    void start(std::shared_ptr<const BodyBuffer> buffer, const SearchOptions& options);
    void cancel();
    bool isRunning() const { return m_watcher.isRunning(); }

Q_SIGNALS:
    void finished(const Tokenscope::Body::SearchResult& result);

private:
    QFutureWatcher<SearchResult> m_watcher;
    std::shared_ptr<std::atomic_bool> m_cancel;
};

} // namespace Tokenscope::Body
