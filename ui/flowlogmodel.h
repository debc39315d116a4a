#pragma once

#include "clientconfig.h"
#include "flowparty.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>

namespace Tokenscope::Http {
class FlowLog;
struct FlowEvent;
} // namespace Tokenscope::Http

namespace Tokenscope::Ui {

// The timeline: every exchange of the session as it happened, secrets already masked by the log; all
// of them, or those of one environment.
class FlowLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FlowLogModel)

public:
    explicit FlowLogModel(Http::FlowLog* log, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Only the events of this environment (and those of none); all events when allEnvironments.
    void setEnvironmentFilter(const QString& environmentId, bool allEnvironments);
    bool showsAllEnvironments() const { return m_all; }
    // The names the Environment column shows, by environment id.
    void setEnvironmentNames(const QHash<QString, QString>& names);

    // The provider of each environment, by id: whom an exchange is with is read from its address.
    void setProviderConfigs(const QHash<QString, OAuth::ClientConfig>& configs);

    // The event shown in row; nullptr outside the rows.
    const Http::FlowEvent* event(int row) const;
    // Whom the exchange of row is with.
    OAuth::FlowParty counterpart(int row) const;
    // The row of the other half of the exchange (a request's answer, an answer's request), or -1.
    int partnerRow(int row) const;

    // The full text of one event (request line, headers, body, its parameters explained).
    QString details(int row) const;
    // For the detail pane: the request and its answer together, whichever of the two row is.
    QString exchangeDetails(int row) const;

private:
    bool accepts(const Http::FlowEvent& event) const;
    void rebuild();
    void pair(int index);

    QPointer<Http::FlowLog> m_log;
    QList<int> m_rows; // the log's indexes of the events shown
    QString m_environmentId;
    bool m_all = true;
    QHash<QString, QString> m_names;
    QHash<QString, OAuth::ClientConfig> m_configs;
    QList<int> m_partners; // by the log's index
    OAuth::ExchangePairing m_pairing;
};

} // namespace Tokenscope::Ui
