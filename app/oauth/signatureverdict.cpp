#include "signatureverdict.h"

#include "clientconfig.h"
#include "discovery.h"
#include "jwksclient.h"

#include <QTimer>

namespace Tokenscope::OAuth {

KeySource KeySource::fromConfig(const ClientConfig& config)
{
    return {config.jwksUri, config.issuer, config.trustedCertificates};
}

SignatureVerifier::SignatureVerifier(Http::NetworkClient* network, JwksClient* jwksClient, QObject* parent)
    : QObject(parent)
    , m_network(network)
    , m_jwksClient(jwksClient)
    , m_discovery(new Discovery(network, this))
{ }

void SignatureVerifier::verify(const QString&, const KeySource&, QObject* context, Handler handler)
{
    QTimer::singleShot(0, context, [handler = std::move(handler)] { handler({}); });
}

void SignatureVerifier::verifyWithKeys(
    const QString&, const QUrl&, const KeySource&, const QString&, QObject*, Handler)
{ }

} // namespace Tokenscope::OAuth
