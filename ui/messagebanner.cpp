#include "messagebanner.h"

#include "palette.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace Tokenscope::Ui {

MessageBanner::MessageBanner(QWidget* parent)
    : QFrame(parent)
    , m_label(new QLabel(this))
    , m_close(new QToolButton(this))
    , m_action(new QPushButton(this))
    , m_secondaryAction(new QPushButton(this))
{
    m_secondaryAction->setObjectName(QStringLiteral("messageBannerSecondaryActionButton"));
    m_secondaryAction->hide();
    connect(m_secondaryAction, &QPushButton::clicked, this, [this] {
        if (const auto action = m_state.secondaryAction)
            action();
    });
    m_action->setObjectName(QStringLiteral("messageBannerActionButton"));
    m_action->hide();
    connect(m_action, &QPushButton::clicked, this, [this] {
        // A copy: the action may replace the message, and with it this function.
        if (const auto action = m_state.action)
            action();
    });
    setObjectName(QStringLiteral("messageBanner"));
    m_label->setObjectName(QStringLiteral("messageBannerLabel"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setObjectName(QStringLiteral("messageBannerCloseButton"));
    m_close->setAutoRaise(true);
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setToolTip(tr("Dismiss"));
    m_close->setAccessibleName(tr("Dismiss message"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_secondaryAction, 0, Qt::AlignVCenter);
    layout->addWidget(m_action, 0, Qt::AlignVCenter);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
    setAccessibleName(tr("Message"));
    hide();
}

void MessageBanner::showMessage(Level level, const QString& title, const QString& detail, Scope scope)
{
    m_state = {level, scope, title, detail, {}, {}, {}, {}, true};
    static constexpr QLatin1String backgrounds[]
        = {Palette::informationBackground, Palette::warningBackground, Palette::errorBackground};
    static constexpr QLatin1String borders[] = {Palette::information, Palette::warning, Palette::error};
    const int i = int(level);
    setStyleSheet(
        QStringLiteral("#messageBanner { background: %1; border: 1px solid %2; border-radius: 4px; }"
                       " #messageBanner QLabel { color: %3; }")
            .arg(backgrounds[i], borders[i], Palette::bannerText));
    QString html = QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped());
    if (!detail.isEmpty())
        html += QStringLiteral("<br>")
            + detail.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    m_label->setText(html);
    m_action->hide();
    m_secondaryAction->hide();
    m_close->show();
    show();
}

void MessageBanner::setAction(const QString& text, std::function<void()> action)
{
    m_action->setText(text);
    m_state.actionText = text;
    m_state.action = std::move(action);
    m_action->show();
}

void MessageBanner::setSecondaryAction(const QString& text, std::function<void()> action)
{
    m_secondaryAction->setText(text);
    m_state.secondaryActionText = text;
    m_state.secondaryAction = std::move(action);
    m_secondaryAction->show();
}

void MessageBanner::setClosable(bool closable)
{
    m_state.closable = closable;
    m_close->setVisible(closable);
}

std::optional<MessageBanner::State> MessageBanner::state() const
{
    if (isHidden())
        return std::nullopt;
    return m_state;
}

void MessageBanner::restore(const std::optional<State>& state)
{
    if (!state) {
        hide();
        return;
    }
    showMessage(state->level, state->title, state->detail, state->scope);
    if (state->action)
        setAction(state->actionText, state->action);
    if (state->secondaryAction)
        setSecondaryAction(state->secondaryActionText, state->secondaryAction);
    setClosable(state->closable);
}

QString MessageBanner::text() const
{
    return m_label->text();
}

} // namespace Tokenscope::Ui
