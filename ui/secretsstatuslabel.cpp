#include "secretsstatuslabel.h"

#include "messagebanner.h"
#include "secretstore.h"

#include <QTimer>

namespace Tokenscope::Ui {

SecretsStatusLabel::SecretsStatusLabel(Secrets::SecretStore* store, MessageBanner* banner, QWidget* parent)
    : QLabel(parent)
    , m_store(store)
    , m_banner(banner)
{
    setObjectName(QStringLiteral("secretsStatusLabel"));
    connect(
        store, &Secrets::SecretStore::availabilityChanged, this, &SecretsStatusLabel::availabilityChanged);
    connect(store, &Secrets::SecretStore::availabilityProblem, this, &SecretsStatusLabel::warn);
    QTimer::singleShot(0, store, &Secrets::SecretStore::probe);
    updateText();
}

void SecretsStatusLabel::updateText()
{
    setText(tr("Secrets: %1").arg(m_store->backendName()));
}

void SecretsStatusLabel::availabilityChanged(bool available)
{
    updateText();
    if (available && m_warned) {
        m_warned = false;
        m_banner->hide();
        Q_EMIT statusMessage(
            tr("The keychain is available again; secrets of this session were saved."), 8000);
    }
}

void SecretsStatusLabel::warn(const QString& message)
{
    if (m_warned)
        return;
    m_warned = true;
    updateText();
    m_banner->showMessage(MessageBanner::Level::Warning, tr("The keychain is not available"),
        tr("%1\nRefresh tokens and client secrets are kept in memory for this session only and are never "
           "written to disk. Unlock or install a keychain (Secret Service, KWallet) and they will be saved "
           "again.")
            .arg(message),
        MessageBanner::Scope::Application);
    m_banner->setAction(tr("Try Again"), [store = m_store] { store->probe(); });
}

} // namespace Tokenscope::Ui
