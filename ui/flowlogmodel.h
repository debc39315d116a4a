#pragma once

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

    // The full text of one event (request line, headers, body) for the detail pane.
    QString details(int row) const;

private:
    bool accepts(const Http::FlowEvent& event) const;
    void rebuild();

    QPointer<Http::FlowLog> m_log;
    QList<int> m_rows; // the log's indexes of the events shown
    QString m_environmentId;
    bool m_all = true;
    QHash<QString, QString> m_names;
};

} // namespace Tokenscope::Ui
