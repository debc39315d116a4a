#include "flowlogmodel.h"

#include "flowlog.h"
#include "palette.h"
#include "roles.h"

#include <QBrush>
#include <QColor>
#include <QJsonDocument>

namespace Tokenscope::Ui {

using Http::FlowEvent;

FlowLogModel::FlowLogModel(Http::FlowLog* log, QObject* parent)
    : QAbstractTableModel(parent)
    , m_log(log)
{
    connect(log, &Http::FlowLog::eventAboutToBeAppended, this,
        [this](int index) { beginInsertRows({}, index, index); });
    connect(log, &Http::FlowLog::eventAppended, this, [this] { endInsertRows(); });
    connect(log, &Http::FlowLog::cleared, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

int FlowLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_log ? 0 : int(m_log->events().size());
}

int FlowLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(FlowColumn::Count);
}

QVariant FlowLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (FlowColumn(section)) {
    case FlowColumn::Time:
        return tr("Time");
    case FlowColumn::Step:
        return tr("Step");
    case FlowColumn::Status:
        return tr("Status");
    case FlowColumn::Target:
        return tr("Address");
    case FlowColumn::Count:
        break;
    }
    return {};
}

QVariant FlowLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FlowEvent& event = m_log->events().at(index.row());
    if (role == FlowEventKindRole)
        return int(event.kind);
    if (role == Qt::ForegroundRole) {
        if (event.kind == FlowEvent::Kind::Failure || event.status >= 400)
            return QBrush(QColor(Palette::error));
        return {};
    }
    if (role == Qt::ToolTipRole && FlowColumn(index.column()) == FlowColumn::Target)
        return event.url.toString();
    if (role != Qt::DisplayRole)
        return {};
    switch (FlowColumn(index.column())) {
    case FlowColumn::Time:
        return event.timestamp.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case FlowColumn::Step: {
        switch (event.kind) {
        case FlowEvent::Kind::AuthorizationRequest:
        case FlowEvent::Kind::RedirectReceived:
        case FlowEvent::Kind::Note:
        case FlowEvent::Kind::Failure:
            return event.summary;
        case FlowEvent::Kind::HttpRequest:
            return QString(QStringLiteral("→ ") + event.summary);
        case FlowEvent::Kind::HttpResponse:
            return QString(QStringLiteral("← ") + event.summary);
        }
        return {};
    }
    case FlowColumn::Status:
        if (event.kind == FlowEvent::Kind::HttpRequest || event.kind == FlowEvent::Kind::AuthorizationRequest)
            return QString::fromLatin1(event.method);
        if (event.status > 0)
            return event.elapsedMs >= 0 ? tr("%1 · %2 ms").arg(event.status).arg(event.elapsedMs)
                                        : QString::number(event.status);
        return {};
    case FlowColumn::Target:
        return event.url.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveFragment);
    case FlowColumn::Count:
        break;
    }
    return {};
}

QString FlowLogModel::details(int row) const
{
    if (!m_log || row < 0 || row >= m_log->events().size())
        return {};
    const FlowEvent& event = m_log->events().at(row);
    QString text;
    if (!event.method.isEmpty())
        text += QString::fromLatin1(event.method) + QLatin1Char(' ');
    if (event.url.isValid())
        text += event.url.toDisplayString() + QLatin1Char('\n');
    if (event.status > 0)
        text += tr("HTTP %1").arg(event.status) + QLatin1Char('\n');
    if (!event.summary.isEmpty() && event.kind != FlowEvent::Kind::HttpRequest
        && event.kind != FlowEvent::Kind::HttpResponse)
        text += event.summary + QLatin1Char('\n');
    for (const auto& [name, value] : event.headers)
        text += QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(value)
            + QLatin1Char('\n');
    if (!event.body.isEmpty()) {
        // This runs on the GUI thread when a row is selected: only small bodies are indented, and at
        // most the first 64 KiB is shown (the response viewer has the whole body).
        constexpr qsizetype limit = qsizetype(64) * 1024;
        const QJsonDocument json
            = event.body.size() <= limit ? QJsonDocument::fromJson(event.body) : QJsonDocument();
        text += QLatin1Char('\n')
            + (json.isNull() ? QString::fromUtf8(event.body.left(limit))
                             : QString::fromUtf8(json.toJson(QJsonDocument::Indented)));
        if (event.body.size() > limit)
            text += QLatin1Char('\n') + tr("… (%1 bytes in all)").arg(event.body.size());
    }
    return text;
}

} // namespace Tokenscope::Ui
