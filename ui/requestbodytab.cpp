#include "requestbodytab.h"

#include "keyvaluetable.h"
#include "palette.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Tokenscope::Ui {

namespace {

// The kind combo's order: the pages of the stack follow it.
constexpr Http::BodyKind kinds[] = {Http::BodyKind::None, Http::BodyKind::Raw, Http::BodyKind::FormUrlEncoded,
    Http::BodyKind::Multipart, Http::BodyKind::BinaryFile};

QList<KeyValueTable::Row> rowsOf(const QList<Http::FormField>& fields)
{
    QList<KeyValueTable::Row> rows;
    for (const Http::FormField& field : fields)
        rows.append({field.name, field.value, field.enabled, field.isFile});
    return rows;
}

QList<Http::FormField> fieldsOf(const QList<KeyValueTable::Row>& rows)
{
    QList<Http::FormField> fields;
    for (const KeyValueTable::Row& row : rows) {
        if (!row.name.trimmed().isEmpty() || !row.value.isEmpty())
            fields.append({row.name, row.value, row.isFile, {}, row.enabled});
    }
    return fields;
}

} // namespace

RequestBodyTab::RequestBodyTab(QWidget* parent)
    : QWidget(parent)
    , m_kind(new QComboBox(this))
    , m_rawType(new QComboBox(this))
    , m_pages(new QStackedWidget(this))
    , m_raw(new QPlainTextEdit(this))
    , m_syntax(new QLabel(this))
    , m_form(new KeyValueTable(tr("Field"), tr("Value"), false, this))
    , m_multipart(new KeyValueTable(tr("Field"), tr("Value or file"), true, this))
    , m_file(new QLineEdit(this))
{
    m_kind->setObjectName(QStringLiteral("bodyKindComboBox"));
    m_kind->setAccessibleName(tr("Body kind"));
    m_kind->addItems(
        {tr("None"), tr("Raw"), tr("Form (URL-encoded)"), tr("Multipart form"), tr("Binary file")});
    m_rawType->setObjectName(QStringLiteral("rawTypeComboBox"));
    m_rawType->setAccessibleName(tr("Body type"));
    m_rawType->addItem(tr("JSON"), QStringLiteral("json"));
    m_rawType->addItem(tr("XML"), QStringLiteral("xml"));
    m_rawType->addItem(tr("Text"), QStringLiteral("text"));
    m_rawType->addItem(tr("Other (Content-Type from the headers)"), QString());

    auto* none = new QLabel(tr("This request has no body."), this);
    none->setAlignment(Qt::AlignCenter);
    m_raw->setObjectName(QStringLiteral("bodyTextEdit"));
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_raw->setAccessibleName(tr("Request body"));
    m_raw->setPlaceholderText(tr("Request body; {{variables}} are expanded when it is sent"));
    m_syntax->setObjectName(QStringLiteral("bodySyntaxLabel"));
    auto* rawPage = new QWidget(this);
    auto* rawLayout = new QVBoxLayout(rawPage);
    rawLayout->setContentsMargins(0, 0, 0, 0);
    rawLayout->addWidget(m_raw, 1);
    rawLayout->addWidget(m_syntax);
    m_form->setObjectName(QStringLiteral("formTable"));
    m_multipart->setObjectName(QStringLiteral("multipartTable"));
    m_file->setObjectName(QStringLiteral("bodyFileLineEdit"));
    m_file->setAccessibleName(tr("File to send as the body"));
    m_file->setPlaceholderText(tr("Path of the file to send as it is"));
    auto* choose = new QPushButton(tr("Choose…"), this);
    choose->setObjectName(QStringLiteral("chooseBodyFileButton"));
    auto* filePage = new QWidget(this);
    auto* fileLine = new QHBoxLayout;
    fileLine->addWidget(m_file, 1);
    fileLine->addWidget(choose);
    auto* fileLayout = new QVBoxLayout(filePage);
    fileLayout->setContentsMargins(0, 0, 0, 0);
    fileLayout->addLayout(fileLine);
    fileLayout->addWidget(
        new QLabel(tr("The file is streamed from disk as the body, as application/octet-stream unless a "
                      "Content-Type header says otherwise."),
            this));
    fileLayout->addStretch();
    m_pages->addWidget(none);
    m_pages->addWidget(rawPage);
    m_pages->addWidget(m_form);
    m_pages->addWidget(m_multipart);
    m_pages->addWidget(filePage);

    auto* top = new QHBoxLayout;
    top->addWidget(m_kind);
    top->addWidget(m_rawType);
    top->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_pages, 1);

    connect(choose, &QPushButton::clicked, this, [this] {
        const QString path
            = QFileDialog::getOpenFileName(this, tr("Choose the File to Send"), m_file->text());
        if (!path.isEmpty())
            m_file->setText(path);
    });
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        showKind();
        Q_EMIT edited();
    });
    connect(m_rawType, &QComboBox::currentIndexChanged, this, [this] {
        checkSyntax();
        Q_EMIT edited();
    });
    connect(m_raw, &QPlainTextEdit::textChanged, this, [this] {
        checkSyntax();
        Q_EMIT edited();
    });
    connect(m_form, &KeyValueTable::edited, this, &RequestBodyTab::edited);
    connect(m_multipart, &KeyValueTable::edited, this, &RequestBodyTab::edited);
    connect(m_file, &QLineEdit::textChanged, this, &RequestBodyTab::edited);
    m_kind->setCurrentIndex(1);
    showKind();
    checkSyntax();
}

void RequestBodyTab::apply(Http::HttpRequest* request) const
{
    request->bodyKind = kinds[std::clamp(m_kind->currentIndex(), 0, 4)];
    request->rawType = m_rawType->currentData().toString();
    request->body = m_raw->toPlainText().toUtf8();
    request->formFields = request->bodyKind == Http::BodyKind::Multipart ? fieldsOf(m_multipart->rows())
                                                                         : fieldsOf(m_form->rows());
    request->bodyFilePath = m_file->text().trimmed();
}

void RequestBodyTab::load(const Http::HttpRequest& request)
{
    const QSignalBlocker blockKind(m_kind);
    const QSignalBlocker blockType(m_rawType);
    const QSignalBlocker blockRaw(m_raw);
    const QSignalBlocker blockFile(m_file);
    const auto* kind = std::find(std::begin(kinds), std::end(kinds), request.bodyKind);
    m_kind->setCurrentIndex(int(kind - std::begin(kinds)));
    const int type = m_rawType->findData(request.rawType);
    m_rawType->setCurrentIndex(type >= 0 ? type : m_rawType->count() - 1);
    m_raw->setPlainText(QString::fromUtf8(request.body));
    const bool multipart = request.bodyKind == Http::BodyKind::Multipart;
    m_multipart->setRows(multipart ? rowsOf(request.formFields) : QList<KeyValueTable::Row>());
    m_form->setRows(multipart ? QList<KeyValueTable::Row>() : rowsOf(request.formFields));
    m_file->setText(request.bodyFilePath);
    showKind();
    checkSyntax();
}

void RequestBodyTab::showKind()
{
    m_pages->setCurrentIndex(m_kind->currentIndex());
    m_rawType->setVisible(m_kind->currentIndex() == 1);
}

void RequestBodyTab::checkSyntax()
{
    const QString text = m_raw->toPlainText();
    if (m_rawType->currentData().toString() != QLatin1String("json") || text.trimmed().isEmpty()) {
        m_syntax->clear();
        m_syntax->hide();
        return;
    }
    // {{variables}} stand for values the JSON does not have yet: checked with a neutral placeholder.
    QString probe = text;
    probe.replace(QRegularExpression(QStringLiteral(R"("?\{\{[^{}]*\}\}"?)")), QStringLiteral("0"));
    QJsonParseError error {};
    QJsonDocument::fromJson(probe.toUtf8(), &error);
    m_syntax->show();
    if (error.error == QJsonParseError::NoError) {
        m_syntax->setText(QStringLiteral("<span style=\"color:%1\">%2</span>")
                              .arg(Palette::success, tr("Valid JSON.").toHtmlEscaped()));
        return;
    }
    m_syntax->setText(QStringLiteral("<span style=\"color:%1\">%2</span>")
                          .arg(Palette::error,
                              tr("Not valid JSON: %1 (near character %2).")
                                  .arg(error.errorString())
                                  .arg(error.offset)
                                  .toHtmlEscaped()));
}

} // namespace Tokenscope::Ui
