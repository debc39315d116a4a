#include "appsessionfixture.h"
#include "collectionactions.h"
#include "collectionsview.h"
#include "exportactions.h"
#include "mainwindow.h"
#include "messagebox.h"
#include "secretstore.h"
#include "testmain.h"
#include "widgethelpers.h"

#include <QAction>
#include <QFile>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Tokenscope;
using Format = Ui::ExportActions::Format;
using Tokenscope::Tests::saveScreenshot;

Q_DECLARE_METATYPE(Ui::ExportActions::Format)

namespace {

const QString collectionFile
    = QStringLiteral(TOKENSCOPE_POSTMAN_FIXTURES "/demo-v2.1.postman_collection.json");

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The secret values the demo collection and the test's environment hold: none may reach a file.
const char* const secretValues[]
    = {"s3cret-pass", "k-123456", "literal-header-secret", "oauth-client-secret-1", "env-token-value"};

} // namespace

class TestExportGui final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().remove(QStringLiteral("window/collectionsVisible")); }
    void cleanup() { Ui::MessageBox::setNextAnswer(QMessageBox::NoButton); }

    void exportWritesNoSecretAndNamesTheOnesLeftOut_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<Format>("format");
        QTest::addColumn<QByteArray>("written"); // in the file
        QTest::addColumn<QStringList>("said"); // in the message
        QTest::addColumn<QString>("screenshot");

        const QStringList collectionSecrets {QStringLiteral("secret variable “basic_password”"),
            QStringLiteral("secret variable “x_api_key”"), QStringLiteral("secret variable “authorization”")};
        QTest::newRow("collection as Postman v2.1")
            << "exportPostmanCollectionAction" << Format::PostmanCollection
            << QByteArray("collection/v2.1.0/collection.json")
            << collectionSecrets + QStringList {QStringLiteral("Also left out or changed:")}
            << "export-postman-collection";
        QTest::newRow("collection in Tokenscope's format")
            << "exportNativeCollectionAction" << Format::NativeCollection << QByteArray("\"format\": 1")
            << collectionSecrets << "export-native-collection";
        QTest::newRow("environment as a Postman environment")
            << "exportPostmanEnvironmentAction" << Format::PostmanEnvironment
            << QByteArray("\"_postman_variable_scope\": \"environment\"")
            << QStringList {QStringLiteral("secret variable “envToken”"),
                   QStringLiteral("Postman has no production mark")}
            << "export-postman-environment";
        QTest::newRow("environment in Tokenscope's format")
            << "exportNativeEnvironmentAction" << Format::NativeEnvironment
            << QByteArray("\"format\": \"tokenscope-environment\"")
            << QStringList {QStringLiteral("secret variable “envToken”")} << "export-native-environment";
    }

    void exportWritesNoSecretAndNamesTheOnesLeftOut()
    {
        QFETCH(QString, action);
        QFETCH(Format, format);
        QFETCH(QByteArray, written);
        QFETCH(QStringList, said);
        QFETCH(QString, screenshot);
        Tests::AppSessionFixture fixture;
        QVERIFY(fixture.session()->load().isNull());
        Workspace::Environment environment;
        environment.id = QStringLiteral("env-export");
        environment.name = QStringLiteral("Staging");
        environment.production = true;
        environment.variables = {{QStringLiteral("host"), QStringLiteral("h.example.test"), true, false},
            {QStringLiteral("envToken"), QStringLiteral("env-token-value"), true, true}};
        fixture.session()->putEnvironment(environment);
        fixture.session()->setCurrentEnvironment(environment.id);
        Ui::MainWindow window(fixture.session());
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Ui::MessageBox::setNextAnswer(QMessageBox::No); // no environment for the collection's OAuth block
        QVERIFY(window.collectionActions()->importCollectionFile(collectionFile));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("exported.json"));
        auto* exports = window.findChild<Ui::ExportActions*>(QStringLiteral("exportActions"));
        QVERIFY(exports);
        Format asked {};
        QString suggested;
        exports->setFileChooser([&](Format* chosen, const QString& suggestion) {
            asked = *chosen;
            suggested = suggestion;
            return path;
        });
        auto* trigger = window.findChild<QAction*>(action);
        QVERIFY(trigger);
        trigger->trigger();
        QCOMPARE(asked, format);
        QVERIFY2(suggested.endsWith(QLatin1String(".json")), qPrintable(suggested));
        const QByteArray file = readAll(path);
        QVERIFY2(file.contains(written), file.left(400).constData());
        for (const char* secret : secretValues)
            QVERIFY2(!file.contains(secret), secret);
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox*>(QStringLiteral("exportMessageBox"))));
        QTRY_VERIFY(box->isVisible());
        QVERIFY(box->text().contains(QLatin1String("exported.json")));
        for (const QString& sentence : said)
            QVERIFY2(box->informativeText().contains(sentence), qPrintable(box->informativeText()));
        saveScreenshot(box, screenshot);
        box->accept();
    }

    void theDocksExportOffersBothFormatsAndSaysWhenNoSecretWasLeftOut()
    {
        Tests::AppSessionFixture fixture;
        QVERIFY(fixture.session()->load().isNull());
        QTemporaryDir dir;
        // A collection without secrets: the message says none were left out.
        const QString source = dir.filePath(QStringLiteral("plain.postman_collection.json"));
        {
            QFile file(source);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("{\"info\":{\"name\":\"Plain\",\"schema\":"
                       "\"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"},"
                       "\"auth\":{\"type\":\"noauth\"},\"item\":[{\"name\":\"Ping\",\"request\":\"https://h/"
                       "ping\"}]}");
        }
        Ui::MainWindow window(fixture.session());
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.collectionActions()->importCollectionFile(source));
        const QString id = window.collectionActions()->collections().first().id;
        const QString path = dir.filePath(QStringLiteral("native.json"));
        auto* exports = window.findChild<Ui::ExportActions*>(QStringLiteral("exportActions"));
        exports->setFileChooser([&path](Format* chosen, const QString&) {
            *chosen = Format::NativeCollection;
            return path;
        });
        Q_EMIT window.collectionActions()->view()->exportRequested(id);
        Workspace::Collection read;
        QVERIFY(Workspace::collectionFromBytes(readAll(path), QStringLiteral("native.json"), &read).isNull());
        QCOMPARE(read.name, QStringLiteral("Plain"));
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox*>(QStringLiteral("exportMessageBox"))));
        QVERIFY2(box->informativeText().contains(QLatin1String("No secret values were left out")),
            qPrintable(box->informativeText()));
        QTRY_VERIFY(box->isVisible());
        saveScreenshot(box, QStringLiteral("export-no-secrets"));
        box->accept();
        auto* menu = window.findChild<QMenu*>(QStringLiteral("exportMenu"));
        QVERIFY(menu);
        menu->popup(window.mapToGlobal(QPoint(40, 40)));
        QTRY_VERIFY(menu->isVisible());
        saveScreenshot(menu, QStringLiteral("export-menu"));
        menu->hide();
    }

    void anExportedEnvironmentImportsBackAsANewOne()
    {
        Tests::AppSessionFixture fixture;
        QVERIFY(fixture.session()->load().isNull());
        Workspace::Environment environment;
        environment.id = QStringLiteral("env-round-trip");
        environment.name = QStringLiteral("Shared");
        environment.production = true;
        environment.apiBaseUrls = {QUrl(QStringLiteral("https://api.example.test"))};
        environment.variables = {{QStringLiteral("host"), QStringLiteral("h.example.test"), true, false},
            {QStringLiteral("envToken"), QStringLiteral("env-token-value"), true, true}};
        fixture.session()->putEnvironment(environment);
        fixture.session()->setCurrentEnvironment(environment.id);
        Ui::MainWindow window(fixture.session());
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("shared.tokenscope-environment.json"));
        auto* exports = window.findChild<Ui::ExportActions*>(QStringLiteral("exportActions"));
        exports->setFileChooser([&path](Format*, const QString&) { return path; });
        window.findChild<QAction*>(QStringLiteral("exportNativeEnvironmentAction"))->trigger();
        QVERIFY(!readAll(path).contains("env-token-value"));
        const int before = int(fixture.session()->workspace().environments.size());
        window.findChild<QAction*>(QStringLiteral("importNativeEnvironmentAction"))->trigger();
        QCOMPARE(int(fixture.session()->workspace().environments.size()), before + 1);
        const Workspace::Environment* read = fixture.session()->currentEnvironment();
        QVERIFY(read && read->id != environment.id);
        QCOMPARE(read->name, environment.name);
        QVERIFY(read->production);
        QCOMPARE(read->apiBaseUrls, environment.apiBaseUrls);
        QCOMPARE(read->variables.size(), 2);
        QVERIFY(read->variables.at(1).secret);
        QVERIFY(fixture.keychain()
                    ->value(Workspace::secretVariableKey(read->id, QStringLiteral("envToken")))
                    .isEmpty());
        const auto importedBox = [&window]() -> QMessageBox* {
            for (QMessageBox* box : window.findChildren<QMessageBox*>(QStringLiteral("exportMessageBox"))) {
                if (box->text().contains(QLatin1String("imported")))
                    return box;
            }
            return nullptr;
        };
        QMessageBox* imported = nullptr;
        QTRY_VERIFY((imported = importedBox()));
        QVERIFY2(imported->informativeText().contains(QLatin1String("envToken")),
            qPrintable(imported->informativeText()));
        QTRY_VERIFY(imported->isVisible());
        saveScreenshot(imported, QStringLiteral("import-native-environment"));
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestExportGui)
#include "tst_export_gui.moc"
