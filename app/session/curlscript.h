#pragma once

#include "supportreport.h"

#include <QString>

namespace Tokenscope::Workspace {

// A POSIX shell script that repeats the snapshot's recorded flow with curl, one command per recorded
// request: the authorization URL printed for the user to open (the code comes from a browser), then the
// token, refresh and API requests. It holds no secret: each one (client secret, code, code_verifier,
// tokens, secret header values) is read from the terminal without echo when first needed, or taken from
// a shell variable of the same name; tokens in a token response are picked up for the commands after it.
QString curlScript(const SupportSnapshot& snapshot);

} // namespace Tokenscope::Workspace
