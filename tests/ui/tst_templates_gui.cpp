#include "appsessionfixture.h"
#include "environmentdialog.h"
#include "mainwindow.h"
#include "oidcfixture.h"
#include "providertemplates.h"
#include "templateactions.h"
#include "templatedialog.h"
#include "testmain.h"
#include "widgethelpers.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTest>

using namespace Tokenscope;
using Tokenscope::Tests::child;
using Tokenscope::Tests::OidcFixture;
using Tokenscope::Tests::saveScreenshot;

Q_DECLARE_METATYPE(Tokenscope::OAuth::ProviderKind)

namespace {

QString originOf(const OidcFixture& fixture)
{
    return fixture.issuer().adjusted(QUrl::RemovePath).toString();
}

// "key=value" answers with @ORIGIN@ and @ISSUER@ replaced by the fixture's.
void answer(Ui::TemplateDialog* dialog, const QStringList& answers, const OidcFixture* fixture)
{
    for (QString pair : answers) {
        if (fixture)
            pair.replace(QLatin1String("@ORIGIN@"), originOf(*fixture))
                .replace(QLatin1String("@ISSUER@"), fixture->issuer().toString());
        const qsizetype equals = pair.indexOf(QLatin1Char('='));
        dialog->setAnswer(pair.left(equals), pair.mid(equals + 1));
    }
}

int rowOf(OAuth::ProviderKind kind)
{
    const auto templates = OAuth::providerTemplates();
    for (int row = 0; row < templates.size(); ++row)
        if (templates.at(row).kind == kind)
            return row;
    return -1;
}

} // namespace

// File ▸ New Environment from Template… and File ▸ Import ▸ From OpenID Discovery URL… in the window:
// a template's few answers discovered against the real oidc-provider, the environment dialog prefilled,
// and every way discovery fails said, with the way back to the answers.
class TestTemplatesGui final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Tests::AppSessionFixture> m_fixture;
    Workspace::AppSession* m_session = nullptr;

    // Opens the template dialog from the File menu and goes to the answers of kind.
    static QPointer<Ui::TemplateDialog> openTemplate(Ui::MainWindow& window, OAuth::ProviderKind kind)
    {
        child<QAction>(window, "newEnvironmentFromTemplateAction")->trigger();
        QPointer<Ui::TemplateDialog> dialog = window.findChild<Ui::TemplateDialog*>();
        if (!dialog || !QTest::qWaitForWindowExposed(dialog))
            return {};
        child<QListWidget>(*dialog, "templateList")->setCurrentRow(rowOf(kind));
        QTest::mouseClick(child<QPushButton>(*dialog, "templateNextButton"), Qt::LeftButton);
        return dialog;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<OAuth::ProviderKind>();
        QStandardPaths::setTestModeEnabled(true);
    }

    void init()
    {
        m_fixture = std::make_unique<Tests::AppSessionFixture>();
        m_session = m_fixture->session();
        QVERIFY(m_session->load().isNull());
    }

    void cleanup() { m_fixture.reset(); }

    // The generic and the tenant-in-path templates with the fixture's issuer: Discover fills the
    // environment dialog, which saves a new environment once the client id is given.
    void templateOpensThePrefilledEnvironmentDialog_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<OAuth::ProviderKind>("kind");
        QTest::addColumn<QStringList>("answers");
        QTest::addColumn<QString>("name");

        QTest::newRow("generic discovery URL")
            << QStringList() << OAuth::ProviderKind::Generic
            << QStringList {QStringLiteral("url=@ISSUER@/.well-known/openid-configuration"),
                   QStringLiteral("scopes=demo.read")}
            << "127.0.0.1";
        QTest::newRow("tenant in the path")
            << QStringList {QStringLiteral("--mount"), QStringLiteral("/acme/"), QStringLiteral("--routes"),
                   QStringLiteral("identity-hub")}
            << OAuth::ProviderKind::TenantHub
            << QStringList {QStringLiteral("host=@ORIGIN@"), QStringLiteral("tenant=acme")}
            << "acme (127.0.0.1)";
    }

    void templateOpensThePrefilledEnvironmentDialog()
    {
        QFETCH(QStringList, arguments);
        QFETCH(OAuth::ProviderKind, kind);
        QFETCH(QStringList, answers);
        QFETCH(QString, name);

        OidcFixture fixture(arguments);
        QString startError;
        QVERIFY2(fixture.start(&startError), qPrintable(startError));
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QPointer<Ui::TemplateDialog> dialog = openTemplate(window, kind);
        QVERIFY(dialog);
        answer(dialog, answers, &fixture);
        QCOMPARE(child<QLineEdit>(*dialog, "templateName")->text(), name);
        QVERIFY(child<QLabel>(*dialog, "templatePreview")->text().contains(QLatin1String("Scope: openid")));
        saveScreenshot(
            dialog, QStringLiteral("template-answers-") + QString::fromLatin1(QTest::currentDataTag()));
        QTest::mouseClick(child<QPushButton>(*dialog, "templateNextButton"), Qt::LeftButton);

        QTRY_VERIFY_WITH_TIMEOUT(window.findChild<Ui::EnvironmentDialog*>(), 15000);
        QTRY_VERIFY(dialog.isNull());
        auto* editor = window.findChild<Ui::EnvironmentDialog*>();
        QVERIFY(QTest::qWaitForWindowExposed(editor));
        QCOMPARE(child<QLineEdit>(*editor, "issuerLineEdit")->text(), fixture.issuer().toString());
        QCOMPARE(child<QLineEdit>(*editor, "nameLineEdit")->text(), name);
        QVERIFY(!child<QLineEdit>(*editor, "tokenEndpointLineEdit")->text().isEmpty());
        QVERIFY(!child<QLineEdit>(*editor, "jwksUriLineEdit")->text().isEmpty());
        saveScreenshot(
            editor, QStringLiteral("template-prefilled-") + QString::fromLatin1(QTest::currentDataTag()));

        QTest::keyClicks(child<QLineEdit>(*editor, "clientIdLineEdit"), QStringLiteral("tokenscope-basic"));
        QTest::keyClicks(
            child<QLineEdit>(*editor, "clientSecretLineEdit"), QStringLiteral("tokenscope-basic-secret"));
        QTest::keyClicks(
            child<QLineEdit>(*editor, "redirectUriLineEdit"), QStringLiteral("http://127.0.0.1/callback"));
        child<QDialogButtonBox>(*editor, "buttonBox")->button(QDialogButtonBox::Save)->click();
        QVERIFY2(!child<QLabel>(*editor, "problemLabel")->isVisible(),
            qPrintable(child<QLabel>(*editor, "problemLabel")->text()));
        QTRY_COMPARE(m_session->workspace().environments.size(), 1);
        const Workspace::Environment& created = m_session->workspace().environments.constFirst();
        QCOMPARE(created.name, name);
        QCOMPARE(created.oauth.issuer, fixture.issuer().toString());
        QVERIFY(created.oauth.endpointsDiscovered);
        QCOMPARE(m_session->currentEnvironment()->id, created.id);
    }

    // No network, a 404 and an issuer mismatch: the reason is shown, Back returns to the answers as they
    // were, and nothing is created.
    void failuresSayWhyAndGoBack_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<OAuth::ProviderKind>("kind");
        QTest::addColumn<QStringList>("answers");
        QTest::addColumn<QString>("summary");
        QTest::addColumn<bool>("withoutDiscovery");

        QTest::newRow("no network") << QStringList() << OAuth::ProviderKind::Keycloak
                                    << QStringList {QStringLiteral("host=http://127.0.0.1:1"),
                                           QStringLiteral("realm=zorgapis")}
                                    << QString() << true;
        QTest::newRow("404: another realm")
            << QStringList {QStringLiteral("--mount"), QStringLiteral("/realms/zorgapis"),
                   QStringLiteral("--routes"), QStringLiteral("keycloak")}
            << OAuth::ProviderKind::Keycloak
            << QStringList {QStringLiteral("host=@ORIGIN@"), QStringLiteral("realm=other")}
            << "The provider has no metadata at this address" << true;
        QTest::newRow("issuer mismatch: the hub's slash missing")
            << QStringList {QStringLiteral("--mount"), QStringLiteral("/acme"), QStringLiteral("--routes"),
                   QStringLiteral("identity-hub")}
            << OAuth::ProviderKind::TenantHub
            << QStringList {QStringLiteral("host=@ORIGIN@"), QStringLiteral("tenant=acme")}
            << "The provider calls itself" << true;
    }

    void failuresSayWhyAndGoBack()
    {
        QFETCH(QStringList, arguments);
        QFETCH(OAuth::ProviderKind, kind);
        QFETCH(QStringList, answers);
        QFETCH(QString, summary);
        QFETCH(bool, withoutDiscovery);

        OidcFixture fixture(arguments);
        QString startError;
        QVERIFY2(fixture.start(&startError), qPrintable(startError));
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QPointer<Ui::TemplateDialog> dialog = openTemplate(window, kind);
        QVERIFY(dialog);
        answer(dialog, answers, &fixture);
        QSignalSpy failed(dialog.data(), &Ui::TemplateDialog::discoveryFailed);
        QTest::mouseClick(child<QPushButton>(*dialog, "templateNextButton"), Qt::LeftButton);
        QVERIFY(failed.wait(15000));
        QVERIFY2(failed.first().first().toString().startsWith(summary),
            qPrintable(failed.first().first().toString()));
        QVERIFY(child<QLabel>(*dialog, "templateStatus")->text().contains(summary.toHtmlEscaped()));
        QVERIFY(!child<QLabel>(*dialog, "templateFailure")->text().isEmpty());
        QCOMPARE(
            child<QPushButton>(*dialog, "templateWithoutDiscoveryButton")->isVisible(), withoutDiscovery);
        saveScreenshot(
            dialog, QStringLiteral("template-failed-") + QString::fromLatin1(QTest::currentDataTag()));

        QTest::mouseClick(child<QPushButton>(*dialog, "templateBackButton"), Qt::LeftButton);
        QVERIFY(child<QLineEdit>(*dialog, "templateName")->isVisible());
        const QString firstKey = OAuth::providerTemplate(kind).fields.constFirst().key;
        QVERIFY(!child<QLineEdit>(*dialog, qPrintable(QStringLiteral("templateField_") + firstKey))
                     ->text()
                     .isEmpty());
        QVERIFY(m_session->workspace().environments.isEmpty());
        dialog->reject();
    }

    // The documentation's endpoints are enough to go on when the provider publishes no metadata.
    void continueWithoutDiscoveryUsesTheDocumentedEndpoints()
    {
        OidcFixture fixture({QStringLiteral("--mount"), QStringLiteral("/realms/zorgapis")});
        QString startError;
        QVERIFY2(fixture.start(&startError), qPrintable(startError));
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QPointer<Ui::TemplateDialog> dialog = openTemplate(window, OAuth::ProviderKind::TenantHub);
        QVERIFY(dialog);
        answer(dialog, {QStringLiteral("host=@ORIGIN@"), QStringLiteral("tenant=acme")}, &fixture);
        QSignalSpy failed(dialog.data(), &Ui::TemplateDialog::discoveryFailed);
        QTest::mouseClick(child<QPushButton>(*dialog, "templateNextButton"), Qt::LeftButton);
        QVERIFY(failed.wait(15000));
        QTest::mouseClick(child<QPushButton>(*dialog, "templateWithoutDiscoveryButton"), Qt::LeftButton);
        QTRY_VERIFY(window.findChild<Ui::EnvironmentDialog*>());
        auto* editor = window.findChild<Ui::EnvironmentDialog*>();
        const QString issuer = originOf(fixture) + QStringLiteral("/acme/");
        QCOMPARE(child<QLineEdit>(*editor, "issuerLineEdit")->text(), issuer);
        QCOMPARE(child<QLineEdit>(*editor, "tokenEndpointLineEdit")->text(),
            issuer + QStringLiteral("oauth2/v1/token/"));
        editor->reject();
    }

    void malformedAnswersStayOnTheAnswers()
    {
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QPointer<Ui::TemplateDialog> dialog = openTemplate(window, OAuth::ProviderKind::AzureAdB2c);
        QVERIFY(dialog);
        answer(dialog, {QStringLiteral("tenant=ringphonesso"), QStringLiteral("policy=signin")}, nullptr);
        QTest::mouseClick(child<QPushButton>(*dialog, "templateNextButton"), Qt::LeftButton);
        auto* problem = child<QLabel>(*dialog, "templateProblem");
        QVERIFY(problem->isVisible());
        QVERIFY(problem->text().contains(QLatin1String("B2C_1_")));
        QCOMPARE(QApplication::focusWidget(), child<QLineEdit>(*dialog, "templateField_policy"));
        saveScreenshot(dialog, QStringLiteral("template-b2c-problem"));
        // Corrected, the preview explains offline_access.
        dialog->setAnswer(QStringLiteral("policy"), QStringLiteral("B2C_1_MyOrganizer_Login"));
        QVERIFY(!problem->isVisible());
        const QString preview = child<QLabel>(*dialog, "templatePreview")->text();
        QVERIFY(preview.contains(QLatin1String("offline_access")));
        QVERIFY(preview.contains(QLatin1String("ringphonesso.b2clogin.com")));
        saveScreenshot(dialog, QStringLiteral("template-b2c"));
        dialog->reject();
    }

    void manualOpensTheEmptyEnvironmentDialog()
    {
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        child<QAction>(window, "newEnvironmentFromTemplateAction")->trigger();
        QPointer<Ui::TemplateDialog> dialog = window.findChild<Ui::TemplateDialog*>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        saveScreenshot(dialog, QStringLiteral("template-pick"));
        child<QListWidget>(*dialog, "templateList")->setCurrentRow(rowOf(OAuth::ProviderKind::Manual));
        QTest::mouseClick(child<QPushButton>(*dialog, "templateNextButton"), Qt::LeftButton);
        QTRY_VERIFY(window.findChild<Ui::EnvironmentDialog*>());
        auto* editor = window.findChild<Ui::EnvironmentDialog*>();
        QVERIFY(child<QLineEdit>(*editor, "issuerLineEdit")->text().isEmpty());
        QCOMPARE(child<QLineEdit>(*editor, "scopeLineEdit")->text(), QStringLiteral("openid"));
        editor->reject();
    }

    // File ▸ Import ▸ From OpenID Discovery URL…: one URL, one environment, made current.
    void importFromDiscoveryUrlCreatesTheEnvironment()
    {
        OidcFixture fixture;
        QString startError;
        QVERIFY2(fixture.start(&startError), qPrintable(startError));
        Ui::MainWindow window(m_session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        child<QAction>(window, "importDiscoveryUrlAction")->trigger();
        QPointer<Ui::TemplateDialog> dialog = window.findChild<Ui::TemplateDialog*>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QVERIFY(!child<QPushButton>(*dialog, "templateBackButton")->isEnabled());
        answer(dialog, {QStringLiteral("url=@ISSUER@/.well-known/openid-configuration")}, &fixture);
        saveScreenshot(dialog, QStringLiteral("import-discovery-url"));
        QTest::mouseClick(child<QPushButton>(*dialog, "templateNextButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_session->workspace().environments.size(), 1, 15000);
        const Workspace::Environment& created = m_session->workspace().environments.constFirst();
        QCOMPARE(created.oauth.issuer, fixture.issuer().toString());
        QCOMPARE(created.oauth.tokenEndpoint, fixture.url(QStringLiteral("/token")));
        QCOMPARE(created.name, QStringLiteral("127.0.0.1"));
        QCOMPARE(m_session->currentEnvironment()->id, created.id);
        QVERIFY(!window.findChild<Ui::EnvironmentDialog*>());
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestTemplatesGui)
#include "tst_templates_gui.moc"
