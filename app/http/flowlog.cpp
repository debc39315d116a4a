#include "flowlog.h"

#include <QFutureWatcher>
#include <QVariant>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <limits>

namespace Tokenscope::Http {

namespace {

QByteArray contentTypeOf(const QList<RawHeader>& headers)
{
    for (const auto& [name, value] : headers) {
        if (name.compare("content-type", Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

qint64 sizeOf(const FlowEvent& event)
{
    qint64 size = event.body.size() + event.summary.size() * 2 + event.url.toEncoded().size() + 256;
    for (const auto& [name, value] : event.headers)
        size += name.size() + value.size();
    return size;
}

// A dynamic property, so the mark goes with the object and nothing has to be cleaned up after it.
constexpr char environmentProperty[] = "tokenscopeFlowEnvironment";

constexpr qsizetype minimumSecretLength = 4;
// Registered values are the client's own tokens, codes and secrets; a short one (a test's "secret") would
// mask ordinary words such as the field name client_secret, and its field name masks it anyway.
constexpr qsizetype minimumRegisteredLength = 8;
constexpr qsizetype registeredLimit = 256;

} // namespace

FlowLog::FlowLog(QObject* parent)
    : QObject(parent)
{ }

FlowLog::FlowLog(FlowLog* root, const QString& environmentId)
    : QObject(root)
    , m_root(root)
    , m_environmentId(environmentId)
{
    connect(root, &FlowLog::eventAboutToBeAppended, this, &FlowLog::eventAboutToBeAppended);
    connect(root, &FlowLog::eventAppended, this, &FlowLog::eventAppended);
    connect(root, &FlowLog::cleared, this, &FlowLog::cleared);
    connect(root, &FlowLog::aboutToDropEvents, this, &FlowLog::aboutToDropEvents);
    connect(root, &FlowLog::eventsDropped, this, &FlowLog::eventsDropped);
}

FlowLog* FlowLog::forEnvironment(const QString& environmentId)
{
    FlowLog* log = root();
    FlowLog*& writer = log->m_writers[environmentId];
    if (!writer)
        writer = new FlowLog(log, environmentId);
    return writer;
}

const QList<FlowEvent>& FlowLog::events() const
{
    return root()->m_events;
}

void FlowLog::setFallbackEnvironment(std::function<QString()> fallback)
{
    root()->m_fallback = std::move(fallback);
}

void FlowLog::setEnvironmentOf(QObject* writer, const QString& environmentId)
{
    if (writer)
        writer->setProperty(environmentProperty, environmentId);
}

QString FlowLog::environmentFor(const QObject* context) const
{
    if (!m_environmentId.isEmpty())
        return m_environmentId;
    for (const QObject* object = context; object; object = object->parent()) {
        const QVariant marked = object->property(environmentProperty);
        if (marked.isValid())
            return marked.toString();
    }
    const FlowLog* log = root();
    if (!log->m_scopedEnvironment.isEmpty())
        return log->m_scopedEnvironment;
    return log->m_fallback ? log->m_fallback() : QString();
}

FlowLog::EnvironmentScope::EnvironmentScope(FlowLog* log, const QString& environmentId)
    : m_log(log ? log->root() : nullptr)
{
    if (m_log) {
        m_previous = m_log->m_scopedEnvironment;
        m_log->m_scopedEnvironment = environmentId;
    }
}

FlowLog::EnvironmentScope::~EnvironmentScope()
{
    if (m_log)
        m_log->m_scopedEnvironment = m_previous;
}

void FlowLog::append(FlowEvent event)
{
    if (event.environmentId.isEmpty())
        event.environmentId = environmentFor(nullptr);
    if (m_root) {
        m_root->append(std::move(event));
        return;
    }
    if (!event.timestamp.isValid())
        event.timestamp = QDateTime::currentDateTime();
    if (m_pending.empty() && event.body.size() <= m_limits.inlineBodyBytes) {
        publish(prepared(std::move(event), secretValues(), m_limits.bodyBytes));
        return;
    }
    const quint64 sequence = m_nextSequence++;
    m_pending.push_back({sequence, std::nullopt});
    auto* watcher = new QFutureWatcher<FlowEvent>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, sequence] {
        watcher->deleteLater();
        // Not found after clear(), which discards what was still being redacted.
        const auto pending = std::find_if(m_pending.begin(), m_pending.end(),
            [sequence](const Pending& candidate) { return candidate.sequence == sequence; });
        if (pending == m_pending.end())
            return;
        pending->event = watcher->result();
        flushFinished();
    });
    watcher->setFuture(
        QtConcurrent::run(&FlowLog::prepared, std::move(event), secretValues(), m_limits.bodyBytes));
}

FlowEvent FlowLog::prepared(FlowEvent event, const QStringList& secrets, qsizetype bodyBytes)
{
    // Redacted whole first: a body cut first might cut a secret in two, and a cut JSON body no longer
    // parses.
    event = redacted(std::move(event), secrets);
    if (event.body.size() > bodyBytes) {
        event.bodyOmitted = event.body.size() - bodyBytes;
        event.body.truncate(bodyBytes);
        event.body.squeeze();
    }
    return event;
}

void FlowLog::flushFinished()
{
    while (!m_pending.empty() && m_pending.front().event) {
        FlowEvent event = std::move(*m_pending.front().event);
        m_pending.pop_front();
        publish(std::move(event));
    }
}

void FlowLog::publish(FlowEvent event)
{
    m_bytes += sizeOf(event);
    Q_EMIT eventAboutToBeAppended(int(m_events.size()));
    m_events.append(std::move(event));
    Q_EMIT eventAppended(int(m_events.size() - 1));
    if (m_events.size() > m_limits.events || m_bytes > m_limits.totalBytes)
        dropOldest();
}

void FlowLog::dropOldest()
{
    Q_EMIT aboutToDropEvents();
    const bool marked = m_dropped > 0;
    if (marked) {
        m_bytes -= sizeOf(m_events.constFirst());
        m_events.removeFirst();
    }
    // Down to three quarters at once, so views are rebuilt now and then rather than at every event.
    qsizetype count = 0;
    while (!m_events.isEmpty()
        && (m_events.size() > m_limits.events * 3 / 4 || m_bytes > m_limits.totalBytes * 3 / 4)) {
        m_bytes -= sizeOf(m_events.constFirst());
        m_events.removeFirst();
        ++count;
    }
    m_dropped += count;
    FlowEvent marker;
    marker.kind = FlowEvent::Kind::Note;
    marker.timestamp = m_events.isEmpty() ? QDateTime::currentDateTime() : m_events.constFirst().timestamp;
    marker.summary = tr("%n earlier entries were dropped to keep the timeline's memory bounded.", nullptr,
        int(std::min<qsizetype>(m_dropped, std::numeric_limits<int>::max())));
    m_bytes += sizeOf(marker);
    m_events.prepend(std::move(marker));
    Q_EMIT eventsDropped();
}

void FlowLog::setLimits(const Limits& limits)
{
    root()->m_limits = limits;
}

qsizetype FlowLog::droppedCount() const
{
    return root()->m_dropped;
}

void FlowLog::note(const QString& summary)
{
    FlowEvent event;
    event.kind = FlowEvent::Kind::Note;
    event.summary = summary;
    append(std::move(event));
}

void FlowLog::failure(const QString& summary)
{
    FlowEvent event;
    event.kind = FlowEvent::Kind::Failure;
    event.summary = summary;
    append(std::move(event));
}

void FlowLog::setSecretValues(const QStringList& values)
{
    FlowLog* log = root();
    log->m_secretValues.clear();
    // Very short values would mask ordinary text everywhere; they are not worth calling secret.
    for (const QString& value : values) {
        if (value.size() >= minimumSecretLength)
            log->m_secretValues.append(value);
    }
}

void FlowLog::registerSecret(const QString& value)
{
    if (value.size() < minimumRegisteredLength)
        return;
    FlowLog* log = root();
    if (log->m_registered.contains(value))
        return;
    // Bounded: a long session refreshes many times, and a token long replaced is no longer worth the
    // time spent looking for it in every event.
    if (log->m_registered.size() >= registeredLimit)
        log->m_registered.removeFirst();
    log->m_registered.append(value);
}

QStringList FlowLog::secretValues() const
{
    const FlowLog* log = root();
    return log->m_secretValues + log->m_registered;
}

FlowEvent FlowLog::redacted(FlowEvent event, const QStringList& registered)
{
    // A token response is logged before its tokens can be registered: what its own body names secret is
    // masked in the rest of the same exchange (a header echoing it) too.
    const QStringList secrets = registered
        + Redaction::secretFieldValues(event.body, contentTypeOf(event.headers), minimumRegisteredLength);
    event.url = Redaction::redactUrl(event.url);
    event.body = Redaction::redactBody(event.body, contentTypeOf(event.headers));
    event.headers = Redaction::redactHeaders(event.headers);
    if (secrets.isEmpty())
        return event;
    event.body = Redaction::maskValues(event.body, secrets);
    // Masked as the line the timeline shows, not name and value apart: a broken server may run a secret
    // into a header line with no colon before it, or split one across the name and the value.
    for (auto& header : event.headers) {
        const QByteArray line = header.first + ": " + header.second;
        const QByteArray masked = Redaction::maskValues(line, secrets);
        if (masked == line)
            continue;
        const qsizetype separator = masked.indexOf(": ");
        header.first = separator < 0 ? masked : masked.left(separator);
        header.second = separator < 0 ? QByteArray() : masked.mid(separator + 2);
    }
    event.url = QUrl(
        QString::fromUtf8(Redaction::maskValues(event.url.toEncoded(), secrets, true)), QUrl::TolerantMode);
    event.summary = Redaction::maskValues(event.summary, secrets);
    return event;
}

void FlowLog::clear()
{
    FlowLog* log = root();
    log->m_events.clear();
    log->m_pending.clear();
    log->m_bytes = 0;
    log->m_dropped = 0;
    Q_EMIT log->cleared();
}

} // namespace Tokenscope::Http
