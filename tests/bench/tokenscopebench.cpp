// tokenscope-bench: seeded JSON fixtures, the viewer's pretty text, and the engine's timings.
//   tokenscope-bench --generate DIR [--seed N] [--large | --small]
//   tokenscope-bench --pretty FILE      the pretty view's text on stdout; invalid JSON: error on stderr, exit
//   1 tokenscope-bench --measure FILE     one JSON object: pretty_mb_per_s, index_ms, first_lines_ms, ...
// Run through scripts/bench.sh, which also times jq on the same files.

#include "bodybuffer.h"
#include "jsondocument.h"
#include "jsonreindent.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <random>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif
#ifdef Q_OS_WIN
#include <fcntl.h>
#include <io.h>
#endif

using namespace Tokenscope::Body;

namespace {

// Writes through a large buffer so generating 1 GB stays quick.
class Output final
{
public:
    explicit Output(const QString& path)
        : m_file(path)
    {
        if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(path));
            std::exit(2);
        }
        m_buffer.reserve(1 << 20);
    }
    ~Output() { flush(); }
    Q_DISABLE_COPY_MOVE(Output)

    Output& operator<<(const QByteArray& bytes)
    {
        m_buffer += bytes;
        m_written += bytes.size();
        if (m_buffer.size() >= (1 << 20))
            flush();
        return *this;
    }
    Output& operator<<(const char* bytes) { return *this << QByteArray(bytes); }
    qint64 written() const { return m_written; }

private:
    void flush()
    {
        m_file.write(m_buffer);
        m_buffer.clear();
    }
    QFile m_file;
    QByteArray m_buffer;
    qint64 m_written = 0;
};

// Only escapes jq 1.6 writes back the same way, so the pretty text of these fixtures can equal jq's.
const QByteArray escapedPieces[] = {
    "line\\nbreak",
    "a \\\"quoted\\\" word",
    "tab\\there",
    "back\\\\slash",
    "\\r\\n",
    "bell \\u0007",
    "\\b\\f",
    "del \\u007f",
    "unit \\u001f sep",
    "Patiënt",
    "€ 12,50",
    "日本語",
    "emoji 😀",
    "path/with/slashes",
    "plain text",
};
const QByteArray cities[] = {"Utrecht", "Amsterdam", "Rotterdam", "Den Haag", "Groningen", "Maastricht"};

class Generator final
{
public:
    explicit Generator(quint64 seed)
        : m_random(seed)
    { }

    // One patient record; escapes: strings from escapedPieces; spaced: whitespace as a person would type.
    QByteArray record(qint64 id, bool escapes, bool spaced)
    {
        const QByteArray colon = spaced ? ": " : ":";
        const QByteArray comma = spaced ? ", " : ",";
        QByteArray r = "{\"id\"" + colon + QByteArray::number(id) + comma;
        r += "\"name\"" + colon + "\"Patiënt " + QByteArray::number(id) + " de Vries\"" + comma;
        r += "\"active\"" + colon + (pick(2) ? "true" : "false") + comma;
        r += "\"score\"" + colon + QByteArray::number(pick(9000) + 10) + '.' + QByteArray::number(pick(9) + 1)
            + QByteArray::number(pick(9) + 1) + comma;
        r += "\"note\"" + colon + (pick(4) == 0 ? QByteArray("null") : string(escapes)) + comma;
        r += "\"tags\"" + colon + '[';
        const int tags = int(pick(4));
        for (int t = 0; t < tags; ++t)
            r += (t ? comma : QByteArray()) + string(escapes);
        r += ']' + comma + "\"address\"" + colon + "{\"street\"" + colon + "\"Oudegracht "
            + QByteArray::number(pick(300)) + "\"" + comma + "\"city\"" + colon + '"' + cities[pick(6)]
            + "\"}" + comma;
        r += "\"visits\"" + colon + '[';
        const int visits = int(pick(3));
        for (int v = 0; v < visits; ++v)
            r += (v ? comma : QByteArray()) + "{\"date\"" + colon + "\"2024-0"
                + QByteArray::number(pick(9) + 1) + "-1" + QByteArray::number(pick(9)) + "\"" + comma
                + "\"codes\"" + colon + "[" + QByteArray::number(pick(99999)) + "]" + comma + "\"empty\""
                + colon + (pick(2) ? "{}" : "[]") + '}';
        r += ']';
        if (escapes && pick(200) == 0) {
            // Deep nesting, below jq 1.6's limit of 256 (it counts an object and its member name as two).
            const int depth = 40 + int(pick(100));
            r += comma + "\"nested\"" + colon;
            for (int d = 0; d < depth; ++d)
                r += d % 2 ? "{\"level\"" + colon : QByteArray("[");
            r += string(escapes);
            for (int d = depth - 1; d >= 0; --d)
                r += d % 2 ? "}" : "]";
        }
        return r + '}';
    }

private:
    quint64 pick(quint64 bound) { return m_random() % bound; }
    QByteArray string(bool escapes)
    {
        if (!escapes)
            return "\"text " + QByteArray::number(pick(100000)) + '"';
        QByteArray s = "\"";
        const int pieces = 1 + int(pick(4));
        for (int p = 0; p < pieces; ++p)
            s += (p ? " " : "") + escapedPieces[pick(std::size(escapedPieces))];
        return s + '"';
    }
    std::mt19937_64 m_random;
};

void generateRecords(const QString& path, qint64 bytes, quint64 seed, bool escapes, bool spaced)
{
    Generator generator(seed);
    Output out(path);
    out << (spaced ? "{\n  \"patients\": [\n    " : "{\"patients\":[");
    qint64 id = 0;
    while (out.written() < bytes - 1000) {
        if (id > 0)
            out << (spaced ? ",\n    " : ",");
        out << generator.record(id++, escapes, spaced);
    }
    // A literal that occurs once, near the end, for the search benchmark.
    out << (spaced ? "\n  ],\n  \"marker\": \"tokenscope-needle\",\n  \"count\": "
                   : "],\"marker\":\"tokenscope-needle\",\"count\":")
        << QByteArray::number(id) << (spaced ? "\n}\n" : "}");
}

// Number text jq 1.6 rewrites (it goes through doubles); the viewer keeps it.
void generateNumbers(const QString& path)
{
    Output out(path);
    out << "{\"long\":12345678901234567890,\"trailingZero\":1.10,\"huge\":1e400,\"negativeZero\":-0,"
           "\"exponent\":1.5E+3,\"tiny\":4.9e-325,\"many\":[100000000000000000001,0.10000000000000000001,1E2]"
           "}\n";
}

// -1 where the platform does not say.
qint64 peakRssKib()
{
#ifdef Q_OS_UNIX
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
#ifdef Q_OS_MACOS
    return usage.ru_maxrss / 1024; // bytes there
#else
    return usage.ru_maxrss;
#endif
#else
    return -1;
#endif
}

int pretty(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
        return 2;
    }
#ifdef Q_OS_WIN
    // The text exactly: no CR before each line feed.
    _setmode(_fileno(stdout), _O_BINARY);
#endif
    const qint64 size = file.size();
    const uchar* data = size > 0 ? file.map(0, size) : nullptr;
    static const char empty = 0;
    const JsonReindentResult result = reindentJson(
        data ? reinterpret_cast<const char*>(data) : &empty, size, [](const char* bytes, qint64 length) {
            return qint64(std::fwrite(bytes, 1, size_t(length), stdout)) == length;
        });
    std::fflush(stdout);
    if (!result.ok) {
        std::fprintf(stderr, "%s (byte offset %lld)\n", qPrintable(result.errorMessage),
            static_cast<long long>(result.errorOffset));
        return 1;
    }
    return 0;
}

int measure(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() == 0) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
        return 2;
    }
    // The body as the viewer gets it: spooled to a mapped temporary file.
    BodySpool spool(0);
    while (!file.atEnd()) {
        const QByteArray chunk = file.read(1 << 20);
        spool.append(chunk.constData(), chunk.size());
    }
    const std::shared_ptr<const BodyBuffer> body = spool.finish();
    const double megabytes = double(body->size()) / 1e6;

    qint64 outputBytes = 0;
    const auto sink = [&outputBytes](const char*, qint64 length) {
        outputBytes += length;
        return true;
    };
    reindentJson(body->data(), body->size(), sink); // warm the page cache and the mapping
    double best = 1e30;
    for (int run = 0; run < 3; ++run) {
        QElapsedTimer timer;
        timer.start();
        reindentJson(body->data(), body->size(), sink);
        best = std::min(best, double(timer.nsecsElapsed()) / 1e9);
    }

    QElapsedTimer timer;
    timer.start();
    JsonLineDocument document(body);
    qint64 firstLinesMs = -1;
    qint64 indexMs = -1;
    QObject::connect(&document, &LineDocument::linesAdded, &document, [&] {
        if (firstLinesMs < 0) {
            firstLinesMs = timer.elapsed();
            document.line(0); // a first screen is rendered from the index
            for (qint64 n = 0; n < std::min<qint64>(document.lineCount(), 60); ++n)
                document.line(n);
        }
    });
    QObject::connect(&document, &LineDocument::completed, &document, [&] {
        indexMs = timer.elapsed();
        QCoreApplication::quit();
    });
    QObject::connect(&document, &LineDocument::failed, &document, [&](const QString& message, qint64 offset) {
        std::fprintf(stderr, "%s (byte offset %lld)\n", qPrintable(message), static_cast<long long>(offset));
        QCoreApplication::exit(1);
    });
    if (document.isComplete()) // a small file is indexed in the constructor
        indexMs = firstLinesMs = timer.elapsed();
    else if (QCoreApplication::exec() != 0)
        return 1;
    QJsonObject result;
    result.insert(QStringLiteral("file_mb"), megabytes);
    result.insert(QStringLiteral("pretty_mb_per_s"), qRound(megabytes / best * 10) / 10.0);
    result.insert(QStringLiteral("index_ms"), indexMs);
    result.insert(QStringLiteral("first_lines_ms"), firstLinesMs);
    result.insert(QStringLiteral("lines"), document.lineCount());
    result.insert(QStringLiteral("index_memory_mb"), qRound(double(document.indexMemory()) / 1e5) / 10.0);
    result.insert(QStringLiteral("peak_rss_mb"), qRound(double(peakRssKib()) * 1024 / 1e5) / 10.0);
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return 0;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption generate(
        QStringLiteral("generate"), QStringLiteral("Write the fixtures into DIR."), QStringLiteral("DIR"));
    const QCommandLineOption seed(
        QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("N"), QStringLiteral("11"));
    const QCommandLineOption large(QStringLiteral("large"), QStringLiteral("Also write the 1 GB fixture."));
    const QCommandLineOption small(
        QStringLiteral("small"), QStringLiteral("Only the 10 MB and number fixtures."));
    const QCommandLineOption prettyOption(
        QStringLiteral("pretty"), QStringLiteral("Print the pretty text of FILE."), QStringLiteral("FILE"));
    const QCommandLineOption measureOption(
        QStringLiteral("measure"), QStringLiteral("Time the engine on FILE."), QStringLiteral("FILE"));
    parser.addOptions({generate, seed, large, small, prettyOption, measureOption});
    parser.process(app);

    if (parser.isSet(prettyOption))
        return pretty(parser.value(prettyOption));
    if (parser.isSet(measureOption))
        return measure(parser.value(measureOption));
    if (parser.isSet(generate)) {
        const QDir dir(parser.value(generate));
        QDir().mkpath(dir.path());
        const quint64 seedValue = parser.value(seed).toULongLong();
        constexpr qint64 megabyte = 1000 * 1000;
        generateRecords(
            dir.filePath(QStringLiteral("escapes-10mb.json")), 10 * megabyte, seedValue, true, true);
        if (!parser.isSet(small))
            generateRecords(dir.filePath(QStringLiteral("minified-100mb.json")), 100 * megabyte,
                seedValue + 1, false, false);
        if (parser.isSet(large))
            generateRecords(dir.filePath(QStringLiteral("minified-1gb.json")), 1000 * megabyte, seedValue + 2,
                true, false);
        generateNumbers(dir.filePath(QStringLiteral("numbers.json")));
        return 0;
    }
    parser.showHelp(2);
}
