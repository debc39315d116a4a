#include "bodyview.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>

// Painting and input. Painting: only the rows on screen are asked of the document, and of each line only the
// columns on screen are drawn, so neither a million lines nor a line of a megabyte costs more than a
// screenful.
namespace Tokenscope::Ui {

namespace {

using Body::TextKind;

QColor kindColour(TextKind kind, bool dark, const QPalette& palette)
{
    // GNOME's palette: the darker shades on light backgrounds, the lighter ones on dark.
    switch (kind) {
    case TextKind::Key:
        return QColor(dark ? "#99c1f1" : "#1a5fb4");
    case TextKind::String:
        return QColor(dark ? "#8ff0a4" : "#26803a");
    case TextKind::Number:
        return QColor(dark ? "#ffbe6f" : "#c64600");
    case TextKind::Keyword:
        return QColor(dark ? "#dc8add" : "#813d9c");
    case TextKind::Punctuation:
        return QColor(dark ? "#9a9996" : "#5e5c64");
    case TextKind::Error:
        return QColor(dark ? "#ff7b63" : "#c01c28");
    case TextKind::Plain:
        break;
    }
    return palette.color(QPalette::Text);
}

QString shown(QString text)
{
    // One cell per character keeps columns computable; a tab or control character would not.
    for (QChar& c : text)
        if (c.unicode() < 0x20)
            c = QChar(c.unicode() == '\t' ? u' ' : u'\u00b7');
    return text;
}

} // namespace

void BodyView::paintEvent(QPaintEvent*)
{
    QPainter painter(viewport());
    if (!m_document)
        return;
    const QPalette& colours = palette();
    const int height = int(lineHeight());
    const int gutter = gutterWidth();
    const int ascent = fontMetrics().ascent();
    const qint64 count = m_document->lineCount();
    painter.fillRect(0, 0, gutter, viewport()->height(), colours.color(QPalette::AlternateBase));
    const qint64 rows = visibleRowCount() + 1;
    const qsizetype widestBefore = m_widestLine;
    for (qint64 i = 0; i < rows; ++i) {
        const qint64 line = m_folds.lineForRow(m_topRow + i);
        if (line >= count)
            break;
        const int y = int(i) * height;
        if (isSelected(line))
            painter.fillRect(gutter, y, viewport()->width() - gutter, height,
                colours.color(QPalette::Highlight).lighter(m_anchor == m_current ? 185 : 160));
        painter.setPen(colours.color(line == m_current ? QPalette::Text : QPalette::PlaceholderText));
        painter.drawText(QRect(0, y, gutter - 2 * charWidth(), height), Qt::AlignRight | Qt::AlignVCenter,
            QString::number(line + 1));
        if (m_document->isComplete() && m_document->foldEnd(line) > line) {
            painter.drawText(QRect(gutter - 2 * charWidth(), y, 2 * charWidth(), height), Qt::AlignCenter,
                m_folds.isFolded(line) ? QStringLiteral("▸") : QStringLiteral("▾"));
        }
        painter.save();
        painter.setClipRect(gutter, y, viewport()->width() - gutter, height);
        paintLine(painter, line, y + ascent, gutter + charWidth() / 2);
        painter.restore();
    }
    if (m_widestLine != widestBefore)
        QMetaObject::invokeMethod(this, &BodyView::updateScrollBars, Qt::QueuedConnection);
}

void BodyView::paintLine(QPainter& painter, qint64 number, int baseline, int textLeft)
{
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    // Fractional: glyph advances are, and a run of whole pixels would drift from the text drawn.
    const qreal width = columnWidth();
    const qint64 scroll = horizontalOffset();
    const auto firstColumn = qint64(qreal(scroll) / width);
    const qint64 lastColumn = firstColumn + qint64(viewport()->width() / width) + 2;
    const qreal x0 = textLeft - (qreal(scroll) - qreal(firstColumn) * width);
    // Columns of the whole line; the line may come as a window of it, whose text starts at base.
    auto columnX = [&](qint64 column) { return x0 + qreal(column - firstColumn) * width; };
    const Body::DisplayLine line = m_document->lineWindow(number, firstColumn, lastColumn - firstColumn);
    const QString text = shown(line.text);
    const qint64 base = line.firstColumn;
    const bool window = line.columnCount >= 0;

    // Matches behind the text: the matches on this line (on a window, on its bytes) are a short run of
    // the sorted list.
    qint64 shownBegin = line.sourceOffset;
    qint64 shownEnd = line.sourceOffset + line.sourceLength;
    if (window) {
        shownBegin = line.runs.isEmpty() ? shownEnd + 1 : line.runs.front().offset;
        shownEnd = line.runs.isEmpty() ? shownEnd : line.runs.back().offset + line.runs.back().length;
    }
    const auto firstMatch = std::lower_bound(m_matches.begin(), m_matches.end(), shownBegin,
        [](const Match& match, qint64 offset) { return match.offset + match.length <= offset; });
    // Their columns in one walk of the line: one by one, each would walk the line up to it.
    std::vector<std::pair<qint64, qint64>> stretches;
    for (auto match = firstMatch; match != m_matches.end() && match->offset <= shownEnd; ++match)
        stretches.emplace_back(match->offset, match->length);
    const std::vector<std::pair<qsizetype, qsizetype>> matchColumns
        = m_document->matchColumns(line, stretches);
    for (size_t i = 0; i < matchColumns.size(); ++i) {
        const auto match = firstMatch + qsizetype(i);
        const auto [first, last] = matchColumns[i];
        // An empty stretch (a match on the line break) shows as one column; in a window it is a match
        // outside the window.
        if (first == last && window)
            continue;
        const bool current = m_currentMatch >= 0 && match - m_matches.begin() == m_currentMatch;
        painter.fillRect(QRectF(columnX(base + first), baseline - fontMetrics().ascent(),
                             qreal(std::max<qsizetype>(1, last - first)) * width, qreal(lineHeight())),
            QColor(current ? "#f5c211" : (dark ? "#7a6a1a" : "#f9f06b")));
    }

    // start and length in characters of text.
    auto draw = [&](qsizetype start, qsizetype length, TextKind kind) {
        const qint64 from = std::max(base + start, firstColumn);
        const qint64 to = std::min(base + start + length, lastColumn);
        if (from >= to)
            return;
        painter.setPen(kindColour(kind, dark, palette()));
        painter.drawText(
            QPointF(columnX(from), baseline), text.mid(qsizetype(from - base), qsizetype(to - from)));
    };
    qsizetype at = 0;
    for (const Body::TextSpan& span : line.spans) {
        if (span.start > at)
            draw(at, span.start - at, TextKind::Plain);
        draw(span.start, span.length, span.kind);
        at = std::max(at, span.start + span.length);
    }
    if (at < text.size())
        draw(at, text.size() - at, TextKind::Plain);
    qint64 end = window ? line.columnCount : text.size();
    const qint64 foldedEnd = m_folds.foldedEnd(number);
    if (foldedEnd > number) {
        // A folded block: its closing line after an ellipsis, and how much is hidden.
        const QString closing = QStringLiteral("…") + m_document->line(foldedEnd).text.trimmed();
        painter.setPen(kindColour(TextKind::Punctuation, dark, palette()));
        painter.drawText(QPointF(columnX(end), baseline), closing);
        end += closing.size();
        const QString hidden = QLatin1Char(' ')
            + tr("(%n lines)", nullptr, int(std::min<qint64>(foldedEnd - number, 1'000'000'000)));
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(QPointF(columnX(end), baseline), hidden);
        end += hidden.size();
    }
    m_widestLine = std::max(m_widestLine, end);
}

void BodyView::keyPressEvent(QKeyEvent* event)
{
    if (!m_document)
        return QAbstractScrollArea::keyPressEvent(event);
    const bool extend = event->modifiers().testFlag(Qt::ShiftModifier);
    const bool control = event->modifiers().testFlag(Qt::ControlModifier);
    const qint64 row = m_folds.rowForLine(m_current);
    const qint64 page = std::max<qint64>(1, visibleRowCount() - 1);
    auto moveToRow = [&](qint64 target) {
        target = std::clamp<qint64>(target, 0, std::max<qint64>(0, rowCount() - 1));
        setCurrentLine(m_folds.lineForRow(target), extend);
    };
    if (event->matches(QKeySequence::Copy))
        return copy();
    if (event->matches(QKeySequence::Find))
        return Q_EMIT findRequested();
    if (event->matches(QKeySequence::SelectAll)) {
        m_anchor = 0;
        setCurrentLine(m_document->lineCount() - 1, true);
        return;
    }
    switch (event->key()) {
    case Qt::Key_Up:
        return moveToRow(row - 1);
    case Qt::Key_Down:
        return moveToRow(row + 1);
    case Qt::Key_PageUp:
        setTopRow(m_topRow - page);
        return moveToRow(row - page);
    case Qt::Key_PageDown:
        setTopRow(m_topRow + page);
        return moveToRow(row + page);
    case Qt::Key_Home:
        if (control)
            return moveToRow(0);
        horizontalScrollBar()->setValue(0);
        return;
    case Qt::Key_End:
        if (control)
            return moveToRow(rowCount() - 1);
        horizontalScrollBar()->setValue(horizontalScrollBar()->maximum());
        return;
    case Qt::Key_Left:
        if (control || !m_document->isComplete() || m_document->foldEnd(m_current) <= m_current
            || m_folds.isFolded(m_current)) {
            horizontalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepSub);
            return;
        }
        toggleFold(m_current);
        return;
    case Qt::Key_Right:
        if (m_folds.isFolded(m_current) && !control) {
            toggleFold(m_current);
            return;
        }
        horizontalScrollBar()->triggerAction(QAbstractSlider::SliderSingleStepAdd);
        return;
    case Qt::Key_L:
        if (control)
            return showGoToLine();
        break;
    case Qt::Key_Escape:
        if (m_goToBar->isVisible()) {
            m_goToBar->hide();
            layoutBars();
            return;
        }
        break;
    default:
        break;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

void BodyView::mousePressEvent(QMouseEvent* event)
{
    if (!m_document || event->button() == Qt::MiddleButton)
        return;
    const qint64 row = rowAt(event->position().toPoint().y());
    if (row >= rowCount())
        return;
    const qint64 line = m_folds.lineForRow(row);
    const int gutter = gutterWidth();
    const int x = event->position().toPoint().x();
    if (event->button() == Qt::LeftButton && x >= gutter - 2 * charWidth() && x < gutter && toggleFold(line))
        return;
    if (event->button() == Qt::RightButton && isSelected(line))
        return; // the context menu acts on the selection
    setCurrentLine(line, event->modifiers().testFlag(Qt::ShiftModifier));
}

void BodyView::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_document || !event->buttons().testFlag(Qt::LeftButton) || rowCount() == 0)
        return;
    const qint64 row = std::clamp<qint64>(rowAt(event->position().toPoint().y()), 0, rowCount() - 1);
    setCurrentLine(m_folds.lineForRow(row), true);
}

void BodyView::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    menu.addAction(tr("Copy"), QKeySequence::Copy, this, &BodyView::copy)->setEnabled(m_document != nullptr);
    QAction* value = menu.addAction(tr("Copy Value"), this, &BodyView::copyValue);
    // Enabled by the path, which is cheap: value() of the root line would copy the whole body.
    value->setEnabled(m_document && !currentPath().isEmpty());
    QAction* path = menu.addAction(tr("Copy JSON Path"), this, &BodyView::copyPath);
    path->setEnabled(!currentPath().isEmpty());
    menu.addSeparator();
    const bool foldable = m_document && m_document->isComplete();
    menu.addAction(tr("Fold All"), this, &BodyView::foldAll)->setEnabled(foldable);
    menu.addAction(tr("Unfold All"), this, &BodyView::unfoldAll)->setEnabled(!m_folds.isEmpty());
    menu.addSeparator();
    menu.addAction(tr("Find…"), QKeySequence::Find, this, &BodyView::findRequested);
    menu.addAction(tr("Go to Line…"), QKeySequence(Qt::CTRL | Qt::Key_L), this, &BodyView::showGoToLine);
    menu.exec(event->globalPos());
}

} // namespace Tokenscope::Ui
