#include "variablescope.h"

#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::Workspace;

Q_DECLARE_METATYPE(VariableScope)
Q_DECLARE_METATYPE(QList<ResolvedVariable>)

namespace {

Http::Variable var(const char* name, const char* value, bool enabled = true)
{
    return {QString::fromUtf8(name), QString::fromUtf8(value), enabled, false};
}

ResolvedVariable resolved(
    const char* name, const char* value, VariableLevel level, const QList<VariableLevel>& hidden = {})
{
    return {var(name, value), level, hidden};
}

} // namespace

class TestVariableScope : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void precedence_data()
    {
        QTest::addColumn<VariableScope>("scope");
        QTest::addColumn<QList<ResolvedVariable>>("expected");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expanded");

        using L = VariableLevel;
        QTest::newRow("each level alone")
            << VariableScope {{var("g", "1")}, {var("c", "2")}, {var("e", "3")}, {}}
            << QList<ResolvedVariable> {resolved("c", "2", L::Collection), resolved("e", "3", L::Environment),
                   resolved("g", "1", L::Global)}
            << QStringLiteral("{{g}}{{c}}{{e}}") << QStringLiteral("123");
        QTest::newRow("environment over collection over global")
            << VariableScope {{var("baseUrl", "global")}, {var("baseUrl", "collection")},
                   {var("baseUrl", "environment")}, {}}
            << QList<ResolvedVariable> {resolved(
                   "baseUrl", "environment", L::Environment, {L::Collection, L::Global})}
            << QStringLiteral("{{baseUrl}}/x") << QStringLiteral("environment/x");
        QTest::newRow("collection over global")
            << VariableScope {{var("host", "global")}, {var("host", "collection")}, {}, {}}
            << QList<ResolvedVariable> {resolved("host", "collection", L::Collection, {L::Global})}
            << QStringLiteral("{{host}}") << QStringLiteral("collection");
        QTest::newRow("command line over everything")
            << VariableScope {{var("id", "g")}, {var("id", "c")}, {var("id", "e")}, {var("id", "cli")}}
            << QList<ResolvedVariable> {resolved(
                   "id", "cli", L::Override, {L::Environment, L::Collection, L::Global})}
            << QStringLiteral("{{id}}") << QStringLiteral("cli");
        QTest::newRow("a disabled variable falls through")
            << VariableScope {{var("v", "global")}, {var("v", "collection")},
                   {var("v", "environment", false)}, {}}
            << QList<ResolvedVariable> {resolved("v", "collection", L::Collection, {L::Global})}
            << QStringLiteral("{{v}}") << QStringLiteral("collection");
        QTest::newRow("all disabled: unresolved")
            << VariableScope {{var("v", "global", false)}, {}, {var("v", "environment", false)}, {}}
            << QList<ResolvedVariable> {} << QStringLiteral("{{v}}") << QStringLiteral("{{v}}");
        QTest::newRow("a repeat within a level: the first wins, nothing hidden")
            << VariableScope {{}, {var("v", "first"), var("v", "second")}, {}, {}}
            << QList<ResolvedVariable> {resolved("v", "first", L::Collection)} << QStringLiteral("{{v}}")
            << QStringLiteral("first");
        QTest::newRow("sorted by name, case-insensitively")
            << VariableScope {{var("b", "1")}, {var("C", "2")}, {var("a", "3")}, {}}
            << QList<ResolvedVariable> {resolved("a", "3", L::Environment), resolved("b", "1", L::Global),
                   resolved("C", "2", L::Collection)}
            << QStringLiteral("{{a}}{{b}}{{C}}") << QStringLiteral("312");
        QTest::newRow("an empty value still wins")
            << VariableScope {{var("v", "global")}, {}, {var("v", "")}, {}}
            << QList<ResolvedVariable> {resolved("v", "", L::Environment, {L::Global})}
            << QStringLiteral("[{{v}}]") << QStringLiteral("[]");
    }

    void precedence()
    {
        QFETCH(VariableScope, scope);
        QFETCH(QList<ResolvedVariable>, expected);
        QFETCH(QString, text);
        QFETCH(QString, expanded);
        const QList<ResolvedVariable> actual = resolveVariables(scope);
        QCOMPARE(actual.size(), expected.size());
        for (qsizetype i = 0; i < actual.size(); ++i) {
            QCOMPARE(actual.at(i).variable.name, expected.at(i).variable.name);
            QCOMPARE(actual.at(i).variable.value, expected.at(i).variable.value);
            QCOMPARE(actual.at(i).level, expected.at(i).level);
            QCOMPARE(actual.at(i).hidden, expected.at(i).hidden);
        }
        // What a request is sent with agrees with what the view shows.
        QCOMPARE(Http::expandVariables(text, effectiveVariables(scope)).text, expanded);
        for (const ResolvedVariable& variable : actual) {
            QCOMPARE(Http::expandVariables(
                         QStringLiteral("{{%1}}").arg(variable.variable.name), effectiveVariables(scope))
                         .text,
                variable.variable.value);
        }
    }

    void levelKeys()
    {
        QCOMPARE(levelKey(VariableLevel::Global), QStringLiteral("global"));
        QCOMPARE(levelKey(VariableLevel::Collection), QStringLiteral("collection"));
        QCOMPARE(levelKey(VariableLevel::Environment), QStringLiteral("environment"));
        QCOMPARE(levelKey(VariableLevel::Override), QStringLiteral("command line"));
    }
};

QTEST_APPLESS_MAIN(TestVariableScope)
#include "tst_variablescope.moc"
