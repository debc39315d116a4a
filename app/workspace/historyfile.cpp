#include "historyfile.h"

#include <QThread>

namespace Tokenscope::Workspace {

HistoryFile::HistoryFile(const QString& directory, QObject* parent)
    : QObject(parent)
    , m_directory(directory)
    , m_thread(QThread::create([this] { run(); }))
{
    m_thread->setObjectName(QStringLiteral("History file"));
    m_thread->start(QThread::LowPriority);
}

HistoryFile::~HistoryFile()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread->wait();
    delete m_thread;
}

void HistoryFile::load()
{
    {
        const std::lock_guard lock(m_mutex);
        m_loadAsked = true;
    }
    m_wake.notify_all();
}

void HistoryFile::save(const QList<HistoryEntry>& entries)
{
    {
        const std::lock_guard lock(m_mutex);
        m_pending = entries; // shares the list's data: the GUI thread's next change copies, not this
    }
    m_wake.notify_all();
}

void HistoryFile::flush()
{
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return !m_loadAsked && !m_pending && !m_busy; });
}

void HistoryFile::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stopping || m_loadAsked || m_pending; });
        if (m_loadAsked) {
            // A load asked for before a save reads the file as it was.
            m_loadAsked = false;
            m_busy = true;
            lock.unlock();
            History history(m_directory);
            const Error error = history.load();
            Q_EMIT loaded(history.entries(), error);
            lock.lock();
        } else if (m_pending) {
            const QList<HistoryEntry> entries = *std::exchange(m_pending, std::nullopt);
            m_busy = true;
            lock.unlock();
            const Error error = History::write(m_directory, entries);
            if (!error.isNull())
                Q_EMIT saveFailed(error);
            lock.lock();
        } else {
            return; // stopping, and nothing is left to do
        }
        m_busy = false;
        m_idle.notify_all();
    }
}

} // namespace Tokenscope::Workspace
