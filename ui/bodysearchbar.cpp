#include "bodysearchbar.h"

#include "bodyview.h"
#include "palette.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QShortcut>
#include <QToolButton>

namespace Tokenscope::Ui {

namespace {

QToolButton* toolButton(QWidget* parent, const QString& text, const QString& toolTip, bool checkable)
{
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(toolTip);
    button->setAccessibleName(toolTip);
    button->setCheckable(checkable);
    button->setAutoRaise(true);
    return button;
}

} // namespace

BodySearchBar::BodySearchBar(BodyView* view)
    : QWidget(view)
    , m_view(view)
    , m_edit(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_regularExpression(toolButton(this, QStringLiteral(".*"), tr("Regular expression"), true))
    , m_caseSensitive(toolButton(this, QStringLiteral("Aa"), tr("Match case"), true))
{
    setObjectName(QStringLiteral("bodySearchBar"));
    m_edit->setObjectName(QStringLiteral("bodySearchEdit"));
    m_edit->setPlaceholderText(tr("Find in body"));
    m_edit->setAccessibleName(tr("Find in body"));
    m_edit->setClearButtonEnabled(true);
    m_count->setObjectName(QStringLiteral("bodySearchCountLabel"));
    m_regularExpression->setObjectName(QStringLiteral("bodySearchRegexButton"));
    m_caseSensitive->setObjectName(QStringLiteral("bodySearchCaseButton"));
    auto* previousButton = toolButton(this, QStringLiteral("↑"), tr("Previous match (Shift+Enter)"), false);
    auto* nextButton = toolButton(this, QStringLiteral("↓"), tr("Next match (Enter)"), false);
    auto* closeButton = toolButton(this, QStringLiteral("✕"), tr("Close"), false);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_regularExpression);
    layout->addWidget(m_caseSensitive);
    layout->addWidget(m_count);
    layout->addWidget(previousButton);
    layout->addWidget(nextButton);
    layout->addWidget(closeButton);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(200);
    connect(&m_debounce, &QTimer::timeout, this, &BodySearchBar::search);
    connect(m_edit, &QLineEdit::textEdited, this, [this] { m_debounce.start(); });
    connect(m_regularExpression, &QToolButton::toggled, this, &BodySearchBar::search);
    connect(m_caseSensitive, &QToolButton::toggled, this, &BodySearchBar::search);
    connect(previousButton, &QToolButton::clicked, this, &BodySearchBar::previous);
    connect(nextButton, &QToolButton::clicked, this, &BodySearchBar::next);
    connect(closeButton, &QToolButton::clicked, this, &BodySearchBar::close);
    connect(&m_search, &Body::BodySearch::finished, this, &BodySearchBar::showResult);
    connect(view, &BodyView::findRequested, this, &BodySearchBar::open);
    // F3 anywhere in the view, as in editors.
    auto* findNext
        = new QShortcut(QKeySequence::FindNext, view, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(findNext, &QShortcut::activated, this, &BodySearchBar::next);
    auto* findPrevious
        = new QShortcut(QKeySequence::FindPrevious, view, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(findPrevious, &QShortcut::activated, this, &BodySearchBar::previous);
    hide();
    view->setTopBar(this);
}

BodySearchBar::~BodySearchBar() = default;

void BodySearchBar::setBuffer(std::shared_ptr<const Body::BodyBuffer> buffer)
{
    m_buffer = std::move(buffer);
    m_search.cancel();
    m_result = {};
    m_current = -1;
    m_count->clear();
    if (isVisible() && !m_edit->text().isEmpty())
        search();
}

void BodySearchBar::open()
{
    QWidget::show();
    m_view->setTopBar(this);
    m_edit->setFocus();
    m_edit->selectAll();
}

void BodySearchBar::close()
{
    m_search.cancel();
    hide();
    m_view->setMatches({}, -1);
    m_view->setTopBar(this);
    m_view->setFocus();
}

void BodySearchBar::setPattern(const QString& pattern)
{
    m_edit->setText(pattern);
    search();
}

void BodySearchBar::setRegularExpression(bool on)
{
    m_regularExpression->setChecked(on);
}

void BodySearchBar::setCaseSensitive(bool on)
{
    m_caseSensitive->setChecked(on);
}

void BodySearchBar::search()
{
    m_debounce.stop();
    m_result = {};
    m_current = -1;
    if (!m_buffer || m_edit->text().isEmpty()) {
        m_search.cancel();
        m_count->clear();
        m_view->setMatches({}, -1);
        return;
    }
    m_count->setText(tr("Searching…"));
    m_search.start(
        m_buffer, {m_edit->text(), m_regularExpression->isChecked(), m_caseSensitive->isChecked(), 100'000});
}

void BodySearchBar::showResult(const Body::SearchResult& result)
{
    m_result = result;
    if (!result.error.isEmpty()) {
        m_count->setText(QStringLiteral("<span style=\"color:%1\">%2</span>")
                             .arg(Palette::error, result.error.toHtmlEscaped()));
        m_view->setMatches({}, -1);
        Q_EMIT searched();
        return;
    }
    // The first match at or after the current line: searching does not throw the reader back to the top.
    qsizetype first = 0;
    if (Body::LineDocument* document = m_view->document()) {
        const qint64 from = document->line(m_view->currentLine()).sourceOffset;
        const auto found = std::lower_bound(result.matches.begin(), result.matches.end(), from,
            [](const Body::SearchMatch& match, qint64 offset) { return match.offset < offset; });
        first = found == result.matches.end() ? 0 : qsizetype(found - result.matches.begin());
    }
    select(result.matches.empty() ? -1 : first);
    Q_EMIT searched();
}

void BodySearchBar::select(qsizetype index)
{
    m_current = index;
    std::vector<BodyView::Match> matches;
    matches.reserve(m_result.matches.size());
    for (const Body::SearchMatch& match : m_result.matches)
        matches.push_back({match.offset, match.length});
    m_view->setMatches(std::move(matches), index);
    m_count->setText(countText());
}

QString BodySearchBar::countText() const
{
    const QLocale locale;
    if (m_result.matches.empty())
        return m_edit->text().isEmpty() ? QString() : tr("No matches");
    if (m_result.more)
        return tr("%1 of more than %2")
            .arg(locale.toString(m_current + 1), locale.toString(qsizetype(m_result.matches.size())));
    return tr("%1 of %2")
        .arg(locale.toString(m_current + 1), locale.toString(qsizetype(m_result.matches.size())));
}

void BodySearchBar::next()
{
    if (m_result.matches.empty())
        return;
    select((m_current + 1) % matchCount());
}

void BodySearchBar::previous()
{
    if (m_result.matches.empty())
        return;
    select((m_current - 1 + matchCount()) % matchCount());
}

void BodySearchBar::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_debounce.isActive() || (m_result.matches.empty() && !m_search.isRunning())) {
            search();
            return;
        }
        if (event->modifiers().testFlag(Qt::ShiftModifier))
            previous();
        else
            next();
        return;
    case Qt::Key_Escape:
        close();
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

} // namespace Tokenscope::Ui
