#pragma once

#include "certificatefingerprint.h"
#include "clientconfig.h"
#include "error.h"
#include "httpmessage.h"
#include "networkclient.h"

#include <QJsonObject>
#include <QString>

#include <chrono>
#include <optional>

namespace Tokenscope::OAuth {

// The provider's addresses whose answers Tokenscope reads.
enum class Endpoint {
    Token, // RFC 6749 §3.2
    PushedAuthorization, // RFC 9126 §2
    DeviceAuthorization, // RFC 8628 §3.1
    Revocation, // RFC 7009 §2
    Introspection, // RFC 7662 §2
    UserInfo, // OIDC Core §5.3
    Jwks, // the provider's key set, OIDC Discovery jwks_uri
    Discovery, // the provider's metadata, OIDC Discovery §4 and RFC 8414 §3
};

// What an endpoint's answer is before its own members are read: a body for the success path, or the
// failure a user can read, with its code set.
struct EndpointAnswer
{
    // The ladder, in the order it is climbed: the first that applies is the answer.
    enum class Problem {
        None, // a 2xx answer with a body the success path reads
        Timeout, // "timeout"
        TooLarge, // "too_large"
        UntrustedCertificate, // "untrusted_certificate"
        Network, // "network"
        Redirect, // "redirect": never followed to here
        ProviderError, // an RFC 6749 §5.2 error object: its `error` is the code
        HtmlErrorPage, // "html_error": an error status with a web page
        HttpError, // "http_error"
        EmptyBody, // "empty_body"
        HtmlBody, // "html_body": a web page where JSON belongs
        NotJson, // "non_json"
        NotAnObject, // "array_body": JSON, but not an object
    };

    Problem problem = Problem::None;
    Error error; // null when problem is None
    // With None: the body as a JSON object, for the endpoints that answer with one. Empty for a
    // revocation (its body means nothing, RFC 7009 §2.2) and a signed UserInfo answer (a JWT).
    QJsonObject object;

    bool ok() const { return problem == Problem::None; }
};

// Reads the status, the transport failure and the shape of the body of an endpoint's answer; every
// endpoint climbs the same ladder and every failure reads as a whole sentence about that endpoint.
EndpointAnswer classifyEndpointAnswer(Endpoint endpoint, const Http::HttpResponse& response);

// The start of a body, on one line, for an error's detail: at most excerptLength characters of it.
constexpr int excerptLength = 300;
QString excerpt(const QByteArray& body);

// A lifetime or interval member (expires_in, interval): whole, non-negative seconds below limit, as a
// JSON number or, as some servers send them, digits in a string. Nothing for anything else.
std::optional<qint64> wholeSeconds(const QJsonValue& value, qint64 limit);

// What a request carrying credentials (the client's authentication or an access token) may do: never
// go on to another address (RFC 9700 §4.11), and get an answer of a few KiB, a megabyte at most.
Http::NetworkClient::Options credentialRequestOptions(const QString& purpose,
    std::chrono::milliseconds timeout, const QList<CertificateFingerprint>& trustedCertificates);
// The same for the client config's provider: its trusted certificates, and plain http only to loopback
// addresses unless the environment allows it (RFC 6749 §10.3: credentials travel under TLS).
Http::NetworkClient::Options credentialRequestOptions(
    const QString& purpose, std::chrono::milliseconds timeout, const ClientConfig& config);

// A refusal of a request that carried the client's authentication (RFC 6749 §2.3): invalid_client or
// unauthorized_client at any status, or any 401 or 403 but invalid_grant and invalid_scope. Its hint
// then names the credential of method (the secret, the private key) beside the provider's own cause, as
// some providers answer a wrong secret with unauthorized_client or a bare 403. Any other error, and any
// error when method is None (nothing was sent to blame), is returned as it is.
Error withClientAuthenticationCause(const Error& error, int status, ClientAuthentication method);

// Adds a line to an error's detail.
void appendDetail(Error* error, const QString& line);

// An outcome struct (TokenOutcome, JwksOutcome, …) that carries only its error.
template<typename Outcome>
Outcome failedOutcome(const Error& error)
{
    Outcome outcome;
    outcome.error = error;
    return outcome;
}

} // namespace Tokenscope::OAuth
