#pragma once

#include "workspace/environment.h"

#include <QDialog>

#include <memory>
#include <optional>

class QStandardItemModel;

namespace Tokenscope::Ui {

class Ui_EnvironmentDialog;

// Edits one environment: its OAuth client and its variables. The client secret field is write-only:
// what is typed goes to the keychain; the stored secret is never read back into the form.
class EnvironmentDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentDialog)

public:
    EnvironmentDialog(
        const Workspace::Environment& environment, bool hasStoredSecret, QWidget* parent = nullptr);
    ~EnvironmentDialog() override;

    Workspace::Environment environment() const;
    // A new secret to store, an empty string to delete the stored one, or nothing to keep it.
    std::optional<QString> clientSecret() const;

    void accept() override;

private:
    QString validate() const;
    void updateSecretState();
    void updateSignInState();
    void appendVariable(const Http::Variable& variable);

    std::unique_ptr<Ui_EnvironmentDialog> m_ui;
    QStandardItemModel* m_variables;
    Workspace::Environment m_original;
    bool m_hasStoredSecret;
    bool m_secretEdited = false;
};

} // namespace Tokenscope::Ui
