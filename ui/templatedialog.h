#pragma once

#include "environment.h"
#include "providertemplates.h"

#include <QDialog>
#include <QHash>

class QLabel;
class QLineEdit;
class QListWidget;
class QFormLayout;
class QProgressBar;
class QPushButton;
class QStackedWidget;

namespace Tokenscope::Http {
class NetworkClient;
}
namespace Tokenscope::OAuth {
class Discovery;
struct DiscoveryOutcome;
} // namespace Tokenscope::OAuth

namespace Tokenscope::Ui {

// "New Environment from Template": pick a kind of provider, answer its few questions, and Discover runs
// against the address they give. Accepted with an environment whose issuer, endpoints and scope are filled
// in (the client id and secret are still the user's to give). A failure says why and goes back to the
// answers. With Manual it accepts at once with an empty environment.
class TemplateDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TemplateDialog)

public:
    explicit TemplateDialog(Http::NetworkClient* network, QWidget* parent = nullptr);
    ~TemplateDialog() override;

    // Skips the choice of template (Import ▸ From OpenID Discovery URL… starts at the generic one's answers).
    void startWith(OAuth::ProviderKind kind);
    OAuth::ProviderKind kind() const { return m_template.kind; }
    Workspace::Environment environment() const { return m_environment; }

    // For tests and the page's own buttons.
    void setAnswer(const QString& key, const QString& value);
    void discover();

Q_SIGNALS:
    // Discovery ended without a usable document: the message shown.
    void discoveryFailed(const QString& summary);

private:
    void choose(int row);
    void showAnswers();
    void updatePreview();
    QHash<QString, QString> answers() const;
    void finish(const OAuth::DiscoveryOutcome& outcome);
    void showFailure(const QString& summary, const QString& detail);
    void continueWithoutDiscovery();
    void acceptWith(Workspace::Environment environment);
    Workspace::Environment baseEnvironment() const;

    OAuth::Discovery* m_discovery;
    OAuth::ProviderTemplate m_template;
    std::optional<OAuth::TemplateSetup> m_setup; // what is being discovered
    Workspace::Environment m_environment;
    bool m_nameEdited = false;
    bool m_fixedKind = false;

    QStackedWidget* m_pages;
    QListWidget* m_templates;
    QLabel* m_description;
    QFormLayout* m_form;
    QHash<QString, QLineEdit*> m_fields;
    QLineEdit* m_name;
    QLabel* m_preview;
    QLabel* m_problem;
    QLabel* m_status;
    QLabel* m_failure;
    QProgressBar* m_progress;
    QPushButton* m_back;
    QPushButton* m_next;
    QPushButton* m_withoutDiscovery;
};

} // namespace Tokenscope::Ui
