#pragma once

#include "clientconfig.h"
#include "error.h"
#include "jws.h"

#include <QObject>

#include <functional>

namespace Tokenscope::OAuth {

class JwksClient;

// What checking a JWS with the provider's published keys found.
struct ProviderSignatureCheck
{
    // Null when the key set was had; else why not (its code is the JWKS client's, e.g. "jwks_network").
    Error keysError;
    Jwt::VerifyResult result; // against the last key set fetched; unset when keysError is not null

    bool ok() const { return keysError.isNull() && result.ok(); }
};

// Verifies a compact JWS (an ID token, a signed UserInfo answer) with the provider's keys from
// config.jwksUri: the set cached for the session first, and when that lacks the token's key, the set
// fetched once more (OIDC Core §10.1.1: the provider may have rotated its keys); a key still unknown
// then is refused. The algorithms are the allow-list of Jwt::supportedAlgorithms() (RFC 8725 §3.1).
// beforeRefetch, if set, is called just before the second fetch. done is called exactly once on
// context's thread, unless context is destroyed first.
void verifyWithProviderKeys(JwksClient* jwksClient, const ClientConfig& config, const QString& jws,
    QObject* context, std::function<void(const ProviderSignatureCheck&)> done,
    std::function<void()> beforeRefetch = {});

} // namespace Tokenscope::OAuth
