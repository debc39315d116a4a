#pragma once

#include "error.h"
#include "httpmessage.h"

#include <QDateTime>
#include <QString>
#include <QUrl>

#include <optional>

namespace Tokenscope::OAuth {

// The device authorization response (RFC 8628 §3.2): what the user must type, and where.
struct DeviceAuthorization
{
    QString deviceCode; // a secret: only ever sent back to the token endpoint
    QString userCode;
    QUrl verificationUri;
    QUrl verificationUriComplete; // optional: the URI with the user code in it (§3.3.1)
    qint64 expiresInSeconds = 0;
    QDateTime expiresAt;
    int intervalSeconds = 5; // §3.2: 5 when the provider does not say
};

struct DeviceAuthorizationOutcome
{
    std::optional<DeviceAuthorization> authorization;
    // Null on success. Its code: the provider's `error`, one of EndpointAnswer's ("network", "timeout",
    // "too_large", "untrusted_certificate", "redirect", "html_error", "http_error", "empty_body",
    // "html_body", "non_json", "array_body"), or "missing_device_code", "missing_user_code",
    // "missing_verification_uri", "invalid_verification_uri", "missing_expires_in", "invalid_expires_in",
    // "invalid_interval", "client_assertion".
    Error error;

    bool ok() const { return error.isNull(); }
};

// Reads a device authorization endpoint response with the checks a client owes it (RFC 8628 §3.2,
// §3.3): every required member present and of the right type, nothing guessed.
DeviceAuthorizationOutcome parseDeviceAuthorizationResponse(
    const Http::HttpResponse& response, const QDateTime& receivedAt);

} // namespace Tokenscope::OAuth
