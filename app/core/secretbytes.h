#pragma once

#include <QByteArray>

#include <utility>

namespace Tokenscope {

// Owns a temporary QByteArray holding a secret (a client secret, a PEM private key, a form body with a
// refresh token) and zeroes its storage when dropped, so the bytes do not linger in freed heap memory.
// QByteArray is implicitly shared: the storage is zeroed only while this is its sole owner. A copy that
// escaped (a QNetworkRequest header, a body still queued by the network) keeps the bytes, and the last
// owner frees them unwiped; wiping there would corrupt a request in flight or race another thread.
class SecretBytes final
{
public:
    SecretBytes() = default;
    explicit SecretBytes(QByteArray bytes)
        : m_bytes(std::move(bytes))
    { }
    ~SecretBytes() { wipe(); }
    Q_DISABLE_COPY_MOVE(SecretBytes)

    const QByteArray& bytes() const { return m_bytes; }
    // Wipes what this held (if unshared), then holds bytes.
    void reset(QByteArray bytes)
    {
        wipe();
        m_bytes = std::move(bytes);
    }

    // Zeroes the whole allocation (capacity, not only size) when no other QByteArray shares it, and
    // returns whether it did. The size is kept: the storage stays owned until this is destroyed.
    bool wipe();

private:
    QByteArray m_bytes;
};

} // namespace Tokenscope
