#include "instancehandover.h"

#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using Tokenscope::Ui::InstanceHandover;

// The redirect of a private-use scheme (RFC 8252 §7.1) reaches Tokenscope as a new process started with
// the URL: it must reach the running instance, between two real processes, without a display.
class TestInstanceHandover final : public QObject
{
    Q_OBJECT

private:
    static QString privateName()
    {
        return QStringLiteral("tst-handover-") + QUuid::createUuid().toString(QUuid::Id128);
    }

    // The built tokenscope, started with a private instance name and private folders.
    static QProcessEnvironment childEnvironment(const QString& name, const QTemporaryDir& home, bool display)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TOKENSCOPE_INSTANCE_NAME"), name);
        environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        if (!display) {
            // With the xcb platform and no display, creating a QApplication would abort the process.
            environment.remove(QStringLiteral("DISPLAY"));
            environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
            environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        }
        return environment;
    }

private Q_SLOTS:
    void secondProcessHandsOver_data()
    {
        QTest::addColumn<bool>("serverRuns");
        QTest::addColumn<QString>("url");
        QTest::newRow("running-instance-gets-the-url")
            << true
            << QStringLiteral("com.example.app:/callback?code=abc%2Fdef&state=S1&iss=http%3A%2F%2F127.0.0.1");
        QTest::newRow("scheme-in-capitals")
            << true << QStringLiteral("COM.Example.App:/callback?code=x&state=y");
        QTest::newRow("no-instance-starts-normally")
            << false << QStringLiteral("com.example.app:/callback?code=x&state=y");
    }

    void secondProcessHandsOver()
    {
        QFETCH(bool, serverRuns);
        QFETCH(QString, url);
        const QString name = privateName();
        InstanceHandover server;
        QSignalSpy received(&server, &InstanceHandover::urlReceived);
        if (serverRuns) {
            QString error;
            QVERIFY2(server.listen(name, &error), qPrintable(error));
        }
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QProcess second;
        second.setProcessEnvironment(childEnvironment(name, home, !serverRuns));
        QStringList arguments {url};
        if (!serverRuns) // a normal start, on the test's display, that quits once shown
            arguments = QStringList {QStringLiteral("--workspace"), home.filePath(QStringLiteral("ws")),
                QStringLiteral("--exit-after-show"), url};
        second.start(QStringLiteral(TOKENSCOPE_BINARY), arguments);
        QVERIFY2(second.waitForStarted(), qPrintable(second.errorString()));
        // The test's own event loop serves the hand-over while the second process waits for the answer.
        QTRY_VERIFY_WITH_TIMEOUT(second.state() == QProcess::NotRunning, 60000);
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QVERIFY2(second.exitCode() == 0, second.readAllStandardError().constData());
        if (serverRuns) {
            QCOMPARE(received.size(), 1);
            QCOMPARE(received.at(0).at(0).toUrl(), QUrl(url, QUrl::StrictMode));
        } else {
            QCOMPARE(received.size(), 0);
        }
    }

    void argumentsThatAreNoRedirect_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("expected"); // empty: none
        const QString app = QStringLiteral("tokenscope");
        QTest::newRow("none") << QStringList {app} << QString();
        QTest::newRow("options-only") << QStringList {app, QStringLiteral("--exit-after-show")} << QString();
        QTest::newRow("http-url") << QStringList {app, QStringLiteral("http://127.0.0.1/callback?code=x")}
                                  << QString();
        QTest::newRow("https-url") << QStringList {app, QStringLiteral("https://op.example/")} << QString();
        QTest::newRow("folder") << QStringList {app, QStringLiteral("--workspace"), QStringLiteral("/tmp/ws")}
                                << QString();
        QTest::newRow("drive-letter") << QStringList {app, QStringLiteral("C:\\work")} << QString();
        QTest::newRow("option-value-is-no-url")
            << QStringList {app, QStringLiteral("--local-demo=com.example.app:/x")} << QString();
        QTest::newRow("private-use") << QStringList {app, QStringLiteral("--exit-after-show"),
            QStringLiteral("com.example.app:/cb?code=1")}
                                     << QStringLiteral("com.example.app:/cb?code=1");
    }

    void argumentsThatAreNoRedirect()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, expected);
        const auto url = InstanceHandover::redirectArgument(arguments);
        QCOMPARE(url.has_value(), !expected.isEmpty());
        if (url)
            QCOMPARE(*url, QUrl(expected));
    }

    // The socket is reachable by this user's programs only, but those may still send anything.
    void garbageIsRefused_data()
    {
        QTest::addColumn<QByteArray>("sent");
        QTest::addColumn<QByteArray>("answer"); // empty: dropped without an answer
        QTest::newRow("no-prefix") << QByteArray("com.example.app:/callback?code=x\n")
                                   << QByteArray("REFUSED\n");
        QTest::newRow("http-url") << QByteArray("TOKENSCOPE-URL https://evil.example/\n")
                                  << QByteArray("REFUSED\n");
        QTest::newRow("not-a-url") << QByteArray("TOKENSCOPE-URL %%%\n") << QByteArray("REFUSED\n");
        QTest::newRow("binary") << QByteArray("\x00\x01\x02\n", 4) << QByteArray("REFUSED\n");
        QTest::newRow("too-long") << QByteArray(qsizetype(20) * 1024, 'a') << QByteArray();
    }

    void garbageIsRefused()
    {
        QFETCH(QByteArray, sent);
        QFETCH(QByteArray, answer);
        const QString name = privateName();
        InstanceHandover server;
        QSignalSpy received(&server, &InstanceHandover::urlReceived);
        QVERIFY(server.listen(name));
        QLocalSocket client;
        client.connectToServer(name);
        QVERIFY(client.waitForConnected(5000));
        client.write(sent);
        QByteArray got;
        QSignalSpy disconnected(&client, &QLocalSocket::disconnected);
        connect(&client, &QLocalSocket::readyRead, this, [&] { got += client.readAll(); });
        QVERIFY(disconnected.wait(10000));
        got += client.readAll();
        QCOMPARE(got, answer);
        QCOMPARE(received.size(), 0);
    }

    // One instance receives; a second one that starts normally learns so, and the name is free again
    // once the first is gone.
    void oneListenerAtATime()
    {
        const QString name = privateName();
        {
            InstanceHandover first;
            QVERIFY(first.listen(name));
            InstanceHandover second;
            QString error;
            QVERIFY(!second.listen(name, &error));
            QVERIFY(error.contains(QLatin1String("Another Tokenscope")));
        }
        InstanceHandover again;
        QVERIFY(again.listen(name));
    }
};

QTEST_GUILESS_MAIN(TestInstanceHandover)
#include "tst_instancehandover.moc"
