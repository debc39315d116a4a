#include "appsessionfixture.h"
#include "browserstandin.h"
#include "desktopservices.h"
#include "endpointresultdialog.h"
#include "environmentdialog.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "networkclient.h"
#include "oidcfixture.h"
#include "scriptedbrowser.h"
#include "scriptedserver.h"
#include "secretcall.h"
#include "testmain.h"
#include "tokensession.h"
#include "widgethelpers.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QToolTip>

#include <memory>

using namespace Tokenscope;
using Tokenscope::Tests::reply;
using Tokenscope::Tests::saveScreenshot;
using Tokenscope::Tests::ScriptedServer;

Q_DECLARE_METATYPE(Tokenscope::Tests::ScriptedServer::Reply)

namespace {

// An API as strict as some gateways: it accepts "Authorization: Bearer <token>" spelt exactly so
// (RFC 6750 §2.1), and answers any other scheme as a request without credentials (§3.1: no error code).
class StrictBearerApi final : public QTcpServer
{
public:
    StrictBearerApi()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { answer(socket); });
            }
        });
    }

    bool start() { return listen(QHostAddress::LocalHost, 0); }
    QUrl url(const QString& path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(serverPort()).arg(path));
    }
    const QList<QByteArray>& authorizations() const { return m_authorizations; }

private:
    void answer(QTcpSocket* socket)
    {
        m_buffer += socket->readAll();
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        QByteArray authorization;
        for (const QByteArray& line : m_buffer.left(end).split('\n')) {
            if (line.toLower().startsWith("authorization:"))
                authorization = line.mid(line.indexOf(':') + 1).trimmed();
        }
        m_buffer.clear();
        m_authorizations.append(authorization);
        const bool accepted = authorization.startsWith("Bearer ");
        const QByteArray body = accepted ? R"({"sub":"svc-1","ok":true})" : R"({"message":"Unauthorized"})";
        QByteArray response = accepted
            ? "HTTP/1.1 200 OK\r\n"
            : "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"api\"\r\n";
        response += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\nConnection: close\r\n\r\n" + body;
        socket->write(response);
        socket->disconnectFromHost();
    }

    QByteArray m_buffer;
    QList<QByteArray> m_authorizations;
};

QString bannerText(Ui::MainWindow& window)
{
    return window.banner()->text();
}

} // namespace

// What a provider's tokens and endpoints lead to in the main window: the Authorization scheme sent with
// a lowercase token_type, what a refusal of an active token is blamed on, Revoke and Forget proven at
// the provider, a refused client secret named as such, and the texts about what is (not) there.
class TestProviderGui final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Tests::AppSessionFixture> m_fixture;
    Workspace::AppSession* m_session = nullptr; // m_fixture's
    Secrets::MemorySecretStore* m_keychain = nullptr; // m_fixture's

    // An environment whose provider is the scripted server at base, made current; its id.
    QString addScriptedEnvironment(const QUrl& base, OAuth::Grant grant, OAuth::ClientAuthentication method,
        const std::optional<QString>& secret = std::nullopt)
    {
        Workspace::Environment environment;
        environment.name = QStringLiteral("Fourth provider");
        environment.oauth.grant = grant;
        environment.oauth.issuer = base.toString(QUrl::StripTrailingSlash);
        environment.oauth.authorizationEndpoint = base.resolved(QUrl(QStringLiteral("/auth")));
        environment.oauth.tokenEndpoint = base.resolved(QUrl(QStringLiteral("/token")));
        environment.oauth.revocationEndpoint = base.resolved(QUrl(QStringLiteral("/revoke")));
        environment.oauth.introspectionEndpoint = base.resolved(QUrl(QStringLiteral("/introspect")));
        environment.oauth.clientId = QStringLiteral("tokenscope-demo");
        environment.oauth.scope = QStringLiteral("demo.read");
        environment.oauth.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
        environment.oauth.clientAuthentication = method;
        m_session->putEnvironment(environment, secret);
        QString id = m_session->workspace().environments.last().id;
        m_session->setCurrentEnvironment(id);
        return id;
    }

    // Get New Access Token, as the user clicks it; true when the session holds an access token.
    bool getNewAccessToken(Ui::MainWindow& window)
    {
        QTest::mouseClick(Tests::child<QAbstractButton>(window, "getTokenButton"), Qt::LeftButton);
        return QTest::qWaitFor(
            [this] { return m_session->currentTokenSession()->tokens().hasAccessToken(); }, 10000);
    }

    // Types the URL into the request bar and clicks Send; waits for the answer.
    void send(Ui::MainWindow& window, const QUrl& url)
    {
        auto* line = Tests::child<QLineEdit>(window, "urlLineEdit");
        line->selectAll();
        QTest::keyClicks(line, url.toString());
        auto* status = Tests::child<QLabel>(window, "statusLabel");
        QTest::mouseClick(Tests::child<QAbstractButton>(window, "sendButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!status->text().contains(QLatin1String("Sending")), 10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<Tests::ScriptedServer::Reply>();
        QStandardPaths::setTestModeEnabled(true);
    }

    void init()
    {
        m_fixture = std::make_unique<Tests::AppSessionFixture>();
        m_session = m_fixture->session();
        m_keychain = m_fixture->keychain();
        QVERIFY(m_session->load().isNull());
    }

    void cleanup() { m_fixture.reset(); }

    // A provider that answers "token_type":"bearer" and an API that accepts only "Bearer": the API call
    // and UserInfo both carry the scheme as RFC 6750 §2.1 spells it, and the call succeeds.
    void lowercaseTokenTypeSentAsBearer()
    {
        ScriptedServer provider;
        QVERIFY(provider.start());
        provider.enqueue(reply(200, R"({"access_token":"at-1","token_type":"bearer","expires_in":300})"));
        StrictBearerApi api;
        QVERIFY(api.start());
        addScriptedEnvironment(provider.url(QStringLiteral("/")), OAuth::Grant::ClientCredentials,
            OAuth::ClientAuthentication::ClientSecretPost, QStringLiteral("s3cret"));
        Workspace::Environment environment = *m_session->currentEnvironment();
        environment.oauth.userinfoEndpoint = api.url(QStringLiteral("/userinfo"));
        m_session->putEnvironment(environment);

        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(getNewAccessToken(window));
        QCOMPARE(m_session->currentTokenSession()->tokens().tokenType, QStringLiteral("bearer"));

        send(window, api.url(QStringLiteral("/v1/items")));
        QCOMPARE(api.authorizations().value(0), QByteArray("Bearer at-1"));
        auto* status = Tests::child<QLabel>(window, "statusLabel");
        QVERIFY2(status->text().contains(QLatin1String("200")), qPrintable(status->text()));
        QVERIFY2(!window.banner()->isVisible(), qPrintable(bannerText(window)));
        saveScreenshot(&window, QStringLiteral("i10-1-bearer-scheme"));

        Tests::child<QAction>(window, "userInfoAction")->trigger();
        Ui::EndpointResultDialog* dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<Ui::EndpointResultDialog*>()) != nullptr, 10000);
        QCOMPARE(api.authorizations().value(1), QByteArray("Bearer at-1"));
        dialog->close();
    }

    // Introspection said the token is active, and the API still answers 401: the banner blames the
    // API's own rules (its scheme, audience or policy), not the client settings or an expired token.
    void apiRefusingAnActiveTokenIsNamed()
    {
        ScriptedServer provider;
        QVERIFY(provider.start());
        provider.enqueue(reply(200, R"({"access_token":"at-1","token_type":"Bearer","expires_in":300})"));
        provider.enqueue(reply(200, R"({"active":true,"client_id":"tokenscope-demo","scope":"demo.read"})"));
        ScriptedServer api;
        QVERIFY(api.start());
        api.enqueue(reply(401, R"({"message":"Unauthorized"})", "application/json",
            {{"WWW-Authenticate", R"(Bearer realm="api")"}}));
        addScriptedEnvironment(provider.url(QStringLiteral("/")), OAuth::Grant::ClientCredentials,
            OAuth::ClientAuthentication::ClientSecretPost, QStringLiteral("s3cret"));
        Workspace::Environment environment = *m_session->currentEnvironment();
        environment.oauth.userinfoEndpoint = api.url(QStringLiteral("/userinfo"));
        m_session->putEnvironment(environment);

        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(getNewAccessToken(window));
        Tests::child<QAction>(window, "introspectTokenAction")->trigger();
        Ui::EndpointResultDialog* dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<Ui::EndpointResultDialog*>()) != nullptr, 10000);
        dialog->close();
        delete dialog;

        send(window, api.url(QStringLiteral("/v1/items")));
        QTRY_VERIFY(window.banner()->isVisible());
        const QString banner = bannerText(window);
        QVERIFY2(banner.contains(QLatin1String("The API refused an access token the provider calls active")),
            qPrintable(banner));
        QVERIFY2(banner.contains(QLatin1String("audience")), qPrintable(banner));
        QVERIFY2(!banner.contains(QLatin1String("client settings")), qPrintable(banner));
        saveScreenshot(&window, QStringLiteral("i10-1-api-refused-active-token"));

        // UserInfo at the same API: the same verdict, not "check the client settings".
        Tests::child<QAction>(window, "userInfoAction")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(bannerText(window).contains(QLatin1String("UserInfo")), 10000);
        const QString userInfo = bannerText(window);
        QVERIFY2(userInfo.contains(QLatin1String("the provider calls active")), qPrintable(userInfo));
        QVERIFY2(!userInfo.contains(QLatin1String("client settings")), qPrintable(userInfo));
    }

    // Revoke and Forget through the Token menu, at a real provider that ends only the token it is
    // given: afterwards the refresh token is refused at the token endpoint (invalid_grant).
    void revokeAndForgetRevokesTheRefreshToken()
    {
        Tests::OidcFixture fixture({QStringLiteral("--revoke-token-only")});
        QString error;
        QVERIFY2(fixture.start(&error), qPrintable(error));
        const Workspace::Environment environment
            = Tests::fixtureEnvironment(fixture, QStringLiteral("fixture-env"));
        m_session->putEnvironment(environment);
        m_session->setCurrentEnvironment(environment.id);
        Tests::ScriptedBrowser browser(QStringLiteral("carol"));
        const Tests::SystemBrowserStandIn standIn(browser);

        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::mouseClick(Tests::child<QAbstractButton>(window, "getTokenButton"), Qt::LeftButton);
        OAuth::TokenSession* session = m_session->currentTokenSession();
        QTRY_VERIFY_WITH_TIMEOUT(!session->tokens().refreshToken.isEmpty(), 30000);
        const QString refreshToken = session->tokens().refreshToken;

        Tests::child<QAction>(window, "revokeTokenAction")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(
            window.statusBar()->currentMessage().contains(QLatin1String("revoked at the provider")), 10000);
        QVERIFY2(!window.banner()->isVisible(), qPrintable(bannerText(window)));
        QVERIFY(!session->tokens().hasAccessToken());
        saveScreenshot(&window, QStringLiteral("i10-2-revoked-and-forgotten"));

        // At the provider: the old refresh token is dead.
        QNetworkAccessManager manager;
        QNetworkRequest request(fixture.url(QStringLiteral("/token")));
        request.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArray("application/x-www-form-urlencoded"));
        QNetworkReply* answer = manager.post(request,
            "grant_type=refresh_token&client_id=tokenscope-demo&refresh_token="
                + QUrl::toPercentEncoding(refreshToken));
        QSignalSpy done(answer, &QNetworkReply::finished);
        QVERIFY(done.wait(10000));
        const QByteArray body = answer->readAll();
        QCOMPARE(answer->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
        QVERIFY2(body.contains("invalid_grant"), body.constData());
        answer->deleteLater();
    }

    // When the provider does not revoke (a public client it refuses, 503), the banner says plainly that
    // the tokens are still valid there, although they are forgotten here.
    void failedRevocationSaysTokensStillValid_data()
    {
        QTest::addColumn<ScriptedServer::Reply>("answer");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("shot");
        QTest::newRow("401 invalid_client for a public client")
            << reply(401, R"({"error":"invalid_client","error_description":"client authentication failed"})")
            << QStringLiteral("refused this public client") << QStringLiteral("i10-2-revoke-401");
        QTest::newRow("503 with Retry-After")
            << reply(503, "try later", "text/plain", {{"Retry-After", "30"}})
            << QStringLiteral("could not revoke the token now") << QStringLiteral("i10-2-revoke-503");
    }

    void failedRevocationSaysTokensStillValid()
    {
        QFETCH(ScriptedServer::Reply, answer);
        QFETCH(QString, reason);
        QFETCH(QString, shot);
        ScriptedServer provider;
        QVERIFY(provider.start());
        provider.enqueue(answer);
        const QString id = addScriptedEnvironment(provider.url(QStringLiteral("/")),
            OAuth::Grant::AuthorizationCode, OAuth::ClientAuthentication::None);
        const QString key = Secrets::secretKey(id, QStringLiteral("refresh_token"));
        QVERIFY(Tests::writeSecret(m_keychain, key, QStringLiteral("rt-1")).ok());

        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Tests::child<QAction>(window, "revokeTokenAction")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(window.banner()->isVisible(), 10000);
        const QString banner = bannerText(window);
        QVERIFY2(banner.contains(QLatin1String("still valid at the provider")), qPrintable(banner));
        QVERIFY2(banner.contains(reason), qPrintable(banner));
        QVERIFY(provider.requests().first().body.startsWith("token=rt-1&token_type_hint=refresh_token"));
        QTRY_VERIFY(!m_keychain->contains(key));
        saveScreenshot(&window, shot);
    }

    // A wrong client secret answered with 403 unauthorized_client: the banner names the secret as a
    // likely cause beside the grant.
    void wrongClientSecretIsNamed()
    {
        ScriptedServer provider;
        QVERIFY(provider.start());
        provider.enqueue(reply(
            403, R"({"error":"unauthorized_client","error_description":"The client is not authorized"})"));
        addScriptedEnvironment(provider.url(QStringLiteral("/")), OAuth::Grant::ClientCredentials,
            OAuth::ClientAuthentication::ClientSecretPost, QStringLiteral("wrong-secret"));

        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::mouseClick(Tests::child<QAbstractButton>(window, "getTokenButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.banner()->isVisible(), 10000);
        const QString banner = bannerText(window);
        QVERIFY2(banner.contains(QLatin1String("unauthorized_client")), qPrintable(banner));
        QVERIFY2(banner.contains(QLatin1String("client secret")), qPrintable(banner));
        QVERIFY2(banner.contains(QLatin1String("grant")), qPrintable(banner));
        QVERIFY(provider.requests().first().body.contains("client_secret=wrong-secret"));
        saveScreenshot(&window, QStringLiteral("i10-13-wrong-client-secret"));
    }

    // After Discover found no revocation endpoint, the disabled Revoke item says the provider offers
    // none, instead of sending the user to Discover again.
    void revokeTooltipAfterDiscovery()
    {
        ScriptedServer provider;
        QVERIFY(provider.start());
        const QString issuer = provider.url({}).toString(QUrl::StripTrailingSlash);
        provider.enqueue(reply(200,
            QStringLiteral(R"({"issuer":"%1","authorization_endpoint":"%1/auth","token_endpoint":"%1/token",)"
                           R"("jwks_uri":"%1/jwks","response_types_supported":["code"]})")
                .arg(issuer)
                .toUtf8()));
        Http::NetworkClient network;
        Workspace::Environment environment;
        environment.name = QStringLiteral("No revocation");
        environment.oauth.clientId = QStringLiteral("tokenscope-demo");
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
        environment.oauth.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
        Ui::EnvironmentDialog dialog(environment, false, &network);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClicks(Tests::child<QLineEdit>(dialog, "issuerLineEdit"), issuer);
        QTest::mouseClick(Tests::child<QPushButton>(dialog, "discoverButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.environment().oauth.tokenEndpoint.isEmpty(), 10000);
        m_session->putEnvironment(dialog.environment());
        m_session->setCurrentEnvironment(m_session->workspace().environments.last().id);
        dialog.close();

        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* revoke = Tests::child<QAction>(window, "revokeTokenAction");
        QVERIFY(!revoke->isEnabled());
        QVERIFY2(revoke->toolTip().contains(QLatin1String("offers no revocation endpoint")),
            qPrintable(revoke->toolTip()));
        QVERIFY2(!revoke->toolTip().contains(QLatin1String("Use Discover")), qPrintable(revoke->toolTip()));

        // What the user sees: the Token menu open, the tooltip over the Revoke item.
        auto* menu = Tests::child<QMenu>(window, "tokenMenu");
        menu->popup(window.mapToGlobal(QPoint(20, 30)));
        QVERIFY(QTest::qWaitForWindowExposed(menu));
        const QRect item = menu->actionGeometry(revoke);
        QToolTip::showText(
            menu->mapToGlobal(item.center() + QPoint(0, item.height())), revoke->toolTip(), menu);
        QTRY_VERIFY(QToolTip::isVisible());
        for (QWidget* top : QApplication::topLevelWidgets()) {
            if (top->inherits("QTipLabel"))
                QVERIFY(QTest::qWaitForWindowExposed(top));
        }
        saveScreenshot(&window, QStringLiteral("i10-19-revoke-tooltip"), Tests::Grab::Screen);
        QToolTip::hideText();
        menu->hide();
    }

    // The keychain refused the client secret: the environment editor does not call it stored there.
    void refusedClientSecretIsNotCalledStored()
    {
        m_keychain->setUnavailable(QStringLiteral("The name org.freedesktop.secrets was not provided"));
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        addScriptedEnvironment(QUrl(QStringLiteral("http://127.0.0.1:1/")), OAuth::Grant::ClientCredentials,
            OAuth::ClientAuthentication::ClientSecretBasic, QStringLiteral("s3cret"));
        QTRY_VERIFY_WITH_TIMEOUT(
            bannerText(window).contains(QLatin1String("could not be saved in the keychain")), 5000);

        QTest::mouseClick(Tests::child<QPushButton>(window, "editEnvironmentButton"), Qt::LeftButton);
        Ui::EnvironmentDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<Ui::EnvironmentDialog*>()) != nullptr);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        auto* secret = Tests::child<QLineEdit>(*dialog, "clientSecretLineEdit");
        QVERIFY2(!secret->placeholderText().contains(QLatin1String("Stored in the keychain")),
            qPrintable(secret->placeholderText()));
        QVERIFY2(secret->placeholderText().contains(QLatin1String("Not saved")),
            qPrintable(secret->placeholderText()));
        QVERIFY2(secret->toolTip().contains(QLatin1String("keychain")), qPrintable(secret->toolTip()));
        saveScreenshot(dialog, QStringLiteral("i10-19-secret-not-saved"));
        dialog->reject();
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestProviderGui)
#include "tst_provider_gui.moc"
