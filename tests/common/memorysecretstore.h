#pragma once

#include "secretstore.h"

#include <QHash>

namespace Tokenscope::Secrets {

// Holds secrets for the life of the process only. Used for unit tests, and as the session store
// when the keychain is unavailable: nothing ever reaches the disk.
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

    bool contains(const QString& key) const { return m_values.contains(key); }
    QString value(const QString& key) const { return m_values.value(key); }

private:
    void deliver(QObject* context, Handler handler, SecretResult result);

    QHash<QString, QString> m_values;
};

} // namespace Tokenscope::Secrets
