// The raw bytes a local process sends to the loopback listener (RFC 8252 §7.3): request line, headers,
// Content-Length and body, whole or in two reads, then the fields a form_post redirect carries.

#include "formencoding.h"
#include "fuzzsupport.h"
#include "loopbackrequest.h"

using namespace Tokenscope;

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray received = Fuzz::bytes(data, size);
    const OAuth::LoopbackRequest request = OAuth::parseLoopbackRequest(received);
    if (request.status == OAuth::LoopbackRequest::Status::Complete) {
        (void)request.target.path(QUrl::FullyEncoded);
        (void)Http::formDecode(request.target.query(QUrl::FullyEncoded).toLatin1());
        (void)Http::formDecode(request.body);
    }
    // The listener reads what has arrived so far each time: the first half alone must not be taken
    // for a whole request that differs from the full one.
    const OAuth::LoopbackRequest firstRead = OAuth::parseLoopbackRequest(received.left(received.size() / 2));
    if (firstRead.status == OAuth::LoopbackRequest::Status::Complete
        && request.status == OAuth::LoopbackRequest::Status::Complete
        && (firstRead.method != request.method || firstRead.body != request.body))
        __builtin_trap();
    return 0;
}
