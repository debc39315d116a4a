#include "appsessionfixture.h"
#include "environmentactions.h"
#include "environmentdialog.h"
#include "environmentlistmodel.h"
#include "mainwindow.h"
#include "messagebox.h"
#include "palette.h"
#include "requesteditor.h"
#include "requesttabs.h"
#include "scriptedserver.h"
#include "signing.h"
#include "testmain.h"
#include "tokensession.h"
#include "widgethelpers.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTest>
#include <QTimer>

using namespace Tokenscope;
using Tokenscope::Tests::child;
using Tokenscope::Tests::saveScreenshot;
using Tokenscope::Tests::ScriptedServer;

// Production guardrails as a user meets them: a production environment is marked in the title, the top
// bar, the status bar, the request tabs and the environment list; anything but GET, HEAD or OPTIONS asks
// first, and Cancel sends nothing; a token of another environment's issuer asks before it goes. And the
// Environment menu: duplicate, rename, move, remove.
class TestGuardrailsGui final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Tests::AppSessionFixture> m_fixture;
    Workspace::AppSession* m_session = nullptr; // m_fixture's
    std::unique_ptr<ScriptedServer> m_api;
    const QString m_acceptanceIssuer = QStringLiteral("https://auth.acc.zorg.example");
    const QString m_productionIssuer = QStringLiteral("https://auth.zorg.example");

    // A service-account environment whose token endpoint and API are m_api.
    QString addEnvironment(const QString& id, const QString& name, const QString& issuer, bool production)
    {
        Workspace::Environment environment;
        environment.id = id;
        environment.name = name;
        environment.production = production;
        environment.oauth.grant = OAuth::Grant::ClientCredentials;
        environment.oauth.issuer = issuer;
        environment.oauth.tokenEndpoint = m_api->url(QStringLiteral("/token/") + id);
        environment.oauth.clientId = QStringLiteral("tokenscope-service");
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::ClientSecretBasic;
        environment.oauth.scope = QStringLiteral("demo.read");
        if (production)
            environment.apiBaseUrls = {m_api->url({})};
        m_session->putEnvironment(environment, QStringLiteral("service-secret"));
        return id;
    }

    static Http::HttpRequest apiRequest(const QByteArray& method, const QUrl& url, bool withToken = false)
    {
        Http::HttpRequest request;
        request.method = method;
        request.url = url.toString();
        request.attachAccessToken = withToken;
        return request;
    }

    // How many requests reached the API (the token endpoint left out).
    int apiCalls() const
    {
        int calls = 0;
        for (const auto& request : m_api->requests())
            calls += request.target.startsWith("/token/") ? 0 : 1;
        return calls;
    }

    void answerWithOk() { m_api->enqueue({200, "application/json", R"({"ok":true})", {}, false}); }

    // The next question is shown, saved as name.png and cancelled (Escape) once it is on screen.
    void cancelShownQuestion(const QString& name, bool* seen)
    {
        QTimer::singleShot(0, this, [name, seen] {
            QTRY_VERIFY(qobject_cast<QMessageBox*>(QApplication::activeModalWidget()));
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
            saveScreenshot(box, name);
            *seen = true;
            box->reject();
        });
    }

    // Whether the current tab's send has been answered (a tab sends one request at a time).
    static bool answered(Ui::MainWindow& window)
    {
        return QTest::qWaitFor(
            [&window] {
                Ui::RequestTabs* tabs = window.requestTabs();
                return tabs->tab(tabs->currentId()).sendId == 0;
            },
            10000);
    }

    // Sends a GET, which never asks, and waits until it arrived: whatever was sent before it has arrived.
    bool sendGetAndWait(Ui::MainWindow& window)
    {
        const int before = int(m_api->requests().size());
        window.requestEditor()->setRequest(apiRequest("GET", m_api->url(QStringLiteral("/marker"))));
        window.sendRequest();
        return QTest::qWaitFor([&] { return m_api->requests().size() > before; }, 10000)
            && m_api->requests().last().target == "/marker" && answered(window);
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_fixture = std::make_unique<Tests::AppSessionFixture>();
        m_session = m_fixture->session();
        QVERIFY(m_session->load().isNull());
        m_api = std::make_unique<ScriptedServer>();
        QVERIFY(m_api->start());
        addEnvironment(QStringLiteral("acc"), QStringLiteral("Acceptance"), m_acceptanceIssuer, false);
        addEnvironment(QStringLiteral("prod"), QStringLiteral("Zorg production"), m_productionIssuer, true);
    }

    void cleanup()
    {
        Ui::MessageBox::setNextAnswer(QMessageBox::NoButton);
        m_fixture.reset();
        m_api.reset();
    }

    // The marks follow the environment shown: on for production, off for the others.
    void productionIsMarkedEverywhere()
    {
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* badge = child<QLabel>(window, "productionBadge");
        auto* status = child<QLabel>(window, "productionStatusBadge");
        auto* list = child<QListView>(window, "environmentListView");
        QAbstractItemModelTester tester(
            list->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        m_session->setCurrentEnvironment(QStringLiteral("prod"));
        QVERIFY2(
            window.windowTitle().contains(QStringLiteral("PRODUCTION")), qPrintable(window.windowTitle()));
        QVERIFY(window.windowTitle().contains(QStringLiteral("Zorg production")));
        QVERIFY(badge->isVisible());
        QCOMPARE(badge->text(), QStringLiteral("PRODUCTION"));
        QVERIFY(badge->styleSheet().contains(Ui::Palette::production));
        QVERIFY(status->isVisible());
        QVERIFY(window.statusBar()->isAncestorOf(status));
        QTabBar* tabs = window.requestTabs()->bar();
        QCOMPARE(tabs->tabTextColor(0), QColor(Ui::Palette::production));
        window.openRequestInNewTab(apiRequest("GET", m_api->url(QStringLiteral("/second"))));
        QCOMPARE(tabs->count(), 2);
        QCOMPARE(tabs->tabTextColor(1), QColor(Ui::Palette::production));
        const QModelIndex prodRow = list->model()->index(1, 0);
        QVERIFY(!prodRow.data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(list->model()->index(0, 0).data(Qt::DecorationRole).isNull());
        saveScreenshot(&window, QStringLiteral("guard-production-window"));

        m_session->setCurrentEnvironment(QStringLiteral("acc"));
        QCOMPARE(window.windowTitle(), QStringLiteral("Tokenscope"));
        QVERIFY(!badge->isVisible());
        QVERIFY(!status->isVisible());
        QVERIFY(!window.requestTabs()->bar()->tabTextColor(0).isValid());
    }

    // The environment dialog's Production box is the environment's mark.
    void dialogSetsProduction()
    {
        answerWithOk();
        Ui::MainWindow window(m_session);
        window.show();
        m_session->setCurrentEnvironment(QStringLiteral("acc"));
        window.editEnvironment();
        auto* dialog = window.findChild<Ui::EnvironmentDialog*>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        auto* box = child<QCheckBox>(*dialog, "productionCheckBox");
        QVERIFY(!box->isChecked());
        box->setChecked(true);
        saveScreenshot(dialog, QStringLiteral("guard-environment-dialog"));
        QTest::mouseClick(
            child<QDialogButtonBox>(*dialog, "buttonBox")->button(QDialogButtonBox::Save), Qt::LeftButton);
        QTRY_VERIFY(m_session->workspace().findEnvironment(QStringLiteral("acc"))->production);
        QVERIFY(child<QLabel>(window, "productionBadge")->isVisible());
    }

    void changingMethodsAsk_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<bool>("production");
        QTest::addColumn<bool>("asks");
        QTest::newRow("POST in production asks") << QByteArray("POST") << true << true;
        QTest::newRow("PUT in production asks") << QByteArray("PUT") << true << true;
        QTest::newRow("PATCH in production asks") << QByteArray("PATCH") << true << true;
        QTest::newRow("DELETE in production asks") << QByteArray("DELETE") << true << true;
        QTest::newRow("lower-case post asks too") << QByteArray("post") << true << true;
        QTest::newRow("GET in production does not") << QByteArray("GET") << true << false;
        QTest::newRow("HEAD in production does not") << QByteArray("HEAD") << true << false;
        QTest::newRow("OPTIONS in production does not") << QByteArray("OPTIONS") << true << false;
        QTest::newRow("POST elsewhere does not") << QByteArray("POST") << false << false;
    }

    // Cancel (the default) sends nothing: the API receives only the GET sent after it. Send sends.
    void changingMethodsAsk()
    {
        QFETCH(QByteArray, method);
        QFETCH(bool, production);
        QFETCH(bool, asks);
        answerWithOk();
        Ui::MainWindow window(m_session);
        window.show();
        m_session->setCurrentEnvironment(production ? QStringLiteral("prod") : QStringLiteral("acc"));
        const QUrl url = m_api->url(QStringLiteral("/patients/42"));

        Ui::MessageBox::setNextAnswer(QMessageBox::Cancel);
        const QString before = Ui::MessageBox::lastText();
        window.requestEditor()->setRequest(apiRequest(method, url));
        window.sendRequest();
        if (asks) {
            const QString text = Ui::MessageBox::lastText();
            QVERIFY2(text.contains(QString::fromLatin1(method.toUpper())), qPrintable(text));
            QVERIFY2(text.contains(url.toString()), qPrintable(text));
            QVERIFY2(text.contains(QStringLiteral("Zorg production")), qPrintable(text));
            QVERIFY(sendGetAndWait(window));
            QCOMPARE(apiCalls(), 1); // the GET alone
            // Asked again, and answered Send: it goes.
            Ui::MessageBox::setNextAnswer(QMessageBox::Yes);
            window.requestEditor()->setRequest(apiRequest(method, url));
            window.sendRequest();
            QTRY_COMPARE_WITH_TIMEOUT(apiCalls(), 2, 10000);
            QCOMPARE(m_api->requests().last().method.toUpper(), method.toUpper());
        } else {
            QTRY_COMPARE_WITH_TIMEOUT(apiCalls(), 1, 10000);
            QCOMPARE(m_api->requests().last().method.toUpper(), method.toUpper());
            QCOMPARE(Ui::MessageBox::lastText(), before);
        }
    }

    // What the question looks like (it is not answered in advance here: closed by the test once shown).
    void productionQuestionScreenshot()
    {
        answerWithOk();
        Ui::MainWindow window(m_session);
        window.show();
        m_session->setCurrentEnvironment(QStringLiteral("prod"));
        window.requestEditor()->setRequest(apiRequest("DELETE", m_api->url(QStringLiteral("/patients/42"))));
        bool seen = false;
        cancelShownQuestion(QStringLiteral("guard-production-question"), &seen);
        window.sendRequest();
        QVERIFY(seen);
        QVERIFY(sendGetAndWait(window));
        QCOMPARE(apiCalls(), 1);
    }

    // The token the environment holds was issued by another environment's issuer: asked before it goes.
    void tokenOfAnotherIssuerAsks_data()
    {
        QTest::addColumn<bool>("otherIssuer");
        QTest::newRow("acceptance's issuer asks") << true;
        QTest::newRow("its own issuer does not") << false;
    }

    void tokenOfAnotherIssuerAsks()
    {
        QFETCH(bool, otherIssuer);
        const Tests::Signing::PKey key = Tests::Signing::rsaKey();
        const QString token = Tests::Signing::signedJwt(key.get(), QStringLiteral("k1"),
            {{QStringLiteral("iss"), otherIssuer ? m_acceptanceIssuer : m_productionIssuer},
                {QStringLiteral("sub"), QStringLiteral("tokenscope-service")},
                {QStringLiteral("exp"), QDateTime::currentSecsSinceEpoch() + 3600}});
        m_api->enqueue({200, "application/json",
            QJsonDocument(QJsonObject {{QStringLiteral("access_token"), token},
                              {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                              {QStringLiteral("expires_in"), 3600}})
                .toJson(),
            {}, false});
        answerWithOk();
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        m_session->setCurrentEnvironment(QStringLiteral("prod"));
        OAuth::TokenSession* tokens = m_session->currentTokenSession();
        QSignalSpy finished(tokens, &OAuth::TokenSession::signInFinished);
        QTest::mouseClick(child<QAbstractButton>(window, "getTokenButton"), Qt::LeftButton);
        QVERIFY(finished.wait(15000));
        QCOMPARE(tokens->tokens().accessToken, token);

        const QString before = Ui::MessageBox::lastText();
        bool seen = false;
        if (otherIssuer)
            cancelShownQuestion(QStringLiteral("guard-token-mismatch-question"), &seen);
        window.requestEditor()->setRequest(apiRequest("GET", m_api->url(QStringLiteral("/me")), true));
        window.sendRequest();
        QCOMPARE(seen, otherIssuer);
        if (otherIssuer) {
            const QString text = Ui::MessageBox::lastText();
            QVERIFY2(text.contains(QStringLiteral("“Acceptance”")), qPrintable(text));
            QVERIFY2(text.contains(m_acceptanceIssuer), qPrintable(text));
            QVERIFY(sendGetAndWait(window));
            QCOMPARE(apiCalls(), 1); // the marker alone: the token did not go to /me
        } else {
            QTRY_COMPARE_WITH_TIMEOUT(apiCalls(), 1, 10000);
            QCOMPARE(m_api->requests().last().target, QByteArray("/me"));
            QCOMPARE(m_api->requests().last().headers.value("authorization"), "Bearer " + token.toLatin1());
            QCOMPARE(Ui::MessageBox::lastText(), before);
        }
    }

    // Environment ▸ Duplicate, Move, Rename (the list's editor) and Remove.
    void environmentMenu()
    {
        answerWithOk();
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Ui::EnvironmentActions* actions = window.environmentActions();
        auto* list = child<QListView>(window, "environmentListView");
        QAbstractItemModelTester tester(
            list->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_session->setCurrentEnvironment(QStringLiteral("acc"));
        QVERIFY(!actions->moveUpAction()->isEnabled());
        QVERIFY(actions->moveDownAction()->isEnabled());

        actions->duplicateAs(QStringLiteral("Acceptance 2"));
        QTRY_COMPARE(m_session->workspace().environments.size(), 3);
        QCOMPARE(m_session->currentEnvironment()->name, QStringLiteral("Acceptance 2"));
        QCOMPARE(list->currentIndex().row(), 2);

        actions->moveUpAction()->trigger();
        QCOMPARE(m_session->rowOf(m_session->currentEnvironment()->id), 1);
        QCOMPARE(list->currentIndex().row(), 1);
        QCOMPARE(list->currentIndex().data().toString(), QStringLiteral("Acceptance 2"));
        // What a drop in the list does: the model moves the row.
        QVERIFY(list->model()->moveRow({}, 1, {}, 0));
        QCOMPARE(m_session->workspace().environments.first().name, QStringLiteral("Acceptance 2"));
        QCOMPARE(m_session->currentEnvironment()->name, QStringLiteral("Acceptance 2"));

        // F2 edits the name in place.
        actions->renameAction()->trigger();
        QTRY_VERIFY(list->findChild<QLineEdit*>());
        auto* editor = list->findChild<QLineEdit*>();
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("Acceptance B"));
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE(m_session->currentEnvironment()->name, QStringLiteral("Acceptance B"));

        Ui::MessageBox::setNextAnswer(QMessageBox::Cancel);
        actions->removeAction()->trigger();
        const QString text = Ui::MessageBox::lastText();
        QVERIFY2(text.contains(QStringLiteral("Remove “Acceptance B”?")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("client secret")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("tokens")), qPrintable(text));
        QCOMPARE(m_session->workspace().environments.size(), 3);
        Ui::MessageBox::setNextAnswer(QMessageBox::Yes);
        actions->removeAction()->trigger();
        QCOMPARE(m_session->workspace().environments.size(), 2);
        for (const auto& environment : m_session->workspace().environments)
            QVERIFY(environment.name != QLatin1String("Acceptance B"));
        saveScreenshot(&window, QStringLiteral("guard-after-menu"));
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestGuardrailsGui)
#include "tst_guardrails_gui.moc"
