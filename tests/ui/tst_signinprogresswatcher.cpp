#include "signinprogresswatcher.h"

#include <QSignalSpy>
#include <QTest>

using namespace Tokenscope;
using Watcher = Ui::SignInProgressWatcher;

// What counts as a sign-in going nowhere, without a browser: the sign-in window feeds the watcher what
// its page does (tst_signinwindow_more_e2e drives the real window).
class TestSignInProgressWatcher final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void samePage_data()
    {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::addColumn<bool>("same");
        QTest::newRow("query-values-differ") << "https://id.test/login?return_to=%2Fa&csrf=1"
                                             << "https://id.test/login?csrf=2&return_to=%2Fb" << true;
        QTest::newRow("fragment-differs") << "https://id.test/login#one"
                                          << "https://id.test/login#two" << true;
        QTest::newRow("other-parameter-names") << "https://id.test/authenticate?execution=1"
                                               << "https://id.test/authenticate?session_code=1" << false;
        QTest::newRow("other-path") << "https://id.test/login"
                                    << "https://id.test/consent" << false;
        QTest::newRow("other-host") << "https://id.test/login"
                                    << "https://login.id.test/login" << false;
        QTest::newRow("other-port") << "http://localhost:3000/login"
                                    << "http://localhost:3001/login" << false;
    }

    void samePage()
    {
        QFETCH(QString, a);
        QFETCH(QString, b);
        QFETCH(bool, same);
        QCOMPARE(Watcher::samePage(QUrl(a), QUrl(b)), same);
    }

    // Two form posts in a row that lead back to the page they came from; one that leads elsewhere
    // starts the count again.
    void returningTwiceAfterFormPostsIsReported()
    {
        Watcher watcher(std::chrono::seconds(600));
        QSignalSpy stalled(&watcher, &Watcher::stalled);
        watcher.start();
        const QUrl login(QStringLiteral("https://id.test/login?n=1"));
        const QUrl password(QStringLiteral("https://id.test/password"));
        watcher.pageLoaded(login);
        watcher.formSubmitted(login);
        watcher.pageLoaded(QUrl(QStringLiteral("https://id.test/login?n=2"))); // back: 1
        watcher.formSubmitted(login);
        watcher.pageLoaded(password); // elsewhere: 0
        watcher.formSubmitted(password);
        watcher.pageLoaded(login); // elsewhere
        watcher.formSubmitted(login);
        watcher.pageLoaded(login); // back: 1
        QCOMPARE(stalled.size(), 0);
        watcher.pageLoaded(login); // a reload, not an answer to a form
        QCOMPARE(stalled.size(), 0);
        watcher.formSubmitted(login);
        watcher.pageLoaded(login); // back: 2
        QCOMPARE(stalled.size(), 1);
        QCOMPARE(stalled.first().first().value<Watcher::Stall>(), Watcher::Stall::ReturnedAfterFormPost);
        watcher.formSubmitted(login);
        watcher.pageLoaded(login);
        QCOMPARE(stalled.size(), 1); // said once
    }

    // No step for a while is reported, and withdrawn when the page moves on.
    void pauseIsReportedAndWithdrawn()
    {
        Watcher watcher(std::chrono::seconds(1));
        QSignalSpy stalled(&watcher, &Watcher::stalled);
        QSignalSpy resumed(&watcher, &Watcher::resumed);
        watcher.start();
        QVERIFY(stalled.wait(5000));
        QCOMPARE(stalled.first().first().value<Watcher::Stall>(), Watcher::Stall::NoProgress);
        watcher.stepTaken();
        QCOMPARE(resumed.size(), 1);
        QVERIFY(stalled.wait(5000)); // and again after another pause
        QCOMPARE(stalled.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestSignInProgressWatcher)
#include "tst_signinprogresswatcher.moc"
