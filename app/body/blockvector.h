#pragma once

#include <QtGlobal>

#include <cstddef>
#include <vector>

namespace Tokenscope::Body {

// An index that grows in fixed blocks, so appending on the GUI thread never copies what is already there
// (a std::vector of a 1 GB body's index would move tens of megabytes at each doubling).
template<class T>
class BlockVector final
{
public:
    static constexpr size_t blockSize = 8192;
    size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    T& operator[](size_t i) { return m_blocks[i / blockSize][i % blockSize]; }
    const T& operator[](size_t i) const { return m_blocks[i / blockSize][i % blockSize]; }
    const T& back() const { return (*this)[m_size - 1]; }
    void push_back(const T& item)
    {
        if (m_size % blockSize == 0) {
            m_blocks.emplace_back();
            m_blocks.back().reserve(blockSize);
        }
        m_blocks.back().push_back(item);
        ++m_size;
    }
    void append(const std::vector<T>& items)
    {
        for (const T& item : items)
            push_back(item);
    }
    // How many items from the start satisfy pred, for a pred that holds for a prefix of the items and
    // then no more (binary search).
    template<class Pred>
    size_t partitionPoint(Pred pred) const
    {
        size_t low = 0;
        size_t high = m_size;
        while (low < high) {
            const size_t middle = low + (high - low) / 2;
            if (pred((*this)[middle]))
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }
    qint64 bytes() const { return qint64(m_blocks.size()) * qint64(blockSize) * qint64(sizeof(T)); }

private:
    std::vector<std::vector<T>> m_blocks;
    size_t m_size = 0;
};

} // namespace Tokenscope::Body
