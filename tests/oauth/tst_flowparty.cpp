#include "flowparty.h"

#include <QLocale>
#include <QTest>

using namespace Tokenscope;
using Http::FlowEvent;
using OAuth::FlowParty;

Q_DECLARE_METATYPE(Tokenscope::OAuth::FlowParty)
Q_DECLARE_METATYPE(Tokenscope::Http::FlowEvent)
Q_DECLARE_METATYPE(Tokenscope::Http::FlowEvent::Kind)

namespace {

OAuth::ClientConfig keycloakLike()
{
    OAuth::ClientConfig config;
    config.issuer = QStringLiteral("https://id.example.test/realms/demo");
    config.authorizationEndpoint
        = QUrl(QStringLiteral("https://id.example.test/realms/demo/protocol/openid-connect/auth"));
    config.tokenEndpoint
        = QUrl(QStringLiteral("https://id.example.test/realms/demo/protocol/openid-connect/token"));
    return config;
}

// Endpoints at the root of a host that also serves the API, as the demo provider does.
OAuth::ClientConfig sharedHost()
{
    OAuth::ClientConfig config;
    config.issuer = QStringLiteral("http://127.0.0.1:3000");
    config.authorizationEndpoint = QUrl(QStringLiteral("http://127.0.0.1:3000/auth"));
    config.tokenEndpoint = QUrl(QStringLiteral("http://127.0.0.1:3000/token"));
    config.jwksUri = QUrl(QStringLiteral("http://127.0.0.1:3000/jwks"));
    config.userinfoEndpoint = QUrl(QStringLiteral("http://127.0.0.1:3000/me"));
    config.revocationEndpoint = QUrl(QStringLiteral("http://127.0.0.1:3000/token/revocation"));
    config.introspectionEndpoint = QUrl(QStringLiteral("http://127.0.0.1:3000/token/introspection"));
    config.parEndpoint = QUrl(QStringLiteral("http://127.0.0.1:3000/request"));
    config.deviceAuthorizationEndpoint = QUrl(QStringLiteral("http://127.0.0.1:3000/device/auth"));
    return config;
}

FlowEvent makeEvent(FlowEvent::Kind kind, const QString& url, const QByteArray& body = {})
{
    FlowEvent result;
    result.kind = kind;
    result.url = QUrl(url);
    result.body = body;
    return result;
}

} // namespace

// Whom each recorded exchange is drawn with, from its address against the environment's provider, and
// how request and answer are paired and labelled.
class TestFlowParty final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void counterpart_data()
    {
        QTest::addColumn<FlowEvent::Kind>("kind");
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("config"); // 0 none, 1 Keycloak-like, 2 shared host
        QTest::addColumn<FlowParty>("expected");
        using K = FlowEvent::Kind;
        const QString root = QStringLiteral("http://127.0.0.1:3000");
        QTest::newRow("authorization request goes to the server")
            << K::AuthorizationRequest << root + QStringLiteral("/auth?state=x") << 2
            << FlowParty::AuthorizationServer;
        QTest::newRow("redirect comes from the browser")
            << K::RedirectReceived << QStringLiteral("http://127.0.0.1/callback?code=x") << 2
            << FlowParty::Browser;
        QTest::newRow("note stays with Tokenscope") << K::Note << QString() << 2 << FlowParty::Tokenscope;
        QTest::newRow("failure without address stays with Tokenscope")
            << K::Failure << QString() << 2 << FlowParty::Tokenscope;
        QTest::newRow("token endpoint")
            << K::HttpRequest << root + QStringLiteral("/token") << 2 << FlowParty::AuthorizationServer;
        QTest::newRow("token endpoint with a trailing slash")
            << K::HttpRequest << root + QStringLiteral("/token/") << 2 << FlowParty::AuthorizationServer;
        QTest::newRow("token answer")
            << K::HttpResponse << root + QStringLiteral("/token") << 2 << FlowParty::AuthorizationServer;
        QTest::newRow("jwks") << K::HttpRequest << root + QStringLiteral("/jwks") << 2
                              << FlowParty::AuthorizationServer;
        QTest::newRow("userinfo") << K::HttpRequest << root + QStringLiteral("/me") << 2
                                  << FlowParty::AuthorizationServer;
        QTest::newRow("revocation") << K::HttpRequest << root + QStringLiteral("/token/revocation") << 2
                                    << FlowParty::AuthorizationServer;
        QTest::newRow("introspection") << K::HttpRequest << root + QStringLiteral("/token/introspection") << 2
                                       << FlowParty::AuthorizationServer;
        QTest::newRow("PAR") << K::HttpRequest << root + QStringLiteral("/request") << 2
                             << FlowParty::AuthorizationServer;
        QTest::newRow("device authorization")
            << K::HttpRequest << root + QStringLiteral("/device/auth") << 2 << FlowParty::AuthorizationServer;
        QTest::newRow("discovery at the root")
            << K::HttpRequest << root + QStringLiteral("/.well-known/openid-configuration") << 2
            << FlowParty::AuthorizationServer;
        QTest::newRow("API on the provider's host")
            << K::HttpRequest << root + QStringLiteral("/api/me") << 2 << FlowParty::Api;
        QTest::newRow("API answer on the provider's host")
            << K::HttpResponse << root + QStringLiteral("/api/me") << 2 << FlowParty::Api;
        QTest::newRow("transport failure of an API call")
            << K::Failure << QStringLiteral("https://api.example.test/v1") << 2 << FlowParty::Api;
        QTest::newRow("other port is not the provider")
            << K::HttpRequest << QStringLiteral("http://127.0.0.1:3001/token") << 2 << FlowParty::Api;
        QTest::newRow("https default port matches")
            << K::HttpRequest
            << QStringLiteral("https://id.example.test:443/realms/demo/protocol/openid-connect/token") << 1
            << FlowParty::AuthorizationServer;
        QTest::newRow("below a realm issuer")
            << K::HttpRequest
            << QStringLiteral("https://id.example.test/realms/demo/protocol/openid-connect/certs") << 1
            << FlowParty::AuthorizationServer;
        QTest::newRow("discovery below a realm issuer")
            << K::HttpRequest
            << QStringLiteral("https://id.example.test/realms/demo/.well-known/openid-configuration") << 1
            << FlowParty::AuthorizationServer;
        QTest::newRow("another realm is not this provider")
            << K::HttpRequest
            << QStringLiteral("https://id.example.test/realms/other/protocol/openid-connect/token") << 1
            << FlowParty::Api;
        QTest::newRow("host name case does not matter")
            << K::HttpRequest
            << QStringLiteral("https://ID.example.test/realms/demo/protocol/openid-connect/token") << 1
            << FlowParty::AuthorizationServer;
        QTest::newRow("no environment: discovery by its path")
            << K::HttpRequest << QStringLiteral("https://id.example.test/.well-known/openid-configuration")
            << 0 << FlowParty::AuthorizationServer;
        QTest::newRow("no environment: anything else is an API")
            << K::HttpRequest << QStringLiteral("https://id.example.test/token") << 0 << FlowParty::Api;
        QTest::newRow("no environment: authorization request by its kind")
            << K::AuthorizationRequest << QStringLiteral("https://id.example.test/auth") << 0
            << FlowParty::AuthorizationServer;
    }

    void counterpart()
    {
        QFETCH(FlowEvent::Kind, kind);
        QFETCH(QString, url);
        QFETCH(int, config);
        QFETCH(FlowParty, expected);
        const OAuth::ClientConfig configs[] = {{}, keycloakLike(), sharedHost()};
        QCOMPARE(
            OAuth::counterpartOf(makeEvent(kind, url), config == 0 ? nullptr : &configs[config]), expected);
    }

    void labels_data()
    {
        QTest::addColumn<FlowEvent>("event");
        QTest::addColumn<QString>("expected");
        FlowEvent code
            = makeEvent(FlowEvent::Kind::HttpRequest, QStringLiteral("https://id.example.test/token"),
                "grant_type=authorization_code&code=abcd%E2%80%A2%E2%80%A2%E2%80%A2");
        code.method = "POST";
        QTest::newRow("token request names its grant")
            << code << QStringLiteral("POST /token (authorization_code)");
        FlowEvent device = code;
        device.body = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code=x";
        QTest::newRow("device grant by its last word")
            << device << QStringLiteral("POST /token (device_code)");
        FlowEvent api
            = makeEvent(FlowEvent::Kind::HttpRequest, QStringLiteral("https://api.example.test/v1/me?x=1"));
        api.method = "GET";
        QTest::newRow("API call without its query") << api << QStringLiteral("GET /v1/me");
        FlowEvent authorize = makeEvent(FlowEvent::Kind::AuthorizationRequest,
            QStringLiteral("https://id.example.test/auth?response_type=code&state=s"));
        authorize.method = "GET";
        QTest::newRow("authorization request names its response type")
            << authorize << QStringLiteral("GET /auth (code)");
        FlowEvent redirect = makeEvent(FlowEvent::Kind::RedirectReceived,
            QStringLiteral("http://127.0.0.1/callback?code=x&state=s&iss=y"));
        QTest::newRow("redirect names what came back")
            << redirect << QStringLiteral("Redirect (code, state, iss)");
        FlowEvent ok
            = makeEvent(FlowEvent::Kind::HttpResponse, QStringLiteral("https://id.example.test/token"));
        ok.status = 200;
        ok.elapsedMs = 49;
        QTest::newRow("success with its time") << ok << QStringLiteral("200 · 49 ms");
        FlowEvent refused = ok;
        refused.status = 401;
        refused.elapsedMs = 12;
        refused.headers = {{"WWW-Authenticate", R"(Bearer realm="demo", error="invalid_token")"}};
        QTest::newRow("Bearer challenge error") << refused << QStringLiteral("401 invalid_token · 12 ms");
        FlowEvent grant = ok;
        grant.status = 400;
        grant.elapsedMs = -1;
        grant.body = R"({"error":"invalid_grant","error_description":"grant request is invalid"})";
        QTest::newRow("token error from the body") << grant << QStringLiteral("400 invalid_grant");
        FlowEvent note = makeEvent(FlowEvent::Kind::Note, {});
        note.summary = QStringLiteral("State checked");
        QTest::newRow("note as written") << note << QStringLiteral("State checked");
    }

    void labels()
    {
        QFETCH(FlowEvent, event);
        QFETCH(QString, expected);
        QCOMPARE(OAuth::arrowLabel(event), expected);
    }

    // Each answer goes with its own request, also when a later request is answered first.
    void pairing()
    {
        using K = FlowEvent::Kind;
        const QString token = QStringLiteral("http://127.0.0.1:3000/token");
        const QString jwks = QStringLiteral("http://127.0.0.1:3000/jwks");
        const QList<FlowEvent> events = {
            makeEvent(K::HttpRequest, token), // 0
            makeEvent(K::HttpRequest, jwks), // 1
            makeEvent(K::Note, {}), // 2
            makeEvent(K::HttpResponse, jwks), // 3 answers 1
            makeEvent(K::HttpResponse, token), // 4 answers 0
            makeEvent(K::HttpRequest, QStringLiteral("https://api.example.test/a")), // 5
            makeEvent(K::Failure, QStringLiteral("https://api.example.test/a")), // 6 transport failure of 5
            makeEvent(K::Failure, {}), // 7
            makeEvent(K::HttpResponse, QStringLiteral("https://other.example.test/")), // 8 nothing asked
        };
        QCOMPARE(OAuth::pairExchanges(events), (QList<int> {4, 3, -1, 1, 0, 6, 5, -1, -1}));
    }

    // The user's sign-in in the browser, derived from the authorization request and what ended it.
    void signIn_data()
    {
        using K = FlowEvent::Kind;
        QTest::addColumn<FlowEvent::Kind>("kind");
        QTest::addColumn<QString>("environment");
        QTest::addColumn<qint64>("afterMs");
        QTest::addColumn<bool>("ends");
        QTest::addColumn<QString>("label");
        QTest::newRow("its redirect: finished, timed")
            << K::RedirectReceived << QStringLiteral("env") << qint64(4200) << true
            << QStringLiteral("User signs in and consents · 4.2 s");
        QTest::newRow("a failure: not finished") << K::Failure << QStringLiteral("env") << qint64(300000)
                                                 << true << QStringLiteral("User did not finish");
        QTest::newRow("a new authorization request: not finished")
            << K::AuthorizationRequest << QStringLiteral("env") << qint64(9000) << true
            << QStringLiteral("User did not finish");
        QTest::newRow("another environment's redirect: still signing in")
            << K::RedirectReceived << QStringLiteral("other") << qint64(100) << false
            << QStringLiteral("User is signing in");
        QTest::newRow("a request meanwhile: still signing in")
            << K::HttpRequest << QStringLiteral("env") << qint64(100) << false
            << QStringLiteral("User is signing in");
        QTest::newRow("a note meanwhile: still signing in") << K::Note << QStringLiteral("env") << qint64(100)
                                                            << false << QStringLiteral("User is signing in");
    }

    void signIn()
    {
        QFETCH(FlowEvent::Kind, kind);
        QFETCH(QString, environment);
        QFETCH(qint64, afterMs);
        QFETCH(bool, ends);
        QFETCH(QString, label);
        QLocale::setDefault(QLocale::c());
        FlowEvent request = makeEvent(
            FlowEvent::Kind::AuthorizationRequest, QStringLiteral("https://id.example.test/auth"));
        request.environmentId = QStringLiteral("env");
        request.timestamp = QDateTime(QDate(2026, 12, 2), QTime(2, 0), Qt::UTC);
        FlowEvent later = makeEvent(kind, {});
        later.environmentId = environment;
        later.timestamp = request.timestamp.addMSecs(afterMs);
        const std::optional<OAuth::SignInStep> step = OAuth::signInEndedBy(request, later);
        QCOMPARE(step.has_value(), ends);
        QCOMPARE(OAuth::signInLabel(step.value_or(OAuth::SignInStep {})), label);
    }
};

QTEST_GUILESS_MAIN(TestFlowParty)
#include "tst_flowparty.moc"
