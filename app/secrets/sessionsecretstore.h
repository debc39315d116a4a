#pragma once

#include "secretstore.h"

#include <QHash>
#include <QSet>

namespace Tokenscope::Secrets {

// What the application uses: the keychain, with the session's own copy in memory in front of it.
// When the keychain is unavailable (no Secret Service, locked, refused), the session goes on with
// secrets held in memory only and says so through availabilityProblem(); nothing is ever written in
// plain text. A later successful write (after unlocking) persists again.
class SessionSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionSecretStore)

public:
    // Takes ownership of the persistent store.
    explicit SessionSecretStore(SecretStore* persistent, QObject* parent = nullptr);

    void read(const QString& key, QObject* context, Handler handler) override;
    void write(const QString& key, const QString& value, QObject* context, Handler handler) override;
    void remove(const QString& key, QObject* context, Handler handler) override;
    QString backendName() const override;
    // Asks the keychain for an entry that does not exist. While it is unavailable, secrets of this
    // session stay in memory only.
    void probe() override;
    bool isHeldInMemoryOnly(const QString& key) const override { return m_unsaved.contains(key); }

private:
    void noteResult(const SecretResult& result);

    void persistPending();

    SecretStore* m_persistent;
    QHash<QString, QString> m_memory;
    QSet<QString> m_unsaved; // held in memory because the keychain refused them
    QHash<QString, quint64> m_versions; // per key, bumped by every write and removal
};

} // namespace Tokenscope::Secrets
