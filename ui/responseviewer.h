#pragma once

#include "http/error.h"
#include "http/httpmessage.h"

#include <QFutureWatcher>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QStandardItemModel;
class QTabWidget;
class QTreeView;

namespace Tokenscope::Http {
class FlowLog;
}

namespace Tokenscope::Ui {

class FlowLogModel;

// Shows a response: status, time and size, the body (JSON pretty-printed off the GUI thread), the
// headers, and the timeline of every exchange of the session.
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

    // Formats a body for display: indented JSON when it parses, UTF-8 text otherwise.
    static QString formatBody(const QByteArray& body, const QByteArray& contentType);

Q_SIGNALS:
    // The formatted body is on screen (tests wait for it).
    void bodyShown();

private:
    void setSummary(const QString& status, const QString& colour, const QString& time, const QString& size);

    QStackedWidget* m_stack;
    QLabel* m_placeholder;
    QLabel* m_status;
    QLabel* m_time;
    QLabel* m_size;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_body;
    QStandardItemModel* m_headers;
    QTreeView* m_headersView;
    FlowLogModel* m_flowModel;
    QTreeView* m_timeline;
    QPlainTextEdit* m_eventDetails;
    QFutureWatcher<QString> m_formatter;
};

} // namespace Tokenscope::Ui
