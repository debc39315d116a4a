#include "flowlog.h"

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

} // namespace

FlowLog::FlowLog(QObject* parent)
    : QObject(parent)
{ }

void FlowLog::append(FlowEvent event)
{
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
    m_secretValues.clear();
    // Very short values would mask ordinary text everywhere; they are not worth calling secret.
    for (const QString& value : values) {
        if (value.size() >= 4)
            m_secretValues.append(value);
    }
}

void FlowLog::clear()
{
    m_events.clear();
    Q_EMIT cleared();
}

} // namespace Tokenscope::Http
