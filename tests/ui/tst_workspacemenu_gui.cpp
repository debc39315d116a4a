#include "appsessionfixture.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "messagebox.h"
#include "testmain.h"
#include "widgethelpers.h"
#include "workspacemenu.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Tokenscope;
using Tokenscope::Tests::saveScreenshot;

namespace {

QAction* action(const QMainWindow& window, const char* name)
{
    auto* found = window.findChild<QAction*>(QLatin1String(name));
    if (!found)
        qFatal("no action %s", name);
    return found;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

// File ▸ New Workspace…, Open Workspace…, Open Recent: the window asks the application for another
// workspace folder; the folders are remembered and the last one reopens.
class TestWorkspaceMenuGui final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().remove(QStringLiteral("workspaces")); }

    void newOrOpen_data()
    {
        QTest::addColumn<bool>("create");
        QTest::addColumn<bool>("folderHoldsFiles");
        QTest::addColumn<bool>("switches");
        QTest::newRow("new workspace in a new folder") << true << false << true;
        QTest::newRow("new workspace in a folder with files: refused") << true << true << false;
        QTest::newRow("open workspace") << false << true << true;
    }
    void newOrOpen()
    {
        QFETCH(bool, create);
        QFETCH(bool, folderHoldsFiles);
        QFETCH(bool, switches);
        Tests::AppSessionFixture fixture;
        fixture.session()->load();
        Ui::MainWindow window(fixture.session());
        QTemporaryDir other;
        const QString folder = other.filePath(QStringLiteral("team-workspace"));
        if (folderHoldsFiles) {
            QVERIFY(QDir().mkpath(folder));
            QFile file(QDir(folder).filePath(QStringLiteral("workspace.json")));
            QVERIFY(file.open(QIODevice::WriteOnly));
        }
        bool askedToCreate = !create;
        window.workspaceMenu()->setFolderChooser([&](bool forNew) {
            askedToCreate = forNew;
            return QString(folder);
        });
        QSignalSpy switched(&window, &Ui::MainWindow::workspaceSwitchRequested);
        action(window, create ? "newWorkspaceAction" : "openWorkspaceAction")->trigger();
        QCOMPARE(askedToCreate, create);
        QCOMPARE(switched.size(), switches ? 1 : 0);
        if (switches) {
            QCOMPARE(switched.at(0).at(0).toString(), folder);
            QVERIFY(QDir(folder).exists());
        } else {
            QVERIFY(window.banner()->state());
            QCOMPARE(window.banner()->state()->title, QStringLiteral("The workspace was not created"));
            QCOMPARE(readAll(QDir(folder).filePath(QStringLiteral("workspace.json"))), QByteArray());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            saveScreenshot(&window, QStringLiteral("workspace-not-empty"));
        }
    }

    // The folders opened, latest first; the one open now is not offered; the last reopens at start
    // while its folder is there.
    void recentWorkspaces()
    {
        QTemporaryDir a;
        QTemporaryDir b;
        Ui::WorkspaceMenu::rememberWorkspace(a.path());
        Ui::WorkspaceMenu::rememberWorkspace(b.path());
        Ui::WorkspaceMenu::rememberWorkspace(a.path());
        QCOMPARE(Ui::WorkspaceMenu::recentWorkspaces(), (QStringList {a.path(), b.path()}));
        QCOMPARE(Ui::WorkspaceMenu::lastWorkspace(QStringLiteral("/fallback")), a.path());

        Tests::AppSessionFixture fixture;
        fixture.session()->load();
        Ui::WorkspaceMenu::rememberWorkspace(fixture.directory());
        Ui::MainWindow window(fixture.session());
        auto* recent = window.findChild<QMenu*>(QStringLiteral("recentWorkspacesMenu"));
        QVERIFY(recent);
        Q_EMIT recent->aboutToShow();
        QStringList offered;
        for (QAction* entry : recent->actions())
            offered.append(entry->text());
        QCOMPARE(
            offered, (QStringList {QDir::toNativeSeparators(a.path()), QDir::toNativeSeparators(b.path())}));
        QSignalSpy switched(&window, &Ui::MainWindow::workspaceSwitchRequested);
        recent->actions().at(1)->trigger();
        QCOMPARE(switched.size(), 1);
        QCOMPARE(switched.at(0).at(0).toString(), b.path());

        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* fileMenu = window.menuBar()->actions().at(0)->menu();
        fileMenu->popup(window.mapToGlobal(QPoint(0, 0)));
        QVERIFY(QTest::qWaitForWindowExposed(fileMenu));
        saveScreenshot(fileMenu, QStringLiteral("file-menu-workspaces"));
        fileMenu->close();

        // Gone: the default folder opens instead.
        const QString gone = fixture.directory() + QStringLiteral("-gone");
        Ui::WorkspaceMenu::rememberWorkspace(gone);
        QCOMPARE(Ui::WorkspaceMenu::lastWorkspace(QStringLiteral("/fallback")), QStringLiteral("/fallback"));
    }

    // An environment file changed outside Tokenscope while the window's changes to it could not be
    // saved: the window asks, and reads the file again or keeps the user's changes.
    void changedFileAsksFirst_data()
    {
        QTest::addColumn<int>("answer");
        QTest::addColumn<QString>("name");
        QTest::newRow("read the file again") << int(QMessageBox::Discard) << QStringLiteral("Pulled");
        QTest::newRow("keep my changes") << int(QMessageBox::Save) << QStringLiteral("Mine");
    }
    void changedFileAsksFirst()
    {
        QFETCH(int, answer);
        QFETCH(QString, name);
        Tests::AppSessionFixture fixture;
        auto* session = fixture.session();
        session->load();
        Workspace::Environment environment;
        environment.id = QStringLiteral("env-a");
        environment.name = QStringLiteral("Original");
        session->putEnvironment(environment);
        Ui::MainWindow window(session);
        const QString file = QDir(fixture.directory()).filePath(QStringLiteral("environments/env-a.json"));
        const QByteArray pulled = readAll(file).replace("\"Original\"", "\"Pulled\"");
        const QFileDevice::Permissions was = QFile::permissions(file);
        QVERIFY(QFile::setPermissions(file, QFileDevice::ReadOwner));
        environment.name = QStringLiteral("Mine");
        session->putEnvironment(environment); // refused: read-only
        QVERIFY(QFile::setPermissions(file, was));
        Ui::MessageBox::setNextAnswer(QMessageBox::StandardButton(answer));
        QSignalSpy asked(session, &Workspace::AppSession::workspaceFileConflict);
        {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(pulled);
        }
        QVERIFY(asked.wait());
        QVERIFY2(Ui::MessageBox::lastText().contains(QString::fromUtf8("“Mine”")),
            qPrintable(Ui::MessageBox::lastText()));
        QCOMPARE(session->workspace().environments.at(0).name, name);
        QVERIFY(readAll(file).contains(QStringLiteral("\"%1\"").arg(name).toUtf8()));
        QVERIFY(!session->hasUnsavedChanges(QStringLiteral("environments/env-a.json")));
    }
};

TOKENSCOPE_GUI_TEST_MAIN(TestWorkspaceMenuGui)
#include "tst_workspacemenu_gui.moc"
