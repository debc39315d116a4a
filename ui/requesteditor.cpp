#include "requesteditor.h"

#include "palette.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace Tokenscope::Ui {

RequestEditor::RequestEditor(QWidget* parent)
    : QWidget(parent)
    , m_method(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_send(new QPushButton(tr("&Send"), this))
    , m_preview(new QLabel(this))
    , m_headers(new QStandardItemModel(0, 2, this))
    , m_headersView(new QTableView(this))
    , m_body(new QPlainTextEdit(this))
    , m_attachToken(
          new QCheckBox(tr("Attach the environment's access token (Authorization: Bearer …)"), this))
{
    setObjectName(QStringLiteral("requestEditor"));
    m_method->setObjectName(QStringLiteral("methodComboBox"));
    m_method->addItems(
        {QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"), QStringLiteral("PATCH"),
            QStringLiteral("DELETE"), QStringLiteral("HEAD"), QStringLiteral("OPTIONS")});
    m_method->setAccessibleName(tr("HTTP method"));
    m_url->setObjectName(QStringLiteral("urlLineEdit"));
    m_url->setPlaceholderText(tr("https://api.example.com/v1/items  or  {{baseUrl}}/items"));
    m_url->setAccessibleName(tr("Request URL"));
    m_url->setClearButtonEnabled(true);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_send->setDefault(true);
    m_send->setToolTip(tr("Send the request (Ctrl+Return)"));
    m_preview->setObjectName(QStringLiteral("urlPreviewLabel"));
    m_preview->setTextFormat(Qt::RichText);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_preview->setAccessibleName(tr("URL as it will be sent"));

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_url->setFont(mono);

    m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_headersView->setObjectName(QStringLiteral("headersTableView"));
    m_headersView->setModel(m_headers);
    m_headersView->horizontalHeader()->setStretchLastSection(true);
    m_headersView->verticalHeader()->hide();
    m_headersView->setColumnWidth(0, 200);
    m_headersView->setAccessibleName(tr("Request headers"));
    auto* addHeader = new QPushButton(tr("Add header"), this);
    addHeader->setObjectName(QStringLiteral("addHeaderButton"));
    auto* removeHeader = new QPushButton(tr("Remove"), this);
    removeHeader->setObjectName(QStringLiteral("removeHeaderButton"));
    connect(addHeader, &QPushButton::clicked, this, [this] {
        auto* name = new QStandardItem;
        name->setCheckable(true);
        name->setCheckState(Qt::Checked);
        m_headers->appendRow({name, new QStandardItem});
        const QModelIndex index = m_headers->index(m_headers->rowCount() - 1, 0);
        m_headersView->setCurrentIndex(index);
        m_headersView->edit(index);
    });
    connect(removeHeader, &QPushButton::clicked, this, [this] {
        if (const QModelIndex current = m_headersView->currentIndex(); current.isValid())
            m_headers->removeRow(current.row());
    });

    m_body->setObjectName(QStringLiteral("bodyTextEdit"));
    m_body->setFont(mono);
    m_body->setPlaceholderText(tr("Request body (JSON by default; set Content-Type in Headers otherwise)"));
    m_body->setAccessibleName(tr("Request body"));
    m_attachToken->setObjectName(QStringLiteral("attachTokenCheckBox"));
    m_attachToken->setChecked(true);

    auto* headersPage = new QWidget(this);
    auto* headerButtons = new QHBoxLayout;
    headerButtons->addWidget(addHeader);
    headerButtons->addWidget(removeHeader);
    headerButtons->addStretch();
    auto* headersLayout = new QVBoxLayout(headersPage);
    headersLayout->addWidget(m_headersView);
    headersLayout->addLayout(headerButtons);
    auto* authPage = new QWidget(this);
    auto* authLayout = new QVBoxLayout(authPage);
    authLayout->addWidget(m_attachToken);
    auto* authHint
        = new QLabel(tr("The token comes from the environment selected in the top bar and is refreshed "
                        "automatically when it is about to expire."),
            authPage);
    authHint->setWordWrap(true);
    authLayout->addWidget(authHint);
    authLayout->addStretch();

    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("requestTabWidget"));
    tabs->setAccessibleName(tr("Request details"));
    tabs->addTab(headersPage, tr("Headers"));
    tabs->addTab(m_body, tr("Body"));
    tabs->addTab(authPage, tr("Auth"));

    auto* line = new QHBoxLayout;
    line->addWidget(m_method);
    line->addWidget(m_url, 1);
    line->addWidget(m_send);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 0);
    layout->addLayout(line);
    layout->addWidget(m_preview);
    layout->addWidget(tabs, 1);

    setTabOrder(m_method, m_url);
    setTabOrder(m_url, m_send);
    setTabOrder(m_send, tabs);

    connect(m_send, &QPushButton::clicked, this, &RequestEditor::sendRequested);
    connect(m_url, &QLineEdit::returnPressed, this, &RequestEditor::sendRequested);
    auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, &RequestEditor::sendRequested);
    connect(m_url, &QLineEdit::textChanged, this, &RequestEditor::updatePreview);
    updatePreview();
}

Http::HttpRequest RequestEditor::request() const
{
    Http::HttpRequest request;
    request.method = m_method->currentText().toLatin1();
    request.url = m_url->text().trimmed();
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QStandardItem* name = m_headers->item(row, 0);
        const QStandardItem* value = m_headers->item(row, 1);
        if (!name || name->text().trimmed().isEmpty())
            continue;
        request.headers.append(
            {name->text().trimmed(), value ? value->text() : QString(), name->checkState() == Qt::Checked});
    }
    request.body = m_body->toPlainText().toUtf8();
    request.attachAccessToken = m_attachToken->isChecked();
    return request;
}

void RequestEditor::setRequest(const Http::HttpRequest& request)
{
    const int method = m_method->findText(QString::fromLatin1(request.method));
    m_method->setCurrentIndex(method >= 0 ? method : 0);
    m_url->setText(request.url);
    m_headers->removeRows(0, m_headers->rowCount());
    for (const auto& header : request.headers) {
        auto* name = new QStandardItem(header.name);
        name->setCheckable(true);
        name->setCheckState(header.enabled ? Qt::Checked : Qt::Unchecked);
        m_headers->appendRow({name, new QStandardItem(header.value)});
    }
    m_body->setPlainText(QString::fromUtf8(request.body));
    m_attachToken->setChecked(request.attachAccessToken);
}

void RequestEditor::setVariables(const QList<Http::Variable>& variables)
{
    m_variables = variables;
    updatePreview();
}

void RequestEditor::setBusy(bool busy)
{
    m_send->setEnabled(!busy);
    m_send->setText(busy ? tr("Sending…") : tr("&Send"));
}

void RequestEditor::updatePreview()
{
    const QString text = m_url->text().trimmed();
    const auto spans = Http::findVariables(text);
    if (spans.isEmpty()) {
        m_preview->clear();
        m_preview->hide();
        return;
    }
    // Shows the URL as it will be sent: resolved variables in green, unknown ones in red.
    QString html;
    qsizetype last = 0;
    for (const auto& span : spans) {
        html += text.mid(last, span.start - last).toHtmlEscaped();
        last = span.start + span.length;
        const auto found = std::find_if(m_variables.cbegin(), m_variables.cend(),
            [&](const Http::Variable& v) { return v.enabled && v.name == span.name; });
        if (found != m_variables.cend())
            html += QStringLiteral("<span style=\"color:%1\">%2</span>")
                        .arg(Palette::success,
                            found->secret ? QString(8, QChar(0x2022)) : found->value.toHtmlEscaped());
        else
            html += QStringLiteral("<span style=\"color:%1\" title=\"%3\">%2</span>")
                        .arg(Palette::error, text.mid(span.start, span.length).toHtmlEscaped(),
                            tr("Not defined in this environment"));
    }
    html += text.mid(last).toHtmlEscaped();
    m_preview->setText(QStringLiteral("<small>→ <tt>%1</tt></small>").arg(html));
    m_preview->show();
}

} // namespace Tokenscope::Ui
