// tokenscope-bench-viewer: the response viewer's figures, measured in the real widgets (run offscreen,
// QT_QPA_PLATFORM=offscreen, by scripts/bench.sh). Each prints one JSON object on stdout:
//   tokenscope-bench-viewer first-screen FILE    {"first_screen_ms"}: body handed to the pane → first
//                                               painted screen of coloured JSON lines
//   tokenscope-bench-viewer peak-rss FILE        {"peak_rss_mb"}: whole process, viewer open, index complete
//   tokenscope-bench-viewer search FILE NEEDLE   {"search_ms", ...}: literal search as the search bar runs it
//   tokenscope-bench-viewer gui-block FILE       {"gui_max_block_ms", ...}: longest GUI-thread stall while
//                                               the body arrives from a loopback server and is shown

#include "bodybuffer.h"
#include "bodysearch.h"
#include "bodyview.h"
#include "jsondocument.h"
#include "networkclient.h"
#include "responsebodypane.h"

#include <QApplication>
#include <QColor>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <cstdio>
#include <functional>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

using namespace Tokenscope;

namespace {

constexpr int timeoutMs = 300'000;

void print(const QJsonObject& result)
{
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
}

double roundTo1(double value)
{
    return qRound(value * 10) / 10.0;
}

// Whole-process peak resident set, in KiB: heap, Qt, and the pages of the mapped body the index touched.
qint64 peakRssKib()
{
#ifdef Q_OS_UNIX
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
#else
    return -1;
#endif
}

// The body as NetworkClient hands it over after the last byte: spooled to a mapped temporary file.
std::shared_ptr<const Body::BodyBuffer> loadBody(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
        return nullptr;
    }
    Body::BodySpool spool;
    while (!file.atEnd()) {
        const QByteArray chunk = file.read(qint64(4) << 20);
        if (!spool.append(chunk.constData(), chunk.size())) {
            std::fprintf(stderr, "%s\n", qPrintable(spool.errorString()));
            return nullptr;
        }
    }
    return spool.finish();
}

// Runs the event loop until done() holds; false on timeout.
bool waitUntil(const std::function<bool()>& done)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

// Timestamps the first paint of the viewport that shows a full screen of the JSON document. A filter
// sees the event before the view paints, so the time is taken once the event has been delivered (the
// next turn of the event loop): the screen has then been painted and flushed.
class FirstScreen final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstScreen)

public:
    FirstScreen(Ui::BodyView* view, const QElapsedTimer& clock)
        : m_view(view)
        , m_clock(clock)
    {
        view->viewport()->installEventFilter(this);
    }

    qint64 paintedAtMs() const { return m_paintedAtMs; }

    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() != QEvent::Paint || m_paintPending || m_paintedAtMs >= 0)
            return QObject::eventFilter(watched, event);
        const auto* document = qobject_cast<Body::JsonLineDocument*>(m_view->document());
        if (document && document->lineCount() >= m_view->visibleRowCount()) {
            m_paintPending = true;
            QMetaObject::invokeMethod(
                this, [this] { m_paintedAtMs = m_clock.elapsed(); }, Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    Ui::BodyView* m_view;
    const QElapsedTimer& m_clock;
    bool m_paintPending = false;
    qint64 m_paintedAtMs = -1;
};

// The painted screen really is coloured: how many hues (in 30° steps) its saturated pixels have. Plain
// text on a plain background has none; the current line's highlight adds one.
int paintedHues(Ui::BodyView* view)
{
    const QImage image = view->viewport()->grab().toImage();
    // To look at what was measured: TOKENSCOPE_BENCH_SHOT=first-screen.png.
    if (const QString shot = qEnvironmentVariable("TOKENSCOPE_BENCH_SHOT"); !shot.isEmpty())
        image.save(shot);
    QSet<int> hues;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor colour = QColor::fromRgb(image.pixel(x, y));
            if (colour.hsvSaturation() > 90 && colour.value() > 60)
                hues.insert(colour.hsvHue() / 30);
        }
    return int(hues.size());
}

struct ShownPane
{
    Ui::ResponseBodyPane pane;
    ShownPane()
    {
        pane.resize(1200, 800);
        pane.show();
        waitUntil([this] { return pane.isVisible(); });
        QCoreApplication::processEvents();
    }
};

int firstScreen(const QString& path)
{
    const auto body = loadBody(path);
    if (!body)
        return 2;
    ShownPane shown;
    QElapsedTimer clock;
    FirstScreen probe(shown.pane.view(), clock);
    clock.start();
    shown.pane.setBody(body, "application/json");
    if (!waitUntil([&probe] { return probe.paintedAtMs() >= 0; })) {
        std::fprintf(stderr, "no screen of coloured JSON lines painted within %d ms\n", timeoutMs);
        return 1;
    }
    const qint64 ms = probe.paintedAtMs();
    const int hues = paintedHues(shown.pane.view());
    if (hues < 2) {
        std::fprintf(stderr, "the first screen is not coloured (%d hues)\n", hues);
        return 1;
    }
    print({{QStringLiteral("first_screen_ms"), ms},
        {QStringLiteral("lines_at_first_screen"), shown.pane.view()->document()->lineCount()},
        {QStringLiteral("hues"), hues}});
    return 0;
}

bool waitForIndex(Ui::ResponseBodyPane& pane)
{
    return waitUntil([&pane] {
        const auto* document = pane.view()->document();
        return document && document->isComplete();
    });
}

int peakRss(const QString& path)
{
    const auto body = loadBody(path);
    if (!body)
        return 2;
    ShownPane shown;
    shown.pane.setBody(body, "application/json");
    if (!waitForIndex(shown.pane)) {
        std::fprintf(stderr, "the index did not complete within %d ms\n", timeoutMs);
        return 1;
    }
    // The user's first look: the top, then the end of the body.
    shown.pane.view()->viewport()->repaint();
    shown.pane.view()->goToLine(shown.pane.view()->document()->lineCount());
    shown.pane.view()->viewport()->repaint();
    QCoreApplication::processEvents();
    print({{QStringLiteral("peak_rss_mb"), roundTo1(double(peakRssKib()) * 1024 / 1e6)},
        {QStringLiteral("lines"), shown.pane.view()->document()->lineCount()}});
    return 0;
}

int search(const QString& path, const QString& needle)
{
    const auto body = loadBody(path);
    if (!body)
        return 2;
    // As the search bar starts it (case-insensitive by default), on the worker thread, timed to the result
    // arriving on the GUI thread. The first run also faults the mapping's pages in (they are in the page
    // cache: the body was just written), as a first search does; it is the figure reported.
    Body::BodySearch searcher;
    Body::SearchResult last;
    bool finished = false;
    QObject::connect(
        &searcher, &Body::BodySearch::finished, &searcher, [&](const Body::SearchResult& result) {
            last = result;
            finished = true;
        });
    const auto run = [&](bool caseSensitive) {
        finished = false;
        QElapsedTimer timer;
        timer.start();
        searcher.start(body, {needle, false, caseSensitive, 100'000});
        if (!waitUntil([&finished] { return finished; }))
            return qint64(-1);
        return timer.elapsed();
    };
    const qint64 first = run(false);
    const qint64 again = run(false);
    const qint64 exact = run(true);
    if (first < 0 || again < 0 || exact < 0 || last.matches.empty()) {
        std::fprintf(stderr, "the search did not find %s\n", qPrintable(needle));
        return 1;
    }
    print({{QStringLiteral("search_ms"), first}, {QStringLiteral("search_again_ms"), again},
        {QStringLiteral("search_match_case_ms"), exact},
        {QStringLiteral("matches"), qint64(last.matches.size())},
        {QStringLiteral("offset"), last.matches.front().offset}});
    return 0;
}

// A minimal HTTP/1.1 server on its own thread: answers one GET with the file's bytes, written as the
// socket drains so loopback delivers them in many pieces.
class FileServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileServer)

public:
    explicit FileServer(QString path)
        : m_file(std::move(path))
    { }

    quint16 listen()
    {
        m_server = new QTcpServer(this);
        if (!m_file.open(QIODevice::ReadOnly) || !m_server->listen(QHostAddress::LocalHost, 0))
            return 0;
        connect(m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server->nextPendingConnection())
                serve(socket);
        });
        return m_server->serverPort();
    }

private:
    void serve(QTcpSocket* socket)
    {
        auto* request = new QByteArray;
        connect(socket, &QObject::destroyed, this, [request] { delete request; });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, request] {
            request->append(socket->readAll());
            if (!request->contains("\r\n\r\n") || m_sending)
                return;
            m_sending = true;
            m_file.seek(0);
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + QByteArray::number(m_file.size()) + "\r\nConnection: close\r\n\r\n");
            sendMore(socket);
        });
        connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] { sendMore(socket); });
    }

    void sendMore(QTcpSocket* socket)
    {
        constexpr qint64 chunk = 256 * 1024;
        while (socket->bytesToWrite() < 2 * chunk && !m_file.atEnd())
            socket->write(m_file.read(chunk));
        if (m_file.atEnd() && socket->bytesToWrite() == 0)
            socket->disconnectFromHost();
    }

    QFile m_file;
    QTcpServer* m_server = nullptr;
    bool m_sending = false;
};

int guiBlock(const QString& path)
{
    QThread serverThread;
    auto* server = new FileServer(path);
    server->moveToThread(&serverThread);
    QObject::connect(&serverThread, &QThread::finished, server, &QObject::deleteLater);
    serverThread.start();
    quint16 port = 0;
    QMetaObject::invokeMethod(
        server, [server, &port] { port = server->listen(); }, Qt::BlockingQueuedConnection);
    const auto stopServer = [&serverThread] {
        serverThread.quit();
        serverThread.wait();
    };
    if (port == 0) {
        std::fprintf(stderr, "the loopback server could not start\n");
        stopServer();
        return 2;
    }

    ShownPane shown;
    QNetworkAccessManager manager;
    Http::NetworkClient client(&manager);
    QObject::connect(
        &client, &Http::NetworkClient::downloadProgress, &shown.pane, &Ui::ResponseBodyPane::showProgress);
    // The most that arrived between two progress reports. Qt reports at most every 100 ms, so this is the
    // loopback's pace, not what the GUI thread copies at once (the spooler reads in slices of ~4 ms).
    qint64 lastReceived = 0;
    qint64 largestStep = 0;
    QObject::connect(
        &client, &Http::NetworkClient::downloadProgress, &shown.pane, [&](qint64 received, qint64) {
            largestStep = std::max(largestStep, received - lastReceived);
            lastReceived = received;
        });

    // The GUI thread's pulse: a 1 ms timer; the longest gap between two fires is the longest stall.
    QElapsedTimer clock;
    qint64 lastBeat = 0;
    qint64 maxGap = 0;
    qint64 maxGapEnd = 0; // when the longest stall ended, to tell the arrival from the showing
    QTimer pulse;
    pulse.setTimerType(Qt::PreciseTimer);
    pulse.setInterval(1);
    QObject::connect(&pulse, &QTimer::timeout, &pulse, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (now - lastBeat > maxGap) {
            maxGap = now - lastBeat;
            maxGapEnd = now;
        }
        lastBeat = now;
    });

    bool received = false;
    qint64 receivedMs = -1;
    QString error;
    Http::NetworkClient::Options options;
    options.streamBody = true;
    options.timeout = std::chrono::milliseconds(timeoutMs);
    options.purpose = QStringLiteral("Benchmark");
    clock.start();
    pulse.start();
    client.send("GET", QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/body.json").arg(port))), {},
        options, &shown.pane, [&](const Http::HttpResponse& response) {
            received = true;
            receivedMs = clock.elapsed();
            if (response.isTransportFailure() || !response.bodyBuffer) {
                error = response.errorString;
                return;
            }
            shown.pane.setBody(response.bodyBuffer, response.contentType());
        });
    const bool done = waitUntil([&] {
        if (!received)
            return false;
        const auto* document = shown.pane.view()->document();
        return !error.isEmpty() || (document && document->isComplete());
    });
    const qint64 totalMs = clock.elapsed();
    pulse.stop();
    // The last stretch up to now counts too.
    if (clock.nsecsElapsed() - lastBeat > maxGap) {
        maxGap = clock.nsecsElapsed() - lastBeat;
        maxGapEnd = clock.nsecsElapsed();
    }
    stopServer();
    if (!done || !error.isEmpty()) {
        std::fprintf(stderr, "the body did not arrive: %s\n", done ? qPrintable(error) : "timed out");
        return 1;
    }
    print({{QStringLiteral("gui_max_block_ms"), roundTo1(double(maxGap) / 1e6)},
        {QStringLiteral("max_block_ended_ms"), roundTo1(double(maxGapEnd) / 1e6)},
        {QStringLiteral("received_ms"), receivedMs},
        {QStringLiteral("largest_progress_step_mb"), roundTo1(double(largestStep) / 1e6)},
        {QStringLiteral("indexed_ms"), totalMs}, {QStringLiteral("bytes"), shown.pane.buffer()->size()}});
    return 0;
}

int usage()
{
    std::fprintf(stderr,
        "usage: tokenscope-bench-viewer first-screen FILE | peak-rss FILE | search FILE NEEDLE | "
        "gui-block FILE\n");
    return 2;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments().mid(1);
    if (args.size() < 2)
        return usage();
    const QString& command = args.at(0);
    const QString& file = args.at(1);
    if (command == QLatin1String("first-screen"))
        return firstScreen(file);
    if (command == QLatin1String("peak-rss"))
        return peakRss(file);
    if (command == QLatin1String("search") && args.size() == 3)
        return search(file, args.at(2));
    if (command == QLatin1String("gui-block"))
        return guiBlock(file);
    return usage();
}

#include "tokenscopebenchviewer.moc"
