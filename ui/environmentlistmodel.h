#pragma once

#include <QAbstractListModel>

namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

// The environments of the workspace, for the selector in the top bar and the side list.
class EnvironmentListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvironmentListModel)

public:
    explicit EnvironmentListModel(Workspace::AppSession* session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    // Renaming in place (F2) and moving by drag and drop, both kept in the workspace.
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;
    Qt::DropActions supportedDropActions() const override;
    bool moveRows(const QModelIndex& sourceParent, int sourceRow, int count,
        const QModelIndex& destinationParent, int destinationChild) override;

    int rowOf(const QString& environmentId) const;
    // Between the start and the end of a row insertion, removal or reset: a view's current row that
    // moves now moves because rows moved, not because the user chose another environment.
    bool isChanging() const { return m_changing; }

private:
    Workspace::AppSession* m_session;
    bool m_changing = false;
};

} // namespace Tokenscope::Ui
