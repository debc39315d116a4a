#include "devicecodedialog.h"
#include "testmain.h"
#include "widgethelpers.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace Tokenscope;
using Tokenscope::Tests::child;
using Tokenscope::Tests::saveScreenshot;

// The device sign-in dialog (RFC 8628 §3.3): the code big and copyable, where to enter it, the time
// left, and a cancel that reaches the sign-in only while it is still waiting.
class TestDeviceCodeDialog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsTheCode()
    {
        QDateTime now = QDateTime::fromString(QStringLiteral("2026-11-23T10:00:00Z"), Qt::ISODate);
        Ui::DeviceCodeDialog dialog(QStringLiteral("Living-room TV"));
        dialog.setClock([&now] { return now; });
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* code = child<QLabel>(dialog, "userCodeLabel");
        auto* copy = child<QPushButton>(dialog, "copyButton");
        auto* open = child<QPushButton>(dialog, "openBrowserButton");
        auto* link = child<QLabel>(dialog, "verificationLinkLabel");
        auto* countdown = child<QLabel>(dialog, "countdownLabel");
        QVERIFY(code->text().isEmpty());
        QVERIFY(!copy->isEnabled());
        QVERIFY(!open->isEnabled());

        dialog.showCode(QStringLiteral("WDJB-MJHT"), QUrl(QStringLiteral("https://example.test/device")),
            QUrl(QStringLiteral("https://example.test/device?user_code=WDJB-MJHT")), now.addSecs(600));
        QCOMPARE(code->text(), QStringLiteral("WDJB-MJHT"));
        QVERIFY(code->textInteractionFlags() & Qt::TextSelectableByMouse);
        QVERIFY(link->text().contains(QLatin1String("href=\"https://example.test/device\"")));
        QVERIFY(open->toolTip().contains(QLatin1String("user_code=WDJB-MJHT")));
        QCOMPARE(countdown->text(), QStringLiteral("The code expires in 10:00"));
        saveScreenshot(&dialog, QStringLiteral("device-code-dialog"));

        copy->click();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("WDJB-MJHT"));

        now = now.addSecs(599);
        dialog.setClock([&now] { return now; });
        QCOMPARE(countdown->text(), QStringLiteral("The code expires in 0:01"));
        now = now.addSecs(1);
        dialog.setClock([&now] { return now; });
        QCOMPARE(countdown->text(), QStringLiteral("The code has expired."));
    }

    void cancelWhileWaiting()
    {
        Ui::DeviceCodeDialog dialog(QStringLiteral("TV"));
        QSignalSpy cancel(&dialog, &Ui::DeviceCodeDialog::cancelRequested);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QCOMPARE(cancel.count(), 1);
        QVERIFY(!dialog.isVisible());
        dialog.reject();
        QCOMPARE(cancel.count(), 1); // once
    }

    // The sign-in ended by itself: the dialog closes without cancelling anything.
    void finishClosesQuietly()
    {
        Ui::DeviceCodeDialog dialog(QStringLiteral("TV"));
        QSignalSpy cancel(&dialog, &Ui::DeviceCodeDialog::cancelRequested);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.finish();
        QVERIFY(!dialog.isVisible());
        QCOMPARE(cancel.count(), 0);
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestDeviceCodeDialog)
#include "tst_devicecodedialog.moc"
