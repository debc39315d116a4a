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

    void spilledAStepAtATime_data()
    {
        QTest::addColumn<qint64>("threshold");
        QTest::addColumn<qint64>("spillStep");
        QTest::addColumn<int>("chunk");
        QTest::newRow("steps larger than the pieces: catches up") << qint64(1000) << qint64(100) << 38;
        QTest::newRow("one piece larger than the threshold") << qint64(1000) << qint64(100) << 4000;
        QTest::newRow("steps smaller than the pieces: finish writes the rest")
            << qint64(1000) << qint64(10) << 38;
        QTest::newRow("nothing held: straight to the file") << qint64(0) << qint64(100) << 38;
    }
    void spilledAStepAtATime()
    {
        // Crossing the threshold writes what memory held a step per append, never all at once, and the
        // file still has every byte in order.
        QFETCH(qint64, threshold);
        QFETCH(qint64, spillStep);
        QFETCH(int, chunk);
        BodySpool spool(threshold, spillStep);
        QByteArray expected;
        qint64 lastPending = 0;
        for (int i = 0; expected.size() < 20 * std::max<qint64>(threshold, chunk); ++i) {
            QByteArray piece = QByteArray::number(i).repeated(chunk);
            piece.truncate(chunk);
            const bool crossing = expected.size() <= threshold && expected.size() + chunk > threshold;
            QVERIFY(spool.append(piece.constData(), piece.size()));
            expected += piece;
            const qint64 pending = spool.pendingSpill();
            // At most one step of what was held goes out per append.
            if (crossing)
                QVERIFY(pending >= expected.size() - chunk - spillStep);
            else if (lastPending > 0)
                QCOMPARE(pending,
                    std::max<qint64>(lastPending - spillStep, 0) > 0 ? lastPending - spillStep + chunk : 0);
            lastPending = pending;
        }
        if (spillStep > chunk)
            QCOMPARE(spool.pendingSpill(), 0);
        const std::shared_ptr<const BodyBuffer> buffer = spool.finish();
        QVERIFY(spool.errorString().isEmpty());
        QVERIFY(buffer->isOnDisk());
        QCOMPARE(buffer->toByteArray(), expected);
    }

    void announcedSize_data()
    {
        QTest::addColumn<qint64>("announced");
        QTest::addColumn<bool>("onDisk");
        QTest::newRow("announced past the threshold: the file from the first byte") << qint64(5000) << true;
        QTest::newRow("announced under it: memory") << qint64(500) << false;
        QTest::newRow("announced under it, turns out larger: the file after all") << qint64(100) << true;
    }
    void announcedSize()
    {
        QFETCH(qint64, announced);
        QFETCH(bool, onDisk);
        BodySpool spool(1000);
        spool.expectSize(announced);
        const QByteArray first(10, 'a');
        QVERIFY(spool.append(first.constData(), first.size()));
        // Nothing is held back in memory to be written later when the file is known to be needed.
        QCOMPARE(spool.pendingSpill(), 0);
        const QByteArray rest(announced == 100 ? 2000 : int(announced) - 10, 'b');
        QVERIFY(spool.append(rest.constData(), rest.size()));
        const std::shared_ptr<const BodyBuffer> buffer = spool.finish();
        QCOMPARE(buffer->isOnDisk(), onDisk);
        QCOMPARE(buffer->toByteArray(), first + rest);
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
