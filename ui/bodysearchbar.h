#pragma once

#include "bodysearch.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;

namespace Tokenscope::Ui {

class BodyView;

// The search bar of a body view (Ctrl+F): searches the body's bytes on a worker thread as the user
// types, shows how many matches there are, and steps through them (Enter, Shift+Enter, F3).
class BodySearchBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BodySearchBar)

public:
    // Sits at the top of view, hidden until asked for.
    explicit BodySearchBar(BodyView* view);
    ~BodySearchBar() override;

    // The body the view's document shows; the search runs over its bytes.
    void setBuffer(std::shared_ptr<const Body::BodyBuffer> buffer);
    void open();
    void close();
    void next();
    void previous();
    void setPattern(const QString& pattern);
    void setRegularExpression(bool on);
    void setCaseSensitive(bool on);
    qsizetype matchCount() const { return qsizetype(m_result.matches.size()); }
    qsizetype currentMatch() const { return m_current; }
    QString countText() const;

Q_SIGNALS:
    // A search finished and its matches are shown (tests wait for it).
    void searched();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void search();
    void showResult(const Body::SearchResult& result);
    void select(qsizetype index);

    BodyView* m_view;
    QLineEdit* m_edit;
    QLabel* m_count;
    QToolButton* m_regularExpression;
    QToolButton* m_caseSensitive;
    Body::BodySearch m_search;
    QTimer m_debounce;
    std::shared_ptr<const Body::BodyBuffer> m_buffer;
    Body::SearchResult m_result;
    qsizetype m_current = -1;
};

} // namespace Tokenscope::Ui
