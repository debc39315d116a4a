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
};

// Keys name the environment by its stable id, so renaming keeps secrets and deleting can remove them.
inline QString secretKey(const QString& environmentId, const QString& what)
{
    return environmentId + QLatin1Char('/') + what;
}

} // namespace Tokenscope::Secrets
