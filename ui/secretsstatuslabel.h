#pragma once

#include <QLabel>

namespace Tokenscope::Secrets {
class SecretStore;
}

namespace Tokenscope::Ui {

class MessageBanner;

// Where secrets are kept, for the status bar ("Secrets: Secret Service"); while the keychain cannot be
// used, a warning in the banner says what that means and offers to try again.
class SecretsStatusLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretsStatusLabel)

public:
    // store and banner: not owned, outlive the label. Asks the store soon (not during start-up) whether
    // the keychain can be used.
    SecretsStatusLabel(Secrets::SecretStore* store, MessageBanner* banner, QWidget* parent = nullptr);

Q_SIGNALS:
    // For the status bar: a note shown for timeout ms.
    void statusMessage(const QString& text, int timeout);

private:
    void updateText();
    void warn(const QString& message);
    void availabilityChanged(bool available);

    Secrets::SecretStore* m_store;
    MessageBanner* m_banner;
    bool m_warned = false; // the banner shows the warning (once, however often the keychain refuses)
};

} // namespace Tokenscope::Ui
