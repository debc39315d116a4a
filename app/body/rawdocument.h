#pragma once

#include "blockvector.h"
#include "bodybuffer.h"
#include "linedocument.h"

#include <QFuture>

#include <atomic>
#include <memory>
#include <vector>

namespace Tokenscope::Body {

// A body as its own text: lines split at \n (a \r before it is not shown), a line longer than
// wrapWidth bytes wrapped so that even a gigabyte on one line scrolls. The index of line starts is built
// on a worker thread and published in chunks; the first screen is indexed at once in the constructor.
// Bytes that are not UTF-8 show as U+FFFD.
class RawLineDocument final : public LineDocument
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RawLineDocument)

public:
    static constexpr qint64 wrapWidth = 4096;

    explicit RawLineDocument(std::shared_ptr<const BodyBuffer> buffer, QObject* parent = nullptr);
    ~RawLineDocument() override;

    qint64 lineCount() const override;
    bool isComplete() const override { return m_complete; }
    DisplayLine line(qint64 number) const override;
    qint64 lineAt(qint64 offset) const override;
    QByteArray value(qint64 number) const override;

protected:
    const BodyBuffer* sourceBuffer() const override;

private:
    void publish(const std::vector<qint64>& starts, bool complete);

    std::shared_ptr<const BodyBuffer> m_buffer;
    BlockVector<qint64> m_starts; // the byte where each display line starts, ascending
    bool m_complete = false;
    std::shared_ptr<std::atomic_bool> m_cancel;
    QFuture<void> m_indexer;
};

// A body as a hex dump, 16 bytes a line: offset, the bytes in hex, the bytes as ASCII. Computed from the
// offset, so it needs no index and is complete at once.
class HexLineDocument final : public LineDocument
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HexLineDocument)

public:
    static constexpr qint64 bytesPerLine = 16;

    explicit HexLineDocument(std::shared_ptr<const BodyBuffer> buffer, QObject* parent = nullptr);
    ~HexLineDocument() override;

    qint64 lineCount() const override;
    bool isComplete() const override { return true; }
    DisplayLine line(qint64 number) const override;
    std::pair<qsizetype, qsizetype> columns(
        const DisplayLine& line, qint64 offset, qint64 length) const override;
    qint64 lineAt(qint64 offset) const override;
    QByteArray value(qint64 number) const override;

private:
    std::shared_ptr<const BodyBuffer> m_buffer;
    int m_offsetDigits = 8;
};

} // namespace Tokenscope::Body
