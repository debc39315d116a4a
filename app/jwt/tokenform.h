#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace Tokenscope::Jwt {

// What a piece of token text is, decided from its shape and its (unverified) header alone.
enum class TokenForm {
    Empty, // nothing but white space, or only "Bearer"
    Jws, // a compact JWS whose payload is a JSON object: a JWT with readable claims (RFC 7519)
    NestedJwt, // a JWS whose cty is "JWT" or whose payload is itself a compact JWS/JWE (RFC 7519 §5.2)
    Jwe, // five parts, the header names "enc": the claims are encrypted for the recipient (RFC 7516)
    Opaque, // anything else: only the provider can tell what it means (introspection, RFC 7662)
};

// Token text split and decoded without trusting anything: what an inspector shows before the signature
// is checked.
struct ParsedToken
{
    QString token; // the text without a "Bearer " prefix and surrounding white space
    bool hadBearerPrefix = false; // the text started with "Bearer " (any case)
    TokenForm form = TokenForm::Empty;
    // Jws, NestedJwt: the JWS protected header; Jwe: the JWE protected header (alg, enc, kid, …).
    QJsonObject header;
    // Jws only: the claims. Empty for every other form.
    QJsonObject payload;
    // The decoded JSON exactly as the token carries it (for a raw, coloured view); empty when absent.
    QByteArray headerJson;
    QByteArray payloadJson; // Jws only
    // NestedJwt: the enclosed token, compact, and its form (Jws, Jwe or Opaque when the cty says JWT but
    // the payload is not a compact token).
    QString innerToken;
    TokenForm innerForm = TokenForm::Empty;
    // Opaque: why the text is not read as a JWT, e.g. "three parts, but the header is not JSON"; empty when
    // it simply does not look like one.
    QString opaqueReason;

    bool isSigned() const { return form == TokenForm::Jws || form == TokenForm::NestedJwt; }
};

// Classifies and decodes pasted text (RFC 7519 §7.2 steps 1-7, without the signature). Never fails:
// what cannot be read is Opaque.
ParsedToken parseToken(const QString& text);

// A one-line, translated description of the form, e.g. "Encrypted token (JWE): its claims are encrypted for
// the recipient and cannot be shown".
QString describeForm(TokenForm form);

} // namespace Tokenscope::Jwt
