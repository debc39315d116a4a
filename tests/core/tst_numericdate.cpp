#include "numericdate.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

using namespace Tokenscope;

namespace {

// The value as a JSON parser hands it over from the network.
QJsonValue fromJson(const QByteArray& json)
{
    return QJsonDocument::fromJson("{\"v\":" + json + '}').object().value(QLatin1String("v"));
}

} // namespace

// Numbers from the network that become times: hostile ones are refused, never converted with undefined
// behaviour (this suite runs clean under the asan preset's UBSan).
class TestNumericDate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void numericDate_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<qint64>("seconds"); // -1: refused
        QTest::newRow("whole seconds") << fromJson("1700000000") << qint64(1700000000);
        QTest::newRow("fraction truncated") << fromJson("1700000000.75") << qint64(1700000000);
        QTest::newRow("zero") << fromJson("0") << qint64(0);
        QTest::newRow("year 9999") << fromJson("253402300799") << qint64(253402300799);
        QTest::newRow("exp-out-of-range") << fromJson("1e300") << qint64(-1);
        QTest::newRow("huge iat") << fromJson("9.3e18") << qint64(-1);
        QTest::newRow("introspection 9e30") << fromJson("9e30") << qint64(-1);
        QTest::newRow("after the year 9999") << fromJson("253402300800") << qint64(-1);
        QTest::newRow("negative") << fromJson("-5") << qint64(-1);
        QTest::newRow("hugely negative") << fromJson("-1e300") << qint64(-1);
        QTest::newRow("string") << fromJson("\"1700000000\"") << qint64(-1);
        QTest::newRow("null") << fromJson("null") << qint64(-1);
        QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined) << qint64(-1);
        QTest::newRow("NaN") << QJsonValue(std::numeric_limits<double>::quiet_NaN()) << qint64(-1);
        QTest::newRow("infinity") << QJsonValue(std::numeric_limits<double>::infinity()) << qint64(-1);
    }
    void numericDate()
    {
        QFETCH(QJsonValue, value);
        QFETCH(qint64, seconds);
        const auto read = numericDateSeconds(value);
        QCOMPARE(read.value_or(-1), seconds);
        const QDateTime time = Tokenscope::numericDate(value);
        QCOMPARE(time.isValid(), seconds >= 0);
        if (seconds >= 0)
            QCOMPARE(time.toSecsSinceEpoch(), seconds);
    }

    void duration_data()
    {
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<qint64>("seconds"); // -1: refused
        QTest::newRow("expires_in") << fromJson("3600") << qint64(3600);
        QTest::newRow("digits as a string") << fromJson("\"3600\"") << qint64(3600);
        QTest::newRow("zero") << fromJson("0") << qint64(0);
        QTest::newRow("PAR expires_in 1e300") << fromJson("1e300") << qint64(-1);
        QTest::newRow("at the limit") << fromJson("86400") << qint64(-1);
        QTest::newRow("fraction") << fromJson("1.5") << qint64(-1);
        QTest::newRow("negative") << fromJson("-1") << qint64(-1);
        QTest::newRow("hugely negative") << fromJson("-1e300") << qint64(-1);
        QTest::newRow("huge digits") << fromJson("\"99999999999999999999999\"") << qint64(-1);
        QTest::newRow("words") << fromJson("\"an hour\"") << qint64(-1);
        QTest::newRow("NaN") << QJsonValue(std::numeric_limits<double>::quiet_NaN()) << qint64(-1);
        QTest::newRow("infinity") << QJsonValue(std::numeric_limits<double>::infinity()) << qint64(-1);
        QTest::newRow("boolean") << fromJson("true") << qint64(-1);
    }
    void duration()
    {
        QFETCH(QJsonValue, value);
        QFETCH(qint64, seconds);
        QCOMPARE(durationSeconds(value, 86400).value_or(-1), seconds);
    }
};

QTEST_GUILESS_MAIN(TestNumericDate)
#include "tst_numericdate.moc"
