#include "responsebodypane.h"

#include "bodysearchbar.h"
#include "bodyview.h"
#include "jsondocument.h"
#include "markupdocument.h"
#include "palette.h"
#include "rawdocument.h"

#include <QButtonGroup>
#include <QDir>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QProgressBar>
#include <QSaveFile>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <optional>

namespace Tokenscope::Ui {

namespace {

// Images are decoded on the GUI thread: only small ones get a preview.
constexpr qint64 previewLimit = qint64(16) * 1024 * 1024;

bool isImage(const QByteArray& contentType)
{
    return contentType.trimmed().toLower().startsWith("image/");
}

bool looksBinary(const Body::BodyBuffer& buffer)
{
    // A NUL in the first few KiB: not text in any encoding a viewer shows as such.
    const qint64 probe = std::min<qint64>(buffer.size(), 8192);
    return std::memchr(buffer.data(), 0, size_t(probe)) != nullptr;
}

QByteArray mediaType(const QByteArray& contentType)
{
    return contentType.split(';').constFirst().trimmed().toLower();
}

// The body's first bytes that are not white space (nor a UTF-8 byte order mark), for sniffing.
QByteArrayView firstBytes(const Body::BodyBuffer& buffer)
{
    const qint64 probe = std::min<qint64>(buffer.size(), 4096);
    qint64 at = probe >= 3 && std::memcmp(buffer.data(), "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (at < probe) {
        const char c = buffer.data()[at];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            break;
        ++at;
    }
    return QByteArrayView(buffer.data() + at, probe - at);
}

// JSON by its media type (application/json, application/fhir+json, …) or, since servers often label it
// text/plain, by its first character.
bool looksJson(const Body::BodyBuffer& buffer, const QByteArray& type)
{
    if (type == "application/json" || type.endsWith("+json") || type == "text/json")
        return true;
    const QByteArrayView first = firstBytes(buffer);
    return !first.isEmpty() && (first.front() == '{' || first.front() == '[');
}

// XML or HTML by its media type (text/xml, application/fhir+xml, text/html, …) or, when the type says
// nothing more specific, by how the body starts.
std::optional<Body::Markup::Dialect> markupDialect(const Body::BodyBuffer& buffer, const QByteArray& type)
{
    using Body::Markup::Dialect;
    if (type == "text/html" || type == "application/xhtml+xml")
        return Dialect::Html;
    if (type == "application/xml" || type == "text/xml" || type.endsWith("+xml"))
        return Dialect::Xml;
    if (!type.isEmpty() && type != "text/plain" && type != "application/octet-stream")
        return std::nullopt;
    const QByteArrayView first = firstBytes(buffer);
    const QByteArray start = first.first(std::min<qsizetype>(first.size(), 14)).toByteArray().toLower();
    if (start.startsWith("<?xml"))
        return Dialect::Xml;
    if (start.startsWith("<!doctype html") || start.startsWith("<html"))
        return Dialect::Html;
    return std::nullopt;
}

} // namespace

ResponseBodyPane::ResponseBodyPane(QWidget* parent)
    : QWidget(parent)
    , m_view(new BodyView(this))
    , m_searchBar(new BodySearchBar(m_view))
    , m_stack(new QStackedWidget(this))
    , m_preview(new QLabel(this))
    , m_modes(new QButtonGroup(this))
    , m_modeBar(new QWidget(this))
    , m_progress(new QProgressBar(this))
    , m_progressLabel(new QLabel(this))
    , m_notice(new QLabel(this))
{
    m_notice->setObjectName(QStringLiteral("bodyNotice"));
    m_notice->setWordWrap(true);
    m_notice->setTextFormat(Qt::PlainText);
    m_notice->setStyleSheet(QStringLiteral("color: %1;").arg(Palette::error));
    m_notice->hide();
    m_view->setObjectName(QStringLiteral("responseBodyView"));
    m_view->setAccessibleName(tr("Response body"));
    m_preview->setObjectName(QStringLiteral("responseImagePreview"));
    m_preview->setAlignment(Qt::AlignCenter);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_preview);

    auto* modeLayout = new QHBoxLayout(m_modeBar);
    modeLayout->setContentsMargins(0, 0, 0, 0);
    const std::pair<Mode, QString> modes[] = {{Mode::Pretty, tr("Pretty")}, {Mode::Raw, tr("Raw")},
        {Mode::Hex, tr("Hex")}, {Mode::Preview, tr("Preview")}};
    for (const auto& [mode, label] : modes) {
        auto* button = new QToolButton(m_modeBar);
        button->setText(label);
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setObjectName(QStringLiteral("bodyMode") + label);
        m_modes->addButton(button, int(mode));
        modeLayout->addWidget(button);
    }
    modeLayout->addSpacing(12);
    m_progressLabel->setObjectName(QStringLiteral("bodyProgressLabel"));
    m_progress->setObjectName(QStringLiteral("bodyProgressBar"));
    m_progress->setMaximumWidth(200);
    m_progress->setTextVisible(false);
    modeLayout->addWidget(m_progressLabel);
    modeLayout->addWidget(m_progress);
    modeLayout->addStretch();
    m_progress->hide();
    m_progressLabel->hide();
    connect(m_modes, &QButtonGroup::idClicked, this, [this](int id) { setMode(Mode(id)); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_modeBar);
    layout->addWidget(m_notice);
    layout->addWidget(m_stack, 1);

    connect(&m_saver, &QFutureWatcher<QString>::finished, this,
        [this] { Q_EMIT saved(m_savePath, m_saver.result()); });
}

ResponseBodyPane::~ResponseBodyPane()
{
    m_view->setDocument(nullptr);
    m_saver.waitForFinished();
}

std::unique_ptr<Body::LineDocument> ResponseBodyPane::documentFor(
    const std::shared_ptr<const Body::BodyBuffer>& buffer, const QByteArray& contentType, Mode mode)
{
    switch (mode) {
    case Mode::Hex:
        return std::make_unique<Body::HexLineDocument>(buffer);
    case Mode::Pretty: {
        const QByteArray type = mediaType(contentType);
        if (const auto dialect = markupDialect(*buffer, type))
            return std::make_unique<Body::MarkupLineDocument>(buffer, *dialect);
        if (looksJson(*buffer, type))
            return std::make_unique<Body::JsonLineDocument>(buffer);
        break;
    }
    case Mode::Raw:
    case Mode::Preview:
        break;
    }
    return std::make_unique<Body::RawLineDocument>(buffer);
}

ResponseBodyPane::Mode ResponseBodyPane::defaultMode(
    const Body::BodyBuffer& buffer, const QByteArray& contentType)
{
    if (isImage(contentType) && buffer.size() <= previewLimit)
        return Mode::Preview;
    if (looksBinary(buffer))
        return Mode::Hex;
    return Mode::Pretty;
}

void ResponseBodyPane::setBody(std::shared_ptr<const Body::BodyBuffer> buffer, const QByteArray& contentType)
{
    m_progress->hide();
    m_progressLabel->hide();
    m_buffer = buffer ? std::move(buffer) : Body::BodyBuffer::fromBytes({});
    m_contentType = contentType;
    m_modeBar->setEnabled(true);
    m_modes->button(int(Mode::Preview))->setEnabled(isImage(contentType) && m_buffer->size() <= previewLimit);
    m_searchBar->setBuffer(m_buffer);
    m_mode = defaultMode(*m_buffer, contentType);
    showDocument();
}

void ResponseBodyPane::setText(const QString& text)
{
    m_progress->hide();
    m_progressLabel->hide();
    m_notice->hide();
    m_buffer = nullptr;
    m_contentType.clear();
    m_modeBar->setEnabled(false);
    const auto shown = Body::BodyBuffer::fromBytes(text.toUtf8());
    m_searchBar->setBuffer(shown);
    m_view->setDocument(nullptr);
    m_document = std::make_unique<Body::RawLineDocument>(shown);
    m_view->setDocument(m_document.get());
    m_stack->setCurrentWidget(m_view);
}

void ResponseBodyPane::clear()
{
    setText({});
}

void ResponseBodyPane::showProgress(qint64 received, qint64 total)
{
    const QLocale locale;
    m_progressLabel->setText(total > 0
            ? tr("Receiving… %1 of %2")
                  .arg(locale.formattedDataSize(received), locale.formattedDataSize(total))
            : tr("Receiving… %1").arg(locale.formattedDataSize(received)));
    // Per mille of the total, or busy when the server did not say how much is coming.
    m_progress->setRange(0, total > 0 ? 1000 : 0);
    if (total > 0)
        m_progress->setValue(int(received * 1000 / total));
    m_progress->show();
    m_progressLabel->show();
}

void ResponseBodyPane::setMode(Mode mode)
{
    if (!m_buffer)
        return;
    m_mode = mode;
    showDocument();
}

void ResponseBodyPane::showDocument()
{
    if (auto* button = m_modes->button(int(m_mode)))
        button->setChecked(true);
    if (m_mode == Mode::Preview) {
        const QImage image = QImage::fromData(
            QByteArrayView(reinterpret_cast<const uchar*>(m_buffer->data()), m_buffer->size()));
        m_preview->setPixmap(QPixmap::fromImage(image));
        if (image.isNull())
            m_preview->setText(tr("This image could not be read."));
        m_stack->setCurrentWidget(m_preview);
        return;
    }
    m_notice->hide();
    m_view->setDocument(nullptr);
    m_document = documentFor(m_buffer, m_contentType, m_mode);
    connect(m_document.get(), &Body::LineDocument::failed, this,
        [this](const QString& message, qint64 offset) { showAsReceived(message, offset); });
    m_view->setDocument(m_document.get());
    m_stack->setCurrentWidget(m_view);
}

void ResponseBodyPane::showAsReceived(const QString& message, qint64 offset)
{
    // Not what it claimed to be: the text as received, with the place where it went wrong selected.
    const bool markup = qobject_cast<const Body::MarkupLineDocument*>(m_document.get()) != nullptr;
    m_view->setDocument(nullptr);
    m_document = std::make_unique<Body::RawLineDocument>(m_buffer);
    m_view->setDocument(m_document.get());
    m_view->setCurrentLine(m_document->lineAt(offset));
    m_notice->setText((markup ? tr("Shown as received: this is not valid XML. %1 (byte %2)")
                              : tr("Shown as received: this is not valid JSON. %1 (byte %2)"))
                          .arg(message, QLocale().toString(offset)));
    m_notice->show();
}

QString ResponseBodyPane::shownText(qint64 maxLines) const
{
    QString text;
    if (!m_document)
        return text;
    for (qint64 i = 0; i < std::min(maxLines, m_document->lineCount()); ++i) {
        if (i > 0)
            text += QLatin1Char('\n');
        text += m_document->line(i).text;
    }
    return text;
}

void ResponseBodyPane::saveTo(const QString& path)
{
    if (!m_buffer || m_saver.isRunning())
        return;
    m_savePath = path;
    // From the buffer (memory or the mapped file) in chunks, on a worker: never a QString of the body.
    m_saver.setFuture(QtConcurrent::run([buffer = m_buffer, path] {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return file.errorString();
        constexpr qint64 chunk = qint64(4) * 1024 * 1024;
        for (qint64 at = 0; at < buffer->size(); at += chunk) {
            const qint64 length = std::min(chunk, buffer->size() - at);
            if (file.write(buffer->data() + at, length) != length)
                return file.errorString();
        }
        return file.commit() ? QString() : file.errorString();
    }));
}

} // namespace Tokenscope::Ui
