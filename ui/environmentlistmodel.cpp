#include "environmentlistmodel.h"

#include "appsession.h"
#include "plaintext.h"
#include "roles.h"

namespace Tokenscope::Ui {

EnvironmentListModel::EnvironmentListModel(Workspace::AppSession* session, QObject* parent)
    : QAbstractListModel(parent)
    , m_session(session)
{
    using Workspace::AppSession;
    // Row by row, never a reset for an edit: a reset makes the views fall back to the first row.
    connect(session, &AppSession::environmentsAboutToBeReset, this, [this] {
        m_changing = true;
        beginResetModel();
    });
    connect(session, &AppSession::environmentsReset, this, [this] {
        endResetModel();
        m_changing = false;
    });
    connect(session, &AppSession::environmentAboutToBeAdded, this, [this](int row) {
        m_changing = true;
        beginInsertRows({}, row, row);
    });
    connect(session, &AppSession::environmentAdded, this, [this] {
        endInsertRows();
        m_changing = false;
    });
    connect(session, &AppSession::environmentAboutToBeRemoved, this, [this](int row) {
        m_changing = true;
        beginRemoveRows({}, row, row);
    });
    connect(session, &AppSession::environmentRemoved, this, [this] {
        endRemoveRows();
        m_changing = false;
    });
    connect(session, &AppSession::environmentUpdated, this, [this](int row) {
        const QModelIndex changed = index(row);
        Q_EMIT dataChanged(changed, changed);
    });
}

int EnvironmentListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_session->workspace().environments.size());
}

QVariant EnvironmentListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& environment = m_session->workspace().environments.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return environment.name.isEmpty() ? tr("(unnamed)") : environment.name;
    case Qt::ToolTipRole:
        return environment.oauth.issuer.isEmpty() ? environment.oauth.authorizationEndpoint.host()
                                                  : plainToolTip(environment.oauth.issuer);
    case EnvironmentIdRole:
        return environment.id;
    default:
        return {};
    }
}

QHash<int, QByteArray> EnvironmentListModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(EnvironmentIdRole, "environmentId");
    return names;
}

int EnvironmentListModel::rowOf(const QString& environmentId) const
{
    return m_session->rowOf(environmentId);
}

} // namespace Tokenscope::Ui
