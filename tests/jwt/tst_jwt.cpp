#include "jwt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Tokenscope;

// Reading a JWT's claims without trusting them: the audience list every check compares with.
class TestJwt final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void audiences_data()
    {
        QTest::addColumn<QByteArray>("claims");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("aud-as-string")
            << QByteArray(R"({"aud":"client-1"})") << QStringList {QStringLiteral("client-1")};
        QTest::newRow("aud-as-array") << QByteArray(R"({"aud":["api","client-1"]})")
                                      << QStringList {QStringLiteral("api"), QStringLiteral("client-1")};
        QTest::newRow("aud-array-keeps-order")
            << QByteArray(R"({"aud":["z","a"]})") << QStringList {QStringLiteral("z"), QStringLiteral("a")};
        QTest::newRow("missing-aud") << QByteArray(R"({"sub":"u1"})") << QStringList {};
        QTest::newRow("empty-array") << QByteArray(R"({"aud":[]})") << QStringList {};
        QTest::newRow("aud-as-number") << QByteArray(R"({"aud":42})") << QStringList {};
        QTest::newRow("non-string-item-is-empty")
            << QByteArray(R"({"aud":["api",7]})") << QStringList {QStringLiteral("api"), QString()};
    }

    void audiences()
    {
        QFETCH(QByteArray, claims);
        QFETCH(QStringList, expected);
        QCOMPARE(Jwt::audiences(QJsonDocument::fromJson(claims).object()), expected);
    }
};

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
