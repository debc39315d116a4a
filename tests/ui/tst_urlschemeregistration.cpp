#include "appsession.h"
#include "memorysecretstore.h"
#include "urlschemeregistration.h"
#include "xdgmime.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Tokenscope;
using Tokenscope::Tests::xdgMimeDefault;
using Tokenscope::Ui::UrlSchemeRegistration;

namespace {

Workspace::Environment environment(const QString& redirect, Workspace::SignInSettings::Browser browser)
{
    Workspace::Environment result;
    result.id = Workspace::newEnvironmentId();
    result.name = redirect;
    result.oauth.redirectUri = QUrl(redirect);
    result.signIn.browser = browser;
    return result;
}

} // namespace

// The system browser hands a private-use redirect (RFC 8252 §7.1) to whichever program the desktop
// names for its scheme: Tokenscope's per-user desktop file, for the environments that need it.
class TestUrlSchemeRegistration final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;

    QString desktopFile() const
    {
        return m_home.filePath(
            QStringLiteral("data/applications/") + UrlSchemeRegistration::desktopFileName());
    }

    QString mimeApps() const
    {
        QFile file(m_home.filePath(QStringLiteral("config/mimeapps.list")));
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data")).toUtf8());
        qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
        qputenv("XDG_DATA_DIRS", m_home.filePath(QStringLiteral("none")).toUtf8());
        qputenv("XDG_CONFIG_DIRS", m_home.filePath(QStringLiteral("none")).toUtf8());
        qputenv("XDG_CURRENT_DESKTOP", "X-Generic");
        QVERIFY(QStandardPaths::findExecutable(QStringLiteral("xdg-mime")).size() > 0);
        // Another program's default in the same file must survive every update.
        QDir().mkpath(m_home.filePath(QStringLiteral("config")));
        QFile list(m_home.filePath(QStringLiteral("config/mimeapps.list")));
        QVERIFY(list.open(QIODevice::WriteOnly));
        list.write("[Default Applications]\nx-scheme-handler/mailto=thunderbird.desktop;\n");
    }

    // Registered while an environment of the system browser uses the scheme, gone once none does.
    void followsTheEnvironments()
    {
        using Browser = Workspace::SignInSettings::Browser;
        QTemporaryDir workspace;
        Workspace::AppSession session(workspace.path(), new Secrets::MemorySecretStore);
        UrlSchemeRegistration registration(&session);
        QVERIFY(!QFile::exists(desktopFile()));

        const auto system = environment(QStringLiteral("com.example.app:/callback"), Browser::System);
        session.putEnvironment(system);
        session.putEnvironment(environment(QStringLiteral("org.example.embedded:/cb"), Browser::Embedded));
        session.putEnvironment(environment(QStringLiteral("http://127.0.0.1/callback"), Browser::System));
        QCOMPARE(xdgMimeDefault(QStringLiteral("com.example.app")), UrlSchemeRegistration::desktopFileName());
        // The embedded window catches its redirect itself: that scheme is left to whoever owns it.
        QCOMPARE(xdgMimeDefault(QStringLiteral("org.example.embedded")), QString());
        QVERIFY(mimeApps().contains(QStringLiteral("x-scheme-handler/mailto=thunderbird.desktop;\n")));
        QFile entry(desktopFile());
        QVERIFY(entry.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(entry.readAll());
        QVERIFY2(
            text.contains(QStringLiteral("MimeType=x-scheme-handler/com.example.app;\n")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral(" %u\n")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("NoDisplay=true\n")));
        QProcess validate;
        validate.start(QStringLiteral("desktop-file-validate"), {desktopFile()});
        QVERIFY(validate.waitForFinished(30000));
        QVERIFY2(validate.exitCode() == 0, validate.readAllStandardOutput().constData());

        session.removeEnvironment(system.id);
        QVERIFY(!QFile::exists(desktopFile()));
        QCOMPARE(xdgMimeDefault(QStringLiteral("com.example.app")), QString());
        QVERIFY2(!mimeApps().contains(UrlSchemeRegistration::desktopFileName()), qPrintable(mimeApps()));
        QVERIFY(mimeApps().contains(QStringLiteral("x-scheme-handler/mailto=thunderbird.desktop;\n")));
    }

    // A registration an earlier run left behind (an environment since removed, a fallback sign-in)
    // goes at the next start when nothing needs it.
    void earlierRunsRegistrationIsCleared()
    {
        QString error;
        QVERIFY2(UrlSchemeRegistration::apply(UrlSchemeRegistration::Platform::FreeDesktop,
                     {QStringLiteral("com.example.stale")}, QStringLiteral("/usr/bin/tokenscope"), &error),
            qPrintable(error));
        QCOMPARE(
            xdgMimeDefault(QStringLiteral("com.example.stale")), UrlSchemeRegistration::desktopFileName());

        QTemporaryDir workspace;
        Workspace::AppSession session(workspace.path(), new Secrets::MemorySecretStore);
        UrlSchemeRegistration registration(&session);
        QVERIFY(!QFile::exists(desktopFile()));
        QCOMPARE(xdgMimeDefault(QStringLiteral("com.example.stale")), QString());
        QVERIFY(mimeApps().contains(QStringLiteral("x-scheme-handler/mailto=thunderbird.desktop;\n")));
    }

    // A sign-in moved from the embedded window to the system browser needs its scheme for this run,
    // though the environment's settings do not ask for it; the next start forgets it.
    void heldSchemeLastsForThisRun()
    {
        using Browser = Workspace::SignInSettings::Browser;
        QTemporaryDir workspace;
        Workspace::AppSession session(workspace.path(), new Secrets::MemorySecretStore);
        session.putEnvironment(environment(QStringLiteral("org.example.fallback:/cb"), Browser::Embedded));
        {
            UrlSchemeRegistration registration(&session);
            QCOMPARE(xdgMimeDefault(QStringLiteral("org.example.fallback")), QString());
            registration.holdScheme(QStringLiteral("Org.Example.Fallback"));
            QCOMPARE(xdgMimeDefault(QStringLiteral("org.example.fallback")),
                UrlSchemeRegistration::desktopFileName());
            // Held, not needed: an edit of the environments keeps it for the rest of the run.
            session.putEnvironment(environment(QStringLiteral("http://127.0.0.1/cb"), Browser::System));
            QCOMPARE(xdgMimeDefault(QStringLiteral("org.example.fallback")),
                UrlSchemeRegistration::desktopFileName());
        }
        UrlSchemeRegistration nextStart(&session);
        QCOMPARE(xdgMimeDefault(QStringLiteral("org.example.fallback")), QString());
        QVERIFY(!QFile::exists(desktopFile()));
    }

    void macOsSaysWhatTheBundleLacks_data()
    {
        QTest::addColumn<QString>("redirect");
        QTest::addColumn<int>("platform");
        QTest::addColumn<bool>("problem");
        using Platform = UrlSchemeRegistration::Platform;
        QTest::newRow("macos-declared") << "nl.tokenscope:/callback" << int(Platform::MacOS) << false;
        QTest::newRow("macos-undeclared") << "com.example.app:/callback" << int(Platform::MacOS) << true;
        QTest::newRow("macos-loopback") << "http://127.0.0.1/callback" << int(Platform::MacOS) << false;
        QTest::newRow("linux-any") << "com.example.app:/callback" << int(Platform::FreeDesktop) << false;
        QTest::newRow("windows-any") << "com.example.app:/callback" << int(Platform::Windows) << false;
    }

    void macOsSaysWhatTheBundleLacks()
    {
        QFETCH(QString, redirect);
        QFETCH(int, platform);
        QFETCH(bool, problem);
        QVERIFY(UrlSchemeRegistration::bundleSchemes().contains(QStringLiteral("nl.tokenscope")));
        const QString text
            = UrlSchemeRegistration::schemeProblem(QUrl(redirect), UrlSchemeRegistration::Platform(platform));
        QCOMPARE(!text.isEmpty(), problem);
        if (problem)
            QVERIFY(text.contains(QStringLiteral("com.example.app")));
    }

    // The Sign-in tab's hint for the system browser speaks of the redirect URI entered: a port it names
    // must be free, and only without one is any free port used.
    void systemBrowserHintFollowsTheRedirectUri_data()
    {
        QTest::addColumn<QString>("redirect");
        QTest::addColumn<QString>("says");
        QTest::addColumn<QString>("doesNotSay");
        QTest::newRow("sign-in-hint-fixed-port-not-free-port") << "http://127.0.0.1:8765/callback"
                                                               << "port 8765 must be free"
                                                               << "on a free port";
        QTest::newRow("sign-in-hint-any-port-free-port") << "http://localhost/callback"
                                                         << "on a free port chosen for each sign-in"
                                                         << "must be free";
    }

    void systemBrowserHintFollowsTheRedirectUri()
    {
        QFETCH(QString, redirect);
        QFETCH(QString, says);
        QFETCH(QString, doesNotSay);
        const QString hint = UrlSchemeRegistration::systemBrowserHint(QUrl(redirect));
        QVERIFY2(hint.contains(says), qPrintable(hint));
        QVERIFY2(!hint.contains(doesNotSay), qPrintable(hint));
        QVERIFY2(hint.contains(redirect), qPrintable(hint));
    }
};

QTEST_GUILESS_MAIN(TestUrlSchemeRegistration)
#include "tst_urlschemeregistration.moc"
