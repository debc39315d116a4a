#pragma once

#include <QUrl>

namespace Tokenscope::OAuth {

// Whether a request the embedded browser is about to make goes to the redirect URI, compared as
// RFC 3986 §6.2.2 normalises both: scheme and host case, a host's trailing dot, the default port,
// percent-encoded unreserved characters and dot segments (/x/../callback). Broader than
// matchesRedirectUri on purpose: whatever could reach the redirect URI's listener is stopped, while
// what is accepted as the authorization response is still decided by the exact match.
bool targetsRedirectUri(const QUrl& candidate, const QUrl& redirectUri);

} // namespace Tokenscope::OAuth
