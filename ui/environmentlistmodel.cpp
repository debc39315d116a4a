#include "environmentlistmodel.h"

#include "appsession.h"
#include "plaintext.h"
#include "productionbadge.h"
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
    connect(session, &AppSession::environmentAboutToBeMoved, this, [this](int from, int to) {
        m_changing = true;
        // Qt's destination is the row it goes before, counted before the move.
        beginMoveRows({}, from, from, {}, to > from ? to + 1 : to);
    });
    connect(session, &AppSession::environmentMoved, this, [this] {
        endMoveRows();
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
        return environment.name.isEmpty() ? tr("(unnamed)") : environment.name;
    case Qt::EditRole:
        return environment.name;
    case Qt::DecorationRole:
        return environment.production ? QVariant(productionIcon()) : QVariant();
    case Qt::ToolTipRole: {
        const QString provider = environment.oauth.issuer.isEmpty()
            ? environment.oauth.authorizationEndpoint.host()
            : environment.oauth.issuer;
        return plainToolTip(environment.production ? tr("Production: %1").arg(provider) : provider);
    }
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

Qt::ItemFlags EnvironmentListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled; // between rows: a place to move one to
    return QAbstractListModel::flags(index) | Qt::ItemIsEditable | Qt::ItemIsDragEnabled;
}

bool EnvironmentListModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    const QString name = value.toString().trimmed();
    Workspace::Environment environment = m_session->workspace().environments.at(index.row());
    if (name.isEmpty() || name == environment.name)
        return false;
    environment.name = name;
    m_session->putEnvironment(environment);
    return true;
}

Qt::DropActions EnvironmentListModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

bool EnvironmentListModel::moveRows(const QModelIndex& sourceParent, int sourceRow, int count,
    const QModelIndex& destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() || count != 1 || sourceRow < 0
        || sourceRow >= rowCount())
        return false;
    const int to = destinationChild > sourceRow ? destinationChild - 1 : destinationChild;
    if (to == sourceRow)
        return true;
    m_session->moveEnvironment(m_session->workspace().environments.at(sourceRow).id, to);
    return true;
}

int EnvironmentListModel::rowOf(const QString& environmentId) const
{
    return m_session->rowOf(environmentId);
}

} // namespace Tokenscope::Ui
