#pragma once

#include "httpmessage.h"
#include "variables.h"

#include <QObject>

class QLineEdit;
class QMainWindow;
class QMenu;

namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

class HistoryModel;
class HistoryView;
class MessageBanner;
class RequestEditor;

// What the window does with requests besides sending them: copy as curl, paste or import a curl
// command, and the history of sent requests.
class RequestActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestActions)

public:
    RequestActions(
        Workspace::AppSession* session, RequestEditor* editor, MessageBanner* banner, QMainWindow* window);

    void addTo(QMenu* requestMenu);
    HistoryView* historyView() const { return m_historyView; }
    HistoryModel* historyModel() const { return m_history; }

    // Records a sent request and its response, secrets masked.
    void record(const Http::HttpRequest& request, const Http::HttpResponse& response);
    // The request as curl on the clipboard; with revealSecrets the secrets written out (asked first).
    void copyAsCurl(const Http::HttpRequest& request, bool revealSecrets);
    // Replaces the request by the curl command's, with an undo in the banner. False if it could not be read.
    bool applyCurl(const QString& command);
    void importCurlDialog();
    // The Undo of a pasted curl command goes from the banner: the request it would put back belongs to a
    // tab or an environment no longer shown (the owner calls it when the current tab changes).
    void forgetCurlUndo();

Q_SIGNALS:
    void statusMessage(const QString& text, int timeoutMs);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QStringList secretValues() const;
    static QString curlReplacedTitle();
    void removeImportedVariables(const QString& environmentId, const QList<Http::Variable>& created);
    void addCopyButton();

    Workspace::AppSession* m_session;
    RequestEditor* m_editor;
    MessageBanner* m_banner;
    QMainWindow* m_window;
    QLineEdit* m_url = nullptr;
    HistoryModel* m_history;
    HistoryView* m_historyView;
    quint64 m_curlUndo = 0; // the Undo in the banner works while its number is this one
};

} // namespace Tokenscope::Ui
