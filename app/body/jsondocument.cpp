#include "jsondocument.h"

#include "bodybuffer.h"
#include "jsonlines.h"
#include "jsonreindent.h"
#include "jsonscanner.h"
#include "utf8text.h"

#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <optional>

namespace Tokenscope::Body {

using JsonLines::LineInfo;
using JsonLines::scanLine;

namespace {

// Walks the body with the shared scanner and counts the pretty lines. Publishes what it has in chunks:
// the first as soon as a screenful is known, then every few tens of milliseconds.
class IndexBuilder final
{
public:
    using Publish = std::function<void(JsonLineDocument::Chunk&&)>;

    IndexBuilder(const std::atomic<bool>& cancel, Publish publish)
        : m_cancel(cancel)
        , m_publish(std::move(publish))
    {
        m_levels.reserve(64);
        m_timer.start();
    }

    bool open(char bracket, qint64 at)
    {
        startLine(at);
        m_levels.push_back(
            {m_lines, m_levels.empty() ? -1 : m_levels.back().current, bracket == '[' ? 0 : -1, -1, bracket});
        endLine();
        ++m_depth;
        return !m_cancel.load(std::memory_order_relaxed);
    }
    void empty(char, qint64 at, qint64) { startLine(at); }
    void key(qint64 begin, qint64)
    {
        startLine(begin);
        m_levels.back().current = begin;
    }
    void scalar(JsonScan::Scalar, qint64 begin, qint64) { startLine(begin); }
    bool comma(qint64)
    {
        if (m_levels.back().type == '[')
            ++m_levels.back().current;
        endLine();
        return !m_cancel.load(std::memory_order_relaxed);
    }
    void close(char, qint64 at)
    {
        endLine();
        --m_depth;
        startLine(at);
        const Level closed = m_levels.back();
        if (closed.frame >= 0)
            m_chunk.frameEnds.emplace_back(closed.frame, m_lines);
        m_levels.pop_back();
        if (!m_levels.empty())
            m_levels.back().current = closed.position;
    }
    void topEnd() { endLine(); }

    void finish(JsonScan::Result result)
    {
        if (result.error == JsonScan::Error::Stopped)
            return;
        m_chunk.done = result.error == JsonScan::Error::None;
        m_chunk.error = static_cast<quint8>(result.error);
        m_chunk.errorOffset = result.offset;
        publish();
    }

private:
    struct Level
    {
        qint64 startLine;
        qint64 position;
        qint64 current;
        qint32 frame;
        char type;
    };

    void startLine(qint64 at)
    {
        if (m_lineOpen)
            return;
        m_lineOpen = true;
        if (m_lines % JsonLineDocument::linesPerCheckpoint == 0)
            checkpoint(at);
    }
    void endLine()
    {
        ++m_lines;
        m_lineOpen = false;
    }
    void checkpoint(qint64 at)
    {
        // Every container open here gets a frame, outermost first, so frames stay sorted by start line.
        size_t first = m_levels.size();
        while (first > 0 && m_levels[first - 1].frame < 0)
            --first;
        for (size_t i = first; i < m_levels.size(); ++i) {
            m_levels[i].frame = m_frameCount++;
            m_chunk.frames.push_back({m_levels[i].startLine, -1, m_levels[i].position,
                i > 0 ? m_levels[i - 1].frame : -1, m_levels[i].type});
        }
        m_chunk.checkpoints.push_back({at, m_levels.empty() ? 0 : m_levels.back().current, m_depth,
            m_levels.empty() ? -1 : m_levels.back().frame});
        // A screenful first, then in steps the GUI thread takes in well under a millisecond.
        if ((m_published == 0 && m_lines >= 256) || (m_published > 0 && m_timer.elapsed() >= 30))
            publish();
    }
    void publish()
    {
        m_chunk.lineCount = m_lines;
        m_published = std::max<qint64>(m_lines, 1);
        m_publish(std::move(m_chunk));
        m_chunk = {};
        m_timer.restart();
    }

    const std::atomic<bool>& m_cancel;
    Publish m_publish;
    JsonLineDocument::Chunk m_chunk;
    std::vector<Level> m_levels;
    QElapsedTimer m_timer;
    qint64 m_lines = 0;
    qint64 m_published = 0;
    qint32 m_depth = 0;
    qint32 m_frameCount = 0;
    bool m_lineOpen = false;
};

QString bytesText(const char* data, qint64 begin, qint64 end)
{
    return Utf8::decode(data + begin, end - begin);
}

bool isIdentifier(const char* data, qint64 begin, qint64 end)
{
    if (begin == end || JsonScan::isDigit(data[begin]))
        return false;
    for (qint64 i = begin; i < end; ++i) {
        const char c = data[i];
        if (!(JsonScan::isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
            return false;
    }
    return true;
}

} // namespace

JsonLineDocument::JsonLineDocument(std::shared_ptr<const BodyBuffer> body, QObject* parent)
    : LineDocument(parent)
    , m_body(std::move(body))
    , m_cancel(std::make_shared<std::atomic<bool>>(false))
{
    if (m_body->size() <= synchronousLimit) {
        // A small body is indexed at once: it shows with no empty moment, and callers can read it now.
        std::optional<Chunk> failure;
        IndexBuilder builder(*m_cancel, [this, &failure](Chunk&& chunk) {
            apply(chunk);
            if (static_cast<JsonScan::Error>(chunk.error) != JsonScan::Error::None)
                failure = std::move(chunk);
        });
        builder.finish(JsonScan::scan(m_body->data(), m_body->size(), builder));
        // Nobody can be listening yet: the failure is told once the caller has connected.
        if (failure) {
            QMetaObject::invokeMethod(
                this,
                [this, error = failure->error, offset = failure->errorOffset] {
                    Q_EMIT failed(jsonErrorMessage(static_cast<JsonScan::Error>(error)), offset);
                },
                Qt::QueuedConnection);
        }
        return;
    }
    m_worker = QtConcurrent::run([this, body = m_body, cancel = m_cancel] {
        IndexBuilder builder(*cancel, [this](Chunk&& chunk) {
            auto shared = std::make_shared<Chunk>(std::move(chunk));
            QMetaObject::invokeMethod(
                this, [this, shared] { apply(*shared); }, Qt::QueuedConnection);
        });
        builder.finish(JsonScan::scan(body->data(), body->size(), builder));
    });
}

JsonLineDocument::~JsonLineDocument()
{
    // The worker posts to this object: it must have stopped before the object goes.
    m_cancel->store(true);
    m_worker.waitForFinished();
}

void JsonLineDocument::apply(const Chunk& chunk)
{
    m_checkpoints.append(chunk.checkpoints);
    m_frames.append(chunk.frames);
    for (const auto& [frame, endLine] : chunk.frameEnds)
        m_frames[static_cast<size_t>(frame)].endLine = endLine;
    const bool grew = chunk.lineCount > m_lineCount;
    m_lineCount = std::max(m_lineCount, chunk.lineCount);
    if (grew)
        Q_EMIT linesAdded();
    const auto error = static_cast<JsonScan::Error>(chunk.error);
    if (error != JsonScan::Error::None) {
        Q_EMIT failed(jsonErrorMessage(error), chunk.errorOffset);
    } else if (chunk.done) {
        m_complete = true;
        Q_EMIT completed();
    }
}

qint64 JsonLineDocument::indexMemory() const
{
    return m_checkpoints.bytes() + m_frames.bytes();
}

JsonLineDocument::Located JsonLineDocument::locate(qint64 number) const
{
    const Checkpoint& checkpoint = m_checkpoints[static_cast<size_t>(number / linesPerCheckpoint)];
    qint64 offset = checkpoint.offset;
    qint32 depth = checkpoint.depth;
    for (qint64 n = number / linesPerCheckpoint * linesPerCheckpoint; n < number; ++n) {
        const LineInfo info = scanLine(m_body->data(), m_body->size(), offset, depth);
        offset = info.next;
        depth = info.nextDepth;
    }
    return {scanLine(m_body->data(), m_body->size(), offset, depth), depth};
}

qint64 JsonLineDocument::lineAt(qint64 offset) const
{
    if (m_lineCount == 0)
        return 0;
    // The last checkpoint at or before offset.
    const size_t low = m_checkpoints.partitionPoint(
        [offset](const Checkpoint& checkpoint) { return checkpoint.offset <= offset; });
    qint64 number = low == 0 ? 0 : qint64(low - 1) * linesPerCheckpoint;
    if (number >= m_lineCount)
        return m_lineCount - 1;
    const Checkpoint& checkpoint = m_checkpoints[static_cast<size_t>(number / linesPerCheckpoint)];
    qint64 start = checkpoint.offset;
    qint32 depth = checkpoint.depth;
    for (; number + 1 < m_lineCount; ++number) {
        const LineInfo info = scanLine(m_body->data(), m_body->size(), start, depth);
        if (offset < info.next)
            break;
        start = info.next;
        depth = info.nextDepth;
    }
    return number;
}

qint64 JsonLineDocument::frameEnd(qint64 number) const
{
    // Frames are in start-line order: the first at or after number.
    size_t low = 0;
    size_t high = m_frames.size();
    while (low < high) {
        const size_t middle = (low + high) / 2;
        if (m_frames[middle].startLine < number)
            low = middle + 1;
        else
            high = middle;
    }
    return low < m_frames.size() && m_frames[low].startLine == number ? m_frames[low].endLine : -1;
}

qint64 JsonLineDocument::foldEnd(qint64 number) const
{
    if (number < 0 || number >= m_lineCount)
        return -1;
    const auto [info, depth] = locate(number);
    if (!info.opens)
        return -1;
    const qint64 framed = frameEnd(number);
    if (framed >= 0)
        return framed;
    // Not open at any checkpoint, so it closes before the next one.
    qint64 open = 1;
    qint64 offset = info.next;
    qint32 next = info.nextDepth;
    for (qint64 n = number + 1; n < m_lineCount && n <= number + 2 * linesPerCheckpoint; ++n) {
        const LineInfo inner = scanLine(m_body->data(), m_body->size(), offset, next);
        if (inner.closes && --open == 0)
            return n;
        if (inner.opens)
            ++open;
        offset = inner.next;
        next = inner.nextDepth;
    }
    return -1;
}

QString JsonLineDocument::path(qint64 number) const
{
    if (number < 0 || number >= m_lineCount)
        return {};
    struct Level
    {
        char type;
        qint64 position;
        qint64 current;
    };
    const qint64 first = number / linesPerCheckpoint * linesPerCheckpoint;
    const Checkpoint& checkpoint = m_checkpoints[static_cast<size_t>(first / linesPerCheckpoint)];
    std::vector<Level> levels;
    for (qint32 f = checkpoint.frame; f >= 0; f = m_frames[static_cast<size_t>(f)].parent) {
        const Frame& frame = m_frames[static_cast<size_t>(f)];
        levels.push_back(
            {frame.type, frame.position, levels.empty() ? checkpoint.current : levels.back().position});
    }
    std::reverse(levels.begin(), levels.end());
    const char* data = m_body->data();
    qint64 offset = checkpoint.offset;
    qint32 depth = checkpoint.depth;
    LineInfo info;
    for (qint64 n = first;; ++n) {
        info = scanLine(data, m_body->size(), offset, depth);
        if (n == number)
            break;
        if (info.closes) {
            const Level closed = levels.back();
            levels.pop_back();
            if (!levels.empty())
                levels.back().current = closed.position;
        } else {
            if (info.keyBegin >= 0)
                levels.back().current = info.keyBegin;
            if (info.opens)
                levels.push_back(
                    {info.opens, levels.empty() ? -1 : levels.back().current, info.opens == '[' ? 0 : -1});
        }
        if (info.comma && levels.back().type == '[')
            ++levels.back().current;
        offset = info.next;
        depth = info.nextDepth;
    }
    QString result = QStringLiteral("$");
    auto append = [&](char parentType, qint64 position) {
        if (parentType == '[') {
            result += QLatin1Char('[') + QString::number(position) + QLatin1Char(']');
            return;
        }
        const qint64 nameEnd = JsonLines::scanLine(data, m_body->size(), position, 0).keyEnd;
        if (isIdentifier(data, position + 1, nameEnd - 1))
            result += QLatin1Char('.') + bytesText(data, position + 1, nameEnd - 1);
        else
            result += QLatin1Char('[') + bytesText(data, position, nameEnd) + QLatin1Char(']');
    };
    for (size_t i = 1; i < levels.size(); ++i)
        append(levels[i - 1].type, levels[i].position);
    if (!info.closes && !levels.empty())
        append(levels.back().type, info.keyBegin >= 0 ? info.keyBegin : levels.back().current);
    return result;
}

QByteArray JsonLineDocument::value(qint64 number) const
{
    if (number < 0 || number >= m_lineCount)
        return {};
    const LineInfo info = locate(number).info;
    if (info.closes)
        return {};
    qint64 end = info.valueEnd;
    if (info.opens) {
        const qint64 last = foldEnd(number);
        if (last < 0)
            return {};
        end = locate(last).info.start + 1;
    }
    return m_body->slice(info.valueBegin, end - info.valueBegin);
}

} // namespace Tokenscope::Body
