#include "flowlogmodel.h"

#include "flowlog.h"
#include "formencoding.h"
#include "palette.h"
#include "parameterexplanation.h"
#include "roles.h"

#include <QBrush>
#include <QColor>
#include <QJsonDocument>
#include <QUrlQuery>

#include <algorithm>
#include <limits>

namespace Tokenscope::Ui {

using Http::FlowEvent;

namespace {

QByteArray contentTypeOf(const FlowEvent& event)
{
    for (const auto& [name, value] : event.headers) {
        if (name.compare("content-type", Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

// Names and values in two aligned columns under a title, for the fixed-width detail pane: a form body
// or a query reads like the JSON bodies beside it, decoded, not as one percent-encoded line.
QString fieldTable(const QString& title, const Http::FormFields& fields, const FlowEvent* explained = nullptr)
{
    QHash<QString, QString> explanations;
    if (explained) {
        for (const OAuth::ExplainedParameter& parameter : OAuth::explainedParameters(*explained))
            explanations.insert(parameter.name, parameter.explanation);
    }
    constexpr qsizetype widest = 32;
    qsizetype width = 0;
    for (const auto& field : fields)
        width = std::max(width, field.first.size());
    width = std::min(width, widest);
    const QString continuation = QLatin1Char('\n') + QString(width + 4, QLatin1Char(' '));
    QString text = QLatin1Char('\n') + title + QLatin1Char('\n');
    for (const auto& [name, value] : fields) {
        text += QStringLiteral("  ") + name.leftJustified(width) + QStringLiteral("  ")
            + QString(value).replace(QLatin1Char('\n'), continuation) + QLatin1Char('\n');
        // What the parameter is for, under its value, so the two read together.
        if (const QString explanation = explanations.value(name); !explanation.isEmpty())
            text += QString(width + 4, QLatin1Char(' ')) + QStringLiteral("↳ ") + explanation
                + QLatin1Char('\n');
    }
    return text;
}

} // namespace

FlowLogModel::FlowLogModel(Http::FlowLog* log, QObject* parent)
    : QAbstractTableModel(parent)
    , m_log(log)
{
    rebuild();
    connect(log, &Http::FlowLog::eventAppended, this, [this](int index) {
        pair(index);
        if (!accepts(m_log->events().at(index)))
            return;
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
        m_rows.append(index);
        endInsertRows();
    });
    // Dropping the oldest events moves every index; it happens seldom (in batches), so a reset will do.
    connect(log, &Http::FlowLog::aboutToDropEvents, this, [this] { beginResetModel(); });
    connect(log, &Http::FlowLog::eventsDropped, this, [this] {
        rebuild();
        endResetModel();
    });
    connect(log, &Http::FlowLog::cleared, this, [this] {
        beginResetModel();
        m_rows.clear();
        m_partners.clear();
        m_pairing = {};
        endResetModel();
    });
}

bool FlowLogModel::accepts(const FlowEvent& event) const
{
    // With no environment selected there is nothing to tell apart; the application's own events (of no
    // environment) are shown in every environment's list.
    return m_all || m_environmentId.isEmpty() || event.environmentId.isEmpty()
        || event.environmentId == m_environmentId;
}

void FlowLogModel::rebuild()
{
    m_rows.clear();
    if (!m_log)
        return;
    const QList<FlowEvent>& events = m_log->events();
    m_partners.clear();
    m_pairing = {};
    for (int i = 0; i < events.size(); ++i) {
        pair(i);
        if (accepts(events.at(i)))
            m_rows.append(i);
    }
}

void FlowLogModel::pair(int index)
{
    // Every event of the log, shown or not: a filter changes what is shown, not who answered whom.
    m_partners.resize(index + 1, -1);
    if (const int request = m_pairing.add(m_log->events().at(index), index); request >= 0) {
        m_partners[index] = request;
        m_partners[request] = index;
    }
}

void FlowLogModel::setEnvironmentFilter(const QString& environmentId, bool allEnvironments)
{
    if (environmentId == m_environmentId && allEnvironments == m_all)
        return;
    beginResetModel();
    m_environmentId = environmentId;
    m_all = allEnvironments;
    rebuild();
    endResetModel();
}

void FlowLogModel::setEnvironmentNames(const QHash<QString, QString>& names)
{
    if (names == m_names)
        return;
    m_names = names;
    if (!m_rows.isEmpty()) {
        const int column = int(FlowColumn::Environment);
        Q_EMIT dataChanged(index(0, column), index(int(m_rows.size()) - 1, column), {Qt::DisplayRole});
    }
}

int FlowLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_log ? 0 : int(m_rows.size());
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
    case FlowColumn::Environment:
        return tr("Environment");
    case FlowColumn::Count:
        break;
    }
    return {};
}

QVariant FlowLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_log)
        return {};
    const FlowEvent& event = m_log->events().at(m_rows.at(index.row()));
    if (role == FlowEventKindRole)
        return int(event.kind);
    if (role == EnvironmentIdRole)
        return event.environmentId;
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
    case FlowColumn::Environment:
        // Entries outlive their environment (removed, or a new one whose editor was cancelled).
        return event.environmentId.isEmpty()
            ? QString()
            : m_names.value(event.environmentId, tr("(removed or not saved)"));
    case FlowColumn::Count:
        break;
    }
    return {};
}

QString FlowLogModel::details(int row) const
{
    if (!m_log || row < 0 || row >= m_rows.size())
        return {};
    const FlowEvent& event = m_log->events().at(m_rows.at(row));
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
    if (event.url.hasQuery())
        text += fieldTable(
            tr("Query parameters"), Http::formDecode(event.url.query(QUrl::FullyEncoded).toUtf8()), &event);
    if (event.url.hasFragment() && event.kind == FlowEvent::Kind::RedirectReceived)
        text += fieldTable(tr("Fragment parameters"),
            Http::formDecode(event.url.fragment(QUrl::FullyEncoded).toUtf8()), &event);
    if (!event.body.isEmpty()) {
        // This runs on the GUI thread when a row is selected: only small bodies are indented, and at
        // most the first 64 KiB is shown (the response viewer has the whole body).
        constexpr qsizetype limit = qsizetype(64) * 1024;
        if (event.body.size() <= limit && Http::Redaction::isFormBody(event.body, contentTypeOf(event)))
            return text + fieldTable(tr("Form fields"), Http::formDecode(event.body), &event);
        const QJsonDocument json
            = event.body.size() <= limit ? QJsonDocument::fromJson(event.body) : QJsonDocument();
        text += QLatin1Char('\n')
            + (json.isNull() ? QString::fromUtf8(event.body.left(limit))
                             : QString::fromUtf8(json.toJson(QJsonDocument::Indented)));
        if (event.body.size() > limit)
            text += QLatin1Char('\n') + tr("… (%1 bytes in all)").arg(event.body.size() + event.bodyOmitted);
        if (event.bodyOmitted > 0) {
            text += QLatin1Char('\n')
                + tr("… %n bytes more not kept (the timeline keeps the start of a large body)", nullptr,
                    int(std::min<qint64>(event.bodyOmitted, std::numeric_limits<int>::max())));
        }
    }
    return text;
}

void FlowLogModel::setProviderConfigs(const QHash<QString, OAuth::ClientConfig>& configs)
{
    if (configs == m_configs)
        return;
    m_configs = configs;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, columnCount() - 1));
}

const FlowEvent* FlowLogModel::event(int row) const
{
    if (!m_log || row < 0 || row >= m_rows.size())
        return nullptr;
    return &m_log->events().at(m_rows.at(row));
}

OAuth::FlowParty FlowLogModel::counterpart(int row) const
{
    const FlowEvent* shown = event(row);
    if (!shown)
        return OAuth::FlowParty::Tokenscope;
    const auto config = m_configs.constFind(shown->environmentId);
    return OAuth::counterpartOf(*shown, config == m_configs.cend() ? nullptr : &config.value());
}

int FlowLogModel::partnerRow(int row) const
{
    if (!m_log || row < 0 || row >= m_rows.size())
        return -1;
    const int partner = m_partners.value(m_rows.at(row), -1);
    const auto found = std::lower_bound(m_rows.cbegin(), m_rows.cend(), partner);
    return partner >= 0 && found != m_rows.cend() && *found == partner ? int(found - m_rows.cbegin()) : -1;
}

QString FlowLogModel::exchangeDetails(int row) const
{
    const int partner = partnerRow(row);
    if (partner < 0)
        return details(row);
    const int request = std::min(row, partner);
    return details(request) + QLatin1Char('\n') + tr("──── Answer ────") + QLatin1Char('\n')
        + details(std::max(row, partner));
}

} // namespace Tokenscope::Ui
