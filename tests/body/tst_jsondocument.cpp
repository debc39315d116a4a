#include "bodybuffer.h"
#include "jsondocument.h"
#include "jsonreindent.h"

#include <QSignalSpy>
#include <QTest>

using namespace Tokenscope::Body;

namespace {

QByteArray documentText(const JsonLineDocument& document)
{
    QByteArray text;
    for (qint64 i = 0; i < document.lineCount(); ++i)
        text += document.line(i).text.toUtf8() + '\n';
    return text;
}

// Many lines, so the index has several checkpoints and containers that span them.
QByteArray patients(int count)
{
    QByteArray json = R"({"patients":[)";
    for (int i = 0; i < count; ++i) {
        if (i > 0)
            json += ',';
        json += R"({"id":)" + QByteArray::number(i) + R"(,"name":"P\u00e9)" + QByteArray::number(i)
            + R"(","tags":["a","b"],"x y":{"deep":[1,{}]}})";
    }
    json += R"(],"count":1.10})";
    return json;
}

std::shared_ptr<const BodyBuffer> onDisk(const QByteArray& bytes)
{
    BodySpool spool(0);
    spool.append(bytes.constData(), bytes.size());
    return spool.finish();
}

void waitComplete(JsonLineDocument& document)
{
    if (!document.isComplete()) {
        QSignalSpy completed(&document, &JsonLineDocument::completed);
        QVERIFY(completed.wait(10000));
    }
    QVERIFY(document.isComplete());
}

} // namespace

class TestJsonDocument final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void linesAreTheReindentedText_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("object") << QByteArray(R"({"zeta":1,"id":[true,null,"x"],"e":{},"f":[ ]})");
        QTest::newRow("top-level scalars") << QByteArray(R"(1 "a" [] {"b":[{}]})");
        QTest::newRow("spaced input") << QByteArray(" {\n \"a\" : [ 1 , 2 ] ,\n \"b\":{ \"c\" :false } } ");
        QTest::newRow("many lines") << patients(500);
        QByteArray nested = QByteArray(300, '[') + "1" + QByteArray(300, ']');
        QTest::newRow("300 nested arrays") << nested;
        QTest::newRow("empty") << QByteArray();
    }
    void linesAreTheReindentedText()
    {
        QFETCH(QByteArray, input);
        JsonLineDocument document(BodyBuffer::fromBytes(input));
        waitComplete(document);
        QCOMPARE(documentText(document), reindentJson(input));
    }

    void colours()
    {
        JsonLineDocument document(BodyBuffer::fromBytes(R"({"a":[1,"s",true]})"));
        waitComplete(document);
        const DisplayLine key = document.line(1);
        QCOMPARE(key.text, QStringLiteral("  \"a\": ["));
        const QList<TextSpan> keySpans {
            {2, 3, TextKind::Key}, {5, 1, TextKind::Punctuation}, {7, 1, TextKind::Punctuation}};
        QCOMPARE(key.spans, keySpans);
        QCOMPARE(document.line(2).spans.first().kind, TextKind::Number);
        QCOMPARE(document.line(3).spans.first().kind, TextKind::String);
        QCOMPARE(document.line(4).spans.first().kind, TextKind::Keyword);
        QCOMPARE(document.line(2).sourceOffset, 6);
        QCOMPARE(document.line(2).sourceLength, 2);
    }

    void pathsAndValues()
    {
        const QByteArray input = patients(500);
        JsonLineDocument document(BodyBuffer::fromBytes(input));
        waitComplete(document);
        // Each patient is 14 lines, the first starts on line 2.
        const qint64 patient = 2 + 14 * 321;
        QCOMPARE(document.line(patient).text, QStringLiteral("    {"));
        QCOMPARE(document.path(patient), QStringLiteral("$.patients[321]"));
        QCOMPARE(document.path(patient + 2), QStringLiteral("$.patients[321].name"));
        QCOMPARE(document.value(patient + 2), QByteArray(R"("P\u00e9321")"));
        QCOMPARE(document.path(patient + 4), QStringLiteral("$.patients[321].tags[0]"));
        QCOMPARE(document.path(patient + 10), QStringLiteral("$.patients[321][\"x y\"].deep[1]"));
        QCOMPARE(document.path(patient + 13), QStringLiteral("$.patients[321]"));
        QCOMPARE(document.value(patient),
            QByteArray(R"({"id":321,"name":"P\u00e9321","tags":["a","b"],"x y":{"deep":[1,{}]}})"));
        QCOMPARE(document.path(0), QStringLiteral("$"));
        QCOMPARE(document.path(document.lineCount() - 2), QStringLiteral("$.count"));
        QCOMPARE(document.value(document.lineCount() - 2), QByteArray("1.10"));
        QCOMPARE(document.value(0), input);
    }

    void foldEnds()
    {
        const QByteArray input = patients(500);
        JsonLineDocument document(BodyBuffer::fromBytes(input));
        waitComplete(document);
        const QByteArray text = documentText(document);
        const QList<QByteArray> lines = text.split('\n');
        // Check every line against a plain bracket count over the pretty text.
        for (qint64 n = 0; n < document.lineCount(); ++n) {
            const QByteArray line = lines.at(n);
            qint64 expected = -1;
            if (line.endsWith('{') || line.endsWith('[')) {
                int open = 0;
                for (qint64 m = n; m < document.lineCount(); ++m) {
                    const QByteArray t = lines.at(m).trimmed();
                    if (t.endsWith('{') || t.endsWith('['))
                        ++open;
                    else if (t.startsWith('}') || t.startsWith(']'))
                        --open;
                    if (open == 0) {
                        expected = m;
                        break;
                    }
                }
            }
            QCOMPARE(document.foldEnd(n), expected);
        }
    }

    // A match in the body (byte offsets) is highlighted on the columns that show it, whatever the
    // indentation, the spacing the body had and the multi-byte characters before it.
    void matchColumns_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<qint64>("line");
        QTest::addColumn<QString>("shown");
        QTest::newRow("value after a multi-byte key")
            << QStringLiteral("é😀x") << qint64(2) << QStringLiteral("é😀x");
        QTest::newRow("inside a key, after a surrogate pair")
            << QStringLiteral("😀y") << qint64(2) << QStringLiteral("😀y");
        QTest::newRow("inside the first key, after ï")
            << QStringLiteral("ve") << qint64(1) << QStringLiteral("ve");
        QTest::newRow("key and the spacing the body had")
            << QStringLiteral("\"k😀y\" :  \"") << qint64(2) << QStringLiteral("\"k😀y\": \"");
        QTest::newRow("at the line end, comma included")
            << QStringLiteral("x\",") << qint64(2) << QStringLiteral("x\",");
        QTest::newRow("empty object shown closed up")
            << QStringLiteral("{ }") << qint64(3) << QStringLiteral("{}");
        QTest::newRow("a match that runs onto the next line")
            << QStringLiteral("2]") << qint64(8) << QStringLiteral("2");
        QTest::newRow("empty object and comma") << QStringLiteral("},") << qint64(3) << QStringLiteral("},");
        QTest::newRow("closing bracket and comma")
            << QStringLiteral("1},") << qint64(4) << QStringLiteral("1");
    }
    void matchColumns()
    {
        QFETCH(QString, pattern);
        QFETCH(qint64, line);
        QFETCH(QString, shown);
        const QByteArray body = R"({"naïve":  {"k😀y" :  "é😀x",  "e": { }, "n":1}, "end": [1, 2]})";
        JsonLineDocument document(BodyBuffer::fromBytes(body));
        QVERIFY(document.isComplete());
        const qint64 offset = body.indexOf(pattern.toUtf8());
        QVERIFY(offset >= 0);
        QCOMPARE(document.lineAt(offset), line);
        const DisplayLine text = document.line(line);
        const auto [first, last] = document.columns(text, offset, pattern.toUtf8().size());
        QCOMPARE(text.text.mid(first, last - first), shown);
    }

    // Many matches in one long string, found in one walk (as the viewer paints them): each where the text
    // shows it, the same as columns() alone, in a whole line and in a window of a longer one.
    void manyMatchesInALongString_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("pattern");
        QTest::addColumn<qint64>("firstColumn"); // -1: the whole line
        QTest::newRow("ASCII, base64-like")
            << QByteArray("aGVsbG8g").repeated(7000) << QByteArray("a") << qint64(-1);
        QTest::newRow("multi-byte characters between") << QByteArray("\xc3\xa9\xf0\x9f\x98\x80"
                                                                     "a")
                                                              .repeated(5000)
                                                       << QByteArray("a") << qint64(-1);
        QTest::newRow("a multi-byte match")
            << QByteArray("b\xe2\x82\xac").repeated(8000) << QByteArray("\xe2\x82\xac") << qint64(-1);
        QTest::newRow("in a window, ASCII")
            << QByteArray("aGVsbG8g").repeated(40000) << QByteArray("a") << qint64(150'003);
        QTest::newRow("in a window, multi-byte") << QByteArray("\xc3\xa9\xf0\x9f\x98\x80"
                                                               "a")
                                                        .repeated(40000)
                                                 << QByteArray("a") << qint64(100'001);
    }
    void manyMatchesInALongString()
    {
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, pattern);
        QFETCH(qint64, firstColumn);
        const QByteArray body = "{\"v\": \"" + value + "\"}";
        JsonLineDocument document(onDisk(body));
        waitComplete(document);
        const DisplayLine whole = document.line(1);
        const DisplayLine line = firstColumn < 0 ? whole : document.lineWindow(1, firstColumn, 4000);
        QCOMPARE(line.firstColumn, std::max<qint64>(0, firstColumn));
        // The matches in the bytes the line shows, and where the whole line's text has the pattern.
        const qint64 shownBegin = line.runs.front().offset;
        const qint64 shownEnd = line.runs.back().offset + line.runs.back().length;
        std::vector<std::pair<qint64, qint64>> matches;
        for (qsizetype at = body.indexOf(pattern, shownBegin); at >= 0 && at + pattern.size() <= shownEnd;
             at = body.indexOf(pattern, at + pattern.size()))
            matches.emplace_back(at, pattern.size());
        QVERIFY(matches.size() >= 400);
        const QString shown = QString::fromUtf8(pattern);
        const qsizetype before = body.left(matches.front().first).count(pattern);
        QList<qsizetype> expected;
        for (qsizetype at = whole.text.indexOf(shown); at >= 0;
             at = whole.text.indexOf(shown, at + shown.size()))
            expected.append(at);
        const auto columns = document.matchColumns(line, matches);
        QCOMPARE(columns.size(), matches.size());
        for (size_t i = 0; i < matches.size(); ++i) {
            QCOMPARE(columns[i], document.columns(line, matches[i].first, matches[i].second));
            QCOMPARE(line.firstColumn + columns[i].first, qint64(expected.at(before + qsizetype(i))));
            QCOMPARE(line.text.mid(columns[i].first, columns[i].second - columns[i].first), shown);
        }
    }

    // Every long string on the screen keeps its column marks: painting twenty of them again walks none.
    void longStringsOnScreenWalkedOnce()
    {
        QByteArray body = "[";
        for (int i = 0; i < 80; ++i)
            body += (i > 0 ? ",\"" : "\"") + QByteArray::number(i)
                + QByteArray("caf\xc3\xa9 ").repeated(14000) + '"';
        body += ']';
        JsonLineDocument document(onDisk(body));
        waitComplete(document);
        QCOMPARE(document.lineCount(), qint64(82));
        auto paint = [&](qint64 first, qint64 last) {
            QStringList texts;
            for (qint64 number = first; number <= last; ++number)
                texts << document.lineWindow(number, 5000, 200).text;
            return texts;
        };
        const QStringList screen = paint(1, 20);
        QCOMPARE(document.longTokenWalks(), qint64(20));
        QCOMPARE(screen.size(), 20);
        QCOMPARE(screen.front(), document.line(1).text.mid(5000, 200));
        QCOMPARE(screen.back(), document.line(20).text.mid(5000, 200));
        QCOMPARE(paint(1, 20), screen);
        QCOMPARE(document.longTokenWalks(), qint64(20));
        // The marks kept are bounded: past longTokenSlots tokens the least recently used is walked again.
        const auto kept = qint64(JsonLineDocument::longTokenSlots);
        paint(21, 80);
        QCOMPARE(document.longTokenWalks(), qint64(80));
        paint(80 - kept + 1, 80);
        QCOMPARE(document.longTokenWalks(), qint64(80));
        QCOMPARE(paint(1, 1), screen.mid(0, 1));
        QCOMPARE(document.longTokenWalks(), qint64(81));
    }

    // Fold All's blocks, from one walk, are those a line-by-line walk with foldEnd finds.
    void outerBlocksAreTheOutermostFoldEnds()
    {
        JsonLineDocument document(BodyBuffer::fromBytes(patients(3000)));
        waitComplete(document);
        const qint64 count = document.lineCount();
        for (const auto& [first, last] :
            {std::pair<qint64, qint64> {0, count - 1}, {1, count - 2}, {3, 5000}, {70, 20000}}) {
            std::vector<std::pair<qint64, qint64>> expected;
            for (qint64 line = first; line <= last;) {
                const qint64 end = document.foldEnd(line);
                if (end > line) {
                    expected.emplace_back(line, end);
                    line = end + 1;
                } else {
                    ++line;
                }
            }
            QVERIFY(expected.size() >= 1);
            QCOMPARE(document.outerBlocks(first, last), expected);
        }
        // The root's children: the patients array, then the count line is no block.
        QCOMPARE(
            document.outerBlocks(1, count - 2), (std::vector<std::pair<qint64, qint64>> {{1, count - 3}}));
    }

    // A line of a long string is painted in windows of columns: each window is the whole line's text at
    // those columns, with its colours and runs, and columnAt agrees with the whole line.
    void longLineInWindows()
    {
        QByteArray value;
        for (int i = 0; value.size() < 300 * 1024; ++i)
            value += (i % 7 == 0 ? "caf\xc3\xa9 " : "0123456789 ") + QByteArray::number(i) + ' ';
        const QByteArray body
            = QByteArray("{\"a\": 1, \"big\xf0\x9f\x98\x80\" :  \"") + value + "\", \"n\": 2}";
        JsonLineDocument document(onDisk(body));
        waitComplete(document);
        const DisplayLine whole = document.line(2);
        QVERIFY2(whole.text.size() > 256 * 1024, qPrintable(whole.text.left(100)));
        const qsizetype valueColumn = whole.text.indexOf(QLatin1Char('"'), 9);
        for (qint64 first : {qint64(0), qint64(5), qint64(valueColumn - 3), qint64(100'000), qint64(250'007),
                 qint64(whole.text.size() - 10), qint64(whole.text.size() + 5)}) {
            const DisplayLine window = document.lineWindow(2, first, 120);
            QCOMPARE(window.firstColumn, first);
            QCOMPARE(window.columnCount, whole.text.size());
            QCOMPARE(window.text, whole.text.mid(first, 120));
            if (window.text.isEmpty())
                continue;
            // The colour of the window's last character is the whole line's.
            auto kindAt = [](const DisplayLine& line, qsizetype column) {
                for (const TextSpan& span : line.spans)
                    if (column >= span.start && column < span.start + span.length)
                        return span.kind;
                return TextKind::Plain;
            };
            QCOMPARE(kindAt(window, window.text.size() - 1), kindAt(whole, first + window.text.size() - 1));
            // A stretch of the body shown in the window is found at its columns.
            const qint64 offset = window.runs.back().offset + window.runs.back().length - 4;
            const auto [from, to] = document.columns(window, offset, 3);
            const auto [wholeFrom, wholeTo] = document.columns(whole, offset, 3);
            QCOMPARE(first + from, qint64(wholeFrom));
            QCOMPARE(to - from, wholeTo - wholeFrom);
            QCOMPARE(document.columnAt(2, offset), qint64(wholeFrom));
        }
        // Short lines come whole.
        QCOMPARE(document.lineWindow(1, 3, 2).text, document.line(1).text);
        QCOMPARE(document.lineWindow(1, 3, 2).columnCount, -1);
    }

    void lineAtOffsets()
    {
        const QByteArray input = patients(300);
        JsonLineDocument document(BodyBuffer::fromBytes(input));
        waitComplete(document);
        for (qint64 n = 0; n < document.lineCount(); ++n) {
            const DisplayLine line = document.line(n);
            QCOMPARE(document.lineAt(line.sourceOffset), n);
            QCOMPARE(document.lineAt(line.sourceOffset + line.sourceLength - 1), n);
        }
        QCOMPARE(document.lineAt(input.size() + 100), document.lineCount() - 1);
    }

    void linesArriveBeforeTheEnd()
    {
        // Large enough that the worker publishes a first screen long before it is done.
        const QByteArray input = patients(400000);
        JsonLineDocument document(BodyBuffer::fromBytes(input));
        QSignalSpy added(&document, &JsonLineDocument::linesAdded);
        QVERIFY(added.wait(5000));
        QVERIFY(document.lineCount() >= 100);
        QVERIFY(!document.isComplete());
        QCOMPARE(document.line(1).text, QStringLiteral("  \"patients\": ["));
        waitComplete(document);
        QCOMPARE(document.lineCount(), 2 + 14 * 400000 + 3);
    }

    // A small body needs no worker: its lines are there when the constructor returns, and a failure is
    // still told to whoever connects right after.
    void smallBodyReadableAtOnce()
    {
        JsonLineDocument document(BodyBuffer::fromBytes(R"({"a":[1,2],"b":"x"})"));
        QVERIFY(document.isComplete());
        QCOMPARE(document.lineCount(), 7);
        QCOMPARE(document.line(2).text, QStringLiteral("    1,"));

        JsonLineDocument broken(BodyBuffer::fromBytes(R"({"a":[1,2)"));
        QSignalSpy failed(&broken, &JsonLineDocument::failed);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.count(), 1);
    }

    void deletedWhileIndexing()
    {
        auto document = std::make_unique<JsonLineDocument>(BodyBuffer::fromBytes(patients(400000)));
        QSignalSpy added(document.get(), &JsonLineDocument::linesAdded);
        QVERIFY(added.wait(5000));
        document.reset();
        QCoreApplication::processEvents();
    }

    void invalidJsonFails_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<qint64>("offset");
        QTest::newRow("truncated") << QByteArray(R"({"a":[1,2)") << qint64(9);
        QTest::newRow("invalid escape late in a long body") << patients(1000) + R"(["\q"])" << qint64(-1);
        QTest::newRow("100,000 nested arrays")
            << QByteArray(100000, '[') + QByteArray(100000, ']') << qint64(10000);
    }
    void invalidJsonFails()
    {
        QFETCH(QByteArray, input);
        QFETCH(qint64, offset);
        JsonReindentResult expected;
        reindentJson(input, &expected);
        QVERIFY(!expected.ok);
        if (offset >= 0)
            QCOMPARE(expected.errorOffset, offset);
        JsonLineDocument document(BodyBuffer::fromBytes(input));
        QSignalSpy failed(&document, &JsonLineDocument::failed);
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().at(0).toString(), expected.errorMessage);
        QCOMPARE(failed.first().at(1).toLongLong(), expected.errorOffset);
        QVERIFY(!document.isComplete());
    }
};

QTEST_GUILESS_MAIN(TestJsonDocument)
#include "tst_jsondocument.moc"
