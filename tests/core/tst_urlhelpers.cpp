#include "urlhelpers.h"

#include <QTest>

using namespace Tokenscope;

// The loopback check every caller shares (RFC 8252 §7.3, §8.3): all of 127.0.0.0/8 and ::1, and the name
// "localhost" without regard to case.
class TestUrlHelpers final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loopbackHost_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("loopback");
        QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1") << true;
        QTest::newRow("127.0.0.2: all of 127/8") << QStringLiteral("127.0.0.2") << true;
        QTest::newRow("127.255.255.254") << QStringLiteral("127.255.255.254") << true;
        QTest::newRow("127.1: short IPv4 form") << QStringLiteral("127.1") << true;
        QTest::newRow("::1") << QStringLiteral("::1") << true;
        QTest::newRow("[::1]") << QStringLiteral("[::1]") << true;
        QTest::newRow("0:0:0:0:0:0:0:1") << QStringLiteral("0:0:0:0:0:0:0:1") << true;
        QTest::newRow("::ffff:127.0.0.1: IPv4-mapped loopback") << QStringLiteral("::ffff:127.0.0.1") << true;
        QTest::newRow("localhost") << QStringLiteral("localhost") << true;
        QTest::newRow("LOCALHOST") << QStringLiteral("LOCALHOST") << true;
        QTest::newRow("localhost.: trailing dot") << QStringLiteral("localhost.") << false;
        QTest::newRow("sub.localhost") << QStringLiteral("sub.localhost") << false;
        QTest::newRow("128.0.0.1") << QStringLiteral("128.0.0.1") << false;
        QTest::newRow("126.255.255.255") << QStringLiteral("126.255.255.255") << false;
        QTest::newRow("::ffff:128.0.0.1") << QStringLiteral("::ffff:128.0.0.1") << false;
        QTest::newRow("0.0.0.0: any address, not loopback") << QStringLiteral("0.0.0.0") << false;
        QTest::newRow(":: : any address, not loopback") << QStringLiteral("::") << false;
        QTest::newRow("::2") << QStringLiteral("::2") << false;
        QTest::newRow("127.0.0.1.nip.io: a name") << QStringLiteral("127.0.0.1.nip.io") << false;
        QTest::newRow("127.example: a name") << QStringLiteral("127.example") << false;
        QTest::newRow("example.com") << QStringLiteral("example.com") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void loopbackHost()
    {
        QFETCH(QString, host);
        QFETCH(bool, loopback);
        QCOMPARE(isLoopbackHost(host), loopback);
    }

    void loopbackUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("loopback");
        QTest::newRow("http://127.0.0.1:8080/callback")
            << QStringLiteral("http://127.0.0.1:8080/callback") << true;
        QTest::newRow("http://127.0.0.2/callback") << QStringLiteral("http://127.0.0.2/callback") << true;
        QTest::newRow("http://[::1]/callback") << QStringLiteral("http://[::1]/callback") << true;
        QTest::newRow("http://LocalHost/revoke") << QStringLiteral("http://LocalHost/revoke") << true;
        QTest::newRow("https://localhost:8443/token")
            << QStringLiteral("https://localhost:8443/token") << true;
        QTest::newRow("http://id.example/token") << QStringLiteral("http://id.example/token") << false;
        QTest::newRow("private-use scheme") << QStringLiteral("com.example.app:/callback") << false;
        QTest::newRow("relative") << QStringLiteral("/callback") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void loopbackUrl()
    {
        QFETCH(QString, url);
        QFETCH(bool, loopback);
        QCOMPARE(isLoopbackUrl(QUrl(url, QUrl::StrictMode)), loopback);
    }

    void localhostName_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("localhost");
        QTest::newRow("localhost") << QStringLiteral("localhost") << true;
        QTest::newRow("LocalHost") << QStringLiteral("LocalHost") << true;
        QTest::newRow("localhost.") << QStringLiteral("localhost.") << false;
        QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1") << false;
        QTest::newRow("::1") << QStringLiteral("::1") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void localhostName()
    {
        QFETCH(QString, host);
        QFETCH(bool, localhost);
        QCOMPARE(isLocalhostName(host), localhost);
    }

    void webUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("web");
        QTest::newRow("https") << QStringLiteral("https://id.example/token") << true;
        QTest::newRow("http") << QStringLiteral("http://127.0.0.1:8080/token") << true;
        QTest::newRow("upper-case scheme") << QStringLiteral("HTTPS://id.example/") << true;
        QTest::newRow("no host") << QStringLiteral("https:///token") << false;
        QTest::newRow("relative") << QStringLiteral("/token") << false;
        QTest::newRow("ftp") << QStringLiteral("ftp://id.example/token") << false;
        QTest::newRow("private-use scheme") << QStringLiteral("com.example.app:/callback") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void webUrl()
    {
        QFETCH(QString, url);
        QFETCH(bool, web);
        QCOMPARE(isWebUrl(QUrl(url, QUrl::StrictMode)), web);
    }
};

QTEST_GUILESS_MAIN(TestUrlHelpers)
#include "tst_urlhelpers.moc"
