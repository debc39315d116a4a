#include "secretbytes.h"

#include <QTest>

#include <algorithm>
#include <optional>

using namespace Tokenscope;

namespace {

QByteArray secret()
{
    return QByteArrayLiteral("client_secret=s3cr3t-value&refresh_token=rt-0123456789");
}

bool allZero(const char* data, qsizetype size)
{
    return std::all_of(data, data + size, [](char c) { return c == '\0'; });
}

} // namespace

// Buffers holding secrets are zeroed before they are released, and never while someone else still reads
// them. The destructor is wipe(); reading freed memory to prove it would be undefined behaviour, so the
// rows inspect the storage through wipe() while the helper still owns it.
class TestSecretBytes final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wipe_data()
    {
        QTest::addColumn<QString>("owner");
        QTest::addColumn<bool>("wiped");
        QTest::newRow("secret-buffer-wiped-on-drop") << "sole" << true;
        QTest::newRow("secret-buffer-shared-not-wiped") << "shared" << false;
        QTest::newRow("secret-buffer-raw-data-not-written") << "raw" << false;
    }

    void wipe()
    {
        QFETCH(QString, owner);
        QFETCH(bool, wiped);

        char raw[] = "raw-secret-bytes";
        std::optional<QByteArray> otherOwner;
        QByteArray bytes;
        if (owner == QLatin1String("sole")) {
            bytes = QByteArray(secret().constData(), secret().size()); // a deep copy nobody else shares
        } else if (owner == QLatin1String("shared")) {
            bytes = QByteArray(secret().constData(), secret().size());
            otherOwner = bytes;
        } else {
            bytes = QByteArray::fromRawData(raw, qsizetype(sizeof raw - 1));
        }
        SecretBytes held(std::move(bytes));
        const char* storage = held.bytes().constData();
        const qsizetype capacity = std::max(held.bytes().capacity(), held.bytes().size());

        QCOMPARE(held.wipe(), wiped);
        QCOMPARE(held.bytes().constData(), storage); // still the same allocation, still owned
        QCOMPARE(allZero(storage, capacity), wiped);
        if (otherOwner)
            QCOMPARE(*otherOwner, secret());
        if (owner == QLatin1String("raw"))
            QCOMPARE(QByteArray(raw), QByteArrayLiteral("raw-secret-bytes"));
    }

    void emptyIsNotWiped()
    {
        SecretBytes none;
        QVERIFY(!none.wipe());
        SecretBytes empty {QByteArray()};
        QVERIFY(!empty.wipe());
    }
};

QTEST_GUILESS_MAIN(TestSecretBytes)
#include "tst_secretbytes.moc"
