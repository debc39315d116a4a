// The response viewer on a 100 MB JSON body, as a user meets it: the first screen at once, the index
// completed on a worker thread, scroll to the end, fold everything, search for a value near the end, and
// save the body to a file, byte for byte.

#include "bodybuffer.h"
#include "bodysearchbar.h"
#include "bodyview.h"
#include "responsebodypane.h"
#include "testmain.h"
#include "widgethelpers.h"

#include <QCryptographicHash>
#include <QFile>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Tokenscope;

namespace {

constexpr qint64 targetBytes = qint64(100) * 1000 * 1000;
constexpr int linesPerItem = 6; // `{`, three members, the nested array on one line, `}`

// `[{"id": i, "name": "…", "active": true, "tags": ["a", "b"]}, …]` minified, about 100 MB, with one
// needle in the item before last. Returns the item count.
qint64 writeBody(Body::BodySpool* spool, QCryptographicHash* hash)
{
    QByteArray chunk;
    qint64 written = 0;
    qint64 items = 0;
    const auto flush = [&] {
        spool->append(chunk.constData(), chunk.size());
        hash->addData(chunk);
        written += chunk.size();
        chunk.clear();
    };
    chunk += '[';
    while (written + chunk.size() < targetBytes) {
        if (items > 0)
            chunk += ',';
        chunk += "{\"id\":" + QByteArray::number(items) + ",\"name\":\"patiënt " + QByteArray::number(items)
            + " van de afdeling cardiologie\",\"active\":true,\"tags\":[]}";
        ++items;
        if (chunk.size() > 1024 * 1024)
            flush();
    }
    chunk += ",{\"id\":" + QByteArray::number(items)
        + ",\"name\":\"tokenscope-needle\",\"active\":false,\"tags\":[]}]";
    ++items;
    flush();
    return items;
}

} // namespace

class TestLargeBody final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hundredMegabytes()
    {
        Body::BodySpool spool;
        QCryptographicHash hash(QCryptographicHash::Sha256);
        const qint64 items = writeBody(&spool, &hash);
        const std::shared_ptr<const Body::BodyBuffer> buffer = spool.finish();
        QVERIFY(buffer);
        QVERIFY(buffer->size() > targetBytes);

        Ui::ResponseBodyPane pane;
        pane.resize(900, 600);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        pane.setBody(buffer, "application/json");
        QCOMPARE(pane.mode(), Ui::ResponseBodyPane::Mode::Pretty);
        Ui::BodyView* view = pane.view();
        Body::LineDocument* document = view->document();
        QVERIFY(document);
        // The first screen, long before the index is complete.
        QTRY_COMPARE(pane.shownText(2), QStringLiteral("[\n  {"));
        QVERIFY(!document->isComplete());
        QTRY_VERIFY_WITH_TIMEOUT(document->isComplete(), 240'000);
        // `[`, every item on six lines (`"tags": []` keeps its empty array on one line), `]`.
        QCOMPARE(document->lineCount(), items * linesPerItem + 2);

        // Scroll to the end: the last line is the closing bracket, and it is on screen.
        view->setFocus();
        QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(view->currentLine(), document->lineCount() - 1);
        QCOMPARE(document->line(view->currentLine()).text, QStringLiteral("]"));
        QVERIFY(view->firstVisibleLine() > document->lineCount() - view->visibleRowCount() - 1);
        QCOMPARE(view->verticalScrollBar()->value(), view->verticalScrollBar()->maximum());
        Tests::saveScreenshot(&pane, QStringLiteral("viewer-100mb-end"));

        // Fold every block: the array shows as its items, one row each.
        view->foldAll();
        QVERIFY(view->isFolded(1));
        QVERIFY(view->isFolded((items - 1) * linesPerItem + 1));
        QVERIFY(!view->isFolded(0));
        QCOMPARE(qint64(view->verticalScrollBar()->maximum()), items + 2 - view->visibleRowCount());
        view->unfoldAll();
        QVERIFY(!view->isFolded(1));

        // Search for the value in the last item.
        auto* bar = pane.findChild<Ui::BodySearchBar*>();
        QVERIFY(bar);
        QSignalSpy searched(bar, &Ui::BodySearchBar::searched);
        QTest::keyClick(view, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(bar->isVisible());
        bar->setPattern(QStringLiteral("tokenscope-needle"));
        QVERIFY(searched.wait(60'000));
        QCOMPARE(bar->matchCount(), qsizetype(1));
        const qint64 needleLine = (items - 1) * linesPerItem + 3; // `"name": "tokenscope-needle",`
        QCOMPARE(view->currentLine(), needleLine);
        QVERIFY(document->line(needleLine).text.contains(QStringLiteral("tokenscope-needle")));
        Tests::saveScreenshot(&pane, QStringLiteral("viewer-100mb-search"));

        // Save: the file holds the body as received.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("body.json"));
        QSignalSpy saved(&pane, &Ui::ResponseBodyPane::saved);
        pane.saveTo(path);
        QVERIFY(saved.wait(120'000));
        QCOMPARE(saved.at(0).at(1).toString(), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.size(), buffer->size());
        QCryptographicHash savedHash(QCryptographicHash::Sha256);
        QVERIFY(savedHash.addData(&file));
        QCOMPARE(savedHash.result().toHex(), hash.result().toHex());
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestLargeBody)
#include "tst_largebody_gui.moc"
