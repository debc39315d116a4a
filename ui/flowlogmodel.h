#pragma once

#include <QAbstractTableModel>
#include <QPointer>

namespace Tokenscope::Http {
class FlowLog;
}

namespace Tokenscope::Ui {

// The timeline: every exchange of the session as it happened, secrets already masked by the log.
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

    // The full text of one event (request line, headers, body) for the detail pane.
    QString details(int row) const;

private:
    QPointer<Http::FlowLog> m_log;
};

} // namespace Tokenscope::Ui
