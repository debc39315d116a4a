#pragma once

#include "clientconfig.h"

#include <QObject>

#include <functional>
#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QWidget;

namespace Tokenscope::OAuth {
struct ConfigContext;
}

namespace Tokenscope::Ui {

// The client's credential in the environment editor: a write-only client secret (what is typed goes to
// the keychain; the stored one is never read back), or for private_key_jwt a PEM private key that only
// Import… sets. Both take the same keychain slot, so switching between them needs the new credential.
class ClientCredentialField final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClientCredentialField)

public:
    struct Widgets
    {
        QLabel* label;
        QLineEdit* secret;
        QCheckBox* showSecret;
        QPushButton* importKey;
        QLineEdit* keyId; // the assertion's "kid", only for private_key_jwt
    };
    // Asks for the PEM file behind Import…; empty: cancelled.
    using KeyFileChooser = std::function<QString(QWidget* parent)>;

    // stored: the keychain holds a credential, saved for the method storedFor. dialog: parent of the
    // file dialog, and of this object.
    ClientCredentialField(
        const Widgets& widgets, bool stored, OAuth::ClientAuthentication storedFor, QWidget* dialog);

    void setKeyFileChooser(KeyFileChooser chooser) { m_chooseKeyFile = std::move(chooser); }
    // Shows what the method needs: a secret, a key, or nothing (a public client).
    void setMethod(OAuth::ClientAuthentication method);
    // A new credential to store for method, an empty string to delete the stored one, or nothing to
    // keep it.
    std::optional<QString> credential(OAuth::ClientAuthentication method) const;
    // What the keychain holds and what was entered, for validation.
    void describe(OAuth::ConfigContext* context) const;
    // The keychain refused the stored credential: the session holds it in memory only, and the field
    // says so instead of calling it stored.
    void setRefusedByKeychain();

Q_SIGNALS:
    // Import… failed: why, in a sentence. An empty text: a key was imported.
    void importProblem(const QString& problem);

private:
    void importKey();

    Widgets m_widgets;
    QWidget* m_dialog;
    bool m_stored;
    OAuth::ClientAuthentication m_storedFor;
    OAuth::ClientAuthentication m_method = OAuth::ClientAuthentication::ClientSecretBasic;
    bool m_secretEdited = false;
    bool m_refused = false; // the keychain refused it: held in memory for this session only
    QString m_importedKey; // a PEM private key read by Import…, not yet in the keychain
    QString m_importedKeySummary; // "RS256 key from client.pem", for the field's placeholder
    KeyFileChooser m_chooseKeyFile;
};

} // namespace Tokenscope::Ui
