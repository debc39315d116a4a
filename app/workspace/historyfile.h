#pragma once

#include "error.h"
#include "history.h"

#include <QObject>

#include <condition_variable>
#include <mutex>
#include <optional>

class QThread;

namespace Tokenscope::Workspace {

// Reads and writes history.json on a thread of its own, so that neither a send nor the start-up waits
// for a file of up to History::maxEntries entries. A load asked for is done before any pending save, so
// it reads the file as it was; saves are written in order, and those asked for while one is being
// written are coalesced into one write of the newest entries (atomic, as History::write). The signals
// come from the file's thread (queued to receivers in others). The destructor writes what is still
// pending before it returns: nothing is lost on exit.
class HistoryFile final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryFile)

public:
    explicit HistoryFile(const QString& directory, QObject* parent = nullptr);
    ~HistoryFile() override;

    // Reads the file; loaded() answers.
    void load();
    // Writes these entries, after what was asked for before.
    void save(const QList<HistoryEntry>& entries);
    // Returns when everything asked for is done.
    void flush();

Q_SIGNALS:
    void loaded(const QList<Tokenscope::Workspace::HistoryEntry>& entries, const Tokenscope::Error& error);
    void saveFailed(const Tokenscope::Error& error);

private:
    void run();

    QString m_directory;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    bool m_loadAsked = false;
    std::optional<QList<HistoryEntry>> m_pending;
    bool m_busy = false;
    bool m_stopping = false;
    QThread* m_thread;
};

} // namespace Tokenscope::Workspace
