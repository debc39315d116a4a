#pragma once

#include <QProcess>
#include <QStringList>
#include <QUrl>

namespace Tokenscope::Tests {

// The real OpenID Connect provider (npm oidc-provider) with the demo API, started on 127.0.0.1 and a
// free port for the life of the object.
class OidcFixture final
{
public:
    explicit OidcFixture(const QStringList& arguments = {});
    ~OidcFixture();
    OidcFixture(const OidcFixture&) = delete;
    OidcFixture& operator=(const OidcFixture&) = delete;

    // Starts the server and waits for its ready line; false with a reason if it does not come up.
    bool start(QString* error);
    QUrl issuer() const { return m_issuer; }
    QUrl url(const QString& path) const;
    // With --tls: the SHA-256 fingerprint of its self-signed certificate, "AB:CD:…".
    QString certificateSha256() const { return m_certificateSha256; }

private:
    QStringList m_arguments;
    QProcess m_process;
    QUrl m_issuer;
    QString m_certificateSha256;
};

} // namespace Tokenscope::Tests
