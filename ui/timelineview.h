#pragma once

#include "clientconfig.h"

#include <QHash>
#include <QWidget>

class QCheckBox;
class QPlainTextEdit;
class QStackedWidget;
class QToolButton;
class QTreeView;

namespace Tokenscope::Http {
class FlowLog;
}

namespace Tokenscope::Ui {

class FlowDiagramView;
class FlowLogModel;

// The Timeline: every exchange of the session as a sequence diagram or as a list, one environment's or
// all of them, and the selected exchange's request and answer below, secrets masked.
class TimelineView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineView)

public:
    explicit TimelineView(Http::FlowLog* log, QWidget* parent = nullptr);

    enum class Mode { Diagram, List };
    void setMode(Mode mode);
    Mode mode() const;

    // This environment's exchanges are shown, unless "All environments" is checked.
    void setEnvironment(const QString& environmentId);
    void setEnvironmentNames(const QHash<QString, QString>& names);
    // Each environment's provider, so the diagram knows the authorization server from an API.
    void setProviderConfigs(const QHash<QString, OAuth::ClientConfig>& configs);

private:
    void applyFilter();
    void showExchange(int row);

    FlowLogModel* m_model;
    QTreeView* m_list;
    FlowDiagramView* m_diagram;
    QStackedWidget* m_pages;
    QToolButton* m_diagramButton;
    QToolButton* m_listButton;
    QCheckBox* m_allEnvironments;
    QPlainTextEdit* m_details;
    QString m_environmentId;
    QString m_shownEnvironmentId;
};

} // namespace Tokenscope::Ui
