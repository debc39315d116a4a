#pragma once

#include <QtGlobal>

#include <map>
#include <utility>
#include <vector>

namespace Tokenscope::Ui {

// Which blocks of a body view are folded, and the mapping between the rows on screen and the document's
// lines that follows from it. Folds may nest: only the outermost hide lines, and unfolding an outer block
// shows the inner ones still folded.
class BodyFolds final
{
public:
    void clear();
    void fold(qint64 start, qint64 end);
    // Replaces every fold with blocks (first line → last line, ascending, not overlapping), in one pass.
    void setFolds(const std::vector<std::pair<qint64, qint64>>& blocks);
    void unfold(qint64 start);
    bool isFolded(qint64 start) const { return m_folds.contains(start); }
    bool isEmpty() const { return m_folds.empty(); }
    qint64 foldedEnd(qint64 start) const;

    qint64 rowCount(qint64 lineCount) const;
    qint64 lineForRow(qint64 row) const;
    // A hidden line maps to the row of the folded block that hides it.
    qint64 rowForLine(qint64 line) const;
    bool isHidden(qint64 line) const;

private:
    void rebuild();

    std::map<qint64, qint64> m_folds; // every folded block: first line → last line
    // The outermost folds, in order, with where each starts on screen and the lines hidden up to and
    // including it.
    std::vector<qint64> m_starts;
    std::vector<qint64> m_ends;
    std::vector<qint64> m_rows;
    std::vector<qint64> m_hidden;
};

} // namespace Tokenscope::Ui
