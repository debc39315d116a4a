#pragma once

#include "error.h"

#include <QObject>

#include <functional>

class QAction;
class QListView;
class QMenu;
class QWidget;

namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

// The Environment menu: New, Edit, Duplicate, Rename (F2 in the list), Move Up and Down (or drag in the
// list) and Remove, for the current environment.
class EnvironmentActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentActions)

public:
    // newEnvironment and editEnvironment open the environment dialog (the window's).
    EnvironmentActions(Workspace::AppSession* session, QListView* list, QWidget* window,
        std::function<void()> newEnvironment, std::function<void()> editEnvironment);

    void addTo(QMenu* menu);
    QAction* duplicateAction() const { return m_duplicate; }
    QAction* renameAction() const { return m_rename; }
    QAction* moveUpAction() const { return m_moveUp; }
    QAction* moveDownAction() const { return m_moveDown; }
    QAction* removeAction() const { return m_remove; }

    // Asks a name ("<name> copy" offered), then duplicateAs().
    void duplicate();
    // A copy of the current environment named name, made current: variables, OAuth setup, the client
    // secret and secret variable values copied in the keychain; not its tokens.
    void duplicateAs(const QString& name);
    // Edits the current environment's name in the list.
    void rename();
    // Moves the current environment step places up (negative) or down the list.
    void move(int step);
    // Asks, naming what goes (keychain entries, tokens, browser profile data), then removes it.
    void remove();

Q_SIGNALS:
    void statusMessage(const QString& text, int timeoutMs);
    void problem(const Tokenscope::Error& error);

private:
    void updateActions();

    Workspace::AppSession* m_session;
    QListView* m_list;
    QWidget* m_window;
    QAction* m_new;
    QAction* m_edit;
    QAction* m_duplicate;
    QAction* m_rename;
    QAction* m_moveUp;
    QAction* m_moveDown;
    QAction* m_remove;
};

} // namespace Tokenscope::Ui
