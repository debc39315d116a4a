#include "bodysearch.h"

#include <QSignalSpy>
#include <QTest>

#include <cctype>

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
        QTest::newRow("regular expression after invalid UTF-8")
            << QByteArray("\xff\xfe x12 \xc3 x34 \xe2\x82 x56") << QStringLiteral("x\\d+") << true << true
            << Offsets {3, 9, 16} << qint64(3);
        QTest::newRow("regular expression after a byte order mark")
            << QByteArray("\xef\xbb\xbf"
                          "x1 x2")
            << QStringLiteral("x\\d") << true << true << Offsets {3, 6} << qint64(2);
        QTest::newRow("regular expression after a surrogate pair")
            << QByteArray("😀😀 x1 😀 x2") << QStringLiteral("x\\d") << true << false << Offsets {9, 17}
            << qint64(2);
        QTest::newRow("regular expression over invalid bytes")
            << QByteArray("a\xff\xff"
                          "b a\xff"
                          "b")
            << QStringLiteral("a\\W+b") << true << true << Offsets {0, 5} << qint64(-1);
        QTest::newRow("non-ASCII literal, any case, after invalid UTF-8")
            << QByteArray("\xff café CAFÉ \xf0\x9f caFé") << QStringLiteral("CAFÉ") << false << false
            << Offsets {2, 8, 17} << qint64(5);
        QTest::newRow("any case, one byte")
            << QByteArray("xXx") << QStringLiteral("X") << false << false << Offsets {0, 1, 2} << qint64(1);
        QTest::newRow("any case, not overlapping")
            << QByteArray("AaAaA") << QStringLiteral("aa") << false << false << Offsets {0, 2} << qint64(2);
        QTest::newRow("any case, punctuation at both ends")
            << QByteArray(R"({"a":1} {"A":2} {"b":3})") << QStringLiteral(R"("a":)") << false << false
            << Offsets {1, 9} << qint64(4);
        QTest::newRow("any case, at the very end, past 16-byte steps")
            << QByteArray("0123456789abcdefghijklmnopqrstuvwxyz-NeEdLe") << QStringLiteral("needle") << false
            << false << Offsets {37} << qint64(6);
        QTest::newRow("any case, letters differ only in case from non-letters")
            << QByteArray("@[@[@[@[`{@[@[@[@[@[@[") << QStringLiteral("`{") << false << false << Offsets {8}
            << qint64(2);
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
            if (length >= 0)
                QCOMPARE(match.length, length);
    }

    // The any-case literal search against the exact one on a lower-cased copy, over a body dense with
    // near matches.
    void anyCaseAgreesWithExactOnLowerCase_data()
    {
        QTest::addColumn<QByteArray>("needle");
        QTest::newRow("one byte") << QByteArray("b");
        QTest::newRow("two bytes") << QByteArray("ab");
        QTest::newRow("repeating") << QByteArray("abab");
        QTest::newRow("longer than a step") << QByteArray("abba-baab-abab-bbba");
        QTest::newRow("punctuation") << QByteArray("-a-");
    }
    void anyCaseAgreesWithExactOnLowerCase()
    {
        QFETCH(QByteArray, needle);
        QByteArray body;
        quint32 state = 12345;
        const char alphabet[] = "aAbB-";
        for (int i = 0; i < 200000; ++i) {
            state = state * 1103515245 + 12345;
            body += alphabet[(state >> 16) % 5];
        }
        // The needle itself now and then, in mixed case.
        for (qsizetype at = 777; at + needle.size() < body.size(); at += 9973) {
            state = state * 1103515245 + 12345;
            for (qsizetype i = 0; i < needle.size(); ++i)
                body[at + i] = (state >> (i % 16)) & 1 ? char(std::toupper(needle[i])) : needle[i];
        }
        const SearchResult folded = searchBody(*BodyBuffer::fromBytes(body), {QString::fromLatin1(needle)});
        const SearchResult exact
            = searchBody(*BodyBuffer::fromBytes(body.toLower()), {QString::fromLatin1(needle), false, true});
        QVERIFY(!exact.matches.empty());
        QCOMPARE(offsets(folded), offsets(exact));
    }

    // One line longer than a piece (4 MiB): a match across the pieces' boundary is found once, for a
    // literal and a regular expression, among multi-byte and invalid bytes.
    void acrossPiecesOfOneLine_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<bool>("regularExpression");
        QTest::addColumn<bool>("caseSensitive");
        QTest::addColumn<qint64>("from"); // where in the needle the pattern's match starts
        QTest::newRow("literal") << QStringLiteral("NÉEDLE") << false << true << qint64(0);
        QTest::newRow("ASCII literal, any case") << QStringLiteral("eDlE") << false << false << qint64(3);
        QTest::newRow("non-ASCII literal, any case")
            << QStringLiteral("néedle") << false << false << qint64(0);
        QTest::newRow("regular expression") << QStringLiteral("N.EDLE") << true << true << qint64(0);
        QTest::newRow("regular expression, word bounds")
            << QStringLiteral("\\bN\\S+E\\b") << true << false << qint64(0);
    }
    void acrossPiecesOfOneLine()
    {
        QFETCH(QString, pattern);
        QFETCH(bool, regularExpression);
        QFETCH(bool, caseSensitive);
        QFETCH(qint64, from);
        constexpr qint64 mib = 1024 * 1024;
        // é, an invalid byte, a space: no line feed anywhere.
        QByteArray body = QByteArray("\xc3\xa9\xff ").repeated(int(10 * mib / 4));
        const QByteArray needle = "N\xc3\x89"
                                  "EDLE"; // NÉEDLE, 7 bytes
        // Across the first piece's end, across the overlap's start, just inside it, and at the end.
        const Offsets expected {4 * mib - 64 * 1024 - 3, 4 * mib - 64 * 1024 + 17, 4 * mib - 3,
            8 * mib - 128 * 1024 - 2, 8 * mib - 64 * 1024 - 5, body.size() - 7};
        for (qint64 offset : expected) {
            body[offset - 1] = ' ';
            body.replace(offset, 7, needle);
            if (offset + 7 < body.size())
                body[offset + 7] = ' ';
        }
        const SearchResult result = searchBody(*onDisk(body), {pattern, regularExpression, caseSensitive});
        QVERIFY(result.error.isEmpty());
        Offsets found;
        for (const SearchMatch& match : result.matches) {
            found << match.offset - from;
            QCOMPARE(match.length, 7 - from);
        }
        QCOMPARE(found, expected);
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
        // Found once, at the very end, in either case mode. How fast is the benchmark's business
        // (scripts/bench.sh: search_ms_100mb), not a test's: a timed assertion only measures the machine.
        for (const bool caseSensitive : {true, false}) {
            const SearchResult result
                = searchBody(*buffer, {QStringLiteral("needle-found"), false, caseSensitive});
            QCOMPARE(offsets(result), Offsets {buffer->size() - 20});
        }
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
