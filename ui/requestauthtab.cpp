#include "requestauthtab.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

namespace {

using Style = Http::RequestAuth::Style;

} // namespace

RequestAuthTab::RequestAuthTab(QWidget* parent)
    : QWidget(parent)
    , m_style(new QComboBox(this))
    , m_form(new QFormLayout)
    , m_headerName(new QLineEdit(this))
    , m_prefix(new QLineEdit(this))
    , m_parameterName(new QLineEdit(this))
    , m_username(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_variable(new QLineEdit(this))
    , m_explanation(new QLabel(this))
{
    m_style->setObjectName(QStringLiteral("authStyleComboBox"));
    m_style->setAccessibleName(tr("How the request is authorized"));
    m_style->addItem(tr("Inherit from the environment"), int(Style::Inherit));
    m_style->addItem(tr("Access token as Authorization: Bearer"), int(Style::BearerHeader));
    m_style->addItem(tr("Access token in another header"), int(Style::CustomHeader));
    m_style->addItem(tr("Access token as a query parameter"), int(Style::QueryParameter));
    m_style->addItem(tr("No authorization"), int(Style::None));
    m_style->addItem(tr("Basic authentication"), int(Style::Basic));
    m_style->addItem(tr("Bearer token from a variable"), int(Style::BearerFromVariable));

    m_headerName->setObjectName(QStringLiteral("authHeaderNameLineEdit"));
    m_headerName->setPlaceholderText(QStringLiteral("X-Access-Token"));
    m_prefix->setObjectName(QStringLiteral("authPrefixLineEdit"));
    m_prefix->setPlaceholderText(tr("e.g. \"Token \" (with the space), or empty"));
    m_parameterName->setObjectName(QStringLiteral("authParameterLineEdit"));
    m_parameterName->setPlaceholderText(QStringLiteral("access_token"));
    m_username->setObjectName(QStringLiteral("authUsernameLineEdit"));
    m_username->setPlaceholderText(tr("user name or {{variable}}"));
    m_password->setObjectName(QStringLiteral("authPasswordLineEdit"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("{{secret variable}} or the password"));
    m_password->setToolTip(tr("A password typed here is kept in the keychain as a secret variable of the "
                              "environment, never in the workspace file."));
    m_variable->setObjectName(QStringLiteral("authVariableLineEdit"));
    m_variable->setPlaceholderText(tr("name of the variable holding the token"));
    m_explanation->setObjectName(QStringLiteral("authExplanationLabel"));
    m_explanation->setWordWrap(true);

    m_form->addRow(tr("&Type:"), m_style);
    m_form->addRow(tr("&Header name:"), m_headerName);
    m_form->addRow(tr("P&refix:"), m_prefix);
    m_form->addRow(tr("&Parameter name:"), m_parameterName);
    m_form->addRow(tr("&User name:"), m_username);
    m_form->addRow(tr("Pass&word:"), m_password);
    m_form->addRow(tr("&Variable:"), m_variable);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addWidget(m_explanation);
    layout->addStretch();

    connect(m_style, &QComboBox::currentIndexChanged, this, [this] {
        showFields();
        Q_EMIT edited();
    });
    for (QLineEdit* line : {m_headerName, m_prefix, m_parameterName, m_username, m_password, m_variable})
        connect(line, &QLineEdit::textEdited, this, &RequestAuthTab::edited);
    showFields();
}

void RequestAuthTab::apply(Http::HttpRequest* request) const
{
    Http::RequestAuth& auth = request->auth;
    auth.style = Style(m_style->currentData().toInt());
    auth.headerName = m_headerName->text().trimmed();
    auth.prefix = m_prefix->text();
    auth.parameterName = m_parameterName->text().trimmed();
    auth.username = m_username->text();
    auth.password = m_password->text();
    auth.variable = m_variable->text().trimmed();
    request->attachAccessToken = true; // "no token" is Style::None now
}

void RequestAuthTab::load(const Http::HttpRequest& request)
{
    const QSignalBlocker block(m_style);
    const Http::RequestAuth& auth = request.auth;
    // Before auth styles, "no token" was a checkbox.
    const Style style = auth.style == Style::Inherit && !request.attachAccessToken ? Style::None : auth.style;
    m_style->setCurrentIndex(std::max(0, m_style->findData(int(style))));
    m_headerName->setText(auth.headerName);
    m_prefix->setText(auth.prefix);
    m_parameterName->setText(auth.parameterName);
    m_username->setText(auth.username);
    m_password->setText(auth.password);
    m_variable->setText(auth.variable);
    showFields();
}

void RequestAuthTab::showFields()
{
    const Style style = Style(m_style->currentData().toInt());
    m_form->setRowVisible(m_headerName, style == Style::CustomHeader);
    m_form->setRowVisible(m_prefix, style == Style::CustomHeader);
    m_form->setRowVisible(m_parameterName, style == Style::QueryParameter);
    m_form->setRowVisible(m_username, style == Style::Basic);
    m_form->setRowVisible(m_password, style == Style::Basic);
    m_form->setRowVisible(m_variable, style == Style::BearerFromVariable);
    switch (style) {
    case Style::Inherit:
        m_explanation->setText(tr("The environment's access token is sent as Authorization: Bearer. It comes "
                                  "from the environment selected in the top bar and is refreshed when it is "
                                  "about to expire."));
        break;
    case Style::BearerHeader:
        m_explanation->setText(
            tr("The environment's access token is sent as Authorization: Bearer (RFC 6750)."));
        break;
    case Style::CustomHeader:
        m_explanation->setText(tr("For APIs that expect the token in a header of their own, or with another "
                                  "scheme than Bearer. It is not carried along a redirect to another site."));
        break;
    case Style::QueryParameter:
        m_explanation->setText(tr("The token is added to the URL. Avoid this where the API allows anything "
                                  "else: URLs end up in logs and browser history (RFC 6750 §2.3)."));
        break;
    case Style::None:
        m_explanation->setText(tr("The request is sent without a credential."));
        break;
    case Style::Basic:
        m_explanation->setText(tr("User name and password are sent as Authorization: Basic (RFC 7617). Both "
                                  "may use {{variables}}."));
        break;
    case Style::BearerFromVariable:
        m_explanation->setText(
            tr("The value of an environment variable is sent as Authorization: Bearer, for "
               "a token obtained elsewhere."));
        break;
    }
}

} // namespace Tokenscope::Ui
