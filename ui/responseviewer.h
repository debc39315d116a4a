#pragma once

#include "clientconfig.h"
#include "error.h"
#include "httpmessage.h"

#include <QFutureWatcher>
#include <QHash>
#include <QWidget>

class QLabel;
class QPushButton;
class QPlainTextEdit;
class QStackedWidget;
class QStandardItemModel;
class QTabWidget;
class QTreeView;

namespace Tokenscope::Http {
class FlowLog;
}

namespace Tokenscope::Ui {

class ResponseDetails;
class TimelineView;

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
    // Nothing sent yet (in the environment of that name): the placeholder where the body goes.
    void showEmpty(const QString& environmentName = {});
    // The Timeline lists this environment's exchanges, unless "All environments" is checked.
    void setEnvironment(const QString& environmentId);
    void setEnvironmentNames(const QHash<QString, QString>& names);
    void setProviderConfigs(const QHash<QString, OAuth::ClientConfig>& configs);

    struct FormattedBody
    {
        QString text;
        qsizetype fullLength = 0; // characters before truncation
        bool truncated = false;
    };
    // What the text view shows at most: beyond this, painting and layout on the GUI thread would freeze
    // the window; the whole body can still be saved to a file.
    static constexpr qsizetype displayLimit = qsizetype(1024) * 1024;
    // Formats a body for display: indented JSON when it parses, UTF-8 text otherwise; cut at a line
    // boundary past limit characters. Runs on a worker thread.
    static FormattedBody formatBody(
        const QByteArray& body, const QByteArray& contentType, qsizetype limit = displayLimit);
    void saveBody();

Q_SIGNALS:
    // The formatted body is on screen (tests wait for it).
    void bodyShown();

private:
    void setSummary(const QString& status, const QString& colour, const QString& time, const QString& size);

    QStackedWidget* m_bodyStack;
    QLabel* m_placeholder;
    QLabel* m_status;
    QLabel* m_time;
    QLabel* m_size;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_body;
    QStandardItemModel* m_headers;
    QTreeView* m_headersView;
    TimelineView* m_timeline;
    ResponseDetails* m_details;
    QFutureWatcher<FormattedBody> m_formatter;
    QLabel* m_truncationNotice;
    QPushButton* m_saveButton;
    QByteArray m_rawBody;
    bool m_formatting = false; // the formatter's result is still wanted
};

} // namespace Tokenscope::Ui
