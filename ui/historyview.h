#pragma once

#include "httpmessage.h"

#include <QDockWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;

namespace Tokenscope::Ui {

class HistoryModel;

// The "History" dock: the requests sent, searchable by method, URL and status; an entry opens again
// as a request.
class HistoryView final : public QDockWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryView)

public:
    explicit HistoryView(HistoryModel* model, QWidget* parent = nullptr);

    // The model row of the entry selected in the list, or -1.
    int currentRow() const;

Q_SIGNALS:
    void openRequested(const Tokenscope::Http::HttpRequest& request);
    void copyAsCurlRequested(const Tokenscope::Http::HttpRequest& request);
    void statusMessage(const QString& text, int timeoutMs);

private:
    void openRow(int row);
    void showMenu(const QPoint& position);
    void clearAll();

    HistoryModel* m_model;
    QSortFilterProxyModel* m_filter;
    QLineEdit* m_search;
    QTreeView* m_list;
};

} // namespace Tokenscope::Ui
