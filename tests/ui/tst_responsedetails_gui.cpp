#include "flowlog.h"
#include "networkclient.h"
#include "responsedetails.h"
#include "responseviewer.h"
#include "scriptedserver.h"
#include "testmain.h"
#include "widgethelpers.h"

#include <QLabel>
#include <QNetworkRequest>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTreeView>

#include <optional>

using namespace Tokenscope;
using Cookie = Ui::ResponseDetails::Cookie;

class TestResponseDetailsGui final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void parsesSetCookie_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valueMasked");
        QTest::addColumn<QString>("domain");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expires");
        QTest::addColumn<QStringList>("flags");
        QTest::newRow("session cookie, RFC 6265 §3.1 example")
            << QByteArray("SID=31d4d96e407aad42; Path=/; Secure; HttpOnly") << QStringLiteral("SID") << true
            << QString() << QStringLiteral("/") << QString()
            << QStringList {QStringLiteral("Secure"), QStringLiteral("HttpOnly")};
        QTest::newRow("preference with domain and expiry")
            << QByteArray("lang=en-US; Path=/; Domain=example.com; Expires=Wed, 09 Jun 2027 10:18:14 GMT")
            << QStringLiteral("lang") << false << QStringLiteral("example.com") << QStringLiteral("/")
            << QStringLiteral("Wed, 09 Jun 2027 10:18:14 GMT") << QStringList();
        QTest::newRow("csrf token with SameSite and Max-Age")
            << QByteArray("XSRF-TOKEN=abc123; Max-Age=3600; SameSite=Strict") << QStringLiteral("XSRF-TOKEN")
            << true << QString() << QString() << QStringLiteral("Max-Age 3600 s")
            << QStringList {QStringLiteral("SameSite=Strict")};
    }

    void parsesSetCookie()
    {
        QFETCH(QByteArray, header);
        const QList<Cookie> cookies = Ui::ResponseDetails::parseSetCookie({{"Set-Cookie", header}});
        QCOMPARE(cookies.size(), 1);
        const Cookie& c = cookies.constFirst();
        QTEST(c.name, "name");
        const QString raw = QString::fromLatin1(header.left(header.indexOf(';'))).section(u'=', 1);
        QFETCH(bool, valueMasked);
        QCOMPARE(c.value == raw, !valueMasked);
        QTEST(c.domain, "domain");
        QTEST(c.path, "path");
        QTEST(c.expires, "expires");
        QTEST(c.flags, "flags");
    }

    // A redirect followed to a response that sets cookies: each tab shows its part.
    void showsRedirectsCookiesAndTheRequestAsSent()
    {
        Tests::ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(Tests::reply(302, {}, "text/plain", {{"Location", "/final"}}));
        server.enqueue(Tests::reply(200, "{\"ok\":true}", "application/json",
            {{"Set-Cookie", "SID=31d4d96e407aad42; Path=/; Secure; HttpOnly"},
                {"Set-Cookie", "lang=en-US; Path=/; Max-Age=86400"}}));
        Http::NetworkClient network;
        QNetworkRequest request(server.url(QStringLiteral("/start")));
        request.setRawHeader("Authorization", "Bearer h-SECRET-1");
        request.setRawHeader("Accept", "application/json");
        std::optional<Http::HttpResponse> response;
        network.send(
            "GET", request, {}, {}, this, [&response](const Http::HttpResponse& r) { response = r; });
        QTRY_VERIFY_WITH_TIMEOUT(response.has_value(), 10000);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->redirects.size(), 1);
        QCOMPARE(response->redirects.constFirst().status, 302);
        QCOMPARE(response->redirects.constFirst().url.path(), QStringLiteral("/start"));

        Http::FlowLog log;
        Ui::ResponseViewer viewer(&log);
        viewer.resize(900, 520);
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        viewer.showResponse(*response);
        auto* tabs = viewer.findChild<QTabWidget*>();
        auto* cookies = viewer.findChild<QTreeView*>(QStringLiteral("cookiesTreeView"));
        auto* raw = viewer.findChild<QPlainTextEdit*>(QStringLiteral("rawExchangeTextEdit"));
        auto* tls = viewer.findChild<QPlainTextEdit*>(QStringLiteral("tlsTextEdit"));
        QVERIFY(tabs && cookies && raw && tls);
        QCOMPARE(cookies->model()->rowCount(), 2);
        QCOMPARE(cookies->model()->index(1, 0).data().toString(), QStringLiteral("lang"));
        QVERIFY(!cookies->model()->index(0, 1).data().toString().contains(QLatin1String("31d4d96e")));
        const QString exchange = raw->toPlainText();
        QVERIFY2(exchange.startsWith(QLatin1String("GET /start HTTP/1.1")), qPrintable(exchange));
        QVERIFY(exchange.contains(QLatin1String("Accept: application/json")));
        // What Qt added on the wire is there, Host once.
        QCOMPARE(exchange.count(QLatin1String("\nHost: ")), 1);
        QVERIFY2(exchange.contains(QLatin1String("\nAccept-Encoding: ")), qPrintable(exchange));
        QVERIFY2(exchange.contains(QLatin1String("\nContent-Length: 0\n")), qPrintable(exchange));
        QVERIFY(!exchange.contains(QLatin1String("h-SECRET-1")));
        QVERIFY(exchange.contains(QLatin1String("302")));
        QVERIFY(exchange.contains(QLatin1String("HTTP/1.1 200")));
        QCOMPARE(tls->toPlainText(), QStringLiteral("Not sent over TLS."));
        auto* time = viewer.findChild<QLabel*>(QStringLiteral("timeLabel"));
        QVERIFY(time);
        QVERIFY2(time->text().contains(QLatin1String("first byte")), qPrintable(time->text()));

        tabs->setCurrentWidget(cookies);
        Tests::saveScreenshot(&viewer, QStringLiteral("curlhistory-response-cookies"));
        tabs->setCurrentWidget(raw);
        Tests::saveScreenshot(&viewer, QStringLiteral("curlhistory-response-request"));
    }

    void showsTheCertificate()
    {
        Http::HttpResponse response;
        response.status = 200;
        response.reason = "OK";
        response.httpVersion = "2";
        response.elapsedMs = 120;
        response.timeToFirstByteMs = 45;
        response.tls.protocol = QStringLiteral("TLS 1.3");
        response.tls.cipher = QStringLiteral("TLS_AES_256_GCM_SHA384");
        response.tls.subject = QStringLiteral("api.example.com");
        response.tls.issuer = QStringLiteral("R3");
        response.tls.notBefore = QDateTime(QDate(2026, 10, 1), QTime(0, 0), Qt::UTC);
        response.tls.notAfter = QDateTime(QDate(2026, 12, 30), QTime(0, 0), Qt::UTC);
        response.tls.sha256
            = QByteArray::fromHex("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
        QVERIFY(Ui::ResponseDetails::timeSummary(response).contains(QLatin1String("first byte 45 ms")));
        QVERIFY(Ui::ResponseDetails::sizeSummary(response).contains(QLatin1String("HTTP/2")));
        const QString text = Ui::ResponseDetails::tlsText(response);
        QVERIFY(text.contains(QLatin1String("TLS 1.3")));
        QVERIFY(text.contains(QLatin1String("TLS_AES_256_GCM_SHA384")));
        QVERIFY(text.contains(QLatin1String("01:02:03")));

        Http::FlowLog log;
        Ui::ResponseViewer viewer(&log);
        viewer.resize(900, 520);
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
        viewer.showResponse(response);
        auto* tabs = viewer.findChild<QTabWidget*>();
        tabs->setCurrentWidget(viewer.findChild<QPlainTextEdit*>(QStringLiteral("tlsTextEdit")));
        Tests::saveScreenshot(&viewer, QStringLiteral("curlhistory-response-tls"));
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestResponseDetailsGui)
#include "tst_responsedetails_gui.moc"
