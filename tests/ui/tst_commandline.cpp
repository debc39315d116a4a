#include "componentcheck.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>

using namespace std::chrono_literals;

// The built tokenscope program, run the way an installer check or a server runs it: no X11, no Wayland,
// no Qt platform chosen. The options that open no window must work there.
class TestCommandLine final : public QObject
{
    Q_OBJECT

private:
    static QProcessEnvironment environmentWithoutDisplay()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QLatin1String(name));
        return env;
    }

private Q_SLOTS:
    void withoutDisplay_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QStringList>("environment"); // NAME=value set for this run
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QStringList>("expectedLines"); // each must be a whole line of the output
        QTest::addColumn<QStringList>("expectedText"); // each must occur somewhere in the output
        QTest::addColumn<int>("withinMs");

        const QString version = QStringLiteral("Tokenscope " TOKENSCOPE_VERSION);
        const QString plugin = QStringLiteral(TOKENSCOPE_WEBLOGIN_PATH);
        const int probe = static_cast<int>(
            std::chrono::duration_cast<std::chrono::milliseconds>(Tokenscope::Ui::keychainProbeTimeout)
                .count());
        // Loading Qt WebEngine's library takes seconds in a sanitizer build on a busy machine.
        const int slow = probe + 60000;

        QTest::newRow("version") << QStringList {QStringLiteral("--version")} << QStringList {} << 0
                                 << QStringList {version} << QStringList {} << 30000;
        QTest::newRow("short-version") << QStringList {QStringLiteral("-v")} << QStringList {} << 0
                                       << QStringList {version} << QStringList {} << 30000;
        QTest::newRow("help") << QStringList {QStringLiteral("--help")} << QStringList {} << 0
                              << QStringList {}
                              << QStringList {QStringLiteral("--workspace <directory>"),
                                     QStringLiteral("--check-components"), QStringLiteral("Exit status"),
                                     QStringLiteral("[options] [url]"),
                                     QStringLiteral("com.example.app:/callback")}
                              << 30000;
        QTest::newRow("help-all") << QStringList {QStringLiteral("--help-all")} << QStringList {} << 0
                                  << QStringList {} << QStringList {QStringLiteral("--workspace <directory>")}
                                  << 30000;
        QTest::newRow("help-in-dutch")
            << QStringList {QStringLiteral("--help")}
            << QStringList {QStringLiteral("LANGUAGE=nl"), QStringLiteral("LC_ALL=nl_NL.UTF-8"),
                   QStringLiteral("LANG=nl_NL.UTF-8")}
            << 0 << QStringList {QStringLiteral("Verken API's die met OAuth zijn beveiligd.")}
            << QStringList {QStringLiteral("--workspace <map>")} << 30000;
        QTest::newRow("unknown-option")
            << QStringList {QStringLiteral("--no-such-option")} << QStringList {} << 1 << QStringList {}
            << QStringList {QStringLiteral("no-such-option")} << 30000;
        // The private D-Bus session of scripts/headless.sh, with an unlocked GNOME Keyring on it.
        QTest::newRow("check-components")
            << QStringList {QStringLiteral("--check-components")} << QStringList {} << 0
            << QStringList {QStringLiteral("Sign-in component: ") + plugin,
                   QStringLiteral("Keychain: Secret Service works (a test entry was written, read back and "
                                  "removed).")}
            << QStringList {} << slow;
        QTest::newRow("check-components-without-keychain")
            << QStringList {QStringLiteral("--check-components")}
            << QStringList {QStringLiteral(
                   "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/tokenscope-test-bus")}
            << 0 << QStringList {QStringLiteral("Sign-in component: ") + plugin}
            << QStringList {QStringLiteral("Keychain: not available"),
                   QStringLiteral("kept only until Tokenscope quits")}
            << slow;
    }

    void withoutDisplay()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QStringList, environment);
        QFETCH(int, exitCode);
        QFETCH(QStringList, expectedLines);
        QFETCH(QStringList, expectedText);
        QFETCH(int, withinMs);

        QProcessEnvironment env = environmentWithoutDisplay();
        for (const QString& assignment : environment) {
            const qsizetype equals = assignment.indexOf(QLatin1Char('='));
            env.insert(assignment.left(equals), assignment.mid(equals + 1));
        }

        QProcess process;
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(TOKENSCOPE_BINARY), arguments);
        QVERIFY2(process.waitForStarted(), qPrintable(process.errorString()));
        const bool finished = process.waitForFinished(withinMs);
        if (!finished) {
            process.kill();
            process.waitForFinished();
        }
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        const QString err = QString::fromUtf8(process.readAllStandardError());
        const QString transcript = QStringLiteral("stdout:\n") + out + QStringLiteral("\nstderr:\n") + err;
        QVERIFY2(
            finished, qPrintable(QStringLiteral("still running after %1 ms\n").arg(withinMs) + transcript));
        QVERIFY2(process.exitStatus() == QProcess::NormalExit,
            qPrintable(QStringLiteral("crashed\n") + transcript));
        QVERIFY2(process.exitCode() == exitCode,
            qPrintable(QStringLiteral("exit code %1\n").arg(process.exitCode()) + transcript));

        const QString output = out + err;
        const QStringList lines = output.split(QLatin1Char('\n'));
        for (const QString& line : expectedLines)
            QVERIFY2(lines.contains(line),
                qPrintable(QStringLiteral("no line \"") + line + QStringLiteral("\"\n") + transcript));
        for (const QString& text : expectedText)
            QVERIFY2(output.contains(text),
                qPrintable(QStringLiteral("no \"") + text + QStringLiteral("\"\n") + transcript));
    }

    // An installation without the plugin file: the check fails, with exit status 1, and says which file.
    void checkComponentsWithoutSignInComponent()
    {
        QTemporaryDir installation;
        QVERIFY(installation.isValid());
        const QString binary = installation.filePath(QStringLiteral("tokenscope"));
        QVERIFY(QFile::copy(QStringLiteral(TOKENSCOPE_BINARY), binary));

        QProcess process;
        process.setProcessEnvironment(environmentWithoutDisplay());
        process.start(binary, {QStringLiteral("--check-components")});
        QVERIFY2(process.waitForFinished(60000), qPrintable(process.errorString()));
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(process.exitCode() == 1, qPrintable(err));
        QVERIFY2(err.contains(QStringLiteral("Sign-in component: missing or broken: The sign-in component ("
                                             "tokenscope-weblogin.so) is not installed.")),
            qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
