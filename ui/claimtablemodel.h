#pragma once

#include <QAbstractTableModel>
#include <QList>

namespace Tokenscope::Ui {

// The rows of the Token Inspector's tables: a JWT's header or claims, or an introspection answer. Each
// row is a claim as sent, its readable name and its value as a person reads it; the one-line explanation
// is every cell's tooltip. A row can be flagged (expired, not yet valid) in colour and in words.
class ClaimTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClaimTableModel)

public:
    enum Column { ClaimColumn, NameColumn, ValueColumn, ColumnCount };
    enum class Tone { Normal, Good, Warning, Bad };
    struct Row
    {
        QString claim; // as in the JSON: "exp"
        QString name; // "Expires"
        QString value; // as shown: a local date-time with "in 4 min", a list joined, JSON as text
        QString explanation; // one line
        Tone tone = Tone::Normal;
        QString flag; // words for the tone ("Expired"); empty: none
        QString copyText; // what Copy gives: the value as sent (empty: value)

        friend bool operator==(const Row&, const Row&) = default;
    };
    // The value as sent, for Copy.
    static constexpr int CopyRole = Qt::UserRole + 1;

    explicit ClaimTableModel(QObject* parent = nullptr);

    // Same claims in the same order (a tick of the clock): only the changed cells are reported, so a
    // selection survives.
    void setRows(const QList<Row>& rows);
    const QList<Row>& rows() const { return m_rows; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    static bool sameClaims(const QList<Row>& a, const QList<Row>& b);

    QList<Row> m_rows;
};

} // namespace Tokenscope::Ui
