#pragma once

#include "environment.h"

#include <QDialog>

#include <functional>
#include <memory>
#include <optional>

namespace Tokenscope::Http {
class NetworkClient;
}
namespace Tokenscope::OAuth {
class Discovery;
struct DiscoveryOutcome;
enum class ConfigField;
} // namespace Tokenscope::OAuth

namespace Tokenscope::Ui {

class ClientCredentialField;
class Ui_EnvironmentDialog;
class VariableTableModel;

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
    // The keychain refused the stored credential: it is held in memory for this session only.
    void setClientSecretRefused();

    // Asks for the PEM file behind "Import…"; a QFileDialog unless a test answers instead. Empty: cancelled.
    using KeyFileChooser = std::function<QString(QWidget* parent)>;
    void setKeyFileChooser(KeyFileChooser chooser);

    void accept() override;

private:
    void addChoices();
    void setUpVariables(const QList<Http::Variable>& variables);
    // The editor of a field a validation problem names.
    QWidget* fieldWidget(OAuth::ConfigField field) const;
    void updateAdvancedState();
    void setAdvancedVisible(bool visible);
    OAuth::ClientAuthentication currentAuthentication() const;
    void updateSignInState();
    void updateGrantState();
    void discover();
    void applyDiscovery(const OAuth::DiscoveryOutcome& outcome);
    // The fields Discover fills in: issuer, endpoints, iss requirement, PAR, PKCE and client authentication.
    void showProviderSettings(const OAuth::ClientConfig& config);
    void showDiscoveryStatus(const QString& text, bool success);

    std::unique_ptr<Ui_EnvironmentDialog> m_ui;
    VariableTableModel* m_variables = nullptr;
    ClientCredentialField* m_credential = nullptr;
    Workspace::Environment m_original;
    bool m_pkceChosen = false; // the user picked a PKCE method here: Discover leaves it alone
    OAuth::Discovery* m_discovery = nullptr; // owned; its answers come to this dialog only
    QString m_declaredIssuer; // after an issuer mismatch: the issuer the provider's metadata names
};

} // namespace Tokenscope::Ui
