#pragma once

#include <QString>
#include <QStringList>

namespace Tokenscope::Http {

// A command line split into words the way the shell that would run it splits it: POSIX sh (quotes,
// $'…', backslash-newline) or Windows cmd.exe followed by the C runtime's argument rules (the
// "copy as cURL (cmd)" of browsers, with ^ escapes and ^-newline continuations).
struct ShellWords
{
    QStringList words;
    // Shell variables ($NAME, ${NAME}) are written into the words as {{NAME}}: the workspace's variables
    // play their part. Listed here in order of first use.
    QStringList variables;
    QString ignoredTail; // what followed an unquoted | (a pipe into jq, say), left out
    QString error; // set when the text cannot be split: an unterminated quote, $(…), `…`, ; or &&
};

ShellWords splitPosixWords(const QString& text);
ShellWords splitCmdWords(const QString& text);
// Whether the text is written for cmd.exe: ^ continuations, ^" quoting, or "" inside quotes with none of
// sh's marks.
bool looksLikeCmd(const QString& text);

} // namespace Tokenscope::Http
