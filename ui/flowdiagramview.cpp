#include "flowdiagramview.h"

#include "flowlog.h"
#include "flowlogmodel.h"
#include "palette.h"

#include <QAccessible>
#include <QHelpEvent>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>

#include <array>

namespace Tokenscope::Ui {

using Http::FlowEvent;
using OAuth::FlowParty;

namespace {

constexpr std::array parties {FlowParty::User, FlowParty::Tokenscope, FlowParty::Browser,
    FlowParty::AuthorizationServer, FlowParty::Api};

} // namespace

FlowDiagramView::FlowDiagramView(QWidget* parent)
    : QAbstractScrollArea(parent)
{
    setObjectName(QStringLiteral("flowDiagramView"));
    setAccessibleName(tr("Sequence diagram of the exchanges"));
    setFocusPolicy(Qt::StrongFocus);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
}

void FlowDiagramView::setModel(FlowLogModel* model, QItemSelectionModel* selection)
{
    m_model = model;
    m_selection = selection;
    connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex&, int first) {
        relayout(first);
        // Follows the newest exchange only when the user was looking at the newest already.
        QScrollBar* bar = verticalScrollBar();
        const bool atBottom = bar->value() >= bar->maximum();
        updateScrollRange();
        if (atBottom)
            bar->setValue(bar->maximum());
        viewport()->update();
    });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        relayout(0);
        updateScrollRange();
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
        viewport()->update();
    });
    connect(model, &QAbstractItemModel::dataChanged, viewport(), qOverload<>(&QWidget::update));
    connect(selection, &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) { currentChanged(current.row()); });
    relayout(0);
    updateScrollRange();
}

void FlowDiagramView::relayout(int from)
{
    // Rows are only appended or all replaced, so the slots before from stay as they are.
    from = std::clamp(from, 0, int(m_slots.size()));
    const auto slotsOf = [this](int row) {
        const FlowEvent* event = m_model->event(row);
        return event && event->kind == FlowEvent::Kind::AuthorizationRequest ? 2 : 1;
    };
    m_slots.resize(from);
    m_slotCount = from > 0 ? m_slots.at(from - 1) + slotsOf(from - 1) : 0;
    for (int row = from; row < rowCount(); ++row) {
        m_slots.append(m_slotCount);
        m_slotCount += slotsOf(row);
    }
}

int FlowDiagramView::slotOf(int row) const
{
    // Rows not laid out yet (the model is ahead of its signal) follow the last one.
    return row < m_slots.size() ? m_slots.at(row) : m_slotCount + row - int(m_slots.size());
}

int FlowDiagramView::rowCount() const
{
    return m_model ? m_model->rowCount() : 0;
}

int FlowDiagramView::rowHeight() const
{
    return fontMetrics().height() * 2 + 10;
}

int FlowDiagramView::headerHeight() const
{
    return fontMetrics().height() + 16;
}

int FlowDiagramView::gutterWidth() const
{
    return fontMetrics().horizontalAdvance(QStringLiteral("00:00:00.000")) + 16;
}

qreal FlowDiagramView::laneX(FlowParty party) const
{
    const qreal width = viewport()->width() - gutterWidth();
    return gutterWidth() + width * (qreal(int(party)) + 0.5) / qreal(parties.size());
}

QRect FlowDiagramView::rowRect(int row) const
{
    return {0, headerHeight() + slotOf(row) * rowHeight() - verticalScrollBar()->value(), viewport()->width(),
        rowHeight()};
}

QRect FlowDiagramView::signInRect(int row) const
{
    return rowRect(row).translated(0, rowHeight());
}

int FlowDiagramView::rowAt(int y) const
{
    if (y < headerHeight())
        return -1;
    const int slot = (y - headerHeight() + verticalScrollBar()->value()) / rowHeight();
    if (slot >= m_slotCount)
        return -1;
    // A sign-in's slot belongs to its authorization request.
    return int(std::upper_bound(m_slots.cbegin(), m_slots.cend(), slot) - m_slots.cbegin()) - 1;
}

void FlowDiagramView::updateScrollRange()
{
    const int visible = std::max(0, viewport()->height() - headerHeight());
    QScrollBar* bar = verticalScrollBar();
    bar->setRange(0, std::max(0, m_slotCount * rowHeight() - visible));
    bar->setPageStep(visible);
    bar->setSingleStep(rowHeight());
}

void FlowDiagramView::scrollToRow(int row)
{
    if (row < 0)
        return;
    const QRect rect = rowRect(row);
    QScrollBar* bar = verticalScrollBar();
    if (rect.top() < headerHeight())
        bar->setValue(bar->value() - (headerHeight() - rect.top()));
    else if (rect.top() + rect.height() > viewport()->height())
        bar->setValue(bar->value() + rect.top() + rect.height() - viewport()->height());
}

FlowDiagramView::Arrow FlowDiagramView::arrow(int row) const
{
    Arrow result;
    const FlowEvent* event = m_model ? m_model->event(row) : nullptr;
    if (!event)
        return result;
    const FlowParty party = m_model->counterpart(row);
    result.label = OAuth::arrowLabel(*event);
    result.failed = event->kind == FlowEvent::Kind::Failure || event->status >= 400;
    switch (event->kind) {
    case FlowEvent::Kind::AuthorizationRequest:
        result = {FlowParty::Tokenscope, FlowParty::Browser, party, result.label, false, result.failed};
        break;
    case FlowEvent::Kind::RedirectReceived:
        result = {
            FlowParty::AuthorizationServer, party, FlowParty::Tokenscope, result.label, true, result.failed};
        break;
    case FlowEvent::Kind::HttpRequest:
        result.to = party;
        break;
    case FlowEvent::Kind::HttpResponse:
    case FlowEvent::Kind::Failure:
        result.from = party;
        result.via = party;
        result.answer = party != FlowParty::Tokenscope;
        break;
    case FlowEvent::Kind::Note:
        break;
    }
    return result;
}

FlowDiagramView::Arrow FlowDiagramView::signIn(int row) const
{
    Arrow result;
    const FlowEvent* request = m_model ? m_model->event(row) : nullptr;
    if (!request || request->kind != FlowEvent::Kind::AuthorizationRequest)
        return result;
    // Not an exchange of its own: nothing records what the user does at the provider, so it is read off
    // the authorization request and the event that ended it (the redirect, or a failure).
    OAuth::SignInStep step;
    for (int later = row + 1; later < rowCount(); ++later) {
        if (const auto end = OAuth::signInEndedBy(*request, *m_model->event(later))) {
            step = *end;
            break;
        }
    }
    result.from = FlowParty::User;
    result.via = FlowParty::User;
    result.to = FlowParty::Browser;
    result.label = OAuth::signInLabel(step);
    result.failed = step.state == OAuth::SignInStep::State::NotFinished;
    return result;
}

QString FlowDiagramView::partyName(FlowParty party)
{
    switch (party) {
    case FlowParty::User:
        return tr("User");
    case FlowParty::Tokenscope:
        return tr("Tokenscope");
    case FlowParty::Browser:
        return tr("Browser");
    case FlowParty::AuthorizationServer:
        return tr("Authorization server");
    case FlowParty::Api:
        return tr("API");
    }
    return {};
}

QString FlowDiagramView::describe(int row) const
{
    const FlowEvent* event = m_model ? m_model->event(row) : nullptr;
    if (!event)
        return {};
    const Arrow shown = arrow(row);
    const QString time = event->timestamp.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    if (shown.from == shown.to)
        return shown.failed ? tr("Failure at %1: %2").arg(time, shown.label)
                            : tr("Note at %1: %2").arg(time, shown.label);
    if (shown.via != shown.from && shown.via != shown.to) {
        const QString exchange
            = tr("From %1 through %2 to %3 at %4: %5")
                  .arg(partyName(shown.from), partyName(shown.via), partyName(shown.to), time, shown.label);
        const QString user = signIn(row).label;
        return user.isEmpty() ? exchange : tr("%1. Then in the browser: %2").arg(exchange, user);
    }
    return tr("From %1 to %2 at %3: %4").arg(partyName(shown.from), partyName(shown.to), time, shown.label);
}

void FlowDiagramView::paintHeader(QPainter& painter) const
{
    const int height = headerHeight();
    painter.fillRect(QRect(0, 0, viewport()->width(), height), palette().color(QPalette::Window));
    const qreal spacing = (viewport()->width() - gutterWidth()) / qreal(parties.size());
    const QFontMetrics metrics = fontMetrics();
    for (FlowParty party : parties) {
        const QString name = partyName(party);
        const qreal width = std::min(spacing - 8, qreal(metrics.horizontalAdvance(name) + 20));
        const QRectF box(laneX(party) - width / 2, 4, width, height - 8);
        painter.setPen(palette().color(QPalette::Mid));
        painter.setBrush(palette().color(QPalette::Button));
        painter.drawRoundedRect(box, 4, 4);
        painter.setPen(palette().color(QPalette::ButtonText));
        painter.drawText(box, Qt::AlignCenter, metrics.elidedText(name, Qt::ElideRight, int(width) - 6));
    }
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawLine(0, height - 1, viewport()->width(), height - 1);
}

void FlowDiagramView::paintRow(QPainter& painter, int row, const QRect& rect, bool selected) const
{
    const FlowEvent* event = m_model->event(row);
    const Arrow shown = arrow(row);
    const QFontMetrics metrics = fontMetrics();
    if (selected) {
        QColor highlight = palette().color(QPalette::Highlight);
        highlight.setAlpha(60);
        painter.fillRect(rect, highlight);
    }
    // Dark palettes need a lighter red to stay readable.
    QColor error(Palette::error);
    if (palette().color(QPalette::Base).lightness() < 128)
        error = error.lighter(160);
    const QColor ink = shown.failed ? error : palette().color(QPalette::Text);

    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(QRect(rect.left() + 6, rect.top(), gutterWidth() - 8, rect.height()),
        Qt::AlignLeft | Qt::AlignVCenter,
        event->timestamp.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz")));

    if (shown.from == shown.to) {
        // A note or failure of Tokenscope's own: a box on its lifeline, as far as the text needs.
        const qreal left = laneX(FlowParty::Tokenscope) + 8;
        const qreal room = rect.right() - 8 - left;
        // Elided once, and the box made to fit what is left: measuring twice may round differently.
        const QString text = metrics.elidedText(shown.label, Qt::ElideRight, int(room) - 24);
        const QRectF box(left, rect.center().y() - metrics.height() / 2.0 - 4,
            metrics.horizontalAdvance(text) + 24, metrics.height() + 8);
        painter.setPen(QPen(shown.failed ? error : palette().color(QPalette::Mid), 1));
        painter.setBrush(palette().color(QPalette::AlternateBase));
        painter.drawRoundedRect(box, 3, 3);
        painter.setPen(ink);
        painter.drawText(box.adjusted(8, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, text);
        return;
    }

    const qreal y = rect.top() + rect.height() * 0.68;
    const qreal x1 = laneX(shown.from);
    const qreal x2 = laneX(shown.to);
    QPen pen(ink, 1.5);
    if (shown.answer)
        pen.setStyle(Qt::DashLine);
    painter.setPen(pen);
    painter.drawLine(QPointF(x1, y), QPointF(x2, y));
    const qreal direction = x2 > x1 ? 1 : -1;
    QPainterPath head;
    head.moveTo(x2, y);
    head.lineTo(x2 - direction * 9, y - 4.5);
    head.lineTo(x2 - direction * 9, y + 4.5);
    head.closeSubpath();
    painter.fillPath(head, ink);
    if (shown.via != shown.from && shown.via != shown.to) {
        painter.setBrush(ink);
        painter.setPen(Qt::NoPen);
        painter.drawEllipse(QPointF(laneX(shown.via), y), 3, 3);
    }
    const QRectF label(std::min(x1, x2) + 6, rect.top() + 3, std::abs(x2 - x1) - 12, y - rect.top() - 5);
    painter.setPen(ink);
    painter.drawText(label, Qt::AlignHCenter | Qt::AlignBottom,
        metrics.elidedText(shown.label, Qt::ElideMiddle, int(label.width())));
}

void FlowDiagramView::paintSignIn(QPainter& painter, int row, const QRect& rect) const
{
    const Arrow shown = signIn(row);
    if (shown.label.isEmpty())
        return;
    // Drawn lighter than the exchanges and without a time: it is read off two of them.
    QColor ink = palette().color(QPalette::PlaceholderText);
    if (shown.failed) {
        ink = Palette::error;
        if (palette().color(QPalette::Base).lightness() < 128)
            ink = ink.lighter(160);
    }
    const qreal y = rect.top() + rect.height() * 0.68;
    const qreal x1 = laneX(shown.from);
    const qreal x2 = laneX(shown.to);
    painter.setPen(QPen(ink, 1.2, Qt::DotLine));
    painter.drawLine(QPointF(x1, y), QPointF(x2, y));
    QPainterPath head;
    head.moveTo(x2, y);
    head.lineTo(x2 - 9, y - 4.5);
    head.lineTo(x2 - 9, y + 4.5);
    head.closeSubpath();
    painter.fillPath(head, ink);
    QFont italic = font();
    italic.setItalic(true);
    painter.setFont(italic);
    const QRectF label(x1 + 6, rect.top() + 3, x2 - x1 - 12, y - rect.top() - 5);
    painter.setPen(ink);
    painter.drawText(label, Qt::AlignHCenter | Qt::AlignBottom,
        QFontMetrics(italic).elidedText(shown.label, Qt::ElideRight, int(label.width())));
    painter.setFont(font());
}

void FlowDiagramView::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(viewport());
    painter.setRenderHint(QPainter::Antialiasing);
    const int height = viewport()->height();
    // Lifelines first, under the arrows.
    painter.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DashLine));
    for (FlowParty party : parties)
        painter.drawLine(QPointF(laneX(party), headerHeight()), QPointF(laneX(party), height));

    if (m_model) {
        // Only the rows in view: the log may hold thousands.
        const int scroll = verticalScrollBar()->value();
        const int firstSlot = scroll / rowHeight();
        const int lastSlot = (scroll + height) / rowHeight() + 1;
        const int first = std::max(
            0, int(std::upper_bound(m_slots.cbegin(), m_slots.cend(), firstSlot) - m_slots.cbegin()) - 1);
        const int current = m_selection ? m_selection->currentIndex().row() : -1;
        const int partner = m_model->partnerRow(current);
        painter.setClipRect(QRect(0, headerHeight(), viewport()->width(), height - headerHeight()));
        for (int row = first; row < m_slots.size() && m_slots.at(row) <= lastSlot; ++row) {
            paintRow(painter, row, rowRect(row), current >= 0 && (row == current || row == partner));
            paintSignIn(painter, row, signInRect(row));
        }
        painter.setClipping(false);
    }
    paintHeader(painter);
}

void FlowDiagramView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollRange();
}

void FlowDiagramView::changeEvent(QEvent* event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) {
        updateScrollRange();
        viewport()->update();
    }
}

bool FlowDiagramView::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const int row = rowAt(help->pos().y());
        if (row >= 0)
            QToolTip::showText(help->globalPos(), describe(row), viewport());
        else
            QToolTip::hideText();
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void FlowDiagramView::mousePressEvent(QMouseEvent* event)
{
    const int row = rowAt(event->position().toPoint().y());
    if (row >= 0 && event->button() == Qt::LeftButton)
        select(row);
    QAbstractScrollArea::mousePressEvent(event);
}

void FlowDiagramView::keyPressEvent(QKeyEvent* event)
{
    const int count = rowCount();
    const int current = m_selection ? m_selection->currentIndex().row() : -1;
    const int page = std::max(1, (viewport()->height() - headerHeight()) / rowHeight());
    int target = -1;
    switch (event->key()) {
    case Qt::Key_Up:
        target = current < 0 ? count - 1 : current - 1;
        break;
    case Qt::Key_Down:
        target = current + 1;
        break;
    case Qt::Key_PageUp:
        target = std::max(0, current - page);
        break;
    case Qt::Key_PageDown:
        target = std::min(count - 1, current + page);
        break;
    case Qt::Key_Home:
        target = 0;
        break;
    case Qt::Key_End:
        target = count - 1;
        break;
    default:
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    if (target >= 0 && target < count)
        select(target);
    event->accept();
}

void FlowDiagramView::select(int row)
{
    if (m_model && m_selection)
        m_selection->setCurrentIndex(
            m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void FlowDiagramView::currentChanged(int row)
{
    // Its request or answer too, when both fit.
    if (const int partner = m_model ? m_model->partnerRow(row) : -1; partner >= 0
        && std::abs(slotOf(partner) - slotOf(row)) * rowHeight()
            < viewport()->height() - headerHeight() - rowHeight())
        scrollToRow(partner);
    scrollToRow(row);
    setAccessibleDescription(describe(row));
    QAccessibleEvent changed(this, QAccessible::DescriptionChanged);
    QAccessible::updateAccessibility(&changed);
    viewport()->update();
}

} // namespace Tokenscope::Ui
