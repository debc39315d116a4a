#pragma once

#include <QFrame>

class QLabel;
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

    void showMessage(Level level, const QString& title, const QString& detail = {});
    QString text() const;

private:
    QLabel* m_label;
    QToolButton* m_close;
};

} // namespace Tokenscope::Ui
