#include "markupdocument.h"

#include "bodybuffer.h"

#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <optional>

namespace Tokenscope::Body {

using Markup::Level;
using Markup::LineInfo;
using Markup::Token;
using Markup::Walker;

namespace {

// Walks the whole body once and publishes the index in chunks: the first as soon as a screenful is
// known, then every few tens of milliseconds.
void buildIndex(const char* data, qint64 size, Markup::Dialect dialect, const std::atomic<bool>& cancel,
    const std::function<void(MarkupLineDocument::Chunk&&)>& publish)
{
    MarkupLineDocument::Chunk chunk;
    Walker walker(data, size, dialect);
    walker.countSiblings(&chunk.siblings, &chunk.siblingFixups);
    walker.onClose([&chunk](const Level& level, qint64 endLine) {
        if (level.frame >= 0)
            chunk.frameEnds.emplace_back(level.frame, endLine);
    });
    qint32 frameCount = 0;
    qint64 published = 0;
    QElapsedTimer timer;
    timer.start();
    const auto flush = [&] {
        chunk.lineCount = walker.state().lines;
        published = std::max<qint64>(chunk.lineCount, 1);
        publish(std::move(chunk));
        chunk = {};
        timer.restart();
    };
    LineInfo info;
    bool afterLongToken = false;
    for (;;) {
        const bool checkpoint
            = afterLongToken || walker.state().lines % MarkupLineDocument::linesPerCheckpoint == 0;
        if (checkpoint) {
            if (cancel.load(std::memory_order_relaxed))
                return;
            if ((published == 0 && walker.state().lines >= 256) || (published > 0 && timer.elapsed() >= 30))
                flush();
            // Every element open here gets a frame, outermost first, so frames stay sorted by start line.
            auto& levels = walker.levels();
            size_t first = levels.size();
            while (first > 0 && levels[first - 1].frame < 0)
                --first;
            for (size_t i = first; i < levels.size(); ++i) {
                levels[i].frame = frameCount++;
                chunk.frames.push_back({levels[i].startLine, -1, levels[i].nameBegin, levels[i].nameLength,
                    i > 0 ? levels[i - 1].frame : -1, levels[i].element});
            }
            chunk.checkpoints.push_back({walker.state(), 0, levels.empty() ? -1 : levels.back().frame});
        }
        const Walker::Status status = walker.next(info);
        if (status == Walker::Status::Line) {
            if (checkpoint)
                chunk.checkpoints.back().lineBegin = info.begin;
            // The lines after a long token get a checkpoint of their own: they are rendered without
            // reading the token again.
            afterLongToken
                = info.first && info.tokenEnd - info.tokenBegin > MarkupLineDocument::longTokenBytes;
            continue;
        }
        if (checkpoint)
            chunk.checkpoints.pop_back(); // no line starts there
        chunk.done = status == Walker::Status::End;
        chunk.failed = status == Walker::Status::Failed;
        chunk.error = walker.errorMessage();
        chunk.errorOffset = walker.errorOffset();
        flush();
        return;
    }
}

} // namespace

MarkupLineDocument::MarkupLineDocument(
    std::shared_ptr<const BodyBuffer> body, Dialect dialect, QObject* parent)
    : LineDocument(parent)
    , m_body(std::move(body))
    , m_dialect(dialect)
    , m_cancel(std::make_shared<std::atomic<bool>>(false))
{
    if (m_body->size() <= synchronousLimit) {
        // A small body is indexed at once: it shows with no empty moment, and callers can read it now.
        std::optional<Chunk> failure;
        buildIndex(m_body->data(), m_body->size(), m_dialect, *m_cancel, [this, &failure](Chunk&& chunk) {
            apply(chunk);
            if (chunk.failed)
                failure = std::move(chunk);
        });
        // Nobody can be listening yet: the failure is told once the caller has connected.
        if (failure) {
            QMetaObject::invokeMethod(
                this,
                [this, message = failure->error, offset = failure->errorOffset] {
                    Q_EMIT failed(message, offset);
                },
                Qt::QueuedConnection);
        }
        return;
    }
    m_worker = QtConcurrent::run([this, body = m_body, cancel = m_cancel, dialect] {
        buildIndex(body->data(), body->size(), dialect, *cancel, [this](Chunk&& chunk) {
            auto shared = std::make_shared<Chunk>(std::move(chunk));
            QMetaObject::invokeMethod(
                this,
                [this, shared] {
                    apply(*shared);
                    if (shared->failed)
                        Q_EMIT failed(shared->error, shared->errorOffset);
                },
                Qt::QueuedConnection);
        });
    });
}

MarkupLineDocument::~MarkupLineDocument()
{
    // The worker posts to this object: it must have stopped before the object goes.
    m_cancel->store(true);
    m_worker.waitForFinished();
}

void MarkupLineDocument::apply(const Chunk& chunk)
{
    m_checkpoints.append(chunk.checkpoints);
    m_frames.append(chunk.frames);
    for (const auto& [frame, endLine] : chunk.frameEnds)
        m_frames[size_t(frame)].endLine = endLine;
    m_siblings.append(chunk.siblings);
    for (const qint64 element : chunk.siblingFixups)
        m_siblings[size_t(element)] |= Markup::siblingFlag;
    const bool grew = chunk.lineCount > m_lineCount;
    m_lineCount = std::max(m_lineCount, chunk.lineCount);
    if (grew)
        Q_EMIT linesAdded();
    if (chunk.failed) {
        m_failed = true;
    } else if (chunk.done) {
        m_complete = true;
        Q_EMIT completed();
    }
}

qint64 MarkupLineDocument::indexMemory() const
{
    return m_checkpoints.bytes() + m_frames.bytes() + m_siblings.bytes();
}

Walker MarkupLineDocument::walkerAt(qint64 number) const
{
    // The last checkpoint at or before the line.
    const size_t after = m_checkpoints.partitionPoint(
        [number](const Checkpoint& checkpoint) { return checkpoint.state.lines <= number; });
    const Checkpoint& checkpoint = m_checkpoints[std::max<size_t>(after, 1) - 1];
    std::vector<Level> levels;
    for (qint32 f = checkpoint.frame; f >= 0; f = m_frames[size_t(f)].parent) {
        const Frame& frame = m_frames[size_t(f)];
        Level level;
        level.nameBegin = frame.nameBegin;
        level.nameLength = frame.nameLength;
        level.frame = f;
        level.startLine = frame.startLine;
        level.element = frame.element;
        level.index = size_t(frame.element) < m_siblings.size() ? m_siblings[size_t(frame.element)] : 0U;
        levels.push_back(std::move(level));
    }
    std::reverse(levels.begin(), levels.end());
    Walker walker(m_body->data(), m_body->size(), m_dialect);
    walker.restore(checkpoint.state, std::move(levels));
    walker.lookUpSiblings([this](qint64 element) {
        return size_t(element) < m_siblings.size() ? m_siblings[size_t(element)] : 0U;
    });
    return walker;
}

bool MarkupLineDocument::walkTo(Walker& walker, qint64 number, LineInfo& info) const
{
    while (walker.state().lines <= number) {
        if (walker.next(info) != Walker::Status::Line)
            return false;
    }
    return true;
}

qint64 MarkupLineDocument::lineAt(qint64 offset) const
{
    if (m_lineCount == 0)
        return 0;
    // The last checkpoint at or before offset.
    const size_t low = m_checkpoints.partitionPoint(
        [offset](const Checkpoint& checkpoint) { return checkpoint.lineBegin <= offset; });
    const qint64 first = low == 0 ? 0 : m_checkpoints[low - 1].state.lines;
    Walker walker = walkerAt(first);
    LineInfo info;
    qint64 found = first;
    for (qint64 n = first; n < m_lineCount && n < first + linesPerCheckpoint; ++n) {
        if (walker.next(info) != Walker::Status::Line || info.begin > offset)
            break;
        found = n;
    }
    return found;
}

qint64 MarkupLineDocument::foldEnd(qint64 number) const
{
    if (number < 0 || number >= m_lineCount || m_failed)
        return -1;
    Walker walker = walkerAt(number);
    LineInfo info;
    if (!walkTo(walker, number, info) || !info.opens)
        return -1;
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
    qint64 end = -1;
    if (low < m_frames.size() && m_frames[low].startLine == number) {
        end = m_frames[low].endLine;
    } else {
        // Not open at any checkpoint, so it closes before the next one.
        walker.onClose([&end, number](const Level& level, qint64 endLine) {
            if (level.startLine == number && end < 0)
                end = endLine;
        });
        while (end < 0 && walker.state().lines <= number + 2 * linesPerCheckpoint) {
            if (walker.next(info) != Walker::Status::Line)
                break;
        }
    }
    return end > number ? end : -1;
}

std::vector<std::pair<qint64, qint64>> MarkupLineDocument::outerBlocks(qint64 first, qint64 last) const
{
    // One walk over the lines: the first element opening at or after first (outside any such block)
    // is followed until it closes.
    std::vector<std::pair<qint64, qint64>> blocks;
    last = std::min(last, m_lineCount - 1);
    if (m_failed || first < 0 || first > last)
        return blocks;
    Walker walker = walkerAt(first);
    qint64 open = -1; // the start line of the block being followed
    walker.onClose([&blocks, &open](const Level& level, qint64 endLine) {
        if (open >= 0 && level.startLine == open) {
            if (endLine > open)
                blocks.emplace_back(open, endLine);
            open = -1;
        }
    });
    LineInfo info;
    for (;;) {
        const qint64 number = walker.state().lines;
        if (open < 0 && number > last)
            break;
        if (walker.next(info) != Walker::Status::Line)
            break;
        if (open < 0 && number >= first && info.opens)
            open = number;
    }
    return blocks;
}

const BodyBuffer* MarkupLineDocument::sourceBuffer() const
{
    return m_body.get();
}

QString MarkupLineDocument::path(qint64 number) const
{
    if (number < 0 || number >= m_lineCount)
        return {};
    Walker walker = walkerAt(number);
    LineInfo info;
    if (!walkTo(walker, number, info))
        return {};
    const char* const data = m_body->data();
    QString result;
    const auto append = [&](qint64 nameBegin, qint32 nameLength, quint32 index) {
        result += QLatin1Char('/') + QString::fromUtf8(data + nameBegin, nameLength);
        const quint32 place = index & ~Markup::siblingFlag;
        if (place > 1 || (index & Markup::siblingFlag) != 0)
            result += QLatin1Char('[') + QString::number(place) + QLatin1Char(']');
    };
    for (const Level& level : walker.levels())
        append(level.nameBegin, level.nameLength, level.index);
    const bool ownElement = info.first
        && (info.token == Token::Inline || (info.token == Token::EndTag && info.closes)
            || (info.token == Token::StartTag && !info.opens));
    if (ownElement)
        append(info.nameBegin, info.nameLength, info.index);
    return result.isEmpty() ? QStringLiteral("/") : result;
}

QByteArray MarkupLineDocument::value(qint64 number) const
{
    if (number < 0 || number >= m_lineCount)
        return {};
    Walker walker = walkerAt(number);
    LineInfo info;
    if (!walkTo(walker, number, info) || info.token == Token::EndTag)
        return {};
    if (!info.first)
        return m_body->slice(info.begin, info.end - info.begin);
    qint64 end = info.tokenEnd;
    if (info.opens) {
        const qint64 last = foldEnd(number);
        if (last < 0)
            return {};
        Walker closing = walkerAt(last);
        LineInfo lastInfo;
        if (!walkTo(closing, last, lastInfo))
            return {};
        end = lastInfo.tokenEnd;
    }
    return m_body->slice(info.tokenBegin, end - info.tokenBegin);
}

} // namespace Tokenscope::Body
