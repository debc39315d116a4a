#pragma once

#include <QFrame>

#include <functional>

class QLabel;
class QPushButton;
class QToolButton;

namespace Tokenscope::Ui {

// An inline, non-modal message above the work area (KMessageWidget style): a problem is stated
// where the user looks, without a dialog in the way, until dismissed.
class MessageBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageBanner)

public:
    enum class Level { Information, Warning, Error };

    explicit MessageBanner(QWidget* parent = nullptr);

    // Replaces the message; any action of the previous one goes with it.
    void showMessage(Level level, const QString& title, const QString& detail = {});
    // A button on the current message ("Try Again").
    void setAction(const QString& text, std::function<void()> action);
    QString text() const;

private:
    QLabel* m_label;
    QToolButton* m_close;
    QPushButton* m_action;
    std::function<void()> m_callback;
};

} // namespace Tokenscope::Ui
