// The XML/HTML line document on any bytes, in both dialects: it never crashes or hangs, it completes or
// fails (HTML never fails), and its lines hold together: each shows bytes inside the body, in body order,
// found again by lineAt; folds end after they start; paths are paths; values are body bytes. Where Qt's
// XML reader finds well-formed XML, the document does not fail either.

#include "bodybuffer.h"
#include "fuzzsupport.h"
#include "markupdocument.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QXmlStreamReader>

using namespace Tokenscope;

namespace {

bool wellFormed(const QByteArray& input)
{
    // Qt's reader also decodes UTF-16 and other encodings, which the document reads as bytes.
    if (input.contains('\0') || input.startsWith("\xFE\xFF") || input.startsWith("\xFF\xFE"))
        return false;
    QXmlStreamReader reader(input);
    bool root = false;
    while (!reader.atEnd()) {
        if (reader.readNext() == QXmlStreamReader::StartElement)
            root = true;
    }
    return root && !reader.hasError();
}

void check(const QByteArray& input, Body::Markup::Dialect dialect)
{
    const auto buffer = Body::BodyBuffer::fromBytes(input);
    Body::MarkupLineDocument document(buffer, dialect);
    QEventLoop loop;
    bool failed = false;
    qint64 failedAt = -1;
    QObject::connect(&document, &Body::LineDocument::completed, &loop, &QEventLoop::quit);
    QObject::connect(
        &document, &Body::LineDocument::failed, &loop, [&](const QString& message, qint64 offset) {
            if (message.isEmpty())
                __builtin_trap();
            failed = true;
            failedAt = offset;
            loop.quit();
        });
    // A small body is indexed in the constructor (its failure still arrives queued): wait only if needed.
    if (!document.isComplete())
        loop.exec();
    if (failed) {
        if (dialect == Body::Markup::Dialect::Html || failedAt < 0 || failedAt > input.size())
            __builtin_trap();
        if (wellFormed(input))
            __builtin_trap();
        return;
    }
    if (!document.isComplete())
        __builtin_trap();
    qint64 previousEnd = 0;
    for (qint64 n = 0; n < document.lineCount(); ++n) {
        const Body::DisplayLine line = document.line(n);
        if (line.sourceOffset < previousEnd || line.sourceLength < 0
            || line.sourceOffset + line.sourceLength > input.size())
            __builtin_trap();
        previousEnd = line.sourceOffset + line.sourceLength;
        // The text is the line's bytes after its indentation.
        if (!line.text.endsWith(QString::fromUtf8(input.mid(line.sourceOffset, line.sourceLength))))
            __builtin_trap();
        for (const Body::TextSpan& span : line.spans) {
            if (span.start < 0 || span.length <= 0 || span.start + span.length > line.text.size())
                __builtin_trap();
        }
        if (document.lineAt(line.sourceOffset) != n)
            __builtin_trap();
        const qint64 end = document.foldEnd(n);
        if (end != -1 && (end <= n || end >= document.lineCount()))
            __builtin_trap();
        if (!document.path(n).startsWith(QLatin1Char('/')))
            __builtin_trap();
        const QByteArray value = document.value(n);
        if (!value.isEmpty() && !input.contains(value))
            __builtin_trap();
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    Fuzz::silenceQtMessages();
    // The document hands its index over through the event loop.
    static QCoreApplication app(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray input = Fuzz::bytes(data, size);
    check(input, Body::Markup::Dialect::Xml);
    check(input, Body::Markup::Dialect::Html);
    return 0;
}
