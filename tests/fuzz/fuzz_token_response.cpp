// A token endpoint response (RFC 6749 §5.1, §5.2) as the client reads it: status, headers and body.

#include "fuzzresponse.h"
#include "tokenset.h"

#include <QDateTime>

using namespace Tokenscope;

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const QUrl tokenEndpoint(
        QStringLiteral("https://login.example.com/realms/demo/protocol/openid-connect/token"));
    static const QDateTime receivedAt = QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC);
    const Http::HttpResponse response = Fuzz::responseFrom(Fuzz::bytes(data, size), tokenEndpoint);
    const OAuth::TokenOutcome outcome
        = OAuth::parseTokenResponse(response, QStringLiteral("openid profile offline_access"), receivedAt);
    if (outcome.ok() && outcome.tokens) {
        // A refresh answer is merged into the tokens of the sign-in it continues.
        (void)outcome.tokens->continuedWith(*outcome.tokens);
    }
    return 0;
}
