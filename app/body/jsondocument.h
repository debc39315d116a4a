#pragma once

#include "linedocument.h"

#include <QFuture>

#include <atomic>
#include <memory>
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
    qint64 lineAt(qint64 offset) const override;
    qint64 foldEnd(qint64 number) const override;
    QString path(qint64 number) const override;
    QByteArray value(qint64 number) const override;

    // Bytes the index holds, for the benchmark.
    qint64 indexMemory() const;

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

private:
    // Grows in fixed blocks, so appending on the GUI thread never copies what is already there (a
    // std::vector of a 1 GB body's index would move tens of megabytes at each doubling).
    template<class T>
    class Blocks final
    {
    public:
        static constexpr size_t blockSize = 8192;
        size_t size() const { return m_size; }
        T& operator[](size_t i) { return m_blocks[i / blockSize][i % blockSize]; }
        const T& operator[](size_t i) const { return m_blocks[i / blockSize][i % blockSize]; }
        void append(const std::vector<T>& items)
        {
            for (const T& item : items) {
                if (m_size % blockSize == 0) {
                    m_blocks.emplace_back();
                    m_blocks.back().reserve(blockSize);
                }
                m_blocks.back().push_back(item);
                ++m_size;
            }
        }
        qint64 bytes() const { return qint64(m_blocks.size()) * qint64(blockSize) * qint64(sizeof(T)); }

    private:
        std::vector<std::vector<T>> m_blocks;
        size_t m_size = 0;
    };

    struct Located;
    Located locate(qint64 number) const;
    void apply(const Chunk& chunk);

    std::shared_ptr<const BodyBuffer> m_body;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QFuture<void> m_worker;
    Blocks<Checkpoint> m_checkpoints;
    Blocks<Frame> m_frames;
    qint64 m_lineCount = 0;
    bool m_complete = false;
};

} // namespace Tokenscope::Body
