#include "bodyfolds.h"

#include <algorithm>

namespace Tokenscope::Ui {

void BodyFolds::clear()
{
    m_folds.clear();
    rebuild();
}

void BodyFolds::fold(qint64 start, qint64 end)
{
    if (end <= start)
        return;
    m_folds[start] = end;
    rebuild();
}

void BodyFolds::setFolds(const std::vector<std::pair<qint64, qint64>>& blocks)
{
    m_folds.clear();
    for (const auto& [start, end] : blocks)
        if (end > start)
            m_folds.emplace_hint(m_folds.end(), start, end);
    rebuild();
}

void BodyFolds::unfold(qint64 start)
{
    if (m_folds.erase(start) > 0)
        rebuild();
}

qint64 BodyFolds::foldedEnd(qint64 start) const
{
    const auto found = m_folds.find(start);
    return found == m_folds.end() ? -1 : found->second;
}

void BodyFolds::rebuild()
{
    m_starts.clear();
    m_ends.clear();
    m_rows.clear();
    m_hidden.clear();
    qint64 hidden = 0;
    qint64 coveredUntil = -1;
    for (const auto& [start, end] : m_folds) {
        if (start <= coveredUntil)
            continue; // inside an outer fold
        m_starts.push_back(start);
        m_ends.push_back(end);
        m_rows.push_back(start - hidden);
        hidden += end - start;
        m_hidden.push_back(hidden);
        coveredUntil = end;
    }
}

qint64 BodyFolds::rowCount(qint64 lineCount) const
{
    // The last outermost fold that starts within the lines: the lines hidden up to it, less those it
    // would hide past the end.
    const auto after = std::lower_bound(m_starts.begin(), m_starts.end(), lineCount);
    if (after == m_starts.begin())
        return lineCount;
    const size_t i = size_t(after - m_starts.begin() - 1);
    return lineCount - (m_hidden[i] - std::max<qint64>(0, m_ends[i] - (lineCount - 1)));
}

qint64 BodyFolds::lineForRow(qint64 row) const
{
    const auto after = std::upper_bound(m_rows.begin(), m_rows.end(), row);
    if (after == m_rows.begin())
        return row;
    const size_t i = size_t(after - m_rows.begin() - 1);
    if (row == m_rows[i])
        return m_starts[i];
    return row + m_hidden[i];
}

qint64 BodyFolds::rowForLine(qint64 line) const
{
    const auto after = std::upper_bound(m_starts.begin(), m_starts.end(), line);
    if (after == m_starts.begin())
        return line;
    const size_t i = size_t(after - m_starts.begin() - 1);
    if (line <= m_ends[i])
        return m_rows[i];
    return line - m_hidden[i];
}

bool BodyFolds::isHidden(qint64 line) const
{
    const auto after = std::upper_bound(m_starts.begin(), m_starts.end(), line);
    if (after == m_starts.begin())
        return false;
    const size_t i = size_t(after - m_starts.begin() - 1);
    return line > m_starts[i] && line <= m_ends[i];
}

} // namespace Tokenscope::Ui
