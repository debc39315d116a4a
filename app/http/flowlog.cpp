#include "flowlog.h"

#include <QVariant>

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

// A dynamic property, so the mark goes with the object and nothing has to be cleaned up after it.
constexpr char environmentProperty[] = "tokenscopeFlowEnvironment";

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
    event.url = Redaction::redactUrl(event.url);
    event.body = Redaction::redactBody(event.body, contentTypeOf(event.headers));
    event.headers = Redaction::redactHeaders(event.headers);
    for (const QString& secret : std::as_const(m_secretValues)) {
        const QByteArray raw = secret.toUtf8();
        const QByteArray masked = Redaction::mask(secret).toUtf8();
        event.body.replace(raw, masked);
        for (auto& header : event.headers)
            header.second.replace(raw, masked);
        QString url = event.url.toString(QUrl::FullyEncoded);
        url.replace(QString::fromLatin1(QUrl::toPercentEncoding(secret)),
            QString::fromUtf8(QUrl::toPercentEncoding(Redaction::mask(secret))));
        url.replace(secret, Redaction::mask(secret));
        event.url = QUrl(url, QUrl::TolerantMode);
    }
    Q_EMIT eventAboutToBeAppended(int(m_events.size()));
    m_events.append(std::move(event));
    Q_EMIT eventAppended(int(m_events.size() - 1));
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
        if (value.size() >= 4)
            log->m_secretValues.append(value);
    }
}

void FlowLog::clear()
{
    FlowLog* log = root();
    log->m_events.clear();
    Q_EMIT log->cleared();
}

} // namespace Tokenscope::Http
