#include "requesteditor.h"

#include "keyvaluetable.h"
#include "palette.h"
#include "pathvariables.h"
#include "requestauthtab.h"
#include "requestbodytab.h"
#include "requestparamstab.h"
#include "urllineedit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QShortcut>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace Tokenscope::Ui {

namespace {

// RFC 9110 §5.6.2 tchar.
constexpr QLatin1String tokenPattern {"[!#$%&'*+\\-.^_`|~0-9A-Za-z]+"};

QStringList commonHeaderNames()
{
    return {QStringLiteral("Accept"), QStringLiteral("Accept-Encoding"), QStringLiteral("Accept-Language"),
        QStringLiteral("Authorization"), QStringLiteral("Cache-Control"), QStringLiteral("Content-Type"),
        QStringLiteral("Cookie"), QStringLiteral("If-Match"), QStringLiteral("If-None-Match"),
        QStringLiteral("If-Modified-Since"), QStringLiteral("Idempotency-Key"), QStringLiteral("Origin"),
        QStringLiteral("Prefer"), QStringLiteral("Range"), QStringLiteral("Referer"),
        QStringLiteral("User-Agent"), QStringLiteral("X-Api-Key"), QStringLiteral("X-Correlation-Id"),
        QStringLiteral("X-Request-Id"), QStringLiteral("X-Forwarded-For")};
}

} // namespace

bool RequestEditor::isValidMethod(const QString& method)
{
    static const QRegularExpression token(QRegularExpression::anchoredPattern(tokenPattern));
    return token.match(method).hasMatch();
}

RequestEditor::RequestEditor(QWidget* parent)
    : QWidget(parent)
    , m_method(new QComboBox(this))
    , m_url(new UrlLineEdit(this))
    , m_send(new QPushButton(tr("&Send"), this))
    , m_preview(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_params(new KeyValueTable(tr("Parameter"), tr("Value"), false, this))
    , m_pathVariables(new KeyValueTable(tr("Path variable"), tr("Value"), false, this))
    , m_pathVariablesLabel(new QLabel(tr("Path variables (the URL's :name segments):"), this))
    , m_headers(new KeyValueTable(tr("Header"), tr("Value"), false, this))
    , m_body(new RequestBodyTab(this))
    , m_auth(new RequestAuthTab(this))
    , m_timeout(new QSpinBox(this))
    , m_followRedirects(new QCheckBox(tr("&Follow redirects"), this))
{
    setObjectName(QStringLiteral("requestEditor"));
    m_method->setObjectName(QStringLiteral("methodComboBox"));
    m_method->setEditable(true);
    m_method->setInsertPolicy(QComboBox::NoInsert);
    m_method->addItems(
        {QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("PATCH"),
            QStringLiteral("DELETE"), QStringLiteral("HEAD"), QStringLiteral("OPTIONS")});
    m_method->setValidator(new QRegularExpressionValidator(QRegularExpression(tokenPattern), m_method));
    m_method->setAccessibleName(tr("HTTP method"));
    m_method->lineEdit()->setAccessibleName(tr("HTTP method"));
    m_method->setToolTip(tr("A standard method, or any other the API defines (letters, digits and "
                            "!#$%&'*+-.^_`|~)."));
    m_url->setObjectName(QStringLiteral("urlLineEdit"));
    m_url->setPlaceholderText(tr("https://api.example.com/v1/items  or  {{baseUrl}}/items"));
    m_url->setAccessibleName(tr("Request URL"));
    m_url->setClearButtonEnabled(true);
    m_url->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setDefault(true);
    m_send->setToolTip(tr("Send the request (Ctrl+Return)"));
    m_preview->setObjectName(QStringLiteral("urlPreviewLabel"));
    m_preview->setTextFormat(Qt::RichText);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_preview->setAccessibleName(tr("URL as it will be sent"));

    m_params->setObjectName(QStringLiteral("paramsTable"));
    m_params->view()->setAccessibleName(tr("Query parameters"));
    m_pathVariables->setObjectName(QStringLiteral("pathVariablesTable"));
    m_pathVariables->view()->setAccessibleName(tr("Path variables"));
    m_pathVariablesLabel->setBuddy(m_pathVariables->view());
    auto* params = new QWidget(this);
    auto* paramsLayout = new QVBoxLayout(params);
    paramsLayout->setContentsMargins(0, 0, 0, 0);
    paramsLayout->addWidget(m_params, 2);
    paramsLayout->addWidget(m_pathVariablesLabel);
    paramsLayout->addWidget(m_pathVariables, 1);
    m_pathVariablesLabel->hide();
    m_pathVariables->hide();
    m_headers->setObjectName(QStringLiteral("headersTable"));
    m_headers->view()->setObjectName(QStringLiteral("headersTableView"));
    m_headers->view()->setAccessibleName(tr("Request headers"));
    m_headers->setNameCompletions(commonHeaderNames());

    m_timeout->setObjectName(QStringLiteral("timeoutSpinBox"));
    m_timeout->setRange(0, 3600);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setSpecialValueText(tr("Default (30 s)"));
    m_followRedirects->setObjectName(QStringLiteral("followRedirectsCheckBox"));
    m_followRedirects->setChecked(true);
    auto* settings = new QWidget(this);
    auto* settingsForm = new QFormLayout(settings);
    settingsForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    settingsForm->addRow(tr("&Timeout:"), m_timeout);
    settingsForm->addRow(QString(), m_followRedirects);
    auto* redirectHint
        = new QLabel(tr("Credentials are never carried along a redirect to another site."), this);
    redirectHint->setWordWrap(true);
    settingsForm->addRow(QString(), redirectHint);

    m_tabs->setObjectName(QStringLiteral("requestTabWidget"));
    m_tabs->setAccessibleName(tr("Request details"));
    m_tabs->addTab(params, tr("Params"));
    m_tabs->addTab(m_headers, tr("Headers"));
    m_tabs->addTab(m_body, tr("Body"));
    m_tabs->addTab(m_auth, tr("Auth"));
    m_tabs->addTab(settings, tr("Settings"));
    m_tabs->setCurrentWidget(m_headers);

    m_urlRow = new QHBoxLayout;
    m_urlRow->addWidget(m_method);
    m_urlRow->addWidget(m_url, 1);
    m_urlRow->addWidget(m_send);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 0);
    layout->addLayout(m_urlRow);
    layout->addWidget(m_preview);
    layout->addWidget(m_tabs, 1);
    setTabOrder(m_method, m_url);
    setTabOrder(m_url, m_send);
    setTabOrder(m_send, m_tabs);

    connect(m_send, &QPushButton::clicked, this, &RequestEditor::requestSendOrCancel);
    connect(m_url, &QLineEdit::returnPressed, this, [this] {
        if (!m_busy)
            Q_EMIT sendRequested();
    });
    auto* send = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    send->setContext(Qt::WidgetWithChildrenShortcut);
    connect(send, &QShortcut::activated, this, [this] {
        if (!m_busy)
            Q_EMIT sendRequested();
    });
    auto* cancel = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    cancel->setContext(Qt::WidgetWithChildrenShortcut);
    connect(cancel, &QShortcut::activated, this, [this] {
        if (m_busy)
            Q_EMIT cancelRequested();
    });

    connect(m_url, &UrlLineEdit::curlPasted, this, &RequestEditor::curlPasted);
    connect(m_url, &QLineEdit::textChanged, this, [this] {
        // The pasted command goes in a moment: the path variables' values stay as they were.
        if (m_url->curlPastePending())
            return;
        syncPathVariablesFromUrl();
        updatePreview();
        syncParamsFromUrl();
        if (!m_syncing)
            Q_EMIT edited();
    });
    connect(m_params, &KeyValueTable::edited, this, &RequestEditor::syncUrlFromParams);
    connect(m_pathVariables, &KeyValueTable::edited, this, [this] {
        updatePreview();
        Q_EMIT edited();
    });
    connect(m_method, &QComboBox::currentTextChanged, this, &RequestEditor::edited);
    connect(m_headers, &KeyValueTable::edited, this, &RequestEditor::edited);
    connect(m_body, &RequestBodyTab::edited, this, &RequestEditor::edited);
    connect(m_auth, &RequestAuthTab::edited, this, &RequestEditor::edited);
    connect(m_timeout, &QSpinBox::valueChanged, this, &RequestEditor::edited);
    connect(m_followRedirects, &QCheckBox::toggled, this, &RequestEditor::edited);
    updatePreview();
}

Http::HttpRequest RequestEditor::request() const
{
    Http::HttpRequest request;
    const QString method = m_method->currentText().trimmed();
    request.method = (isValidMethod(method) ? method : QStringLiteral("GET")).toLatin1();
    request.url = m_url->text().trimmed();
    for (const KeyValueTable::Row& row : m_headers->rows()) {
        if (!row.name.trimmed().isEmpty())
            request.headers.append({row.name.trimmed(), row.value, row.enabled});
    }
    request.pathVariables = pathVariables();
    const QList<KeyValueTable::Row> params = m_params->rows();
    for (int position = 0; position < params.size(); ++position) {
        const KeyValueTable::Row& row = params.at(position);
        if (!row.enabled && !(row.name.isEmpty() && row.value.isEmpty()))
            request.disabledQuery.append({position, row.name, row.value});
    }
    m_body->apply(&request);
    m_auth->apply(&request);
    request.timeoutMs = m_timeout->value() * 1000;
    request.followRedirects = m_followRedirects->isChecked();
    return request;
}

void RequestEditor::replaceRequest(const Http::HttpRequest& request)
{
    setRequest(request);
    Q_EMIT edited();
}

void RequestEditor::setRequest(const Http::HttpRequest& request)
{
    m_syncing = true;
    const QSignalBlocker blockMethod(m_method);
    const QSignalBlocker blockTimeout(m_timeout);
    const QSignalBlocker blockRedirects(m_followRedirects);
    m_method->setCurrentText(QString::fromLatin1(request.method));
    m_url->setText(request.url);
    QList<KeyValueTable::Row> params = queryRows(request.url);
    for (const Http::DisabledQueryParameter& parameter : request.disabledQuery) {
        params.insert(std::min(qsizetype(parameter.position), params.size()),
            KeyValueTable::Row {parameter.name, parameter.value, false, false});
    }
    m_params->setRows(params);
    QList<KeyValueTable::Row> pathRows;
    for (const auto& variable : request.pathVariables)
        pathRows.append({variable.name, variable.value, variable.enabled, false});
    m_pathVariables->setRows(pathRows);
    syncPathVariablesFromUrl();
    updatePreview();
    QList<KeyValueTable::Row> headers;
    for (const auto& header : request.headers)
        headers.append({header.name, header.value, header.enabled, false});
    m_headers->setRows(headers);
    {
        const QSignalBlocker blockBody(m_body);
        const QSignalBlocker blockAuth(m_auth);
        m_body->load(request);
        m_auth->load(request);
    }
    m_timeout->setValue(request.timeoutMs / 1000);
    m_followRedirects->setChecked(request.followRedirects);
    m_syncing = false;
}

QToolButton* RequestEditor::addUrlButton(QAction* action)
{
    auto* button = new QToolButton(this);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_urlRow->insertWidget(m_urlRow->indexOf(m_send), button);
    setTabOrder(m_url, button);
    setTabOrder(button, m_send);
    return button;
}

void RequestEditor::setVariables(const QList<Http::Variable>& variables)
{
    m_variables = variables;
    m_url->setVariables(variables);
    updatePreview();
}

void RequestEditor::setBusy(bool busy)
{
    m_busy = busy;
    m_send->setText(busy ? tr("&Cancel") : tr("&Send"));
    m_send->setToolTip(busy ? tr("Stop waiting for the answer (Esc)") : tr("Send the request (Ctrl+Return)"));
}

void RequestEditor::requestSendOrCancel()
{
    if (m_busy)
        Q_EMIT cancelRequested();
    else
        Q_EMIT sendRequested();
}

void RequestEditor::syncParamsFromUrl()
{
    if (m_syncing)
        return;
    // Disabled rows are not in the URL: they stay in the table where they were among the URL's own.
    QList<KeyValueTable::Row> rows = queryRows(m_url->text());
    const QList<KeyValueTable::Row> old = m_params->rows();
    for (qsizetype position = 0; position < old.size(); ++position) {
        if (!old.at(position).enabled)
            rows.insert(std::min(position, rows.size()), old.at(position));
    }
    if (rows != m_params->rows())
        m_params->setRows(rows);
}

QList<Http::HeaderField> RequestEditor::pathVariables() const
{
    QList<Http::HeaderField> variables;
    for (const KeyValueTable::Row& row : m_pathVariables->rows())
        variables.append({row.name, row.value, row.enabled});
    return variables;
}

void RequestEditor::syncPathVariablesFromUrl()
{
    // One row per :name segment of the URL, in its order, each keeping the value it had.
    const QStringList names = Http::pathVariableNames(m_url->text());
    const QList<KeyValueTable::Row> old = m_pathVariables->rows();
    QList<KeyValueTable::Row> rows;
    for (const QString& name : names) {
        const auto found = std::find_if(
            old.cbegin(), old.cend(), [&name](const KeyValueTable::Row& row) { return row.name == name; });
        rows.append(found != old.cend() ? *found : KeyValueTable::Row {name, {}, true, false});
    }
    if (rows != old)
        m_pathVariables->setRows(rows);
    m_pathVariablesLabel->setVisible(!rows.isEmpty());
    m_pathVariables->setVisible(!rows.isEmpty());
}

void RequestEditor::syncUrlFromParams()
{
    if (m_syncing)
        return;
    m_syncing = true;
    const QString url = withQueryRows(m_url->text(), m_params->rows());
    if (url != m_url->text())
        m_url->setText(url);
    m_syncing = false;
    Q_EMIT edited();
}

void RequestEditor::updatePreview()
{
    QStringList missing;
    const QString typed = m_url->text().trimmed();
    const QString text = Http::withPathVariables(typed, pathVariables(), &missing);
    const auto spans = Http::findVariables(text);
    if (spans.isEmpty() && text == typed && missing.isEmpty()) {
        m_preview->clear();
        m_preview->hide();
        m_url->setToolTip({});
        m_url->setStyleSheet({});
        return;
    }
    // The URL as it will be sent: resolved variables in green (secrets as bullets), unknown ones in red.
    QString html;
    QString expanded;
    qsizetype last = 0;
    bool unknown = false;
    for (const auto& span : spans) {
        const QString between = text.mid(last, span.start - last);
        html += between.toHtmlEscaped();
        expanded += between;
        last = span.start + span.length;
        const auto found = std::find_if(m_variables.cbegin(), m_variables.cend(),
            [&](const Http::Variable& v) { return v.enabled && v.name == span.name; });
        if (found != m_variables.cend()) {
            const QString shown = found->secret ? QString(8, QChar(0x2022)) : found->value;
            html += QStringLiteral("<span style=\"color:%1\">%2</span>")
                        .arg(Palette::success, shown.toHtmlEscaped());
            expanded += shown;
        } else {
            unknown = true;
            const QString literal = text.mid(span.start, span.length);
            html += QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>")
                        .arg(Palette::error, literal.toHtmlEscaped());
            expanded += literal;
        }
    }
    html += text.mid(last).toHtmlEscaped();
    expanded += text.mid(last);
    if (unknown)
        html += QStringLiteral(" <span style=\"color:%1\">%2</span>")
                    .arg(Palette::error, tr("(red: not defined in this environment)").toHtmlEscaped());
    if (!missing.isEmpty())
        html += QStringLiteral(" <span style=\"color:%1\">%2</span>")
                    .arg(Palette::error,
                        tr("(no value for %1: fill it in under Params)")
                            .arg(missing.join(QStringLiteral(", ")))
                            .toHtmlEscaped());
    unknown = unknown || !missing.isEmpty();
    m_preview->setText(QStringLiteral("<small>→ <tt>%1</tt></small>").arg(html));
    m_preview->show();
    m_url->setToolTip(expanded);
    m_url->setStyleSheet(
        unknown ? QStringLiteral("QLineEdit { border: 1px solid %1; }").arg(Palette::error) : QString());
}

} // namespace Tokenscope::Ui
