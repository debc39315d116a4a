#pragma once

#include "environment.h"
#include "error.h"
#include "httpmessage.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QTabBar;

namespace Tokenscope::Ui {

// The open requests above the editor: each keeps its own request, its last response and the send in
// flight. The owner moves the editor's content in and out when switched() says so. Each environment has a
// set of tabs of its own: showSet() puts the shown set away (responses and sends in flight included) and
// shows another.
class RequestTabs final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestTabs)

public:
    struct Tab
    {
        Http::HttpRequest request;
        std::optional<Http::HttpResponse> response;
        Error error; // why the last send brought no response
        bool dirty = false; // edited since it was opened or last sent
        quint64 sendId = 0; // the send in flight (0: none)
        // The saved request it was opened from (empty: none): Save writes it back there.
        QString collectionId;
        QString itemId;
    };

    explicit RequestTabs(QWidget* parent = nullptr);

    int count() const;
    quint64 currentId() const { return m_current; }
    QList<quint64> ids() const; // in the order shown
    // Whether the tab is open, shown or in a set put away.
    bool contains(quint64 id) const { return m_tabs.contains(id); }
    const Tab& tab(quint64 id) const { return m_tabs.find(id).value(); }
    QTabBar* bar() const { return m_bar; }
    // The requests of the tabs shown, in order, and the position of the current one.
    QList<Http::HttpRequest> requests() const;
    // Where each of them came from (parallel to requests()).
    QList<Workspace::RequestOrigin> origins() const;
    int currentIndex() const;

    // Shows the set of tabs called key: as it was when last shown (the same responses, the same sends in
    // flight), or else a tab for each of requests with the one at current made current. A set is never
    // empty: without requests it has one new tab. origins: where each request came from (parallel).
    void showSet(const QString& key, const QList<Http::HttpRequest>& requests, int current,
        const QList<Workspace::RequestOrigin>& origins = {});
    // Opens a tab after the others and makes it current.
    quint64 openTab(const Http::HttpRequest& request = {});
    // Closes it, asking first when it has unsent edits; the last tab gives way to an empty one. False when
    // the user kept it.
    bool closeTab(quint64 id);
    void setRequest(quint64 id, const Http::HttpRequest& request);
    // The outcome of its last send: a response, or an error and no response (status 0).
    void setResponse(quint64 id, const Http::HttpResponse& response, const Error& error = {});
    void setDirty(quint64 id, bool dirty);
    void setSendId(quint64 id, quint64 sendId);
    // Where the request came from; changed() says the set to keep changed.
    void setOrigin(quint64 id, const QString& collectionId, const QString& itemId);
    void selectNext(int step);

Q_SIGNALS:
    // The current tab changed: store the editor's content in previous (0 when it was closed) and show
    // current's.
    void switched(quint64 previous, quint64 current);
    // A tab is about to close (its send in flight is to be stopped).
    void closing(quint64 id);
    // A tab was opened, closed or moved: the set to keep changed.
    void changed();

private:
    int indexOf(quint64 id) const;
    void updateTitle(quint64 id);
    void onCurrentChanged(int index);
    quint64 addTabFor(const Http::HttpRequest& request);

    struct PutAway
    {
        QList<quint64> ids;
        quint64 current = 0;
    };

    QTabBar* m_bar;
    QHash<quint64, Tab> m_tabs; // of every set
    QHash<QString, PutAway> m_putAway; // the sets not shown
    std::optional<QString> m_shownSet;
    quint64 m_current = 0;
    quint64 m_lastId = 0;
};

// A tab's title: the method and the last part of the path ("GET items"), or "New Request".
QString requestTitle(const Http::HttpRequest& request);

} // namespace Tokenscope::Ui
