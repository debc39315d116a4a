#include "bodybuffer.h"

#include <QFileInfo>
#include <QTest>

using namespace Tokenscope::Body;

class TestBodyBuffer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keptInMemoryOrOnDisk_data()
    {
        QTest::addColumn<qint64>("threshold");
        QTest::addColumn<bool>("onDisk");
        QTest::newRow("under the threshold: memory") << qint64(1024 * 1024) << false;
        QTest::newRow("past the threshold: a mapped file") << qint64(1000) << true;
    }
    void keptInMemoryOrOnDisk()
    {
        QFETCH(qint64, threshold);
        QFETCH(bool, onDisk);
        QByteArray expected;
        BodySpool spool(threshold);
        for (int i = 0; i < 100; ++i) {
            const QByteArray chunk = QByteArray::number(i).repeated(37) + '\n';
            QVERIFY(spool.append(chunk.constData(), chunk.size()));
            expected += chunk;
        }
        QCOMPARE(spool.size(), expected.size());
        const std::shared_ptr<const BodyBuffer> buffer = spool.finish();
        QCOMPARE(buffer->isOnDisk(), onDisk);
        QCOMPARE(buffer->size(), expected.size());
        QCOMPARE(QByteArray(buffer->data(), qsizetype(buffer->size())), expected);
        QCOMPARE(buffer->toByteArray(), expected);
        QCOMPARE(buffer->slice(3, 5), expected.mid(3, 5));
        QCOMPARE(buffer->slice(expected.size() - 2, 100), expected.right(2));
        QVERIFY(buffer->slice(expected.size(), 1).isEmpty());
    }

    void emptyBody()
    {
        BodySpool spool(0);
        const std::shared_ptr<const BodyBuffer> buffer = spool.finish();
        QCOMPARE(buffer->size(), 0);
        QVERIFY(buffer->toByteArray().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBodyBuffer)
#include "tst_bodybuffer.moc"
