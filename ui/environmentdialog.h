#pragma once

#include "environment.h"

#include <QDialog>

#include <functional>
#include <memory>
#include <optional>

class QStandardItemModel;

namespace Tokenscope::Http {
class NetworkClient;
}
namespace Tokenscope::OAuth {
class Discovery;
struct DiscoveryOutcome;
} // namespace Tokenscope::OAuth

namespace Tokenscope::Ui {

class Ui_EnvironmentDialog;

// Edits one environment: its OAuth client and its variables. The client secret field is write-only:
// what is typed goes to the keychain; the stored secret is never read back into the form. With a network
// client, "Discover" fills the endpoints and the JWKS URI from the provider's metadata.
class EnvironmentDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentDialog)

public:
    // network: the path for discovery (not owned); without one the Discover button is hidden.
    EnvironmentDialog(const Workspace::Environment& environment, bool hasStoredSecret,
        Http::NetworkClient* network = nullptr, QWidget* parent = nullptr);
    ~EnvironmentDialog() override;

    Workspace::Environment environment() const;
    // A new secret to store, an empty string to delete the stored one, or nothing to keep it. With
    // private_key_jwt the environment's credential is the imported PEM private key (same keychain slot).
    std::optional<QString> clientSecret() const;

    // Asks for the PEM file behind "Import…"; a QFileDialog unless a test answers instead. Empty: cancelled.
    using KeyFileChooser = std::function<QString(QWidget* parent)>;
    void setKeyFileChooser(KeyFileChooser chooser) { m_chooseKeyFile = std::move(chooser); }

    void accept() override;

private:
    QString validate() const;
    QString validateCommon(const Workspace::Environment& edited) const;
    void updateSecretState();
    void updateAdvancedState();
    void setAdvancedVisible(bool visible);
    void importKey();
    OAuth::ClientAuthentication currentAuthentication() const;
    void updateSignInState();
    void updateGrantState();
    void appendVariable(const Http::Variable& variable);
    void discover();
    void applyDiscovery(const OAuth::DiscoveryOutcome& outcome);
    void showDiscoveryStatus(const QString& text, bool success);

    std::unique_ptr<Ui_EnvironmentDialog> m_ui;
    QStandardItemModel* m_variables;
    Workspace::Environment m_original;
    bool m_hasStoredSecret;
    bool m_secretEdited = false;
    QString m_importedKey; // a PEM private key read by Import…, not yet in the keychain
    QString m_importedKeySummary; // "RS256 key from client.pem", for the field's placeholder
    bool m_pkceChosen = false; // the user picked a PKCE method here: Discover leaves it alone
    KeyFileChooser m_chooseKeyFile;
    OAuth::Discovery* m_discovery = nullptr; // owned; its answers come to this dialog only
    QString m_declaredIssuer; // after an issuer mismatch: the issuer the provider's metadata names
};

} // namespace Tokenscope::Ui
