#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

class QTemporaryFile;

namespace Tokenscope::Body {

// A received body, immutable and cheap to share between threads: small bodies in memory, large ones in
// a temporary file (removed when the last holder lets go) that is mapped, never copied into a QString
// or QByteArray.
class BodyBuffer final
{
public:
    ~BodyBuffer();
    Q_DISABLE_COPY_MOVE(BodyBuffer)

    static std::shared_ptr<const BodyBuffer> fromBytes(QByteArray bytes);

    const char* data() const { return m_data; }
    qint64 size() const { return m_size; }
    bool isOnDisk() const { return m_file != nullptr; }
    // The bytes [offset, offset + length) clipped to the body, copied: for small slices only.
    QByteArray slice(qint64 offset, qint64 length) const;
    // The whole body as a QByteArray: for bodies known to be small (the OAuth paths); copies.
    QByteArray toByteArray() const;

private:
    friend class BodySpool;
    BodyBuffer() = default;

    QByteArray m_bytes;
    std::unique_ptr<QTemporaryFile> m_file;
    const char* m_data = nullptr;
    qint64 m_size = 0;
};

// Collects a body as it arrives: in memory up to a threshold, then in a temporary file. finish() hands
// over the buffer; an error (disk full) is reported by append() and keeps what was written.
// Crossing the threshold does not write the bytes held so far in one go (8 MiB, tens of milliseconds
// on the GUI thread): each later append() writes at most spillStep of them, and what arrives meanwhile
// waits behind them in memory, so the file keeps the order.
class BodySpool final
{
public:
    // Bodies up to this many bytes stay in memory.
    static constexpr qint64 defaultMemoryThreshold = qint64(8) * 1024 * 1024;

    // How much of what was held in memory one append() writes to the file.
    static constexpr qint64 defaultSpillStep = qint64(1) * 1024 * 1024;

    explicit BodySpool(qint64 memoryThreshold = defaultMemoryThreshold, qint64 spillStep = defaultSpillStep);
    ~BodySpool();
    Q_DISABLE_COPY_MOVE(BodySpool)

    // The size the server announced (Content-Length), before the body arrives: a body announced past
    // the threshold goes to the file from its first byte, a smaller one gets its memory at once instead
    // of growing (each doubling copies all so far). Only a hint: the body may turn out larger (a
    // compressed transfer) or smaller.
    void expectSize(qint64 size);
    // False, with errorString(), when the temporary file cannot be created or written.
    bool append(const char* data, qint64 size);
    qint64 size() const;
    QString errorString() const { return m_error; }
    // Bytes held in memory that still go to the file before anything new does.
    qint64 pendingSpill() const { return m_file ? m_bytes.size() - m_spilled : 0; }
    std::shared_ptr<const BodyBuffer> finish();

private:
    bool write(const char* data, qint64 size);
    bool spill(qint64 budget);

    qint64 m_threshold;
    qint64 m_spillStep;
    qint64 m_spilled = 0; // of m_bytes, once there is a file
    QByteArray m_bytes;
    std::unique_ptr<QTemporaryFile> m_file;
    qint64 m_size = 0;
    QString m_error;
};

} // namespace Tokenscope::Body
