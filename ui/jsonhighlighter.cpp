#include "jsonhighlighter.h"

#include "palette.h"

#include <QRegularExpression>

namespace Tokenscope::Ui {

JsonHighlighter::JsonHighlighter(QTextDocument* document)
    : QSyntaxHighlighter(document)
{ }

QTextCharFormat JsonHighlighter::format(Kind kind)
{
    QTextCharFormat format;
    switch (kind) {
    case Kind::Key:
        format.setForeground(QColor(Palette::information));
        format.setFontWeight(QFont::DemiBold);
        break;
    case Kind::String:
        format.setForeground(QColor(Palette::success));
        break;
    case Kind::Number:
        format.setForeground(QColor(Palette::warning));
        break;
    case Kind::Literal:
        format.setForeground(QColor(Palette::error));
        break;
    }
    return format;
}

void JsonHighlighter::highlightBlock(const QString& text)
{
    // One token per match; a string followed by a colon is a key. Escaped quotes stay inside the string.
    static const QRegularExpression token(QStringLiteral(
        R"(("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b)"));
    for (auto it = token.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        if (match.capturedLength(1) > 0) {
            const Kind kind = match.capturedLength(2) > 0 ? Kind::Key : Kind::String;
            setFormat(int(match.capturedStart(1)), int(match.capturedLength(1)), format(kind));
        } else if (match.capturedLength(3) > 0) {
            setFormat(int(match.capturedStart(3)), int(match.capturedLength(3)), format(Kind::Number));
        } else {
            setFormat(int(match.capturedStart(4)), int(match.capturedLength(4)), format(Kind::Literal));
        }
    }
}

} // namespace Tokenscope::Ui
