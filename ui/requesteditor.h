#pragma once

#include "httpmessage.h"
#include "variables.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace Tokenscope::Ui {

// Composes one request: method, URL with {{variables}}, headers, body, and whether the environment's
// access token is attached.
class RequestEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestEditor)

public:
    explicit RequestEditor(QWidget* parent = nullptr);

    Http::HttpRequest request() const;
    void setRequest(const Http::HttpRequest& request);
    // The current environment's variables, to preview the URL as it will be sent.
    void setVariables(const QList<Http::Variable>& variables);
    void setBusy(bool busy);

Q_SIGNALS:
    void sendRequested();

private:
    void updatePreview();

    QComboBox* m_method;
    QLineEdit* m_url;
    QPushButton* m_send;
    QLabel* m_preview;
    QStandardItemModel* m_headers;
    QTableView* m_headersView;
    QPlainTextEdit* m_body;
    QCheckBox* m_attachToken;
    QList<Http::Variable> m_variables;
};

} // namespace Tokenscope::Ui
