#pragma once

#include "httpmessage.h"
#include "variables.h"

#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QToolButton;

namespace Tokenscope::Ui {

class KeyValueTable;
class RequestAuthTab;
class RequestBodyTab;
class UrlLineEdit;

// Composes one request: method, URL with {{variables}}, query parameters, headers, body, how it is
// authorized and its settings (timeout, redirects).
class RequestEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestEditor)

public:
    explicit RequestEditor(QWidget* parent = nullptr);

    Http::HttpRequest request() const;
    // Loads request without emitting edited().
    void setRequest(const Http::HttpRequest& request);
    // Replaces the request as the user's own edit would (a pasted curl command, its undo): emits edited(),
    // so the tab's title and dirty marker follow.
    void replaceRequest(const Http::HttpRequest& request);
    // The current environment's variables, to preview the URL as it will be sent.
    void setVariables(const QList<Http::Variable>& variables);
    // A button for action between the URL field and Send.
    QToolButton* addUrlButton(QAction* action);
    // While busy, the Send button becomes Cancel (and Esc cancels).
    void setBusy(bool busy);
    bool isBusy() const { return m_busy; }
    QTabWidget* tabs() const { return m_tabs; }

    // RFC 9110 §5.6.2: a method is a token.
    static bool isValidMethod(const QString& method);

Q_SIGNALS:
    void sendRequested();
    void cancelRequested();
    void edited();
    // A curl command was pasted into the URL field (by any paste): it is a request, not an address.
    void curlPasted(const QString& command);

private:
    void updatePreview();
    void syncParamsFromUrl();
    void syncPathVariablesFromUrl();
    QList<Http::HeaderField> pathVariables() const;
    void syncUrlFromParams();
    void requestSendOrCancel();

    QComboBox* m_method;
    UrlLineEdit* m_url;
    QPushButton* m_send;
    QHBoxLayout* m_urlRow;
    QLabel* m_preview;
    QTabWidget* m_tabs;
    KeyValueTable* m_params;
    KeyValueTable* m_pathVariables;
    QLabel* m_pathVariablesLabel;
    KeyValueTable* m_headers;
    RequestBodyTab* m_body;
    RequestAuthTab* m_auth;
    QSpinBox* m_timeout;
    QCheckBox* m_followRedirects;
    QList<Http::Variable> m_variables;
    bool m_busy = false;
    bool m_syncing = false;
};

} // namespace Tokenscope::Ui
