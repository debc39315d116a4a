#include "bodybuffer.h"

#include <QCoreApplication>
#include <QDir>
#include <QTemporaryFile>

#include <algorithm>

namespace Tokenscope::Body {

BodyBuffer::~BodyBuffer()
{
    if (m_file && m_data)
        m_file->unmap(reinterpret_cast<uchar*>(const_cast<char*>(m_data)));
}

std::shared_ptr<const BodyBuffer> BodyBuffer::fromBytes(QByteArray bytes)
{
    std::shared_ptr<BodyBuffer> buffer(new BodyBuffer);
    buffer->m_bytes = std::move(bytes);
    buffer->m_data = buffer->m_bytes.constData();
    buffer->m_size = buffer->m_bytes.size();
    return buffer;
}

QByteArray BodyBuffer::slice(qint64 offset, qint64 length) const
{
    if (offset < 0 || offset >= m_size || length <= 0)
        return {};
    return QByteArray(m_data + offset, qsizetype(std::min(length, m_size - offset)));
}

QByteArray BodyBuffer::toByteArray() const
{
    if (!m_file)
        return m_bytes;
    return QByteArray(m_data, qsizetype(m_size));
}

BodySpool::BodySpool(qint64 memoryThreshold, qint64 spillStep)
    : m_threshold(memoryThreshold)
    , m_spillStep(std::max<qint64>(spillStep, 1))
{ }

BodySpool::~BodySpool() = default;

void BodySpool::expectSize(qint64 size)
{
    if (m_file || size <= 0)
        return;
    if (size > m_threshold)
        m_threshold = 0;
    else
        m_bytes.reserve(qsizetype(size));
}

bool BodySpool::append(const char* data, qint64 size)
{
    if (size <= 0)
        return m_error.isEmpty();
    if (!m_error.isEmpty())
        return false;
    if (!m_file && m_size + size > m_threshold) {
        // Past the threshold the body goes to disk: a response of a gigabyte must not live in memory.
        auto file
            = std::make_unique<QTemporaryFile>(QDir::tempPath() + QStringLiteral("/tokenscope-body-XXXXXX"));
        if (!file->open()) {
            m_error = QCoreApplication::translate("Tokenscope::Body::BodySpool",
                "The response is too large to keep in memory, and it could not be written to a temporary "
                "file in %1: %2")
                          .arg(QDir::toNativeSeparators(QDir::tempPath()), file->errorString());
            return false;
        }
        m_file = std::move(file);
        m_spilled = 0;
    }
    if (m_file && !spill(m_spillStep))
        return false;
    // In memory until there is a file, and behind what is still to be written once there is one.
    if (!m_file || pendingSpill() > 0)
        m_bytes.append(data, qsizetype(size));
    else if (!write(data, size))
        return false;
    m_size += size;
    return true;
}

bool BodySpool::write(const char* data, qint64 size)
{
    if (m_file->write(data, size) == size)
        return true;
    m_error = QCoreApplication::translate(
        "Tokenscope::Body::BodySpool", "The response could not be written to the temporary file %1: %2")
                  .arg(QDir::toNativeSeparators(m_file->fileName()), m_file->errorString());
    return false;
}

bool BodySpool::spill(qint64 budget)
{
    const qint64 step = std::min(budget, pendingSpill());
    if (step > 0 && !write(m_bytes.constData() + m_spilled, step))
        return false;
    m_spilled += step;
    if (m_spilled == m_bytes.size()) {
        m_bytes = QByteArray();
        m_spilled = 0;
    }
    return true;
}

qint64 BodySpool::size() const
{
    return m_size;
}

std::shared_ptr<const BodyBuffer> BodySpool::finish()
{
    if (!m_file)
        return BodyBuffer::fromBytes(std::exchange(m_bytes, {}));
    std::shared_ptr<BodyBuffer> buffer(new BodyBuffer);
    if (!spill(pendingSpill()) || !m_file->flush()) {
        if (m_error.isEmpty())
            m_error = m_file->errorString();
        return BodyBuffer::fromBytes({});
    }
    uchar* mapped = m_size > 0 ? m_file->map(0, m_size) : nullptr;
    if (m_size > 0 && !mapped) {
        m_error = QCoreApplication::translate(
            "Tokenscope::Body::BodySpool", "The response in the temporary file %1 could not be read: %2")
                      .arg(QDir::toNativeSeparators(m_file->fileName()), m_file->errorString());
        return BodyBuffer::fromBytes({});
    }
    buffer->m_data = reinterpret_cast<const char*>(mapped);
    buffer->m_size = m_size;
    buffer->m_file = std::move(m_file);
    m_size = 0;
    return buffer;
}

} // namespace Tokenscope::Body
