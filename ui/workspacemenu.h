#pragma once

#include "error.h"

#include <QObject>
#include <QStringList>

#include <functional>

class QMenu;
class QWidget;

namespace Tokenscope::Ui {

// File ▸ New Workspace…, Open Workspace… and Open Recent ▸: a workspace is a folder (see
// WorkspaceStore). The folders opened are remembered (QSettings), the last one reopens at start.
class WorkspaceMenu final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WorkspaceMenu)

public:
    // current: the folder of the workspace open now.
    WorkspaceMenu(const QString& current, QWidget* window);

    void addTo(QMenu* fileMenu);
    // For tests: picks the folder instead of the folder dialog (create: for New Workspace).
    void setFolderChooser(std::function<QString(bool create)> chooser) { m_chooser = std::move(chooser); }
    void newWorkspace() { choose(true); }
    void openWorkspace() { choose(false); }

    // The folders opened, the latest first (at most eight), and remembering one as the latest.
    static QStringList recentWorkspaces();
    static void rememberWorkspace(const QString& directory);
    // The workspace to open at start when none is given: the last one, if its folder is still there.
    static QString lastWorkspace(const QString& fallback);

Q_SIGNALS:
    // The window closes and the application opens the workspace in directory.
    void switchRequested(const QString& directory);
    // A folder that cannot be used (not empty for a new workspace, gone, not creatable).
    void problem(const Tokenscope::Error& error);

private:
    void choose(bool create);
    void fillRecent();

    QString m_current;
    QWidget* m_window;
    QMenu* m_recent = nullptr;
    std::function<QString(bool create)> m_chooser;
};

} // namespace Tokenscope::Ui
