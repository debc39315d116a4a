// A provider's JWK Set (RFC 7517 §5): every key type, curve and parameter the parser reads, the
// thumbprints it computes, and the keys it builds.

#include "fuzzsupport.h"
#include "jwk.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Tokenscope;

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray json = Fuzz::bytes(data, size);
    const Jwt::JwkSetParse parsed = Jwt::parseJwkSet(json);
    if (parsed.ok()) {
        for (const Jwt::Jwk& key : parsed.set->keys)
            (void)key.thumbprint.size();
    }
    // A single key, as the token inspector reads one pasted by the user.
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (document.isObject()) {
        QString reason;
        (void)Jwt::parseJwk(document.object(), &reason);
        (void)Jwt::jwkThumbprint(document.object());
    }
    return 0;
}
