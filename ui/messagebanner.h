#pragma once

#include <QFrame>

#include <functional>
#include <optional>

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
    // What a message is about: the selected environment (it goes with the environment when another is
    // selected), or the whole application (the keychain, the workspace file), which stays.
    enum class Scope { Environment, Application };
    // A message as shown, to put away while another environment is selected and show again later.
    struct State
    {
        Level level = Level::Information;
        Scope scope = Scope::Environment;
        QString title;
        QString detail;
        QString actionText;
        std::function<void()> action;
        QString secondaryActionText;
        std::function<void()> secondaryAction;
        bool closable = true;
    };

    explicit MessageBanner(QWidget* parent = nullptr);

    // Replaces the message; any action of the previous one goes with it.
    void showMessage(
        Level level, const QString& title, const QString& detail = {}, Scope scope = Scope::Environment);
    // A button on the current message ("Try Again").
    void setAction(const QString& text, std::function<void()> action);
    // A second button, before the first ("Copy Sign-in Link" beside "Cancel Sign-in").
    void setSecondaryAction(const QString& text, std::function<void()> action);
    // Without the dismiss button: a message that lasts as long as what it describes (a sign-in that
    // waits), and goes only when replaced.
    void setClosable(bool closable);
    QString text() const;
    // The message on screen; none when the banner is hidden.
    std::optional<State> state() const;
    // Shows state, or hides the banner for none.
    void restore(const std::optional<State>& state);

private:
    QLabel* m_label;
    QToolButton* m_close;
    QPushButton* m_action;
    QPushButton* m_secondaryAction;
    State m_state;
};

} // namespace Tokenscope::Ui
