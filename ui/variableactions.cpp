#include "variableactions.h"

#include "appsession.h"
#include "collectionactions.h"
#include "mainwindow.h"
#include "requesteditor.h"
#include "resolvedvariablesview.h"
#include "variablesdialog.h"

#include <QAction>
#include <QMenu>
#include <QToolButton>

namespace Tokenscope::Ui {

VariableActions::VariableActions(Workspace::AppSession* session, MainWindow* window)
    : QObject(window)
    , m_session(session)
    , m_window(window)
    , m_resolved(new QAction(tr("Resolved &Variables"), this))
    , m_globals(new QAction(tr("&Global Variables…"), this))
    , m_urlButton(new QAction(QStringLiteral("{{ }}"), this))
{
    m_resolved->setObjectName(QStringLiteral("resolvedVariablesAction"));
    m_resolved->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    m_resolved->setToolTip(
        tr("Show the variables the current request can use and where each comes from (Ctrl+Shift+V)"));
    connect(m_resolved, &QAction::triggered, this, &VariableActions::showResolved);
    m_globals->setObjectName(QStringLiteral("globalVariablesAction"));
    m_globals->setToolTip(tr("Edit the variables every request can use, whatever its environment"));
    connect(m_globals, &QAction::triggered, this, &VariableActions::editGlobals);
    m_urlButton->setObjectName(QStringLiteral("resolvedVariablesButtonAction"));
    m_urlButton->setToolTip(m_resolved->toolTip());
    connect(m_urlButton, &QAction::triggered, this, &VariableActions::showResolved);
    window->requestEditor()
        ->addUrlButton(m_urlButton)
        ->setObjectName(QStringLiteral("resolvedVariablesButton"));
    connect(window, &MainWindow::variableScopeChanged, this, &VariableActions::refresh);
}

void VariableActions::addTo(QMenu* menu)
{
    menu->addAction(m_resolved);
    menu->addAction(m_globals);
}

void VariableActions::showResolved()
{
    // Made when first asked for: a window's hidden dialogs are no business of anyone else's.
    if (!m_view)
        m_view = new ResolvedVariablesView(m_window);
    refresh();
    m_view->show();
    m_view->raise();
    m_view->activateWindow();
}

void VariableActions::refresh()
{
    if (!m_view)
        return;
    const QString collectionId = m_window->currentCollectionId();
    QString collectionName;
    for (const Workspace::Collection& collection : m_window->collectionActions()->collections()) {
        if (collection.id == collectionId)
            collectionName = collection.name;
    }
    const Workspace::Environment* environment = m_session->currentEnvironment();
    m_view->setScope(
        m_session->variableScope(collectionId), environment ? environment->name : QString(), collectionName);
}

VariablesDialog* VariableActions::editGlobals()
{
    auto* dialog = new VariablesDialog(tr("Global Variables"),
        tr("Every request can use these as {{name}}, whatever its environment or collection. A variable of "
           "the collection or the environment with the same name wins. Secret values are kept in the "
           "keychain, not in the workspace file."),
        m_session->workspace().globals, m_window);
    dialog->setObjectName(QStringLiteral("globalVariablesDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { m_session->setGlobals(dialog->variables()); });
    dialog->open();
    return dialog;
}

} // namespace Tokenscope::Ui
