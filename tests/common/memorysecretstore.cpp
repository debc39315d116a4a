#include "memorysecretstore.h"

#include <QMetaObject>
#include <QPointer>

namespace Tokenscope::Secrets {

MemorySecretStore::MemorySecretStore(QObject* parent)
    : SecretStore(parent)
{ }

void MemorySecretStore::deliver(QObject* context, Handler handler, SecretResult result)
{
    // Asynchronous like every real keychain, so callers cannot come to rely on an immediate answer.
    QMetaObject::invokeMethod(
        context, [handler = std::move(handler), result = std::move(result)] { handler(result); },
        Qt::QueuedConnection);
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
    m_values.insert(key, value);
    deliver(context, std::move(handler), {});
}

void MemorySecretStore::remove(const QString& key, QObject* context, Handler handler)
{
    m_values.remove(key);
    deliver(context, std::move(handler), {});
}

QString MemorySecretStore::backendName() const
{
    return tr("memory only");
}

} // namespace Tokenscope::Secrets
