#include "bodysearch.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace Tokenscope::Body;

using Offsets = QList<qint64>;

namespace {

Offsets offsets(const SearchResult& result)
{
    Offsets list;
    for (const SearchMatch& match : result.matches)
        list << match.offset;
    return list;
}

std::shared_ptr<const BodyBuffer> onDisk(const QByteArray& bytes)
{
    BodySpool spool(0);
    spool.append(bytes.constData(), bytes.size());
    return spool.finish();
}

} // namespace

class TestBodySearch final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matches_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<bool>("regularExpression");
        QTest::addColumn<bool>("caseSensitive");
        QTest::addColumn<Offsets>("expected");
        QTest::addColumn<qint64>("length");
        const QByteArray text = "Alpha beta ALPHA alpha\nalphabet";
        QTest::newRow("literal, case-sensitive")
            << text << QStringLiteral("alpha") << false << true << Offsets {17, 23} << qint64(5);
        QTest::newRow("literal, any case")
            << text << QStringLiteral("alpha") << false << false << Offsets {0, 11, 17, 23} << qint64(5);
        QTest::newRow("literal not found")
            << text << QStringLiteral("gamma") << false << false << Offsets {} << qint64(0);
        QTest::newRow("literal longer than the body")
            << QByteArray("ab") << QStringLiteral("abc") << false << true << Offsets {} << qint64(0);
        QTest::newRow("matches do not overlap")
            << QByteArray("aaaa") << QStringLiteral("aa") << false << true << Offsets {0, 2} << qint64(2);
        QTest::newRow("regular expression")
            << text << QStringLiteral("al\\w{3}") << true << true << Offsets {17, 23} << qint64(5);
        QTest::newRow("regular expression, any case")
            << text << QStringLiteral("^alpha") << true << false << Offsets {0, 23} << qint64(5);
        QTest::newRow("offsets in bytes after UTF-8") << QByteArray("café = cafÉ") << QStringLiteral("CAFÉ")
                                                      << false << false << Offsets {0, 8} << qint64(5);
        QTest::newRow("regular expression after UTF-8")
            << QByteArray("€€ x12") << QStringLiteral("x\\d+") << true << true << Offsets {7} << qint64(3);
    }
    void matches()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, pattern);
        QFETCH(bool, regularExpression);
        QFETCH(bool, caseSensitive);
        QFETCH(Offsets, expected);
        QFETCH(qint64, length);
        const SearchResult result
            = searchBody(*BodyBuffer::fromBytes(body), {pattern, regularExpression, caseSensitive});
        QVERIFY(result.error.isEmpty());
        QCOMPARE(offsets(result), expected);
        QVERIFY(!result.more);
        for (const SearchMatch& match : result.matches)
            QCOMPARE(match.length, length);
    }

    void invalidRegularExpression()
    {
        const SearchResult result
            = searchBody(*BodyBuffer::fromBytes("x"), {QStringLiteral("(a"), true, true});
        QVERIFY(result.matches.empty());
        QVERIFY(result.error.contains(QStringLiteral("not valid")));
    }

    void cappedWithMoreFlag_data()
    {
        QTest::addColumn<bool>("regularExpression");
        QTest::addColumn<bool>("caseSensitive");
        QTest::newRow("literal") << false << true;
        QTest::newRow("literal, any case") << false << false;
        QTest::newRow("regular expression") << true << true;
    }
    void cappedWithMoreFlag()
    {
        QFETCH(bool, regularExpression);
        QFETCH(bool, caseSensitive);
        const QByteArray body = QByteArray("x\n").repeated(1000);
        SearchOptions options {QStringLiteral("x"), regularExpression, caseSensitive, 100};
        const SearchResult result = searchBody(*BodyBuffer::fromBytes(body), options);
        QCOMPARE(qsizetype(result.matches.size()), 100);
        QVERIFY(result.more);
        QCOMPARE(result.matches.back().offset, 198);
    }

    void acrossBlockBoundaries_data()
    {
        QTest::addColumn<bool>("regularExpression");
        QTest::addColumn<bool>("caseSensitive");
        QTest::newRow("literal") << false << true;
        QTest::newRow("literal, any case") << false << false;
        QTest::newRow("regular expression") << true << false;
    }
    void acrossBlockBoundaries()
    {
        // 10 MB of lines with the needle placed across the 4 MiB piece boundaries.
        QFETCH(bool, regularExpression);
        QFETCH(bool, caseSensitive);
        QByteArray body = QByteArray("0123456789abcde\n").repeated(10 * 1024 * 1024 / 16);
        const Offsets expected {4 * 1024 * 1024 - 3, 8 * 1024 * 1024 - 2, body.size() - 6};
        for (qint64 offset : expected)
            body.replace(offset, 6, "NEEDLE");
        const SearchResult result
            = searchBody(*onDisk(body), {QStringLiteral("NEEDLE"), regularExpression, caseSensitive});
        // A regular expression does not match across a line end; these needles do not cross one.
        QCOMPARE(offsets(result), expected);
    }

    void literalNearTheEndOf100MB()
    {
        QByteArray body
            = QByteArray("{\"id\": 12345, \"name\": \"some value\"},\n").repeated(100 * 1024 * 1024 / 37);
        body.replace(body.size() - 20, 12, "needle-found");
        const auto buffer = onDisk(body);
        body = QByteArray();
        QElapsedTimer timer;
        timer.start();
        const SearchResult result = searchBody(*buffer, {QStringLiteral("needle-found"), false, true});
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(offsets(result), Offsets {buffer->size() - 20});
        QVERIFY2(elapsed <= 150, qPrintable(QStringLiteral("%1 ms").arg(elapsed)));
    }

    void onAWorkerThread()
    {
        BodySearch search;
        QSignalSpy finished(&search, &BodySearch::finished);
        search.start(BodyBuffer::fromBytes("one two one"), {QStringLiteral("one"), false, true});
        QVERIFY(finished.wait());
        QCOMPARE(offsets(finished.at(0).at(0).value<SearchResult>()), (Offsets {0, 8}));
    }
};

QTEST_GUILESS_MAIN(TestBodySearch)
#include "tst_bodysearch.moc"
