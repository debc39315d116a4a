#include "bodybuffer.h"
#include "bodyview.h"
#include "jsondocument.h"
#include "markupdocument.h"
#include "rawdocument.h"
#include "responsebodypane.h"
#include "testmain.h"
#include "widgethelpers.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTest>

using namespace Tokenscope;
using Pane = Ui::ResponseBodyPane;

class TestMarkupPane final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Which document shows a body in Pretty mode: by media type, else by how the body starts.
    void documentChoice_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("expected");
        const QByteArray xml = "<?xml version=\"1.0\"?><a/>";
        const QByteArray page = "<!DOCTYPE html><html><body>x</body></html>";
        QTest::newRow("application/xml")
            << QByteArray("<a/>") << QByteArray("application/xml") << QStringLiteral("xml");
        QTest::newRow("text/xml with charset")
            << QByteArray("<a/>") << QByteArray("Text/XML; charset=utf-8") << QStringLiteral("xml");
        QTest::newRow("FHIR +xml") << QByteArray("<Patient/>") << QByteArray("application/fhir+xml")
                                   << QStringLiteral("xml");
        QTest::newRow("text/html") << QByteArray("<p>x") << QByteArray("text/html") << QStringLiteral("html");
        QTest::newRow("XHTML") << page << QByteArray("application/xhtml+xml") << QStringLiteral("html");
        QTest::newRow("no type, XML declaration") << xml << QByteArray() << QStringLiteral("xml");
        QTest::newRow("text/plain, doctype") << QByteArray("\xEF\xBB\xBF\n  <!doctype HTML><p>x")
                                             << QByteArray("text/plain") << QStringLiteral("html");
        QTest::newRow("octet-stream, <html>")
            << QByteArray("<HTML lang=nl>") << QByteArray("application/octet-stream")
            << QStringLiteral("html");
        QTest::newRow("JSON stays JSON")
            << QByteArray(R"({"a":"<html>"})") << QByteArray("application/json") << QStringLiteral("json");
        QTest::newRow("text/plain markup-like, not sniffed")
            << QByteArray("<foo>bar</foo>") << QByteArray("text/plain") << QStringLiteral("raw");
        QTest::newRow("a specific other type is not sniffed")
            << page << QByteArray("text/css") << QStringLiteral("raw");
    }
    void documentChoice()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(QString, expected);
        const auto document
            = Pane::documentFor(Body::BodyBuffer::fromBytes(body), contentType, Pane::Mode::Pretty);
        QString kind = QStringLiteral("raw");
        if (const auto* markup = qobject_cast<const Body::MarkupLineDocument*>(document.get()))
            kind = markup->dialect() == Body::Markup::Dialect::Xml ? QStringLiteral("xml")
                                                                   : QStringLiteral("html");
        else if (qobject_cast<const Body::JsonLineDocument*>(document.get()))
            kind = QStringLiteral("json");
        else
            QVERIFY(qobject_cast<const Body::RawLineDocument*>(document.get()));
        QCOMPARE(kind, expected);
        // Raw is raw whatever the type.
        QVERIFY(qobject_cast<const Body::RawLineDocument*>(
            Pane::documentFor(Body::BodyBuffer::fromBytes(body), contentType, Pane::Mode::Raw).get()));
    }

    void invalidXmlShownAsReceived()
    {
        Pane pane;
        pane.resize(700, 200);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        pane.setBody(Body::BodyBuffer::fromBytes("<a>\n<b>\n</a>\n"), "application/xml");
        auto* notice = Tests::child<QLabel>(pane, "bodyNotice");
        QTRY_VERIFY(notice->isVisible());
        QCOMPARE(notice->text(),
            QStringLiteral(
                "Shown as received: this is not valid XML. The end tag </a> does not match the start tag "
                "<b>. (byte %1)")
                .arg(QLocale().toString(8)));
        QCOMPARE(pane.shownText(), QStringLiteral("<a>\n<b>\n</a>"));
        QCOMPARE(pane.view()->currentLine(), 2); // where it went wrong
        Tests::saveScreenshot(&pane, QStringLiteral("viewer-pane-xml-invalid"));

        // The same bytes as HTML are fine.
        pane.setBody(Body::BodyBuffer::fromBytes("<a>\n<b>\n</a>\n"), "text/html");
        QVERIFY(!notice->isVisible());
        QCOMPARE(pane.shownText(), QStringLiteral("<a>\n  <b>\n</a>"));

        // JSON still says JSON.
        pane.setBody(Body::BodyBuffer::fromBytes(R"({"a":)"), "application/json");
        QTRY_VERIFY(notice->isVisible());
        QVERIFY2(notice->text().startsWith(QStringLiteral("Shown as received: this is not valid JSON.")),
            qPrintable(notice->text()));
    }

    void prettyScreens()
    {
        Pane pane;
        pane.resize(760, 420);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        pane.setBody(
            Body::BodyBuffer::fromBytes(
                R"(<?xml version="1.0" encoding="UTF-8"?><Bundle xmlns="http://hl7.org/fhir"><!-- search result -->)"
                R"(<type value="searchset"/><total value="2"/><entry><resource><Patient id="p-1">)"
                R"(<name><family value="de Vries"/><given value="Zoë"/></name><note><![CDATA[<b>VIP</b> & "friend"]]></note>)"
                R"(</Patient></resource></entry><entry><resource><Patient id="p-2"><active value="false"/>)"
                R"(<text>Jan &amp; Piet &#233;</text></Patient></resource></entry></Bundle>)"),
            "application/fhir+xml");
        QCOMPARE(pane.shownText(3),
            QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Bundle "
                           "xmlns=\"http://hl7.org/fhir\">\n  <!-- search result -->"));
        pane.view()->setCurrentLine(10);
        QCOMPARE(pane.view()->currentPath(), QStringLiteral("/Bundle/entry[1]/resource/Patient/name/given"));
        Tests::saveScreenshot(&pane, QStringLiteral("viewer-pane-xml"));

        pane.setBody(
            Body::BodyBuffer::fromBytes(
                "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Inloggen</title>\n"
                "<style>\n  body { font: 14px sans-serif; }\n</style></head>\n<body class=login>"
                "<h1>Sign in</h1><form method=post action=\"/login\"><p>User<br><input name=user>"
                "<p>Password<br><input type=password name=pass></form>"
                "<script>if (a < b && c > d) { go(); }</script></body></html>\n"),
            "text/html; charset=utf-8");
        QCOMPARE(pane.shownText(4),
            QStringLiteral("<!DOCTYPE html>\n<html lang=\"nl\">\n  <head>\n    <meta charset=\"utf-8\">"));
        QCOMPARE(pane.view()->document()->foldEnd(1), pane.view()->document()->lineCount() - 1);
        Tests::saveScreenshot(&pane, QStringLiteral("viewer-pane-html"));
    }

    // A search match in XML is highlighted on the characters that show it: past the indentation the
    // pretty view adds, after multi-byte characters and a surrogate pair.
    void matchHighlightedWhereItShows()
    {
        const QByteArray body
            = "<Bundle><entry><resource><Patient id=\"p-\xc3\xa9\xf0\x9f\x98\x80\">"
              "<name>Zo\xc3\xab \xf0\x9f\x98\x80 de Vries</name></Patient></resource></entry></Bundle>";
        Pane pane;
        pane.resize(700, 300);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        pane.setBody(Body::BodyBuffer::fromBytes(body), "application/xml");
        Ui::BodyView* view = pane.view();
        const QByteArray match = "de Vries";
        const qint64 offset = body.indexOf(match);
        view->setMatches({{offset, match.size()}}, 0);
        QCOMPARE(view->currentLine(), 4);
        const QString text = view->document()->line(4).text;
        QCOMPARE(text, QStringLiteral("        <name>Zoë 😀 de Vries</name>"));
        const qsizetype column = text.indexOf(QStringLiteral("de Vries"));
        const QImage image = view->viewport()->grab().toImage();
        const int lineHeight = view->fontMetrics().height();
        // The gutter ends where the first line (not current) shows the base colour.
        int gutter = 0;
        for (int x = 0; x < image.width() && gutter == 0; ++x)
            if (image.pixelColor(x, lineHeight / 2) == view->palette().color(QPalette::Base))
                gutter = x;
        QVERIFY(gutter > 0);
        const int y = int((4 - view->firstVisibleLine()) * lineHeight);
        int first = -1;
        int last = -1;
        for (int x = gutter; x < image.width(); ++x) {
            if (image.pixelColor(x, y) == QColor("#f5c211")) {
                first = first < 0 ? x : first;
                last = x;
            }
        }
        const qreal width = QFontMetricsF(view->font()).horizontalAdvance(QLatin1Char('0'));
        const qreal left = gutter + view->fontMetrics().horizontalAdvance(QLatin1Char('0')) / 2;
        QVERIFY2(std::abs(first - (left + qreal(column) * width)) <= 2,
            qPrintable(QStringLiteral("starts at %1, column %2").arg(first).arg(column)));
        QVERIFY2(std::abs(last + 1 - (left + qreal(column + match.size()) * width)) <= 2,
            qPrintable(QStringLiteral("ends at %1").arg(last)));
        Tests::saveScreenshot(&pane, QStringLiteral("viewer-pane-xml-match"));
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestMarkupPane)
#include "tst_markuppane_gui.moc"
