// The answers of the provider's other endpoints; the first byte says which one answered, the rest is
// the response (see fuzzsupport.h):
//   '0': device authorization (RFC 8628 §3.2)   '1': pushed authorization request (RFC 9126 §2.2)
//   '2': revocation (RFC 7009 §2.2)             '3': introspection (RFC 7662 §2.2)
//   '4': UserInfo (OIDC Core §5.3.2)

#include "deviceauthorization.h"
#include "endpointanswer.h"
#include "fuzzresponse.h"
#include "tokenclient.h"
#include "tokenendpoints.h"

#include <QDateTime>

using namespace Tokenscope;

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    static const QDateTime receivedAt = QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC);
    static const QString base
        = QStringLiteral("https://login.example.com/realms/demo/protocol/openid-connect/");
    const QByteArray input = Fuzz::bytes(data + 1, size - 1);

    switch (static_cast<std::uint8_t>(data[0] - '0') % 5) {
    case 0: {
        const auto response = Fuzz::responseFrom(input, QUrl(base + QStringLiteral("auth/device")));
        (void)OAuth::classifyEndpointAnswer(OAuth::Endpoint::DeviceAuthorization, response);
        (void)OAuth::parseDeviceAuthorizationResponse(response, receivedAt);
        break;
    }
    case 1: {
        const auto response = Fuzz::responseFrom(input, QUrl(base + QStringLiteral("ext/par/request")));
        (void)OAuth::classifyEndpointAnswer(OAuth::Endpoint::PushedAuthorization, response);
        (void)OAuth::parseParResponse(response);
        break;
    }
    case 2: {
        const auto response = Fuzz::responseFrom(input, QUrl(base + QStringLiteral("revoke")));
        (void)OAuth::classifyEndpointAnswer(OAuth::Endpoint::Revocation, response);
        (void)OAuth::interpretRevocationResponse(response);
        break;
    }
    case 3: {
        const auto response = Fuzz::responseFrom(input, QUrl(base + QStringLiteral("token/introspect")));
        (void)OAuth::classifyEndpointAnswer(OAuth::Endpoint::Introspection, response);
        (void)OAuth::interpretIntrospectionResponse(response);
        break;
    }
    default: {
        const auto response = Fuzz::responseFrom(input, QUrl(base + QStringLiteral("userinfo")));
        (void)OAuth::classifyEndpointAnswer(OAuth::Endpoint::UserInfo, response);
        (void)OAuth::interpretUserInfoResponse(response, QStringLiteral("248289761001"));
        (void)OAuth::interpretUserInfoResponse(response, {});
        break;
    }
    }
    return 0;
}
