#include "environmentlistmodel.h"

#include "appsession.h"
#include "roles.h"

namespace Tokenscope::Ui {

EnvironmentListModel::EnvironmentListModel(Workspace::AppSession* session, QObject* parent)
    : QAbstractListModel(parent)
    , m_session(session)
{
    // The workspace is small; a reset keeps selection logic simple and exact.
    connect(session, &Workspace::AppSession::environmentsAboutToChange, this, [this] { beginResetModel(); });
    connect(session, &Workspace::AppSession::environmentsChanged, this, [this] { endResetModel(); });
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
                                                  : environment.oauth.issuer;
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
    const auto& environments = m_session->workspace().environments;
    for (int row = 0; row < environments.size(); ++row) {
        if (environments.at(row).id == environmentId)
            return row;
    }
    return -1;
}

} // namespace Tokenscope::Ui
