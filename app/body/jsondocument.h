#pragma once

#include "blockvector.h"
#include "jsonlines.h"
#include "linedocument.h"

#include <QFuture>

#include <atomic>
#include <memory>
#include <unordered_map>
#include <vector>

namespace Tokenscope::Body {

class BodyBuffer;

// A JSON body as the lines `jq .` would print, tokens exactly as received. A worker thread walks the
// body once and keeps only a checkpoint every 64 lines (where the line starts and how deep it is) and
// the containers that span a checkpoint; a line is rendered by re-reading the body from its checkpoint,
// so the index is a few bytes per line whatever the size, and the first screen is there long before
// the walk ends.
class JsonLineDocument final : public LineDocument
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonLineDocument)

public:
    explicit JsonLineDocument(std::shared_ptr<const BodyBuffer> body, QObject* parent = nullptr);
    ~JsonLineDocument() override;

    qint64 lineCount() const override { return m_lineCount; }
    bool isComplete() const override { return m_complete; }
    DisplayLine line(qint64 number) const override;
    DisplayLine lineWindow(qint64 number, qint64 firstColumn, qint64 maxColumns) const override;
    qint64 columnAt(qint64 number, qint64 offset) const override;
    qint64 lineAt(qint64 offset) const override;
    qint64 foldEnd(qint64 number) const override;
    std::vector<std::pair<qint64, qint64>> outerBlocks(qint64 first, qint64 last) const override;
    QString path(qint64 number) const override;
    QByteArray value(qint64 number) const override;

    // Bytes the index holds, for the benchmark.
    qint64 indexMemory() const;
    // How many times a long token's column marks were computed (a walk of its bytes), for the tests.
    qint64 longTokenWalks() const { return m_longTokenWalks; }
    // How many long tokens keep their column marks: far more than the lines on a screen, so painting a
    // screen of long strings walks each once.
    static constexpr size_t longTokenSlots = 64;

    static constexpr qint64 linesPerCheckpoint = 64;
    // Bodies up to this size are indexed in the constructor, on the caller's thread (a few ms at most).
    static constexpr qint64 synchronousLimit = qint64(256) * 1024;

    struct Checkpoint
    {
        qint64 offset = 0; // the line's first token
        qint64 current = 0; // innermost array: the element the line starts
        qint32 depth = 0;
        qint32 frame = -1; // the innermost open container, -1 at the top level
    };
    // A container open at some checkpoint.
    struct Frame
    {
        qint64 startLine = 0;
        qint64 endLine = -1;
        qint64 position = -1; // its index in the parent array, or its name's offset in the parent object
        qint32 parent = -1;
        char type = 0;
    };
    struct Chunk
    {
        std::vector<Checkpoint> checkpoints;
        std::vector<Frame> frames;
        std::vector<std::pair<qint32, qint64>> frameEnds;
        qint64 lineCount = 0;
        bool done = false;
        quint8 error = 0; // JsonScan::Error
        qint64 errorOffset = 0;
    };

protected:
    const BodyBuffer* sourceBuffer() const override;

private:
    struct Located
    {
        JsonLines::LineInfo info;
        qint32 depth = 0;
    };
    Located locate(qint64 number) const;
    // A token too long to decode at each paint: its width in columns, and (columns, byte) marks every so
    // many columns (16 bytes each 64 Ki columns). The longTokenSlots last used are kept.
    struct LongToken
    {
        qint64 begin = -1;
        qint64 end = -1;
        qint64 units = 0;
        std::vector<std::pair<qint64, qint64>> marks;
        quint64 used = 0; // m_longTokenClock when last asked for
    };
    const LongToken& longToken(qint64 begin, qint64 end) const;
    // The columns the token's bytes [begin, offset) take; the byte where its column units starts.
    qint64 tokenUnits(qint64 begin, qint64 end, qint64 offset) const;
    qint64 tokenBytes(qint64 begin, qint64 end, qint64 units) const;
    // The last line of the block that opens on line number when a checkpoint falls inside it, else -1.
    qint64 frameEnd(qint64 number) const;
    void apply(const Chunk& chunk);

    std::shared_ptr<const BodyBuffer> m_body;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QFuture<void> m_worker;
    BlockVector<Checkpoint> m_checkpoints;
    BlockVector<Frame> m_frames;
    qint64 m_lineCount = 0;
    bool m_complete = false;
    mutable std::unordered_map<qint64, LongToken> m_longTokens; // by begin
    mutable quint64 m_longTokenClock = 0;
    mutable qint64 m_longTokenWalks = 0;
};

} // namespace Tokenscope::Body
