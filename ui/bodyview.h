#pragma once

#include "bodyfolds.h"
#include "linedocument.h"

#include <QAbstractScrollArea>
#include <QPointer>

#include <utility>
#include <vector>

class QLabel;
class QLineEdit;

namespace Tokenscope::Body {
class LineDocument;
struct DisplayLine;
} // namespace Tokenscope::Body

namespace Tokenscope::Ui {

// A read-only view of a Body::LineDocument of any size: it asks the document only for the lines it
// paints, so a body of a gigabyte scrolls like one of a kilobyte. Line numbers, folding where the
// document knows blocks, a current line with a line-wise selection, copying, the JSON path of the
// current line, go to line, and highlighted search matches.
class BodyView final : public QAbstractScrollArea
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BodyView)

public:
    // A stretch of the body to highlight, in bytes of the body.
    struct Match
    {
        qint64 offset = 0;
        qint64 length = 0;
    };

    explicit BodyView(QWidget* parent = nullptr);
    ~BodyView() override;

    // The view does not own the document; it shows nothing once the document is gone.
    void setDocument(Body::LineDocument* document);
    Body::LineDocument* document() const { return m_document; }

    qint64 currentLine() const { return m_current; }
    // Makes line current (scrolled into view); extend keeps the selection's other end.
    void setCurrentLine(qint64 line, bool extend = false);
    qint64 firstVisibleLine() const;
    qint64 visibleRowCount() const;
    QString selectedText() const;
    QString currentPath() const;

    void copy() const;
    void copyValue();
    void copyPath() const;
    bool isFolded(qint64 line) const { return m_folds.isFolded(line); }
    bool toggleFold(qint64 line);
    void foldAll();
    void unfoldAll();
    void showGoToLine();
    // Lines as the user counts them: from 1.
    void goToLine(qint64 lineNumber);

    // Matches to highlight (ordered by offset) and the current one, which is scrolled to.
    void setMatches(std::vector<Match> matches, qsizetype current);
    // A widget shown above the text (the search bar); the view places it and keeps the text below it.
    void setTopBar(QWidget* bar);

Q_SIGNALS:
    void currentLineChanged(qint64 line);
    void findRequested();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    bool event(QEvent* event) override;

private:
    qint64 rowCount() const;
    qint64 lineHeight() const;
    int charWidth() const;
    // A character's advance, fractional: what the text is painted with.
    qreal columnWidth() const;
    int gutterWidth() const;
    qint64 rowAt(int y) const;
    void setTopRow(qint64 row);
    void ensureRowVisible(qint64 row);
    void updateScrollBars();
    // The horizontal scroll position in pixels: past what an int holds on a line of a gigabyte.
    qint64 horizontalOffset() const;
    void setHorizontalOffset(qint64 pixels);
    void layoutBars();
    void updateStatus();
    void paintLine(QPainter& painter, qint64 line, int y, int textLeft);
    bool isSelected(qint64 line) const;

    QPointer<Body::LineDocument> m_document;
    BodyFolds m_folds;
    qint64 m_topRow = 0;
    qint64 m_scrollScale = 1; // document rows per step of the (int) vertical scroll bar
    qint64 m_current = 0;
    qint64 m_anchor = 0;
    qint64 m_widestLine = 0; // in characters, of the lines painted so far
    qint64 m_horizontalScale = 1; // pixels per step of the (int) horizontal scroll bar
    std::vector<Match> m_matches;
    qsizetype m_currentMatch = -1;
    QWidget* m_topBar = nullptr;
    QWidget* m_goToBar = nullptr;
    QLineEdit* m_goToEdit = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_path = nullptr;
    QWidget* m_statusStrip = nullptr;
    QString m_failure;
};

} // namespace Tokenscope::Ui
