#include "appsessionfixture.h"
#include "environmentdialog.h"
#include "filescan.h"
#include "loopbackloginagent.h"
#include "networkclient.h"
#include "oidcfixture.h"
#include "scriptedserver.h"
#include "testmain.h"
#include "variabletablemodel.h"
#include "widgethelpers.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QGroupBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QStandardPaths>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QToolButton>

using namespace Tokenscope;
using Tokenscope::Tests::child;
using Tokenscope::Tests::OidcFixture;
using Tokenscope::Tests::saveScreenshot;
using Tokenscope::Tests::ScriptedServer;

// The environment editor: what it saves and refuses to save, its Sign-in and Advanced sections, and
// "Discover": the provider's metadata fills the endpoints and the JWKS URI, and an issuer the provider
// writes differently is fixed in one click (OIDC Discovery §4.3).
class TestEnvironmentDialog final : public QObject
{
    Q_OBJECT

private:
    // The text a label shows: its markup rendered when it takes its text as rich text.
    static QString shownText(const QLabel* label)
    {
        const bool rich = label->textFormat() == Qt::RichText
            || (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(label->text()));
        return rich ? QTextDocumentFragment::fromHtml(label->text()).toPlainText() : label->text();
    }

    // The metadata document of a scripted provider at issuer: its issuer, authorization and token
    // endpoints, and more.
    static ScriptedServer::Reply metadata(const QString& issuer, const QJsonObject& more)
    {
        QJsonObject document {{QStringLiteral("issuer"), issuer},
            {QStringLiteral("authorization_endpoint"), QString(issuer + QStringLiteral("/a"))},
            {QStringLiteral("token_endpoint"), QString(issuer + QStringLiteral("/t"))}};
        for (auto it = more.begin(); it != more.end(); ++it)
            document.insert(it.key(), it.value());
        return Tests::reply(200, QJsonDocument(document).toJson());
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void discoverFillsTheEndpoints()
    {
        OidcFixture fixture;
        QString error;
        QVERIFY2(fixture.start(&error), qPrintable(error));
        Http::NetworkClient network;
        Workspace::Environment environment;
        environment.name = QStringLiteral("Local provider");
        environment.oauth.clientId = QStringLiteral("tokenscope-demo");
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
        Ui::EnvironmentDialog dialog(environment, false, &network);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        auto* issuer = child<QLineEdit>(dialog, "issuerLineEdit");
        auto* discover = child<QPushButton>(dialog, "discoverButton");
        auto* status = child<QLabel>(dialog, "discoveryStatusLabel");
        QVERIFY(discover->isVisible());
        QVERIFY(!status->isVisible());
        QTest::keyClicks(issuer, fixture.issuer().toString());
        QTest::mouseClick(discover, Qt::LeftButton);
        // Busy until the answer comes.
        QVERIFY(!discover->isEnabled());
        QCOMPARE(discover->text(), QStringLiteral("Discovering…"));

        QTRY_COMPARE_WITH_TIMEOUT(child<QLineEdit>(dialog, "authorizationEndpointLineEdit")->text(),
            fixture.url(QStringLiteral("/auth")).toString(), 10000);
        QCOMPARE(child<QLineEdit>(dialog, "tokenEndpointLineEdit")->text(),
            fixture.url(QStringLiteral("/token")).toString());
        QCOMPARE(child<QLineEdit>(dialog, "jwksUriLineEdit")->text(),
            fixture.url(QStringLiteral("/jwks")).toString());
        QVERIFY(child<QCheckBox>(dialog, "requireIssuerCheckBox")->isChecked());
        QVERIFY(discover->isEnabled());
        QCOMPARE(discover->text(), QStringLiteral("&Discover"));
        QVERIFY(status->isVisible());
        QVERIFY2(status->text().startsWith(QStringLiteral("Found: ")), qPrintable(status->text()));
        // A public client stays public.
        QCOMPARE(child<QComboBox>(dialog, "clientAuthenticationComboBox")->currentData().toInt(),
            int(OAuth::ClientAuthentication::None));
        QVERIFY(!child<QPushButton>(dialog, "useDeclaredIssuerButton")->isVisible());
        saveScreenshot(&dialog, QStringLiteral("discover"));

        // What the dialog hands back carries the discovered values.
        const Workspace::Environment edited = dialog.environment();
        QCOMPARE(edited.oauth.jwksUri, fixture.url(QStringLiteral("/jwks")));
        QCOMPARE(edited.oauth.issuer, fixture.issuer().toString());
        // The fixture offers PAR without requiring it: the endpoint is filled in, the choice stays off.
        QCOMPARE(edited.oauth.parEndpoint, fixture.url(QStringLiteral("/request")));
        QVERIFY(!edited.oauth.usePar);
        QCOMPARE(edited.oauth.pkceMethod, QStringLiteral("S256"));
    }

    // A sandbox with a self-signed certificate: Discover says which certificate it refused; with that
    // fingerprint in the Trusted certificates field, Discover finds the provider.
    void discoverTrustsTheFieldsCertificates()
    {
        OidcFixture fixture({QStringLiteral("--tls")});
        QString error;
        QVERIFY2(fixture.start(&error), qPrintable(error));
        Http::NetworkClient network;
        Workspace::Environment environment;
        environment.name = QStringLiteral("Sandbox");
        Ui::EnvironmentDialog dialog(environment, false, &network);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* discover = child<QPushButton>(dialog, "discoverButton");
        auto* status = child<QLabel>(dialog, "discoveryStatusLabel");
        auto* token = child<QLineEdit>(dialog, "tokenEndpointLineEdit");
        child<QLineEdit>(dialog, "issuerLineEdit")->setText(fixture.issuer().toString());

        QTest::mouseClick(discover, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(discover->isEnabled(), 15000);
        QVERIFY(status->isVisible());
        QVERIFY2(status->toolTip().contains(fixture.certificateSha256()), qPrintable(status->toolTip()));
        QVERIFY(token->text().isEmpty());

        child<QPlainTextEdit>(dialog, "trustedCertificatesTextEdit")
            ->setPlainText(QStringLiteral("sha256 Fingerprint=") + fixture.certificateSha256());
        QTest::mouseClick(discover, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(token->text(), fixture.url(QStringLiteral("/token")).toString(), 15000);
        QVERIFY2(status->text().startsWith(QStringLiteral("Found: ")), qPrintable(status->text()));
    }

    // The tenant's issuer ends in "/"; typed without it, discovery refuses (the issuer is compared
    // exactly later on) and offers the declared one.
    void issuerMismatchIsFixedInOneClick()
    {
        OidcFixture fixture({QStringLiteral("--mount"), QStringLiteral("/tenants/acme/"),
            QStringLiteral("--routes"), QStringLiteral("identity-hub")});
        QString error;
        QVERIFY2(fixture.start(&error), qPrintable(error));
        const QString declared = fixture.issuer().toString();
        QVERIFY2(declared.endsWith(QLatin1String("/tenants/acme/")), qPrintable(declared));
        Http::NetworkClient network;
        Ui::EnvironmentDialog dialog(Workspace::Environment {}, false, &network);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        auto* issuer = child<QLineEdit>(dialog, "issuerLineEdit");
        auto* status = child<QLabel>(dialog, "discoveryStatusLabel");
        auto* useDeclared = child<QPushButton>(dialog, "useDeclaredIssuerButton");
        QTest::keyClicks(issuer, declared.chopped(1));
        QTest::mouseClick(child<QPushButton>(dialog, "discoverButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(useDeclared->isVisible(), 10000);
        QVERIFY(status->isVisible());
        QVERIFY2(status->text().contains(QStringLiteral("calls itself")), qPrintable(status->text()));
        QVERIFY2(useDeclared->text().contains(declared), qPrintable(useDeclared->text()));
        QVERIFY(child<QLineEdit>(dialog, "authorizationEndpointLineEdit")->text().isEmpty());
        saveScreenshot(&dialog, QStringLiteral("discover-mismatch"));

        QTest::mouseClick(useDeclared, Qt::LeftButton);
        QCOMPARE(issuer->text(), declared);
        QTRY_COMPARE_WITH_TIMEOUT(child<QLineEdit>(dialog, "authorizationEndpointLineEdit")->text(),
            declared + QStringLiteral("oauth2/v1/auth/"), 10000);
        QCOMPARE(child<QLineEdit>(dialog, "tokenEndpointLineEdit")->text(),
            declared + QStringLiteral("oauth2/v1/token/"));
        QCOMPARE(
            child<QLineEdit>(dialog, "jwksUriLineEdit")->text(), declared + QStringLiteral("oauth2/v1/keys"));
        QVERIFY(!useDeclared->isVisible());
        QVERIFY2(status->text().startsWith(QStringLiteral("Found: ")), qPrintable(status->text()));
        saveScreenshot(&dialog, QStringLiteral("discover-fixed"));
    }

    // What a provider writes is shown as it is written, never as markup: rendered, the <img> would even
    // be loaded.
    void providerTextShownAsText_data()
    {
        QTest::addColumn<QString>("markup");
        QTest::newRow("issuer-with-markup-shown-as-text")
            << QStringLiteral("<b>x</b><img src=\"http://127.0.0.1:9/i.png\">");
    }

    void providerTextShownAsText()
    {
        QFETCH(QString, markup);
        ScriptedServer server;
        QVERIFY(server.start());
        // A URL still, so the document is read as far as its issuer.
        const QString base = server.url(QStringLiteral("/")).toString();
        const QString declared = base + markup;
        server.enqueue(metadata(declared,
            {{QStringLiteral("authorization_endpoint"), QString(base + QStringLiteral("a"))},
                {QStringLiteral("token_endpoint"), QString(base + QStringLiteral("t"))}}));
        Http::NetworkClient network;
        Ui::EnvironmentDialog dialog(Workspace::Environment {}, false, &network);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        child<QLineEdit>(dialog, "issuerLineEdit")->setText(server.url(QStringLiteral("/")).toString());
        child<QPushButton>(dialog, "discoverButton")->click();
        auto* useDeclared = child<QPushButton>(dialog, "useDeclaredIssuerButton");
        auto* status = child<QLabel>(dialog, "discoveryStatusLabel");
        QTRY_VERIFY2_WITH_TIMEOUT(useDeclared->isVisible(), qPrintable(status->text()), 10000);
        QVERIFY2(shownText(status).contains(QStringLiteral("calls itself ") + declared),
            qPrintable(shownText(status)));
        QVERIFY2(useDeclared->text().contains(declared), qPrintable(useDeclared->text()));
        saveScreenshot(&dialog, QStringLiteral("i14-webengine-issuer-markup-as-text"));
    }

    // A provider whose list rules out the current client authentication: the recommended one is picked.
    void impossibleClientAuthenticationIsReplaced()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        const QString issuer = server.url(QStringLiteral("/")).toString(QUrl::StripTrailingSlash);
        server.enqueue(metadata(issuer,
            {{QStringLiteral("token_endpoint_auth_methods_supported"),
                QJsonArray {QStringLiteral("client_secret_post")}}}));
        Http::NetworkClient network;
        Workspace::Environment environment;
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::ClientSecretBasic;
        Ui::EnvironmentDialog dialog(environment, true, &network);
        child<QLineEdit>(dialog, "issuerLineEdit")->setText(issuer);
        child<QPushButton>(dialog, "discoverButton")->click();
        auto* method = child<QComboBox>(dialog, "clientAuthenticationComboBox");
        QTRY_COMPARE(method->currentData().toInt(), int(OAuth::ClientAuthentication::ClientSecretPost));
        auto* status = child<QLabel>(dialog, "discoveryStatusLabel");
        QVERIFY2(status->text().contains(QStringLiteral("client_secret_post")), qPrintable(status->text()));
        QVERIFY2(status->text().contains(QStringLiteral("no JWKS URI")), qPrintable(status->text()));
        QVERIFY(child<QLineEdit>(dialog, "jwksUriLineEdit")->text().isEmpty());
    }

    // Discover fills the PAR endpoint, switches PAR on when the provider requires it, and picks the PKCE
    // method the provider supports unless the user chose one.
    void discoverAdvanced_data()
    {
        QTest::addColumn<bool>("userChoosesS256");
        QTest::addColumn<QString>("expectedPkce");
        QTest::newRow("pkce-plain-only-server") << false << "plain";
        QTest::newRow("user-choice-stands") << true << "S256";
    }
    void discoverAdvanced()
    {
        QFETCH(bool, userChoosesS256);
        QFETCH(QString, expectedPkce);
        ScriptedServer server;
        QVERIFY(server.start());
        const QString issuer = server.url(QStringLiteral("/")).toString(QUrl::StripTrailingSlash);
        server.enqueue(metadata(issuer,
            {{QStringLiteral("pushed_authorization_request_endpoint"),
                 QString(issuer + QStringLiteral("/par"))},
                {QStringLiteral("require_pushed_authorization_requests"), true},
                {QStringLiteral("code_challenge_methods_supported"), QJsonArray {QStringLiteral("plain")}}}));
        Http::NetworkClient network;
        Workspace::Environment environment;
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
        Ui::EnvironmentDialog dialog(environment, false, &network);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* pkce = child<QComboBox>(dialog, "pkceMethodComboBox");
        if (userChoosesS256) {
            QTest::mouseClick(child<QToolButton>(dialog, "advancedToolButton"), Qt::LeftButton);
            // What a user does: open the list and pick (activated), not a programmatic change.
            pkce->setFocus();
            QTest::keyClick(pkce, Qt::Key_Down);
            QTest::keyClick(pkce, Qt::Key_Up);
            QCOMPARE(pkce->currentData().toString(), QStringLiteral("S256"));
        }
        child<QLineEdit>(dialog, "issuerLineEdit")->setText(issuer);
        child<QPushButton>(dialog, "discoverButton")->click();
        auto* status = child<QLabel>(dialog, "discoveryStatusLabel");
        QTRY_VERIFY(status->isVisible());
        QCOMPARE(child<QLineEdit>(dialog, "parEndpointLineEdit")->text(),
            QString(issuer + QStringLiteral("/par")));
        QVERIFY(child<QCheckBox>(dialog, "useParCheckBox")->isChecked());
        QVERIFY(child<QGroupBox>(dialog, "advancedGroupBox")->isVisible());
        QVERIFY2(status->text().contains(QStringLiteral("requires pushed authorization")),
            qPrintable(status->text()));
        QCOMPARE(pkce->currentData().toString(), expectedPkce);
        const Workspace::Environment edited = dialog.environment();
        QVERIFY(edited.oauth.usePar);
        QCOMPARE(edited.oauth.pkceMethod, expectedPkce);
    }

    // Closed while discovery is under way: the late answer goes nowhere.
    void closedWhileDiscovering()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        ScriptedServer::Reply held;
        held.held = true;
        held.body = "{}";
        server.enqueue(held);
        ScriptedServer::Reply probe;
        probe.body = "{}";
        server.enqueue(probe);
        Http::NetworkClient network;
        auto* dialog = new Ui::EnvironmentDialog(Workspace::Environment {}, false, &network);
        QPointer<Ui::EnvironmentDialog> guard = dialog;
        child<QLineEdit>(*dialog, "issuerLineEdit")->setText(server.url(QStringLiteral("/")).toString());
        child<QPushButton>(*dialog, "discoverButton")->click();
        QTRY_COMPARE(server.requests().size(), 1);
        delete dialog;
        QVERIFY(!guard);
        server.releaseHeld();
        // A request after the held answer: when it is back, the held one has been delivered too.
        QNetworkAccessManager manager;
        QNetworkReply* reply = manager.get(QNetworkRequest(server.url(QStringLiteral("/probe"))));
        QTRY_VERIFY(reply->isFinished());
        QCoreApplication::processEvents();
        reply->deleteLater();
    }

    // The Advanced section (client assertions, PAR, the PKCE method, token parameters in the query) at
    // the bottom of the OAuth tab, closed until asked for (or in use).
    void advancedSection()
    {
        Workspace::Environment environment;
        environment.name = QStringLiteral("Legacy");
        environment.oauth.authorizationEndpoint = QUrl(QStringLiteral("https://op.example/auth"));
        environment.oauth.tokenEndpoint = QUrl(QStringLiteral("https://op.example/token"));
        environment.oauth.clientId = QStringLiteral("client");
        environment.oauth.redirectUri = QUrl(QStringLiteral("https://oauth.tokenscope.test/callback"));
        Ui::EnvironmentDialog dialog(environment, false);
        dialog.resize(640, 760);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));

        auto* toggle = child<QToolButton>(dialog, "advancedToolButton");
        auto* group = child<QGroupBox>(dialog, "advancedGroupBox");
        QVERIFY(!group->isVisible());
        QCOMPARE(toggle->text(), QStringLiteral("Advanced ▸"));
        saveScreenshot(&dialog, QStringLiteral("clientauth-closed"));
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(group->isVisible());
        QCOMPARE(toggle->text(), QStringLiteral("Advanced ▾"));

        auto* pkce = child<QComboBox>(dialog, "pkceMethodComboBox");
        auto* warning = child<QLabel>(dialog, "pkceWarningLabel");
        QCOMPARE(pkce->currentData().toString(), QStringLiteral("S256"));
        QVERIFY(!warning->isVisible());
        pkce->setCurrentIndex(pkce->findData(QStringLiteral("plain")));
        QVERIFY(warning->isVisible());
        QVERIFY(warning->text().startsWith(QStringLiteral("Insecure")));
        QVERIFY(pkce->currentText().contains(QStringLiteral("insecure")));

        // PAR on without an endpoint is a problem the dialog names.
        child<QCheckBox>(dialog, "useParCheckBox")->setChecked(true);
        dialog.accept();
        auto* problem = child<QLabel>(dialog, "problemLabel");
        QVERIFY(problem->isVisible());
        QVERIFY2(problem->text().contains(QStringLiteral("PAR endpoint")), qPrintable(problem->text()));
        QTest::keyClicks(
            child<QLineEdit>(dialog, "parEndpointLineEdit"), QStringLiteral("https://op.example/par"));
        child<QCheckBox>(dialog, "tokenParametersInQueryCheckBox")->setChecked(true);

        // private_key_jwt: the secret field becomes the imported key, stored through the keychain slot.
        auto* method = child<QComboBox>(dialog, "clientAuthenticationComboBox");
        auto* importButton = child<QPushButton>(dialog, "importKeyButton");
        auto* keyId = child<QLineEdit>(dialog, "assertionKeyIdLineEdit");
        QVERIFY(!importButton->isVisible());
        QVERIFY(!keyId->isEnabled());
        method->setCurrentIndex(method->findData(int(OAuth::ClientAuthentication::PrivateKeyJwt)));
        QVERIFY(importButton->isVisible());
        QVERIFY(keyId->isEnabled());
        QCOMPARE(child<QLabel>(dialog, "clientSecretLabel")->text(), QStringLiteral("Private &key (PEM):"));
        QVERIFY(child<QLineEdit>(dialog, "clientSecretLineEdit")->isReadOnly());
        dialog.accept(); // no key yet
        QVERIFY2(
            problem->text().contains(QStringLiteral("Import the private key")), qPrintable(problem->text()));

        const QString keyFile = QStringLiteral(TOKENSCOPE_FIXTURE_DIR "/test-client-keys/es256-private.pem");
        dialog.setKeyFileChooser([keyFile](QWidget*) { return keyFile; });
        QTest::mouseClick(importButton, Qt::LeftButton);
        QVERIFY(!problem->isVisible());
        QVERIFY2(child<QLineEdit>(dialog, "clientSecretLineEdit")
                     ->placeholderText()
                     .startsWith(QStringLiteral("ES256 key from es256-private.pem, to the keychain")),
            qPrintable(child<QLineEdit>(dialog, "clientSecretLineEdit")->placeholderText()));
        QTest::keyClicks(keyId, QStringLiteral("test-es256"));
        saveScreenshot(&dialog, QStringLiteral("clientauth-advanced"));

        QFile pem(keyFile);
        QVERIFY(pem.open(QIODevice::ReadOnly));
        QCOMPARE(dialog.clientSecret(), std::optional<QString>(QString::fromLatin1(pem.readAll())));
        const Workspace::Environment edited = dialog.environment();
        QVERIFY(edited.oauth.clientAuthentication == OAuth::ClientAuthentication::PrivateKeyJwt);
        QCOMPARE(edited.oauth.pkceMethod, QStringLiteral("plain"));
        QVERIFY(edited.oauth.usePar);
        QCOMPARE(edited.oauth.parEndpoint, QUrl(QStringLiteral("https://op.example/par")));
        QVERIFY(edited.oauth.tokenParametersInQuery);
        QCOMPARE(edited.oauth.assertionKeyId, QStringLiteral("test-es256"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    // A file that is not a usable key is refused with the reason, and nothing is kept.
    void importRefusesNonKeys()
    {
        Workspace::Environment environment;
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::PrivateKeyJwt;
        Ui::EnvironmentDialog dialog(environment, false);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QString notKey = QStringLiteral(TOKENSCOPE_FIXTURE_DIR "/test-client-keys/jwks.json");
        dialog.setKeyFileChooser([notKey](QWidget*) { return notKey; });
        QTest::mouseClick(child<QPushButton>(dialog, "importKeyButton"), Qt::LeftButton);
        auto* problem = child<QLabel>(dialog, "problemLabel");
        QVERIFY(problem->isVisible());
        QVERIFY2(problem->text().contains(QStringLiteral("PEM")), qPrintable(problem->text()));
        QCOMPARE(dialog.clientSecret(), std::optional<QString>());
    }

    // Saved non-default advanced settings open the section, so nothing works unseen.
    void advancedOpensWhenInUse()
    {
        Workspace::Environment environment;
        environment.oauth.tokenParametersInQuery = true;
        Ui::EnvironmentDialog dialog(environment, false);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(child<QGroupBox>(dialog, "advancedGroupBox")->isVisible());
        QVERIFY(child<QCheckBox>(dialog, "tokenParametersInQueryCheckBox")->isChecked());
    }

    // Without a network client (tests, tools) there is nothing to discover with.
    // The grant decides which rows are shown: no redirect URI without the code flow, the device
    // authorization endpoint only for the device grant; the choice and the endpoint are saved.
    void grantChoosesTheRows()
    {
        Workspace::Environment environment;
        environment.name = QStringLiteral("Devices");
        environment.oauth.grant = OAuth::Grant::DeviceCode;
        environment.oauth.tokenEndpoint = QUrl(QStringLiteral("https://auth.example.test/token"));
        environment.oauth.deviceAuthorizationEndpoint
            = QUrl(QStringLiteral("https://auth.example.test/device/auth"));
        environment.oauth.clientId = QStringLiteral("tv-app");
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
        environment.oauth.scope = QStringLiteral("openid offline_access");
        Ui::EnvironmentDialog dialog(environment, false);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* grant = child<QComboBox>(dialog, "grantComboBox");
        auto* device = child<QLineEdit>(dialog, "deviceAuthorizationEndpointLineEdit");
        auto* redirect = child<QLineEdit>(dialog, "redirectUriLineEdit");
        auto* authorization = child<QLineEdit>(dialog, "authorizationEndpointLineEdit");
        QCOMPARE(grant->count(), 3);
        QCOMPARE(grant->currentText(), QStringLiteral("Device code (sign in on another device)"));
        QVERIFY(device->isVisible());
        QVERIFY(!redirect->isVisible());
        QVERIFY(!authorization->isVisible());
        saveScreenshot(&dialog, QStringLiteral("environment-grant-device"));

        // Saved without a redirect URI or authorization endpoint: the device grant needs neither.
        const Workspace::Environment edited = dialog.environment();
        QVERIFY(edited.oauth.grant == OAuth::Grant::DeviceCode);
        QCOMPARE(edited.oauth.deviceAuthorizationEndpoint, environment.oauth.deviceAuthorizationEndpoint);

        grant->setCurrentIndex(grant->findData(int(OAuth::Grant::ClientCredentials)));
        QVERIFY(!device->isVisible());
        QVERIFY(!redirect->isVisible());
        QVERIFY(dialog.environment().oauth.grant == OAuth::Grant::ClientCredentials);

        grant->setCurrentIndex(grant->findData(int(OAuth::Grant::AuthorizationCode)));
        QVERIFY(!device->isVisible());
        QVERIFY(redirect->isVisible());
        QVERIFY(authorization->isVisible());
        // Hidden values are kept, not cleared.
        QCOMPARE(dialog.environment().oauth.deviceAuthorizationEndpoint,
            environment.oauth.deviceAuthorizationEndpoint);
        grant->showPopup();
        QTRY_VERIFY(grant->view()->isVisible());
        saveScreenshot(grant->view()->window(), QStringLiteral("environment-grant-popup"));
        grant->hidePopup();

        grant->setCurrentIndex(grant->findData(int(OAuth::Grant::DeviceCode)));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    // The system browser returns through the loopback listener or, for a private-use scheme, through the
    // operating system: the editor accepts exactly the redirect URIs one of them can serve (RFC 8252
    // §7.3: any address in 127.0.0.0/8, ::1, and "localhost"; §7.1: a scheme in reverse domain order).
    void systemBrowserNeedsALoopbackOrPrivateUseRedirect_data()
    {
        QTest::addColumn<QString>("redirectUri");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<bool>("loopback");
        QTest::newRow("127.0.0.1") << QStringLiteral("http://127.0.0.1/callback") << true << true;
        QTest::newRow("127.0.0.2 with a port")
            << QStringLiteral("http://127.0.0.2:8400/callback") << true << true;
        QTest::newRow("[::1]") << QStringLiteral("http://[::1]/callback") << true << true;
        QTest::newRow("localhost") << QStringLiteral("http://localhost/callback") << true << true;
        QTest::newRow("LOCALHOST") << QStringLiteral("http://LOCALHOST/callback") << true << true;
        QTest::newRow("https on loopback") << QStringLiteral("https://127.0.0.1/callback") << false << false;
        QTest::newRow("128.0.0.1") << QStringLiteral("http://128.0.0.1/callback") << false << false;
        QTest::newRow("https-foreign-host")
            << QStringLiteral("https://oauth.pstmn.io/v1/browser-callback") << false << false;
        QTest::newRow("private-use-scheme") << QStringLiteral("com.example.app:/callback") << true << false;
        QTest::newRow("private-use-scheme-without-domain")
            << QStringLiteral("myapp:/callback") << false << false;
    }
    void systemBrowserNeedsALoopbackOrPrivateUseRedirect()
    {
        QFETCH(QString, redirectUri);
        QFETCH(bool, accepted);
        QFETCH(bool, loopback);
        QCOMPARE(OAuth::LoopbackLoginAgent::isLoopbackRedirectUri(QUrl(redirectUri)), loopback);
        Workspace::Environment environment;
        environment.name = QStringLiteral("Native app");
        environment.oauth.authorizationEndpoint = QUrl(QStringLiteral("https://op.example/auth"));
        environment.oauth.tokenEndpoint = QUrl(QStringLiteral("https://op.example/token"));
        environment.oauth.clientId = QStringLiteral("client");
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
        environment.oauth.redirectUri = QUrl(redirectUri);
        environment.signIn.browser = Workspace::SignInSettings::Browser::System;
        Ui::EnvironmentDialog dialog(environment, false);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.accept();
        QCOMPARE(dialog.result() == QDialog::Accepted, accepted);
        const QString problem = child<QLabel>(dialog, "problemLabel")->text();
        QCOMPARE(problem.contains(QStringLiteral("The system browser can only return to this computer")),
            !accepted);
    }

    // Each line of the trusted-certificates field is parsed as the workspace file is: what users paste is
    // kept in one form, and a line that is no fingerprint is named with the reason.
    void trustedCertificatesField_data()
    {
        const QString canonical = QStringLiteral("9E:3A:12:74:88:30:EA:67:D9:C2:C3:3E:B2:B6:80:BE:18:19:7C:"
                                                 "9A:8A:6F:B2:A6:09:E7:6F:CE:E9:76:3E:0E");
        QTest::addColumn<QString>("field");
        // Canonical, each for a host: one typed without "@ host" is trusted on the hosts the environment
        // names (here its token endpoint's), once; empty when refused.
        QTest::addColumn<QStringList>("trusted");
        QTest::addColumn<QStringList>("problemMentions"); // empty when accepted
        QTest::newRow("empty") << QString() << QStringList() << QStringList();
        QTest::newRow("openssl's line and plain hex, blank lines between")
            << QStringLiteral("sha256 Fingerprint=%1\n\n  %2  \n")
                   .arg(canonical, QString(canonical).remove(u':').toLower())
            << QStringList {canonical + QStringLiteral(" @ 127.0.0.1")} << QStringList();
        QTest::newRow("with its host: kept for that host")
            << canonical + QStringLiteral(" @ Sandbox.Example.com")
            << QStringList {canonical + QStringLiteral(" @ sandbox.example.com")} << QStringList();
        QTest::newRow("nothing after @") << canonical + QStringLiteral(" @") << QStringList()
                                         << QStringList {QStringLiteral("After “@” comes the host")};
        QTest::newRow("a SHA-1 fingerprint")
            << QStringLiteral("%1\nA9:4A:8F:E5:CC:B1:9B:A6:1C:4C:08:73:D3:91:E9:87:98:2F:BB:D3")
                   .arg(canonical)
            << QStringList()
            << QStringList {QStringLiteral("“A9:4A:8F:E5:CC:B1:9B:A6:1C:4C:08:73:D3:91:E9:87:98:2F:BB:D3”"),
                   QStringLiteral("SHA-1")};
        QTest::newRow("too short") << QStringLiteral("AB:CD:EF") << QStringList()
                                   << QStringList {QStringLiteral("“AB:CD:EF”"),
                                          QStringLiteral("64 hexadecimal digits")};
    }
    void trustedCertificatesField()
    {
        QFETCH(QString, field);
        QFETCH(QStringList, trusted);
        QFETCH(QStringList, problemMentions);
        Workspace::Environment environment;
        environment.name = QStringLiteral("Sandbox");
        environment.oauth.grant = OAuth::Grant::ClientCredentials;
        environment.oauth.tokenEndpoint = QUrl(QStringLiteral("https://127.0.0.1:8443/token"));
        environment.oauth.clientId = QStringLiteral("service");
        Ui::EnvironmentDialog dialog(environment, true);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        child<QPlainTextEdit>(dialog, "trustedCertificatesTextEdit")->setPlainText(field);
        dialog.accept();
        const QString problem = child<QLabel>(dialog, "problemLabel")->text();
        QCOMPARE(dialog.result() == QDialog::Accepted, problemMentions.isEmpty());
        for (const QString& mention : problemMentions)
            QVERIFY2(problem.contains(mention), qPrintable(problem));
        QStringList kept;
        for (const CertificateFingerprint& fingerprint : dialog.environment().oauth.trustedCertificates)
            kept.append(fingerprint.toEntry());
        if (problemMentions.isEmpty())
            QCOMPARE(kept, trusted);
    }

    // The environment editor validates before saving, and the client secret goes to the keychain,
    // never into the workspace file.
    void keepsTheSecretOutOfTheWorkspace()
    {
        Tests::AppSessionFixture fixture;
        Workspace::AppSession& session = *fixture.session();
        Secrets::MemorySecretStore* keychain = fixture.keychain();
        QVERIFY(session.load().isNull());
        Ui::EnvironmentDialog dialog(Workspace::Environment {}, false);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const auto field
            = [&dialog](const char* name) { return dialog.findChild<QLineEdit*>(QLatin1String(name)); };
        field("nameLineEdit")->setText(QStringLiteral("ZorgAPIs sandbox"));
        dialog.accept();
        auto* problem = dialog.findChild<QLabel*>(QStringLiteral("problemLabel"));
        QVERIFY(problem->isVisible());
        QVERIFY(problem->text().contains(QStringLiteral("authorization endpoint")));
        QCOMPARE(dialog.result(), int(QDialog::Rejected));

        const QString base
            = QStringLiteral("https://auth.sandbox.zorgapis.nl/realms/zorgapis/protocol/openid-connect");
        field("issuerLineEdit")->setText(QStringLiteral("https://auth.sandbox.zorgapis.nl/realms/zorgapis"));
        field("authorizationEndpointLineEdit")->setText(base + QStringLiteral("/auth"));
        field("tokenEndpointLineEdit")->setText(base + QStringLiteral("/token"));
        field("clientIdLineEdit")->setText(QStringLiteral("zorgapis.postman"));
        field("scopeLineEdit")->setText(QStringLiteral("api-requirements-versions:read"));
        field("redirectUriLineEdit")->setText(QStringLiteral("https://oauth.pstmn.io/v1/browser-callback"));
        QTest::keyClicks(field("clientSecretLineEdit"), QStringLiteral("sandbox-secret-4711"));
        QCOMPARE(field("clientSecretLineEdit")->echoMode(), QLineEdit::Password);
        saveScreenshot(&dialog, QStringLiteral("environment-dialog"));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.clientSecret(), std::optional<QString>(QStringLiteral("sandbox-secret-4711")));

        Workspace::Environment environment = dialog.environment();
        environment.id = Workspace::newEnvironmentId();
        QCOMPARE(environment.oauth.redirectUri.host(), QStringLiteral("oauth.pstmn.io"));
        session.putEnvironment(environment, dialog.clientSecret());
        const QString key = Secrets::secretKey(environment.id, QStringLiteral("client_secret"));
        QTRY_COMPARE(keychain->value(key), QStringLiteral("sandbox-secret-4711"));
        const QByteArray saved = Tests::readAllFiles(fixture.directory());
        QVERIFY(saved.contains("zorgapis.postman"));
        QVERIFY(!saved.contains("sandbox-secret-4711"));
    }

    // Secret variables keep their flag through the editor and are shown as bullets.
    void secretVariables()
    {
        Workspace::Environment environment;
        environment.name = QStringLiteral("Generic API v1");
        environment.variables
            = {{QStringLiteral("baseUrl"), QStringLiteral("https://api.example.nl/v1"), true, false},
                {QStringLiteral("apiKey"), QStringLiteral("k-123456789"), true, true}};
        Ui::EnvironmentDialog dialog(environment, true);
        dialog.findChild<QTabWidget*>(QStringLiteral("sectionsTabWidget"))->setCurrentIndex(1);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* view = dialog.findChild<QTableView*>(QStringLiteral("variablesTableView"));
        QStyleOptionViewItem option;
        option.initFrom(view);
        const QModelIndex secretValue = view->model()->index(1, 2);
        QCOMPARE(secretValue.data().toString(), QStringLiteral("k-123456789"));
        auto* delegate = qobject_cast<QStyledItemDelegate*>(view->itemDelegateForColumn(2));
        QVERIFY(delegate);
        QVERIFY(!delegate->displayText(secretValue.data(), QLocale()).isEmpty());
        saveScreenshot(&dialog, QStringLiteral("environment-dialog-variables"));
        const auto edited = dialog.environment();
        QCOMPARE(edited.variables, environment.variables);
    }

    // The Sign-in tab: choices survive the round trip, and impossible ones are explained.
    void signInTab()
    {
        Workspace::Environment environment;
        environment.name = QStringLiteral("ZorgAPIs sandbox");
        environment.oauth.authorizationEndpoint = QUrl(QStringLiteral("https://auth.example/auth"));
        environment.oauth.tokenEndpoint = QUrl(QStringLiteral("https://auth.example/token"));
        environment.oauth.clientId = QStringLiteral("zorgapis.postman");
        environment.oauth.redirectUri = QUrl(QStringLiteral("https://oauth.pstmn.io/v1/browser-callback"));
        environment.oauth.extraAuthorizationParameters
            = {{QStringLiteral("p"), QStringLiteral("B2C_1_signin")}};
        Ui::EnvironmentDialog dialog(environment, false);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* tabs = dialog.findChild<QTabWidget*>(QStringLiteral("sectionsTabWidget"));
        tabs->setCurrentWidget(dialog.findChild<QWidget*>(QStringLiteral("signInTab")));
        auto* browser = dialog.findChild<QComboBox*>(QStringLiteral("signInBrowserComboBox"));
        auto* keep = dialog.findChild<QAbstractButton*>(QStringLiteral("keepSessionCheckBox"));
        auto* extra = dialog.findChild<QPlainTextEdit*>(QStringLiteral("extraParametersTextEdit"));
        auto* certificates = dialog.findChild<QPlainTextEdit*>(QStringLiteral("trustedCertificatesTextEdit"));
        auto* problem = dialog.findChild<QLabel*>(QStringLiteral("problemLabel"));
        QVERIFY(browser && keep && extra && certificates && problem);
        QCOMPARE(extra->toPlainText(), QStringLiteral("p=B2C_1_signin"));
        keep->click();
        extra->setPlainText(QStringLiteral("p=B2C_1_signin\nprompt=login"));
        const QString fingerprint
            = QStringLiteral("9e3a1274 8830ea67 d9c2c33e b2b680be 18197c9a 8a6fb2a6 09e76fce e9763e0e");
        certificates->setPlainText(fingerprint);
        saveScreenshot(&dialog, QStringLiteral("environment-signin-tab"));

        // The system browser cannot come back to an https redirect on someone else's host.
        browser->setCurrentIndex(browser->findData(int(Workspace::SignInSettings::Browser::System)));
        QVERIFY(!keep->isEnabled());
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QVERIFY(problem->text().contains(QStringLiteral("http://127.0.0.1/callback")));
        browser->setCurrentIndex(browser->findData(int(Workspace::SignInSettings::Browser::Embedded)));

        certificates->setPlainText(QStringLiteral("not a fingerprint"));
        dialog.accept();
        QVERIFY(problem->text().contains(QStringLiteral("SHA-256")));
        certificates->setPlainText(fingerprint);
        dialog.accept();
        QVERIFY(!dialog.isVisible());

        const Workspace::Environment edited = dialog.environment();
        QVERIFY(edited.signIn.keepBrowserSession);
        QCOMPARE(edited.signIn.browser, Workspace::SignInSettings::Browser::Embedded);
        QCOMPARE(edited.oauth.extraAuthorizationParameters.size(), 2);
        QCOMPARE(edited.oauth.extraAuthorizationParameters.at(1),
            qMakePair(QStringLiteral("prompt"), QStringLiteral("login")));
        QCOMPARE(edited.oauth.trustedCertificates.size(), 1);
        QCOMPARE(edited.oauth.trustedCertificates.constFirst().toString(),
            QStringLiteral("9E:3A:12:74:88:30:EA:67:D9:C2:C3:3E:B2:B6:80:BE:18:19:7C:9A:8A:6F:B2:A6:"
                           "09:E7:6F:CE:E9:76:3E:0E"));
        // Typed without a host: trusted on the one host the environment names.
        QCOMPARE(edited.oauth.trustedCertificates.constFirst().host(), QStringLiteral("auth.example"));
    }

    // Plain HTTP for tokens and the client secret is the user's explicit choice per environment, with
    // its warning in sight while it is on; without it an http endpoint elsewhere is refused.
    void allowPlainHttp()
    {
        Workspace::Environment environment;
        environment.name = QStringLiteral("Legacy test server");
        environment.oauth.grant = OAuth::Grant::ClientCredentials;
        environment.oauth.tokenEndpoint = QUrl(QStringLiteral("http://legacy.example/token"));
        environment.oauth.clientId = QStringLiteral("service");
        Ui::EnvironmentDialog dialog(environment, true);
        auto* tabs = child<QTabWidget>(dialog, "sectionsTabWidget");
        tabs->setCurrentWidget(child<QWidget>(dialog, "signInTab"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* allow = child<QCheckBox>(dialog, "allowPlainHttpCheckBox");
        auto* warning = child<QLabel>(dialog, "plainHttpWarningLabel");
        QVERIFY(!allow->isChecked());
        QVERIFY(!warning->isVisible());

        dialog.accept();
        QVERIFY(dialog.isVisible());
        const QString problem = child<QLabel>(dialog, "problemLabel")->text();
        QVERIFY2(
            problem.contains(QLatin1String("would travel in clear to legacy.example")), qPrintable(problem));
        QVERIFY2(problem.contains(QLatin1String("allow plain HTTP")), qPrintable(problem));

        tabs->setCurrentWidget(child<QWidget>(dialog, "signInTab"));
        allow->click();
        QVERIFY(warning->isVisible());
        QVERIFY(warning->text().contains(QLatin1String("read and reuse the tokens")));
        saveScreenshot(&dialog, QStringLiteral("i14-transport-allow-plain-http"));
        dialog.accept();
        QVERIFY(!dialog.isVisible());
        QVERIFY(dialog.environment().oauth.allowPlainHttp);

        // Shown as saved.
        Ui::EnvironmentDialog reopened(dialog.environment(), true);
        QVERIFY(child<QCheckBox>(reopened, "allowPlainHttpCheckBox")->isChecked());
        QVERIFY(!child<QLabel>(reopened, "plainHttpWarningLabel")->isHidden());
    }

    // A problem is stated above the buttons, and the field to correct gets the keyboard.
    void problemNamesTheField_data()
    {
        QTest::addColumn<QString>("clear");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("problem");
        QTest::newRow("no name") << "nameLineEdit"
                                 << "nameLineEdit"
                                 << "Give the environment a name.";
        QTest::newRow("no token endpoint") << "tokenEndpointLineEdit"
                                           << "tokenEndpointLineEdit"
                                           << "The token endpoint must be a full http or https address.";
        QTest::newRow("no client ID") << "clientIdLineEdit"
                                      << "clientIdLineEdit"
                                      << "Enter the client ID registered at the provider.";
        QTest::newRow("no redirect URI") << "redirectUriLineEdit"
                                         << "redirectUriLineEdit"
                                         << "Enter the redirect URI exactly as registered at the provider.";
    }
    void problemNamesTheField()
    {
        QFETCH(QString, clear);
        QFETCH(QString, field);
        QFETCH(QString, problem);
        Workspace::Environment environment;
        environment.name = QStringLiteral("Provider");
        environment.oauth.authorizationEndpoint = QUrl(QStringLiteral("https://op.example/auth"));
        environment.oauth.tokenEndpoint = QUrl(QStringLiteral("https://op.example/token"));
        environment.oauth.clientId = QStringLiteral("client");
        environment.oauth.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
        Ui::EnvironmentDialog dialog(environment, true);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        child<QLineEdit>(dialog, qPrintable(clear))->clear();
        dialog.accept();
        QVERIFY(dialog.isVisible());
        auto* label = child<QLabel>(dialog, "problemLabel");
        QVERIFY(label->isVisible());
        QCOMPARE(label->text(), problem);
        QCOMPARE(dialog.focusWidget(), child<QLineEdit>(dialog, qPrintable(field)));
    }

    void variablesModelPassesTheModelTester()
    {
        Ui::VariableTableModel variables(
            {{QStringLiteral("baseUrl"), QStringLiteral("https://api.example"), true, false}});
        QAbstractItemModelTester tester(&variables, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QModelIndex added
            = variables.appendVariable({QStringLiteral("apiKey"), QStringLiteral("k-1"), false, true});
        QCOMPARE(added, variables.index(1, 0));
        variables.appendVariable(
            {QStringLiteral("  "), QStringLiteral("unnamed rows are dropped"), true, false});
        QCOMPARE(variables.variables(),
            (QList<Http::Variable> {
                {QStringLiteral("baseUrl"), QStringLiteral("https://api.example"), true, false},
                {QStringLiteral("apiKey"), QStringLiteral("k-1"), false, true}}));
        variables.removeRow(0);
        QCOMPARE(variables.rowCount(), 2);
    }

    void noNetworkNoDiscoverButton()
    {
        Ui::EnvironmentDialog dialog(Workspace::Environment {}, false);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(!child<QPushButton>(dialog, "discoverButton")->isVisible());
        QVERIFY(child<QLineEdit>(dialog, "jwksUriLineEdit")->isVisible());
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestEnvironmentDialog)
#include "tst_environmentdialog.moc"
