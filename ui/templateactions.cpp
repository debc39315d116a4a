#include "templateactions.h"

#include "appsession.h"
#include "templatedialog.h"

#include <QAction>
#include <QMenu>

namespace Tokenscope::Ui {

TemplateActions::TemplateActions(Workspace::AppSession* session, Editor editor, QWidget* window)
    : QObject(window)
    , m_session(session)
    , m_editor(std::move(editor))
    , m_window(window)
{ }

void TemplateActions::addNewAction(QMenu* fileMenu)
{
    auto* action
        = fileMenu->addAction(tr("New Environment from &Template…"), this, [this] { newFromTemplate(); });
    action->setObjectName(QStringLiteral("newEnvironmentFromTemplateAction"));
}

void TemplateActions::addImportAction(QMenu* importMenu)
{
    auto* action
        = importMenu->addAction(tr("From OpenID &Discovery URL…"), this, [this] { importDiscoveryUrl(); });
    action->setObjectName(QStringLiteral("importDiscoveryUrlAction"));
}

TemplateDialog* TemplateActions::openDialog()
{
    auto* dialog = new TemplateDialog(m_session->networkClient(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    return dialog;
}

TemplateDialog* TemplateActions::newFromTemplate()
{
    TemplateDialog* dialog = openDialog();
    // The client id and secret are still to come: the environment dialog, prefilled, asks for them.
    connect(dialog, &QDialog::accepted, this, [this, dialog] { m_editor(dialog->environment()); });
    dialog->open();
    return dialog;
}

TemplateDialog* TemplateActions::importDiscoveryUrl()
{
    TemplateDialog* dialog = openDialog();
    dialog->setWindowTitle(tr("Import from OpenID Discovery URL"));
    dialog->startWith(OAuth::ProviderKind::Generic);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        Workspace::Environment environment = dialog->environment();
        environment.id = Workspace::newEnvironmentId();
        m_session->putEnvironment(environment);
        m_session->setCurrentEnvironment(environment.id);
        Q_EMIT statusMessage(
            tr("Environment “%1” created; add its client id with Edit Environment…").arg(environment.name),
            8000);
    });
    dialog->open();
    return dialog;
}

} // namespace Tokenscope::Ui
