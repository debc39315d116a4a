#pragma once

#include "httpmessage.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QStackedWidget;

namespace Tokenscope::Ui {

class KeyValueTable;

// The body of a request: none, raw text (JSON, XML, plain), a urlencoded or multipart form, or a file.
class RequestBodyTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestBodyTab)

public:
    explicit RequestBodyTab(QWidget* parent = nullptr);

    // Writes the body fields of request.
    void apply(Http::HttpRequest* request) const;
    void load(const Http::HttpRequest& request);

Q_SIGNALS:
    void edited();

private:
    void showKind();
    void checkSyntax();

    QComboBox* m_kind;
    QComboBox* m_rawType;
    QStackedWidget* m_pages;
    QPlainTextEdit* m_raw;
    QLabel* m_syntax;
    KeyValueTable* m_form;
    KeyValueTable* m_multipart;
    QLineEdit* m_file;
};

} // namespace Tokenscope::Ui
