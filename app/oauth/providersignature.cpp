#include "providersignature.h"

#include "jwksclient.h"

namespace Tokenscope::OAuth {

namespace {

struct Verification
{
    JwksClient* jwksClient;
    QUrl jwksUri;
    QList<CertificateFingerprint> trustedCertificates;
    QString jws;
    QObject* context;
    std::function<void(const ProviderSignatureCheck&)> done;
    std::function<void()> beforeRefetch;
};

void verify(Verification verification, bool keysFetchedAgain)
{
    const auto fetch = keysFetchedAgain ? JwksClient::Fetch::Again : JwksClient::Fetch::CachedOrNew;
    JwksClient* jwksClient = verification.jwksClient;
    QObject* context = verification.context;
    const QUrl jwksUri = verification.jwksUri;
    const QList<CertificateFingerprint> trusted = verification.trustedCertificates;
    jwksClient->keys(jwksUri, trusted, fetch, context,
        [verification = std::move(verification), keysFetchedAgain](const JwksOutcome& keys) {
            ProviderSignatureCheck check;
            if (!keys.ok()) {
                check.keysError = keys.error;
                verification.done(check);
                return;
            }
            check.result = Jwt::verify(verification.jws, *keys.keys);
            if (check.result.shouldRefetchKeys() && !keysFetchedAgain) {
                if (verification.beforeRefetch)
                    verification.beforeRefetch();
                verify(verification, true);
                return;
            }
            verification.done(check);
        });
}

} // namespace

void verifyWithProviderKeys(JwksClient* jwksClient, const ClientConfig& config, const QString& jws,
    QObject* context, std::function<void(const ProviderSignatureCheck&)> done,
    std::function<void()> beforeRefetch)
{
    verify({jwksClient, config.jwksUri, config.trustedCertificates, jws, context, std::move(done),
               std::move(beforeRefetch)},
        false);
}

} // namespace Tokenscope::OAuth
