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
