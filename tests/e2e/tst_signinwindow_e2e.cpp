#include "appsession.h"
#include "appsessionfixture.h"
#include "embeddedloginagent.h"
#include "flowlog.h"
#include "jwt.h"
#include "memorysecretstore.h"
#include "oidcfixture.h"
#include "testmain.h"
#include "tokensession.h"
#include "widgethelpers.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Tokenscope;
using Tokenscope::Tests::Grab;
using Tokenscope::Tests::OidcFixture;
using Tokenscope::Tests::saveScreenshot;

namespace {

constexpr int signInTimeout = 60000;

QString subjectOf(const OAuth::TokenSession* tokens)
{
    const auto decoded = Jwt::decode(tokens->tokens().idToken);
    return decoded ? decoded->payload.value(QLatin1String("sub")).toString() : QString();
}

} // namespace

// On real parts: the sign-in window (Qt WebEngine from the plugin, under Xvfb) against the
// oidc-provider fixture, for every form of redirect URI real registrations use, with the browser
// profile choices (in memory per window, or persistent per environment) and a self-signed sandbox.
class TestSignInWindow final : public QObject
{
    Q_OBJECT

private:
    OidcFixture m_fixture;
    OidcFixture m_tlsFixture {{QStringLiteral("--tls")}};
    QTemporaryDir m_dir;
    QNetworkAccessManager m_network;

    std::unique_ptr<Workspace::AppSession> newSession()
    {
        auto session = std::make_unique<Workspace::AppSession>(m_dir.path(), new Secrets::MemorySecretStore);
        session->load();
        return session;
    }

    // The fixture's public native client, which has every kind of redirect URI registered.
    static Workspace::Environment publicClient(const OidcFixture& fixture, const QString& redirect)
    {
        const QString issuer = fixture.issuer().toString(QUrl::StripTrailingSlash);
        Workspace::Environment environment;
        environment.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        environment.name = QStringLiteral("Window test");
        environment.variables = {{QStringLiteral("baseUrl"), issuer, true}};
        environment.oauth.issuer = issuer;
        environment.oauth.authorizationEndpoint = fixture.url(QStringLiteral("/auth"));
        environment.oauth.tokenEndpoint = fixture.url(QStringLiteral("/token"));
        environment.oauth.clientId = QStringLiteral("tokenscope-demo");
        environment.oauth.scope = QStringLiteral("openid profile demo.read");
        environment.oauth.redirectUri = QUrl(redirect);
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::None;
        environment.oauth.requireIssuerInResponse = true;
        return environment;
    }

    void setRedirectStyle(const QString& style)
    {
        QNetworkReply* reply
            = m_network.get(QNetworkRequest(m_fixture.url(QStringLiteral("/test/redirect-style/") + style)));
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(10000));
        QCOMPARE(reply->readAll(), style.toUtf8());
        reply->deleteLater();
    }

    // The page of the open sign-in window once loaded, with keyboard focus. The test drives the window
    // through the keyboard and does not link Qt WebEngine: it is loaded from the plugin as in the app.
    QWidget* loadedPage(Ui::EmbeddedLoginAgent& agent)
    {
        if (!QTest::qWaitFor([&agent] { return agent.window() != nullptr; }, 10000))
            return nullptr;
        QWidget* window = agent.window();
        auto* progress = window->findChild<QProgressBar*>(QStringLiteral("loadProgressBar"));
        if (!QTest::qWaitFor([&] { return !agent.window() || !progress->isVisible(); }, signInTimeout)
            || !agent.window())
            return nullptr;
        auto* view = window->findChild<QWidget*>(QStringLiteral("loginWebView"));
        window->activateWindow();
        if (!QTest::qWaitForWindowActive(window))
            return nullptr;
        QWidget* page = view->focusProxy() ? view->focusProxy() : view;
        page->setFocus();
        return QTest::qWaitFor([page] { return page->hasFocus(); }, 5000) ? page : nullptr;
    }

    // Where the sign-in window is: the host label's tooltip is the page's URL without its query.
    static QString windowLocation(Ui::EmbeddedLoginAgent& agent)
    {
        QWidget* window = agent.window();
        auto* host = window ? window->findChild<QLabel*>(QStringLiteral("hostLabel")) : nullptr;
        return host ? host->toolTip() : QString();
    }

    // The provider's login form (login field focused by the page): a name, Tab, a password, Enter.
    bool submitLoginForm(Ui::EmbeddedLoginAgent& agent, const QString& login, const QString& screenshot = {})
    {
        // The form lives at /interaction/<uid>; wait until the window shows it.
        if (!QTest::qWaitFor(
                [&agent] { return windowLocation(agent).contains(QLatin1String("/interaction/")); },
                signInTimeout)) {
            qWarning() << "no login form; the sign-in window is at" << windowLocation(agent);
            return false;
        }
        QWidget* page = loadedPage(agent);
        if (!page)
            return false;
        QTest::keyClicks(page, login);
        if (!screenshot.isEmpty())
            saveScreenshot(agent.window(), screenshot, Grab::Screen);
        QTest::keyClick(page, Qt::Key_Tab);
        QTest::keyClicks(page, QStringLiteral("any password"));
        QTest::keyClick(page, Qt::Key_Return);
        return true;
    }

    static Error finishedWith(const QSignalSpy& spy) { return spy.first().first().value<Error>(); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        QString error;
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
        QVERIFY2(m_tlsFixture.start(&error), qPrintable(error));
        QVERIFY(!m_tlsFixture.certificateSha256().isEmpty());
    }

    void cleanup() { setRedirectStyle(QStringLiteral("direct")); }

    // Every form of redirect URI is intercepted before any request leaves for it, however the
    // provider sends the browser there: 302, a chain of 302s, JavaScript, or a form post.
    void redirectForms_data()
    {
        QTest::addColumn<QString>("redirect");
        QTest::addColumn<QString>("style");
        QTest::addColumn<QString>("responseMode");
        const QString https = QStringLiteral("https://oauth.pstmn.io/v1/browser-callback");
        QTest::newRow("localhost-any-port") << "http://localhost:%1/callback"
                                            << "direct" << QString();
        QTest::newRow("loopback-ipv4") << "http://127.0.0.1:%1/callback"
                                       << "direct" << QString();
        QTest::newRow("https-foreign-host") << https << "direct" << QString();
        QTest::newRow("private-use-scheme") << "com.example.app:/callback"
                                            << "direct" << QString();
        QTest::newRow("302-chain") << https << "chain" << QString();
        QTest::newRow("javascript-navigation") << https << "js" << QString();
        QTest::newRow("private-use-scheme-javascript") << "com.example.app:/callback"
                                                       << "js" << QString();
        QTest::newRow("form-post") << https << "direct"
                                   << "form_post";
        QTest::newRow("form-post-loopback") << "http://127.0.0.1:%1/callback"
                                            << "direct"
                                            << "form_post";
    }

    void redirectForms()
    {
        QFETCH(QString, redirect);
        QFETCH(QString, style);
        QFETCH(QString, responseMode);
        // Something listens where a loopback redirect URI points; it must never see a connection.
        QTcpServer listener;
        QVERIFY(listener.listen(QHostAddress::LocalHost));
        if (redirect.contains(QLatin1String("%1")))
            redirect = redirect.arg(listener.serverPort());
        setRedirectStyle(style);

        auto session = newSession();
        Workspace::Environment environment = publicClient(m_fixture, redirect);
        environment.oauth.responseMode = responseMode;
        session->putEnvironment(environment, std::nullopt);
        session->setCurrentEnvironment(environment.id);
        OAuth::TokenSession* tokens = session->currentTokenSession();
        Ui::EmbeddedLoginAgent agent(nullptr);
        QSignalSpy finished(tokens, &OAuth::TokenSession::signInFinished);
        tokens->signIn(&agent);
        QVERIFY(submitLoginForm(agent, QStringLiteral("alice"),
            qstrcmp(QTest::currentDataTag(), "https-foreign-host") == 0 ? QStringLiteral("login-window")
                                                                        : QString()));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, signInTimeout);
        QVERIFY2(finishedWith(finished).isNull(), qPrintable(finishedWith(finished).toText()));
        QVERIFY(!tokens->tokens().accessToken.isEmpty());
        QCOMPARE(subjectOf(tokens), QStringLiteral("alice"));
        QTRY_VERIFY(agent.window() == nullptr);

        const QUrl intercepted = Tests::interceptedRedirect(*session);
        const QUrl expected(redirect);
        QCOMPARE(intercepted.scheme(), expected.scheme());
        QCOMPARE(intercepted.host(), expected.host());
        QCOMPARE(intercepted.port(), expected.port());
        QCOMPARE(intercepted.path(), expected.path());
        QVERIFY(!listener.hasPendingConnections());
        QVERIFY(!listener.waitForNewConnection(0));
    }

    // Sessions never leak between environments: after signing in to A, B shows the provider's login
    // form, not A's session, and signs in as someone else.
    void environmentsAreIsolated()
    {
        auto session = newSession();
        const QString redirect = QStringLiteral("https://oauth.pstmn.io/v1/browser-callback");
        const Workspace::Environment a = publicClient(m_fixture, redirect);
        Workspace::Environment b = publicClient(m_fixture, redirect);
        b.name = QStringLiteral("Window test B");
        session->putEnvironment(a, std::nullopt);
        session->putEnvironment(b, std::nullopt);

        Ui::EmbeddedLoginAgent agentA(nullptr);
        OAuth::TokenSession* tokensA = session->tokenSession(a.id);
        QSignalSpy finishedA(tokensA, &OAuth::TokenSession::signInFinished);
        tokensA->signIn(&agentA);
        QVERIFY(submitLoginForm(agentA, QStringLiteral("alice")));
        QTRY_COMPARE_WITH_TIMEOUT(finishedA.size(), 1, signInTimeout);
        QVERIFY(finishedA.first().first().value<Error>().isNull());

        Ui::EmbeddedLoginAgent agentB(nullptr);
        OAuth::TokenSession* tokensB = session->tokenSession(b.id);
        QSignalSpy finishedB(tokensB, &OAuth::TokenSession::signInFinished);
        tokensB->signIn(&agentB);
        // The login form, because B's window knows nothing of A's session.
        QVERIFY(submitLoginForm(
            agentB, QStringLiteral("bob"), QStringLiteral("login-window-second-environment")));
        QTRY_COMPARE_WITH_TIMEOUT(finishedB.size(), 1, signInTimeout);
        QVERIFY(finishedB.first().first().value<Error>().isNull());
        QCOMPARE(subjectOf(tokensA), QStringLiteral("alice"));
        QCOMPARE(subjectOf(tokensB), QStringLiteral("bob"));
    }

    // "Stay signed in": a persistent profile per environment keeps the provider's session, so the
    // next sign-in needs no form; "sign in as someone else" forces the form anyway (prompt=login,
    // max_age=0); clearing the session brings the form back.
    void persistentSessionSomeoneElseAndClear()
    {
        auto session = newSession();
        const Workspace::Environment environment
            = publicClient(m_fixture, QStringLiteral("https://oauth.pstmn.io/v1/browser-callback"));
        session->putEnvironment(environment, std::nullopt);
        OAuth::TokenSession* tokens = session->tokenSession(environment.id);
        Ui::EmbeddedLoginAgent agent(nullptr);
        agent.setPersistentProfile(environment.id);
        QSignalSpy finished(tokens, &OAuth::TokenSession::signInFinished);

        tokens->signIn(&agent);
        QVERIFY(submitLoginForm(agent, QStringLiteral("alice")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, signInTimeout);
        QVERIFY(finishedWith(finished).isNull());
        QCOMPARE(subjectOf(tokens), QStringLiteral("alice"));

        // Again: the provider remembers alice; the window closes by itself, no form is typed into.
        tokens->signIn(&agent);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, signInTimeout);
        QVERIFY2(finished.at(1).first().value<Error>().isNull(),
            qPrintable(finished.at(1).first().value<Error>().toText()));
        QCOMPARE(subjectOf(tokens), QStringLiteral("alice"));

        // Someone else: the form although the session is there, and the tokens are bob's.
        tokens->signIn(&agent, OAuth::TokenSession::SignInMode::FreshLogin);
        QVERIFY(submitLoginForm(agent, QStringLiteral("bob")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, signInTimeout);
        QVERIFY(finished.at(2).first().value<Error>().isNull());
        QCOMPARE(subjectOf(tokens), QStringLiteral("bob"));

        // Cleared: the provider asks again.
        QString problem;
        QVERIFY2(
            Ui::EmbeddedLoginAgent::clearPersistentProfile(environment.id, &problem), qPrintable(problem));
        tokens->signIn(&agent);
        QVERIFY(submitLoginForm(agent, QStringLiteral("carol")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, signInTimeout);
        QVERIFY(finished.at(3).first().value<Error>().isNull());
        QCOMPARE(subjectOf(tokens), QStringLiteral("carol"));
    }

    // A provider page that opens the sign-in in a new window: the window keeps it, and the redirect is
    // still caught.
    void popupIsKeptInTheWindow()
    {
        auto session = newSession();
        Workspace::Environment environment
            = publicClient(m_fixture, QStringLiteral("https://oauth.pstmn.io/v1/browser-callback"));
        environment.oauth.authorizationEndpoint = m_fixture.url(QStringLiteral("/test/popup"));
        session->putEnvironment(environment, std::nullopt);
        OAuth::TokenSession* tokens = session->tokenSession(environment.id);
        Ui::EmbeddedLoginAgent agent(nullptr);
        QSignalSpy finished(tokens, &OAuth::TokenSession::signInFinished);
        tokens->signIn(&agent);
        QWidget* page = loadedPage(agent);
        QVERIFY(page);
        QTRY_VERIFY(windowLocation(agent).endsWith(QLatin1String("/test/popup")));
        QTest::keyClick(page, Qt::Key_Return); // the focused link, target=_blank
        QVERIFY(submitLoginForm(agent, QStringLiteral("alice")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, signInTimeout);
        QVERIFY2(finishedWith(finished).isNull(), qPrintable(finishedWith(finished).toText()));
        QCOMPARE(subjectOf(tokens), QStringLiteral("alice"));
    }

    // When the provider's first page is an error page, or cannot be reached, the sign-in ends at once with
    // what the provider said, instead of leaving a window nobody can finish.
    void providerProblemsEndTheSignIn_data()
    {
        QTest::addColumn<QString>("problem");
        QTest::addColumn<QString>("summary");
        QTest::addColumn<QString>("detail");
        QTest::newRow("unregistered-redirect-uri")
            << "redirect"
            << "The provider answered the sign-in request with an error page (HTTP 400)"
            << "redirect_uri";
        QTest::newRow("unknown-client")
            << "client"
            << "The provider answered the sign-in request with an error page (HTTP 400)"
            << "client";
        QTest::newRow("provider-unreachable") << "down"
                                              << "The sign-in page could not be loaded"
                                              << "/auth";
    }

    void providerProblemsEndTheSignIn()
    {
        QFETCH(QString, problem);
        QFETCH(QString, summary);
        QFETCH(QString, detail);
        auto session = newSession();
        Workspace::Environment environment
            = publicClient(m_fixture, QStringLiteral("https://oauth.pstmn.io/v1/browser-callback"));
        QTcpServer closed;
        if (problem == QLatin1String("redirect")) {
            environment.oauth.redirectUri = QUrl(QStringLiteral("https://attacker.example/callback"));
        } else if (problem == QLatin1String("client")) {
            environment.oauth.clientId = QStringLiteral("nobody-registered-this");
        } else {
            QVERIFY(closed.listen(QHostAddress::LocalHost));
            const quint16 port = closed.serverPort();
            closed.close(); // free a moment ago, refusing connections now
            environment.oauth.authorizationEndpoint
                = QUrl(QStringLiteral("http://127.0.0.1:%1/auth").arg(port));
        }
        session->putEnvironment(environment, std::nullopt);
        OAuth::TokenSession* tokens = session->tokenSession(environment.id);
        Ui::EmbeddedLoginAgent agent(nullptr);
        QSignalSpy finished(tokens, &OAuth::TokenSession::signInFinished);
        tokens->signIn(&agent);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, signInTimeout);
        const Error error = finishedWith(finished);
        QCOMPARE(error.summary, summary);
        QVERIFY2(error.detail.contains(detail), qPrintable(error.detail));
        QVERIFY(!error.hint.isEmpty());
        QTRY_VERIFY(agent.window() == nullptr);
    }

    // A sign-in nobody finishes ends after the environment's timeout with a message.
    void timeout()
    {
        auto session = newSession();
        const Workspace::Environment environment
            = publicClient(m_fixture, QStringLiteral("https://oauth.pstmn.io/v1/browser-callback"));
        session->putEnvironment(environment, std::nullopt);
        OAuth::TokenSession* tokens = session->tokenSession(environment.id);
        Ui::EmbeddedLoginAgent agent(nullptr);
        agent.setTimeout(std::chrono::seconds(2));
        QSignalSpy finished(tokens, &OAuth::TokenSession::signInFinished);
        tokens->signIn(&agent);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(finishedWith(finished).summary, QStringLiteral("The sign-in did not finish in time"));
        QTRY_VERIFY(agent.window() == nullptr);
        QCOMPARE(tokens->state(), OAuth::TokenSession::State::SignedOut);
    }

    // A sandbox with a self-signed certificate: refused, with its fingerprint, until the environment
    // trusts exactly that certificate; then sign-in, token request and API call all work.
    void selfSignedSandbox_data()
    {
        QTest::addColumn<bool>("trusted");
        QTest::newRow("untrusted-certificate-refused") << false;
        QTest::newRow("trusted-certificate-accepted") << true;
    }

    void selfSignedSandbox()
    {
        QFETCH(bool, trusted);
        auto session = newSession();
        Workspace::Environment environment
            = publicClient(m_tlsFixture, QStringLiteral("https://oauth.pstmn.io/v1/browser-callback"));
        if (trusted)
            environment.oauth.trustedCertificates
                = {CertificateFingerprint::fromText(m_tlsFixture.certificateSha256())
                        ->forHost(m_tlsFixture.issuer().host())};
        session->putEnvironment(environment, std::nullopt);
        session->setCurrentEnvironment(environment.id);
        OAuth::TokenSession* tokens = session->tokenSession(environment.id);
        Ui::EmbeddedLoginAgent agent(nullptr);
        agent.setTrustedCertificates(environment.oauth.trustedCertificates);
        QSignalSpy finished(tokens, &OAuth::TokenSession::signInFinished);
        tokens->signIn(&agent);
        if (!trusted) {
            QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, signInTimeout);
            const Error error = finishedWith(finished);
            QCOMPARE(error.summary, QStringLiteral("The sign-in page's certificate is not trusted"));
            QVERIFY2(error.detail.contains(m_tlsFixture.certificateSha256()), qPrintable(error.detail));
            QVERIFY(tokens->tokens().accessToken.isEmpty());
            return;
        }
        QVERIFY(submitLoginForm(agent, QStringLiteral("alice")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, signInTimeout);
        QVERIFY2(finishedWith(finished).isNull(), qPrintable(finishedWith(finished).toText()));

        std::optional<Http::HttpResponse> response;
        Http::HttpRequest me;
        me.url = QStringLiteral("{{baseUrl}}/api/me");
        session->send(
            me, this, [&response](const Http::HttpResponse& received, const Error&) { response = received; });
        QTRY_VERIFY_WITH_TIMEOUT(response.has_value(), 15000);
        QCOMPARE(response->status, 200);
        QCOMPARE(QJsonDocument::fromJson(response->body).object().value(QLatin1String("sub")).toString(),
            QStringLiteral("alice"));
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestSignInWindow)
#include "tst_signinwindow_e2e.moc"
