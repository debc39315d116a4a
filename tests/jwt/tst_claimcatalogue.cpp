#include "claimcatalogue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Tokenscope;
using Jwt::ClaimSource;
using Jwt::TimeState;

Q_DECLARE_METATYPE(Tokenscope::Jwt::ClaimSource)
Q_DECLARE_METATYPE(Tokenscope::Jwt::TimeState)

namespace {

// 2026-12-02 10:00:00 UTC, the injected "now" of every row.
const QDateTime now = QDateTime::fromSecsSinceEpoch(1796205600, Qt::UTC);

QJsonValue valueOf(const QByteArray& json)
{
    return QJsonDocument::fromJson("[" + json + "]").array().first();
}

} // namespace

// The rows of the inspector's header and claims tables: readable names and explanations for the
// well-known names, unknown ones as they are, and times against an injected clock.
class TestClaimCatalogue final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rows_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("value"); // JSON
        QTest::addColumn<ClaimSource>("source");
        QTest::addColumn<QString>("label"); // empty: unknown, no explanation
        QTest::addColumn<QString>("valueText");
        QTest::addColumn<TimeState>("timeState");
        QTest::addColumn<QString>("relative");
        QTest::addColumn<QString>("problem");

        const auto at = [](qint64 offset) { return QByteArray::number(1796205600 + offset); };
        QTest::newRow("iss") << QStringLiteral("iss") << QByteArray("\"https://id.example\"")
                             << ClaimSource::Claims << QStringLiteral("Issuer")
                             << QStringLiteral("https://id.example") << TimeState::NotATime << QString()
                             << QString();
        QTest::newRow("aud-array") << QStringLiteral("aud") << QByteArray(R"(["api","web"])")
                                   << ClaimSource::Claims << QStringLiteral("Audience")
                                   << QStringLiteral(R"(["api","web"])") << TimeState::NotATime << QString()
                                   << QString();
        QTest::newRow("exp-in-4-min")
            << QStringLiteral("exp") << at(4 * 60 + 30) << ClaimSource::Claims << QStringLiteral("Expires")
            << QString::fromLatin1(at(270)) << TimeState::Future << QStringLiteral("in 4 min") << QString();
        QTest::newRow("exp-now-is-expired")
            << QStringLiteral("exp") << at(0) << ClaimSource::Claims << QStringLiteral("Expires")
            << QString::fromLatin1(at(0)) << TimeState::Expired << QStringLiteral("now") << QString();
        QTest::newRow("exp-3-h-ago") << QStringLiteral("exp") << at(-3 * 3600 - 59) << ClaimSource::Claims
                                     << QStringLiteral("Expires") << QString::fromLatin1(at(-3 * 3600 - 59))
                                     << TimeState::Expired << QStringLiteral("3 h ago") << QString();
        QTest::newRow("nbf-in-2-days")
            << QStringLiteral("nbf") << at(2 * 86400 + 5) << ClaimSource::Claims
            << QStringLiteral("Not before") << QString::fromLatin1(at(2 * 86400 + 5))
            << TimeState::NotYetValid << QStringLiteral("in 2 day(s)") << QString();
        QTest::newRow("nbf-past") << QStringLiteral("nbf") << at(-10) << ClaimSource::Claims
                                  << QStringLiteral("Not before") << QString::fromLatin1(at(-10))
                                  << TimeState::Past << QStringLiteral("10 s ago") << QString();
        QTest::newRow("iat-fraction")
            << QStringLiteral("iat") << QByteArray("1796205540.9") << ClaimSource::Claims
            << QStringLiteral("Issued at") << QStringLiteral("1796205540.9") << TimeState::Past
            << QStringLiteral("1 min ago") << QString();
        QTest::newRow("auth_time") << QStringLiteral("auth_time") << at(-86400 * 3) << ClaimSource::Claims
                                   << QStringLiteral("Signed in at") << QString::fromLatin1(at(-86400 * 3))
                                   << TimeState::Past << QStringLiteral("3 day(s) ago") << QString();
        QTest::newRow("updated_at") << QStringLiteral("updated_at") << at(-7200) << ClaimSource::Claims
                                    << QStringLiteral("Profile updated at") << QString::fromLatin1(at(-7200))
                                    << TimeState::Past << QStringLiteral("2 h ago") << QString();
        QTest::newRow("exp-1e300-out-of-range")
            << QStringLiteral("exp") << QByteArray("1e300") << ClaimSource::Claims
            << QStringLiteral("Expires") << QStringLiteral("1e+300") << TimeState::OutOfRange << QString()
            << QStringLiteral("Not a date: the value is beyond the year 9999.");
        QTest::newRow("exp-negative")
            << QStringLiteral("exp") << QByteArray("-5") << ClaimSource::Claims << QStringLiteral("Expires")
            << QStringLiteral("-5") << TimeState::OutOfRange << QString()
            << QStringLiteral("Not a date: the value is negative.");
        QTest::newRow("exp-string") << QStringLiteral("exp") << QByteArray("\"tomorrow\"")
                                    << ClaimSource::Claims << QStringLiteral("Expires")
                                    << QStringLiteral("tomorrow") << TimeState::OutOfRange << QString()
                                    << QStringLiteral("Not a date: the value is not a number of seconds.");
        QTest::newRow("unknown-claim-as-is")
            << QStringLiteral("https://example.com/tenant") << QByteArray(R"({"id":7,"tags":["a"]})")
            << ClaimSource::Claims << QString() << QStringLiteral(R"({"id":7,"tags":["a"]})")
            << TimeState::NotATime << QString() << QString();
        QTest::newRow("unknown-number-as-is")
            << QStringLiteral("exp_extra") << QByteArray("42") << ClaimSource::Claims << QString()
            << QStringLiteral("42") << TimeState::NotATime << QString() << QString();
        QTest::newRow("header-alg") << QStringLiteral("alg") << QByteArray("\"RS256\"") << ClaimSource::Header
                                    << QStringLiteral("Algorithm") << QStringLiteral("RS256")
                                    << TimeState::NotATime << QString() << QString();
        QTest::newRow("header-typ-is-not-the-claim")
            << QStringLiteral("typ") << QByteArray("\"at+jwt\"") << ClaimSource::Header
            << QStringLiteral("Type") << QStringLiteral("at+jwt") << TimeState::NotATime << QString()
            << QString();
        QTest::newRow("claim-typ") << QStringLiteral("typ") << QByteArray("\"Bearer\"") << ClaimSource::Claims
                                   << QStringLiteral("Token kind") << QStringLiteral("Bearer")
                                   << TimeState::NotATime << QString() << QString();
        QTest::newRow("iss-is-not-a-header")
            << QStringLiteral("iss") << QByteArray("\"x\"") << ClaimSource::Header << QString()
            << QStringLiteral("x") << TimeState::NotATime << QString() << QString();
        QTest::newRow("introspection-active")
            << QStringLiteral("active") << QByteArray("true") << ClaimSource::Introspection
            << QStringLiteral("Active") << QStringLiteral("true") << TimeState::NotATime << QString()
            << QString();
        QTest::newRow("introspection-falls-back-to-claims")
            << QStringLiteral("client_id") << QByteArray("\"web\"") << ClaimSource::Introspection
            << QStringLiteral("Client ID") << QStringLiteral("web") << TimeState::NotATime << QString()
            << QString();
    }

    void rows()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, value);
        QFETCH(ClaimSource, source);
        QFETCH(QString, label);
        QFETCH(QString, valueText);
        QFETCH(TimeState, timeState);
        QFETCH(QString, relative);
        QFETCH(QString, problem);

        const Jwt::ClaimRow row = Jwt::claimRow(name, valueOf(value), source, now);
        QCOMPARE(row.name, name);
        QCOMPARE(row.known, !label.isEmpty());
        QCOMPARE(row.label, label);
        QCOMPARE(row.explanation.isEmpty(), label.isEmpty());
        QCOMPARE(row.valueText, valueText);
        QCOMPARE(row.timeState, timeState);
        QCOMPARE(row.relativeText, relative);
        QCOMPARE(row.problem, problem);
        const bool shownAsTime = !relative.isEmpty();
        QCOMPARE(row.time.isValid(), shownAsTime);
        QCOMPARE(row.localTimeText.isEmpty(), !shownAsTime);
        if (shownAsTime) {
            QCOMPARE(row.time.toSecsSinceEpoch(), qint64(valueOf(value).toDouble()));
            QVERIFY2(row.localTimeText.startsWith(
                         row.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))),
                qPrintable(row.localTimeText));
        }
    }

    void numericDate_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("inRange");
        QTest::addColumn<qint64>("seconds");
        QTest::newRow("zero") << QByteArray("0") << true << qint64(0);
        QTest::newRow("fraction-truncated") << QByteArray("10.99") << true << qint64(10);
        QTest::newRow("year-9999") << QByteArray("253402300799") << true << qint64(253402300799);
        QTest::newRow("after-9999") << QByteArray("253402300800") << false << qint64(0);
        QTest::newRow("1e300") << QByteArray("1e300") << false << qint64(0);
        QTest::newRow("-1e300") << QByteArray("-1e300") << false << qint64(0);
        QTest::newRow("negative") << QByteArray("-1") << false << qint64(0);
        QTest::newRow("string") << QByteArray("\"1700000000\"") << false << qint64(0);
        QTest::newRow("null") << QByteArray("null") << false << qint64(0);
        QTest::newRow("bool") << QByteArray("true") << false << qint64(0);
    }

    void numericDate()
    {
        QFETCH(QByteArray, value);
        QFETCH(bool, inRange);
        QFETCH(qint64, seconds);
        const auto result = Jwt::numericDate(valueOf(value));
        QCOMPARE(result.has_value(), inRange);
        if (inRange)
            QCOMPARE(*result, seconds);
    }

    void rowsKeepEveryMember()
    {
        const QJsonObject claims = QJsonDocument::fromJson(R"({"sub":"u","zz":1,"aud":"a"})").object();
        const QList<Jwt::ClaimRow> rows = Jwt::claimRows(claims, ClaimSource::Claims, now);
        QStringList names;
        for (const Jwt::ClaimRow& row : rows)
            names << row.name;
        QCOMPARE(names, (QStringList {QStringLiteral("aud"), QStringLiteral("sub"), QStringLiteral("zz")}));
    }
};

QTEST_GUILESS_MAIN(TestClaimCatalogue)
#include "tst_claimcatalogue.moc"
