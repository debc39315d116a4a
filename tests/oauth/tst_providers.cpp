#include "jwt.h"
#include "loopbackloginagent.h"
#include "memorysecretstore.h"
#include "oauthharness.h"
#include "scriptedbrowser.h"
#include "secretcall.h"
#include "tokensession.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;
using Tokenscope::Tests::OidcFixture;
using Tokenscope::Tests::ScriptedBrowser;

Q_DECLARE_METATYPE(Tokenscope::Error)
Q_DECLARE_METATYPE(Tokenscope::OAuth::ClientAuthentication)

// The real oidc-provider, set up the ways the providers Tokenscope meets are: a confidential client with
// Basic or post authentication, a public client with PKCE, refresh token rotation on and off, `iss` in every
// response, mounted under a Keycloak realm, an Azure B2C policy path and an Identity Hub tenant path
// with trailing slashes. Each is discovered from its issuer alone (nothing typed by hand), signed in to
// through the system-browser agent, its ID token checked against its JWKS, refreshed, and its API called.
class TestProviders final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<Tokenscope::Error>(); }

    void signInRefreshAndCall_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<ClientAuthentication>("authentication");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<bool>("rotation");
        const auto none = ClientAuthentication::None;
        QTest::newRow("public-client-pkce")
            << QStringList() << "tokenscope-demo" << none << QString() << true;
        QTest::newRow("confidential-basic")
            << QStringList() << "tokenscope-basic" << ClientAuthentication::ClientSecretBasic
            << "tokenscope-basic-secret" << true;
        QTest::newRow("confidential-post")
            << QStringList() << "tokenscope-post" << ClientAuthentication::ClientSecretPost
            << "tokenscope-post-secret" << true;
        QTest::newRow("refresh-rotation-off")
            << QStringList {QStringLiteral("--no-rotate")} << "tokenscope-demo" << none << QString() << false;
        QTest::newRow("keycloak-realm") << QStringList {QStringLiteral("--mount"),
            QStringLiteral("/realms/zorg"), QStringLiteral("--routes"), QStringLiteral("keycloak")}
                                        << "tokenscope-post" << ClientAuthentication::ClientSecretPost
                                        << "tokenscope-post-secret" << true;
        QTest::newRow("azure-b2c-policy-in-path") << QStringList {QStringLiteral("--mount"),
            QStringLiteral("/ringphonesso.onmicrosoft.com/B2C_1_MyOrganizer_Login/v2.0"),
            QStringLiteral("--routes"), QStringLiteral("azure-b2c")}
                                                  << "tokenscope-demo" << none << QString() << true;
        QTest::newRow("identity-hub-tenant-trailing-slash")
            << QStringList {QStringLiteral("--mount"), QStringLiteral("/tenants/acme/"),
                   QStringLiteral("--routes"), QStringLiteral("identity-hub")}
            << "tokenscope-basic" << ClientAuthentication::ClientSecretBasic << "tokenscope-basic-secret"
            << true;
    }

    void signInRefreshAndCall()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, clientId);
        QFETCH(ClientAuthentication, authentication);
        QFETCH(QString, secret);
        QFETCH(bool, rotation);

        OidcFixture fixture(arguments);
        QString startError;
        QVERIFY2(fixture.start(&startError), qPrintable(startError));
        Tests::FlowEngine engine;

        // Discovery from the issuer alone fills the endpoints, the JWKS URI and the iss requirement.
        ClientConfig base;
        base.clientId = clientId;
        base.clientAuthentication = authentication;
        base.scope = QStringLiteral("openid profile demo.read");
        base.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
        QString discoveryError;
        const std::optional<ClientConfig> discovered
            = Tests::discoveredConfig(fixture, base, &engine.network, &discoveryError);
        QVERIFY2(discovered, qPrintable(discoveryError));
        const ClientConfig config = *discovered;
        QCOMPARE(config.issuer, fixture.issuer().toString());
        QVERIFY(config.requireIssuerInResponse); // RFC 9207: oidc-provider advertises and sends iss
        QVERIFY(!config.jwksUri.isEmpty());

        Secrets::MemorySecretStore secrets;
        const QString environmentId = QStringLiteral("variant");
        if (!secret.isEmpty()) {
            const QString key = Secrets::secretKey(environmentId, QStringLiteral("client_secret"));
            QVERIFY(Tests::writeSecret(&secrets, key, secret).ok());
        }
        TokenSession session(environmentId, config, &secrets, &engine.tokenClient, &engine.keys, &engine.log);
        ScriptedBrowser browser;
        LoopbackLoginAgent agent([&browser](const QUrl& url) {
            browser.open(url);
            return true;
        });

        QSignalSpy signedIn(&session, &TokenSession::signInFinished);
        session.signIn(&agent);
        QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 30000);
        QVERIFY2(signedIn.first().first().value<Error>().isNull(),
            qPrintable(signedIn.first().first().value<Error>().toText()));
        const TokenSet first = session.tokens();
        QVERIFY(!first.accessToken.isEmpty());
        QVERIFY(!first.refreshToken.isEmpty());
        const auto idToken = Jwt::decode(first.idToken);
        QVERIFY(idToken);
        QCOMPARE(idToken->payload.value(QLatin1String("iss")).toString(), fixture.issuer().toString());
        QCOMPARE(idToken->payload.value(QLatin1String("sub")).toString(), QStringLiteral("alice"));
        bool signatureVerified = false;
        for (const auto& event : engine.log.events())
            signatureVerified
                = signatureVerified || event.summary.startsWith(QLatin1String("ID token signature verified"));
        QVERIFY2(signatureVerified, "the ID token's signature was checked against the discovered JWKS");

        QSignalSpy refreshed(&session, &TokenSession::refreshFinished);
        session.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.size(), 1, 15000);
        QVERIFY2(refreshed.first().first().value<Error>().isNull(),
            qPrintable(refreshed.first().first().value<Error>().toText()));
        QVERIFY(session.tokens().accessToken != first.accessToken);
        QCOMPARE(session.tokens().refreshToken != first.refreshToken, rotation);

        // The demo API (at the root whatever the mount) accepts the refreshed token.
        QUrl api = fixture.issuer();
        api.setPath(QStringLiteral("/api/me"));
        QNetworkAccessManager manager;
        QNetworkRequest request(api);
        request.setRawHeader("Authorization", "Bearer " + session.tokens().accessToken.toLatin1());
        QNetworkReply* reply = manager.get(request);
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QJsonObject me = QJsonDocument::fromJson(reply->readAll()).object();
        QCOMPARE(me.value(QLatin1String("client_id")).toString(), clientId);
        reply->deleteLater();
    }
};

QTEST_GUILESS_MAIN(TestProviders)
#include "tst_providers.moc"
