#include "jsonreindent.h"

#include <QBuffer>
#include <QTest>

using namespace Tokenscope::Body;

class TestJsonReindent final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsWhatWasSent_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("key order as sent")
            << QByteArray(R"({"zeta":1,"id":2})") << QByteArray("{\n  \"zeta\": 1,\n  \"id\": 2\n}\n");
        QTest::newRow("duplicate keys kept")
            << QByteArray(R"({"a":1,"a":2})") << QByteArray("{\n  \"a\": 1,\n  \"a\": 2\n}\n");
        QTest::newRow("number text kept")
            << QByteArray("[1.10,1e400,12345678901234567890,-0,0.5E-3]")
            << QByteArray("[\n  1.10,\n  1e400,\n  12345678901234567890,\n  -0,\n  0.5E-3\n]\n");
        QTest::newRow("escapes kept, lone surrogate too")
            << QByteArray("[\"\\u00e9\\ud800\\/\\n\\\"\\\\\",\"é\"]")
            << QByteArray("[\n  \"\\u00e9\\ud800\\/\\n\\\"\\\\\",\n  \"é\"\n]\n");
        QTest::newRow("empty containers")
            << QByteArray("{\"a\":[],\"b\":{},\"c\":[ ],\"d\":{ \n }}")
            << QByteArray("{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [],\n  \"d\": {}\n}\n");
        QTest::newRow("nested") << QByteArray(R"({"a":[1,{"b":null}],"c":true})")
                                << QByteArray("{\n  \"a\": [\n    1,\n    {\n      \"b\": null\n    }\n  ],\n"
                                              "  \"c\": true\n}\n");
        QTest::newRow("whitespace in the input")
            << QByteArray(" [ 1 ,\n\t2 ] \r\n") << QByteArray("[\n  1,\n  2\n]\n");
        QTest::newRow("top-level scalars")
            << QByteArray(R"(1 "a" true null)") << QByteArray("1\n\"a\"\ntrue\nnull\n");
        QTest::newRow("several top-level values")
            << QByteArray("[1][]{\"a\":{}}") << QByteArray("[\n  1\n]\n[]\n{\n  \"a\": {}\n}\n");
        QTest::newRow("empty input") << QByteArray() << QByteArray();
        QTest::newRow("only whitespace") << QByteArray(" \n ") << QByteArray();
        const QByteArray digits = QByteArray("9").repeated(10000);
        QTest::newRow("10,000-digit number")
            << QByteArray('[' + digits + ']') << QByteArray("[\n  " + digits + "\n]\n");
        QByteArray nested;
        QByteArray pretty;
        for (int i = 0; i < 1000; ++i) {
            nested += '[';
            pretty += '[' + QByteArray("\n") + QByteArray(2 * (i + 1), ' ');
        }
        pretty.chop(2 * 1000 + 2);
        pretty += "[]";
        for (int i = 999; i > 0; --i)
            pretty += '\n' + QByteArray(2 * (i - 1), ' ') + ']';
        pretty += '\n';
        nested += QByteArray(1000, ']');
        QTest::newRow("1,000 nested arrays") << nested << pretty;
    }
    void keepsWhatWasSent()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        JsonReindentResult result;
        const QByteArray output = reindentJson(input, &result);
        QVERIFY2(result.ok, qPrintable(result.errorMessage));
        QCOMPARE(output, expected);
    }

    void reportsInvalidJson_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<qint64>("offset");
        QTest::newRow("truncated object") << QByteArray(R"({"a":1)") << qint64(6);
        QTest::newRow("truncated array") << QByteArray("[1,2") << qint64(4);
        QTest::newRow("truncated string") << QByteArray("[\"abc") << qint64(5);
        QTest::newRow("truncated keyword") << QByteArray("[tru") << qint64(4);
        QTest::newRow("truncated escape") << QByteArray("[\"\\u12") << qint64(6);
        QTest::newRow("missing comma") << QByteArray("[1 2]") << qint64(3);
        QTest::newRow("missing colon") << QByteArray(R"({"a" 1})") << qint64(5);
        QTest::newRow("unquoted name") << QByteArray("{a:1}") << qint64(1);
        QTest::newRow("invalid escape") << QByteArray("[\"\\x\"]") << qint64(2);
        QTest::newRow("invalid unicode escape") << QByteArray("[\"\\u12g4\"]") << qint64(2);
        QTest::newRow("raw control character") << QByteArray("[\"a\tb\"]") << qint64(3);
        QTest::newRow("leading zero") << QByteArray("[01]") << qint64(2);
        QTest::newRow("fraction without digits") << QByteArray("[1.]") << qint64(3);
        QTest::newRow("lone minus") << QByteArray("[-]") << qint64(2);
        QTest::newRow("trailing comma in array") << QByteArray("[1,]") << qint64(3);
        QTest::newRow("trailing comma in object") << QByteArray(R"({"a":1,})") << qint64(7);
        QTest::newRow("misspelt keyword") << QByteArray("[nul]") << qint64(1);
        QTest::newRow("keyword run on") << QByteArray("truex") << qint64(0);
        QTest::newRow("wrong closing bracket") << QByteArray("[1}") << qint64(2);
        QTest::newRow("100,000 nested arrays")
            << QByteArray(100000, '[') + QByteArray(100000, ']') << qint64(10000);
    }
    void reportsInvalidJson()
    {
        QFETCH(QByteArray, input);
        QFETCH(qint64, offset);
        JsonReindentResult result;
        const QByteArray output = reindentJson(input, &result);
        QVERIFY(!result.ok);
        QVERIFY(!result.errorMessage.isEmpty());
        QCOMPARE(result.errorOffset, offset);
        QVERIFY(output.isEmpty());
    }

    void writesToDevicesInPieces()
    {
        // Larger than the internal buffer, with a string larger than it too.
        QByteArray input = "[\"" + QByteArray(3 * 1024 * 1024, 'x') + "\"";
        for (int i = 0; i < 200000; ++i)
            input += ",{\"k\":" + QByteArray::number(i) + '}';
        input += ']';
        QBuffer device;
        device.open(QIODevice::WriteOnly);
        const JsonReindentResult result = reindentJson(input.constData(), input.size(), &device);
        QVERIFY(result.ok);
        QCOMPARE(device.data(), reindentJson(input));
        QVERIFY(device.data().endsWith("  {\n    \"k\": 199999\n  }\n]\n"));
    }

    void stopsWhenTheSinkFails()
    {
        const QByteArray input = '[' + QByteArray("1,").repeated(1000000) + "1]";
        int calls = 0;
        const JsonReindentResult result
            = reindentJson(input.constData(), input.size(), [&calls](const char*, qint64) {
                  ++calls;
                  return false;
              });
        QVERIFY(!result.ok);
        QCOMPARE(calls, 1);
    }
};

QTEST_GUILESS_MAIN(TestJsonReindent)
#include "tst_jsonreindent.moc"
