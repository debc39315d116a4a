#include "bodyview.h"

#include "linedocument.h"
#include "palette.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>
#include <QToolButton>

#include <algorithm>
#include <cmath>
#include <limits>

namespace Tokenscope::Ui {

namespace {

// Copying a selection stops here: the clipboard is not the way to move a gigabyte.
constexpr qint64 copyLimitLines = 1'000'000;
constexpr qsizetype copyLimitChars = qsizetype(64) * 1024 * 1024;

} // namespace

BodyView::BodyView(QWidget* parent)
    : QAbstractScrollArea(parent)
{
    // Made here, not in the initialiser list: creating them sends events to this view, whose handler
    // looks at them.
    m_goToBar = new QWidget(this);
    m_goToEdit = new QLineEdit(m_goToBar);
    m_statusStrip = new QWidget(this);
    m_status = new QLabel(m_statusStrip);
    m_path = new QLabel(m_statusStrip);
    setObjectName(QStringLiteral("bodyView"));
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    viewport()->setAutoFillBackground(true);
    viewport()->setBackgroundRole(QPalette::Base);

    auto* goToLayout = new QHBoxLayout(m_goToBar);
    goToLayout->setContentsMargins(4, 2, 4, 2);
    goToLayout->addWidget(new QLabel(tr("Go to line:"), m_goToBar));
    m_goToEdit->setObjectName(QStringLiteral("goToLineEdit"));
    m_goToEdit->setAccessibleName(tr("Line number"));
    m_goToEdit->setMaximumWidth(160);
    goToLayout->addWidget(m_goToEdit);
    goToLayout->addStretch();
    auto* closeGoTo = new QToolButton(m_goToBar);
    closeGoTo->setText(QStringLiteral("✕"));
    closeGoTo->setToolTip(tr("Close"));
    closeGoTo->setAutoRaise(true);
    goToLayout->addWidget(closeGoTo);
    m_goToBar->setAutoFillBackground(true);
    m_goToBar->hide();
    connect(closeGoTo, &QToolButton::clicked, this, [this] {
        m_goToBar->hide();
        layoutBars();
        setFocus();
    });
    connect(m_goToEdit, &QLineEdit::returnPressed, this, [this] {
        bool ok = false;
        const qint64 number = m_goToEdit->text().trimmed().toLongLong(&ok);
        if (!ok)
            return;
        goToLine(number);
        m_goToBar->hide();
        layoutBars();
        setFocus();
    });

    auto* statusLayout = new QHBoxLayout(m_statusStrip);
    statusLayout->setContentsMargins(4, 1, 4, 1);
    m_status->setObjectName(QStringLiteral("bodyPositionLabel"));
    m_path->setObjectName(QStringLiteral("bodyPathLabel"));
    m_path->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_path->setToolTip(tr("Where the current line sits in the document"));
    statusLayout->addWidget(m_status);
    statusLayout->addSpacing(12);
    statusLayout->addWidget(m_path, 1);
    m_statusStrip->setFont(QApplication::font());
    m_goToBar->setFont(QApplication::font());

    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        const qint64 maxTop = std::max<qint64>(0, rowCount() - visibleRowCount());
        m_topRow = value >= verticalScrollBar()->maximum() ? maxTop : std::min(maxTop, value * m_scrollScale);
        viewport()->update();
    });
    layoutBars();
    updateStatus();
}

BodyView::~BodyView() = default;

void BodyView::setDocument(Body::LineDocument* document)
{
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    m_folds.clear();
    m_topRow = 0;
    m_current = 0;
    m_anchor = 0;
    m_widestLine = 0;
    m_matches.clear();
    m_currentMatch = -1;
    m_failure.clear();
    horizontalScrollBar()->setValue(0);
    if (document) {
        // The index grows on a worker thread: the scroll range follows, the view stays where it is.
        connect(document, &Body::LineDocument::linesAdded, this, [this] {
            updateScrollBars();
            updateStatus();
            viewport()->update();
        });
        connect(document, &Body::LineDocument::completed, this, [this] {
            updateScrollBars();
            updateStatus();
            viewport()->update();
        });
        connect(document, &Body::LineDocument::failed, this, [this](const QString& message, qint64) {
            m_failure = message;
            updateStatus();
        });
        connect(document, &QObject::destroyed, this, [this] { setDocument(nullptr); });
    }
    updateScrollBars();
    updateStatus();
    viewport()->update();
}

qint64 BodyView::rowCount() const
{
    return m_document ? m_folds.rowCount(m_document->lineCount()) : 0;
}

qint64 BodyView::lineHeight() const
{
    return std::max(1, fontMetrics().height());
}

int BodyView::charWidth() const
{
    return std::max(1, fontMetrics().horizontalAdvance(QLatin1Char('0')));
}

qreal BodyView::columnWidth() const
{
    return std::max(1.0, QFontMetricsF(font()).horizontalAdvance(QLatin1Char('0')));
}

int BodyView::gutterWidth() const
{
    const qint64 lines = m_document ? std::max<qint64>(1, m_document->lineCount()) : 1;
    const int digits = int(QString::number(lines).size());
    return (std::max(digits, 3) + 3) * charWidth();
}

qint64 BodyView::visibleRowCount() const
{
    return std::max<qint64>(1, viewport()->height() / lineHeight());
}

qint64 BodyView::firstVisibleLine() const
{
    return m_folds.lineForRow(m_topRow);
}

qint64 BodyView::rowAt(int y) const
{
    return m_topRow + y / lineHeight();
}

void BodyView::updateScrollBars()
{
    const qint64 maxTop = std::max<qint64>(0, rowCount() - visibleRowCount());
    constexpr qint64 intMax = std::numeric_limits<int>::max();
    m_scrollScale = maxTop <= intMax ? 1 : maxTop / intMax + 1;
    QScrollBar* bar = verticalScrollBar();
    const QSignalBlocker blocker(bar);
    bar->setRange(0, int(maxTop / m_scrollScale));
    bar->setPageStep(int(std::max<qint64>(1, visibleRowCount() / m_scrollScale)));
    bar->setSingleStep(1);
    m_topRow = std::min(m_topRow, maxTop);
    bar->setValue(int(m_topRow / m_scrollScale));
    const qint64 offset = horizontalOffset();
    const int textWidth = viewport()->width() - gutterWidth();
    const qint64 widest
        = std::max<qint64>(0, qint64(std::ceil(qreal(m_widestLine + 4) * columnWidth())) - textWidth);
    m_horizontalScale = widest <= intMax ? 1 : widest / intMax + 1;
    QScrollBar* horizontal = horizontalScrollBar();
    const QSignalBlocker horizontalBlocker(horizontal);
    horizontal->setRange(0, int(widest / m_horizontalScale));
    horizontal->setPageStep(int(std::max<qint64>(1, textWidth / m_horizontalScale)));
    horizontal->setSingleStep(int(std::max<qint64>(1, qint64(charWidth()) * 4 / m_horizontalScale)));
    horizontal->setValue(int(std::min(offset, widest) / m_horizontalScale));
    if (horizontalOffset() != offset)
        viewport()->update();
}

qint64 BodyView::horizontalOffset() const
{
    return qint64(horizontalScrollBar()->value()) * m_horizontalScale;
}

void BodyView::setHorizontalOffset(qint64 pixels)
{
    horizontalScrollBar()->setValue(int(std::max<qint64>(0, pixels) / m_horizontalScale));
}

void BodyView::setTopRow(qint64 row)
{
    const qint64 maxTop = std::max<qint64>(0, rowCount() - visibleRowCount());
    m_topRow = std::clamp<qint64>(row, 0, maxTop);
    const QSignalBlocker blocker(verticalScrollBar());
    verticalScrollBar()->setValue(int(m_topRow / m_scrollScale));
    viewport()->update();
}

void BodyView::ensureRowVisible(qint64 row)
{
    const qint64 page = visibleRowCount();
    if (row < m_topRow)
        setTopRow(row);
    else if (row >= m_topRow + page)
        setTopRow(row - page + 1);
}

void BodyView::setCurrentLine(qint64 line, bool extend)
{
    if (!m_document)
        return;
    line = std::clamp<qint64>(line, 0, std::max<qint64>(0, m_document->lineCount() - 1));
    // A line inside a folded block is shown by opening the block.
    while (m_folds.isHidden(line)) {
        const qint64 row = m_folds.rowForLine(line);
        m_folds.unfold(m_folds.lineForRow(row));
        updateScrollBars();
    }
    m_current = line;
    if (!extend)
        m_anchor = line;
    ensureRowVisible(m_folds.rowForLine(line));
    updateStatus();
    viewport()->update();
    Q_EMIT currentLineChanged(line);
}

bool BodyView::isSelected(qint64 line) const
{
    return line >= std::min(m_anchor, m_current) && line <= std::max(m_anchor, m_current);
}

QString BodyView::selectedText() const
{
    if (!m_document)
        return {};
    const qint64 first = std::min(m_anchor, m_current);
    const qint64 last = std::min(std::max(m_anchor, m_current), first + copyLimitLines - 1);
    QString text;
    for (qint64 line = first; line <= last && text.size() < copyLimitChars; ++line) {
        if (line > first)
            text += QLatin1Char('\n');
        // Only the columns that still fit: a line of a gigabyte (one JSON string) is not built whole.
        const qsizetype room = copyLimitChars - text.size();
        text += m_document->lineWindow(line, 0, room).text.left(room);
    }
    return text;
}

QString BodyView::currentPath() const
{
    return m_document ? m_document->path(m_current) : QString();
}

void BodyView::copy() const
{
    QGuiApplication::clipboard()->setText(selectedText());
}

void BodyView::copyValue()
{
    if (m_document)
        QGuiApplication::clipboard()->setText(QString::fromUtf8(m_document->value(m_current)));
}

void BodyView::copyPath() const
{
    QGuiApplication::clipboard()->setText(currentPath());
}

bool BodyView::toggleFold(qint64 line)
{
    if (!m_document || !m_document->isComplete())
        return false;
    if (m_folds.isFolded(line)) {
        m_folds.unfold(line);
    } else {
        const qint64 end = m_document->foldEnd(line);
        if (end <= line)
            return false;
        m_folds.fold(line, end);
        if (m_current > line && m_current <= end)
            m_current = m_anchor = line;
    }
    updateScrollBars();
    updateStatus();
    viewport()->update();
    return true;
}

void BodyView::foldAll()
{
    if (!m_document || !m_document->isComplete())
        return;
    const qint64 count = m_document->lineCount();
    // Folding the one block that holds the whole body would hide everything: fold what is inside it.
    qint64 first = 0;
    qint64 last = count - 1;
    if (m_document->foldEnd(0) == count - 1) {
        first = 1;
        last = count - 2;
    }
    m_folds.setFolds(m_document->outerBlocks(first, last));
    m_current = m_anchor = m_folds.lineForRow(m_folds.rowForLine(m_current));
    updateScrollBars();
    ensureRowVisible(m_folds.rowForLine(m_current));
    updateStatus();
    viewport()->update();
}

void BodyView::unfoldAll()
{
    m_folds.clear();
    updateScrollBars();
    ensureRowVisible(m_folds.rowForLine(m_current));
    viewport()->update();
}

void BodyView::showGoToLine()
{
    m_goToBar->show();
    layoutBars();
    m_goToEdit->setText(QString::number(m_current + 1));
    m_goToEdit->selectAll();
    m_goToEdit->setFocus();
}

void BodyView::goToLine(qint64 lineNumber)
{
    setCurrentLine(lineNumber - 1);
    // The line found is shown near the top, with context above it.
    setTopRow(m_folds.rowForLine(m_current) - std::min<qint64>(3, visibleRowCount() / 4));
}

void BodyView::setMatches(std::vector<Match> matches, qsizetype current)
{
    m_matches = std::move(matches);
    m_currentMatch = current;
    if (m_document && current >= 0 && current < qsizetype(m_matches.size())) {
        const Match& match = m_matches[size_t(current)];
        const qint64 line = m_document->lineAt(match.offset);
        const qint64 row = m_folds.rowForLine(line);
        const bool offScreen = row < m_topRow || row >= m_topRow + visibleRowCount();
        setCurrentLine(line);
        // A match found far away is shown in the middle, with context on both sides.
        if (offScreen)
            setTopRow(m_folds.rowForLine(line) - visibleRowCount() / 2);
        // Horizontally too: a match far out on a long line must be seen.
        const qint64 column = m_document->columnAt(m_current, match.offset);
        const qint64 length
            = std::max<qint64>(1, m_document->columnAt(m_current, match.offset + match.length) - column);
        const auto left = qint64(qreal(column) * columnWidth());
        const qint64 width = viewport()->width() - gutterWidth();
        m_widestLine = std::max(m_widestLine, column + length);
        updateScrollBars();
        const qint64 scroll = horizontalOffset();
        if (left < scroll || left + qint64(qreal(length) * columnWidth()) > scroll + width)
            setHorizontalOffset(left - width / 3);
    }
    viewport()->update();
}

void BodyView::setTopBar(QWidget* bar)
{
    m_topBar = bar;
    if (bar) {
        bar->setParent(this);
        bar->setAutoFillBackground(true);
        bar->setFont(QApplication::font());
    }
    layoutBars();
}

bool BodyView::event(QEvent* event)
{
    // Bars shown or hidden by their owner move the text.
    if (m_statusStrip && (event->type() == QEvent::ChildAdded || event->type() == QEvent::LayoutRequest))
        layoutBars();
    return QAbstractScrollArea::event(event);
}

void BodyView::layoutBars()
{
    const QRect area = rect().adjusted(frameWidth(), frameWidth(), -frameWidth(), -frameWidth());
    const int scrollBarWidth = verticalScrollBar()->isVisible() ? verticalScrollBar()->width() : 0;
    const int scrollBarHeight = horizontalScrollBar()->isVisible() ? horizontalScrollBar()->height() : 0;
    int top = 0;
    for (QWidget* bar : {m_topBar, m_goToBar}) {
        if (bar && !bar->isHidden()) {
            const int height = bar->sizeHint().height();
            bar->setGeometry(area.left(), area.top() + top, area.width() - scrollBarWidth, height);
            top += height;
        }
    }
    const int statusHeight = m_statusStrip->sizeHint().height();
    m_statusStrip->setGeometry(area.left(), area.bottom() + 1 - scrollBarHeight - statusHeight,
        area.width() - scrollBarWidth, statusHeight);
    if (viewportMargins() != QMargins(0, top, 0, statusHeight))
        setViewportMargins(0, top, 0, statusHeight);
}

void BodyView::updateStatus()
{
    const QLocale locale;
    if (!m_document) {
        m_status->clear();
        m_path->clear();
        return;
    }
    const qint64 count = m_document->lineCount();
    m_status->setText(m_document->isComplete()
            ? tr("Line %1 of %2").arg(locale.toString(m_current + 1), locale.toString(count))
            : tr("Line %1 of %2 so far").arg(locale.toString(m_current + 1), locale.toString(count)));
    if (!m_failure.isEmpty()) {
        m_path->setText(QStringLiteral("<span style=\"color:%1\">%2</span>")
                            .arg(Palette::error, m_failure.toHtmlEscaped()));
        return;
    }
    m_path->setTextFormat(Qt::PlainText);
    m_path->setText(currentPath());
}

void BodyView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    layoutBars();
    updateScrollBars();
}

void BodyView::scrollContentsBy(int, int)
{
    viewport()->update();
}

} // namespace Tokenscope::Ui
