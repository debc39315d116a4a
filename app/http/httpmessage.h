#pragma once

#include "bodybuffer.h"
#include "redaction.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

#include <memory>

namespace Tokenscope::Http {

struct HeaderField
{
    QString name;
    QString value;
    bool enabled = true;

    friend bool operator==(const HeaderField&, const HeaderField&) = default;
};

// A field of a form body: urlencoded (text only) or multipart (text or a file).
struct FormField
{
    QString name;
    QString value; // the text, or for a file the file's path
    bool isFile = false;
    QString contentType; // multipart only; empty: guessed from the file name, none for text
    bool enabled = true;

    friend bool operator==(const FormField&, const FormField&) = default;
};

enum class BodyKind {
    None,
    Raw, // HttpRequest::body as typed; rawType says which Content-Type goes with it
    FormUrlEncoded, // formFields
    Multipart, // formFields, with files
    BinaryFile, // the file at bodyFilePath
};

// How the request carries a credential. Inherit: as the environment says (today: the access token as
// `Authorization: Bearer`). The others override it for this request (some APIs differ from RFC 6750).
struct RequestAuth
{
    enum class Style {
        Inherit,
        BearerHeader, // Authorization: Bearer <access token>
        CustomHeader, // <headerName>: <prefix><access token>, e.g. "X-Access-Token" with no prefix
        QueryParameter, // ?<parameterName>=<access token> (RFC 6750 §2.3; discouraged, for APIs that need it)
        None,
        Basic, // Authorization: Basic base64(username:password); both may hold {{variables}}
        BearerFromVariable, // Authorization: Bearer {{variable}}
    };
    Style style = Style::Inherit;
    QString headerName;
    QString prefix;
    QString parameterName;
    QString username;
    QString password; // a {{secret variable}} reference when persisted, never a literal secret
    QString variable;

    friend bool operator==(const RequestAuth&, const RequestAuth&) = default;
};

// A query parameter switched off: never sent, kept where it was among the URL's own parameters.
struct DisabledQueryParameter
{
    int position = 0; // its row among all the query parameters, the URL's and the disabled ones
    QString name; // as written in the URL (percent escapes and {{variables}} kept)
    QString value;

    friend bool operator==(const DisabledQueryParameter&, const DisabledQueryParameter&) = default;
};

// A request as the user composed it: the URL, headers and body may hold {{variables}}.
struct HttpRequest
{
    QByteArray method = "GET";
    QString url;
    QList<HeaderField> headers;
    QList<HeaderField> pathVariables; // values of the URL's `:name` path segments (pathvariables.h)
    QList<DisabledQueryParameter> disabledQuery; // in ascending position; the enabled ones are in url
    QByteArray body; // BodyKind::Raw
    bool attachAccessToken = true;
    BodyKind bodyKind = BodyKind::Raw; // Raw with an empty body sends none, as before body kinds
    QString rawType; // "json", "xml", "text" or empty (no Content-Type added)
    QList<FormField> formFields;
    QString bodyFilePath;
    RequestAuth auth;
    int timeoutMs = 0; // 0: the client's default
    bool followRedirects = true;

    friend bool operator==(const HttpRequest&, const HttpRequest&) = default;
};

// How the response came: the TLS session and the server's certificate (empty over plain http).
struct TlsDetails
{
    QString protocol; // "TLS 1.3"
    QString cipher;
    QString subject;
    QString issuer;
    QDateTime notBefore;
    QDateTime notAfter;
    QByteArray sha256; // of the DER certificate

    bool isNull() const { return protocol.isEmpty() && sha256.isEmpty(); }
};

// One redirect followed on the way to the response.
struct RedirectHop
{
    int status = 0;
    QUrl url; // where the hop was answered from (secrets masked)
};

// The request as it left, for the record: secrets masked in the URL and headers.
struct SentRequest
{
    QByteArray method;
    QUrl url;
    QList<RawHeader> headers;
};

// A response as it was received. Transport failures (DNS, TLS, timeout) have status 0 and an error.
struct HttpResponse
{
    QUrl url;
    int status = 0;
    QByteArray reason;
    QList<RawHeader> headers;
    // The body as received, when it is at most bodyInMemoryBytes; larger ones only in bodyBuffer.
    QByteArray body;
    // The whole body, of any size, in memory or a mapped temporary file (null when none arrived).
    std::shared_ptr<const Body::BodyBuffer> bodyBuffer;
    static constexpr qint64 bodyInMemoryBytes = qint64(8) * 1024 * 1024;
    qint64 elapsedMs = 0;
    QString errorString; // set when no HTTP response arrived, or it was cut short
    bool timedOut = false;
    bool cancelled = false; // the user stopped it
    bool tooLarge = false;
    // When TLS failed because of the server's certificate: its SHA-256 fingerprint, so the user can
    // compare it and choose to trust it for the environment.
    QByteArray untrustedCertificateSha256;
    qint64 timeToFirstByteMs = -1; // -1: no byte arrived
    QByteArray httpVersion; // "1.1", "2"
    TlsDetails tls;
    QList<RedirectHop> redirects;
    SentRequest sent;

    bool isTransportFailure() const { return status == 0; }
    QByteArray header(const QByteArray& name) const;
    QByteArray contentType() const { return header("content-type"); }
    // The error code of a Bearer challenge (RFC 6750 §3): "invalid_token", "insufficient_scope", … or empty.
    QString bearerError() const;
};

} // namespace Tokenscope::Http
