#include "replyspooler.h"

#include "bodybuffer.h"

#include <QNetworkReply>

namespace Tokenscope::Http {

ReplySpooler::ReplySpooler(QNetworkReply* reply, std::shared_ptr<Body::BodySpool> spool, qint64 sliceBudgetMs)
    : QObject(reply)
    , m_reply(reply)
    , m_spool(std::move(spool))
    , m_chunk(new char[readBytes])
    , m_budgetMs(sliceBudgetMs)
{
    m_more.setSingleShot(true);
    m_more.setInterval(0);
    connect(&m_more, &QTimer::timeout, this, &ReplySpooler::readSlice);
    connect(reply, &QNetworkReply::readyRead, this, [this] {
        // A slice already waiting to run reads this too.
        if (!m_more.isActive())
            readSlice();
    });
    connect(reply, &QNetworkReply::finished, this, [this] {
        m_finished = true;
        readSlice();
    });
}

void ReplySpooler::readSlice()
{
    if (m_drained || !m_reply)
        return;
    QElapsedTimer slice;
    slice.start();
    bool readSome = false;
    while (m_error.isEmpty() && m_reply->isOpen() && m_reply->bytesAvailable() > 0) {
        if (readSome && slice.elapsed() >= m_budgetMs) {
            // The budget is spent: the rest in a later slice, after the event loop has run.
            m_more.start();
            return;
        }
        if (!m_announced) {
            m_announced = true;
            const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
            if (length.isValid())
                m_spool->expectSize(length.toLongLong());
        }
        const qint64 read = m_reply->read(m_chunk.get(), readBytes);
        if (read <= 0)
            break;
        readSome = true;
        if (!m_spool->append(m_chunk.get(), read)) {
            m_error = m_spool->errorString();
            // Aborting finishes the reply (if it was not already), which reports drained from here or
            // from the re-entered slice.
            m_reply->abort();
            break;
        }
    }
    if (m_drained || !m_finished)
        return;
    m_more.stop();
    m_drained = true;
    Q_EMIT drained();
}

} // namespace Tokenscope::Http
