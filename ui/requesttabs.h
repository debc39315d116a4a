#pragma once

#include "httpmessage.h"

#include <QHash>
#include <QWidget>

#include <optional>

class QTabBar;

namespace Tokenscope::Ui {

// The open requests above the editor: each keeps its own request and its last response. The owner moves
// the editor's content in and out when switched() says so.
class RequestTabs final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestTabs)

public:
    struct Tab
    {
        Http::HttpRequest request;
        std::optional<Http::HttpResponse> response;
        bool dirty = false; // edited since it was opened or last sent
    };

    explicit RequestTabs(QWidget* parent = nullptr);

    int count() const;
    quint64 currentId() const { return m_current; }
    QList<quint64> ids() const; // in the order shown
    const Tab& tab(quint64 id) const { return m_tabs.find(id).value(); }
    QTabBar* bar() const { return m_bar; }

    // Opens a tab after the others and makes it current.
    quint64 openTab(const Http::HttpRequest& request = {});
    // Closes it, asking first when it has unsent edits; the last tab gives way to an empty one. False when
    // the user kept it.
    bool closeTab(quint64 id);
    void setRequest(quint64 id, const Http::HttpRequest& request);
    void setResponse(quint64 id, const Http::HttpResponse& response);
    void setDirty(quint64 id, bool dirty);
    void selectNext(int step);

Q_SIGNALS:
    // The current tab changed: store the editor's content in previous (0 when it was closed) and show
    // current's.
    void switched(quint64 previous, quint64 current);

private:
    int indexOf(quint64 id) const;
    void updateTitle(quint64 id);
    void onCurrentChanged(int index);

    QTabBar* m_bar;
    QHash<quint64, Tab> m_tabs;
    quint64 m_current = 0;
    quint64 m_lastId = 0;
};

// A tab's title: the method and the last part of the path ("GET items"), or "New Request".
QString requestTitle(const Http::HttpRequest& request);

} // namespace Tokenscope::Ui
