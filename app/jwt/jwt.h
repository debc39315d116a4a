#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

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

// The audiences of a JWT or introspection answer: its `aud`, a single string or an array of strings
// (RFC 7519 §4.1.3, RFC 7662 §2.2), in the order given; empty when there is none.
QStringList audiences(const QJsonObject& claims);

} // namespace Tokenscope::Jwt
