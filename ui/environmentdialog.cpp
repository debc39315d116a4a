#include "environmentdialog.h"

#include "applymetadata.h"
#include "clientcredentialfield.h"
#include "configvalidation.h"
#include "discovery.h"
#include "palette.h"
#include "plaintext.h"
#include "roles.h"
#include "tokendestination.h"
#include "transportsecurityfields.h"
#include "ui_environmentdialog.h"
#include "urlhelpers.h"
#include "urlschemeregistration.h"
#include "variabletablemodel.h"

#include <QHeaderView>
#include <QPlainTextEdit>
#include <QPushButton>

#include <algorithm>

namespace Tokenscope::Ui {

using OAuth::ClientAuthentication;
using OAuth::ClientConfig;
using OAuth::Grant;

namespace {

QUrl parseUrl(const QString& text)
{
    return QUrl(text.trimmed(), QUrl::StrictMode);
}

// Long URLs show their beginning (scheme and host tell one provider from another), the whole value in
// the tooltip above what the field is for.
void showFromStart(QLineEdit* edit)
{
    const QString description = edit->toolTip();
    const auto update = [edit, description](const QString& text) {
        QString tip = text;
        if (!text.isEmpty() && !description.isEmpty())
            tip += QStringLiteral("\n\n");
        edit->setToolTip(tip + description);
    };
    QObject::connect(edit, &QLineEdit::textChanged, edit, update);
    update(edit->text());
}

// setText() leaves the cursor at the end, which scrolls a long value to its tail.
void setTextFromStart(QLineEdit* edit, const QString& text)
{
    edit->setText(text);
    edit->setCursorPosition(0);
}

QStringList nonEmptyLines(const QString& text)
{
    QStringList lines;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        if (!line.trimmed().isEmpty())
            lines.append(line.trimmed());
    }
    return lines;
}

} // namespace

EnvironmentDialog::EnvironmentDialog(const Workspace::Environment& environment, bool hasStoredSecret,
    Http::NetworkClient* network, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui_EnvironmentDialog>())
    , m_original(environment)
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("environmentDialog"));
    setWindowTitle(
        environment.name.isEmpty() ? tr("New environment") : tr("Environment “%1”").arg(environment.name));
    addChoices();
    for (QLineEdit* edit :
        {m_ui->issuerLineEdit, m_ui->authorizationEndpointLineEdit, m_ui->tokenEndpointLineEdit,
            m_ui->deviceAuthorizationEndpointLineEdit, m_ui->jwksUriLineEdit, m_ui->redirectUriLineEdit,
            m_ui->parEndpointLineEdit, m_ui->revocationEndpointLineEdit, m_ui->introspectionEndpointLineEdit,
            m_ui->userinfoEndpointLineEdit, m_ui->endSessionEndpointLineEdit})
        showFromStart(edit);
    m_credential = new ClientCredentialField(
        {m_ui->clientSecretLabel, m_ui->clientSecretLineEdit, m_ui->showSecretCheckBox, m_ui->importKeyButton,
            m_ui->assertionKeyIdLineEdit},
        hasStoredSecret, environment.oauth.clientAuthentication, this);

    const auto& oauth = environment.oauth;
    m_ui->nameLineEdit->setText(environment.name);
    m_ui->productionCheckBox->setChecked(environment.production);
    m_ui->grantComboBox->setCurrentIndex(m_ui->grantComboBox->findData(int(oauth.grant)));
    m_ui->clientIdLineEdit->setText(oauth.clientId);
    m_ui->scopeLineEdit->setText(oauth.scope);
    setTextFromStart(m_ui->redirectUriLineEdit, oauth.redirectUri.toString());
    m_ui->tokenParametersInQueryCheckBox->setChecked(oauth.tokenParametersInQuery);
    m_ui->assertionKeyIdLineEdit->setText(oauth.assertionKeyId);
    showProviderSettings(oauth);
    m_ui->pkceWarningLabel->setStyleSheet(QStringLiteral("color: %1;").arg(Palette::error));
    m_ui->problemLabel->setStyleSheet(QStringLiteral("color: %1;").arg(Palette::error));
    connect(m_ui->pkceMethodComboBox, &QComboBox::activated, this, [this] { m_pkceChosen = true; });
    connect(m_ui->pkceMethodComboBox, &QComboBox::currentIndexChanged, this,
        &EnvironmentDialog::updateAdvancedState);
    connect(m_ui->useParCheckBox, &QCheckBox::toggled, this, &EnvironmentDialog::updateAdvancedState);
    connect(m_ui->advancedToolButton, &QToolButton::toggled, this, &EnvironmentDialog::setAdvancedVisible);
    // Open when something in it differs from the defaults, so no setting works unseen.
    const ClientConfig defaults;
    const bool advancedInUse = oauth.pkceMethod != defaults.pkceMethod || oauth.usePar
        || !oauth.parEndpoint.isEmpty() || oauth.tokenParametersInQuery || !oauth.assertionKeyId.isEmpty();
    m_ui->advancedToolButton->setChecked(advancedInUse);
    setAdvancedVisible(advancedInUse);
    updateAdvancedState();

    m_ui->signInBrowserComboBox->setCurrentIndex(
        m_ui->signInBrowserComboBox->findData(int(environment.signIn.browser)));
    m_ui->keepSessionCheckBox->setChecked(environment.signIn.keepBrowserSession);
    m_ui->timeoutSpinBox->setValue(std::max(1, environment.signIn.timeoutSeconds / 60));
    m_ui->responseModeComboBox->setCurrentIndex(
        std::max(0, m_ui->responseModeComboBox->findData(oauth.responseMode)));
    QStringList extra;
    for (const auto& [name, value] : oauth.extraAuthorizationParameters)
        extra.append(name + QLatin1Char('=') + value);
    m_ui->extraParametersTextEdit->setPlainText(extra.join(QLatin1Char('\n')));
    TransportSecurityFields::show(m_ui.get(), environment);
    connect(m_ui->signInBrowserComboBox, &QComboBox::currentIndexChanged, this,
        &EnvironmentDialog::updateSignInState);
    connect(m_ui->redirectUriLineEdit, &QLineEdit::textChanged, this, &EnvironmentDialog::updateSignInState);
    updateSignInState();
    connect(m_ui->grantComboBox, &QComboBox::currentIndexChanged, this, &EnvironmentDialog::updateGrantState);
    updateGrantState();

    setUpVariables(environment.variables);
    m_ui->apiBaseUrlsTextEdit->setPlainText(
        QUrl::toStringList(environment.apiBaseUrls).join(QLatin1Char('\n')));
    connect(m_ui->clientAuthenticationComboBox, &QComboBox::currentIndexChanged, this,
        [this] { m_credential->setMethod(currentAuthentication()); });
    m_credential->setMethod(currentAuthentication());
    connect(m_credential, &ClientCredentialField::importProblem, this, [this](const QString& problem) {
        if (!problem.isEmpty())
            m_ui->problemLabel->setText(problem);
        m_ui->problemLabel->setVisible(!problem.isEmpty());
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &EnvironmentDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &EnvironmentDialog::reject);

    m_ui->discoveryStatusLabel->hide();
    m_ui->useDeclaredIssuerButton->hide();
    if (network) {
        m_discovery = new OAuth::Discovery(network, this);
        connect(m_ui->discoverButton, &QPushButton::clicked, this, &EnvironmentDialog::discover);
        connect(m_ui->useDeclaredIssuerButton, &QPushButton::clicked, this, [this] {
            setTextFromStart(m_ui->issuerLineEdit, m_declaredIssuer);
            discover();
        });
        connect(m_ui->issuerLineEdit, &QLineEdit::textEdited, this, [this] {
            m_ui->discoveryStatusLabel->hide();
            m_ui->useDeclaredIssuerButton->hide();
        });
    } else {
        m_ui->discoverButton->hide();
    }
    m_ui->problemLabel->hide();
    // A stated problem disappears as soon as the user starts fixing something.
    for (QLineEdit* edit : findChildren<QLineEdit*>())
        connect(edit, &QLineEdit::textEdited, m_ui->problemLabel, &QWidget::hide);
}

EnvironmentDialog::~EnvironmentDialog() = default;

void EnvironmentDialog::addChoices()
{
    QComboBox* grant = m_ui->grantComboBox;
    grant->addItem(tr("Authorization code (sign in as a user)"), int(Grant::AuthorizationCode));
    grant->addItem(tr("Client credentials (service account)"), int(Grant::ClientCredentials));
    grant->addItem(tr("Device code (sign in on another device)"), int(Grant::DeviceCode));
    QComboBox* method = m_ui->clientAuthenticationComboBox;
    method->addItem(tr("Client secret in Basic header (client_secret_basic)"),
        int(ClientAuthentication::ClientSecretBasic));
    method->addItem(tr("Client secret in request body (client_secret_post)"),
        int(ClientAuthentication::ClientSecretPost));
    method->addItem(tr("None: public client with PKCE"), int(ClientAuthentication::None));
    method->addItem(
        tr("Signed with the client secret (client_secret_jwt)"), int(ClientAuthentication::ClientSecretJwt));
    method->addItem(
        tr("Signed with a private key (private_key_jwt)"), int(ClientAuthentication::PrivateKeyJwt));
    QComboBox* pkce = m_ui->pkceMethodComboBox;
    pkce->addItem(tr("S256 (recommended)"), QStringLiteral("S256"));
    pkce->addItem(tr("plain (insecure, legacy servers only)"), QStringLiteral("plain"));
    pkce->addItem(tr("Off (insecure, legacy servers only)"), QStringLiteral("none"));
    using Browser = Workspace::SignInSettings::Browser;
    m_ui->signInBrowserComboBox->addItem(
        tr("Tokenscope's sign-in window (recommended)"), int(Browser::Embedded));
    m_ui->signInBrowserComboBox->addItem(tr("The system's web browser"), int(Browser::System));
    m_ui->responseModeComboBox->addItem(tr("Query (default)"), QString());
    m_ui->responseModeComboBox->addItem(
        tr("Form post (response_mode=form_post)"), QStringLiteral("form_post"));
    m_ui->timeoutSpinBox->setSuffix(tr(" min"));
}

void EnvironmentDialog::setUpVariables(const QList<Http::Variable>& variables)
{
    m_variables = new VariableTableModel(variables, this);
    QTableView* view = m_ui->variablesTableView;
    view->setModel(m_variables);
    view->setItemDelegateForColumn(int(VariableColumn::Value), new SecretValueDelegate(this));
    view->setColumnWidth(int(VariableColumn::Secret), 70);
    view->horizontalHeader()->setStretchLastSection(true);
    view->verticalHeader()->hide();
    view->setColumnWidth(int(VariableColumn::Name), 180);
    connect(m_ui->addVariableButton, &QPushButton::clicked, this, [this, view] {
        const QModelIndex index = m_variables->appendVariable({tr("name"), {}, true, false});
        view->setCurrentIndex(index);
        view->edit(index);
    });
    connect(m_ui->removeVariableButton, &QPushButton::clicked, this, [this, view] {
        const QModelIndex current = view->currentIndex();
        if (current.isValid())
            m_variables->removeRow(current.row());
    });
}

void EnvironmentDialog::setKeyFileChooser(KeyFileChooser chooser)
{
    m_credential->setKeyFileChooser(std::move(chooser));
}

ClientAuthentication EnvironmentDialog::currentAuthentication() const
{
    return ClientAuthentication(m_ui->clientAuthenticationComboBox->currentData().toInt());
}

void EnvironmentDialog::updateAdvancedState()
{
    const QString method = m_ui->pkceMethodComboBox->currentData().toString();
    m_ui->pkceWarningLabel->setVisible(method != QLatin1String("S256"));
    m_ui->pkceWarningLabel->setText(method == QLatin1String("plain")
            ? tr("Insecure: with plain, anyone who sees the authorization request can redeem the code. Only "
                 "for "
                 "servers that cannot do S256.")
            : tr("Insecure: without PKCE an intercepted authorization code can be redeemed by someone else. "
                 "Only for servers that do not support PKCE."));
}

void EnvironmentDialog::setAdvancedVisible(bool visible)
{
    m_ui->advancedGroupBox->setVisible(visible);
    m_ui->advancedToolButton->setText(visible ? tr("Advanced ▾") : tr("Advanced ▸"));
}

Workspace::Environment EnvironmentDialog::environment() const
{
    Workspace::Environment result = m_original;
    result.name = m_ui->nameLineEdit->text().trimmed();
    result.production = m_ui->productionCheckBox->isChecked();
    auto& oauth = result.oauth;
    oauth.grant = Grant(m_ui->grantComboBox->currentData().toInt());
    oauth.deviceAuthorizationEndpoint = parseUrl(m_ui->deviceAuthorizationEndpointLineEdit->text());
    oauth.issuer = m_ui->issuerLineEdit->text().trimmed();
    oauth.authorizationEndpoint = parseUrl(m_ui->authorizationEndpointLineEdit->text());
    oauth.tokenEndpoint = parseUrl(m_ui->tokenEndpointLineEdit->text());
    oauth.jwksUri = parseUrl(m_ui->jwksUriLineEdit->text());
    oauth.clientId = m_ui->clientIdLineEdit->text().trimmed();
    oauth.clientAuthentication
        = ClientAuthentication(m_ui->clientAuthenticationComboBox->currentData().toInt());
    oauth.scope = m_ui->scopeLineEdit->text().simplified();
    oauth.redirectUri = parseUrl(m_ui->redirectUriLineEdit->text());
    oauth.requireIssuerInResponse = m_ui->requireIssuerCheckBox->isChecked();
    oauth.pkceMethod = m_ui->pkceMethodComboBox->currentData().toString();
    oauth.usePar = m_ui->useParCheckBox->isChecked();
    oauth.parEndpoint = parseUrl(m_ui->parEndpointLineEdit->text());
    oauth.tokenParametersInQuery = m_ui->tokenParametersInQueryCheckBox->isChecked();
    oauth.assertionKeyId = m_ui->assertionKeyIdLineEdit->text().trimmed();
    oauth.revocationEndpoint = parseUrl(m_ui->revocationEndpointLineEdit->text());
    oauth.introspectionEndpoint = parseUrl(m_ui->introspectionEndpointLineEdit->text());
    oauth.userinfoEndpoint = parseUrl(m_ui->userinfoEndpointLineEdit->text());
    oauth.endSessionEndpoint = parseUrl(m_ui->endSessionEndpointLineEdit->text());
    oauth.responseMode = m_ui->responseModeComboBox->currentData().toString();
    oauth.extraAuthorizationParameters.clear();
    for (const QString& line : nonEmptyLines(m_ui->extraParametersTextEdit->toPlainText())) {
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        oauth.extraAuthorizationParameters.append(
            {line.left(equals).trimmed(), equals < 0 ? QString() : line.mid(equals + 1).trimmed()});
    }
    result.signIn.browser
        = Workspace::SignInSettings::Browser(m_ui->signInBrowserComboBox->currentData().toInt());
    result.signIn.keepBrowserSession = m_ui->keepSessionCheckBox->isChecked();
    result.signIn.timeoutSeconds = m_ui->timeoutSpinBox->value() * 60;
    result.variables = m_variables->variables();
    // A line that is no base URL is left out here; accept() names it before the dialog can close.
    result.apiBaseUrls.clear();
    for (const QString& line : nonEmptyLines(m_ui->apiBaseUrlsTextEdit->toPlainText())) {
        if (const QUrl url = parseUrl(line); Workspace::isApiBaseUrl(url))
            result.apiBaseUrls.append(url);
    }
    // After the endpoints and base URLs: a fingerprint without a host is trusted on theirs. A line that is
    // no fingerprint is left out here; accept() names it before the dialog can close.
    TransportSecurityFields::read(m_ui.get(), &result);
    return result;
}

void EnvironmentDialog::setClientSecretRefused()
{
    m_credential->setRefusedByKeychain();
}

std::optional<QString> EnvironmentDialog::clientSecret() const
{
    return m_credential->credential(currentAuthentication());
}

void EnvironmentDialog::updateSignInState()
{
    const bool system = Workspace::SignInSettings::Browser(m_ui->signInBrowserComboBox->currentData().toInt())
        == Workspace::SignInSettings::Browser::System;
    m_ui->signInBrowserHintLabel->setText(system
            ? UrlSchemeRegistration::systemBrowserHint(parseUrl(m_ui->redirectUriLineEdit->text()))
            : tr(
                "The provider's page opens in a Tokenscope window that catches the redirect URI, whatever it "
                "is, without loading it."));
    // The system browser keeps its own cookies; the choice only applies to Tokenscope's window.
    m_ui->keepSessionCheckBox->setEnabled(!system);
}

void EnvironmentDialog::updateGrantState()
{
    const auto grant = Grant(m_ui->grantComboBox->currentData().toInt());
    const bool code = grant == Grant::AuthorizationCode;
    // Only what the chosen grant uses: no browser redirect without the code flow, and the device
    // authorization endpoint only for the device grant. Hidden values are kept, not cleared.
    // The label and field are hidden one by one: QFormLayout::setRowVisible() in Qt 6.4 corrupts the
    // layout's row data when a word-wrapped label in the same form is shown later (seen as a crash in
    // QFormLayout::setGeometry under valgrind).
    auto* layout = m_ui->oauthLayout;
    const auto showRow = [layout](QWidget* field, bool visible) {
        field->setVisible(visible);
        if (QWidget* label = layout->labelForField(field))
            label->setVisible(visible);
    };
    showRow(m_ui->authorizationEndpointLineEdit, code);
    showRow(m_ui->redirectUriLineEdit, code);
    showRow(m_ui->requireIssuerCheckBox, code);
    showRow(m_ui->deviceAuthorizationEndpointLineEdit, grant == Grant::DeviceCode);
}

void EnvironmentDialog::discover()
{
    m_ui->discoverButton->setEnabled(false);
    m_ui->discoverButton->setText(tr("Discovering…"));
    m_ui->useDeclaredIssuerButton->hide();
    m_ui->discoveryStatusLabel->hide();
    // The certificates in the field as it is now: a sandbox's fingerprint pasted from the last failure.
    m_discovery->setTrustedCertificates(environment().oauth.trustedCertificates);
    // Context: this dialog. Closed before the answer comes, the answer is dropped with it.
    m_discovery->discover(m_ui->issuerLineEdit->text(), this,
        [this](const OAuth::DiscoveryOutcome& outcome) { applyDiscovery(outcome); });
}

void EnvironmentDialog::applyDiscovery(const OAuth::DiscoveryOutcome& outcome)
{
    m_ui->discoverButton->setEnabled(true);
    m_ui->discoverButton->setText(tr("&Discover"));
    if (!outcome.ok()) {
        QString text = outcome.error.summary;
        if (!outcome.error.hint.isEmpty())
            text += QLatin1Char('\n') + outcome.error.hint;
        showDiscoveryStatus(text, false);
        m_ui->discoveryStatusLabel->setToolTip(plainToolTip(outcome.error.detail));
        if (outcome.error.code == QLatin1String("issuer_mismatch") && !outcome.declaredIssuer.isEmpty()) {
            // One click to adopt it; the hint above asks the user to check it is the provider meant.
            m_declaredIssuer = outcome.declaredIssuer;
            m_ui->useDeclaredIssuerButton->setText(tr("&Use %1").arg(outcome.declaredIssuer));
            m_ui->useDeclaredIssuerButton->show();
        }
        return;
    }
    OAuth::ClientConfig config = environment().oauth;
    // A method the user picked (here, or saved before) stands; otherwise the provider's best.
    const bool pkceChosen = m_pkceChosen || m_original.oauth.pkceMethod != ClientConfig().pkceMethod;
    const OAuth::AppliedMetadata applied = OAuth::applyDiscovered(*outcome.metadata, &config, pkceChosen);
    // Kept with the environment (there is no field for it): empty endpoints are ones the provider lacks.
    m_original.oauth.endpointsDiscovered = true;
    showProviderSettings(config);
    if (applied.advancedSettingChanged)
        m_ui->advancedToolButton->setChecked(true);
    QString text = tr("Found: %1 endpoints at %2; authorization, token and JWKS URI filled in.")
                       .arg(applied.endpointCount)
                       .arg(outcome.documentUrl.toDisplayString());
    if (!applied.notes.isEmpty())
        text += QLatin1Char(' ') + applied.notes.join(QLatin1Char(' '));
    showDiscoveryStatus(text, true);
    m_ui->discoveryStatusLabel->setToolTip({});
}

void EnvironmentDialog::showProviderSettings(const ClientConfig& config)
{
    setTextFromStart(m_ui->issuerLineEdit, config.issuer);
    setTextFromStart(m_ui->authorizationEndpointLineEdit, config.authorizationEndpoint.toString());
    setTextFromStart(m_ui->tokenEndpointLineEdit, config.tokenEndpoint.toString());
    setTextFromStart(
        m_ui->deviceAuthorizationEndpointLineEdit, config.deviceAuthorizationEndpoint.toString());
    setTextFromStart(m_ui->jwksUriLineEdit, config.jwksUri.toString());
    m_ui->requireIssuerCheckBox->setChecked(config.requireIssuerInResponse);
    setTextFromStart(m_ui->parEndpointLineEdit, config.parEndpoint.toString());
    m_ui->useParCheckBox->setChecked(config.usePar);
    setTextFromStart(m_ui->revocationEndpointLineEdit, config.revocationEndpoint.toString());
    setTextFromStart(m_ui->introspectionEndpointLineEdit, config.introspectionEndpoint.toString());
    setTextFromStart(m_ui->userinfoEndpointLineEdit, config.userinfoEndpoint.toString());
    setTextFromStart(m_ui->endSessionEndpointLineEdit, config.endSessionEndpoint.toString());
    m_ui->pkceMethodComboBox->setCurrentIndex(
        std::max(0, m_ui->pkceMethodComboBox->findData(config.pkceMethod)));
    m_ui->clientAuthenticationComboBox->setCurrentIndex(
        m_ui->clientAuthenticationComboBox->findData(int(config.clientAuthentication)));
}

void EnvironmentDialog::showDiscoveryStatus(const QString& text, bool success)
{
    m_ui->discoveryStatusLabel->setText(text);
    m_ui->discoveryStatusLabel->setStyleSheet(
        QStringLiteral("color: %1;").arg(success ? Palette::success : Palette::error));
    m_ui->discoveryStatusLabel->show();
}

QWidget* EnvironmentDialog::fieldWidget(OAuth::ConfigField field) const
{
    using Field = OAuth::ConfigField;
    QWidget* credential = currentAuthentication() == ClientAuthentication::PrivateKeyJwt
        ? static_cast<QWidget*>(m_ui->importKeyButton)
        : m_ui->clientSecretLineEdit;
    const std::pair<Field, QWidget*> widgets[] = {
        {Field::AuthorizationEndpoint, m_ui->authorizationEndpointLineEdit},
        {Field::TokenEndpoint, m_ui->tokenEndpointLineEdit},
        {Field::DeviceAuthorizationEndpoint, m_ui->deviceAuthorizationEndpointLineEdit},
        {Field::ClientAuthentication, m_ui->clientAuthenticationComboBox},
        {Field::JwksUri, m_ui->jwksUriLineEdit}, {Field::ClientId, m_ui->clientIdLineEdit},
        {Field::RedirectUri, m_ui->redirectUriLineEdit}, {Field::ParEndpoint, m_ui->parEndpointLineEdit},
        {Field::RevocationEndpoint, m_ui->revocationEndpointLineEdit},
        {Field::IntrospectionEndpoint, m_ui->introspectionEndpointLineEdit},
        {Field::UserinfoEndpoint, m_ui->userinfoEndpointLineEdit},
        {Field::EndSessionEndpoint, m_ui->endSessionEndpointLineEdit}, {Field::ClientCredential, credential},
        {Field::ExtraAuthorizationParameters, m_ui->extraParametersTextEdit},
        {Field::Issuer, m_ui->issuerLineEdit}};
    for (const auto& [candidate, widget] : widgets) {
        if (candidate == field)
            return widget;
    }
    return nullptr;
}

void EnvironmentDialog::accept()
{
    const Workspace::Environment edited = environment();
    OAuth::ConfigContext context;
    context.systemBrowser = edited.signIn.browser == Workspace::SignInSettings::Browser::System;
    m_credential->describe(&context);
    QString problem;
    QWidget* field = nullptr;
    if (edited.name.isEmpty()) {
        problem = tr("Give the environment a name.");
        field = m_ui->nameLineEdit;
    } else if (const auto problems = OAuth::validateClientConfig(edited.oauth, context);
               !problems.isEmpty()) {
        problem = problems.first().message;
        field = fieldWidget(problems.first().field);
    } else if (problem = TransportSecurityFields::problem(m_ui.get(), edited); !problem.isEmpty()) {
        field = m_ui->trustedCertificatesTextEdit;
    }
    for (const QString& line : nonEmptyLines(m_ui->apiBaseUrlsTextEdit->toPlainText())) {
        if (problem.isEmpty() && !Workspace::isApiBaseUrl(parseUrl(line))) {
            problem = tr("“%1” is not an API base URL. Write the scheme and host, and a path if the token is "
                         "only meant for part of the site: https://api.example.com/v1.")
                          .arg(line);
            field = m_ui->apiBaseUrlsTextEdit;
            m_ui->sectionsTabWidget->setCurrentWidget(m_ui->variablesTab);
        }
    }
    if (!problem.isEmpty()) {
        m_ui->problemLabel->setText(problem);
        m_ui->problemLabel->show();
        // The field to correct has the keyboard, where it is on the page shown.
        if (field && field->isVisible())
            field->setFocus();
        return;
    }
    QDialog::accept();
}

} // namespace Tokenscope::Ui
