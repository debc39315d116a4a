#pragma once

#include "clientconfig.h"
#include "error.h"
#include "formencoding.h"

#include <QDateTime>
#include <QString>

class QNetworkRequest;

namespace Tokenscope::OAuth {

// RFC 7523 §2.2: the client_assertion_type of a JWT client assertion.
inline constexpr QLatin1String jwtBearerAssertionType {
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"};

struct ClientAssertion
{
    QString value; // compact JWS; empty on failure
    Error error;
    bool ok() const { return !value.isEmpty(); }
};

// The "aud" of this client's assertions: the issuer identifier (RFC 7523 §3 allows it, and every endpoint
// of the issuer accepts it, RFC 9126 §2 included), which an assertion captured at a PAR, device,
// revocation or introspection endpoint elsewhere cannot turn into one for another issuer's token
// endpoint. The token endpoint URL (OIDC Core §9) when the environment asks for it or has no issuer.
QString assertionAudience(const ClientConfig& config);

// A client assertion for ClientSecretJwt (HS256, key = the client secret) or PrivateKeyJwt (credential =
// the PEM private key; RS256 or ES256 by its type), made afresh for each request. Claims (RFC 7523 §3,
// OIDC Core §9): iss = sub = client_id, aud = assertionAudience(config), jti 128 random bits, iat = now,
// exp = now + 60 s. Header kid = assertionKeyId when set (private_key_jwt only).
ClientAssertion createClientAssertion(
    const ClientConfig& config, const QString& credential, const QDateTime& now);

// Adds the configured client authentication to a request for the token or PAR endpoint: a Basic header,
// or client_id with client_secret / client_assertion fields. Returns a null Error on success, else one with
// the code "client_assertion" (the credential cannot sign: nothing may be sent).
Error applyClientAuthentication(const ClientConfig& config, const QString& credential, const QDateTime& now,
    QNetworkRequest* request, Http::FormFields* fields);

} // namespace Tokenscope::OAuth
