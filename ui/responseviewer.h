#pragma once

#include "clientconfig.h"
#include "error.h"
#include "httpmessage.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QStandardItemModel;
class QTabWidget;
class QTreeView;

namespace Tokenscope::Http {
class FlowLog;
}

namespace Tokenscope::Ui {

class ResponseBodyPane;
class ResponseDetails;
class TimelineView;

// Shows a response: status, time and size, the body (of any size, from a line document), the headers,
// and the timeline of every exchange of the session.
class ResponseViewer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResponseViewer)

public:
    explicit ResponseViewer(Http::FlowLog* log, QWidget* parent = nullptr);
    ~ResponseViewer() override;

    void showPending();
    void showResponse(const Http::HttpResponse& response);
    void showError(const Error& error);
    // Nothing sent yet (in the environment of that name): the placeholder where the body goes.
    void showEmpty(const QString& environmentName = {});
    // The Timeline lists this environment's exchanges, unless "All environments" is checked.
    void setEnvironment(const QString& environmentId);
    void setEnvironmentNames(const QHash<QString, QString>& names);
    void setProviderConfigs(const QHash<QString, OAuth::ClientConfig>& configs);

    void saveBody();
    // A response body is arriving: bytes so far and the total when known (else -1).
    void showProgress(qint64 received, qint64 total);
    ResponseBodyPane* bodyPane() const { return m_body; }

Q_SIGNALS:
    // The body is on screen (tests wait for it).
    void bodyShown();

private:
    void setSummary(const QString& status, const QString& colour, const QString& time, const QString& size);

    QStackedWidget* m_bodyStack;
    QLabel* m_placeholder;
    QLabel* m_status;
    QLabel* m_time;
    QLabel* m_size;
    QTabWidget* m_tabs;
    ResponseBodyPane* m_body;
    QStandardItemModel* m_headers;
    QTreeView* m_headersView;
    TimelineView* m_timeline;
    ResponseDetails* m_details;
    QLabel* m_truncationNotice;
    QPushButton* m_saveButton;
    bool m_pending = false; // a request is out: progress is shown
};

} // namespace Tokenscope::Ui
