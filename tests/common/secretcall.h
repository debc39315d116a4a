#pragma once

#include "secretstore.h"

#include <QTest>

#include <functional>
#include <optional>
#include <utility>

namespace Tokenscope::Tests {

// Runs one asynchronous SecretStore call and waits (event loop, no sleep) for its answer.
inline Secrets::SecretResult callSecretStore(
    const std::function<void(QObject*, Secrets::SecretStore::Handler)>& operation, int timeoutMs = 15000)
{
    QObject context;
    std::optional<Secrets::SecretResult> result;
    operation(&context, [&result](const Secrets::SecretResult& r) { result = r; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, timeoutMs))
        return {Secrets::SecretResult::Status::Failed, {},
            QStringLiteral("no answer from the secret store in time")};
    return *result;
}

// Stores one secret, as the application would have before the test (a refresh token from an earlier
// run, a client secret), and waits for the store's answer.
inline Secrets::SecretResult writeSecret(
    Secrets::SecretStore* store, const QString& key, const QString& value)
{
    return callSecretStore([&](QObject* context, Secrets::SecretStore::Handler handler) {
        store->write(key, value, context, std::move(handler));
    });
}

} // namespace Tokenscope::Tests
