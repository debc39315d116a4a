#include "tokendestination.h"

#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::Workspace;
using Kind = TokenDestination::Kind;

// Where an environment's access token may go without asking: its provider and its API base URLs; a
// host of another environment is named.
class TestTokenDestination final : public QObject
{
    Q_OBJECT

private:
    static WorkspaceData workspace()
    {
        WorkspaceData data;
        Environment realm;
        realm.id = QStringLiteral("realm");
        realm.name = QStringLiteral("Keycloak realm");
        realm.oauth.issuer = QStringLiteral("https://auth.zorg.example/realms/zorg");
        realm.oauth.tokenEndpoint = QUrl(QStringLiteral("https://auth.zorg.example/realms/zorg/token"));
        realm.apiBaseUrls = {QUrl(QStringLiteral("https://api.zorg.example/v1")),
            QUrl(QStringLiteral("http://127.0.0.1:8080/"))};
        data.environments.append(realm);
        Environment b2c;
        b2c.id = QStringLiteral("b2c");
        b2c.name = QStringLiteral("B2C policy");
        b2c.oauth.issuer = QStringLiteral("https://tenant.b2clogin.example/tenant/v2.0/");
        b2c.oauth.tokenEndpoint = QUrl(QStringLiteral("https://login.b2c.example/tenant/oauth2/v2.0/token"));
        b2c.apiBaseUrls = {QUrl(QStringLiteral("https://graph.b2c.example"))};
        data.environments.append(b2c);
        Environment fresh;
        fresh.id = QStringLiteral("fresh");
        fresh.name = QStringLiteral("Fresh");
        fresh.oauth.issuer = QStringLiteral("https://id.fresh.example");
        data.environments.append(fresh);
        return data;
    }

private Q_SLOTS:
    void destination_data()
    {
        QTest::addColumn<QString>("environment");
        QTest::addColumn<QString>("url");
        QTest::addColumn<Kind>("kind");
        QTest::addColumn<QString>("other");
        QTest::addColumn<QString>("host");

        const auto own = [](const char* name, const char* environment, const char* url, const char* host) {
            QTest::newRow(name) << QString::fromLatin1(environment) << QString::fromLatin1(url) << Kind::Own
                                << QString() << QString::fromLatin1(host);
        };
        own("API under its path prefix", "realm", "https://api.zorg.example/v1/patients?x=1",
            "api.zorg.example");
        own("API at exactly its base URL", "realm", "https://api.zorg.example/v1", "api.zorg.example");
        own("host compared without regard to case", "realm", "https://API.Zorg.Example/v1/a",
            "api.zorg.example");
        own("explicit default port", "realm", "https://api.zorg.example:443/v1/a", "api.zorg.example");
        own("base URL with a trailing slash covers the host", "realm", "http://127.0.0.1:8080/anything",
            "127.0.0.1:8080");
        own("issuer's host, another path", "realm", "https://auth.zorg.example/realms/zorg/account",
            "auth.zorg.example");
        own("token endpoint's host", "b2c", "https://login.b2c.example/tenant/openid/userinfo",
            "login.b2c.example");
        own("base URL without a path", "b2c", "https://graph.b2c.example/me", "graph.b2c.example");

        const auto other = [](const char* name, const char* environment, const char* url, const char* owner,
                               const char* host) {
            QTest::newRow(name) << QString::fromLatin1(environment) << QString::fromLatin1(url)
                                << Kind::OtherEnvironment << QString::fromLatin1(owner)
                                << QString::fromLatin1(host);
        };
        other("another environment's API", "b2c", "https://api.zorg.example/v1/patients", "Keycloak realm",
            "api.zorg.example");
        other("another environment's provider", "realm", "https://tenant.b2clogin.example/x", "B2C policy",
            "tenant.b2clogin.example");
        other("another environment's API on a port", "fresh", "http://127.0.0.1:8080/x", "Keycloak realm",
            "127.0.0.1:8080");

        const auto unknown
            = [](const char* name, const char* environment, const char* url, Kind kind, const char* host) {
                  QTest::newRow(name) << QString::fromLatin1(environment) << QString::fromLatin1(url) << kind
                                      << QString() << QString::fromLatin1(host);
              };
        unknown("outside the path prefix", "realm", "https://api.zorg.example/v2/patients", Kind::Unknown,
            "api.zorg.example");
        unknown("a prefix of a path segment is no match", "realm", "https://api.zorg.example/v1beta/x",
            Kind::Unknown, "api.zorg.example");
        unknown("http where https is named", "realm", "http://api.zorg.example/v1/x", Kind::Unknown,
            "api.zorg.example");
        unknown("another port", "realm", "http://127.0.0.1:8081/x", Kind::Unknown, "127.0.0.1:8081");
        unknown("a look-alike host", "realm", "https://api.zorg.example.evil.test/v1/x", Kind::Unknown,
            "api.zorg.example.evil.test");
        unknown("no API base URLs yet", "fresh", "https://api.fresh.example/v1", Kind::Unlearned,
            "api.fresh.example");
    }

    void destination()
    {
        QFETCH(QString, environment);
        QFETCH(QString, url);
        QFETCH(Kind, kind);
        QFETCH(QString, other);
        QFETCH(QString, host);
        const TokenDestination destination = tokenDestination(workspace(), environment, QUrl(url));
        QCOMPARE(destination.kind, kind);
        QCOMPARE(destination.otherEnvironmentName, other);
        QCOMPARE(destination.host, host);
        QCOMPARE(destination.needsConfirmation(), kind == Kind::OtherEnvironment || kind == Kind::Unknown);
    }

    void whatCanBeABaseUrl_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("host") << QStringLiteral("https://api.example.com") << true;
        QTest::newRow("host, port and path prefix") << QStringLiteral("http://127.0.0.1:8080/api/v1") << true;
        QTest::newRow("no scheme") << QStringLiteral("api.example.com/v1") << false;
        QTest::newRow("not http") << QStringLiteral("ftp://api.example.com") << false;
        QTest::newRow("query") << QStringLiteral("https://api.example.com/v1?key=1") << false;
        QTest::newRow("fragment") << QStringLiteral("https://api.example.com/#v1") << false;
        QTest::newRow("user info") << QStringLiteral("https://me:pw@api.example.com") << false;
    }

    void whatCanBeABaseUrl()
    {
        QFETCH(QString, text);
        QFETCH(bool, accepted);
        QCOMPARE(isApiBaseUrl(QUrl(text, QUrl::StrictMode)), accepted);
    }

    void baseUrlStandsForTheHost()
    {
        QCOMPARE(apiBaseUrlOf(QUrl(QStringLiteral("https://api.example.com/v1/items?q=1#x"))),
            QUrl(QStringLiteral("https://api.example.com")));
        QCOMPARE(apiBaseUrlOf(QUrl(QStringLiteral("HTTP://127.0.0.1:8080/a"))),
            QUrl(QStringLiteral("http://127.0.0.1:8080")));
    }
};

QTEST_GUILESS_MAIN(TestTokenDestination)
#include "tst_tokendestination.moc"
