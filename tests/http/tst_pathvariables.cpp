#include "pathvariables.h"

#include <QTest>

using namespace Tokenscope::Http;

Q_DECLARE_METATYPE(Tokenscope::Http::HeaderField)

class TestPathVariables final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void names_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("segments in order, each once")
            << QStringLiteral("https://api.example/patients/:id/visits/:visit/:id")
            << QStringList {QStringLiteral("id"), QStringLiteral("visit")};
        QTest::newRow("a port is not a segment")
            << QStringLiteral("http://localhost:8080/items") << QStringList();
        QTest::newRow("a template base URL")
            << QStringLiteral("{{baseUrl}}/Patient/:patientId") << QStringList {QStringLiteral("patientId")};
        QTest::newRow("query and fragment are not the path")
            << QStringLiteral("https://a.example/x?at=:id#:frag") << QStringList();
        QTest::newRow("a colon inside a segment is not a variable")
            << QStringLiteral("https://a.example/urn:oid:1.2/:ok") << QStringList {QStringLiteral("ok")};
        QTest::newRow("no path") << QStringLiteral("https://a.example") << QStringList();
    }
    void names()
    {
        QFETCH(QString, url);
        QFETCH(QStringList, names);
        QCOMPARE(pathVariableNames(url), names);
    }

    void substituted_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QList<HeaderField>>("values");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QStringList>("missing");
        const QString url = QStringLiteral("https://a.example:8443/p/:id/v/:visit?q=:id");
        QTest::newRow("every value") << url
                                     << QList<HeaderField> {{QStringLiteral("id"),
                                                                QStringLiteral("{{patient}}")},
                                            {QStringLiteral("visit"), QStringLiteral("7")}}
                                     << QStringLiteral("https://a.example:8443/p/{{patient}}/v/7?q=:id")
                                     << QStringList();
        QTest::newRow("a value stays one segment")
            << url
            << QList<HeaderField> {{QStringLiteral("id"), QStringLiteral("a/b?c#d%e")},
                   {QStringLiteral("visit"), QStringLiteral("1")}}
            << QStringLiteral("https://a.example:8443/p/a%2Fb%3Fc%23d%25e/v/1?q=:id") << QStringList();
        QTest::newRow("missing, empty or disabled values are named")
            << url
            << QList<HeaderField> {{QStringLiteral("id"), QString()},
                   {QStringLiteral("visit"), QStringLiteral("1"), false}}
            << url << QStringList {QStringLiteral(":id"), QStringLiteral(":visit")};
    }
    void substituted()
    {
        QFETCH(QString, url);
        QFETCH(QList<HeaderField>, values);
        QFETCH(QString, expected);
        QFETCH(QStringList, missing);
        QStringList named;
        QCOMPARE(withPathVariables(url, values, &named), expected);
        QCOMPARE(named, missing);
    }
};

QTEST_GUILESS_MAIN(TestPathVariables)
#include "tst_pathvariables.moc"
