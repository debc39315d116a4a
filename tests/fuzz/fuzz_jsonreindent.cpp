// The JSON re-indenter and the JSON line document on any bytes: neither crashes, and they agree on
// every line (text and count), on whether the input is valid, and on where it is not.

#include "bodybuffer.h"
#include "fuzzsupport.h"
#include "jsondocument.h"
#include "jsonreindent.h"

#include <QCoreApplication>
#include <QEventLoop>

using namespace Tokenscope;

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
    Body::JsonReindentResult result;
    const QByteArray pretty = Body::reindentJson(input, &result);

    Body::JsonLineDocument document(Body::BodyBuffer::fromBytes(input));
    QEventLoop loop;
    bool failed = false;
    qint64 failedAt = -1;
    QObject::connect(&document, &Body::LineDocument::completed, &loop, &QEventLoop::quit);
    QObject::connect(&document, &Body::LineDocument::failed, &loop, [&](const QString&, qint64 offset) {
        failed = true;
        failedAt = offset;
        loop.quit();
    });
    // A small body is indexed in the constructor (its failure still arrives queued): wait only if needed.
    if (!document.isComplete())
        loop.exec();

    if (!result.ok) {
        if (!failed || failedAt != result.errorOffset)
            __builtin_trap();
        return 0;
    }
    if (failed || !document.isComplete())
        __builtin_trap();
    QList<QByteArray> lines = pretty.split('\n');
    lines.removeLast(); // after the last line break
    if (document.lineCount() != lines.size())
        __builtin_trap();
    for (qint64 n = 0; n < document.lineCount(); ++n) {
        const Body::DisplayLine line = document.line(n);
        if (line.text != QString::fromUtf8(lines.at(n)))
            __builtin_trap();
        if (document.lineAt(line.sourceOffset) != n)
            __builtin_trap();
        const qint64 end = document.foldEnd(n);
        if (end != -1 && (end <= n || end >= document.lineCount()))
            __builtin_trap();
        const QByteArray value = document.value(n);
        // A line's value is valid JSON on its own.
        Body::JsonReindentResult valueResult;
        if (!value.isEmpty())
            (void)Body::reindentJson(value, &valueResult);
        if (!valueResult.ok)
            __builtin_trap();
        if (!document.path(n).startsWith(QLatin1Char('$')))
            __builtin_trap();
    }
    return 0;
}
