#pragma once

#include "workspace/environment.h"

#include <QDialog>

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
    // A new secret to store, an empty string to delete the stored one, or nothing to keep it.
    std::optional<QString> clientSecret() const;

    void accept() override;

private:
    QString validate() const;
    QString validateCommon(const Workspace::Environment& edited) const;
    void updateSecretState();
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
    OAuth::Discovery* m_discovery = nullptr; // owned; its answers come to this dialog only
    QString m_declaredIssuer; // after an issuer mismatch: the issuer the provider's metadata names
};

} // namespace Tokenscope::Ui
