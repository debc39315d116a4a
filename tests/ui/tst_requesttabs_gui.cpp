#include "appsessionfixture.h"
#include "keyvaluetable.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "palette.h"
#include "requesteditor.h"
#include "requesttabs.h"
#include "scriptedserver.h"
#include "testmain.h"
#include "widgethelpers.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTabBar>
#include <QTest>
#include <QToolButton>

using namespace Tokenscope;
using Tokenscope::Tests::child;
using Tokenscope::Tests::saveScreenshot;
using Tokenscope::Tests::ScriptedServer;

// The composer's tabs as a user meets them: kept per environment and across restarts, each with its own
// send in flight; disabled query rows kept with the request; {{variables}} coloured in the URL field; a
// curl command pasted into it by any paste.
class TestRequestTabsGui final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Tests::AppSessionFixture> m_fixture;
    Workspace::AppSession* m_session = nullptr; // m_fixture's

    QString addEnvironment(const QString& name)
    {
        Workspace::Environment environment;
        environment.name = name;
        environment.variables
            = {{QStringLiteral("baseUrl"), QStringLiteral("https://api.example.test"), true, false},
                {QStringLiteral("apiKey"), QStringLiteral("k-secret-1"), true, true}};
        m_session->putEnvironment(environment);
        return m_session->workspace().environments.last().id;
    }

    // A request that goes without any token.
    static Http::HttpRequest request(const QString& url)
    {
        Http::HttpRequest request;
        request.url = url;
        request.auth.style = Http::RequestAuth::Style::None;
        return request;
    }

    static QStringList urlsOf(const QList<Http::HttpRequest>& requests)
    {
        QStringList urls;
        for (const Http::HttpRequest& request : requests)
            urls.append(request.url);
        return urls;
    }

    // How many pixels of image are close to colour.
    static int pixelsNear(const QImage& image, const QColor& colour)
    {
        int count = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor pixel = image.pixelColor(x, y);
                if (std::abs(pixel.red() - colour.red()) + std::abs(pixel.green() - colour.green())
                        + std::abs(pixel.blue() - colour.blue())
                    < 60)
                    ++count;
            }
        }
        return count;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_fixture = std::make_unique<Tests::AppSessionFixture>();
        m_session = m_fixture->session();
        QVERIFY(m_session->load().isNull());
    }

    void cleanup() { m_fixture.reset(); }

    // Three tabs opened and edited come back after a restart in the same order, the same one current.
    void restartKeepsTheTabs()
    {
        addEnvironment(QStringLiteral("Alpha"));
        {
            Ui::MainWindow window(m_session);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto* url = child<QLineEdit>(window, "urlLineEdit");
            QCOMPARE(window.requestTabs()->count(), 1);
            url->setFocus();
            QTest::keyClicks(url, QStringLiteral("{{baseUrl}}/v1/first"));
            QTest::mouseClick(child<QToolButton>(window, "newRequestTabButton"), Qt::LeftButton);
            QTest::keyClicks(url, QStringLiteral("{{baseUrl}}/v1/second"));
            window.openRequestInNewTab(request(QStringLiteral("{{baseUrl}}/v1/third")));
            QCOMPARE(window.requestTabs()->count(), 3);
            window.requestTabs()->bar()->setCurrentIndex(1);
            QCOMPARE(url->text(), QStringLiteral("{{baseUrl}}/v1/second"));
            url->setText(url->text() + QStringLiteral("?page=2")); // an edit after the last save
            saveScreenshot(&window, QStringLiteral("i11-tabs-before-restart"));
        } // destroyed, not closed

        Workspace::AppSession restarted(m_fixture->directory(), new Secrets::MemorySecretStore);
        QVERIFY(restarted.load().isNull());
        Ui::MainWindow again(&restarted);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QCOMPARE(again.requestTabs()->count(), 3);
        // Drawn in full, from the first one (they were made before the window was shown).
        QTabBar* bar = again.requestTabs()->bar();
        QTRY_VERIFY(bar->height() > 0);
        QCOMPARE(bar->tabRect(0).left(), 0);
        QVERIFY(bar->rect().contains(bar->tabRect(2)));
        QCOMPARE(urlsOf(again.requestTabs()->requests()),
            (QStringList {QStringLiteral("{{baseUrl}}/v1/first"),
                QStringLiteral("{{baseUrl}}/v1/second?page=2"), QStringLiteral("{{baseUrl}}/v1/third")}));
        QCOMPARE(again.requestTabs()->currentIndex(), 1);
        QCOMPARE(
            child<QLineEdit>(again, "urlLineEdit")->text(), QStringLiteral("{{baseUrl}}/v1/second?page=2"));
        QCOMPARE(again.requestTabs()->bar()->tabText(2), QStringLiteral("GET third"));
        saveScreenshot(&again, QStringLiteral("i11-tabs-after-restart"));

        // Closing and moving tabs is kept at once.
        again.requestTabs()->closeTab(again.requestTabs()->ids().at(0));
        again.requestTabs()->bar()->moveTab(1, 0);
        const Workspace::OpenRequests kept = restarted.openRequests(restarted.currentEnvironment()->id);
        QCOMPARE(urlsOf(kept.requests),
            (QStringList {
                QStringLiteral("{{baseUrl}}/v1/third"), QStringLiteral("{{baseUrl}}/v1/second?page=2")}));
        QCOMPARE(kept.current, 1);
    }

    // Each environment has its own tabs: switching shows the other's and brings the first's back as they
    // were, the current one included.
    void switchingEnvironmentKeepsEachOnesTabs()
    {
        const QString alpha = addEnvironment(QStringLiteral("Alpha"));
        const QString beta = addEnvironment(QStringLiteral("Beta"));
        m_session->setCurrentEnvironment(alpha);
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* combo = child<QComboBox>(window, "environmentComboBox");
        auto* url = child<QLineEdit>(window, "urlLineEdit");
        url->setText(QStringLiteral("https://alpha.example.test/one"));
        window.openRequestInNewTab(request(QStringLiteral("https://alpha.example.test/two")));
        window.openRequestInNewTab(request(QStringLiteral("https://alpha.example.test/three")));
        window.requestTabs()->bar()->setCurrentIndex(1);

        combo->setCurrentIndex(1);
        QCOMPARE(m_session->currentEnvironment()->id, beta);
        QCOMPARE(window.requestTabs()->count(), 1);
        QCOMPARE(url->text(), QString());
        url->setText(QStringLiteral("https://beta.example.test/a"));
        window.openRequestInNewTab(request(QStringLiteral("https://beta.example.test/b")));
        saveScreenshot(&window, QStringLiteral("i11-tabs-of-beta"));

        combo->setCurrentIndex(0);
        QCOMPARE(urlsOf(window.requestTabs()->requests()),
            (QStringList {QStringLiteral("https://alpha.example.test/one"),
                QStringLiteral("https://alpha.example.test/two"),
                QStringLiteral("https://alpha.example.test/three")}));
        QCOMPARE(window.requestTabs()->currentIndex(), 1);
        QCOMPARE(url->text(), QStringLiteral("https://alpha.example.test/two"));
        // Kept in the workspace with their environments.
        QCOMPARE(urlsOf(m_session->openRequests(beta).requests),
            (QStringList {QStringLiteral("https://beta.example.test/a"),
                QStringLiteral("https://beta.example.test/b")}));
        QCOMPARE(m_session->openRequests(beta).current, 1);
        QCOMPARE(m_session->openRequests(alpha).requests.size(), 3);

        combo->setCurrentIndex(1);
        QCOMPARE(url->text(), QStringLiteral("https://beta.example.test/b"));
        QCOMPARE(window.requestTabs()->count(), 2);
    }

    // Each tab has its own send: Send in another tab while one is on its way sends that tab's request, its
    // Cancel and Send leave the first alone, and the first one's answer lands in its own tab.
    void eachTabHasItsOwnSend()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        ScriptedServer::Reply slow = Tests::reply(201, R"({"tab":"A"})");
        slow.held = true;
        server.enqueue(slow);
        server.enqueue(Tests::reply(202, R"({"tab":"B"})"));
        addEnvironment(QStringLiteral("Alpha"));
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* send = child<QPushButton>(window, "sendButton");
        auto* status = child<QLabel>(window, "statusLabel");
        Ui::RequestTabs* tabs = window.requestTabs();

        window.requestEditor()->setRequest(request(server.url(QStringLiteral("/a")).toString()));
        const quint64 a = tabs->currentId();
        QSignalSpy received(&server, &ScriptedServer::requestReceived);
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(received.wait(10000));
        QVERIFY(window.requestEditor()->isBusy());
        QCOMPARE(send->text(), QStringLiteral("&Cancel"));

        window.openRequestInNewTab(request(server.url(QStringLiteral("/b")).toString()));
        const quint64 b = tabs->currentId();
        QVERIFY(!window.requestEditor()->isBusy());
        QCOMPARE(send->text(), QStringLiteral("&Send"));
        QTest::keyClick(child<QLineEdit>(window, "urlLineEdit"), Qt::Key_Escape); // nothing to cancel here
        QVERIFY(tabs->tab(a).sendId != 0);
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QLatin1String("202")), 10000);
        QCOMPARE(server.requests().size(), 2);
        QCOMPARE(server.requests().at(1).target, QByteArray("/b"));
        QVERIFY(!window.requestEditor()->isBusy());
        QVERIFY(tabs->tab(a).sendId != 0); // still on its way
        QVERIFY(!tabs->tab(a).response);

        tabs->bar()->setCurrentIndex(0);
        QCOMPARE(tabs->currentId(), a);
        QVERIFY(window.requestEditor()->isBusy());
        QCOMPARE(send->text(), QStringLiteral("&Cancel"));
        QVERIFY(!status->text().contains(QLatin1String("202")));
        saveScreenshot(&window, QStringLiteral("i11-tab-in-flight"));

        tabs->bar()->setCurrentIndex(1);
        server.releaseHeld();
        QTRY_VERIFY_WITH_TIMEOUT(tabs->tab(a).response.has_value(), 10000);
        QCOMPARE(tabs->tab(a).response->status, 201);
        QCOMPARE(tabs->tab(a).sendId, quint64(0));
        QVERIFY(status->text().contains(QLatin1String("202"))); // B still shows its own
        QCOMPARE(tabs->tab(b).response->status, 202);
        tabs->bar()->setCurrentIndex(0);
        QVERIFY(status->text().contains(QLatin1String("201")));
        QVERIFY(!window.requestEditor()->isBusy());
    }

    // Cancel stops the current tab's send; closing a tab with a send in flight stops that send.
    void cancelAndCloseStopTheirOwnSend()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        ScriptedServer::Reply never = Tests::reply(200, "{}");
        never.neverAnswer = true;
        server.enqueue(never);
        addEnvironment(QStringLiteral("Alpha"));
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* send = child<QPushButton>(window, "sendButton");
        Ui::RequestTabs* tabs = window.requestTabs();
        const auto inFlight
            = [this] { return m_session->networkAccessManager()->findChildren<QNetworkReply*>().size(); };
        QSignalSpy received(&server, &ScriptedServer::requestReceived);

        window.requestEditor()->setRequest(request(server.url(QStringLiteral("/first")).toString()));
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(received.wait(10000));
        const quint64 first = tabs->currentId();
        QCOMPARE(inFlight(), 1);
        QTest::mouseClick(send, Qt::LeftButton); // Cancel
        QTRY_COMPARE_WITH_TIMEOUT(tabs->tab(first).sendId, quint64(0), 10000);
        QVERIFY(!window.requestEditor()->isBusy());
        QTRY_COMPARE(inFlight(), 0);

        window.openRequestInNewTab(request(server.url(QStringLiteral("/second")).toString()));
        const quint64 second = tabs->currentId();
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(received.wait(10000));
        QCOMPARE(inFlight(), 1);
        tabs->setDirty(second, false);
        QVERIFY(tabs->closeTab(second));
        QVERIFY(!tabs->contains(second));
        QTRY_COMPARE(inFlight(), 0);
        QCOMPARE(tabs->currentId(), first);
        QVERIFY(!window.requestEditor()->isBusy());
    }

    // A query parameter switched off stays in the request where it was, is not sent, and comes back with
    // its tab and after a restart.
    void disabledQueryRowsSurvive()
    {
        addEnvironment(QStringLiteral("Alpha"));
        {
            Ui::MainWindow window(m_session);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto* url = child<QLineEdit>(window, "urlLineEdit");
            auto* params = child<Ui::KeyValueTable>(window, "paramsTable");
            url->setText(QStringLiteral("https://api.example.test/items?a=1&b=2&c=3"));
            params->model()->item(1, 0)->setCheckState(Qt::Unchecked);
            QCOMPARE(url->text(), QStringLiteral("https://api.example.test/items?a=1&c=3"));
            const Http::HttpRequest composed = window.requestEditor()->request();
            QCOMPARE(composed.disabledQuery,
                (QList<Http::DisabledQueryParameter> {{1, QStringLiteral("b"), QStringLiteral("2")}}));
            // Typing in the URL keeps the disabled row in its place.
            url->setText(QStringLiteral("https://api.example.test/items?a=1&c=3&d=4"));
            QCOMPARE(params->rows().at(1),
                (Ui::KeyValueTable::Row {QStringLiteral("b"), QStringLiteral("2"), false, false}));
            QCOMPARE(params->rows().size(), 4);

            // Away and back.
            window.openRequestInNewTab(request(QStringLiteral("https://api.example.test/other")));
            QCOMPARE(params->rows().size(), 0);
            window.requestTabs()->selectNext(1);
            QCOMPARE(params->rows().size(), 4);
            QCOMPARE(params->rows().at(1).enabled, false);
            QCOMPARE(url->text(), QStringLiteral("https://api.example.test/items?a=1&c=3&d=4"));
        }
        Workspace::AppSession restarted(m_fixture->directory(), new Secrets::MemorySecretStore);
        QVERIFY(restarted.load().isNull());
        Ui::MainWindow again(&restarted);
        auto* params = child<Ui::KeyValueTable>(again, "paramsTable");
        QCOMPARE(params->rows(),
            (QList<Ui::KeyValueTable::Row> {{QStringLiteral("a"), QStringLiteral("1"), true, false},
                {QStringLiteral("b"), QStringLiteral("2"), false, false},
                {QStringLiteral("c"), QStringLiteral("3"), true, false},
                {QStringLiteral("d"), QStringLiteral("4"), true, false}}));
        // Switched on again, it goes back into the URL where it was.
        params->model()->item(1, 0)->setCheckState(Qt::Checked);
        QCOMPARE(child<QLineEdit>(again, "urlLineEdit")->text(),
            QStringLiteral("https://api.example.test/items?a=1&b=2&c=3&d=4"));
        QVERIFY(again.requestEditor()->request().disabledQuery.isEmpty());
    }

    // In the URL field itself: a defined variable green, a secret one amber, an undefined one red; typing
    // and undo keep working and keep the colours up to date.
    void variablesColouredInTheUrlField()
    {
        Ui::RequestEditor editor;
        editor.resize(900, 300);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto* url = child<QLineEdit>(editor, "urlLineEdit");
        const auto inside = [url] { return url->grab().toImage().copy(url->rect().adjusted(4, 4, -30, -4)); };
        const QColor green(Ui::Palette::success);
        const QColor amber(Ui::Palette::warning);
        const QColor red(Ui::Palette::error);
        editor.setVariables(
            {{QStringLiteral("baseUrl"), QStringLiteral("https://api.example.test"), true, false},
                {QStringLiteral("apiKey"), QStringLiteral("k-1"), true, true}});
        url->setText(QStringLiteral("{{baseUrl}}/items"));
        QVERIFY(pixelsNear(inside(), green) > 10);
        QCOMPARE(pixelsNear(inside(), amber), 0);
        QCOMPARE(pixelsNear(inside(), red), 0);

        url->setFocus();
        url->end(false);
        QTest::keyClicks(url, QStringLiteral("?key={{apiKey}}&x={{nope}}"));
        QVERIFY(pixelsNear(inside(), amber) > 10);
        QVERIFY(pixelsNear(inside(), red) > 10);
        QCOMPARE(url->toolTip(), QStringLiteral("https://api.example.test/items?key=••••••••&x={{nope}}"));
        saveScreenshot(&editor, QStringLiteral("i11-url-variables-coloured"));

        url->undo();
        QCOMPARE(url->text(), QStringLiteral("{{baseUrl}}/items"));
        QCOMPARE(pixelsNear(inside(), red), 0);
        QVERIFY(pixelsNear(inside(), green) > 10);
        url->redo();
        QCOMPARE(url->text(), QStringLiteral("{{baseUrl}}/items?key={{apiKey}}&x={{nope}}"));
        QVERIFY(pixelsNear(inside(), red) > 10);

        // Variables of another environment: all undefined now.
        editor.setVariables({});
        QCOMPARE(pixelsNear(inside(), green), 0);
        QCOMPARE(pixelsNear(inside(), amber), 0);
    }

    // A curl command pasted by the context menu's Paste (QLineEdit::paste) becomes the request, with an
    // Undo in the banner, as Ctrl+V does.
    void curlPastedByAnyPaste()
    {
        addEnvironment(QStringLiteral("Alpha"));
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* url = child<QLineEdit>(window, "urlLineEdit");
        url->setText(QStringLiteral("https://api.example.test/before"));
        QApplication::clipboard()->setText(QStringLiteral("curl -X POST 'https://api.example.test/v1/things' "
                                                          "-H 'Accept: application/json' -d '{\"a\":1}'"));
        url->selectAll();
        url->paste();
        QTRY_COMPARE(window.requestEditor()->request().method, QByteArray("POST"));
        QCOMPARE(url->text(), QStringLiteral("https://api.example.test/v1/things"));
        QCOMPARE(window.requestEditor()->request().body, QByteArray("{\"a\":1}"));
        // The tab says what it holds now, and that it changed.
        QTabBar* bar = window.requestTabs()->bar();
        QCOMPARE(bar->tabText(bar->currentIndex()), QStringLiteral("• POST things"));
        QVERIFY2(window.banner()->text().contains(QStringLiteral("replaced by the curl command")),
            qPrintable(window.banner()->text()));
        saveScreenshot(&window, QStringLiteral("i11-curl-pasted-from-menu"));

        // Undo brings back the request from before the paste, not the pasted text.
        auto* undo = window.banner()->findChild<QPushButton*>(QStringLiteral("messageBannerActionButton"));
        QVERIFY(undo);
        undo->click();
        QCOMPARE(url->text(), QStringLiteral("https://api.example.test/before"));
        QCOMPARE(window.requestEditor()->request().method, QByteArray("GET"));
        QCOMPARE(bar->tabText(bar->currentIndex()), QStringLiteral("• GET before"));

        // Text that is no curl command is pasted as it is.
        QApplication::clipboard()->setText(QStringLiteral("/v2"));
        url->end(false);
        url->paste();
        QCOMPARE(url->text(), QStringLiteral("https://api.example.test/before/v2"));
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestRequestTabsGui)
#include "tst_requesttabs_gui.moc"
