#include "appsessionfixture.h"
#include "flowlog.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "oidcfixture.h"
#include "scriptedserver.h"
#include "supportexportdialog.h"
#include "testmain.h"
#include "tokensession.h"
#include "widgethelpers.h"

#include <QAbstractButton>
#include <QAction>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>

using namespace Tokenscope;
using Tokenscope::Tests::reply;
using Tokenscope::Tests::saveScreenshot;
using Tokenscope::Tests::ScriptedServer;

// File ▸ Export Support Report… and Export Flow as curl Script…: a preview, then the file the user chose.
class TestSupportExportGui final : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Tests::AppSessionFixture> m_fixture;
    std::unique_ptr<Ui::MainWindow> m_window;
    QTemporaryDir m_dir;

    Workspace::AppSession* session() { return m_fixture->session(); }

    void addServiceEnvironment(const QUrl& tokenEndpoint, const QString& secret)
    {
        Workspace::Environment environment;
        environment.id = QStringLiteral("service-env");
        environment.name = QStringLiteral("Service account");
        environment.oauth.grant = OAuth::Grant::ClientCredentials;
        environment.oauth.tokenEndpoint = tokenEndpoint;
        environment.oauth.clientId = QStringLiteral("tokenscope-service");
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::ClientSecretBasic;
        environment.oauth.scope = QStringLiteral("demo.read");
        session()->putEnvironment(environment, secret);
        session()->setCurrentEnvironment(environment.id);
    }

    // Get New Access Token, as the user clicks it; the sign-in's error (null on success).
    Error getToken()
    {
        QSignalSpy finished(session()->currentTokenSession(), &OAuth::TokenSession::signInFinished);
        QTest::mouseClick(Tests::child<QAbstractButton>(*m_window, "getTokenButton"), Qt::LeftButton);
        if (!finished.wait(15000))
            return Error(QStringLiteral("no answer"));
        return finished.first().first().value<Error>();
    }

    // Chooses the menu entry as the user does and returns the dialog it opens.
    QPointer<Ui::SupportExportDialog> openFromFileMenu(const char* actionName, const char* dialogName)
    {
        auto* action = m_window->findChild<QAction*>(QLatin1String(actionName));
        if (!action)
            return {};
        action->trigger();
        QPointer<Ui::SupportExportDialog> dialog
            = m_window->findChild<Ui::SupportExportDialog*>(QLatin1String(dialogName));
        if (dialog && !QTest::qWaitForWindowExposed(dialog))
            return {};
        return dialog;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        m_fixture = std::make_unique<Tests::AppSessionFixture>();
        QVERIFY(session()->load().isNull());
        m_window = std::make_unique<Ui::MainWindow>(session());
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_fixture.reset();
        Ui::SupportExportDialog::setFileChooser(nullptr);
    }

    // Both entries are in the File menu.
    void fileMenuHasBothEntries()
    {
        QMenu* file = nullptr;
        for (QAction* action : m_window->menuBar()->actions()) {
            if (action->text() == QLatin1String("&File"))
                file = action->menu();
        }
        QVERIFY(file);
        QStringList texts;
        for (QAction* action : file->actions())
            texts << action->text();
        QVERIFY2(texts.contains(QStringLiteral("Export &Support Report…")), qPrintable(texts.join(u'|')));
        QVERIFY(texts.contains(QStringLiteral("Export Flow as c&url Script…")));
        file->popup(m_window->mapToGlobal(QPoint(10, 30)));
        QVERIFY(QTest::qWaitForWindowExposed(file));
        saveScreenshot(file, QStringLiteral("i13-export-file-menu"));
        file->close();
    }

    // An Entra code in the token endpoint's answer: the banner keeps the provider's code and text and
    // says what it means; the report carries the same message as its last error, in plain text for .txt.
    void providerErrorExplainedThenReported()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        const QByteArray description
            = "AADSTS7000222: The provided client secret keys for app '6b1f0c3e-1111-4a2b-9c3d-0123456789ab' "
              "are expired. Visit the Azure portal to create new keys for your app. Trace ID: "
              "2f9e5c1a-7b3d-4e8f-9a0b-c1d2e3f4a5b6 Correlation ID: 8d7c6b5a-4f3e-2d1c-0b9a-8f7e6d5c4b3a "
              "Timestamp: 2026-12-02 01:23:45Z";
        server.enqueue(reply(401,
            QByteArrayLiteral("{\"error\":\"invalid_client\",\"error_description\":\"") + description
                + "\"}"));
        addServiceEnvironment(server.url(QStringLiteral("/token")), QStringLiteral("expired-secret"));
        const Error error = getToken();
        QCOMPARE(error.code, QStringLiteral("invalid_client"));
        const QString banner = m_window->banner()->text();
        QVERIFY2(banner.contains(QStringLiteral("invalid_client")), qPrintable(banner));
        QVERIFY2(banner.contains(QStringLiteral("AADSTS7000222: The provided client secret keys")),
            qPrintable(banner));
        QVERIFY2(banner.contains(QStringLiteral("The client secret has expired. Create a new one in the app "
                                                "registration.")),
            qPrintable(banner));
        saveScreenshot(m_window.get(), QStringLiteral("i13-export-provider-error-banner"));
        // The timeline's failure says it too.
        QStringList failures;
        for (const Http::FlowEvent& event : session()->flowLog()->events()) {
            if (event.kind == Http::FlowEvent::Kind::Failure)
                failures << event.summary;
        }
        QCOMPARE(failures,
            QStringList {QStringLiteral("The token endpoint refused the request: invalid_client — The client "
                                        "secret has expired. Create a new one in the app registration.")});

        QPointer<Ui::SupportExportDialog> dialog
            = openFromFileMenu("exportSupportReportAction", "supportReportDialog");
        QVERIFY(dialog);
        const QString preview = Tests::child<QPlainTextEdit>(*dialog, "exportPreviewEdit")->toPlainText();
        QVERIFY(preview.startsWith(QStringLiteral("# Tokenscope support report")));
        QVERIFY(preview.contains(QStringLiteral("The client secret has expired")));
        QVERIFY(!preview.contains(QStringLiteral("expired-secret")));
        saveScreenshot(dialog, QStringLiteral("i13-export-report-dialog"));

        const QString file = m_dir.filePath(QStringLiteral("support.txt"));
        QString suggested;
        Ui::SupportExportDialog::setFileChooser([&](QWidget*, const QString& path) {
            suggested = path;
            return file;
        });
        QTest::mouseClick(Tests::child<QAbstractButton>(*dialog, "exportSaveButton"), Qt::LeftButton);
        QVERIFY(suggested.endsWith(QLatin1String(".md")));
        QTRY_VERIFY(dialog.isNull());
        QFile written(file);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(written.readAll());
        QVERIFY2(text.startsWith(QStringLiteral("Tokenscope support report\n=========================\n")),
            qPrintable(text.left(200)));
        QVERIFY(text.contains(QStringLiteral("AADSTS7000222")));
        QVERIFY(text.contains(server.url(QStringLiteral("/token")).toString()));
        QVERIFY(!text.contains(QStringLiteral("expired-secret")));
        QVERIFY(m_window->statusBar()->currentMessage().contains(file));
    }

    // The script of a real client credentials run: written where chosen, executable, valid shell, and
    // without the secret or the token.
    void curlScriptWritten()
    {
        Tests::OidcFixture fixture;
        QString problem;
        QVERIFY2(fixture.start(&problem), qPrintable(problem));
        addServiceEnvironment(
            fixture.url(QStringLiteral("/token")), QStringLiteral("tokenscope-service-secret"));
        const Error error = getToken();
        QVERIFY2(error.isNull(), qPrintable(error.toText()));
        const QString accessToken = session()->currentTokenSession()->tokens().accessToken;
        QVERIFY(!accessToken.isEmpty());

        QPointer<Ui::SupportExportDialog> dialog
            = openFromFileMenu("exportCurlScriptAction", "curlScriptDialog");
        QVERIFY(dialog);
        const QString preview = Tests::child<QPlainTextEdit>(*dialog, "exportPreviewEdit")->toPlainText();
        QVERIFY(preview.startsWith(QStringLiteral("#!/bin/sh\n")));
        QVERIFY(preview.contains(QStringLiteral("ask_secret client_secret")));
        // The preview opens on the first step, not on the helpers.
        auto* edit = Tests::child<QPlainTextEdit>(*dialog, "exportPreviewEdit");
        QTRY_VERIFY(edit->textCursor().block().text().startsWith(QStringLiteral("# 1. POST ")));
        saveScreenshot(dialog, QStringLiteral("i13-export-curl-dialog"));

        const QString file = m_dir.filePath(QStringLiteral("flow.sh"));
        Ui::SupportExportDialog::setFileChooser([&](QWidget*, const QString&) { return file; });
        QTest::mouseClick(Tests::child<QAbstractButton>(*dialog, "exportSaveButton"), Qt::LeftButton);
        QTRY_VERIFY(dialog.isNull());
        QVERIFY(QFile::permissions(file) & QFileDevice::ExeOwner);
        QFile written(file);
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray script = written.readAll();
        QVERIFY(!script.contains("tokenscope-service-secret"));
        QVERIFY(!script.contains(accessToken.toUtf8()));
        QProcess check;
        check.start(QStringLiteral("sh"), {QStringLiteral("-n"), file});
        QVERIFY(check.waitForFinished(10000));
        QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
        QVERIFY(m_window->statusBar()->currentMessage().contains(file));
        saveScreenshot(m_window.get(), QStringLiteral("i13-export-saved-status"));
    }

    // Cancel in the file dialog writes nothing and leaves the preview open.
    void cancelWritesNothing()
    {
        QPointer<Ui::SupportExportDialog> dialog
            = openFromFileMenu("exportSupportReportAction", "supportReportDialog");
        QVERIFY(dialog);
        Ui::SupportExportDialog::setFileChooser([](QWidget*, const QString&) { return QString(); });
        QTest::mouseClick(Tests::child<QAbstractButton>(*dialog, "exportSaveButton"), Qt::LeftButton);
        QVERIFY(dialog);
        QVERIFY(dialog->savedFile().isEmpty());
        dialog->reject();
        QTRY_VERIFY(dialog.isNull());
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestSupportExportGui)
#include "tst_supportexport_gui.moc"
