#pragma once

#include <QSyntaxHighlighter>

namespace Tokenscope::Ui {

// Colours pretty-printed JSON (QJsonDocument::Indented) so keys, strings, numbers and literals read
// apart: a token's header and payload in the Token Inspector.
class JsonHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonHighlighter)

public:
    explicit JsonHighlighter(QTextDocument* document);

    // The format a kind of text gets, for tests and for a legend.
    enum class Kind { Key, String, Number, Literal };
    static QTextCharFormat format(Kind kind);

protected:
    void highlightBlock(const QString& text) override;
};

} // namespace Tokenscope::Ui
