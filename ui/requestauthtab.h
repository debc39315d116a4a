#pragma once

#include "httpmessage.h"

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace Tokenscope::Ui {

// How one request carries its credential: as the environment says (the default), or another way for an
// API that differs from RFC 6750.
class RequestAuthTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestAuthTab)

public:
    explicit RequestAuthTab(QWidget* parent = nullptr);

    void apply(Http::HttpRequest* request) const;
    void load(const Http::HttpRequest& request);

Q_SIGNALS:
    void edited();

private:
    void showFields();

    QComboBox* m_style;
    QFormLayout* m_form;
    QLineEdit* m_headerName;
    QLineEdit* m_prefix;
    QLineEdit* m_parameterName;
    QLineEdit* m_username;
    QLineEdit* m_password;
    QLineEdit* m_variable;
    QLabel* m_explanation;
};

} // namespace Tokenscope::Ui
