#include "sessionsecretstore.h"

#include <QMetaObject>
#include <QPointer>

namespace Tokenscope::Secrets {

SessionSecretStore::SessionSecretStore(SecretStore* persistent, QObject* parent)
    : SecretStore(parent)
    , m_persistent(persistent)
{
    m_persistent->setParent(this);
}

void SessionSecretStore::noteResult(const SecretResult& result)
{
    if (noteAnswer(result))
        persistPending();
}

void SessionSecretStore::read(const QString& key, QObject* context, Handler handler)
{
    // Writes update the memory copy at once, so it always holds the latest value of this session.
    if (const auto cached = m_memory.constFind(key); cached != m_memory.constEnd()) {
        QMetaObject::invokeMethod(
            context,
            [handler = std::move(handler), value = cached.value()] {
                handler({SecretResult::Status::Ok, value, {}});
            },
            Qt::QueuedConnection);
        return;
    }
    QPointer<SessionSecretStore> self = this;
    const quint64 version = m_versions.value(key);
    m_persistent->read(
        key, context, [self, key, version, handler = std::move(handler)](const SecretResult& result) {
            if (self) {
                self->noteResult(result);
                // Cache only if nothing was written or removed meanwhile: a removed secret must stay removed.
                if (result.ok() && self->m_versions.value(key) == version && !self->m_memory.contains(key))
                    self->m_memory.insert(key, result.value);
            }
            handler(result);
        });
}

void SessionSecretStore::write(const QString& key, const QString& value, QObject* context, Handler handler)
{
    m_memory.insert(key, value);
    const quint64 version = ++m_versions[key];
    QPointer<SessionSecretStore> self = this;
    m_persistent->write(
        key, value, context, [self, key, version, handler = std::move(handler)](const SecretResult& result) {
            if (self) {
                // Unless overtaken by a later write or a removal of the same key.
                if (self->m_versions.value(key) == version) {
                    if (result.ok())
                        self->m_unsaved.remove(key);
                    else
                        self->m_unsaved.insert(key);
                }
                self->noteResult(result);
            }
            handler(result);
        });
}

void SessionSecretStore::persistPending()
{
    // The keychain is back (unlocked, or its service started): save what this session had to hold in
    // memory, so a restart does not lose it.
    const QSet<QString> pending = std::exchange(m_unsaved, {});
    for (const QString& key : pending) {
        QPointer<SessionSecretStore> self = this;
        m_persistent->write(key, m_memory.value(key), this, [self, key](const SecretResult& result) {
            if (self && !result.ok())
                self->m_unsaved.insert(key);
        });
    }
}

void SessionSecretStore::remove(const QString& key, QObject* context, Handler handler)
{
    m_memory.remove(key);
    m_unsaved.remove(key);
    ++m_versions[key];
    QPointer<SessionSecretStore> self = this;
    m_persistent->remove(key, context, [self, handler = std::move(handler)](const SecretResult& result) {
        if (self)
            self->noteResult(result);
        handler(result);
    });
}

void SessionSecretStore::probe()
{
    QPointer<SessionSecretStore> self = this;
    m_persistent->read(
        QStringLiteral("tokenscope/availability-probe"), this, [self](const SecretResult& result) {
            if (self)
                self->noteResult(result);
        });
}

QString SessionSecretStore::backendName() const
{
    return isAvailable() ? m_persistent->backendName() : tr("memory only (keychain unavailable)");
}

} // namespace Tokenscope::Secrets
