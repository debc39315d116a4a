#include "environmentactions.h"

#include "appsession.h"
#include "embeddedloginagent.h"
#include "environmentcopy.h"
#include "environmentlistmodel.h"
#include "messagebox.h"

#include <QAction>
#include <QInputDialog>
#include <QListView>
#include <QMenu>

namespace Tokenscope::Ui {

EnvironmentActions::EnvironmentActions(Workspace::AppSession* session, QListView* list, QWidget* window,
    std::function<void()> newEnvironment, std::function<void()> editEnvironment)
    : QObject(window)
    , m_session(session)
    , m_list(list)
    , m_window(window)
    , m_new(new QAction(tr("&New…"), this))
    , m_edit(new QAction(tr("&Edit…"), this))
    , m_duplicate(new QAction(tr("&Duplicate…"), this))
    , m_rename(new QAction(tr("Re&name"), this))
    , m_moveUp(new QAction(tr("Move &Up"), this))
    , m_moveDown(new QAction(tr("Move Do&wn"), this))
    , m_remove(new QAction(tr("&Remove…"), this))
{
    m_duplicate->setObjectName(QStringLiteral("duplicateEnvironmentAction"));
    m_rename->setObjectName(QStringLiteral("renameEnvironmentAction"));
    m_moveUp->setObjectName(QStringLiteral("moveEnvironmentUpAction"));
    m_moveDown->setObjectName(QStringLiteral("moveEnvironmentDownAction"));
    m_remove->setObjectName(QStringLiteral("removeEnvironmentAction"));
    m_rename->setShortcut(QKeySequence(Qt::Key_F2));
    m_moveUp->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Up));
    m_moveDown->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Down));
    m_duplicate->setToolTip(tr("A copy with its variables, OAuth setup and secrets, without its tokens"));
    connect(m_new, &QAction::triggered, this, std::move(newEnvironment));
    connect(m_edit, &QAction::triggered, this, std::move(editEnvironment));
    connect(m_duplicate, &QAction::triggered, this, &EnvironmentActions::duplicate);
    connect(m_rename, &QAction::triggered, this, &EnvironmentActions::rename);
    connect(m_moveUp, &QAction::triggered, this, [this] { move(-1); });
    connect(m_moveDown, &QAction::triggered, this, [this] { move(1); });
    connect(m_remove, &QAction::triggered, this, &EnvironmentActions::remove);

    // Renamed in place with F2, reordered by dragging.
    m_list->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_list->setDragDropMode(QAbstractItemView::InternalMove);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setDropIndicatorShown(true);

    connect(session, &Workspace::AppSession::environmentsChanged, this, &EnvironmentActions::updateActions);
    connect(
        session, &Workspace::AppSession::currentEnvironmentChanged, this, &EnvironmentActions::updateActions);
    updateActions();
}

void EnvironmentActions::addTo(QMenu* menu)
{
    menu->addAction(m_new);
    menu->addAction(m_edit);
    menu->addAction(m_duplicate);
    menu->addAction(m_rename);
    menu->addSeparator();
    menu->addAction(m_moveUp);
    menu->addAction(m_moveDown);
    menu->addSeparator();
    menu->addAction(m_remove);
}

void EnvironmentActions::updateActions()
{
    const auto* environment = m_session->currentEnvironment();
    const int row = environment ? m_session->rowOf(environment->id) : -1;
    const int count = int(m_session->workspace().environments.size());
    for (QAction* action : {m_duplicate, m_rename, m_remove})
        action->setEnabled(environment != nullptr);
    m_moveUp->setEnabled(row > 0);
    m_moveDown->setEnabled(row >= 0 && row < count - 1);
}

void EnvironmentActions::duplicate()
{
    const auto* environment = m_session->currentEnvironment();
    if (!environment)
        return;
    bool accepted = false;
    const QString name = QInputDialog::getText(m_window, tr("Duplicate environment"),
        tr("Name of the copy of “%1”. Its variables, OAuth setup, client secret and secret variable "
           "values are copied; its tokens are not: sign in to the copy to get its own.")
            .arg(environment->name),
        QLineEdit::Normal, tr("%1 copy").arg(environment->name), &accepted);
    if (accepted && !name.trimmed().isEmpty())
        duplicateAs(name.trimmed());
}

void EnvironmentActions::duplicateAs(const QString& name)
{
    const auto* environment = m_session->currentEnvironment();
    if (!environment)
        return;
    const QString sourceName = environment->name;
    Workspace::duplicateEnvironment(m_session, environment->id, name, this,
        [this, sourceName, name](const QString& id, const Error& error) {
            if (!error.isNull()) {
                Q_EMIT problem(error);
                return;
            }
            m_session->setCurrentEnvironment(id);
            Q_EMIT statusMessage(
                tr("“%1” is a copy of “%2”; sign in to it to get its own tokens.").arg(name, sourceName),
                8000);
        });
}

void EnvironmentActions::rename()
{
    const auto* environment = m_session->currentEnvironment();
    if (!environment)
        return;
    const QModelIndex index = m_list->model()->index(m_session->rowOf(environment->id), 0);
    m_list->setFocus();
    m_list->setCurrentIndex(index);
    m_list->edit(index);
}

void EnvironmentActions::move(int step)
{
    if (const auto* environment = m_session->currentEnvironment())
        m_session->moveEnvironment(environment->id, m_session->rowOf(environment->id) + step);
}

void EnvironmentActions::remove()
{
    const auto* environment = m_session->currentEnvironment();
    if (!environment)
        return;
    QStringList secretVariables;
    for (const Http::Variable& variable : environment->variables) {
        if (variable.secret)
            secretVariables.append(variable.name);
    }
    QStringList goes {
        tr("its access, refresh and ID tokens (signed out)"), tr("its client secret in the keychain")};
    if (!secretVariables.isEmpty())
        goes.append(tr("the values of its secret variables in the keychain: %1")
                        .arg(secretVariables.join(QStringLiteral(", "))));
    if (environment->signIn.keepBrowserSession)
        goes.append(tr("the sign-in browser profile kept on disk for it (the provider's cookies)"));
    goes.append(tr("the requests open with it"));
    const auto answer = MessageBox::question(m_window, tr("Remove environment"),
        tr("Remove “%1”? This also removes:").arg(environment->name) + QStringLiteral("\n• ")
            + goes.join(QStringLiteral("\n• ")) + QStringLiteral("\n\n") + tr("This cannot be undone."),
        {{QMessageBox::Yes, tr("&Remove")}, {QMessageBox::Cancel, {}}}, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return;
    const QString id = environment->id;
    const QString name = environment->name;
    m_session->removeEnvironment(id);
    // The browser profile kept on disk for it goes too, whatever "stay signed in" says now: it may have
    // been on before. After the removal, which closes its sign-in window.
    EmbeddedLoginAgent::removePersistentProfile(id);
    Q_EMIT statusMessage(tr("“%1” was removed, with its tokens and keychain entries.").arg(name), 8000);
}

} // namespace Tokenscope::Ui
