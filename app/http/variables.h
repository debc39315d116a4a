#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Tokenscope::Http {

struct Variable
{
    QString name;
    QString value;
    bool enabled = true;
    // A secret's value lives in the keychain only, and is masked in the timeline (API keys, passwords).
    bool secret = false;

    friend bool operator==(const Variable&, const Variable&) = default;
};

// {{name}} placeholders, as in Postman, so collections move over unchanged.
struct Expansion
{
    QString text;
    QStringList unresolved; // names used but not defined, in order of first use
};

Expansion expandVariables(const QString& text, const QList<Variable>& variables);

// The spans of {{...}} placeholders in text, for highlighting.
struct VariableSpan
{
    qsizetype start = 0;
    qsizetype length = 0;
    QString name;
};
QList<VariableSpan> findVariables(const QString& text);

// Whether text uses an enabled secret variable (an API key, a password): then it is a credential.
bool usesSecretVariable(const QString& text, const QList<Variable>& variables);

} // namespace Tokenscope::Http
