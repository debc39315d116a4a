#include "appsessionfixture.h"
#include "environmentdialog.h"
#include "flowlog.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "oidcfixture.h"
#include "requesteditor.h"
#include "responsebodypane.h"
#include "responseviewer.h"
#include "scriptedserver.h"
#include "secretcall.h"
#include "testmain.h"
#include "tokensession.h"
#include "widgethelpers.h"

#include <QAbstractButton>
#include <QAbstractItemModel>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

#include <algorithm>

using namespace Tokenscope;
using Tokenscope::Tests::child;
using Tokenscope::Tests::saveScreenshot;
using Tokenscope::Tests::ScriptedServer;

// The response area through the main window, as a user meets it: the Timeline's details readable (form
// bodies and queries decoded, secrets masked), and the Timeline, the response and the banner belonging
// to the environment that is selected.
class TestTimelineGui final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Tests::AppSessionFixture> m_fixture;
    Workspace::AppSession* m_session = nullptr; // m_fixture's
    Secrets::MemorySecretStore* m_keychain = nullptr; // m_fixture's

    // An environment on the scripted provider at base, with a refresh token in the keychain as after a
    // restart; not selected.
    QString addEnvironment(const QString& name, const QUrl& base, const QString& refreshToken = {})
    {
        Workspace::Environment environment;
        environment.name = name;
        environment.oauth.issuer = base.toString();
        environment.oauth.authorizationEndpoint = base.resolved(QUrl(QStringLiteral("/auth")));
        environment.oauth.tokenEndpoint = base.resolved(QUrl(QStringLiteral("/token")));
        environment.oauth.introspectionEndpoint = base.resolved(QUrl(QStringLiteral("/introspect")));
        environment.oauth.revocationEndpoint = base.resolved(QUrl(QStringLiteral("/revoke")));
        environment.oauth.clientId = QStringLiteral("tokenscope-demo");
        environment.oauth.scope = QStringLiteral("openid demo.read");
        environment.oauth.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::ClientSecretPost;
        m_session->putEnvironment(environment, QStringLiteral("client-secret-of-the-demo"));
        QString id = m_session->workspace().environments.last().id;
        if (!refreshToken.isEmpty()) {
            const QString key = Secrets::secretKey(id, QStringLiteral("refresh_token"));
            if (!Tests::writeSecret(m_keychain, key, refreshToken).ok())
                qFatal("the keychain did not answer");
        }
        return id;
    }

    static void selectEnvironment(Ui::MainWindow& window, const QString& name)
    {
        auto* combo = child<QComboBox>(window, "environmentComboBox");
        const int row = combo->findText(name);
        QVERIFY(row >= 0);
        combo->setCurrentIndex(row);
    }

    static QTreeView* openTimeline(Ui::MainWindow& window)
    {
        auto* tabs = child<QTabWidget>(window, "responseTabWidget");
        auto* timeline = child<QTreeView>(window, "timelineView");
        for (int i = 0; i < tabs->count(); ++i) {
            if (tabs->widget(i)->isAncestorOf(timeline))
                tabs->setCurrentIndex(i);
        }
        // The Timeline opens as a diagram; these tests read the list.
        QTest::mouseClick(child<QToolButton>(window, "timelineListButton"), Qt::LeftButton);
        if (!timeline->isVisible())
            qFatal("the Timeline is not on screen");
        return timeline;
    }

    // The Step column of every row the Timeline shows.
    static QStringList steps(const QTreeView* timeline)
    {
        QStringList result;
        const QAbstractItemModel* model = timeline->model();
        for (int row = 0; row < model->rowCount(); ++row)
            result.append(model->index(row, 1).data().toString());
        return result;
    }

    static bool hasStep(const QTreeView* timeline, const QString& prefix)
    {
        const QStringList all = steps(timeline);
        return std::any_of(
            all.cbegin(), all.cend(), [&prefix](const QString& step) { return step.startsWith(prefix); });
    }

    // Clicks the first row whose Step starts with step, as a user would; its details.
    static QString clickStep(QTreeView* timeline, const QString& step)
    {
        const QAbstractItemModel* model = timeline->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, 1);
            if (index.data().toString().startsWith(step)) {
                timeline->scrollTo(index);
                QTest::mouseClick(
                    timeline->viewport(), Qt::LeftButton, {}, timeline->visualRect(index).center());
                return timeline->window()
                    ->findChild<QPlainTextEdit*>(QStringLiteral("timelineDetailsTextEdit"))
                    ->toPlainText();
            }
        }
        return {};
    }

    static bool refresh(Workspace::AppSession* session)
    {
        OAuth::TokenSession* tokens = session->currentTokenSession();
        QSignalSpy refreshed(tokens, &OAuth::TokenSession::refreshFinished);
        tokens->refresh();
        return refreshed.wait(5000);
    }

    static QString sendTo(Ui::MainWindow& window, const QUrl& url)
    {
        auto* edit = child<QLineEdit>(window, "urlLineEdit");
        edit->setText(url.toString());
        // No token: the Auth tab's "No authorization".
        window.findChild<QComboBox*>(QStringLiteral("authStyleComboBox"))
            ->setCurrentIndex(int(Http::RequestAuth::Style::None));
        QSignalSpy shown(window.responseViewer(), &Ui::ResponseViewer::bodyShown);
        QTest::mouseClick(child<QPushButton>(window, "sendButton"), Qt::LeftButton);
        if (!shown.wait(5000))
            return {};
        return child<Ui::ResponseBodyPane>(window, "responseBodyPane")->shownText();
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        QSettings().clear(); // the Timeline opens as the last run left it
        m_fixture = std::make_unique<Tests::AppSessionFixture>();
        m_session = m_fixture->session();
        m_keychain = m_fixture->keychain();
        QVERIFY(m_session->load().isNull());
    }

    void cleanup() { m_fixture.reset(); }

    // The Timeline's details of a form-encoded request (token endpoint, introspection) list its fields
    // decoded, the secrets masked and readable, not percent-encoded.
    void formBodyFieldsReadableInTimeline()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(Tests::reply(200,
            R"({"access_token":"at-0123456789abcdefghij","token_type":"Bearer","expires_in":300,)"
            R"("refresh_token":"rt-9876543210zyxwvutsrq"})"));
        server.enqueue(Tests::reply(200, R"({"active":true,"sub":"alice"})"));
        const QString id = addEnvironment(QStringLiteral("Scripted provider"),
            server.url(QStringLiteral("/")), QStringLiteral("rt-0123456789 / +x"));
        m_session->setCurrentEnvironment(id);
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(refresh(m_session));
        window.findChild<QAction*>(QStringLiteral("introspectTokenAction"))->trigger();
        QTRY_COMPARE(server.requests().size(), 2);
        QTRY_VERIFY(window.findChild<QDialog*>(QStringLiteral("endpointResultDialog")) != nullptr);
        for (QDialog* dialog : window.findChildren<QDialog*>())
            dialog->close();

        QTreeView* timeline = openTimeline(window);
        const QString refreshDetails = clickStep(timeline, QStringLiteral("→ Token request"));
        QVERIFY2(!refreshDetails.contains(QLatin1String("%E2%80%A2")), qPrintable(refreshDetails));
        // One field a line, the name in a column of its own; the refresh token decoded ("/ +" are
        // "%2F%20%2B" on the wire) before it was masked.
        QVERIFY2(refreshDetails.contains(
                     QRegularExpression(QStringLiteral(R"(\n\s*grant_type +refresh_token\n)"))),
            qPrintable(refreshDetails));
        QVERIFY2(refreshDetails.contains(
                     QRegularExpression(QStringLiteral(R"(\n\s*refresh_token +•{6} #[0-9a-f]{6}\n)"))),
            qPrintable(refreshDetails));
        QVERIFY2(refreshDetails.contains(
                     QRegularExpression(QStringLiteral(R"(\n\s*client_secret +•{6} #[0-9a-f]{6}\n)"))),
            qPrintable(refreshDetails));
        QVERIFY(!refreshDetails.contains(QLatin1String("0123456789")));

        const QString introspection = clickStep(timeline, QStringLiteral("→ Token introspection"));
        QVERIFY2(
            introspection.contains(QRegularExpression(QStringLiteral(R"(\n\s*token +•{6} #[0-9a-f]{6}\n)"))),
            qPrintable(introspection));
        QVERIFY(!introspection.contains(QLatin1String("%E2%80%A2")));
        saveScreenshot(&window, QStringLiteral("i10-8-timeline-form-fields"));
    }

    // The authorization request and the redirect: their query parameters decoded, the code masked.
    void authorizationQueryReadableInTimeline()
    {
        const QString id
            = addEnvironment(QStringLiteral("Provider"), QUrl(QStringLiteral("https://id.example.test/")));
        m_session->setCurrentEnvironment(id);
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Http::FlowEvent request;
        request.kind = Http::FlowEvent::Kind::AuthorizationRequest;
        request.summary = QStringLiteral("Authorization request");
        request.method = "GET";
        request.url
            = QUrl(QStringLiteral("https://id.example.test/auth?response_type=code&client_id=tokenscope-demo"
                                  "&scope=openid%20demo.read&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback"
                                  "&state=st-1"));
        m_session->flowLog()->append(request);
        Http::FlowEvent redirect;
        redirect.kind = Http::FlowEvent::Kind::RedirectReceived;
        redirect.summary = QStringLiteral("Redirect received");
        redirect.url = QUrl(QStringLiteral("http://127.0.0.1/callback?code=mQCKz7Qh2k%2Bq9w&state=st-1"));
        m_session->flowLog()->append(redirect);

        QTreeView* timeline = openTimeline(window);
        const QString asked = clickStep(timeline, QStringLiteral("Authorization request"));
        QVERIFY2(asked.contains(QRegularExpression(QStringLiteral(R"(\n\s*scope +openid demo\.read\n)"))),
            qPrintable(asked));
        QVERIFY2(asked.contains(QRegularExpression(
                     QStringLiteral(R"(\n\s*redirect_uri +http://127\.0\.0\.1/callback\n)"))),
            qPrintable(asked));
        const QString answered = clickStep(timeline, QStringLiteral("Redirect received"));
        QVERIFY2(answered.contains(QRegularExpression(QStringLiteral(R"(\n\s*code +•{6} #[0-9a-f]{6}\n)"))),
            qPrintable(answered));
        QVERIFY2(!answered.contains(QLatin1String("%E2%80%A2")), qPrintable(answered));
        saveScreenshot(&window, QStringLiteral("i10-8-timeline-redirect-query"));
    }

    // Each environment's Timeline shows its own exchanges (a discovery in another environment's editor
    // is not among them); "All environments" shows every one, with the environment named.
    void timelineShowsTheSelectedEnvironment()
    {
        Tests::OidcFixture provider;
        QString error;
        QVERIFY2(provider.start(&error), qPrintable(error));
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(Tests::reply(
            200, R"({"access_token":"at-0123456789abcdefghij","token_type":"Bearer","expires_in":300})"));
        const QString alpha = addEnvironment(
            QStringLiteral("Alpha"), server.url(QStringLiteral("/")), QStringLiteral("rt-alpha-1234"));
        addEnvironment(QStringLiteral("Beta"), provider.issuer());
        m_session->setCurrentEnvironment(alpha);
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(refresh(m_session));
        QTreeView* timeline = openTimeline(window);
        QTRY_VERIFY(hasStep(timeline, QStringLiteral("→ Token request")));

        // Beta: Discover in its editor.
        selectEnvironment(window, QStringLiteral("Beta"));
        QVERIFY2(
            !hasStep(timeline, QStringLiteral("→ Token request")), qPrintable(steps(timeline).join(u'|')));
        QTest::mouseClick(child<QPushButton>(window, "editEnvironmentButton"), Qt::LeftButton);
        Ui::EnvironmentDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<Ui::EnvironmentDialog*>()) != nullptr);
        QTest::mouseClick(child<QPushButton>(*dialog, "discoverButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(*dialog, "discoveryStatusLabel")->isVisible(), 10000);
        dialog->reject();
        QTRY_VERIFY(hasStep(timeline, QStringLiteral("→ Discovery")));
        const QStringList betaSteps = steps(timeline);
        QVERIFY2(!hasStep(timeline, QStringLiteral("→ Token request")), qPrintable(betaSteps.join(u'|')));

        selectEnvironment(window, QStringLiteral("Alpha"));
        const QStringList alphaSteps = steps(timeline);
        QVERIFY2(!hasStep(timeline, QStringLiteral("→ Discovery")), qPrintable(alphaSteps.join(u'|')));
        QVERIFY(hasStep(timeline, QStringLiteral("→ Token request")));

        // All environments: both, each named.
        auto* all = child<QCheckBox>(window, "allEnvironmentsCheckBox");
        QVERIFY(!all->isChecked());
        QVERIFY(timeline->isColumnHidden(4));
        QTest::mouseClick(all, Qt::LeftButton);
        QVERIFY(all->isChecked());
        QCOMPARE(timeline->model()->rowCount(), alphaSteps.size() + betaSteps.size());
        QVERIFY(!timeline->isColumnHidden(4));
        QStringList environments;
        for (int row = 0; row < timeline->model()->rowCount(); ++row)
            environments.append(timeline->model()->index(row, 4).data().toString());
        QVERIFY(environments.contains(QStringLiteral("Alpha")));
        QVERIFY(environments.contains(QStringLiteral("Beta")));
        saveScreenshot(&window, QStringLiteral("i10-9-timeline-all-environments"));
        QTest::mouseClick(all, Qt::LeftButton);
        QCOMPARE(steps(timeline), alphaSteps);
        saveScreenshot(&window, QStringLiteral("i10-9-timeline-one-environment"));
    }

    // Switching environments shows that environment's last response, or the empty state; switching back
    // brings the first one back.
    void responseStaysWithItsEnvironment()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(Tests::reply(200, R"({"from":"alpha"})"));
        server.enqueue(Tests::reply(404, R"({"from":"beta"})"));
        const QString alpha = addEnvironment(QStringLiteral("Alpha"), server.url(QStringLiteral("/")));
        addEnvironment(QStringLiteral("Beta"), server.url(QStringLiteral("/")));
        m_session->setCurrentEnvironment(alpha);
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* status = child<QLabel>(window, "statusLabel");
        auto* body = child<Ui::ResponseBodyPane>(window, "responseBodyPane");
        auto* placeholder = child<QLabel>(window, "responsePlaceholderLabel");

        QVERIFY(sendTo(window, server.url(QStringLiteral("/alpha"))).contains(QLatin1String("alpha")));
        QVERIFY(status->text().contains(QLatin1String("200")));

        selectEnvironment(window, QStringLiteral("Beta"));
        QVERIFY2(!body->shownText().contains(QLatin1String("alpha")) || !body->isVisible(),
            qPrintable(body->shownText()));
        QVERIFY(!status->text().contains(QLatin1String("200")));
        QVERIFY(placeholder->isVisible());
        QVERIFY2(placeholder->text().contains(QStringLiteral("“Beta”")), qPrintable(placeholder->text()));
        saveScreenshot(&window, QStringLiteral("i10-9-response-empty-in-other-environment"));

        QVERIFY(sendTo(window, server.url(QStringLiteral("/beta"))).contains(QLatin1String("beta")));
        QVERIFY(status->text().contains(QLatin1String("404")));

        selectEnvironment(window, QStringLiteral("Alpha"));
        QTRY_VERIFY(body->shownText().contains(QLatin1String("alpha")));
        QVERIFY(status->text().contains(QLatin1String("200")));
        QVERIFY(!placeholder->isVisible());
        saveScreenshot(&window, QStringLiteral("i10-9-response-restored"));

        selectEnvironment(window, QStringLiteral("Beta"));
        QTRY_VERIFY(body->shownText().contains(QLatin1String("beta")));
        QVERIFY(status->text().contains(QLatin1String("404")));
    }

    // A banner about one environment is not shown in another, comes back with its environment, and a
    // stale "Not signed in" goes when a refresh succeeds.
    void bannerFollowsTheEnvironment()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(Tests::reply(
            200, R"({"access_token":"at-0123456789abcdefghij","token_type":"Bearer","expires_in":300})"));
        const QString alpha = addEnvironment(QStringLiteral("Alpha"), server.url(QStringLiteral("/")));
        addEnvironment(QStringLiteral("Beta"), server.url(QStringLiteral("/")));
        m_session->setCurrentEnvironment(alpha);
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Ui::MessageBanner* banner = window.banner();

        QVERIFY(refresh(m_session)); // nothing in the keychain yet
        QTRY_VERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains(QLatin1String("Not signed in")), qPrintable(banner->text()));
        saveScreenshot(&window, QStringLiteral("i10-9-banner-alpha"));

        selectEnvironment(window, QStringLiteral("Beta"));
        QVERIFY(!banner->isVisible());
        selectEnvironment(window, QStringLiteral("Alpha"));
        QVERIFY(banner->isVisible());
        QVERIFY(banner->text().contains(QLatin1String("Not signed in")));

        // Signed in elsewhere meanwhile: the refresh token is in the keychain now, and Refresh works.
        QVERIFY(Tests::writeSecret(m_keychain, Secrets::secretKey(alpha, QStringLiteral("refresh_token")),
            QStringLiteral("rt-alpha-1234"))
                    .ok());
        QVERIFY(refresh(m_session));
        QVERIFY(m_session->currentTokenSession()->tokens().hasAccessToken());
        QVERIFY2(!banner->isVisible(), qPrintable(banner->text()));
        selectEnvironment(window, QStringLiteral("Beta"));
        selectEnvironment(window, QStringLiteral("Alpha"));
        QVERIFY(!banner->isVisible());
        saveScreenshot(&window, QStringLiteral("i10-9-banner-cleared"));
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestTimelineGui)
#include "tst_timeline_gui.moc"
