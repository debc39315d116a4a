#pragma once

#include <QObject>

class QAction;
class QMenu;

namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

class MainWindow;
class ResolvedVariablesView;
class VariablesDialog;

// The variables in the window: the Resolved Variables view of the current request (View menu,
// Ctrl+Shift+V, the {{ }} button beside the URL) and the Global Variables dialog.
class VariableActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VariableActions)

public:
    VariableActions(Workspace::AppSession* session, MainWindow* window);

    // Resolved Variables and Global Variables…
    void addTo(QMenu* menu);
    QAction* resolvedAction() const { return m_resolved; }
    QAction* globalsAction() const { return m_globals; }
    // The view, once shown (nullptr before).
    ResolvedVariablesView* view() const { return m_view; }
    // Shows the view with the current request's variables.
    void showResolved();
    // Opens the dialog editing the globals; OK keeps them (secret values in the keychain).
    VariablesDialog* editGlobals();

private:
    void refresh();

    Workspace::AppSession* m_session;
    MainWindow* m_window;
    ResolvedVariablesView* m_view = nullptr;
    QAction* m_resolved;
    QAction* m_globals;
    QAction* m_urlButton;
};

} // namespace Tokenscope::Ui
