#include "clientcredentialfield.h"

#include "configvalidation.h"
#include "jwssign.h"

#include <QCheckBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace Tokenscope::Ui {

using OAuth::ClientAuthentication;

ClientCredentialField::ClientCredentialField(
    const Widgets& widgets, bool stored, ClientAuthentication storedFor, QWidget* dialog)
    : QObject(dialog)
    , m_widgets(widgets)
    , m_dialog(dialog)
    , m_stored(stored)
    , m_storedFor(storedFor)
    , m_chooseKeyFile([](QWidget* parent) {
        return QFileDialog::getOpenFileName(
            parent, tr("Import Private Key"), QString(), tr("PEM private keys (*.pem *.key);;All files (*)"));
    })
{
    connect(widgets.showSecret, &QCheckBox::toggled, this,
        [this](bool show) { m_widgets.secret->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password); });
    connect(widgets.secret, &QLineEdit::textEdited, this, [this] { m_secretEdited = true; });
    connect(widgets.importKey, &QPushButton::clicked, this, &ClientCredentialField::importKey);
}

void ClientCredentialField::setMethod(ClientAuthentication method)
{
    m_method = method;
    const bool needsSecret = method != ClientAuthentication::None;
    const bool privateKey = method == ClientAuthentication::PrivateKeyJwt;
    // The private key takes the client secret's keychain slot: the field shows what is stored or
    // imported, and only Import… changes it (a PEM has line breaks a line edit would lose).
    m_widgets.label->setText(privateKey ? tr("Private &key (PEM):") : tr("Client &secret:"));
    m_widgets.importKey->setVisible(privateKey);
    m_widgets.showSecret->setVisible(!privateKey);
    m_widgets.secret->setReadOnly(privateKey);
    if (privateKey && m_secretEdited) {
        m_widgets.secret->clear(); // a typed secret is not a key
        m_secretEdited = false;
    }
    m_widgets.secret->setEnabled(needsSecret);
    m_widgets.showSecret->setEnabled(needsSecret);
    const bool storedKey = m_stored && m_storedFor == ClientAuthentication::PrivateKeyJwt;
    if (privateKey) {
        m_widgets.secret->setPlaceholderText(!m_importedKeySummary.isEmpty()
                ? tr("%1, to the keychain on Save").arg(m_importedKeySummary)
                : storedKey ? tr("Stored in the keychain; Import… to replace it")
                            : tr("Import… a PEM file; it is kept in the keychain"));
    } else {
        m_widgets.secret->setPlaceholderText(!needsSecret ? tr("Not used by a public client")
                : m_stored                                ? tr("Stored in the keychain; type to replace it")
                                                          : tr("Stored in the keychain, never in a file"));
    }
    m_widgets.keyId->setEnabled(privateKey);
    if (m_refused && needsSecret && m_importedKeySummary.isEmpty()) {
        m_widgets.secret->setPlaceholderText(tr("Not saved: the keychain refused it; in memory only"));
        m_widgets.secret->setToolTip(
            tr("The keychain refused to store this credential, so Tokenscope holds it in memory for this "
               "session only. Unlock or start the keychain and choose Try Again in the main window: it is "
               "saved then. Otherwise enter it again after a restart."));
    } else if (m_refused) {
        m_widgets.secret->setToolTip({});
    }
}

void ClientCredentialField::setRefusedByKeychain()
{
    m_refused = true;
    setMethod(m_method);
}

std::optional<QString> ClientCredentialField::credential(ClientAuthentication method) const
{
    if (method == ClientAuthentication::PrivateKeyJwt)
        return m_importedKey.isEmpty() ? std::nullopt : std::optional<QString>(m_importedKey);
    if (!m_secretEdited)
        return std::nullopt;
    return m_widgets.secret->text();
}

void ClientCredentialField::describe(OAuth::ConfigContext* context) const
{
    context->credentialStored = m_stored;
    context->storedFor = m_storedFor;
    context->secretEntered = m_secretEdited;
    context->keyImported = !m_importedKey.isEmpty();
}

void ClientCredentialField::importKey()
{
    const QString path = m_chooseKeyFile ? m_chooseKeyFile(m_dialog) : QString();
    if (path.isEmpty())
        return;
    QFile file(path);
    QString problem;
    if (!file.open(QIODevice::ReadOnly)) {
        problem = tr("“%1” cannot be read: %2").arg(QFileInfo(path).fileName(), file.errorString());
    } else if (file.size() > qint64(64) * 1024) {
        problem = tr("“%1” is too large to be a private key.").arg(QFileInfo(path).fileName());
    } else {
        const QByteArray pem = file.readAll();
        QString reason;
        if (const auto key = Jwt::SigningKey::fromPem(pem, &reason)) {
            m_importedKey = QString::fromLatin1(pem);
            m_importedKeySummary = tr("%1 key from %2").arg(key->algorithm(), QFileInfo(path).fileName());
        } else {
            problem = reason;
        }
    }
    Q_EMIT importProblem(problem);
    if (problem.isEmpty())
        setMethod(m_method);
}

} // namespace Tokenscope::Ui
