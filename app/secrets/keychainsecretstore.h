#pragma once

#include "secretstore.h"

#include <QPointer>
#include <QQueue>

namespace Tokenscope::Secrets {

// The operating system's keychain through QtKeychain: Secret Service (GNOME Keyring, KWallet) on
// Linux, Keychain Services on macOS, Credential Manager on Windows. Never falls back to a file
// (QtKeychain's insecure fallback stays off). Jobs run one at a time, so a write followed by a read of
// the same key always reads what was written.
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainSecretStore)

public:
    explicit KeychainSecretStore(
        const QString& service = QStringLiteral("Tokenscope"), QObject* parent = nullptr);
    ~KeychainSecretStore() override;

    void read(const QString& key, QObject* context, Handler handler) override;
    void write(const QString& key, const QString& value, QObject* context, Handler handler) override;
    void remove(const QString& key, QObject* context, Handler handler) override;
    QString backendName() const override;
    void probe() override;

private:
    enum class Kind { Read, Write, Remove };
    struct Operation
    {
        Kind kind;
        QString key;
        QString value;
        QPointer<QObject> context;
        Handler handler;
    };

    void enqueue(const Operation& operation);
    void startNext();

    QString m_service;
    QQueue<Operation> m_queue;
    bool m_busy = false;
    Kind m_running = Kind::Read; // what the job in flight does, while m_busy
    bool m_shuttingDown = false;
    std::function<void()> m_drained; // set while the destructor waits for the queue
};

} // namespace Tokenscope::Secrets
