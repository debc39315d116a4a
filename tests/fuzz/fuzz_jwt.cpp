// Compact JWT decode, JWS verification against a fixed key set (RSA, EC P-256, Ed25519), and the ID
// token claim checks a sign-in applies after it.

#include "fuzzsupport.h"
#include "idtoken.h"
#include "jwk.h"
#include "jws.h"
#include "jwt.h"

#include <QDateTime>

using namespace Tokenscope;

namespace {

// Public keys of RFC 7515 Appendix A.2 (RSA) and A.3 (EC P-256) and RFC 8037 Appendix A (Ed25519), so
// the RFCs' example tokens in the corpus verify and the fuzzer starts from valid signatures.
const QByteArray keySet = R"({"keys":[
{"kty":"RSA","kid":"rfc7515-a2","use":"sig","e":"AQAB","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"},
{"kty":"EC","kid":"rfc7515-a3","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},
{"kty":"OKP","kid":"rfc8037","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
]})";

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const Jwt::JwkSet keys = *Jwt::parseJwkSet(keySet).set;
    const QString compact = QString::fromUtf8(Fuzz::bytes(data, size));

    if (const auto decoded = Jwt::decode(compact)) {
        (void)Jwt::audiences(decoded->payload);
        (void)Jwt::verify(*decoded, keys);
        (void)Jwt::verify(*decoded, keys, {QStringList {QStringLiteral("ES256"), QStringLiteral("EdDSA")}});
    }
    (void)Jwt::looksLikeJwt(compact);
    (void)OAuth::verifyIdTokenSignature(compact, keys, {QStringLiteral("RS256")});

    OAuth::IdTokenExpectations expected;
    expected.issuer = QStringLiteral("joe");
    expected.clientId = QStringLiteral("tokenscope");
    expected.nonce = QStringLiteral("n-0S6_WzA2Mj");
    expected.now = QDateTime::fromSecsSinceEpoch(1300819000);
    (void)OAuth::checkIdTokenClaims(compact, expected);
    return 0;
}
