#include "keyvaluetable.h"
#include "messagebox.h"
#include "requesteditor.h"
#include "requestparamstab.h"
#include "requesttabs.h"
#include "testmain.h"
#include "widgethelpers.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace Tokenscope;
using Tests::child;
using Row = Ui::KeyValueTable::Row;
using Style = Http::RequestAuth::Style;

Q_DECLARE_METATYPE(QList<Tokenscope::Ui::KeyValueTable::Row>)

// The composer: the query table and the URL kept in step both ways, the fields each auth style asks for,
// body kinds, methods as RFC 9110 tokens, Send/Cancel, and every field surviving a load and read back.
class TestRequestEditorGui final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void queryTextRoundTrip_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QList<Row>>("rows");
        QTest::newRow("no-query") << QStringLiteral("https://a.example/x") << QList<Row> {};
        QTest::newRow("pairs-kept-as-written-with-escapes-and-variables")
            << QStringLiteral("https://a.example/x?q=a%20b&id={{id}}")
            << QList<Row> {{QStringLiteral("q"), QStringLiteral("a%20b"), true, false},
                   {QStringLiteral("id"), QStringLiteral("{{id}}"), true, false}};
        QTest::newRow("flag-without-value-and-fragment-kept")
            << QStringLiteral("{{base}}/x?debug&page=2#top")
            << QList<Row> {{QStringLiteral("debug"), QString(), true, false},
                   {QStringLiteral("page"), QStringLiteral("2"), true, false}};
    }

    void queryTextRoundTrip()
    {
        QFETCH(QString, url);
        QFETCH(QList<Row>, rows);
        QCOMPARE(Ui::queryRows(url), rows);
        QCOMPARE(Ui::withQueryRows(url, rows), url);
    }

    void paramsFollowTheUrl()
    {
        Ui::RequestEditor editor;
        auto* url = child<QLineEdit>(editor, "urlLineEdit");
        auto* params = child<Ui::KeyValueTable>(editor, "paramsTable");
        QTest::keyClicks(url, QStringLiteral("https://a.example/items?limit=10&q=x"));
        QCOMPARE(params->rows(),
            (QList<Row> {{QStringLiteral("limit"), QStringLiteral("10"), true, false},
                {QStringLiteral("q"), QStringLiteral("x"), true, false}}));
    }

    // Path variables: a row per `:name` segment while it is in the URL, values kept across edits, sent
    // with the request and shown in the preview.
    void pathVariablesFollowTheUrl()
    {
        Ui::RequestEditor editor;
        editor.show();
        auto* url = child<QLineEdit>(editor, "urlLineEdit");
        auto* paths = child<Ui::KeyValueTable>(editor, "pathVariablesTable");
        QVERIFY(paths->isHidden());
        QTest::keyClicks(url, QStringLiteral("https://a.example/patients/:id"));
        QVERIFY(!paths->isHidden());
        QCOMPARE(paths->rows(), (QList<Row> {{QStringLiteral("id"), QString(), true, false}}));
        QVERIFY2(child<QLabel>(editor, "urlPreviewLabel")->text().contains(QStringLiteral(":id")),
            qPrintable(child<QLabel>(editor, "urlPreviewLabel")->text()));
        paths->setRows({{QStringLiteral("id"), QStringLiteral("p-1"), true, false}});
        QTest::keyClicks(url, QStringLiteral("/visits/:visit"));
        QCOMPARE(paths->rows(),
            (QList<Row> {{QStringLiteral("id"), QStringLiteral("p-1"), true, false},
                {QStringLiteral("visit"), QString(), true, false}}));
        const Http::HttpRequest request = editor.request();
        QCOMPARE(request.pathVariables.size(), 2);
        QCOMPARE(request.pathVariables.at(0).value, QStringLiteral("p-1"));
        url->setText(QStringLiteral("https://a.example/patients"));
        QVERIFY(paths->isHidden());
        editor.setRequest(request);
        QCOMPARE(editor.request().pathVariables, request.pathVariables);
    }

    // A curl command pasted by the context menu, a middle click or a drop is in the field for a moment:
    // the path variables and their values stay, and the request is not edited by it.
    void curlPasteKeepsThePathVariables()
    {
        Ui::RequestEditor editor;
        editor.show();
        Http::HttpRequest request;
        request.url = QStringLiteral("https://a.example/patients/:id?active=true");
        request.pathVariables = {{QStringLiteral("id"), QStringLiteral("42"), true}};
        editor.setRequest(request);
        QSignalSpy edited(&editor, &Ui::RequestEditor::edited);
        QSignalSpy pasted(&editor, &Ui::RequestEditor::curlPasted);
        const Http::HttpRequest before = editor.request();
        QApplication::clipboard()->setText(QStringLiteral("curl https://b.example/orders -H 'Accept: */*'"));
        auto* url = child<QLineEdit>(editor, "urlLineEdit");
        url->selectAll();
        url->paste();
        QCOMPARE(editor.request().pathVariables, before.pathVariables);
        QVERIFY(pasted.wait());
        QCOMPARE(pasted.size(), 1);
        QCOMPARE(
            pasted.at(0).at(0).toString(), QStringLiteral("curl https://b.example/orders -H 'Accept: */*'"));
        QCOMPARE(url->text(), before.url);
        QCOMPARE(editor.request(), before);
        QCOMPARE(edited.size(), 0);
    }

    void urlFollowsTheParams()
    {
        Ui::RequestEditor editor;
        Http::HttpRequest request;
        request.url = QStringLiteral("https://a.example/items?limit=10&q=x#frag");
        editor.setRequest(request);
        auto* params = child<Ui::KeyValueTable>(editor, "paramsTable");
        auto* url = child<QLineEdit>(editor, "urlLineEdit");
        QSignalSpy edited(&editor, &Ui::RequestEditor::edited);
        params->model()->item(0, 1)->setText(QStringLiteral("25"));
        QCOMPARE(url->text(), QStringLiteral("https://a.example/items?limit=25&q=x#frag"));
        // A disabled row leaves the URL but stays in the table.
        params->model()->item(1, 0)->setCheckState(Qt::Unchecked);
        QCOMPARE(url->text(), QStringLiteral("https://a.example/items?limit=25#frag"));
        QCOMPARE(params->rows().size(), 2);
        QTest::keyClicks(url, QStringLiteral("&page=3"));
        QCOMPARE(params->rows().size(), 2); // typing after the fragment adds no parameter
        url->setText(QStringLiteral("https://a.example/items?limit=25&page=3"));
        // The disabled row keeps its place among the URL's own.
        QCOMPARE(params->rows(),
            (QList<Row> {{QStringLiteral("limit"), QStringLiteral("25"), true, false},
                {QStringLiteral("q"), QStringLiteral("x"), false, false},
                {QStringLiteral("page"), QStringLiteral("3"), true, false}}));
        QCOMPARE(editor.request().disabledQuery,
            (QList<Http::DisabledQueryParameter> {{1, QStringLiteral("q"), QStringLiteral("x")}}));
        QVERIFY(!edited.isEmpty());
    }

    void authFieldsPerStyle_data()
    {
        QTest::addColumn<int>("style");
        QTest::addColumn<QStringList>("shown");
        QTest::newRow("inherit-asks-nothing") << int(Style::Inherit) << QStringList {};
        QTest::newRow("bearer-asks-nothing") << int(Style::BearerHeader) << QStringList {};
        QTest::newRow("custom-header-asks-name-and-prefix")
            << int(Style::CustomHeader)
            << QStringList {QStringLiteral("authHeaderNameLineEdit"), QStringLiteral("authPrefixLineEdit")};
        QTest::newRow("query-asks-parameter-name")
            << int(Style::QueryParameter) << QStringList {QStringLiteral("authParameterLineEdit")};
        QTest::newRow("none-asks-nothing") << int(Style::None) << QStringList {};
        QTest::newRow("basic-asks-user-and-password")
            << int(Style::Basic)
            << QStringList {QStringLiteral("authUsernameLineEdit"), QStringLiteral("authPasswordLineEdit")};
        QTest::newRow("variable-asks-its-name")
            << int(Style::BearerFromVariable) << QStringList {QStringLiteral("authVariableLineEdit")};
    }

    void authFieldsPerStyle()
    {
        QFETCH(int, style);
        QFETCH(QStringList, shown);
        Ui::RequestEditor editor;
        editor.resize(800, 500);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.tabs()->setCurrentIndex(3);
        auto* combo = child<QComboBox>(editor, "authStyleComboBox");
        QCOMPARE(combo->currentIndex(), 0); // inherit from the environment by default
        combo->setCurrentIndex(style);
        for (const char* name : {"authHeaderNameLineEdit", "authPrefixLineEdit", "authParameterLineEdit",
                 "authUsernameLineEdit", "authPasswordLineEdit", "authVariableLineEdit"}) {
            QCOMPARE(child<QLineEdit>(editor, name)->isVisible(), shown.contains(QLatin1String(name)));
        }
        QCOMPARE(int(editor.request().auth.style), style);
        QCOMPARE(child<QLineEdit>(editor, "authPasswordLineEdit")->echoMode(), QLineEdit::Password);
    }

    void bodyKinds_data()
    {
        QTest::addColumn<int>("kindIndex");
        QTest::addColumn<Http::BodyKind>("kind");
        QTest::newRow("none") << 0 << Http::BodyKind::None;
        QTest::newRow("raw") << 1 << Http::BodyKind::Raw;
        QTest::newRow("form-urlencoded") << 2 << Http::BodyKind::FormUrlEncoded;
        QTest::newRow("multipart") << 3 << Http::BodyKind::Multipart;
        QTest::newRow("binary-file") << 4 << Http::BodyKind::BinaryFile;
    }

    void bodyKinds()
    {
        QFETCH(int, kindIndex);
        QFETCH(Http::BodyKind, kind);
        Ui::RequestEditor editor;
        child<QComboBox>(editor, "bodyKindComboBox")->setCurrentIndex(kindIndex);
        QCOMPARE(editor.request().bodyKind, kind);
    }

    void jsonSyntaxMessage_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("valid") << QStringLiteral(R"({"a": [1, 2]})") << QStringLiteral("Valid JSON.");
        QTest::newRow("variables-count-as-values")
            << QStringLiteral(R"({"id": {{id}}, "name": "{{name}}"})") << QStringLiteral("Valid JSON.");
        QTest::newRow("missing-brace-reported")
            << QStringLiteral(R"({"a": 1)") << QStringLiteral("Not valid JSON");
    }

    void jsonSyntaxMessage()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        Ui::RequestEditor editor;
        child<QPlainTextEdit>(editor, "bodyTextEdit")->setPlainText(text);
        QVERIFY2(child<QLabel>(editor, "bodySyntaxLabel")->text().contains(message),
            qPrintable(child<QLabel>(editor, "bodySyntaxLabel")->text()));
    }

    void methodIsAToken_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<bool>("valid");
        QTest::newRow("standard") << QStringLiteral("PATCH") << true;
        QTest::newRow("webdav-propfind") << QStringLiteral("PROPFIND") << true;
        QTest::newRow("space-not-a-token") << QStringLiteral("GET X") << false;
        QTest::newRow("separator-not-a-token") << QStringLiteral("GET(") << false;
        QTest::newRow("empty") << QString() << false;
    }

    void methodIsAToken()
    {
        QFETCH(QString, method);
        QFETCH(bool, valid);
        QCOMPARE(Ui::RequestEditor::isValidMethod(method), valid);
    }

    void everyFieldSurvivesLoadAndRead()
    {
        Http::HttpRequest request;
        request.method = "PROPFIND";
        request.url = QStringLiteral("{{base}}/items?x=1");
        request.headers = {{QStringLiteral("Accept"), QStringLiteral("application/xml"), false}};
        request.body = "<a/>";
        request.rawType = QStringLiteral("xml");
        request.bodyKind = Http::BodyKind::Multipart;
        request.formFields = {{QStringLiteral("f"), QStringLiteral("/tmp/a.txt"), true, {}, true},
            {QStringLiteral("t"), QStringLiteral("v"), false, {}, false}};
        request.bodyFilePath = QStringLiteral("/tmp/b.bin");
        request.auth.style = Style::CustomHeader;
        request.auth.headerName = QStringLiteral("X-Token");
        request.auth.prefix = QStringLiteral("Token ");
        request.timeoutMs = 7000;
        request.followRedirects = false;
        Ui::RequestEditor editor;
        QSignalSpy edited(&editor, &Ui::RequestEditor::edited);
        editor.setRequest(request);
        QCOMPARE(edited.count(), 0);
        QCOMPARE(editor.request(), request);
    }

    void sendBecomesCancel()
    {
        Ui::RequestEditor editor;
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&editor)); // shortcuts act in the active window
        QSignalSpy send(&editor, &Ui::RequestEditor::sendRequested);
        QSignalSpy cancel(&editor, &Ui::RequestEditor::cancelRequested);
        auto* button = child<QPushButton>(editor, "sendButton");
        auto* url = child<QLineEdit>(editor, "urlLineEdit");
        url->setFocus();
        QTest::keyClick(url, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(send.count(), 1);
        editor.setBusy(true);
        QCOMPARE(button->text(), QStringLiteral("&Cancel"));
        QTest::keyClick(url, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(send.count(), 1); // not twice while one is in flight
        QTest::keyClick(url, Qt::Key_Escape);
        QCOMPARE(cancel.count(), 1);
        button->click();
        QCOMPARE(cancel.count(), 2);
        editor.setBusy(false);
        QCOMPARE(button->text(), QStringLiteral("&Send"));
    }

    void tabTitles_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("title");
        QTest::newRow("empty-is-new") << QString() << QStringLiteral("New Request");
        QTest::newRow("last-path-segment")
            << QStringLiteral("{{base}}/v1/items/?x=1#f") << QStringLiteral("GET items");
        QTest::newRow("host-only-named-by-the-host")
            << QStringLiteral("https://a.example/") << QStringLiteral("GET a.example");
    }

    void tabTitles()
    {
        QFETCH(QString, url);
        QFETCH(QString, title);
        Http::HttpRequest request;
        request.url = url;
        QCOMPARE(Ui::requestTitle(request), title);
    }

    // Open, switch, mark dirty, ask before closing a dirty one, reorder, and never end without a tab.
    void tabBehaviour()
    {
        Ui::RequestTabs tabs;
        QSignalSpy switched(&tabs, &Ui::RequestTabs::switched);
        Http::HttpRequest first;
        first.url = QStringLiteral("https://a.example/users");
        const quint64 a = tabs.openTab(first);
        Http::HttpRequest second;
        second.method = "POST";
        second.url = QStringLiteral("https://a.example/orders");
        const quint64 b = tabs.openTab(second);
        QCOMPARE(tabs.count(), 2);
        QCOMPARE(tabs.currentId(), b);
        QCOMPARE(switched.last(), (QList<QVariant> {a, b}));
        QCOMPARE(tabs.bar()->tabText(1), QStringLiteral("POST orders"));

        tabs.setDirty(b, true);
        QCOMPARE(tabs.bar()->tabText(1), QStringLiteral("• POST orders"));
        tabs.selectNext(1); // wraps around
        QCOMPARE(tabs.currentId(), a);
        QCOMPARE(switched.last(), (QList<QVariant> {b, a}));
        tabs.selectNext(-1);
        QCOMPARE(tabs.currentId(), b);

        // A dirty tab asks; "Cancel" keeps it.
        Ui::MessageBox::setNextAnswer(QMessageBox::Cancel);
        QVERIFY(!tabs.closeTab(b));
        QCOMPARE(tabs.count(), 2);
        QVERIFY(Ui::MessageBox::lastText().contains(QLatin1String("POST orders")));
        Ui::MessageBox::setNextAnswer(QMessageBox::Close);
        QVERIFY(tabs.closeTab(b));
        QCOMPARE(tabs.ids(), QList<quint64> {a});
        QCOMPARE(tabs.currentId(), a);
        QCOMPARE(switched.last(), (QList<QVariant> {quint64(0), a})); // the closed one is not stored back

        // Reordering by drag keeps each tab's own request.
        const quint64 c = tabs.openTab(second);
        tabs.bar()->moveTab(1, 0);
        QCOMPARE(tabs.ids(), (QList<quint64> {c, a}));
        QCOMPARE(tabs.tab(a).request, first);
        QCOMPARE(tabs.currentId(), c);

        // The last tab gives way to an empty one, not to nothing.
        QVERIFY(tabs.closeTab(c));
        QVERIFY(tabs.closeTab(a));
        QCOMPARE(tabs.count(), 1);
        QCOMPARE(tabs.tab(tabs.currentId()).request, Http::HttpRequest());
        Ui::MessageBox::setNextAnswer(QMessageBox::NoButton);
    }

    void tabShortcuts()
    {
        QWidget window;
        auto* tabs = new Ui::RequestTabs(&window);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        tabs->openTab();
        QTest::keyClick(&window, Qt::Key_T, Qt::ControlModifier);
        QCOMPARE(tabs->count(), 2);
        QTest::keyClick(&window, Qt::Key_Tab, Qt::ControlModifier);
        QCOMPARE(tabs->bar()->currentIndex(), 0);
        QTest::keyClick(&window, Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(tabs->bar()->currentIndex(), 1);
        QTest::keyClick(&window, Qt::Key_W, Qt::ControlModifier);
        QCOMPARE(tabs->count(), 1);
    }

    // Each tab as the user sees it, for a person to look at.
    void screenshots()
    {
        Ui::RequestEditor editor;
        editor.setVariables({{QStringLiteral("base"), QStringLiteral("https://api.example.com"), true, false},
            {QStringLiteral("apiKey"), QStringLiteral("k-123"), true, true}});
        Http::HttpRequest request;
        request.method = "POST";
        request.url = QStringLiteral("{{base}}/v1/items?key={{apiKey}}&tenant={{tenant}}&limit=10");
        request.headers = {{QStringLiteral("Accept"), QStringLiteral("application/json"), true},
            {QStringLiteral("X-Trace"), QStringLiteral("1"), false}};
        request.body = R"({"name": "Zoë", "tags": ["a", "b"})";
        request.rawType = QStringLiteral("json");
        request.auth.style = Style::Basic;
        request.auth.username = QStringLiteral("{{user}}");
        request.auth.password = QStringLiteral("{{password}}");
        request.timeoutMs = 10000;
        editor.setRequest(request);
        editor.resize(820, 420);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        const char* names[] = {"params", "headers", "body", "auth", "settings"};
        for (int tab = 0; tab < editor.tabs()->count(); ++tab) {
            editor.tabs()->setCurrentIndex(tab);
            Tests::saveScreenshot(&editor, QStringLiteral("composer-") + QLatin1String(names[tab]));
        }
        child<QComboBox>(editor, "bodyKindComboBox")->setCurrentIndex(3);
        editor.tabs()->setCurrentIndex(2);
        auto* multipart = child<Ui::KeyValueTable>(editor, "multipartTable");
        multipart->setRows({{QStringLiteral("title"), QStringLiteral("Scan"), true, false},
            {QStringLiteral("file"), QStringLiteral("/home/zoe/scan.pdf"), true, true}});
        Tests::saveScreenshot(&editor, QStringLiteral("composer-body-multipart"));
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestRequestEditorGui)
#include "tst_requesteditor_gui.moc"
