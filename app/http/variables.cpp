#include "variables.h"

#include <QRegularExpression>

#include <algorithm>

namespace Tokenscope::Http {

namespace {

const QRegularExpression& placeholderPattern()
{
    static const QRegularExpression pattern(QStringLiteral(R"(\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\})"));
    return pattern;
}

} // namespace

QList<VariableSpan> findVariables(const QString& text)
{
    QList<VariableSpan> spans;
    auto it = placeholderPattern().globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        spans.append({match.capturedStart(), match.capturedLength(), match.captured(1)});
    }
    return spans;
}

Expansion expandVariables(const QString& text, const QList<Variable>& variables)
{
    Expansion result;
    qsizetype last = 0;
    for (const VariableSpan& span : findVariables(text)) {
        result.text += QStringView(text).mid(last, span.start - last);
        last = span.start + span.length;
        const auto found = std::find_if(variables.cbegin(), variables.cend(),
            [&](const Variable& v) { return v.enabled && v.name == span.name; });
        if (found != variables.cend()) {
            result.text += found->value;
        } else {
            result.text += QStringView(text).mid(span.start, span.length);
            if (!result.unresolved.contains(span.name))
                result.unresolved.append(span.name);
        }
    }
    result.text += QStringView(text).mid(last);
    return result;
}

bool usesSecretVariable(const QString& text, const QList<Variable>& variables)
{
    const QList<VariableSpan> spans = findVariables(text);
    return std::any_of(spans.cbegin(), spans.cend(), [&variables](const VariableSpan& span) {
        return std::any_of(variables.cbegin(), variables.cend(),
            [&span](const Variable& v) { return v.enabled && v.secret && v.name == span.name; });
    });
}

} // namespace Tokenscope::Http
