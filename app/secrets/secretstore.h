#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace Tokenscope::Secrets {

struct SecretResult
{
    enum class Status {
        Ok,
        NotFound,
        Unavailable, // no keychain, locked, or the user refused access: nothing was stored anywhere
        Failed,
    };
    Status status = Status::Ok;
    QString value;
    QString message; // the keychain's own words, for the user

    bool ok() const { return status == Status::Ok; }
    // The backend answered as a working one does, whether or not it had the entry. A locked keyring
    // whose unlock prompt cannot be shown answers Failed, not Unavailable: for the user both mean the
    // same, secrets are not being kept.
    bool backendWorks() const { return status == Status::Ok || status == Status::NotFound; }
};

// The only way secrets (refresh tokens, client secrets, secret variables) are kept. Calls are
// asynchronous, handled in the order they were made, and each handler runs exactly once on the
// context's thread unless the context is destroyed first.
class SecretStore : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    using Handler = std::function<void(const SecretResult&)>;

    explicit SecretStore(QObject* parent = nullptr)
        : QObject(parent)
    { }
    ~SecretStore() override = default;

    virtual void read(const QString& key, QObject* context, Handler handler) = 0;
    virtual void write(const QString& key, const QString& value, QObject* context, Handler handler) = 0;
    virtual void remove(const QString& key, QObject* context, Handler handler) = 0;
    // "Secret Service", "macOS Keychain", "memory only": what the UI tells the user.
    virtual QString backendName() const = 0;

    // Whether secrets written now outlive this process: false from an answer showing that the backend
    // cannot keep them (no keychain, locked, access refused) until an answer shows it can again.
    bool isAvailable() const { return m_available; }
    // Asks the backend, without touching a secret, whether it can be used, so that a missing or locked
    // keychain is known before the first secret needs it; the answer comes through the signals below.
    // A store whose backend is always there has nothing to ask.
    virtual void probe() { }
    // Whether the latest value of key is held in this process only, because the backend refused to keep
    // it. Only a store with a memory copy in front of the backend holds one.
    virtual bool isHeldInMemoryOnly(const QString& /*key*/) const { return false; }

Q_SIGNALS:
    // The backend could not be used; its own words. Sent with every such answer, not only the first.
    void availabilityProblem(const QString& message);
    void availabilityChanged(bool available);

protected:
    // Every answer of the backend comes through here. True when it made the store available again.
    bool noteAnswer(const SecretResult& result)
    {
        const bool available = result.backendWorks();
        if (!available)
            Q_EMIT availabilityProblem(result.message);
        if (available == m_available)
            return false;
        m_available = available;
        Q_EMIT availabilityChanged(available);
        return available;
    }

private:
    bool m_available = true;
};

// Keys name the environment by its stable id, so renaming keeps secrets and deleting can remove them.
inline QString secretKey(const QString& environmentId, const QString& what)
{
    return environmentId + QLatin1Char('/') + what;
}

} // namespace Tokenscope::Secrets
