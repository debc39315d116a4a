#include "discovery.h"
#include "networkclient.h"
#include "oidcfixture.h"
#include "providertemplates.h"

#include <QTest>

#include <optional>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;
using Tokenscope::Tests::OidcFixture;

Q_DECLARE_METATYPE(Tokenscope::OAuth::ProviderKind)

namespace {

// "key=value" pairs, as a row can hold them.
QHash<QString, QString> answersFrom(const QStringList& pairs)
{
    QHash<QString, QString> answers;
    for (const QString& pair : pairs) {
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        answers.insert(pair.left(equals), pair.mid(equals + 1));
    }
    return answers;
}

QString fixtureOrigin(const OidcFixture& fixture)
{
    return fixture.issuer().adjusted(QUrl::RemovePath).toString();
}

} // namespace

// The templates behind "New Environment from Template": each seed provider reached from only what its
// documentation gives, malformed answers refused with a sentence about the field at fault, and the
// derived addresses discovered from the real oidc-provider mounted the way each product lays it out.
class TestProviderTemplates final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<ProviderKind>(); }

    void everyTemplateAsksSomething()
    {
        const QList<ProviderTemplate> templates = providerTemplates();
        QCOMPARE(templates.size(), 6);
        QStringList ids;
        for (const ProviderTemplate& entry : templates) {
            ids << entry.id;
            QVERIFY(!entry.title.isEmpty());
            QVERIFY(!entry.description.isEmpty());
            QCOMPARE(entry.fields.isEmpty(), entry.kind == ProviderKind::Manual);
            for (const TemplateField& field : entry.fields) {
                QVERIFY(!field.label.isEmpty());
                QVERIFY(!field.help.isEmpty());
            }
            QCOMPARE(providerTemplate(entry.kind).id, entry.id);
        }
        QCOMPARE(ids,
            QStringList(
                {QStringLiteral("keycloak"), QStringLiteral("azure-ad-b2c"), QStringLiteral("entra-id"),
                    QStringLiteral("tenant-hub"), QStringLiteral("generic"), QStringLiteral("manual")}));
    }

    void fill_data()
    {
        QTest::addColumn<ProviderKind>("kind");
        QTest::addColumn<QStringList>("answers");
        QTest::addColumn<QString>("documentUrl");
        QTest::addColumn<QString>("issuer");
        QTest::addColumn<QString>("scope");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("tokenEndpoint");

        const QString zorgSandbox = QStringLiteral("https://auth.sandbox.zorgapis.nl/realms/zorgapis");
        QTest::newRow("ZorgAPIs sandbox (Keycloak)")
            << ProviderKind::Keycloak
            << QStringList {QStringLiteral("host=auth.sandbox.zorgapis.nl"), QStringLiteral("realm=zorgapis")}
            << zorgSandbox + QStringLiteral("/.well-known/openid-configuration") << zorgSandbox << "openid"
            << "zorgapis (auth.sandbox.zorgapis.nl)"
            << zorgSandbox + QStringLiteral("/protocol/openid-connect/token");
        const QString zorg = QStringLiteral("https://auth.zorgapis.nl/realms/zorgapis");
        QTest::newRow("ZorgAPIs production (Keycloak), pasted with scheme and slash, a scope")
            << ProviderKind::Keycloak
            << QStringList {QStringLiteral("host= https://auth.zorgapis.nl/ "),
                   QStringLiteral("realm=zorgapis"), QStringLiteral("scopes=api-requirements-versions:read")}
            << zorg + QStringLiteral("/.well-known/openid-configuration") << zorg
            << "openid api-requirements-versions:read"
            << "zorgapis (auth.zorgapis.nl)" << zorg + QStringLiteral("/protocol/openid-connect/token");
        const QString b2c = QStringLiteral(
            "https://ringphonesso.b2clogin.com/ringphonesso.onmicrosoft.com/B2C_1_MyOrganizer_Login");
        QTest::newRow("MyOrganizer (Azure AD B2C)")
            << ProviderKind::AzureAdB2c
            << QStringList {QStringLiteral("tenant=ringphonesso"),
                   QStringLiteral("policy=B2C_1_MyOrganizer_Login")}
            << b2c + QStringLiteral("/v2.0/.well-known/openid-configuration") << QString()
            << "openid offline_access"
            << "ringphonesso (B2C_1_MyOrganizer_Login)" << b2c + QStringLiteral("/oauth2/v2.0/token");
        QTest::newRow("B2C tenant given as its domain, API scopes without repeats")
            << ProviderKind::AzureAdB2c
            << QStringList {QStringLiteral("tenant=RingPhoneSSO.onmicrosoft.com"),
                   QStringLiteral("policy=B2C_1_MyOrganizer_Login"),
                   QStringLiteral("scopes=offline_access  https://ringphonesso.onmicrosoft.com/api/read")}
            << b2c + QStringLiteral("/v2.0/.well-known/openid-configuration") << QString()
            << "openid offline_access https://ringphonesso.onmicrosoft.com/api/read"
            << "ringphonesso (B2C_1_MyOrganizer_Login)" << b2c + QStringLiteral("/oauth2/v2.0/token");
        const QString hub = QStringLiteral("https://www.theidentityhub.com/acme/");
        QTest::newRow("The Identity Hub (tenant in the path, trailing slash)")
            << ProviderKind::TenantHub
            << QStringList {QStringLiteral("host=www.theidentityhub.com"), QStringLiteral("tenant=acme")}
            << QStringLiteral("https://www.theidentityhub.com/acme/.well-known/openid-configuration") << hub
            << "openid"
            << "acme (www.theidentityhub.com)" << hub + QStringLiteral("oauth2/v1/token/");
        QTest::newRow("hub tenant typed with slashes")
            << ProviderKind::TenantHub
            << QStringList {QStringLiteral("host=www.theidentityhub.com"), QStringLiteral("tenant=/acme/")}
            << QStringLiteral("https://www.theidentityhub.com/acme/.well-known/openid-configuration") << hub
            << "openid"
            << "acme (www.theidentityhub.com)" << hub + QStringLiteral("oauth2/v1/token/");
        const QString entraGuid = QStringLiteral("72f988bf-86f1-41af-91ab-2d7cd011db47");
        QTest::newRow("Entra ID by tenant id")
            << ProviderKind::EntraId << QStringList {QStringLiteral("tenant=") + entraGuid}
            << QStringLiteral("https://login.microsoftonline.com/%1/v2.0/.well-known/openid-configuration")
                   .arg(entraGuid)
            << QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(entraGuid)
            << "openid profile offline_access" << QStringLiteral("Entra ID (%1)").arg(entraGuid)
            << QStringLiteral("https://login.microsoftonline.com/%1/oauth2/v2.0/token").arg(entraGuid);
        QTest::newRow("Entra ID by domain: issuer from the document")
            << ProviderKind::EntraId
            << QStringList {QStringLiteral("tenant=contoso.onmicrosoft.com"),
                   QStringLiteral("scopes=api://x/read")}
            << "https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/"
               "openid-configuration"
            << QString() << "openid profile offline_access api://x/read"
            << "Entra ID (contoso.onmicrosoft.com)"
            << "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token";
        QTest::newRow("generic discovery URL")
            << ProviderKind::Generic
            << QStringList {QStringLiteral("url=https://auth.zorgapis.nl/realms/zorgapis/.well-known/"
                                           "openid-configuration")}
            << zorg + QStringLiteral("/.well-known/openid-configuration") << QString() << "openid"
            << "auth.zorgapis.nl/realms/zorgapis" << QString();
        QTest::newRow("generic issuer") << ProviderKind::Generic << QStringList {QStringLiteral("url=") + hub}
                                        << QString() << hub << "openid"
                                        << "www.theidentityhub.com/acme" << QString();
        QTest::newRow("manual") << ProviderKind::Manual << QStringList() << QString() << QString() << "openid"
                                << QString() << QString();
    }

    void fill()
    {
        QFETCH(ProviderKind, kind);
        QFETCH(QStringList, answers);
        QFETCH(QString, documentUrl);
        QFETCH(QString, issuer);
        QFETCH(QString, scope);
        QFETCH(QString, name);
        QFETCH(QString, tokenEndpoint);

        const TemplateResult result = fillTemplate(kind, answersFrom(answers));
        QVERIFY2(result.setup, qPrintable(result.problem));
        QCOMPARE(result.setup->documentUrl.toString(), documentUrl);
        QCOMPARE(result.setup->issuer, issuer);
        QCOMPARE(result.setup->scope, scope);
        QCOMPARE(result.setup->name, name);
        QCOMPARE(result.setup->tokenEndpoint.toString(), tokenEndpoint);
        QCOMPARE(result.setup->explanation.isEmpty(), kind == ProviderKind::Manual);
        // An expected issuer and the address derived for it always belong together (OIDC Discovery §4.3).
        if (!issuer.isEmpty() && !documentUrl.isEmpty())
            QVERIFY(documentUrlFitsIssuer(result.setup->documentUrl, issuer));
    }

    void b2cExplainsOfflineAccess()
    {
        const TemplateResult result = fillTemplate(ProviderKind::AzureAdB2c,
            answersFrom({QStringLiteral("tenant=ringphonesso"), QStringLiteral("policy=B2C_1_signin")}));
        QVERIFY(result.setup);
        const QString text = result.setup->explanation.join(QLatin1Char(' '));
        QVERIFY2(
            text.contains(QLatin1String("offline_access")) && text.contains(QLatin1String("refresh token")),
            qPrintable(text));
    }

    void malformed_data()
    {
        QTest::addColumn<ProviderKind>("kind");
        QTest::addColumn<QStringList>("answers");
        QTest::addColumn<QString>("field");

        const auto keycloak = ProviderKind::Keycloak;
        QTest::newRow("keycloak: nothing") << keycloak << QStringList() << "host";
        QTest::newRow("keycloak: host with a path")
            << keycloak
            << QStringList {QStringLiteral("host=auth.zorgapis.nl/realms"), QStringLiteral("realm=z")}
            << "host";
        QTest::newRow("keycloak: ftp")
            << keycloak
            << QStringList {QStringLiteral("host=ftp://auth.zorgapis.nl"), QStringLiteral("realm=z")}
            << "host";
        QTest::newRow("keycloak: space in host")
            << keycloak << QStringList {QStringLiteral("host=auth zorgapis.nl"), QStringLiteral("realm=z")}
            << "host";
        QTest::newRow("keycloak: realm with a slash")
            << keycloak << QStringList {QStringLiteral("host=auth.zorgapis.nl"), QStringLiteral("realm=a/b")}
            << "realm";
        QTest::newRow("keycloak: no realm")
            << keycloak << QStringList {QStringLiteral("host=auth.zorgapis.nl"), QStringLiteral("realm= ")}
            << "realm";
        QTest::newRow("b2c: tenant with a space")
            << ProviderKind::AzureAdB2c
            << QStringList {QStringLiteral("tenant=ring phone"), QStringLiteral("policy=B2C_1_signin")}
            << "tenant";
        QTest::newRow("b2c: policy not B2C_1")
            << ProviderKind::AzureAdB2c
            << QStringList {QStringLiteral("tenant=ringphonesso"), QStringLiteral("policy=signin")}
            << "policy";
        QTest::newRow("entra: common")
            << ProviderKind::EntraId << QStringList {QStringLiteral("tenant=common")} << "tenant";
        QTest::newRow("entra: a word")
            << ProviderKind::EntraId << QStringList {QStringLiteral("tenant=contoso")} << "tenant";
        QTest::newRow("hub: no tenant")
            << ProviderKind::TenantHub
            << QStringList {QStringLiteral("host=www.theidentityhub.com"), QStringLiteral("tenant=//")}
            << "tenant";
        QTest::newRow("hub: host with query")
            << ProviderKind::TenantHub
            << QStringList {QStringLiteral("host=https://hub.example/?x=1"), QStringLiteral("tenant=acme")}
            << "host";
        QTest::newRow("generic: relative")
            << ProviderKind::Generic << QStringList {QStringLiteral("url=/realms/zorgapis")} << "url";
        QTest::newRow("generic: no scheme")
            << ProviderKind::Generic << QStringList {QStringLiteral("url=auth.zorgapis.nl/realms/zorgapis")}
            << "url";
        QTest::newRow("generic: with a fragment")
            << ProviderKind::Generic << QStringList {QStringLiteral("url=https://auth.zorgapis.nl/#x")}
            << "url";
    }

    void malformed()
    {
        QFETCH(ProviderKind, kind);
        QFETCH(QStringList, answers);
        QFETCH(QString, field);

        const TemplateResult result = fillTemplate(kind, answersFrom(answers));
        QVERIFY(!result.setup);
        QCOMPARE(result.field, field);
        QVERIFY(result.problem.endsWith(QLatin1Char('.')) || result.problem.endsWith(QLatin1Char(')')));
    }

    void fits_data()
    {
        QTest::addColumn<QString>("documentUrl");
        QTest::addColumn<QString>("issuer");
        QTest::addColumn<bool>("fits");

        const QString hubDocument
            = QStringLiteral("https://hub.example/acme/.well-known/openid-configuration");
        QTest::newRow("slash issuer") << hubDocument << "https://hub.example/acme/" << true;
        QTest::newRow("same issuer without slash") << hubDocument << "https://hub.example/acme" << true;
        QTest::newRow("another tenant") << hubDocument << "https://hub.example/evil/" << false;
        QTest::newRow("another host") << hubDocument << "https://evil.example/acme/" << false;
        QTest::newRow("RFC 8414 form")
            << "https://auth.zorgapis.nl/.well-known/oauth-authorization-server/realms/zorgapis"
            << "https://auth.zorgapis.nl/realms/zorgapis" << true;
    }

    void fits()
    {
        QFETCH(QString, documentUrl);
        QFETCH(QString, issuer);
        QFETCH(bool, fits);
        QCOMPARE(documentUrlFitsIssuer(QUrl(documentUrl), issuer), fits);
    }

    // The real provider, mounted as each product lays out its addresses, reached from a template's answers
    // with the fixture's host; a wrong realm gives "not found", a mount without the slash the hub's issuer
    // has gives an issuer mismatch.
    void discoverFromFixture_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<ProviderKind>("kind");
        QTest::addColumn<QStringList>("answers"); // @ORIGIN@ and @ISSUER@ replaced
        QTest::addColumn<QString>("errorCode");

        const QStringList keycloak {QStringLiteral("--mount"), QStringLiteral("/realms/zorgapis"),
            QStringLiteral("--routes"), QStringLiteral("keycloak")};
        const QStringList hub {QStringLiteral("--mount"), QStringLiteral("/acme/"),
            QStringLiteral("--routes"), QStringLiteral("identity-hub")};
        QTest::newRow("keycloak realm")
            << keycloak << ProviderKind::Keycloak
            << QStringList {QStringLiteral("host=@ORIGIN@"), QStringLiteral("realm=zorgapis")} << QString();
        QTest::newRow("keycloak: another realm")
            << keycloak << ProviderKind::Keycloak
            << QStringList {QStringLiteral("host=@ORIGIN@"), QStringLiteral("realm=other")} << "not_found";
        QTest::newRow("tenant in the path")
            << hub << ProviderKind::TenantHub
            << QStringList {QStringLiteral("host=@ORIGIN@"), QStringLiteral("tenant=acme")} << QString();
        QTest::newRow("tenant hub whose issuer lacks the slash")
            << QStringList {QStringLiteral("--mount"), QStringLiteral("/acme"), QStringLiteral("--routes"),
                   QStringLiteral("identity-hub")}
            << ProviderKind::TenantHub
            << QStringList {QStringLiteral("host=@ORIGIN@"), QStringLiteral("tenant=acme")}
            << "issuer_mismatch";
        QTest::newRow("generic discovery URL")
            << hub << ProviderKind::Generic
            << QStringList {QStringLiteral("url=@ISSUER@.well-known/openid-configuration")} << QString();
        QTest::newRow("generic issuer")
            << keycloak << ProviderKind::Generic << QStringList {QStringLiteral("url=@ISSUER@")} << QString();
    }

    void discoverFromFixture()
    {
        QFETCH(QStringList, arguments);
        QFETCH(ProviderKind, kind);
        QFETCH(QStringList, answers);
        QFETCH(QString, errorCode);

        OidcFixture fixture(arguments);
        QString startError;
        QVERIFY2(fixture.start(&startError), qPrintable(startError));
        for (QString& answer : answers)
            answer.replace(QLatin1String("@ORIGIN@"), fixtureOrigin(fixture))
                .replace(QLatin1String("@ISSUER@"), fixture.issuer().toString());
        const TemplateResult result = fillTemplate(kind, answersFrom(answers));
        QVERIFY2(result.setup, qPrintable(result.problem));

        Http::NetworkClient network(nullptr);
        Discovery discovery(&network);
        QObject context;
        std::optional<DiscoveryOutcome> outcome;
        const auto done = [&outcome](const DiscoveryOutcome& answer) { outcome = answer; };
        if (result.setup->documentUrl.isEmpty())
            discovery.discover(result.setup->issuer, &context, done);
        else
            discovery.discoverDocument(result.setup->documentUrl, result.setup->issuer, &context, done);
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 15000);
        QCOMPARE(outcome->error.code, errorCode);
        if (!errorCode.isEmpty())
            return;
        QCOMPARE(outcome->metadata->issuer, fixture.issuer().toString());
        QVERIFY(documentUrlFitsIssuer(outcome->documentUrl, outcome->metadata->issuer));
        // What the documentation gave for the endpoints is what the provider publishes.
        if (kind != ProviderKind::Generic)
            QCOMPARE(outcome->metadata->tokenEndpoint, result.setup->tokenEndpoint);
    }
};

QTEST_GUILESS_MAIN(TestProviderTemplates)
#include "tst_providertemplates.moc"
