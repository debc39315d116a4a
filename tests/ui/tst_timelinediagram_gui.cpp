#include "appsessionfixture.h"
#include "browserstandin.h"
#include "desktopservices.h"
#include "flowdiagramview.h"
#include "flowlog.h"
#include "mainwindow.h"
#include "oidcfixture.h"
#include "responseviewer.h"
#include "scriptedbrowser.h"
#include "testmain.h"
#include "timelineview.h"
#include "tokensession.h"
#include "widgethelpers.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QApplication>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QUrlQuery>

using namespace Tokenscope;
using OAuth::FlowParty;
using Tokenscope::Tests::child;
using Tokenscope::Tests::saveScreenshot;

namespace {

QString partyWord(FlowParty party)
{
    switch (party) {
    case FlowParty::User:
        return QStringLiteral("User");
    case FlowParty::Tokenscope:
        return QStringLiteral("Tokenscope");
    case FlowParty::Browser:
        return QStringLiteral("Browser");
    case FlowParty::AuthorizationServer:
        return QStringLiteral("AS");
    case FlowParty::Api:
        return QStringLiteral("API");
    }
    return {};
}

// An arrow as one line: "Tokenscope>AS: POST /token (refresh_token)", "Tokenscope>Browser>AS: …" with a
// via, "API>Tokenscope: 401 …" for an answer, "Tokenscope: …" for a note; "!" before a failure.
QString arrowText(const Ui::FlowDiagramView::Arrow& arrow)
{
    QString text = arrow.failed ? QStringLiteral("!") : QString();
    text += partyWord(arrow.from);
    if (arrow.via != arrow.from && arrow.via != arrow.to)
        text += QLatin1Char('>') + partyWord(arrow.via);
    if (arrow.to != arrow.from)
        text += QLatin1Char('>') + partyWord(arrow.to);
    return text + QStringLiteral(": ") + arrow.label;
}

} // namespace

// The Timeline's sequence diagram after a real sign-in at the oidc-provider fixture, a refresh, and an
// API call whose token the provider has revoked meanwhile (401 invalid_token, refreshed and retried):
// the arrows in order between the right lifelines, each exchange's request and answer on a click, the
// parameters explained, and never a token in clear.
class TestTimelineDiagramGui final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Tests::AppSessionFixture> m_fixture;
    Workspace::AppSession* m_session = nullptr; // m_fixture's

    static QStringList arrows(const Ui::FlowDiagramView* diagram, int rows)
    {
        QStringList result;
        for (int row = 0; row < rows; ++row)
            result.append(arrowText(diagram->arrow(row)));
        return result;
    }

    // The first row at or after from whose arrow matches pattern; -1 when none.
    static int find(const QStringList& arrows, const QString& pattern, int from = 0)
    {
        const QRegularExpression expression(QStringLiteral("^") + pattern);
        for (int row = from; row < arrows.size(); ++row) {
            if (expression.match(arrows.at(row)).hasMatch())
                return row;
        }
        return -1;
    }

    static QString click(Ui::FlowDiagramView* diagram, int row)
    {
        diagram->scrollToRow(row);
        QTest::mouseClick(diagram->viewport(), Qt::LeftButton, {}, diagram->rowRect(row).center());
        return child<QPlainTextEdit>(*diagram->window(), "timelineDetailsTextEdit")->toPlainText();
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        QSettings().clear(); // the Timeline opens as the last run left it
        m_fixture = std::make_unique<Tests::AppSessionFixture>();
        m_session = m_fixture->session();
        QVERIFY(m_session->load().isNull());
    }

    void cleanup() { m_fixture.reset(); }

    void codeFlowWithRefreshAndRetry()
    {
        // Revoking the access token leaves the refresh token working, so the API's 401 can be cured.
        Tests::OidcFixture fixture({QStringLiteral("--revoke-token-only")});
        QString error;
        QVERIFY2(fixture.start(&error), qPrintable(error));
        const Workspace::Environment environment
            = Tests::fixtureEnvironment(fixture, QStringLiteral("fixture-env"));
        m_session->putEnvironment(environment);
        m_session->setCurrentEnvironment(environment.id);
        Tests::ScriptedBrowser browser(QStringLiteral("carol"));
        const Tests::SystemBrowserStandIn standIn(browser);

        Ui::MainWindow window(m_session);
        window.resize(1200, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QStringList secrets; // every token and code of the run
        const auto keep = [&secrets](const OAuth::TokenSet& tokens) {
            for (const QString& token : {tokens.accessToken, tokens.refreshToken, tokens.idToken}) {
                if (!token.isEmpty() && !secrets.contains(token))
                    secrets.append(token);
            }
        };

        // Sign in.
        QTest::mouseClick(child<QAbstractButton>(window, "getTokenButton"), Qt::LeftButton);
        OAuth::TokenSession* tokens = m_session->currentTokenSession();
        QTRY_VERIFY_WITH_TIMEOUT(!tokens->tokens().refreshToken.isEmpty(), 30000);
        keep(tokens->tokens());
        for (const auto& visit : browser.visits()) {
            const QString code = QUrlQuery(visit.url).queryItemValue(QStringLiteral("code"));
            if (!code.isEmpty())
                secrets.append(code);
        }
        QVERIFY2(secrets.size() >= 4, qPrintable(QString::number(secrets.size()))); // with the code

        // Refresh.
        QSignalSpy refreshed(tokens, &OAuth::TokenSession::refreshFinished);
        tokens->refresh();
        QVERIFY(refreshed.wait(10000));
        keep(tokens->tokens());

        // The provider revokes the access token behind Tokenscope's back.
        QNetworkAccessManager manager;
        QNetworkRequest revoke(fixture.url(QStringLiteral("/token/revocation")));
        revoke.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/x-www-form-urlencoded"));
        QNetworkReply* revoked = manager.post(revoke,
            "client_id=tokenscope-demo&token=" + QUrl::toPercentEncoding(tokens->tokens().accessToken));
        QSignalSpy done(revoked, &QNetworkReply::finished);
        QVERIFY(done.wait(10000));
        QCOMPARE(revoked->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        revoked->deleteLater();

        // The API call: 401 invalid_token, one refresh, one retry, 200.
        auto* line = child<QLineEdit>(window, "urlLineEdit");
        line->setText(fixture.url(QStringLiteral("/api/me")).toString());
        QSignalSpy shown(window.responseViewer(), &Ui::ResponseViewer::bodyShown);
        QTest::mouseClick(child<QAbstractButton>(window, "sendButton"), Qt::LeftButton);
        QVERIFY(shown.wait(15000));
        QTRY_VERIFY(child<QLabel>(window, "statusLabel")->text().contains(QLatin1String("200")));
        keep(tokens->tokens());

        // The Timeline opens on the diagram.
        auto* tabs = child<QTabWidget>(window, "responseTabWidget");
        auto* diagram = child<Ui::FlowDiagramView>(window, "flowDiagramView");
        for (int i = 0; i < tabs->count(); ++i) {
            if (tabs->widget(i)->isAncestorOf(diagram))
                tabs->setCurrentIndex(i);
        }
        QVERIFY(diagram->isVisible());
        QVERIFY(!diagram->accessibleName().isEmpty());
        auto* list = child<QTreeView>(window, "timelineView");
        const int rows = list->model()->rowCount();
        const QStringList all = arrows(diagram, rows);
        const QString dump = all.join(u'\n');

        // The arrows, in the order they happened, between the lifelines they belong to.
        const QStringList expected = {
            QStringLiteral(R"(Tokenscope>Browser>AS: GET /auth \(code\))"),
            QStringLiteral(R"(AS>Browser>Tokenscope: Redirect \(code, state)"),
            QStringLiteral(R"(Tokenscope>AS: POST /token \(authorization_code\))"),
            QStringLiteral(R"(AS>Tokenscope: 200 · \d+ ms)"),
            QStringLiteral(R"(Tokenscope>AS: GET /jwks)"),
            QStringLiteral(R"(AS>Tokenscope: 200 · \d+ ms)"),
            QStringLiteral(R"(Tokenscope>AS: POST /token \(refresh_token\))"),
            QStringLiteral(R"(AS>Tokenscope: 200 · \d+ ms)"),
            QStringLiteral(R"(Tokenscope>API: GET /api/me)"),
            QStringLiteral(R"(!API>Tokenscope: 401 invalid_token · \d+ ms)"),
            QStringLiteral(R"(Tokenscope: The API answered invalid_token)"),
            QStringLiteral(R"(Tokenscope>AS: POST /token \(refresh_token\))"),
            QStringLiteral(R"(AS>Tokenscope: 200 · \d+ ms)"),
            QStringLiteral(R"(Tokenscope>API: GET /api/me)"),
            QStringLiteral(R"(API>Tokenscope: 200 · \d+ ms)"),
        };
        QList<int> at;
        int from = 0;
        for (const QString& pattern : expected) {
            const int row = find(all, pattern, from);
            QVERIFY2(row >= 0,
                qPrintable(pattern + QStringLiteral(" not after row ") + QString::number(from)
                    + QStringLiteral(" in\n") + dump));
            at.append(row);
            from = row + 1;
        }
        // No recorded exchange is with the user's lifeline; nothing else goes to the API.
        for (const QString& arrow : all)
            QVERIFY2(!arrow.contains(QLatin1String("User")), qPrintable(dump));
        // The user's part, derived: signing in at the provider between the authorization request and
        // its redirect, drawn below the request, timed by the two events.
        const QString signedIn = arrowText(diagram->signIn(at.at(0)));
        QVERIFY2(signedIn.contains(QRegularExpression(
                     QStringLiteral(R"(^User>Browser: User signs in and consents · \d+[.,]\d s$)"))),
            qPrintable(signedIn));
        QCOMPARE(diagram->signInRect(at.at(0)).top(), diagram->rowRect(at.at(0)).bottom() + 1);
        QCOMPARE(diagram->rowRect(at.at(1)).top(), diagram->signInRect(at.at(0)).bottom() + 1);
        for (int row = 0; row < rows; ++row) {
            if (row != at.at(0))
                QVERIFY2(diagram->signIn(row).label.isEmpty(), qPrintable(all.at(row)));
        }
        QCOMPARE(all.filter(QRegularExpression(QStringLiteral(">API:"))).size(), 2);
        saveScreenshot(&window, QStringLiteral("i13-timeline-diagram"));
        diagram->verticalScrollBar()->setValue(0);
        saveScreenshot(
            child<QWidget>(window, "timelineWidget"), QStringLiteral("i13-timeline-diagram-sign-in"));
        saveScreenshot(
            child<QWidget>(window, "timelineWidget"), QStringLiteral("i13-timeline-diagram-user-lane"));

        // Clicking the 401 shows the retried call's request and its answer, both selected.
        const int refusedCall = at.at(8);
        const int refusal = at.at(9);
        const QString refusedDetails = click(diagram, refusal);
        QCOMPARE(list->currentIndex().row(), refusal);
        QVERIFY(list->selectionModel()->isRowSelected(refusedCall, {}));
        QVERIFY(list->selectionModel()->isRowSelected(refusal, {}));
        QVERIFY2(refusedDetails.startsWith(
                     QStringLiteral("GET ") + fixture.url(QStringLiteral("/api/me")).toString()),
            qPrintable(refusedDetails));
        QVERIFY2(refusedDetails.contains(
                     QRegularExpression(QStringLiteral(R"(Authorization: Bearer •{6} #[0-9a-f]{6})"))),
            qPrintable(refusedDetails));
        QVERIFY2(refusedDetails.contains(QLatin1String("HTTP 401")), qPrintable(refusedDetails));
        QVERIFY2(refusedDetails.contains(QLatin1String("access token is unknown, revoked or expired")),
            qPrintable(refusedDetails));
        QVERIFY2(diagram->accessibleDescription().contains(QLatin1String("401 invalid_token")),
            qPrintable(diagram->accessibleDescription()));
        saveScreenshot(&window, QStringLiteral("i13-timeline-diagram-401-selected"));

        // The authorization request: its parameters decoded and explained.
        const QString asked = click(diagram, at.at(0));
        for (const char* name : {"state", "nonce", "code_challenge", "code_challenge_method", "scope",
                 "prompt", "redirect_uri", "client_id", "response_type"}) {
            QVERIFY2(asked.contains(QRegularExpression(
                         QStringLiteral(R"(\n\s*%1 +\S[^\n]*\n\s+↳ \S)").arg(QLatin1String(name)))),
                qPrintable(QLatin1String(name) + QLatin1Char('\n') + asked));
        }
        QVERIFY2(asked.contains(QRegularExpression(QStringLiteral(R"(\n\s*code_challenge_method +S256\n)"))),
            qPrintable(asked));
        QVERIFY2(asked.contains(QRegularExpression(QStringLiteral(R"(\n\s*prompt +consent\n)"))),
            qPrintable(asked));
        QVERIFY2(diagram->accessibleDescription().contains(QLatin1String("User signs in and consents")),
            qPrintable(diagram->accessibleDescription()));

        // The code exchange: the verifier masked and explained, the answer's tokens masked.
        const QString exchange = click(diagram, at.at(2));
        QVERIFY2(exchange.contains(
                     QRegularExpression(QStringLiteral(R"(\n\s*code_verifier +•{6} #[0-9a-f]{6}\n\s+↳ )"))),
            qPrintable(exchange));
        QVERIFY2(exchange.contains(QLatin1String("HTTP 200")), qPrintable(exchange));

        // By keyboard, every step in turn: a description for a screen reader, and no token in clear.
        diagram->setFocus();
        QTest::keyClick(diagram, Qt::Key_Home);
        QCOMPARE(list->currentIndex().row(), 0);
        auto* details = child<QPlainTextEdit>(window, "timelineDetailsTextEdit");
        for (int row = 0; row < rows; ++row) {
            if (row > 0)
                QTest::keyClick(diagram, Qt::Key_Down);
            QCOMPARE(list->currentIndex().row(), row);
            QVERIFY(!diagram->accessibleDescription().isEmpty());
            const QString text = details->toPlainText();
            QVERIFY(!text.isEmpty());
            for (const QString& secret : std::as_const(secrets))
                QVERIFY2(!text.contains(secret)
                        && !text.contains(QString::fromLatin1(QUrl::toPercentEncoding(secret))),
                    qPrintable(QStringLiteral("row %1 shows a secret:\n%2").arg(row).arg(text)));
        }
        QVERIFY(diagram->verticalScrollBar()->value() == diagram->verticalScrollBar()->maximum());

        // The list shows the same step; switching back keeps it.
        QTest::mouseClick(child<QToolButton>(window, "timelineListButton"), Qt::LeftButton);
        QVERIFY(list->isVisible());
        QCOMPARE(list->currentIndex().row(), rows - 1);
        QTest::mouseClick(child<QToolButton>(window, "timelineDiagramButton"), Qt::LeftButton);
        QVERIFY(diagram->isVisible());

        // Dark palette: the same diagram, for a person to look at.
        click(diagram, refusal);
        const QPalette light = QApplication::palette();
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x24, 0x24, 0x24));
        dark.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xee));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2a, 0x2a));
        dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
        dark.setColor(QPalette::Button, QColor(0x30, 0x30, 0x30));
        dark.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xee));
        dark.setColor(QPalette::Mid, QColor(0x60, 0x60, 0x60));
        dark.setColor(QPalette::Highlight, QColor(0x35, 0x84, 0xe4));
        dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
        QApplication::setPalette(dark);
        const auto back = qScopeGuard([light] { QApplication::setPalette(light); });
        saveScreenshot(&window, QStringLiteral("i13-timeline-diagram-dark"));
        click(diagram, at.at(0));
        saveScreenshot(
            child<QWidget>(window, "timelineWidget"), QStringLiteral("i13-timeline-diagram-dark-sign-in"));
    }

    // Hundreds of exchanges: the diagram keeps up and follows the newest while the user is at the bottom,
    // and stays where the user scrolled to otherwise.
    // The Diagram/List choice is the user's: the next Timeline (the next run) opens the same way.
    void remembersDiagramOrList()
    {
        Http::FlowLog log;
        {
            Ui::TimelineView first(&log);
            QCOMPARE(first.mode(), Ui::TimelineView::Mode::Diagram);
            QTest::mouseClick(child<QToolButton>(first, "timelineListButton"), Qt::LeftButton);
            QCOMPARE(first.mode(), Ui::TimelineView::Mode::List);
        }
        {
            Ui::TimelineView second(&log);
            QCOMPARE(second.mode(), Ui::TimelineView::Mode::List);
            QVERIFY(child<QToolButton>(second, "timelineListButton")->isChecked());
            QTest::mouseClick(child<QToolButton>(second, "timelineDiagramButton"), Qt::LeftButton);
            QCOMPARE(second.mode(), Ui::TimelineView::Mode::Diagram);
        }
        Ui::TimelineView third(&log);
        QCOMPARE(third.mode(), Ui::TimelineView::Mode::Diagram);
        QVERIFY(child<QToolButton>(third, "timelineDiagramButton")->isChecked());
    }

    void followsTheNewestOnlyAtTheBottom()
    {
        Ui::MainWindow window(m_session);
        window.resize(900, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* diagram = child<Ui::FlowDiagramView>(window, "flowDiagramView");
        auto* tabs = child<QTabWidget>(window, "responseTabWidget");
        for (int i = 0; i < tabs->count(); ++i) {
            if (tabs->widget(i)->isAncestorOf(diagram))
                tabs->setCurrentIndex(i);
        }
        for (int i = 0; i < 500; ++i)
            m_session->flowLog()->note(QStringLiteral("Step %1").arg(i));
        QScrollBar* bar = diagram->verticalScrollBar();
        QVERIFY(bar->maximum() > 0);
        QCOMPARE(bar->value(), bar->maximum());
        QVERIFY(diagram->rowRect(499).bottom() <= diagram->viewport()->height());
        bar->setValue(0);
        m_session->flowLog()->note(QStringLiteral("One more"));
        QCOMPARE(bar->value(), 0);
        bar->setValue(bar->maximum());
        m_session->flowLog()->note(QStringLiteral("And another"));
        QCOMPARE(bar->value(), bar->maximum());
        QVERIFY(diagram->rowRect(501).bottom() <= diagram->viewport()->height());

        // A row half scrolled out ends at the lane header: the header looks the same at any scroll.
        bar->setValue(0);
        const int header = diagram->rowRect(0).top();
        const QImage atTop
            = diagram->viewport()->grab().toImage().copy(0, 0, diagram->viewport()->width(), header);
        const int rowHeight = diagram->rowRect(1).top() - header;
        bar->setValue(10 * rowHeight + rowHeight / 2);
        QVERIFY(diagram->rowRect(10).top() < header && diagram->rowRect(10).bottom() > header);
        const QImage scrolled
            = diagram->viewport()->grab().toImage().copy(0, 0, diagram->viewport()->width(), header);
        saveScreenshot(diagram, QStringLiteral("i13-timeline-diagram-half-scrolled"));
        QVERIFY(scrolled == atTop);
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestTimelineDiagramGui)
#include "tst_timelinediagram_gui.moc"
