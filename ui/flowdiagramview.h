#pragma once

#include "flowparty.h"

#include <QAbstractScrollArea>
#include <QPointer>

class QItemSelectionModel;

namespace Tokenscope::Ui {

class FlowLogModel;

// The timeline as a sequence diagram: a lifeline for the user, Tokenscope, the browser, the
// authorization server and the API, and one arrow per recorded exchange, newest at the bottom. It shows
// the rows of a FlowLogModel and shares the list's selection, so both views show the same step.
class FlowDiagramView final : public QAbstractScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FlowDiagramView)

public:
    explicit FlowDiagramView(QWidget* parent = nullptr);

    void setModel(FlowLogModel* model, QItemSelectionModel* selection);

    // One arrow as drawn: from one lifeline to another (through via, when it is not from or to); a note
    // or a failure of Tokenscope's own has from == to.
    struct Arrow
    {
        OAuth::FlowParty from = OAuth::FlowParty::Tokenscope;
        OAuth::FlowParty via = OAuth::FlowParty::Tokenscope;
        OAuth::FlowParty to = OAuth::FlowParty::Tokenscope;
        QString label;
        bool answer = false; // drawn dashed, as a return
        bool failed = false; // drawn in the error colour
    };
    Arrow arrow(int row) const;
    // Under an authorization request, the user's sign-in in the browser (User to Browser), derived from
    // the request and what ended it; an empty label for any other row.
    Arrow signIn(int row) const;
    // Where row is drawn, in viewport coordinates (it may be outside the viewport).
    QRect rowRect(int row) const;
    // Where the sign-in under row is drawn: the slot below rowRect(row).
    QRect signInRect(int row) const;
    void scrollToRow(int row);
    // The sentence a screen reader says for row.
    QString describe(int row) const;
    static QString partyName(OAuth::FlowParty party);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool viewportEvent(QEvent* event) override;

private:
    int rowHeight() const;
    int headerHeight() const;
    int gutterWidth() const;
    qreal laneX(OAuth::FlowParty party) const;
    int rowAt(int y) const;
    int rowCount() const;
    int slotOf(int row) const;
    void relayout(int from);
    void updateScrollRange();
    void select(int row);
    void currentChanged(int row);
    void paintRow(QPainter& painter, int row, const QRect& rect, bool selected) const;
    void paintSignIn(QPainter& painter, int row, const QRect& rect) const;
    void paintHeader(QPainter& painter) const;

    QPointer<FlowLogModel> m_model;
    QPointer<QItemSelectionModel> m_selection;
    // The first slot (of rowHeight) of each row: an authorization request takes two, the second for
    // the user's sign-in.
    QList<int> m_slots;
    int m_slotCount = 0;
};

} // namespace Tokenscope::Ui
