#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <utility>
#include <vector>

namespace Tokenscope::Body {

class BodyBuffer;

// What a piece of a shown line is, for colouring.
enum class TextKind : quint8 {
    Plain,
    Key, // a JSON object member name, an XML/HTML tag name
    String,
    Number,
    Keyword, // true, false, null; an XML attribute name
    Punctuation,
    Error, // where the text stops being what the document expected
};

struct TextSpan
{
    qsizetype start = 0; // into DisplayLine::text
    qsizetype length = 0;
    TextKind kind = TextKind::Plain;

    friend bool operator==(const TextSpan&, const TextSpan&) = default;
};

// A stretch of a line's text that shows body bytes as they are: from column on, the text is
// Utf8::decode of the bytes [offset, offset + length).
struct SourceRun
{
    qsizetype column = 0;
    qint64 offset = 0;
    qint64 length = 0;

    friend bool operator==(const SourceRun&, const SourceRun&) = default;
};

// One line as the viewer paints it.
struct DisplayLine
{
    QString text; // indentation included, no line break
    QList<TextSpan> spans; // colouring, in order; text outside every span is plain
    qint64 sourceOffset = 0; // where the line's first character comes from in the body, in bytes
    qint64 sourceLength = 0; // how many bytes of the body the line shows
    // Where the text comes from, in order of column and offset; text outside every run (indentation, the
    // space after a colon) shows no byte. Empty: columns are taken to follow bytes from sourceOffset on.
    QList<SourceRun> runs;
    // When text is a window of a longer line (see LineDocument::lineWindow): the whole line's column of
    // text[0], and the whole line's width in columns. Spans and runs are in columns of text all the same.
    qint64 firstColumn = 0;
    qint64 columnCount = -1; // -1: text is the whole line
};

// A body as numbered display lines, read from an index rather than held as text: the viewer asks only
// for the lines it paints, so a body of any size shows at once. An index may still be growing on a
// worker thread: lineCount() is what is known so far, linesAdded() says when it grew, completed() when
// the whole body is indexed. Lines are numbered from 0. Every member is called on the object's thread.
class LineDocument : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LineDocument)

public:
    explicit LineDocument(QObject* parent = nullptr);
    ~LineDocument() override;

    virtual qint64 lineCount() const = 0;
    virtual bool isComplete() const = 0;
    virtual DisplayLine line(qint64 number) const = 0;
    // At least the columns [firstColumn, firstColumn + maxColumns) of line number, for painting: a line of
    // hundreds of megabytes (one JSON string) is not built whole at each paint. The default is line().
    virtual DisplayLine lineWindow(qint64 number, qint64 firstColumn, qint64 maxColumns) const;
    // The column of the whole line number that shows the body's byte at offset (the line's width when
    // the byte is past the line).
    virtual qint64 columnAt(qint64 number, qint64 offset) const;
    // The columns [first, last) of the line's text that show the body's bytes [offset, offset + length):
    // where a search match is highlighted. Follows the line's runs through multi-byte characters and
    // re-indented text; documents that show bytes otherwise (hex) override it.
    virtual std::pair<qsizetype, qsizetype> columns(
        const DisplayLine& line, qint64 offset, qint64 length) const;
    // columns() of many stretches (offset, length) of the body at once: what the viewer highlights on a
    // painted line. Given in order of offset and not overlapping, each run of the line is walked once
    // (a run of single-byte characters not at all), where columns() one by one walks a run from its start
    // for each stretch. Any order gives the same columns, only slower. A line without runs takes each
    // stretch from columns(), so a document that overrides it (hex) is followed.
    std::vector<std::pair<qsizetype, qsizetype>> matchColumns(
        const DisplayLine& line, const std::vector<std::pair<qint64, qint64>>& stretches) const;
    // The line that shows the body's byte at offset (the last line when offset is past the end).
    virtual qint64 lineAt(qint64 offset) const = 0;
    // Folding: the last line of the block (JSON object or array, XML element) that line number opens,
    // or -1 when it opens none. Only asked for once the document is complete.
    virtual qint64 foldEnd(qint64 number) const;
    // The blocks that open on a line in [first, last] and lie in no other such block, in order, as first
    // line → last line: what Fold All folds. Only asked for once the document is complete.
    virtual std::vector<std::pair<qint64, qint64>> outerBlocks(qint64 first, qint64 last) const;
    // Where the value shown on the line sits in the document, e.g. `$.patients[3].name`; empty when the
    // document has no such notion.
    virtual QString path(qint64 number) const;
    // The value the line shows, as the body has it (a whole object or array for a line that opens one),
    // for "Copy value"; empty when the document has no such notion.
    virtual QByteArray value(qint64 number) const;

protected:
    // The body the runs of this document's lines point into, for columns(); null when there is none (the
    // runs' bytes are then taken as one column each).
    virtual const BodyBuffer* sourceBuffer() const;

Q_SIGNALS:
    void linesAdded();
    void completed();
    // The body is not what the document expected (invalid JSON): message for the user and the byte
    // offset where it went wrong. The viewer shows the raw text with that position marked.
    void failed(const QString& message, qint64 offset);
};

} // namespace Tokenscope::Body
