#include "workspacemenu.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace Tokenscope::Ui {

namespace {

constexpr int recentCount = 8;

QString recentKey()
{
    return QStringLiteral("workspaces/recent");
}

QString normalized(const QString& directory)
{
    return QDir::cleanPath(QFileInfo(directory).absoluteFilePath());
}

} // namespace

WorkspaceMenu::WorkspaceMenu(const QString& current, QWidget* window)
    : QObject(window)
    , m_current(normalized(current))
    , m_window(window)
{ }

void WorkspaceMenu::addTo(QMenu* fileMenu)
{
    auto* create = fileMenu->addAction(tr("New &Workspace…"), this, &WorkspaceMenu::newWorkspace);
    create->setObjectName(QStringLiteral("newWorkspaceAction"));
    auto* open = fileMenu->addAction(tr("&Open Workspace…"), this, &WorkspaceMenu::openWorkspace);
    open->setObjectName(QStringLiteral("openWorkspaceAction"));
    open->setShortcut(QKeySequence::Open);
    m_recent = fileMenu->addMenu(tr("Open &Recent"));
    m_recent->setObjectName(QStringLiteral("recentWorkspacesMenu"));
    connect(m_recent, &QMenu::aboutToShow, this, &WorkspaceMenu::fillRecent);
    fillRecent();
}

void WorkspaceMenu::fillRecent()
{
    m_recent->clear();
    for (const QString& directory : recentWorkspaces()) {
        if (directory == m_current)
            continue;
        QAction* action = m_recent->addAction(QDir::toNativeSeparators(directory));
        connect(action, &QAction::triggered, this, [this, directory] {
            if (!QFileInfo(directory).isDir()) {
                Q_EMIT problem({tr("The workspace was not opened"),
                    tr("The folder %1 is no longer there.").arg(QDir::toNativeSeparators(directory)),
                    tr("Use Open Workspace to choose where it is now.")});
                return;
            }
            Q_EMIT switchRequested(directory);
        });
    }
    m_recent->setEnabled(!m_recent->isEmpty());
}

void WorkspaceMenu::choose(bool create)
{
    const QString caption = create ? tr("New Workspace: choose an empty folder") : tr("Open Workspace");
    const QString chosen
        = m_chooser ? m_chooser(create) : QFileDialog::getExistingDirectory(m_window, caption);
    if (chosen.isEmpty())
        return;
    const QString directory = normalized(chosen);
    if (directory == m_current)
        return;
    const QDir folder(directory);
    if (create && folder.exists()
        && !folder.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        Q_EMIT problem({tr("The workspace was not created"),
            tr("A new workspace needs an empty folder; %1 holds files.")
                .arg(QDir::toNativeSeparators(directory)),
            tr("Choose an empty folder, or use Open Workspace to open the workspace that is there.")});
        return;
    }
    if (create && !QDir().mkpath(directory)) {
        Q_EMIT problem({tr("The workspace was not created"),
            tr("The folder %1 could not be created.").arg(QDir::toNativeSeparators(directory)),
            tr("Check the permissions of the folder above it.")});
        return;
    }
    Q_EMIT switchRequested(directory);
}

QStringList WorkspaceMenu::recentWorkspaces()
{
    return QSettings().value(recentKey()).toStringList();
}

void WorkspaceMenu::rememberWorkspace(const QString& directory)
{
    QStringList recent = recentWorkspaces();
    const QString entry = normalized(directory);
    recent.removeAll(entry);
    recent.prepend(entry);
    while (recent.size() > recentCount)
        recent.removeLast();
    QSettings().setValue(recentKey(), recent);
}

QString WorkspaceMenu::lastWorkspace(const QString& fallback)
{
    const QStringList recent = recentWorkspaces();
    return !recent.isEmpty() && QFileInfo(recent.constFirst()).isDir() ? recent.constFirst() : fallback;
}

} // namespace Tokenscope::Ui
