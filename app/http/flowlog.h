#pragma once

#include "flowevent.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <deque>
#include <functional>
#include <optional>

namespace Tokenscope::Http {

// The ordered record of every exchange of one workspace session. Events are redacted on the way in,
// so whatever reads the log (timeline, export, tests) never sees a secret.
//
// Its memory is bounded however long the session: a body is kept up to a cap, and past a number of
// events or bytes the oldest are dropped, a note at the top saying how many. An event with a large body
// is redacted on a worker thread; it and every event after it appear when that is done, in order.
//
// Each event belongs to an environment (FlowEvent::environmentId), so a view can show one environment's
// exchanges. Whoever writes says it once, not at every call: a writer that works for one environment
// gets forEnvironment(id) as its log; an object (and its children) passed as the context of a network
// call is marked with setEnvironmentOf; what a network answer's handler writes belongs to the request's
// environment; what remains is the fallback's (the environment the user works in).
class FlowLog final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FlowLog)

public:
    explicit FlowLog(QObject* parent = nullptr);

    struct Limits
    {
        qsizetype bodyBytes = qsizetype(256) * 1024; // per body; the rest is counted, not kept
        qsizetype events = 5000;
        qint64 totalBytes = qint64(64) * 1024 * 1024;
        // Smaller bodies are redacted at once: the hand-over to a worker would cost more.
        qsizetype inlineBodyBytes = qsizetype(16) * 1024;
    };
    void setLimits(const Limits& limits);
    const Limits& limits() const { return m_limits; }
    // How many of the oldest events were dropped to keep within the limits.
    qsizetype droppedCount() const;

    void append(FlowEvent event);
    void note(const QString& summary);
    void failure(const QString& summary);
    void clear();
    // Values that are secret wherever they appear (secret variables: API keys, passwords), masked in
    // every event from now on.
    void setSecretValues(const QStringList& values);
    // A token, code or secret the session holds (access, refresh and ID tokens, client secret and
    // assertion, codes, code verifier, device code): masked wherever it appears in events appended from
    // now on, also when an API echoes it back or it comes re-encoded.
    void registerSecret(const QString& value);
    // Every value masked by value: the secret variables' and the registered ones.
    QStringList secretValues() const;
    // The event as the log keeps it: masked by field name, then by value.
    static FlowEvent redacted(FlowEvent event, const QStringList& secrets);

    const QList<FlowEvent>& events() const;

    // This log as seen by a writer for one environment: everything appended through it belongs to
    // environmentId and lands in this log. Owned by this log; the same one for the same id.
    FlowLog* forEnvironment(const QString& environmentId);
    // The environment of a writer's log from forEnvironment; empty for the log itself.
    QString environmentId() const { return m_environmentId; }
    // The environment of events whose writer does not say (the one the user works in).
    void setFallbackEnvironment(std::function<QString()> fallback);
    // Network calls made with writer (or one of its children) as the context belong to environmentId.
    static void setEnvironmentOf(QObject* writer, const QString& environmentId);
    // The environment a network call with this context belongs to, by the rules above.
    QString environmentFor(const QObject* context) const;

    // While it lives, events whose writer does not say belong to environmentId (a network answer's
    // handler runs inside one, so what it writes and sends belongs to the request's environment).
    class EnvironmentScope final
    {
    public:
        EnvironmentScope(FlowLog* log, const QString& environmentId);
        ~EnvironmentScope();
        EnvironmentScope(const EnvironmentScope&) = delete;
        EnvironmentScope& operator=(const EnvironmentScope&) = delete;

    private:
        QPointer<FlowLog> m_log;
        QString m_previous;
    };

Q_SIGNALS:
    void eventAboutToBeAppended(int index);
    void eventAppended(int index);
    void cleared();
    // The oldest events are about to be dropped, and were: every index changes.
    void aboutToDropEvents();
    void eventsDropped();

private:
    FlowLog(FlowLog* root, const QString& environmentId);
    FlowLog* root() { return m_root ? m_root.data() : this; }
    const FlowLog* root() const { return m_root ? m_root.data() : this; }

    void publish(FlowEvent event);
    void flushFinished();
    void dropOldest();
    static FlowEvent prepared(FlowEvent event, const QStringList& secrets, qsizetype bodyBytes);

    struct Pending
    {
        quint64 sequence = 0;
        std::optional<FlowEvent> event; // set when redacted
    };

    QList<FlowEvent> m_events;
    std::deque<Pending> m_pending; // appended, still being redacted, in order
    quint64 m_nextSequence = 0;
    Limits m_limits;
    qint64 m_bytes = 0;
    qsizetype m_dropped = 0;
    QStringList m_secretValues;
    QStringList m_registered; // oldest first, at most registeredLimit
    QPointer<FlowLog> m_root; // set on a writer's log from forEnvironment
    QString m_environmentId; // a writer's log's environment
    QString m_scopedEnvironment; // EnvironmentScope's
    std::function<QString()> m_fallback;
    QHash<QString, FlowLog*> m_writers;
};

} // namespace Tokenscope::Http
