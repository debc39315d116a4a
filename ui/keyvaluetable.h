#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

class QStandardItemModel;
class QTableView;

namespace Tokenscope::Ui {

// A table of name/value rows, each enabled or not, with Add and Remove buttons: query parameters,
// headers, form fields. With files, a row may name a file to upload instead of holding text.
class KeyValueTable final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyValueTable)

public:
    struct Row
    {
        QString name;
        QString value; // the text, or the file's path
        bool enabled = true;
        bool isFile = false;

        friend bool operator==(const Row&, const Row&) = default;
    };

    KeyValueTable(const QString& nameHeader, const QString& valueHeader, bool withFiles, QWidget* parent);

    QList<Row> rows() const;
    // Replaces the rows without emitting edited().
    void setRows(const QList<Row>& rows);
    // Names offered while typing a name (common header names).
    void setNameCompletions(const QStringList& names) { m_completions = names; }
    QTableView* view() const { return m_view; }
    QStandardItemModel* model() const { return m_model; }

Q_SIGNALS:
    void edited();

private:
    void appendRow(const Row& row);

    QStandardItemModel* m_model;
    QTableView* m_view;
    QStringList m_completions;
    bool m_filling = false;
};

} // namespace Tokenscope::Ui
