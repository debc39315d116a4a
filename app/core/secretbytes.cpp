#include "secretbytes.h"

#include <openssl/crypto.h>

namespace Tokenscope {

bool SecretBytes::wipe()
{
    // isDetached() is false for shared storage and for fromRawData(), which this must never write to.
    if (m_bytes.capacity() == 0 || !m_bytes.isDetached())
        return false;
    // OPENSSL_cleanse, unlike memset, is not removed by the optimiser as a dead store.
    OPENSSL_cleanse(m_bytes.data(), size_t(m_bytes.capacity()));
    return true;
}

} // namespace Tokenscope
