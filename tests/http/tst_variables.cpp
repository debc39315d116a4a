#include "variables.h"

#include <QTest>

using namespace Tokenscope::Http;

class TestVariables final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void expansion_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expanded");
        QTest::addColumn<QStringList>("unresolved");
        QTest::newRow("none") << QStringLiteral("https://api.example/x")
                              << QStringLiteral("https://api.example/x") << QStringList();
        QTest::newRow("one") << QStringLiteral("{{baseUrl}}/api/me")
                             << QStringLiteral("http://127.0.0.1:4000/api/me") << QStringList();
        QTest::newRow("spaces inside braces") << QStringLiteral("{{ baseUrl }}/x")
                                              << QStringLiteral("http://127.0.0.1:4000/x") << QStringList();
        QTest::newRow("several and repeated") << QStringLiteral("{{tenant}}-{{tenant}}/{{version}}")
                                              << QStringLiteral("acme-acme/v1") << QStringList();
        QTest::newRow("unknown kept and reported")
            << QStringLiteral("{{baseUrl}}/{{missing}}/{{other}}/{{missing}}")
            << QStringLiteral("http://127.0.0.1:4000/{{missing}}/{{other}}/{{missing}}")
            << QStringList {QStringLiteral("missing"), QStringLiteral("other")};
        QTest::newRow("disabled variable is unknown")
            << QStringLiteral("{{disabled}}") << QStringLiteral("{{disabled}}")
            << QStringList {QStringLiteral("disabled")};
        QTest::newRow("single braces untouched")
            << QStringLiteral("{\"a\":{b}}") << QStringLiteral("{\"a\":{b}}") << QStringList();
        QTest::newRow("value with braces is not re-expanded")
            << QStringLiteral("{{tricky}}") << QStringLiteral("{{tenant}}") << QStringList();
    }
    void expansion()
    {
        QFETCH(QString, text);
        QFETCH(QString, expanded);
        QFETCH(QStringList, unresolved);
        const QList<Variable> variables {
            {QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:4000"), true},
            {QStringLiteral("tenant"), QStringLiteral("acme"), true},
            {QStringLiteral("version"), QStringLiteral("v1"), true},
            {QStringLiteral("disabled"), QStringLiteral("x"), false},
            {QStringLiteral("tricky"), QStringLiteral("{{tenant}}"), true}};
        const Expansion result = expandVariables(text, variables);
        QCOMPARE(result.text, expanded);
        QCOMPARE(result.unresolved, unresolved);
    }

    void spans()
    {
        const auto spans = findVariables(QStringLiteral("{{a}}/x/{{ b.c-d }}"));
        QCOMPARE(spans.size(), 2);
        QCOMPARE(spans.at(0).start, 0);
        QCOMPARE(spans.at(0).length, 5);
        QCOMPARE(spans.at(1).name, QStringLiteral("b.c-d"));
    }
};

QTEST_GUILESS_MAIN(TestVariables)
#include "tst_variables.moc"
