// A discovery document (OIDC Discovery §4, RFC 8414 §3) as the client reads and applies it: status,
// headers, body, the issuer comparison, endpoint checks and what it recommends from the metadata.

#include "applymetadata.h"
#include "discovery.h"
#include "fuzzresponse.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Tokenscope;

extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    Fuzz::silenceQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const QString configuredIssuer = QStringLiteral("https://login.example.com/realms/demo");
    const Http::HttpResponse response
        = Fuzz::responseFrom(Fuzz::bytes(data, size), OAuth::openIdConfigurationUrl(configuredIssuer));

    // Once against the issuer the user typed, once against the one the document declares, so documents
    // of any provider in the corpus reach the checks after the issuer comparison.
    QList<QString> issuers {configuredIssuer};
    const QJsonDocument document = QJsonDocument::fromJson(response.body);
    if (document.isObject() && document.object().value(QLatin1String("issuer")).isString())
        issuers.append(document.object().value(QLatin1String("issuer")).toString());

    for (const QString& issuer : std::as_const(issuers)) {
        const OAuth::DiscoveryOutcome outcome = OAuth::interpretDiscoveryResponse(response, issuer);
        if (!outcome.ok() || !outcome.metadata)
            continue;
        const OAuth::ProviderMetadata& metadata = *outcome.metadata;
        (void)OAuth::recommendedClientAuthentication(metadata, true);
        (void)OAuth::recommendedClientAuthentication(metadata, false);
        (void)OAuth::recommendedPkceMethod(metadata);
        OAuth::ClientConfig config = OAuth::applyProviderMetadata(OAuth::ClientConfig {}, metadata);
        (void)OAuth::applyDiscovered(metadata, &config, false);
    }
    (void)OAuth::authorizationServerMetadataUrl(configuredIssuer);
    return 0;
}
