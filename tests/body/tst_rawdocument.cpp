#include "bodybuffer.h"
#include "rawdocument.h"
#include "utf8text.h"

#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace Tokenscope::Body;

namespace {

std::shared_ptr<const BodyBuffer> onDisk(const QByteArray& bytes)
{
    BodySpool spool(0);
    spool.append(bytes.constData(), bytes.size());
    return spool.finish();
}

QStringList allLines(const LineDocument& document)
{
    QStringList lines;
    for (qint64 i = 0; i < document.lineCount(); ++i)
        lines << document.line(i).text;
    return lines;
}

QStringList texts(std::initializer_list<const char*> lines)
{
    QStringList list;
    for (const char* line : lines)
        list << QString::fromUtf8(line);
    return list;
}

} // namespace

class TestRawDocument final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lines_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("empty body: one empty line") << QByteArray() << QStringList {QString()};
        QTest::newRow("line feeds") << QByteArray("a\nbb\nccc") << texts({"a", "bb", "ccc"});
        QTest::newRow("a final line feed adds no line") << QByteArray("a\nb\n") << texts({"a", "b"});
        QTest::newRow("CR LF shown without the CR") << QByteArray("a\r\nb\r\n") << texts({"a", "b"});
        QTest::newRow("a lone CR stays") << QByteArray("a\rb") << texts({"a\rb"});
        QTest::newRow("empty lines") << QByteArray("\n\nx") << texts({"", "", "x"});
        QTest::newRow("invalid UTF-8 as U+FFFD")
            << QByteArray("ok \xff\xfe end\n\xc3")
            << QStringList {QStringLiteral("ok \ufffd\ufffd end"), QStringLiteral("\ufffd")};
        QTest::newRow("a byte order mark kept") << QByteArray("\xef\xbb\xbf"
                                                              "a")
                                                << QStringList {QStringLiteral("\ufeffa")};
        QTest::newRow("UTF-8 kept") << QByteArray("caf\xc3\xa9") << QStringList {QStringLiteral("café")};
    }
    void lines()
    {
        QFETCH(QByteArray, body);
        QFETCH(QStringList, expected);
        RawLineDocument document(BodyBuffer::fromBytes(body));
        QVERIFY(document.isComplete());
        QCOMPARE(allLines(document), expected);
    }

    void longLinesWrap_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<qint64>("lines");
        QTest::newRow("exactly the wrap width") << QByteArray(4096, 'x') << qint64(1);
        QTest::newRow("one byte more") << QByteArray(4097, 'x') << qint64(2);
        QTest::newRow("wrap width then a line feed") << QByteArray(4096, 'x') + "\nend" << qint64(2);
        QTest::newRow("10,000 bytes") << QByteArray(10000, 'y') << qint64(3);
        // 4095 ASCII bytes, then é: the wrap must not cut the two bytes of é apart.
        QTest::newRow("no split inside a UTF-8 sequence")
            << QByteArray(4095, 'a') + "\xc3\xa9" + QByteArray(10, 'b') << qint64(2);
    }
    void longLinesWrap()
    {
        QFETCH(QByteArray, body);
        QFETCH(qint64, lines);
        RawLineDocument document(BodyBuffer::fromBytes(body));
        QTRY_VERIFY(document.isComplete());
        QCOMPARE(document.lineCount(), lines);
        QString joined;
        for (qint64 i = 0; i < document.lineCount(); ++i) {
            const DisplayLine line = document.line(i);
            QVERIFY(line.sourceLength <= RawLineDocument::wrapWidth);
            QVERIFY(!line.text.contains(QChar::ReplacementCharacter));
            joined += line.text;
            if (line.sourceOffset + line.sourceLength < body.size()
                && body.at(line.sourceOffset + line.sourceLength) == '\n')
                joined += QLatin1Char('\n');
        }
        QCOMPARE(joined, QString::fromUtf8(body));
    }

    void largeBodyIndexedInChunks()
    {
        // 20 MB of numbered lines, on disk: the first screen is there at once, the rest arrives.
        QByteArray body;
        body.reserve(21 * 1024 * 1024);
        for (int i = 0; body.size() < 20 * 1024 * 1024; ++i)
            body += "{\"line\": " + QByteArray::number(i) + ", \"text\": \"some value here\"}\n";
        const qint64 expectedLines = body.count('\n');
        RawLineDocument document(onDisk(body));
        QVERIFY(document.lineCount() >= 100);
        QCOMPARE(document.line(0).text, QStringLiteral("{\"line\": 0, \"text\": \"some value here\"}"));
        QSignalSpy completed(&document, &LineDocument::completed);
        QVERIFY(completed.wait(20000) || document.isComplete());
        QCOMPARE(document.lineCount(), expectedLines);
        const qint64 last = expectedLines - 1;
        QCOMPARE(document.line(last).text,
            QStringLiteral("{\"line\": %1, \"text\": \"some value here\"}").arg(last));
        QCOMPARE(document.lineAt(body.size() - 2), last);
        QCOMPARE(document.lineAt(body.size() + 100), last);
        const qint64 middle = body.indexOf("{\"line\": 123456,");
        QCOMPARE(document.lineAt(middle), 123456);
        QCOMPARE(document.lineAt(middle + 5), 123456);
        QCOMPARE(document.value(123456), QByteArray("{\"line\": 123456, \"text\": \"some value here\"}"));
    }

    void destroyedWhileIndexing()
    {
        // The worker must stop and nothing it publishes may reach a deleted document.
        const auto buffer = onDisk(QByteArray(8 * 1024 * 1024, '\n'));
        for (int i = 0; i < 5; ++i) {
            auto document = std::make_unique<RawLineDocument>(buffer);
            QVERIFY(document->lineCount() > 0);
        }
        QTest::qWait(0);
    }

    // A match's bytes are highlighted on the characters that show them: after multi-byte characters, a
    // surrogate pair and invalid bytes (one U+FFFD each), and in a wrapped line.
    void matchColumns_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("match");
        QTest::addColumn<QString>("shown");
        QTest::newRow("after é and 😀") << QByteArray("caf\xc3\xa9 \xf0\x9f\x98\x80 needle")
                                       << QByteArray("needle") << QStringLiteral("needle");
        QTest::newRow("after invalid bytes")
            << QByteArray("ok \xff\xfe\xc3 x y\n") << QByteArray(" x ") << QStringLiteral(" x ");
        QTest::newRow("a multi-byte match") << QByteArray("a \xc3\xa9\xf0\x9f\x98\x80 b")
                                            << QByteArray("\xc3\xa9\xf0\x9f\x98\x80") << QStringLiteral("é😀");
        QTest::newRow("at the line end, not the line break")
            << QByteArray("first line\r\nsecond") << QByteArray("line\r\ns") << QStringLiteral("line");
        QTest::newRow("in a wrapped line") << QByteArray(5000, '\xc3').replace('\xc3', "\xc3\xa9") + "target"
                                           << QByteArray("target") << QStringLiteral("target");
    }
    void matchColumns()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, match);
        QFETCH(QString, shown);
        RawLineDocument document(BodyBuffer::fromBytes(body));
        QTRY_VERIFY(document.isComplete());
        const qint64 offset = body.indexOf(match);
        const DisplayLine line = document.line(document.lineAt(offset));
        const auto [first, last] = document.columns(line, offset, match.size());
        QCOMPARE(line.text.mid(first, last - first), shown);
    }

    // Many matches on one line, found in one walk: the columns of each are those columns() gives it alone,
    // and those of its characters in the text (every byte before it decoded); in any order the same.
    void manyMatchesOnALine_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("pattern");
        QTest::newRow("ASCII") << QByteArray("xa").repeated(2000) << QByteArray("a");
        QTest::newRow("multi-byte characters between") << QByteArray("\xc3\xa9\xf0\x9f\x98\x80"
                                                                     "a")
                                                              .repeated(500)
                                                       << QByteArray("a");
        QTest::newRow("a multi-byte match")
            << QByteArray("b\xf0\x9f\x98\x80").repeated(700) << QByteArray("\xf0\x9f\x98\x80");
        QTest::newRow("invalid bytes between")
            << QByteArray("\xff\xc3 a\xe2\x82").repeated(600) << QByteArray(" a");
        QTest::newRow("wrapped lines") << QByteArray("\xe2\x82\xac-a").repeated(5000) << QByteArray("-a");
    }
    void manyMatchesOnALine()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, pattern);
        RawLineDocument document(BodyBuffer::fromBytes(body));
        QTRY_VERIFY(document.isComplete());
        std::vector<std::pair<qint64, qint64>> matches;
        for (qsizetype at = body.indexOf(pattern); at >= 0; at = body.indexOf(pattern, at + pattern.size()))
            matches.emplace_back(at, pattern.size());
        QVERIFY(matches.size() >= 500);
        qsizetype checked = 0;
        for (qint64 number = 0; number < document.lineCount(); ++number) {
            const DisplayLine line = document.line(number);
            std::vector<std::pair<qint64, qint64>> onLine;
            for (const auto& match : matches)
                if (match.first < line.sourceOffset + line.sourceLength
                    && match.first + match.second > line.sourceOffset)
                    onLine.push_back(match);
            QVERIFY(!onLine.empty());
            const auto columns = document.matchColumns(line, onLine);
            QCOMPARE(columns.size(), onLine.size());
            for (size_t i = 0; i < onLine.size(); ++i) {
                const auto [offset, length] = onLine[i];
                QCOMPARE(columns[i], document.columns(line, offset, length));
                if (offset < line.sourceOffset || offset + length > line.sourceOffset + line.sourceLength)
                    continue;
                const qsizetype first
                    = Utf8::decode(body.constData() + line.sourceOffset, offset - line.sourceOffset).size();
                QCOMPARE(columns[i].first, first);
                QCOMPARE(line.text.mid(first, columns[i].second - first), QString::fromUtf8(pattern));
                ++checked;
            }
            auto reversed = onLine;
            std::reverse(reversed.begin(), reversed.end());
            auto backwards = document.matchColumns(line, reversed);
            std::reverse(backwards.begin(), backwards.end());
            QCOMPARE(backwards, columns);
        }
        QVERIFY(checked >= qsizetype(matches.size()) - document.lineCount());
    }

    void hexMatchColumns()
    {
        HexLineDocument document(BodyBuffer::fromBytes("0123456789abcdef0123456789ABCDEF"));
        const DisplayLine line = document.line(1);
        auto shown = [&](qint64 offset, qint64 length) {
            const auto [first, last] = document.columns(line, offset, length);
            return line.text.mid(first, last - first);
        };
        QCOMPARE(shown(16 + 2, 2), QStringLiteral("32 33"));
        QCOMPARE(shown(16 + 7, 2), QStringLiteral("37  38"));
        QCOMPARE(shown(10, 8), QStringLiteral("30 31")); // the part on this line
        // Many at once: each where it is alone.
        const std::vector<std::pair<qint64, qint64>> matches {
            {10, 8}, {16 + 2, 2}, {16 + 7, 2}, {16 + 15, 4}};
        const auto columns = document.matchColumns(line, matches);
        QCOMPARE(columns.size(), matches.size());
        for (size_t i = 0; i < matches.size(); ++i)
            QCOMPARE(columns[i], document.columns(line, matches[i].first, matches[i].second));
    }

    void hexLines_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<qint64>("line");
        QTest::addColumn<QString>("expected");
        QTest::newRow("a full line") << QByteArray("0123456789abcdef!") << qint64(0)
                                     << QStringLiteral("00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 "
                                                       "65 66  0123456789abcdef");
        QTest::newRow("a short last line")
            << QByteArray("0123456789abcdef!") << qint64(1)
            << QStringLiteral("00000010  21") + QString(3 * 15 + 1, QLatin1Char(' ')) + QStringLiteral("  !");
        QTest::newRow("control and high bytes as dots") << QByteArray("\x00\x01\xff", 3) << qint64(0)
                                                        << QStringLiteral("00000000  00 01 ff")
                + QString(3 * 13 + 1, QLatin1Char(' ')) + QStringLiteral("  ...");
    }
    void hexLines()
    {
        QFETCH(QByteArray, body);
        QFETCH(qint64, line);
        QFETCH(QString, expected);
        HexLineDocument document(BodyBuffer::fromBytes(body));
        QCOMPARE(document.line(line).text, expected);
        QCOMPARE(document.lineCount(), (body.size() + 15) / 16);
        QCOMPARE(document.lineAt(body.size() - 1), qint64((body.size() - 1) / 16));
    }
};

QTEST_GUILESS_MAIN(TestRawDocument)
#include "tst_rawdocument.moc"
