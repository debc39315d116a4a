#pragma once

#include "blockvector.h"
#include "linedocument.h"
#include "markupscanner.h"

#include <QFuture>

#include <atomic>
#include <memory>
#include <vector>

namespace Tokenscope::Body {

class BodyBuffer;

// An XML or HTML body re-indented, two spaces a level, every tag, attribute, text, entity, comment and
// CDATA section exactly as received: each tag on its own line, a short text-only element on one. Built
// like JsonLineDocument: a worker walks the body once and keeps a checkpoint every 64 lines plus the
// elements open at a checkpoint; a line is rendered by walking again from its checkpoint. XML that is not
// well-formed fails (the viewer shows it as received); HTML is taken as servers send it: void elements,
// raw text (script, style), end tags left out or stray.
class MarkupLineDocument final : public LineDocument
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MarkupLineDocument)

public:
    using Dialect = Markup::Dialect;

    MarkupLineDocument(std::shared_ptr<const BodyBuffer> body, Dialect dialect, QObject* parent = nullptr);
    ~MarkupLineDocument() override;

    Dialect dialect() const { return m_dialect; }
    qint64 lineCount() const override { return m_lineCount; }
    bool isComplete() const override { return m_complete; }
    DisplayLine line(qint64 number) const override;
    DisplayLine lineWindow(qint64 number, qint64 firstColumn, qint64 maxColumns) const override;
    qint64 columnAt(qint64 number, qint64 offset) const override;
    qint64 lineAt(qint64 offset) const override;
    qint64 foldEnd(qint64 number) const override;
    std::vector<std::pair<qint64, qint64>> outerBlocks(qint64 first, qint64 last) const override;
    // XPath-like: `/Bundle/entry[2]/resource`, an index where an element has same-name siblings.
    QString path(qint64 number) const override;
    QByteArray value(qint64 number) const override;

    // Bytes the index holds, for tests and the benchmark.
    qint64 indexMemory() const;

    // A checkpoint every so many lines at most, and one after every token longer than longTokenBytes.
    static constexpr qint64 linesPerCheckpoint = 64;
    static constexpr qint64 longTokenBytes = qint64(64) * 1024;
    static constexpr qint64 synchronousLimit = qint64(256) * 1024;

    struct Checkpoint
    {
        Markup::WalkerState state;
        qint64 lineBegin = 0; // the first byte its line shows
        qint32 frame = -1; // the innermost open element
    };
    // An element open at some checkpoint.
    struct Frame
    {
        qint64 startLine = 0;
        qint64 endLine = -1;
        qint64 nameBegin = 0;
        qint32 nameLength = 0;
        qint32 parent = -1;
        qint64 element = 0; // its ordinal, for its sibling index
    };
    struct Chunk
    {
        std::vector<Checkpoint> checkpoints;
        std::vector<Frame> frames;
        std::vector<std::pair<qint32, qint64>> frameEnds;
        std::vector<quint32> siblings; // each element's index among same-name siblings, in body order
        std::vector<qint64> siblingFixups; // elements found to have same-name siblings
        qint64 lineCount = 0;
        bool done = false;
        bool failed = false;
        QString error;
        qint64 errorOffset = 0;
    };

protected:
    const BodyBuffer* sourceBuffer() const override;

private:
    // A walker set at the checkpoint before line number, and the lines from it up to number.
    Markup::Walker walkerAt(qint64 number) const;
    bool walkTo(Markup::Walker& walker, qint64 number, Markup::LineInfo& info) const;
    // The layout of line number; false when there is no such line.
    bool locate(qint64 number, Markup::LineInfo& info) const;
    void apply(const Chunk& chunk);

    std::shared_ptr<const BodyBuffer> m_body;
    Dialect m_dialect;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QFuture<void> m_worker;
    BlockVector<Checkpoint> m_checkpoints;
    BlockVector<Frame> m_frames;
    BlockVector<quint32> m_siblings;
    qint64 m_lineCount = 0;
    bool m_complete = false;
    bool m_failed = false;
};

} // namespace Tokenscope::Body
