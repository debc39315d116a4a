#include "appsessionfixture.h"
#include "claimtablemodel.h"
#include "desktopservices.h"
#include "mainwindow.h"
#include "oidcfixture.h"
#include "palette.h"
#include "requesteditor.h"
#include "scriptedbrowser.h"
#include "testmain.h"
#include "tokeninspector.h"
#include "tokeninspectorview.h"
#include "tokensession.h"
#include "tokenstatuslabel.h"
#include "widgethelpers.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDropEvent>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

#include <algorithm>
#include <memory>

using namespace Tokenscope;
using Tokenscope::Tests::child;
using Tokenscope::Tests::saveScreenshot;
using Source = Ui::TokenInspector::Source;

namespace {

constexpr QLatin1String inspectorVisibleKey("tokenInspector/visible");

// The row of that claim in the model; -1 when absent.
int rowOf(const Ui::ClaimTableModel& model, const QString& claim)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, Ui::ClaimTableModel::ClaimColumn).data().toString() == claim)
            return row;
    }
    return -1;
}

QString valueOf(const Ui::ClaimTableModel& model, const QString& claim)
{
    const int row = rowOf(model, claim);
    return row < 0 ? QString() : model.index(row, Ui::ClaimTableModel::ValueColumn).data().toString();
}

} // namespace

// The Token Inspector on the tokens of a real sign-in at the OpenID provider fixture: claims, signature
// verdict, copying, masking, pasted and dropped tokens, the opaque refresh token; and the expiry
// countdown of the status chip.
class TestTokenInspectorGui final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Tests::OidcFixture> m_provider;
    std::unique_ptr<Tests::AppSessionFixture> m_fixture;
    std::unique_ptr<Tests::ScriptedBrowser> m_browser;
    std::unique_ptr<Ui::MainWindow> m_window;

    Workspace::AppSession* session() { return m_fixture->session(); }
    OAuth::TokenSession* tokens() { return session()->currentTokenSession(); }
    Ui::TokenInspector* inspector() const { return m_window->tokenInspector(); }
    Ui::TokenInspectorView* view() const
    {
        return child<Ui::TokenInspectorView>(*inspector(), "tokenInspectorView");
    }
    QString label(const char* name) const { return child<QLabel>(*inspector(), name)->text(); }
    QAbstractButton* button(const char* name) const { return child<QAbstractButton>(*inspector(), name); }

    void showInspector()
    {
        if (!inspector()->isVisible())
            child<QAction>(*m_window, "inspectTokensAction")->trigger();
        QVERIFY(inspector()->isVisible());
    }

    // Each ready verdict leaves "Checking the signature…".
    void waitForVerdict()
    {
        QTRY_VERIFY_WITH_TIMEOUT(!label("signatureVerdictLabel").isEmpty()
                && !label("signatureVerdictLabel").contains(QStringLiteral("Checking")),
            15000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        m_provider = std::make_unique<Tests::OidcFixture>();
        QString error;
        QVERIFY2(m_provider->start(&error), qPrintable(error));
    }

    void cleanupTestCase() { m_provider.reset(); }

    // Signed in as alice, with the inspector's panel on screen beside a request to the fixture's API.
    void init()
    {
        QSettings().remove(inspectorVisibleKey);
        m_fixture = std::make_unique<Tests::AppSessionFixture>();
        QVERIFY(session()->load().isNull());
        Workspace::Environment environment
            = Tests::fixtureEnvironment(*m_provider, QStringLiteral("env-fixture"));
        environment.oauth.introspectionEndpoint = m_provider->url(QStringLiteral("/token/introspection"));
        environment.oauth.userinfoEndpoint = m_provider->url(QStringLiteral("/me"));
        environment.oauth.scope = QStringLiteral("openid email offline_access demo.read");
        session()->putEnvironment(environment);
        session()->setCurrentEnvironment(environment.id);
        m_browser = std::make_unique<Tests::ScriptedBrowser>(QStringLiteral("alice"));
        Ui::DesktopServices::setUrlOpener([this](const QUrl& url) {
            m_browser->open(url);
            return true;
        });
        m_window = std::make_unique<Ui::MainWindow>(session());
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        Http::HttpRequest request;
        request.url = m_provider->url(QStringLiteral("/api/demo")).toString();
        m_window->requestEditor()->setRequest(request);

        QSignalSpy finished(tokens(), &OAuth::TokenSession::signInFinished);
        QTest::mouseClick(child<QAbstractButton>(*m_window, "getTokenButton"), Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QVERIFY2(finished.first().first().value<Error>().isNull(),
            qPrintable(finished.first().first().value<Error>().toText()));
        QVERIFY(!tokens()->tokens().idToken.isEmpty());
        QVERIFY(!tokens()->tokens().refreshToken.isEmpty());
    }

    void cleanup()
    {
        m_window.reset();
        m_fixture.reset();
        m_browser.reset();
        Ui::DesktopServices::setUrlOpener(nullptr);
        QSettings().remove(inspectorVisibleKey);
    }

    // Hidden at first; Token ▸ Inspect Tokens… (Ctrl+I) shows it, and the next window remembers.
    void panelIsToggledAndRemembered()
    {
        QVERIFY(!inspector()->isVisible());
        auto* action = child<QAction>(*m_window, "inspectTokensAction");
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_I));
        action->trigger();
        QVERIFY(inspector()->isVisible());
        QCOMPARE(m_window->dockWidgetArea(inspector()), Qt::RightDockWidgetArea);
        m_window = std::make_unique<Ui::MainWindow>(session());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(inspector()->isVisible());
        child<QAction>(*m_window, "inspectTokensAction")->trigger();
        QVERIFY(!inspector()->isVisible());
        QCOMPARE(QSettings().value(inspectorVisibleKey).toBool(), false);
    }

    // The ID token of the sign-in: its claims with readable names and explanations, times with their
    // relative text, a valid signature by the provider's key, and the checks ticked.
    void idTokenClaimsAndValidSignature()
    {
        showInspector();
        inspector()->setSource(Source::IdToken);
        const Ui::ClaimTableModel& claims = *view()->claimModel();
        QAbstractItemModelTester tester(view()->claimModel());
        QTRY_VERIFY(rowOf(claims, QStringLiteral("sub")) >= 0);
        QCOMPARE(valueOf(claims, QStringLiteral("iss")), m_provider->issuer().toString());
        QCOMPARE(valueOf(claims, QStringLiteral("aud")), QStringLiteral("tokenscope-demo"));
        const QModelIndex exp = claims.index(rowOf(claims, QStringLiteral("exp")), 0);
        QVERIFY(!exp.siblingAtColumn(Ui::ClaimTableModel::NameColumn).data().toString().isEmpty());
        QVERIFY(!exp.data(Qt::ToolTipRole).toString().isEmpty());
        QVERIFY2(valueOf(claims, QStringLiteral("exp")).contains(QStringLiteral("in ")),
            qPrintable(valueOf(claims, QStringLiteral("exp"))));
        QVERIFY(rowOf(*view()->headerModel(), QStringLiteral("alg")) >= 0);
        waitForVerdict();
        const QString verdict = label("signatureVerdictLabel");
        QVERIFY2(verdict.contains(QStringLiteral("RS256")) && verdict.contains(Ui::Palette::success),
            qPrintable(verdict));
        auto* checks = child<QListView>(*inspector(), "claimChecksListView");
        QVERIFY(checks->model()->rowCount() > 0);
        for (int row = 0; row < checks->model()->rowCount(); ++row) {
            const QString check = checks->model()->index(row, 0).data().toString();
            QVERIFY2(!check.startsWith(QStringLiteral("✗")), qPrintable(check));
        }
        // The raw JSON, coloured: a key in the key colour.
        const QTextDocument* raw = child<QPlainTextEdit>(*inspector(), "rawJsonTextEdit")->document();
        const QTextBlock sub = raw->find(QStringLiteral("\"sub\"")).block();
        QVERIFY(sub.isValid());
        const QList<QTextLayout::FormatRange> formats = sub.layout()->formats();
        QVERIFY(std::any_of(formats.cbegin(), formats.cend(), [](const QTextLayout::FormatRange& range) {
            return range.format.foreground().color() == QColor(Ui::Palette::information);
        }));
        saveScreenshot(m_window.get(), QStringLiteral("i13-inspector-id-token"));
        child<QTabWidget>(*inspector(), "inspectorTabWidget")->setCurrentIndex(2);
        saveScreenshot(inspector(), QStringLiteral("i13-inspector-raw-json"));
        child<QTabWidget>(*inspector(), "inspectorTabWidget")->setCurrentIndex(3);
        saveScreenshot(inspector(), QStringLiteral("i13-inspector-scopes"));
    }

    // The clock past exp: the row says "expired" in words and in the error colour.
    void expiredFlaggedInColourAndWords()
    {
        showInspector();
        inspector()->setSource(Source::IdToken);
        const Ui::ClaimTableModel& claims = *view()->claimModel();
        QTRY_VERIFY(rowOf(claims, QStringLiteral("exp")) >= 0);
        const auto jwtExp = QJsonDocument::fromJson(
            QByteArray::fromBase64(tokens()->tokens().idToken.section(QLatin1Char('.'), 1, 1).toLatin1(),
                QByteArray::Base64UrlEncoding))
                                .object()
                                .value(QStringLiteral("exp"))
                                .toInteger();
        inspector()->setClock([jwtExp] { return QDateTime::fromSecsSinceEpoch(jwtExp + qint64(3) * 3600); });
        const QModelIndex value
            = claims.index(rowOf(claims, QStringLiteral("exp")), Ui::ClaimTableModel::ValueColumn);
        QVERIFY2(value.data().toString().startsWith(QStringLiteral("Expired")),
            qPrintable(value.data().toString()));
        QVERIFY2(
            value.data().toString().contains(QStringLiteral("3 h ago")), qPrintable(value.data().toString()));
        QCOMPARE(value.data(Qt::ForegroundRole).value<QBrush>().color(), QColor(Ui::Palette::error));
        saveScreenshot(inspector(), QStringLiteral("i13-inspector-expired"));
    }

    // Copy Token, Copy Authorization Line and Ctrl+C on a claim put exactly that on the clipboard.
    void copyActions()
    {
        showInspector();
        inspector()->setSource(Source::AccessToken);
        QTRY_VERIFY(button("copyTokenButton")->isEnabled());
        QTest::mouseClick(button("copyTokenButton"), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), tokens()->tokens().accessToken);
        QTest::mouseClick(button("copyAuthorizationButton"), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(),
            QStringLiteral("Authorization: Bearer ") + tokens()->tokens().accessToken);

        inspector()->setSource(Source::IdToken);
        const Ui::ClaimTableModel& claims = *view()->claimModel();
        QTRY_VERIFY(rowOf(claims, QStringLiteral("sub")) >= 0);
        auto* table = child<QTableView>(*inspector(), "claimsTableView");
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        table->setFocus();
        table->setCurrentIndex(claims.index(rowOf(claims, QStringLiteral("sub")), 0));
        QTest::keySequence(table, QKeySequence::Copy);
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("alice"));
    }

    // The token is never on screen: bullets and the length, nowhere its text.
    void tokenIsMasked()
    {
        showInspector();
        for (const Source source : {Source::AccessToken, Source::IdToken, Source::RefreshToken}) {
            inspector()->setSource(source);
            const QString token = source == Source::AccessToken ? tokens()->tokens().accessToken
                : source == Source::IdToken                     ? tokens()->tokens().idToken
                                                                : tokens()->tokens().refreshToken;
            const QString masked = label("maskedTokenLabel");
            QVERIFY2(masked.contains(QChar(0x2022)), qPrintable(masked));
            QVERIFY2(masked.contains(QString::number(token.size())), qPrintable(masked));
            const auto labels = inspector()->findChildren<QLabel*>();
            for (const QLabel* shown : labels)
                QVERIFY2(!shown->text().contains(token), qPrintable(shown->objectName()));
            QVERIFY(!child<QPlainTextEdit>(*inspector(), "rawJsonTextEdit")->toPlainText().contains(token));
        }
        waitForVerdict();
        saveScreenshot(inspector(), QStringLiteral("i13-inspector-masked"));
    }

    // A pasted "Bearer …" line is inspected as the token without the prefix, against the environment's
    // keys; the field shows bullets.
    void pastedBearerToken()
    {
        showInspector();
        const QString idToken = tokens()->tokens().idToken;
        QApplication::clipboard()->setText(QStringLiteral("Bearer ") + idToken);
        QTest::mouseClick(button("pasteTokenButton"), Qt::LeftButton);
        QCOMPARE(inspector()->source(), Source::Pasted);
        auto* field = child<QLineEdit>(*inspector(), "pastedTokenLineEdit");
        QVERIFY(!field->displayText().contains(idToken));
        QVERIFY2(label("maskedTokenLabel").contains(QString::number(idToken.size())),
            qPrintable(label("maskedTokenLabel")));
        QTRY_COMPARE(
            valueOf(*view()->claimModel(), QStringLiteral("aud")), QStringLiteral("tokenscope-demo"));
        QVERIFY(child<QLineEdit>(*inspector(), "jwksUrlLineEdit")->isVisible());
        waitForVerdict();
        QVERIFY2(label("signatureVerdictLabel").contains(Ui::Palette::success),
            qPrintable(label("signatureVerdictLabel")));
        QTest::mouseClick(button("copyTokenButton"), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), idToken);
        saveScreenshot(m_window.get(), QStringLiteral("i13-inspector-pasted-bearer"));
    }

    // Text dropped on the panel is inspected as a pasted token.
    void droppedToken()
    {
        showInspector();
        QMimeData mime;
        mime.setText(tokens()->tokens().idToken);
        const QPoint centre = inspector()->rect().center();
        QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(inspector(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(centre), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(inspector(), &drop);
        QVERIFY(drop.isAccepted());
        QCOMPARE(inspector()->source(), Source::Pasted);
        QTRY_COMPARE(valueOf(*view()->claimModel(), QStringLiteral("sub")), QStringLiteral("alice"));
    }

    // The refresh token is opaque: said so, no claims; it and the access token (opaque here too) are
    // introspected on request, and the answer fills the same table.
    void opaqueTokensAndIntrospection()
    {
        showInspector();
        inspector()->setSource(Source::RefreshToken);
        QTRY_VERIFY2(
            label("tokenFormLabel").contains(QStringLiteral("paque")), qPrintable(label("tokenFormLabel")));
        QCOMPARE(view()->claimModel()->rowCount(), 0);
        waitForVerdict();
        saveScreenshot(inspector(), QStringLiteral("i13-inspector-opaque-refresh-token"));
        QVERIFY(button("inspectorIntrospectButton")->isEnabled());
        QTest::mouseClick(button("inspectorIntrospectButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(*view()->claimModel(), QStringLiteral("active")) >= 0, 15000);
        QCOMPARE(valueOf(*view()->claimModel(), QStringLiteral("active")), QStringLiteral("true"));
        QCOMPARE(
            valueOf(*view()->claimModel(), QStringLiteral("client_id")), QStringLiteral("tokenscope-demo"));
        saveScreenshot(inspector(), QStringLiteral("i13-inspector-introspection-refresh-token"));

        inspector()->setSource(Source::AccessToken);
        waitForVerdict();
        child<QTabWidget>(*inspector(), "inspectorTabWidget")->setCurrentIndex(3);
        saveScreenshot(inspector(), QStringLiteral("i13-inspector-access-token-scopes"));
        child<QTabWidget>(*inspector(), "inspectorTabWidget")->setCurrentIndex(0);
        QTRY_VERIFY(button("inspectorIntrospectButton")->isEnabled());
        QTest::mouseClick(button("inspectorIntrospectButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(*view()->claimModel(), QStringLiteral("active")) >= 0, 15000);
        QCOMPARE(valueOf(*view()->claimModel(), QStringLiteral("active")), QStringLiteral("true"));
        QCOMPARE(
            valueOf(*view()->claimModel(), QStringLiteral("client_id")), QStringLiteral("tokenscope-demo"));
        saveScreenshot(inspector(), QStringLiteral("i13-inspector-introspection"));

        // A token pasted from elsewhere (a customer's opaque token) is asked about with this environment's
        // client; an ID token is never introspected.
        inspector()->setSource(Source::IdToken);
        QVERIFY(!button("inspectorIntrospectButton")->isEnabled());
        QApplication::clipboard()->setText(QStringLiteral("Bearer ") + tokens()->tokens().accessToken);
        QTest::mouseClick(button("pasteTokenButton"), Qt::LeftButton);
        QCOMPARE(inspector()->source(), Source::Pasted);
        QVERIFY(button("inspectorIntrospectButton")->isEnabled());
        QTest::mouseClick(button("inspectorIntrospectButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(*view()->claimModel(), QStringLiteral("active")) >= 0, 15000);
        QCOMPARE(valueOf(*view()->claimModel(), QStringLiteral("active")), QStringLiteral("true"));
        QCOMPARE(valueOf(*view()->claimModel(), QStringLiteral("scope")),
            QStringLiteral("openid email offline_access demo.read"));
    }

    // The status chip counts down, turns amber in the last minute and red once expired: the words of
    // the countdown, not only the dot.
    void countdownTurnsAmberInTheLastMinute_data()
    {
        QTest::addColumn<int>("secondsLeft");
        QTest::addColumn<QString>("expected"); // rich text in the chip
        QTest::newRow("61 s left: as usual") << 61 << QStringLiteral("expires in 01:01");
        QTest::newRow("59 s left: amber")
            << 59
            << QStringLiteral("<span style=\"color:%1\">expires in 00:59</span>").arg(Ui::Palette::warning);
        QTest::newRow("expired: red")
            << -5
            << QStringLiteral("<span style=\"color:%1\">expired 00:05 ago</span>").arg(Ui::Palette::error);
    }
    void countdownTurnsAmberInTheLastMinute()
    {
        QFETCH(int, secondsLeft);
        QFETCH(QString, expected);
        auto* chip = child<Ui::TokenStatusLabel>(*m_window, "tokenStatusLabel");
        const QDateTime expiresAt = tokens()->tokens().expiresAt;
        QVERIFY(expiresAt.isValid());
        chip->setClock([expiresAt, secondsLeft] { return expiresAt.addSecs(-secondsLeft); });
        QVERIFY2(chip->text().contains(expected), qPrintable(chip->text()));
        if (secondsLeft > 60)
            QVERIFY2(!chip->text().contains(Ui::Palette::warning), qPrintable(chip->text()));
        saveScreenshot(chip, QStringLiteral("i13-inspector-countdown-%1").arg(secondsLeft));
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestTokenInspectorGui)
#include "tst_tokeninspector_gui.moc"
