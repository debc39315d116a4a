#pragma once

#include <QDateTime>
#include <QDialog>
#include <QTimer>
#include <QUrl>

#include <functional>

class QLabel;
class QPushButton;

namespace Tokenscope::Ui {

// Shows the user code of a device sign-in (RFC 8628 §3.3) while Tokenscope waits for it to be
// confirmed on another device: the code, big and copyable; where to enter it; how long it is valid.
// Not modal: the user may look things up in the main window meanwhile.
class DeviceCodeDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeviceCodeDialog)

public:
    using Clock = std::function<QDateTime()>;

    explicit DeviceCodeDialog(const QString& environmentName, QWidget* parent = nullptr);
    ~DeviceCodeDialog() override;

    void setClock(Clock clock);
    // The code has arrived: show it and start the countdown.
    void showCode(const QString& userCode, const QUrl& verificationUri, const QUrl& verificationUriComplete,
        const QDateTime& expiresAt);
    // The sign-in ended (either way): close without asking to cancel it.
    void finish();

    void reject() override;

Q_SIGNALS:
    // The user closed the dialog or pressed Cancel while the sign-in was still waiting.
    void cancelRequested();

private:
    void updateCountdown();
    void openVerificationPage();

    QLabel* m_statusLabel;
    QLabel* m_userCodeLabel;
    QPushButton* m_copyButton;
    QLabel* m_linkLabel;
    QPushButton* m_openButton;
    QLabel* m_countdownLabel;
    QTimer m_ticker;
    Clock m_clock;
    QUrl m_verificationUri;
    QUrl m_verificationUriComplete;
    QDateTime m_expiresAt;
    bool m_finished = false;
};

} // namespace Tokenscope::Ui
