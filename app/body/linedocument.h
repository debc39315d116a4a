#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

namespace Tokenscope::Body {

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

// One line as the viewer paints it.
struct DisplayLine
{
    QString text; // indentation included, no line break
    QList<TextSpan> spans; // colouring, in order; text outside every span is plain
    qint64 sourceOffset = 0; // where the line's first character comes from in the body, in bytes
    qint64 sourceLength = 0; // how many bytes of the body the line shows
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
    // The line that shows the body's byte at offset (the last line when offset is past the end).
    virtual qint64 lineAt(qint64 offset) const = 0;
    // Folding: the last line of the block (JSON object or array, XML element) that line number opens,
    // or -1 when it opens none. Only asked for once the document is complete.
    virtual qint64 foldEnd(qint64 number) const;
    // Where the value shown on the line sits in the document, e.g. `$.patients[3].name`; empty when the
    // document has no such notion.
    virtual QString path(qint64 number) const;
    // The value the line shows, as the body has it (a whole object or array for a line that opens one),
    // for "Copy value"; empty when the document has no such notion.
    virtual QByteArray value(qint64 number) const;

Q_SIGNALS:
    void linesAdded();
    void completed();
    // The body is not what the document expected (invalid JSON): message for the user and the byte
    // offset where it went wrong. The viewer shows the raw text with that position marked.
    void failed(const QString& message, qint64 offset);
};

} // namespace Tokenscope::Body
