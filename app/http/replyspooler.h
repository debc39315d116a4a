#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <memory>

class QNetworkReply;

namespace Tokenscope::Body {
class BodySpool;
}

namespace Tokenscope::Http {

// Moves a streamed reply's body into a BodySpool in slices of a few milliseconds, so the GUI thread is
// never held by one large read: on loopback Qt hands over tens of megabytes at once, whatever the read
// buffer size, and copying that to the spool in one go stalled the window for 50–300 ms. Between two
// slices the event loop runs (paints, input, timers); the rest follows from a zero timer, which yields
// to pending events. drained() is emitted once, after the reply finished and everything it received
// is in the spool (or writing it failed). A child of the reply.
class ReplySpooler : public QObject
{
    Q_OBJECT
public:
    // A slice reads at least once, then yields once it has taken sliceBudgetMs.
    ReplySpooler(QNetworkReply* reply, std::shared_ptr<Body::BodySpool> spool,
        qint64 sliceBudgetMs = defaultSliceBudgetMs);

    // Why the body could not be spooled; empty when it could.
    QString errorString() const { return m_error; }
    // Whether drained() has been emitted.
    bool isDrained() const { return m_drained; }

    // How long one slice may read before it yields to the event loop.
    static constexpr qint64 defaultSliceBudgetMs = 4;
    // One read: large enough that per-read overhead does not count, small enough to stay in cache.
    static constexpr qint64 readBytes = qint64(256) * 1024;

Q_SIGNALS:
    void drained();

private:
    void readSlice();

    QPointer<QNetworkReply> m_reply;
    std::shared_ptr<Body::BodySpool> m_spool;
    std::unique_ptr<char[]> m_chunk;
    QTimer m_more;
    qint64 m_budgetMs;
    QString m_error;
    bool m_finished = false;
    bool m_drained = false;
    bool m_announced = false; // the spool was told the announced size
};

} // namespace Tokenscope::Http
