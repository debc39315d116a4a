#pragma once

#include "environment.h"

#include <QObject>

#include <functional>

class QMenu;

namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

class MainWindow;
class TemplateDialog;

// File ▸ New Environment from Template… and File ▸ Import ▸ From OpenID Discovery URL…: the template
// dialog, then the environment dialog prefilled (a template), or the environment created at once (an
// imported discovery URL).
class TemplateActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TemplateActions)

public:
    using Editor = std::function<void(const Workspace::Environment& prefilled)>;

    // editor: opens the environment dialog for a new environment, prefilled.
    TemplateActions(Workspace::AppSession* session, Editor editor, QWidget* window);

    void addNewAction(QMenu* fileMenu);
    void addImportAction(QMenu* importMenu);

    // The dialog each action opens (shown, deleted on close); returned for tests.
    TemplateDialog* newFromTemplate();
    TemplateDialog* importDiscoveryUrl();

Q_SIGNALS:
    void statusMessage(const QString& text, int timeoutMs);

private:
    TemplateDialog* openDialog();

    Workspace::AppSession* m_session;
    Editor m_editor;
    QWidget* m_window;
};

} // namespace Tokenscope::Ui
