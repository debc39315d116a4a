#pragma once

#include "error.h"
#include "httpmessage.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace Tokenscope::Workspace {

// One sent request and what came back, as kept in the history: secrets masked, bodies capped.
struct HistoryEntry
{
    QDateTime time;
    Http::HttpRequest request; // as composed, {{variables}} kept, to open again; secrets masked
    QString sentUrl; // as sent, secrets masked
    QList<Http::RawHeader> sentHeaders; // masked
    QByteArray requestBody; // as sent, capped and masked
    int status = 0;
    QString errorString;
    qint64 responseBytes = 0;
    qint64 durationMs = 0;
    QList<Http::RawHeader> responseHeaders; // masked
    QByteArray responseBody; // capped and masked
    bool requestBodyCut = false;
    bool responseBodyCut = false;

    friend bool operator==(const HistoryEntry&, const HistoryEntry&) = default;
};

// The requests sent from a workspace, newest first, in history.json next to workspace.json (owner-only,
// written atomically). Holds at most maxEntries; bodies are cut at maxBodyBytes. Nothing secret is
// kept: each entry is masked by name (Authorization, access_token, …) and by the values the caller
// registers as secret, before it is stored in memory or on disk.
class History final
{
public:
    static constexpr qsizetype maxEntries = 1000;
    static constexpr qsizetype maxBodyBytes = qsizetype(64) * 1024;

    explicit History(const QString& directory);

    QString filePath() const;
    // A missing file is an empty history; an unreadable one is reported and left as it is.
    Error load();
    Error save() const;
    // What save() does, for a copy of the entries (a thread that writes them while the GUI goes on).
    static Error write(const QString& directory, const QList<HistoryEntry>& entries);

    const QList<HistoryEntry>& entries() const { return m_entries; }
    // Masks and caps the entry, puts it first and drops the oldest over the limit.
    void record(HistoryEntry entry, const QStringList& secretValues);
    // Entries read after newer ones were recorded go after them, up to maxEntries.
    void appendOlder(const QList<HistoryEntry>& older);
    void remove(qsizetype index);
    void clear();

    // An entry for a request sent and its response (sent URL and headers from response.sent when the
    // client filled them in).
    static HistoryEntry entryFor(const Http::HttpRequest& composed, const QByteArray& sentBody,
        const Http::HttpResponse& response, const QDateTime& time);
    static HistoryEntry masked(HistoryEntry entry, const QStringList& secretValues);

private:
    QString m_directory;
    QList<HistoryEntry> m_entries;
};

} // namespace Tokenscope::Workspace
