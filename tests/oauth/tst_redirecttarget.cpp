#include "redirecttarget.h"

#include <QTest>

using namespace Tokenscope::OAuth;

// What the embedded sign-in window stops before it leaves: every spelling of the redirect URI that a
// server would take for the same resource (RFC 3986 §6.2.2), and nothing else.
class TestRedirectTarget final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void targetsRedirectUri_data()
    {
        QTest::addColumn<QString>("redirect");
        QTest::addColumn<QString>("candidate");
        QTest::addColumn<bool>("targets");

        const QString loopback = QStringLiteral("http://127.0.0.1:8400/callback");
        QTest::newRow("exact") << loopback << "http://127.0.0.1:8400/callback?code=1&state=2" << true;
        QTest::newRow("redirect-path-dot-segments-intercepted")
            << loopback << "http://127.0.0.1:8400/x/../callback?code=1" << true;
        QTest::newRow("same-segment-up-and-down")
            << loopback << "http://127.0.0.1:8400/callback/../callback" << true;
        QTest::newRow("single-dot-segment") << loopback << "http://127.0.0.1:8400/./callback" << true;
        QTest::newRow("encoded-dot-segments")
            << loopback << "http://127.0.0.1:8400/x/%2E%2e/callback" << true;
        QTest::newRow("encoded-unreserved-characters")
            << loopback << "http://127.0.0.1:8400/%63all%62ack" << true;
        QTest::newRow("dot-dot-above-root") << loopback << "http://127.0.0.1:8400/../callback" << true;
        QTest::newRow("host-case") << "http://localhost:8400/callback"
                                   << "HTTP://LocalHost:8400/callback" << true;
        QTest::newRow("host-trailing-dot") << "http://localhost:8400/callback"
                                           << "http://localhost.:8400/callback" << true;
        QTest::newRow("default-port-written-out") << "https://app.example.com/cb"
                                                  << "https://app.example.com:443/cb?code=1" << true;
        QTest::newRow("default-port-in-redirect-uri") << "http://app.example.com:80/cb"
                                                      << "http://app.example.com/cb" << true;
        QTest::newRow("dot-segments-in-redirect-uri") << "http://127.0.0.1:8400/app/./callback"
                                                      << "http://127.0.0.1:8400/app/callback" << true;
        QTest::newRow("private-use-scheme-dot-segments") << "com.example.app:/callback"
                                                         << "com.example.app:/x/../callback?code=1" << true;
        QTest::newRow("user-info-ignored") << loopback << "http://someone@127.0.0.1:8400/callback" << true;

        QTest::newRow("other-path") << loopback << "http://127.0.0.1:8400/callbacks" << false;
        QTest::newRow("dot-segments-to-other-path")
            << loopback << "http://127.0.0.1:8400/callback/../login" << false;
        QTest::newRow("encoded-slash-is-not-a-separator")
            << loopback << "http://127.0.0.1:8400/x%2F..%2Fcallback" << false;
        QTest::newRow("trailing-slash") << loopback << "http://127.0.0.1:8400/callback/" << false;
        QTest::newRow("other-port") << loopback << "http://127.0.0.1:8401/callback" << false;
        QTest::newRow("other-host") << loopback << "http://127.0.0.2:8400/callback" << false;
        QTest::newRow("other-scheme") << "https://app.example.com/cb"
                                      << "http://app.example.com/cb" << false;
        QTest::newRow("path-case-matters") << loopback << "http://127.0.0.1:8400/Callback" << false;
        QTest::newRow("invalid") << loopback << "http://[::1" << false;
    }

    void targetsRedirectUri()
    {
        QFETCH(QString, redirect);
        QFETCH(QString, candidate);
        QFETCH(bool, targets);
        QCOMPARE(Tokenscope::OAuth::targetsRedirectUri(QUrl(candidate), QUrl(redirect)), targets);
    }
};

QTEST_GUILESS_MAIN(TestRedirectTarget)
#include "tst_redirecttarget.moc"
