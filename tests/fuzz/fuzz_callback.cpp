// The authorization response as the redirect brings it back (RFC 6749 §4.1.2, RFC 9207, OAuth 2.0 Form
// Post Response Mode): the first byte says how the input arrives, the rest is what arrives.
//   '0': a whole redirect URL          '1': the query of the registered redirect URI
//   '2': its fragment                  '3': form_post fields, read as the loopback listener reads them

#include "callback.h"
#include "formencoding.h"
#include "fuzzsupport.h"

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
    static const QUrl redirectUri(QStringLiteral("http://127.0.0.1:53682/callback"));
    const QByteArray input = Fuzz::bytes(data + 1, size - 1);

    QUrl received = redirectUri;
    switch (static_cast<std::uint8_t>(data[0] - '0') % 4) {
    case 0:
        received = QUrl::fromEncoded(input, QUrl::TolerantMode);
        break;
    case 1:
        received.setQuery(QString::fromUtf8(input), QUrl::TolerantMode);
        break;
    case 2:
        received.setFragment(QString::fromUtf8(input), QUrl::TolerantMode);
        break;
    default: {
        // The loopback listener decodes the posted fields, then hands the redirect on with them as its
        // query (loopbackloginagent.cpp).
        (void)Http::formDecode(input);
        received.setQuery(QString::fromLatin1(input), QUrl::StrictMode);
        break;
    }
    }

    OAuth::PendingAuthorization pending;
    pending.redirectUri = redirectUri;
    pending.state = QStringLiteral("af0ifjsldkj");
    pending.expectedIssuer = QStringLiteral("https://login.example.com/realms/demo");
    pending.issuerRequired = (data[0] & 0x80) != 0;
    (void)OAuth::matchesRedirectUri(received, redirectUri);
    (void)OAuth::validateCallback(received, pending);
    // A second response with the same state: the first consumed it.
    (void)OAuth::validateCallback(received, pending);
    return 0;
}
