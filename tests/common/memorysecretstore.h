#pragma once

#include "secretstore.h"

#include <QHash>
#include <QList>
#include <QPointer>

namespace Tokenscope::Secrets {

// Holds secrets for the life of the process only, for tests: nothing ever reaches the disk. It can
// also play a keychain that is not there (setUnavailable).
class MemorySecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemorySecretStore)

public:
    explicit MemorySecretStore(QObject* parent = nullptr);

    void read(const QString& key, QObject* context, Handler handler) override;
    void write(const QString& key, const QString& value, QObject* context, Handler handler) override;
    void remove(const QString& key, QObject* context, Handler handler) override;
    QString backendName() const override;
    void probe() override;

    // From now on every call answers Unavailable with message, and nothing is stored, as QtKeychain does
    // without a Secret Service; an empty message makes the store work again.
    void setUnavailable(const QString& message) { m_unavailable = message; }
    // Writes wait, neither stored nor answered, until releaseWrites(): a keychain slow to answer.
    void holdWrites() { m_holdWrites = true; }
    void releaseWrites();
    bool hasHeldWrites() const { return !m_heldWrites.isEmpty(); }
    // From now on writes answer Failed with message and store nothing (a keychain refusing one entry
    // while reads work); an empty message lets them succeed again.
    void setWritesFail(const QString& message) { m_writeFailure = message; }

    bool contains(const QString& key) const { return m_values.contains(key); }
    QString value(const QString& key) const { return m_values.value(key); }

private:
    void deliver(QObject* context, Handler handler, SecretResult result);

    QHash<QString, QString> m_values;
    QString m_unavailable;
    QString m_writeFailure;
    bool m_holdWrites = false;
    struct HeldWrite
    {
        QString key;
        QString value;
        QPointer<QObject> context;
        Handler handler;
    };
    QList<HeldWrite> m_heldWrites;
};

} // namespace Tokenscope::Secrets
