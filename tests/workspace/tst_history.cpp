#include "history.h"
#include "historyfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <optional>

using namespace Tokenscope;
using namespace Tokenscope::Workspace;

namespace {

const QString token = QStringLiteral("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.sIgNaTuRe-0123456789");
const QString apiKey = QStringLiteral("k3y-VALUE-42-abcdef");

HistoryEntry sampleEntry()
{
    Http::HttpRequest request;
    request.method = "POST";
    request.url = QStringLiteral("{{base}}/orders?api_key=") + apiKey;
    request.headers
        = {{QStringLiteral("X-Api-Key"), apiKey}, {QStringLiteral("Accept"), QStringLiteral("*/*")},
            {QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}};
    request.body = QStringLiteral("{\"item\":\"book\",\"password\":\"hunter22\"}").toUtf8();
    request.rawType = QStringLiteral("json");
    Http::HttpResponse response;
    response.url = QUrl(QStringLiteral("https://api.example.com/orders?api_key=") + apiKey);
    response.status = 201;
    response.elapsedMs = 87;
    response.headers = {{"Content-Type", "application/json"}, {"X-Echo", token.toUtf8()}};
    response.body = QStringLiteral("{\"id\":7,\"note\":\"made with ").toUtf8() + token.toUtf8() + "\"}";
    response.sent.method = "POST";
    response.sent.url = response.url;
    response.sent.headers = {{"Authorization", "Bearer " + token.toUtf8()}, {"X-Api-Key", apiKey.toUtf8()}};
    return History::entryFor(request, "{\"item\":\"book\",\"password\":\"hunter22\"}", response,
        QDateTime(QDate(2026, 12, 2), QTime(8, 30), Qt::UTC));
}

HistoryEntry numbered(int i)
{
    HistoryEntry entry;
    entry.time = QDateTime(QDate(2026, 12, 2), QTime(8, 0), Qt::UTC).addSecs(i);
    entry.request.method = "GET";
    entry.request.url = QStringLiteral("https://x.test/%1").arg(i);
    entry.status = 200;
    entry.responseBody = QByteArray(2000, 'b') + QByteArray::number(i);
    return entry;
}

QStringList urls(const QList<HistoryEntry>& entries)
{
    QStringList out;
    for (const HistoryEntry& e : entries)
        out.append(e.request.url);
    return out;
}

} // namespace

class TestHistory final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keepsEntriesAcrossARestartWithoutSecrets()
    {
        QTemporaryDir dir;
        {
            History history(dir.path());
            QVERIFY(history.load().isNull());
            QVERIFY(history.entries().isEmpty());
            history.record(sampleEntry(), {token, apiKey});
            QVERIFY(history.save().isNull());
        }
        QFile file(dir.filePath(QStringLiteral("history.json")));
        QCOMPARE(file.permissions()
                & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup
                    | QFileDevice::WriteOther),
            QFileDevice::Permissions());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray stored = file.readAll();
        QVERIFY(!stored.contains(token.toUtf8()));
        QVERIFY(!stored.contains(apiKey.toUtf8()));
        QVERIFY(!stored.contains("hunter22"));
        QVERIFY(!stored.contains(token.left(20).toUtf8()));

        History reloaded(dir.path());
        QVERIFY(reloaded.load().isNull());
        QCOMPARE(reloaded.entries().size(), 1);
        const HistoryEntry& entry = reloaded.entries().constFirst();
        QCOMPARE(entry.request.method, QByteArray("POST"));
        QVERIFY(entry.request.url.startsWith(QLatin1String("{{base}}/orders?api_key=")));
        QCOMPARE(entry.request.headers.at(2).value, QStringLiteral("Bearer {{token}}"));
        QCOMPARE(entry.status, 201);
        QCOMPARE(entry.durationMs, qint64(87));
        QCOMPARE(entry.time, QDateTime(QDate(2026, 12, 2), QTime(8, 30), Qt::UTC));
        QVERIFY(entry.responseBody.startsWith("{\"id\":7,\"note\":\"made with "));
        // What was read back is what was kept in memory before the restart.
        History again(dir.path());
        again.record(sampleEntry(), {token, apiKey});
        QCOMPARE(reloaded.entries().constFirst(), again.entries().constFirst());
    }

    void capsBodiesWithoutLeavingHalfASecret()
    {
        QTemporaryDir dir;
        History history(dir.path());
        HistoryEntry entry = sampleEntry();
        // The token straddles the cap: its first half must not survive the cut.
        entry.responseHeaders = {{"Content-Type", "text/plain"}};
        entry.responseBody
            = QByteArray(History::maxBodyBytes - 20, 'a') + token.toUtf8() + QByteArray(100, 'b');
        history.record(entry, {token});
        const HistoryEntry& kept = history.entries().constFirst();
        QVERIFY(kept.responseBodyCut);
        QVERIFY(kept.responseBody.size() <= History::maxBodyBytes);
        QVERIFY(!kept.responseBody.contains(token.left(6).toUtf8()));
    }

    void keepsTheNewestThousand()
    {
        QTemporaryDir dir;
        History history(dir.path());
        for (int i = 0; i < History::maxEntries + 5; ++i) {
            HistoryEntry entry;
            entry.request.url = QStringLiteral("https://x.test/%1").arg(i);
            history.record(entry, {});
        }
        QCOMPARE(history.entries().size(), History::maxEntries);
        QCOMPARE(history.entries().constFirst().request.url, QStringLiteral("https://x.test/1004"));
        QCOMPARE(history.entries().constLast().request.url, QStringLiteral("https://x.test/5"));
        QVERIFY(history.save().isNull());
        History reloaded(dir.path());
        QVERIFY(reloaded.load().isNull());
        QCOMPARE(reloaded.entries().size(), History::maxEntries);
        reloaded.remove(0);
        QCOMPARE(reloaded.entries().constFirst().request.url, QStringLiteral("https://x.test/1003"));
        reloaded.clear();
        QVERIFY(reloaded.entries().isEmpty());
    }

    // A burst of sends, each asking for a save, then the application quits at once.
    void savesABurstOnItsThreadAndWritesTheLastBeforeItGoes()
    {
        QTemporaryDir dir;
        History history(dir.path());
        int failures = 0;
        {
            HistoryFile file(dir.path());
            connect(&file, &HistoryFile::saveFailed, this, [&failures] { ++failures; });
            for (int i = 0; i < History::maxEntries + 20; ++i) {
                history.record(numbered(i), {});
                file.save(history.entries());
            }
        }
        QCoreApplication::processEvents();
        QCOMPARE(failures, 0);
        History reloaded(dir.path());
        QVERIFY(reloaded.load().isNull());
        QCOMPARE(reloaded.entries().size(), History::maxEntries);
        QCOMPARE(reloaded.entries(), history.entries());
        QCOMPARE(reloaded.entries().constFirst().request.url, QStringLiteral("https://x.test/1019"));
    }

    // Signals come from the file's thread: received here through the event loop, in this thread.
    void loadsOnItsThreadWhatWasThereBeforeALaterSave()
    {
        QTemporaryDir dir;
        History before(dir.path());
        for (int i = 0; i < 3; ++i)
            before.record(numbered(i), {});
        QVERIFY(before.save().isNull());
        HistoryFile file(dir.path());
        std::optional<QList<HistoryEntry>> loaded;
        Error loadError;
        connect(
            &file, &HistoryFile::loaded, this, [&](const QList<HistoryEntry>& entries, const Error& error) {
                QCOMPARE(QThread::currentThread(), thread());
                loaded = entries;
                loadError = error;
            });
        file.load();
        file.save({numbered(99)});
        QTRY_VERIFY(loaded.has_value());
        QCOMPARE(urls(*loaded),
            QStringList({QStringLiteral("https://x.test/2"), QStringLiteral("https://x.test/1"),
                QStringLiteral("https://x.test/0")}));
        QVERIFY(loadError.isNull());
        file.flush();
        History after(dir.path());
        QVERIFY(after.load().isNull());
        QCOMPARE(urls(after.entries()), QStringList({QStringLiteral("https://x.test/99")}));
    }

    void reportsASaveThatFails()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath(QStringLiteral("not-a-folder")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        HistoryFile file(blocker.fileName());
        Error failure;
        connect(&file, &HistoryFile::saveFailed, this, [&failure](const Error& error) { failure = error; });
        file.save({numbered(1)});
        QTRY_VERIFY(!failure.isNull());
        QVERIFY2(failure.summary.contains(QLatin1String("could not be saved")), qPrintable(failure.summary));
    }

    void reportsAnUnreadableFile()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("history.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{not json");
        file.close();
        History history(dir.path());
        QVERIFY(!history.load().isNull());
        QVERIFY(history.entries().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
