#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Tokenscope::Jwt {

// A compact JWS split and decoded (RFC 7515 §7.1). Decoding says nothing about trust: the signature is
// checked separately against the issuer's keys.
struct DecodedJwt
{
    QJsonObject header;
    QJsonObject payload;
    QByteArray signingInput; // base64url(header) "." base64url(payload)
    QByteArray signature;
};

std::optional<DecodedJwt> decode(const QString& compact);

// Whether the text looks like a compact JWS at all (three base64url parts), e.g. to decide whether an
// opaque access token can be inspected.
bool looksLikeJwt(const QString& text);

} // namespace Tokenscope::Jwt
