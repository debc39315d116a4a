#include "memorysecretstore.h"

#include <QMetaObject>
#include <QPointer>

namespace Tokenscope::Secrets {

MemorySecretStore::MemorySecretStore(QObject* parent)
    : SecretStore(parent)
{ }

void MemorySecretStore::deliver(QObject* context, Handler handler, SecretResult result)
{
    if (!m_unavailable.isEmpty())
        result = {SecretResult::Status::Unavailable, {}, m_unavailable};
    // Asynchronous like every real keychain, so callers cannot come to rely on an immediate answer.
    QPointer<MemorySecretStore> self = this;
    QMetaObject::invokeMethod(
        context,
        [self, handler = std::move(handler), result = std::move(result)] {
            if (self)
                self->noteAnswer(result);
            handler(result);
        },
        Qt::QueuedConnection);
}

void MemorySecretStore::probe()
{
    read(QStringLiteral("tokenscope/availability-probe"), this, [](const SecretResult&) {});
}

void MemorySecretStore::read(const QString& key, QObject* context, Handler handler)
{
    const auto it = m_values.constFind(key);
    deliver(context, std::move(handler),
        it == m_values.constEnd() ? SecretResult {SecretResult::Status::NotFound, {}, {}}
                                  : SecretResult {SecretResult::Status::Ok, it.value(), {}});
}

void MemorySecretStore::write(const QString& key, const QString& value, QObject* context, Handler handler)
{
    if (m_holdWrites) {
        m_heldWrites.append({key, value, context, std::move(handler)});
        return;
    }
    if (!m_writeFailure.isEmpty()) {
        deliver(context, std::move(handler), {SecretResult::Status::Failed, {}, m_writeFailure});
        return;
    }
    if (m_unavailable.isEmpty())
        m_values.insert(key, value);
    deliver(context, std::move(handler), {});
}

void MemorySecretStore::remove(const QString& key, QObject* context, Handler handler)
{
    if (m_unavailable.isEmpty())
        m_values.remove(key);
    deliver(context, std::move(handler), {});
}

void MemorySecretStore::releaseWrites()
{
    m_holdWrites = false;
    const QList<HeldWrite> held = std::exchange(m_heldWrites, {});
    for (const HeldWrite& write : held) {
        if (write.context)
            this->write(write.key, write.value, write.context, write.handler);
    }
}

QString MemorySecretStore::backendName() const
{
    return tr("memory only");
}

} // namespace Tokenscope::Secrets
