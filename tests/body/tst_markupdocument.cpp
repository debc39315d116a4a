#include "bodybuffer.h"
#include "markupdocument.h"

#include <QSignalSpy>
#include <QTest>

using namespace Tokenscope::Body;
using Dialect = MarkupLineDocument::Dialect;

namespace {

QByteArray documentText(const MarkupLineDocument& document)
{
    QByteArray text;
    for (qint64 i = 0; i < document.lineCount(); ++i)
        text += document.line(i).text.toUtf8() + '\n';
    return text;
}

void waitComplete(MarkupLineDocument& document)
{
    if (!document.isComplete()) {
        QSignalSpy completed(&document, &MarkupLineDocument::completed);
        QVERIFY(completed.wait(30000));
    }
    QVERIFY(document.isComplete());
}

// A FHIR-like bundle: 8 pretty lines an entry, so a large one has many checkpoints and elements that span
// them.
QByteArray bundle(int entries)
{
    QByteArray xml = R"(<?xml version="1.0" encoding="UTF-8"?>)"
                     "\n<Bundle xmlns=\"http://hl7.org/fhir\">\n";
    for (int i = 0; i < entries; ++i) {
        const QByteArray n = QByteArray::number(i);
        xml += "  <entry>\n    <resource>\n      <Patient id=\"p-" + n + "\">\n        <name>Zo\xc3\xab " + n
            + "</name>\n        <active value=\"true\"/>\n      </Patient>\n    </resource>\n  </entry>\n";
    }
    xml += "</Bundle>\n";
    return xml;
}

qint64 indentOf(const QString& text)
{
    qint64 i = 0;
    while (i < text.size() && text.at(i) == QLatin1Char(' '))
        ++i;
    return i;
}

} // namespace

class TestMarkupDocument final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void prettyText_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("dialect");
        QTest::addColumn<QByteArray>("expected");
        const int xml = int(Dialect::Xml);
        const int html = int(Dialect::Html);
        QTest::newRow("nested XML on one line")
            << QByteArray(
                   R"(<?xml version="1.0"?><Bundle><entry><name>Jan</name><id value="1"/></entry></Bundle>)")
            << xml
            << QByteArray("<?xml version=\"1.0\"?>\n<Bundle>\n  <entry>\n    <name>Jan</name>\n"
                          "    <id value=\"1\"/>\n  </entry>\n</Bundle>\n");
        QTest::newRow("layout whitespace dropped") << QByteArray("\n<a>\n   <b>x</b>\n\n  <c/>\r\n</a>\n")
                                                   << xml << QByteArray("<a>\n  <b>x</b>\n  <c/>\n</a>\n");
        QTest::newRow("text over lines") << QByteArray("<a>\n  hello\n     world  \n</a>") << xml
                                         << QByteArray("<a>\n  hello\n  world\n</a>\n");
        QTest::newRow("mixed content") << QByteArray("<p>Hello <b>big</b> world</p>") << xml
                                       << QByteArray("<p>\n  Hello\n  <b>big</b>\n  world\n</p>\n");
        QTest::newRow("entities, comment, CDATA byte for byte")
            << QByteArray("<a>&amp;&#233; x<!-- a  -- b --><![CDATA[ <x> &  ]]><?pi  do ?></a>") << xml
            << QByteArray(
                   "<a>\n  &amp;&#233; x\n  <!-- a  -- b -->\n  <![CDATA[ <x> &  ]]>\n  <?pi  do ?>\n</a>\n");
        QTest::newRow("comment over lines as received")
            << QByteArray("<a>\n  <!-- one\n     two -->\n</a>") << xml
            << QByteArray("<a>\n  <!-- one\n     two -->\n</a>\n");
        QTest::newRow("attributes over lines") << QByteArray("<a\n   x=\"1\"\n\ty='2'>t</a>") << xml
                                               << QByteArray("<a\n    x=\"1\"\n    y='2'>\n  t\n</a>\n");
        QTest::newRow("doctype with internal subset")
            << QByteArray(R"(<!DOCTYPE r [<!ENTITY e "v>">]><r>&e;</r>)") << xml
            << QByteArray("<!DOCTYPE r [<!ENTITY e \"v>\">]>\n<r>&e;</r>\n");
        QTest::newRow("empty element pair")
            << QByteArray("<a><b></b></a>") << xml << QByteArray("<a>\n  <b></b>\n</a>\n");
        QTest::newRow("long text on its own line")
            << QByteArray("<a>" + QByteArray(300, 'x') + "</a>") << xml
            << QByteArray("<a>\n  " + QByteArray(300, 'x') + "\n</a>\n");
        QTest::newRow("namespaces and non-ASCII names")
            << QByteArray("<f:a xmlns:f=\"u\"><f:\xc3\xa9>1</f:\xc3\xa9></f:a>") << xml
            << QByteArray("<f:a xmlns:f=\"u\">\n  <f:\xc3\xa9>1</f:\xc3\xa9>\n</f:a>\n");
        QTest::newRow("empty body") << QByteArray() << xml << QByteArray();
        QTest::newRow("HTML page")
            << QByteArray("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>T</title><script>\n"
                          "  if (a < b) {\n    go('</p>');\n  }\n</script></head>"
                          "<body><p>One<p>Two<br><img src=x.png></body></html>")
            << html
            << QByteArray(
                   "<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset=\"utf-8\">\n    <title>T</title>\n"
                   "    <script>\n  if (a < b) {\n    go('</p>');\n  }\n    </script>\n  </head>\n  <body>\n"
                   "    <p>\n      One\n    <p>\n      Two\n      <br>\n      <img src=x.png>\n  "
                   "</body>\n</html>\n");
        QTest::newRow("HTML stray and missing end tags")
            << QByteArray("<div></span><b>x</div><ul><li>a<li>b</ul>") << html
            << QByteArray(
                   "<div>\n  </span>\n  <b>\n    x\n</div>\n<ul>\n  <li>\n    a\n  <li>\n    b\n</ul>\n");
        QTest::newRow("HTML case-insensitive names")
            << QByteArray("<DIV><P>a</p></div>") << html << QByteArray("<DIV>\n  <P>a</p>\n</div>\n");
        QTest::newRow("HTML lone <") << QByteArray("<p>1 < 2</p>") << html << QByteArray("<p>1 < 2</p>\n");
        QTest::newRow("HTML never closed") << QByteArray("<html><body><div>x") << html
                                           << QByteArray("<html>\n  <body>\n    <div>\n      x\n");
    }
    void prettyText()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, dialect);
        QFETCH(QByteArray, expected);
        MarkupLineDocument document(BodyBuffer::fromBytes(input), Dialect(dialect));
        QSignalSpy failed(&document, &MarkupLineDocument::failed);
        waitComplete(document);
        QCOMPARE(documentText(document), expected);
        // Every line shows exactly the bytes its source range names, after its indentation.
        for (qint64 n = 0; n < document.lineCount(); ++n) {
            const DisplayLine line = document.line(n);
            const QByteArray shown = input.mid(line.sourceOffset, line.sourceLength);
            QCOMPARE(line.text.trimmed(), QString::fromUtf8(shown).trimmed());
            QVERIFY(line.text.endsWith(QString::fromUtf8(shown)));
            QCOMPARE(document.lineAt(line.sourceOffset), n);
        }
        QCoreApplication::processEvents();
        QCOMPARE(failed.count(), 0);
    }

    void colours()
    {
        MarkupLineDocument document(
            BodyBuffer::fromBytes(R"(<r><a x="1">t &amp; u</a><!-- c --></r>)"), Dialect::Xml);
        waitComplete(document);
        const DisplayLine line = document.line(1);
        QCOMPARE(line.text, QStringLiteral(R"(  <a x="1">t &amp; u</a>)"));
        const QList<TextSpan> spans {{2, 1, TextKind::Punctuation}, {3, 1, TextKind::Key},
            {5, 1, TextKind::Keyword}, {6, 1, TextKind::Punctuation}, {7, 3, TextKind::String},
            {10, 1, TextKind::Punctuation}, {13, 5, TextKind::Number}, {20, 2, TextKind::Punctuation},
            {22, 1, TextKind::Key}, {23, 1, TextKind::Punctuation}};
        QCOMPARE(line.spans, spans);
        QCOMPARE(line.sourceOffset, 3);
        QCOMPARE(line.sourceLength, 22);
        const DisplayLine comment = document.line(2);
        QCOMPARE(comment.spans, QList<TextSpan>({{2, 10, TextKind::Punctuation}}));
        QCOMPARE(document.line(0).spans,
            QList<TextSpan>(
                {{0, 1, TextKind::Punctuation}, {1, 1, TextKind::Key}, {2, 1, TextKind::Punctuation}}));

        // A quoted value over two lines stays a value on the second.
        MarkupLineDocument spread(BodyBuffer::fromBytes("<a t=\"x\n y\" z='1'/>"), Dialect::Xml);
        waitComplete(spread);
        QCOMPARE(spread.line(1).text, QStringLiteral("    y\" z='1'/>"));
        QCOMPARE(spread.line(1).spans,
            QList<TextSpan>({{4, 2, TextKind::String}, {7, 1, TextKind::Keyword},
                {8, 1, TextKind::Punctuation}, {9, 3, TextKind::String}, {12, 2, TextKind::Punctuation}}));
    }

    void foldsPathsValues_data()
    {
        QTest::addColumn<qint64>("line");
        QTest::addColumn<qint64>("foldEnd");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("value");
        // 0 <Bundle> 1 <entry> 2 <resource> 3 <id>1</id> 4 </resource> 5 </entry> 6 <entry> 7 <resource>
        // 8 <id>2</id> 9 <name>x</name> 10 </resource> 11 </entry> 12 <total>2</total> 13 </Bundle>
        QTest::newRow("root") << qint64(0) << qint64(13) << QStringLiteral("/Bundle") << sample();
        QTest::newRow("first entry") << qint64(1) << qint64(5) << QStringLiteral("/Bundle/entry[1]")
                                     << QByteArray("<entry><resource><id>1</id></resource></entry>");
        QTest::newRow("resource") << qint64(2) << qint64(4) << QStringLiteral("/Bundle/entry[1]/resource")
                                  << QByteArray("<resource><id>1</id></resource>");
        QTest::newRow("one-line element")
            << qint64(3) << qint64(-1) << QStringLiteral("/Bundle/entry[1]/resource/id")
            << QByteArray("<id>1</id>");
        QTest::newRow("end tag") << qint64(5) << qint64(-1) << QStringLiteral("/Bundle/entry[1]")
                                 << QByteArray();
        QTest::newRow("second entry")
            << qint64(6) << qint64(11) << QStringLiteral("/Bundle/entry[2]")
            << QByteArray("<entry><resource><id>2</id><name a=\"&lt;\">x</name></resource></entry>");
        QTest::newRow("name") << qint64(9) << qint64(-1) << QStringLiteral("/Bundle/entry[2]/resource/name")
                              << QByteArray("<name a=\"&lt;\">x</name>");
        QTest::newRow("total") << qint64(12) << qint64(-1) << QStringLiteral("/Bundle/total")
                               << QByteArray("<total>2</total>");
        QTest::newRow("root end") << qint64(13) << qint64(-1) << QStringLiteral("/Bundle") << QByteArray();
    }
    void foldsPathsValues()
    {
        QFETCH(qint64, line);
        QFETCH(qint64, foldEnd);
        QFETCH(QString, path);
        QFETCH(QByteArray, value);
        MarkupLineDocument document(BodyBuffer::fromBytes(sample()), Dialect::Xml);
        waitComplete(document);
        QCOMPARE(document.lineCount(), 14);
        QCOMPARE(document.foldEnd(line), foldEnd);
        QCOMPARE(document.path(line), path);
        QCOMPARE(document.value(line), value);
    }

    void htmlFoldsAndPaths()
    {
        // <li> closed by the next <li> folds up to its last line; an end tag that closes two elements.
        MarkupLineDocument document(BodyBuffer::fromBytes("<ul><li>a<b>c</b><li>b</ul>"), Dialect::Html);
        waitComplete(document);
        QCOMPARE(
            documentText(document), QByteArray("<ul>\n  <li>\n    a\n    <b>c</b>\n  <li>\n    b\n</ul>\n"));
        QCOMPARE(document.foldEnd(0), 6);
        QCOMPARE(document.foldEnd(1), 3);
        QCOMPARE(document.foldEnd(4), 5);
        QCOMPARE(document.path(3), QStringLiteral("/ul/li[1]/b"));
        QCOMPARE(document.path(5), QStringLiteral("/ul/li[2]"));
        QCOMPARE(document.value(1), QByteArray("<li>a<b>c</b>"));
    }

    void largeBodyOnTheWorker()
    {
        const int entries = 20000;
        const QByteArray input = bundle(entries);
        QVERIFY(input.size() > MarkupLineDocument::synchronousLimit);
        MarkupLineDocument document(BodyBuffer::fromBytes(input), Dialect::Xml);
        QVERIFY(!document.isComplete()); // the worker indexes it
        waitComplete(document);
        QCOMPARE(document.lineCount(), 3 + 8 * entries);
        const QByteArray text = documentText(document);
        QCOMPARE(text, input); // the input is already laid out as the pretty printer would
        const qint64 entry = 2 + 8 * 15321;
        QCOMPARE(document.line(entry).text, QStringLiteral("  <entry>"));
        QCOMPARE(document.path(entry), QStringLiteral("/Bundle/entry[15322]"));
        QCOMPARE(document.path(entry + 3), QStringLiteral("/Bundle/entry[15322]/resource/Patient/name"));
        QCOMPARE(document.path(2), QStringLiteral("/Bundle/entry[1]"));
        QCOMPARE(document.value(entry + 3), QByteArray("<name>Zo\xc3\xab 15321</name>"));
        QCOMPARE(document.foldEnd(1), document.lineCount() - 1);
        QCOMPARE(document.foldEnd(entry), entry + 7);
        const qint64 entryBegin = document.line(entry).sourceOffset;
        QCOMPARE(document.value(entry),
            input.mid(entryBegin, document.line(entry + 7).sourceOffset + 8 - entryBegin));
        // Fold ends against the indentation, over a stretch that crosses many checkpoints.
        for (qint64 n = 0; n < 2000; ++n) {
            const QString shown = document.line(n).text;
            qint64 expected = -1;
            const bool opens = !shown.trimmed().startsWith(QLatin1String("</"))
                && !shown.endsWith(QLatin1String("/>")) && !shown.contains(QLatin1String("</"))
                && shown.trimmed().startsWith(QLatin1Char('<'))
                && !shown.trimmed().startsWith(QLatin1String("<?"));
            if (n == 1) {
                expected = document.lineCount() - 1; // the root
            } else if (opens) {
                for (qint64 m = n + 1; m < std::min(document.lineCount(), n + 200); ++m) {
                    if (indentOf(document.line(m).text) == indentOf(shown)) {
                        expected = m;
                        break;
                    }
                }
            }
            QCOMPARE(document.foldEnd(n), expected);
        }
        for (qint64 n = 0; n < document.lineCount(); n += 97) {
            const DisplayLine line = document.line(n);
            QCOMPARE(document.lineAt(line.sourceOffset), n);
            QCOMPARE(document.lineAt(line.sourceOffset + line.sourceLength - 1), n);
        }
    }

    void linesArriveBeforeTheEnd()
    {
        MarkupLineDocument document(BodyBuffer::fromBytes(bundle(400000)), Dialect::Xml);
        QSignalSpy added(&document, &MarkupLineDocument::linesAdded);
        QVERIFY(added.wait(10000));
        QVERIFY(document.lineCount() >= 100);
        QCOMPARE(document.line(1).text, QStringLiteral("<Bundle xmlns=\"http://hl7.org/fhir\">"));
    }

    void deletedWhileIndexing()
    {
        auto document
            = std::make_unique<MarkupLineDocument>(BodyBuffer::fromBytes(bundle(400000)), Dialect::Xml);
        QSignalSpy added(document.get(), &MarkupLineDocument::linesAdded);
        QVERIFY(added.wait(10000));
        document.reset();
        QCoreApplication::processEvents();
    }

    void deepNesting_data()
    {
        QTest::addColumn<int>("dialect");
        QTest::addColumn<bool>("closed");
        QTest::newRow("XML, 100,000 nested elements") << int(Dialect::Xml) << true;
        QTest::newRow("HTML, 100,000 nested elements") << int(Dialect::Html) << true;
        QTest::newRow("HTML, 100,000 never closed") << int(Dialect::Html) << false;
    }
    void deepNesting()
    {
        QFETCH(int, dialect);
        QFETCH(bool, closed);
        const int depth = 100000;
        QByteArray input;
        for (int i = 0; i < depth; ++i)
            input += "<a>";
        input += 'x';
        if (closed) {
            for (int i = 0; i < depth; ++i)
                input += "</a>";
        }
        MarkupLineDocument document(BodyBuffer::fromBytes(input), Dialect(dialect));
        waitComplete(document);
        QCOMPARE(document.lineCount(), closed ? 2 * depth - 1 : depth + 1);
        // The innermost element: on one line when it is closed, else the tag and its text on the next.
        QCOMPARE(document.line(depth - 1).text,
            QString(2 * (depth - 1), QLatin1Char(' '))
                + (closed ? QStringLiteral("<a>x</a>") : QStringLiteral("<a>")));
        QCOMPARE(document.path(3), QStringLiteral("/a/a/a/a"));
        QCOMPARE(document.foldEnd(0), document.lineCount() - 1);
        QCOMPARE(document.foldEnd(depth / 2), closed ? 2 * depth - 2 - depth / 2 : depth);
        QVERIFY(document.indexMemory() < 64 * 1024 * 1024);
    }

    // A match in the body (byte offsets) is highlighted on the columns that show it, whatever the
    // indentation, the spacing dropped between tags, multi-byte characters, invalid bytes and a BOM.
    void matchColumns_data()
    {
        QTest::addColumn<QByteArray>("pattern");
        QTest::addColumn<qint64>("line");
        QTest::addColumn<QString>("shown");
        QTest::newRow("tag name after the indentation")
            << QByteArray("item") << qint64(2) << QStringLiteral("item");
        QTest::newRow("attribute after a surrogate pair")
            << QByteArray("\xf0\x9f\x98\x80\">caf") << qint64(2) << QStringLiteral("😀\">caf");
        QTest::newRow("entity after é and invalid bytes")
            << QByteArray("\xff\xfe x&amp;y") << qint64(2) << QStringLiteral("\uFFFD\uFFFD x&amp;y");
        QTest::newRow("end tag at the line end")
            << QByteArray("y</item>") << qint64(2) << QStringLiteral("y</item>");
        QTest::newRow("second text line, indentation re-done")
            << QByteArray("\xc3\xa9\xf0\x9f\x98\x80 two") << qint64(5) << QStringLiteral("é😀 two");
        QTest::newRow("after the BOM line") << QByteArray("<root>") << qint64(1) << QStringLiteral("<root>");
        QTest::newRow("a match that runs onto the next line")
            << QByteArray("one\n") << qint64(4) << QStringLiteral("one");
    }
    void matchColumns()
    {
        QFETCH(QByteArray, pattern);
        QFETCH(qint64, line);
        QFETCH(QString, shown);
        const QByteArray body
            = "\xef\xbb\xbf<root>\n<item  name=\"\xc3\xa9\xf0\x9f\x98\x80\">caf\xc3\xa9 "
              "\xff\xfe x&amp;y</item>\n  <p>line one\n         \xc3\xa9\xf0\x9f\x98\x80 two</p></root>";
        MarkupLineDocument document(BodyBuffer::fromBytes(body), Dialect::Xml);
        QVERIFY(document.isComplete());
        const qint64 offset = body.indexOf(pattern);
        QVERIFY(offset >= 0);
        QCOMPARE(document.lineAt(offset), line);
        const DisplayLine text = document.line(line);
        const auto [first, last] = document.columns(text, offset, pattern.size());
        QCOMPARE(text.text.mid(first, last - first), shown);
        QCOMPARE(document.columnAt(line, offset), qint64(first));
    }

    // Fold All's blocks, from one walk, are those a line-by-line walk with foldEnd finds.
    void outerBlocksAreTheOutermostFoldEnds_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("dialect");
        QTest::newRow("XML bundle") << bundle(3000) << int(Dialect::Xml);
        QByteArray html = "<html><body>";
        for (int i = 0; i < 2000; ++i)
            html += "<div><p>one<p>two<br><ul><li>a<li>b</ul></div>\n";
        QTest::newRow("HTML, end tags left out") << html << int(Dialect::Html);
    }
    void outerBlocksAreTheOutermostFoldEnds()
    {
        QFETCH(QByteArray, input);
        QFETCH(int, dialect);
        MarkupLineDocument document(BodyBuffer::fromBytes(input), Dialect(dialect));
        waitComplete(document);
        const qint64 count = document.lineCount();
        for (const auto& [first, last] : {std::pair<qint64, qint64> {0, count - 1}, {1, count - 2}, {2, 5000},
                 {63, 64}, {70, 20000}, {count - 5, count + 3}}) {
            std::vector<std::pair<qint64, qint64>> expected;
            for (qint64 line = first; line <= std::min(last, count - 1);) {
                const qint64 end = document.foldEnd(line);
                if (end > line) {
                    expected.emplace_back(line, end);
                    line = end + 1;
                } else {
                    ++line;
                }
            }
            QCOMPARE(document.outerBlocks(first, last), expected);
        }
    }

    // Fold All on a root with 200,000 children: one block a child, from one walk.
    void outerBlocksOfManyChildren()
    {
        constexpr int children = 200'000;
        QByteArray input = "<r>";
        for (int i = 0; i < children; ++i)
            input += "<c><d>" + QByteArray::number(i) + "</d></c>";
        input += "</r>";
        MarkupLineDocument document(BodyBuffer::fromBytes(input), Dialect::Xml);
        waitComplete(document);
        QCOMPARE(document.lineCount(), 3 * qint64(children) + 2);
        QCOMPARE(document.outerBlocks(0, document.lineCount() - 1),
            (std::vector<std::pair<qint64, qint64>> {{0, document.lineCount() - 1}}));
        const auto blocks = document.outerBlocks(1, document.lineCount() - 2);
        QCOMPARE(blocks.size(), size_t(children));
        for (int i : {0, 1, 63, 64, 1000, children / 2, children - 1}) {
            QCOMPARE(blocks[size_t(i)], (std::pair<qint64, qint64> {1 + 3 * qint64(i), 3 + 3 * qint64(i)}));
            QCOMPARE(document.foldEnd(blocks[size_t(i)].first), blocks[size_t(i)].second);
        }
    }

    // A line of a long text node is painted in windows of columns: each window is the whole line's text at
    // those columns, with its colours and runs, and columnAt agrees with the whole line. The whole line is
    // built on a smaller body of the same pattern; the 50 MB one is only ever read in windows.
    void longLineInWindows()
    {
        const QByteArray unit = "caf\xc3\xa9 0123456789 &amp; x.";
        const QString unitText = QString::fromUtf8(unit);
        const auto body = [&unit](qint64 bytes) -> QByteArray {
            QByteArray text;
            text.reserve(bytes + 64);
            while (text.size() < bytes)
                text += unit;
            return "<r>\n  <a>x</a>" + text + "<b>y</b>\n<c>z</c></r>";
        };
        MarkupLineDocument small(BodyBuffer::fromBytes(body(300 * 1024)), Dialect::Xml);
        const QByteArray bigBody = body(50 * 1024 * 1024);
        MarkupLineDocument big(BodyBuffer::fromBytes(bigBody), Dialect::Xml);
        waitComplete(big);
        QCOMPARE(big.lineCount(), 6);
        QCOMPARE(big.line(3).text, QStringLiteral("  <b>y</b>"));
        QCOMPARE(big.lineAt(bigBody.indexOf("<c>")), 4);
        QCOMPARE(big.foldEnd(0), 5);
        const DisplayLine whole = small.line(2);
        const qint64 units
            = (bigBody.indexOf("<b>") - bigBody.indexOf("</a>") - 4) / unit.size() * unitText.size();
        const qint64 columns = 2 + units;
        auto kindAt = [](const DisplayLine& line, qsizetype column) {
            for (const TextSpan& span : line.spans)
                if (column >= span.start && column < span.start + span.length)
                    return span.kind;
            return TextKind::Plain;
        };
        for (qint64 first : {qint64(0), qint64(1), qint64(5), qint64(100'000), qint64(250'007),
                 columns / 2 + 3, columns - 10, columns + 5}) {
            const DisplayLine window = big.lineWindow(2, first, 120);
            QCOMPARE(window.firstColumn, first);
            QCOMPARE(window.columnCount, columns);
            // The same columns of the pattern on the whole small line.
            const qint64 inSmall = first < 2 ? first : 2 + (first - 2) % unitText.size() + unitText.size();
            const qint64 length = std::clamp<qint64>(columns - first, 0, 120);
            QCOMPARE(window.text, whole.text.mid(inSmall, length));
            if (window.text.isEmpty())
                continue;
            for (qsizetype c : {qsizetype(0), window.text.size() - 1})
                QCOMPARE(kindAt(window, c), kindAt(whole, inSmall + c));
            // A stretch of the body shown in the window is found at its columns.
            const qint64 offset = window.runs.back().offset + window.runs.back().length - 1;
            const auto [from, to] = big.columns(window, offset, 1);
            QCOMPARE(window.text.mid(from, to - from), window.text.right(1));
            QCOMPARE(big.columnAt(2, offset), first + from);
        }
        // Short lines come whole.
        QCOMPARE(big.lineWindow(1, 3, 2).text, big.line(1).text);
        QCOMPARE(big.lineWindow(1, 3, 2).columnCount, -1);
    }

    // Long tokens get checkpoints of their own: every line still renders, is found by its offset and
    // folds as it did.
    void linesAfterLongTokens()
    {
        const QByteArray text(70 * 1024, 't');
        QByteArray input = "<r>";
        for (int i = 0; i < 150; ++i)
            input += "<e" + QByteArray::number(i % 3) + "><n>" + QByteArray::number(i) + "</n>" + text
                + "<m/></e" + QByteArray::number(i % 3) + ">";
        input += "</r>";
        MarkupLineDocument document(BodyBuffer::fromBytes(input), Dialect::Xml);
        waitComplete(document);
        QCOMPARE(document.lineCount(), 150 * 5 + 2);
        for (qint64 n = 0; n < document.lineCount(); ++n) {
            const DisplayLine line = document.line(n);
            QCOMPARE(document.lineAt(line.sourceOffset), n);
            if (n > 0 && n < document.lineCount() - 1) {
                const qint64 i = (n - 1) / 5;
                const QString tag = QStringLiteral("e") + QString::number(i % 3);
                const QStringList expected {QStringLiteral("  <") + tag + QLatin1Char('>'),
                    QStringLiteral("    <n>") + QString::number(i) + QStringLiteral("</n>"),
                    QStringLiteral("    ") + QString(text.size(), QLatin1Char('t')),
                    QStringLiteral("    <m/>"), QStringLiteral("  </") + tag + QLatin1Char('>')};
                QCOMPARE(line.text, expected.at((n - 1) % 5));
                QCOMPARE(document.foldEnd(n), (n - 1) % 5 == 0 ? n + 4 : -1);
            }
        }
        QCOMPARE(document.foldEnd(0), document.lineCount() - 1);
        QCOMPARE(document.path(4), QStringLiteral("/r/e0[1]/m"));
    }

    void hugeAttribute()
    {
        const QByteArray value(10 * 1024 * 1024, 'v');
        const QByteArray input = "<r><a x=\"" + value + "\">t</a></r>";
        MarkupLineDocument document(BodyBuffer::fromBytes(input), Dialect::Xml);
        waitComplete(document);
        QCOMPARE(document.lineCount(), 3);
        const DisplayLine line = document.line(1);
        QCOMPARE(line.sourceOffset, 3);
        QCOMPARE(line.sourceLength, input.size() - 7);
        QCOMPARE(line.spans.at(4), (TextSpan {7, value.size() + 2, TextKind::String}));

        // Never closed: HTML shows the rest of the body as the tag.
        MarkupLineDocument open(BodyBuffer::fromBytes("<p x=\"" + value), Dialect::Html);
        waitComplete(open);
        QCOMPARE(open.lineCount(), 1);
    }

    void invalidXmlFails_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<QString>("message");
        QTest::newRow("mismatched end tag")
            << QByteArray("<a><b></a>") << qint64(6)
            << QStringLiteral("The end tag </a> does not match the start tag <b>.");
        QTest::newRow("never closed")
            << QByteArray("<a><b></b>") << qint64(0) << QStringLiteral("The element <a> is not closed.");
        QTest::newRow("end tag without start")
            << QByteArray("<a/></b>") << qint64(4) << QStringLiteral("The end tag </b> has no start tag.");
        QTest::newRow("unterminated comment") << QByteArray("<a><!-- x</a>") << qint64(3)
                                              << QStringLiteral("The comment is not closed with -->.");
        QTest::newRow("unterminated CDATA") << QByteArray("<a><![CDATA[x</a>") << qint64(3)
                                            << QStringLiteral("The CDATA section is not closed with ]]>.");
        QTest::newRow("unterminated tag")
            << QByteArray("<a x=\"1") << qint64(0) << QStringLiteral("The tag is not closed with >.");
        QTest::newRow("lone <") << QByteArray("<a>1 < 2</a>") << qint64(5)
                                << QStringLiteral("A < that starts no tag: write it as &lt; in text.");
        const QByteArray big = bundle(20000);
        QTest::newRow("truncated late in a large body")
            << big.left(big.size() - 10) << qint64(big.indexOf("<Bundle"))
            << QStringLiteral("The element <Bundle> is not closed.");
        QTest::newRow("mismatch late in a large body")
            << big + "<x></y>" << qint64(big.size() + 3)
            << QStringLiteral("The end tag </y> does not match the start tag <x>.");
    }
    void invalidXmlFails()
    {
        QFETCH(QByteArray, input);
        QFETCH(qint64, offset);
        QFETCH(QString, message);
        MarkupLineDocument document(BodyBuffer::fromBytes(input), Dialect::Xml);
        QSignalSpy failed(&document, &MarkupLineDocument::failed);
        QVERIFY(failed.wait(30000));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.first().at(0).toString(), message);
        QCOMPARE(failed.first().at(1).toLongLong(), offset);
        QVERIFY(!document.isComplete());

        // HTML takes the same bytes as they come.
        MarkupLineDocument html(BodyBuffer::fromBytes(input), Dialect::Html);
        QSignalSpy htmlFailed(&html, &MarkupLineDocument::failed);
        waitComplete(html);
        QCoreApplication::processEvents();
        QCOMPARE(htmlFailed.count(), 0);
    }

private:
    static QByteArray sample()
    {
        return "<Bundle><entry><resource><id>1</id></resource></entry>\n<entry><resource><id>2</id>"
               "<name a=\"&lt;\">x</name></resource></entry><total>2</total></Bundle>";
    }
};

QTEST_GUILESS_MAIN(TestMarkupDocument)
#include "tst_markupdocument.moc"
