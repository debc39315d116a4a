#pragma once

#include "variables.h"

#include <QList>
#include <QString>

namespace Tokenscope::Workspace {

// Where a variable's value comes from. Later levels win: a value given on the command line over the
// environment's, the environment's over the collection's, the collection's over the workspace's globals.
enum class VariableLevel {
    Global,
    Collection,
    Environment,
    Override, // given for one send (tokenscope-cli send --var)
};

// The variables a request sees, level by level.
struct VariableScope
{
    QList<Http::Variable> globals;
    QList<Http::Variable> collection;
    QList<Http::Variable> environment;
    QList<Http::Variable> overrides;
};

// One name as the request sees it: the winning variable, its level, and the levels it hides.
struct ResolvedVariable
{
    Http::Variable variable;
    VariableLevel level = VariableLevel::Global;
    QList<VariableLevel> hidden; // lower levels that define the name too (enabled), highest first

    friend bool operator==(const ResolvedVariable&, const ResolvedVariable&) = default;
};

// Every enabled name once, with the level that wins, sorted by name (case-insensitively). A disabled
// variable does not count: the name falls through to the next level.
QList<ResolvedVariable> resolveVariables(const VariableScope& scope);
// The list to expand {{name}} with (expandVariables takes the first enabled match): highest level first.
QList<Http::Variable> effectiveVariables(const VariableScope& scope);
// "environment", "collection", "global", "command line": untranslated, for files and tokenscope-cli --json.
QString levelKey(VariableLevel level);

} // namespace Tokenscope::Workspace
