#include "environmentdialog.h"

#include "discovery.h"
#include "jwssign.h"
#include "ui_environmentdialog.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QStyledItemDelegate>

#include <algorithm>
#include <cctype>

namespace Tokenscope::Ui {

using OAuth::ClientAuthentication;
using OAuth::ClientConfig;
using OAuth::Grant;

namespace {

enum VariableColumn { NameColumn, SecretColumn, ValueColumn };

// Shows the value of a secret variable as bullets, and edits it in a password field.
class SecretValueDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (isSecret(index) && !option->text.isEmpty())
            option->text = QString(8, QChar(0x2022));
    }

    QWidget* createEditor(
        QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QWidget* editor = QStyledItemDelegate::createEditor(parent, option, index);
        if (auto* line = qobject_cast<QLineEdit*>(editor); line && isSecret(index))
            line->setEchoMode(QLineEdit::Password);
        return editor;
    }

private:
    static bool isSecret(const QModelIndex& index)
    {
        return index.siblingAtColumn(SecretColumn).data(Qt::CheckStateRole).toInt() == Qt::Checked;
    }
};

QUrl parseUrl(const QString& text)
{
    return QUrl(text.trimmed(), QUrl::StrictMode);
}

bool isLoopbackHttp(const QUrl& url)
{
    const QString host = url.host();
    return url.scheme() == QLatin1String("http")
        && (host == QLatin1String("127.0.0.1") || host == QLatin1String("::1")
            || host == QLatin1String("localhost"));
}

// "AB:CD:…" or "abcd…": 32 bytes of SHA-256, or nothing.
QByteArray parseFingerprint(const QString& text)
{
    QByteArray hex = text.trimmed().toLatin1();
    hex.removeIf([](char c) { return c == ':' || c == ' '; });
    for (const char c : std::as_const(hex)) {
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            return {};
    }
    const QByteArray bytes = QByteArray::fromHex(hex);
    return bytes.size() == 32 ? bytes : QByteArray();
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

bool isWebUrl(const QUrl& url)
{
    return url.isValid() && !url.host().isEmpty()
        && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"));
}

} // namespace

EnvironmentDialog::EnvironmentDialog(const Workspace::Environment& environment, bool hasStoredSecret,
    Http::NetworkClient* network, QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui_EnvironmentDialog>())
    , m_variables(new QStandardItemModel(0, 3, this))
    , m_original(environment)
    , m_hasStoredSecret(hasStoredSecret)
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("environmentDialog"));
    setWindowTitle(
        environment.name.isEmpty() ? tr("New environment") : tr("Environment “%1”").arg(environment.name));

    m_ui->grantComboBox->addItem(tr("Authorization code (sign in as a user)"), int(Grant::AuthorizationCode));
    m_ui->grantComboBox->addItem(tr("Client credentials (service account)"), int(Grant::ClientCredentials));
    m_ui->grantComboBox->addItem(tr("Device code (sign in on another device)"), int(Grant::DeviceCode));
    m_ui->clientAuthenticationComboBox->addItem(tr("Client secret in Basic header (client_secret_basic)"),
        int(ClientAuthentication::ClientSecretBasic));
    m_ui->clientAuthenticationComboBox->addItem(tr("Client secret in request body (client_secret_post)"),
        int(ClientAuthentication::ClientSecretPost));
    m_ui->clientAuthenticationComboBox->addItem(
        tr("None: public client with PKCE"), int(ClientAuthentication::None));
    m_ui->clientAuthenticationComboBox->addItem(
        tr("Signed with the client secret (client_secret_jwt)"), int(ClientAuthentication::ClientSecretJwt));
    m_ui->clientAuthenticationComboBox->addItem(
        tr("Signed with a private key (private_key_jwt)"), int(ClientAuthentication::PrivateKeyJwt));
    m_chooseKeyFile = [](QWidget* dialog) {
        return QFileDialog::getOpenFileName(
            dialog, tr("Import Private Key"), QString(), tr("PEM private keys (*.pem *.key);;All files (*)"));
    };

    const auto& oauth = environment.oauth;
    m_ui->nameLineEdit->setText(environment.name);
    m_ui->grantComboBox->setCurrentIndex(m_ui->grantComboBox->findData(int(oauth.grant)));
    m_ui->deviceAuthorizationEndpointLineEdit->setText(oauth.deviceAuthorizationEndpoint.toString());
    m_ui->issuerLineEdit->setText(oauth.issuer);
    m_ui->authorizationEndpointLineEdit->setText(oauth.authorizationEndpoint.toString());
    m_ui->tokenEndpointLineEdit->setText(oauth.tokenEndpoint.toString());
    m_ui->jwksUriLineEdit->setText(oauth.jwksUri.toString());
    m_ui->clientIdLineEdit->setText(oauth.clientId);
    m_ui->clientAuthenticationComboBox->setCurrentIndex(
        m_ui->clientAuthenticationComboBox->findData(int(oauth.clientAuthentication)));
    m_ui->scopeLineEdit->setText(oauth.scope);
    m_ui->redirectUriLineEdit->setText(oauth.redirectUri.toString());
    m_ui->requireIssuerCheckBox->setChecked(oauth.requireIssuerInResponse);

    m_ui->pkceMethodComboBox->addItem(tr("S256 (recommended)"), QStringLiteral("S256"));
    m_ui->pkceMethodComboBox->addItem(tr("plain (insecure, legacy servers only)"), QStringLiteral("plain"));
    m_ui->pkceMethodComboBox->addItem(tr("Off (insecure, legacy servers only)"), QStringLiteral("none"));
    m_ui->pkceMethodComboBox->setCurrentIndex(
        std::max(0, m_ui->pkceMethodComboBox->findData(oauth.pkceMethod)));
    m_ui->useParCheckBox->setChecked(oauth.usePar);
    m_ui->parEndpointLineEdit->setText(oauth.parEndpoint.toString());
    m_ui->tokenParametersInQueryCheckBox->setChecked(oauth.tokenParametersInQuery);
    m_ui->assertionKeyIdLineEdit->setText(oauth.assertionKeyId);
    m_ui->revocationEndpointLineEdit->setText(oauth.revocationEndpoint.toString());
    m_ui->introspectionEndpointLineEdit->setText(oauth.introspectionEndpoint.toString());
    m_ui->userinfoEndpointLineEdit->setText(oauth.userinfoEndpoint.toString());
    m_ui->endSessionEndpointLineEdit->setText(oauth.endSessionEndpoint.toString());
    m_ui->pkceWarningLabel->setStyleSheet(QStringLiteral("color: #c01c28;"));
    connect(m_ui->pkceMethodComboBox, &QComboBox::activated, this, [this] { m_pkceChosen = true; });
    connect(m_ui->pkceMethodComboBox, &QComboBox::currentIndexChanged, this,
        &EnvironmentDialog::updateAdvancedState);
    connect(m_ui->useParCheckBox, &QCheckBox::toggled, this, &EnvironmentDialog::updateAdvancedState);
    connect(m_ui->advancedToolButton, &QToolButton::toggled, this, &EnvironmentDialog::setAdvancedVisible);
    connect(m_ui->importKeyButton, &QPushButton::clicked, this, &EnvironmentDialog::importKey);
    // Open when something in it differs from the defaults, so no setting works unseen.
    const ClientConfig defaults;
    const bool advancedInUse = oauth.pkceMethod != defaults.pkceMethod || oauth.usePar
        || !oauth.parEndpoint.isEmpty() || oauth.tokenParametersInQuery || !oauth.assertionKeyId.isEmpty();
    m_ui->advancedToolButton->setChecked(advancedInUse);
    setAdvancedVisible(advancedInUse);
    updateAdvancedState();

    using Browser = Workspace::SignInSettings::Browser;
    m_ui->signInBrowserComboBox->addItem(
        tr("Tokenscope's sign-in window (recommended)"), int(Browser::Embedded));
    m_ui->signInBrowserComboBox->addItem(tr("The system's web browser"), int(Browser::System));
    m_ui->signInBrowserComboBox->setCurrentIndex(
        m_ui->signInBrowserComboBox->findData(int(environment.signIn.browser)));
    m_ui->keepSessionCheckBox->setChecked(environment.signIn.keepBrowserSession);
    m_ui->timeoutSpinBox->setSuffix(tr(" min"));
    m_ui->timeoutSpinBox->setValue(std::max(1, environment.signIn.timeoutSeconds / 60));
    m_ui->responseModeComboBox->addItem(tr("Query (default)"), QString());
    m_ui->responseModeComboBox->addItem(
        tr("Form post (response_mode=form_post)"), QStringLiteral("form_post"));
    m_ui->responseModeComboBox->setCurrentIndex(
        std::max(0, m_ui->responseModeComboBox->findData(oauth.responseMode)));
    QStringList extra;
    for (const auto& [name, value] : oauth.extraAuthorizationParameters)
        extra.append(name + QLatin1Char('=') + value);
    m_ui->extraParametersTextEdit->setPlainText(extra.join(QLatin1Char('\n')));
    m_ui->trustedCertificatesTextEdit->setPlainText(oauth.trustedCertificates.join(QLatin1Char('\n')));
    connect(m_ui->signInBrowserComboBox, &QComboBox::currentIndexChanged, this,
        &EnvironmentDialog::updateSignInState);
    updateSignInState();
    connect(m_ui->grantComboBox, &QComboBox::currentIndexChanged, this, &EnvironmentDialog::updateGrantState);
    updateGrantState();

    m_variables->setHorizontalHeaderLabels({tr("Name"), tr("Secret"), tr("Value")});
    for (const auto& variable : environment.variables)
        appendVariable(variable);
    m_ui->variablesTableView->setModel(m_variables);
    m_ui->variablesTableView->setItemDelegateForColumn(ValueColumn, new SecretValueDelegate(this));
    m_ui->variablesTableView->setColumnWidth(SecretColumn, 70);
    m_ui->variablesTableView->horizontalHeader()->setStretchLastSection(true);
    m_ui->variablesTableView->verticalHeader()->hide();
    m_ui->variablesTableView->setColumnWidth(0, 180);

    connect(m_ui->addVariableButton, &QPushButton::clicked, this, [this] {
        appendVariable({tr("name"), {}, true, false});
        const QModelIndex index = m_variables->index(m_variables->rowCount() - 1, 0);
        m_ui->variablesTableView->setCurrentIndex(index);
        m_ui->variablesTableView->edit(index);
    });
    connect(m_ui->removeVariableButton, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_ui->variablesTableView->currentIndex();
        if (current.isValid())
            m_variables->removeRow(current.row());
    });
    connect(m_ui->showSecretCheckBox, &QCheckBox::toggled, this, [this](bool show) {
        m_ui->clientSecretLineEdit->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password);
    });
    connect(m_ui->clientSecretLineEdit, &QLineEdit::textEdited, this, [this] { m_secretEdited = true; });
    connect(m_ui->clientAuthenticationComboBox, &QComboBox::currentIndexChanged, this,
        &EnvironmentDialog::updateSecretState);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &EnvironmentDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &EnvironmentDialog::reject);
    updateSecretState();

    m_ui->discoveryStatusLabel->hide();
    m_ui->useDeclaredIssuerButton->hide();
    if (network) {
        m_discovery = new OAuth::Discovery(network, this);
        connect(m_ui->discoverButton, &QPushButton::clicked, this, &EnvironmentDialog::discover);
        connect(m_ui->useDeclaredIssuerButton, &QPushButton::clicked, this, [this] {
            m_ui->issuerLineEdit->setText(m_declaredIssuer);
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

void EnvironmentDialog::appendVariable(const Http::Variable& variable)
{
    auto* name = new QStandardItem(variable.name);
    name->setCheckable(true);
    name->setCheckState(variable.enabled ? Qt::Checked : Qt::Unchecked);
    name->setToolTip(tr("Checked: the variable is used"));
    auto* secret = new QStandardItem;
    secret->setCheckable(true);
    secret->setEditable(false);
    secret->setCheckState(variable.secret ? Qt::Checked : Qt::Unchecked);
    secret->setToolTip(tr("Secret: kept in the keychain, never in the workspace file, and masked on screen"));
    m_variables->appendRow({name, secret, new QStandardItem(variable.value)});
}

ClientAuthentication EnvironmentDialog::currentAuthentication() const
{
    return ClientAuthentication(m_ui->clientAuthenticationComboBox->currentData().toInt());
}

void EnvironmentDialog::updateSecretState()
{
    const ClientAuthentication method = currentAuthentication();
    const bool needsSecret = method != ClientAuthentication::None;
    const bool privateKey = method == ClientAuthentication::PrivateKeyJwt;
    // The private key takes the client secret's keychain slot: the field shows what is stored or
    // imported, and only Import… changes it (a PEM has line breaks a line edit would lose).
    m_ui->clientSecretLabel->setText(privateKey ? tr("Private &key (PEM):") : tr("Client &secret:"));
    m_ui->importKeyButton->setVisible(privateKey);
    m_ui->showSecretCheckBox->setVisible(!privateKey);
    m_ui->clientSecretLineEdit->setReadOnly(privateKey);
    if (privateKey && m_secretEdited) {
        m_ui->clientSecretLineEdit->clear(); // a typed secret is not a key
        m_secretEdited = false;
    }
    m_ui->clientSecretLineEdit->setEnabled(needsSecret);
    m_ui->showSecretCheckBox->setEnabled(needsSecret);
    const bool storedKey
        = m_hasStoredSecret && m_original.oauth.clientAuthentication == ClientAuthentication::PrivateKeyJwt;
    if (privateKey) {
        m_ui->clientSecretLineEdit->setPlaceholderText(!m_importedKeySummary.isEmpty()
                ? tr("%1, to the keychain on Save").arg(m_importedKeySummary)
                : storedKey ? tr("Stored in the keychain; Import… to replace it")
                            : tr("Import… a PEM file; it is kept in the keychain"));
    } else {
        m_ui->clientSecretLineEdit->setPlaceholderText(!needsSecret ? tr("Not used by a public client")
                : m_hasStoredSecret ? tr("Stored in the keychain; type to replace it")
                                    : tr("Stored in the keychain, never in a file"));
    }
    m_ui->assertionKeyIdLineEdit->setEnabled(privateKey);
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

void EnvironmentDialog::importKey()
{
    const QString path = m_chooseKeyFile ? m_chooseKeyFile(this) : QString();
    if (path.isEmpty())
        return;
    QFile file(path);
    QString problem;
    QByteArray pem;
    if (!file.open(QIODevice::ReadOnly)) {
        problem = tr("“%1” cannot be read: %2").arg(QFileInfo(path).fileName(), file.errorString());
    } else if (file.size() > 64 * 1024) {
        problem = tr("“%1” is too large to be a private key.").arg(QFileInfo(path).fileName());
    } else {
        pem = file.readAll();
        QString reason;
        if (const auto key = Jwt::SigningKey::fromPem(pem, &reason)) {
            m_importedKey = QString::fromLatin1(pem);
            m_importedKeySummary = tr("%1 key from %2").arg(key->algorithm(), QFileInfo(path).fileName());
        } else {
            problem = reason;
        }
    }
    if (!problem.isEmpty()) {
        m_ui->problemLabel->setText(problem);
        m_ui->problemLabel->show();
        return;
    }
    m_ui->problemLabel->hide();
    updateSecretState();
}

Workspace::Environment EnvironmentDialog::environment() const
{
    Workspace::Environment result = m_original;
    result.name = m_ui->nameLineEdit->text().trimmed();
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
    oauth.trustedCertificates.clear();
    for (const QString& line : nonEmptyLines(m_ui->trustedCertificatesTextEdit->toPlainText())) {
        const QByteArray digest = parseFingerprint(line);
        oauth.trustedCertificates.append(
            digest.isEmpty() ? line : QString::fromLatin1(digest.toHex(':').toUpper()));
    }
    result.signIn.browser
        = Workspace::SignInSettings::Browser(m_ui->signInBrowserComboBox->currentData().toInt());
    result.signIn.keepBrowserSession = m_ui->keepSessionCheckBox->isChecked();
    result.signIn.timeoutSeconds = m_ui->timeoutSpinBox->value() * 60;
    result.variables.clear();
    for (int row = 0; row < m_variables->rowCount(); ++row) {
        const QString name = m_variables->item(row, 0)->text().trimmed();
        if (name.isEmpty())
            continue;
        result.variables.append({name, m_variables->item(row, ValueColumn)->text(),
            m_variables->item(row, NameColumn)->checkState() == Qt::Checked,
            m_variables->item(row, SecretColumn)->checkState() == Qt::Checked});
    }
    return result;
}

std::optional<QString> EnvironmentDialog::clientSecret() const
{
    if (currentAuthentication() == ClientAuthentication::PrivateKeyJwt)
        return m_importedKey.isEmpty() ? std::nullopt : std::optional<QString>(m_importedKey);
    if (!m_secretEdited)
        return std::nullopt;
    return m_ui->clientSecretLineEdit->text();
}

QString EnvironmentDialog::validate() const
{
    const Workspace::Environment edited = environment();
    if (edited.name.isEmpty())
        return tr("Give the environment a name.");
    const Grant grant = edited.oauth.grant;
    if (grant == Grant::AuthorizationCode && !isWebUrl(edited.oauth.authorizationEndpoint))
        return tr("The authorization endpoint must be a full http or https address.");
    if (!isWebUrl(edited.oauth.tokenEndpoint))
        return tr("The token endpoint must be a full http or https address.");
    if (grant == Grant::DeviceCode && !isWebUrl(edited.oauth.deviceAuthorizationEndpoint))
        return tr("The device authorization endpoint must be a full http or https address.");
    if (grant == Grant::ClientCredentials && edited.oauth.clientAuthentication == ClientAuthentication::None)
        return tr("Client credentials need a client secret: choose how the client authenticates.");
    if (!edited.oauth.jwksUri.isEmpty() && !isWebUrl(edited.oauth.jwksUri))
        return tr("The JWKS URI must be a full http or https address, or empty.");
    if (edited.oauth.clientId.isEmpty())
        return tr("Enter the client ID registered at the provider.");
    if (grant != Grant::AuthorizationCode)
        return validateCommon(edited);
    const QUrl& redirect = edited.oauth.redirectUri;
    if (!redirect.isValid() || redirect.scheme().isEmpty()
        || (redirect.path().isEmpty() && redirect.host().isEmpty()))
        return tr("Enter the redirect URI exactly as registered at the provider.");
    if (edited.signIn.browser == Workspace::SignInSettings::Browser::System && !isLoopbackHttp(redirect))
        return tr(
            "The system browser can only return to this computer: use a redirect URI such as "
            "http://127.0.0.1/callback (registered at the provider), or sign in in Tokenscope's window.");
    if (edited.oauth.usePar && !isWebUrl(edited.oauth.parEndpoint))
        return tr("Pushed authorization requests need the PAR endpoint (a full http or https address).");
    if (!edited.oauth.parEndpoint.isEmpty() && !isWebUrl(edited.oauth.parEndpoint))
        return tr("The PAR endpoint must be a full http or https address, or empty.");
    return validateCommon(edited);
}

QString EnvironmentDialog::validateCommon(const Workspace::Environment& edited) const
{
    for (const QUrl& endpoint : {edited.oauth.revocationEndpoint, edited.oauth.introspectionEndpoint,
             edited.oauth.userinfoEndpoint, edited.oauth.endSessionEndpoint}) {
        if (!endpoint.isEmpty() && !isWebUrl(endpoint))
            return tr("%1 is not a full http or https address; correct it or leave the field empty.")
                .arg(endpoint.toString());
    }
    // One keychain slot holds the secret or the key: switching between them needs the new credential.
    const bool storedKey = m_original.oauth.clientAuthentication == ClientAuthentication::PrivateKeyJwt;
    if (edited.oauth.clientAuthentication == ClientAuthentication::PrivateKeyJwt && m_importedKey.isEmpty()
        && !(m_hasStoredSecret && storedKey))
        return tr("Import the private key (PEM) for private_key_jwt.");
    if (edited.oauth.clientAuthentication != ClientAuthentication::PrivateKeyJwt
        && edited.oauth.needsClientSecret() && storedKey && m_hasStoredSecret && !m_secretEdited)
        return tr("Enter the client secret: the stored credential is a private key.");
    for (const auto& [name, value] : edited.oauth.extraAuthorizationParameters) {
        if (name.isEmpty())
            return tr("Write each extra parameter as name=value.");
    }
    for (const QString& fingerprint : edited.oauth.trustedCertificates) {
        if (parseFingerprint(fingerprint).isEmpty())
            return tr("“%1” is not a SHA-256 fingerprint (64 hexadecimal digits, colons allowed).")
                .arg(fingerprint);
    }
    return {};
}

void EnvironmentDialog::updateSignInState()
{
    const bool system = Workspace::SignInSettings::Browser(m_ui->signInBrowserComboBox->currentData().toInt())
        == Workspace::SignInSettings::Browser::System;
    m_ui->signInBrowserHintLabel->setText(system
            ? tr("Your default browser opens the provider's page and returns to Tokenscope on this computer "
                 "(http://127.0.0.1 on a free port). For providers that refuse embedded browsers.")
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
        m_ui->discoveryStatusLabel->setToolTip(outcome.error.detail);
        if (outcome.error.code == QLatin1String("issuer_mismatch") && !outcome.declaredIssuer.isEmpty()) {
            // One click to adopt it; the hint above asks the user to check it is the provider meant.
            m_declaredIssuer = outcome.declaredIssuer;
            m_ui->useDeclaredIssuerButton->setText(tr("&Use %1").arg(outcome.declaredIssuer));
            m_ui->useDeclaredIssuerButton->show();
        }
        return;
    }
    const OAuth::ProviderMetadata& metadata = *outcome.metadata;
    OAuth::ClientConfig config = OAuth::applyProviderMetadata(environment().oauth, metadata);
    m_ui->issuerLineEdit->setText(config.issuer);
    m_ui->authorizationEndpointLineEdit->setText(config.authorizationEndpoint.toString());
    m_ui->tokenEndpointLineEdit->setText(config.tokenEndpoint.toString());
    m_ui->deviceAuthorizationEndpointLineEdit->setText(config.deviceAuthorizationEndpoint.toString());
    m_ui->jwksUriLineEdit->setText(config.jwksUri.toString());
    m_ui->requireIssuerCheckBox->setChecked(config.requireIssuerInResponse);
    m_ui->parEndpointLineEdit->setText(config.parEndpoint.toString());
    m_ui->useParCheckBox->setChecked(config.usePar);
    m_ui->revocationEndpointLineEdit->setText(config.revocationEndpoint.toString());
    m_ui->introspectionEndpointLineEdit->setText(config.introspectionEndpoint.toString());
    m_ui->userinfoEndpointLineEdit->setText(config.userinfoEndpoint.toString());
    m_ui->endSessionEndpointLineEdit->setText(config.endSessionEndpoint.toString());

    QStringList notes;
    if (metadata.requirePushedAuthorizationRequests) {
        notes << tr("The provider requires pushed authorization requests: PAR is on.");
        m_ui->advancedToolButton->setChecked(true);
    }
    // A method the user picked (here, or saved before) stands; otherwise the provider's best.
    const bool pkceChosen = m_pkceChosen || m_original.oauth.pkceMethod != ClientConfig().pkceMethod;
    if (!pkceChosen) {
        const QString pkce = OAuth::recommendedPkceMethod(metadata);
        m_ui->pkceMethodComboBox->setCurrentIndex(std::max(0, m_ui->pkceMethodComboBox->findData(pkce)));
        if (pkce != QLatin1String("S256")) {
            notes << tr("The provider supports only PKCE %1.").arg(pkce);
            m_ui->advancedToolButton->setChecked(true);
        }
    }
    // The user's choice stands unless the provider's list rules it out. A public client stays public:
    // providers such as Keycloak accept one without listing "none" (see recommendedClientAuthentication).
    const auto current = ClientAuthentication(m_ui->clientAuthenticationComboBox->currentData().toInt());
    const QStringList& methods = metadata.tokenEndpointAuthMethodsSupported;
    if (current != ClientAuthentication::None && !methods.isEmpty()
        && !methods.contains(OAuth::toString(current))) {
        if (methods.contains(QLatin1String("private_key_jwt"))
            && !OAuth::recommendedClientAuthentication(metadata, true)) {
            m_ui->clientAuthenticationComboBox->setCurrentIndex(
                m_ui->clientAuthenticationComboBox->findData(int(ClientAuthentication::PrivateKeyJwt)));
            notes << tr("Client authentication set to private_key_jwt: import your private key.");
        } else if (const auto recommended = OAuth::recommendedClientAuthentication(metadata, true)) {
            m_ui->clientAuthenticationComboBox->setCurrentIndex(
                m_ui->clientAuthenticationComboBox->findData(int(*recommended)));
            notes << tr("Client authentication set to %1, which the provider supports.")
                         .arg(OAuth::toString(*recommended));
        } else {
            notes << tr("The provider supports only client authentication Tokenscope does not speak (%1).")
                         .arg(methods.join(QStringLiteral(", ")));
        }
    }
    if (metadata.jwksUri.isEmpty())
        notes << tr("The provider publishes no JWKS URI: ID token signatures cannot be checked.");

    const QList<QUrl> endpoints {metadata.authorizationEndpoint, metadata.tokenEndpoint, metadata.jwksUri,
        metadata.userinfoEndpoint, metadata.revocationEndpoint, metadata.introspectionEndpoint,
        metadata.endSessionEndpoint, metadata.deviceAuthorizationEndpoint,
        metadata.pushedAuthorizationRequestEndpoint};
    const auto found
        = std::count_if(endpoints.cbegin(), endpoints.cend(), [](const QUrl& url) { return !url.isEmpty(); });
    // At least two: the authorization and token endpoints are required by the parser.
    QString text = tr("Found: %1 endpoints at %2; authorization, token and JWKS URI filled in.")
                       .arg(found)
                       .arg(outcome.documentUrl.toDisplayString());
    if (!notes.isEmpty())
        text += QLatin1Char(' ') + notes.join(QLatin1Char(' '));
    showDiscoveryStatus(text, true);
    m_ui->discoveryStatusLabel->setToolTip({});
}

void EnvironmentDialog::showDiscoveryStatus(const QString& text, bool success)
{
    m_ui->discoveryStatusLabel->setText(text);
    m_ui->discoveryStatusLabel->setStyleSheet(
        success ? QStringLiteral("color: #26a269;") : QStringLiteral("color: #c01c28;"));
    m_ui->discoveryStatusLabel->show();
}

void EnvironmentDialog::accept()
{
    const QString problem = validate();
    if (!problem.isEmpty()) {
        m_ui->problemLabel->setText(problem);
        m_ui->problemLabel->show();
        return;
    }
    QDialog::accept();
}

} // namespace Tokenscope::Ui
