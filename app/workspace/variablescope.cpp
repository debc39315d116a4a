#include "variablescope.h"

#include <QHash>

#include <algorithm>
#include <array>

namespace Tokenscope::Workspace {

namespace {

struct Level
{
    const QList<Http::Variable>* variables;
    VariableLevel level;
};

std::array<Level, 4> highestFirst(const VariableScope& scope)
{
    return {{{&scope.overrides, VariableLevel::Override}, {&scope.environment, VariableLevel::Environment},
        {&scope.collection, VariableLevel::Collection}, {&scope.globals, VariableLevel::Global}}};
}

} // namespace

QList<ResolvedVariable> resolveVariables(const VariableScope& scope)
{
    QList<ResolvedVariable> resolved;
    QHash<QString, qsizetype> rowOfName;
    for (const Level& level : highestFirst(scope)) {
        for (const Http::Variable& variable : *level.variables) {
            if (!variable.enabled || variable.name.isEmpty())
                continue;
            const auto found = rowOfName.constFind(variable.name);
            if (found == rowOfName.cend()) {
                rowOfName.insert(variable.name, resolved.size());
                resolved.append({variable, level.level, {}});
            } else if (resolved[*found].level != level.level
                && !resolved[*found].hidden.contains(level.level)) {
                resolved[*found].hidden.append(level.level);
            }
        }
    }
    std::stable_sort(
        resolved.begin(), resolved.end(), [](const ResolvedVariable& a, const ResolvedVariable& b) {
            return a.variable.name.compare(b.variable.name, Qt::CaseInsensitive) < 0;
        });
    return resolved;
}

QList<Http::Variable> effectiveVariables(const VariableScope& scope)
{
    QList<Http::Variable> variables;
    for (const Level& level : highestFirst(scope))
        variables += *level.variables;
    return variables;
}

QString levelKey(VariableLevel level)
{
    switch (level) {
    case VariableLevel::Global:
        return QStringLiteral("global");
    case VariableLevel::Collection:
        return QStringLiteral("collection");
    case VariableLevel::Environment:
        return QStringLiteral("environment");
    case VariableLevel::Override:
        return QStringLiteral("command line");
    }
    return {};
}

} // namespace Tokenscope::Workspace
