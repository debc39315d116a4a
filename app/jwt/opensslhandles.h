#pragma once

// Owning handles for the OpenSSL 3 objects the jwt library uses; internal to app/jwt.

#include <memory>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

namespace Tokenscope::Jwt::Ossl {

template<auto Free>
struct Deleter
{
    template<typename T>
    void operator()(T* pointer) const noexcept
    {
        Free(pointer);
    }
};

using PKey = std::unique_ptr<EVP_PKEY, Deleter<&EVP_PKEY_free>>;
using PKeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<&EVP_PKEY_CTX_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Deleter<&EVP_MD_CTX_free>>;
using BigNum = std::unique_ptr<BIGNUM, Deleter<&BN_free>>;
using ParamBuilder = std::unique_ptr<OSSL_PARAM_BLD, Deleter<&OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<&OSSL_PARAM_free>>;
using EcdsaSig = std::unique_ptr<ECDSA_SIG, Deleter<&ECDSA_SIG_free>>;

inline const unsigned char* bytes(const char* data)
{
    return reinterpret_cast<const unsigned char*>(data);
}

} // namespace Tokenscope::Jwt::Ossl
