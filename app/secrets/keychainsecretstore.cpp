#include "keychainsecretstore.h"

#include <QEventLoop>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace Tokenscope::Secrets {

namespace {

SecretResult resultOf(const QKeychain::Job& job)
{
    SecretResult result;
    switch (job.error()) {
    case QKeychain::NoError:
        result.status = SecretResult::Status::Ok;
        return result;
    case QKeychain::EntryNotFound:
        result.status = SecretResult::Status::NotFound;
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        result.status = SecretResult::Status::Unavailable;
        break;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        result.status = SecretResult::Status::Failed;
        break;
    }
    result.message = job.errorString();
    return result;
}

} // namespace

KeychainSecretStore::KeychainSecretStore(const QString& service, QObject* parent)
    : SecretStore(parent)
    , m_service(service)
{ }

KeychainSecretStore::~KeychainSecretStore()
{
    // A read only serves an object that is being destroyed too: drop the waiting ones, and do not wait
    // for one in flight (its job deletes itself when the keychain answers; its answer goes nowhere).
    // Quitting never waits for the keychain to be unlocked only to read.
    m_queue.removeIf([](const Operation& operation) { return operation.kind == Kind::Read; });
    // Pending writes are rotated refresh tokens and new client secrets: losing one on exit would cost
    // the user a sign-in. Let them finish, for a bounded time.
    if ((m_busy && m_running != Kind::Read) || !m_queue.isEmpty()) {
        QEventLoop loop;
        QTimer::singleShot(std::chrono::seconds(5), &loop, &QEventLoop::quit);
        // Only let the jobs finish: the objects that asked are being destroyed too.
        m_shuttingDown = true;
        m_drained = [&loop] { loop.quit(); };
        loop.exec(QEventLoop::ExcludeUserInputEvents);
        m_drained = nullptr;
    }
}

void KeychainSecretStore::read(const QString& key, QObject* context, Handler handler)
{
    enqueue({Kind::Read, key, {}, context, std::move(handler)});
}

void KeychainSecretStore::write(const QString& key, const QString& value, QObject* context, Handler handler)
{
    enqueue({Kind::Write, key, value, context, std::move(handler)});
}

void KeychainSecretStore::remove(const QString& key, QObject* context, Handler handler)
{
    enqueue({Kind::Remove, key, {}, context, std::move(handler)});
}

QString KeychainSecretStore::backendName() const
{
#if defined(Q_OS_MACOS)
    return tr("macOS Keychain");
#elif defined(Q_OS_WIN)
    return tr("Windows Credential Manager");
#else
    return tr("Secret Service");
#endif
}

void KeychainSecretStore::probe()
{
    // The answer is noted like every other (noteAnswer), so the handler has nothing left to do.
    enqueue(
        {Kind::Read, QStringLiteral("tokenscope/availability-probe"), {}, this, [](const SecretResult&) {}});
}

void KeychainSecretStore::enqueue(const Operation& operation)
{
    m_queue.enqueue(operation);
    if (!m_busy)
        startNext();
}

void KeychainSecretStore::startNext()
{
    if (m_queue.isEmpty()) {
        m_busy = false;
        if (m_drained)
            m_drained();
        return;
    }
    m_busy = true;
    Operation operation = m_queue.dequeue();
    m_running = operation.kind;

    QKeychain::Job* job = nullptr;
    switch (operation.kind) {
    case Kind::Read:
        job = new QKeychain::ReadPasswordJob(m_service);
        break;
    case Kind::Write: {
        auto* write = new QKeychain::WritePasswordJob(m_service);
        write->setTextData(operation.value);
        job = write;
        break;
    }
    case Kind::Remove:
        job = new QKeychain::DeletePasswordJob(m_service);
        break;
    }
    // Jobs have no parent and delete themselves when done: QtKeychain's Secret Service backend
    // crashes if a job is destroyed while its D-Bus call is in flight.
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(operation.key);
    connect(job, &QKeychain::Job::finished, this,
        [this, operation = std::move(operation)](QKeychain::Job* finished) {
            SecretResult result = resultOf(*finished);
            if (result.ok() && operation.kind == Kind::Read)
                result.value = static_cast<QKeychain::ReadPasswordJob*>(finished)->textData();
            // Deleting what is not there leaves the keychain as asked.
            if (operation.kind == Kind::Remove && result.status == SecretResult::Status::NotFound)
                result = {};
            if (!m_shuttingDown) {
                noteAnswer(result);
                if (operation.context)
                    operation.handler(result);
            }
            startNext();
        });
    job->start();
}

} // namespace Tokenscope::Secrets
