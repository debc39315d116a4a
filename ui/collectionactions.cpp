#include "collectionactions.h"

#include "appsession.h"
#include "collectionsview.h"
#include "draftsecrets.h"
#include "exportactions.h"
#include "importreportdialog.h"
#include "messagebanner.h"
#include "messagebox.h"
#include "postmanworkspace.h"
#include "secretstore.h"
#include "variablesdialog.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>

namespace Tokenscope::Ui {

namespace {

constexpr QLatin1String collectionsVisibleKey {"window/collectionsVisible"};
constexpr QLatin1String importFolderKey {"import/lastFolder"};

// The path of the entry with that id, or empty.
QList<int> pathOf(const QList<Workspace::CollectionItem>& items, const QString& id)
{
    for (int i = 0; i < items.size(); ++i) {
        if (items.at(i).id == id)
            return {i};
        if (const QList<int> below = pathOf(items.at(i).items, id); !below.isEmpty())
            return QList<int> {i} + below;
    }
    return {};
}

Workspace::CollectionItem* mutableItemAt(Workspace::Collection* collection, const QList<int>& path)
{
    QList<Workspace::CollectionItem>* items = &collection->items;
    Workspace::CollectionItem* item = nullptr;
    for (const int index : path) {
        if (index < 0 || index >= items->size())
            return nullptr;
        item = &(*items)[index];
        items = &item->items;
    }
    return item;
}

} // namespace

CollectionActions::CollectionActions(
    Workspace::AppSession* session, MessageBanner* banner, QMainWindow* window)
    : QObject(window)
    , m_session(session)
    , m_banner(banner)
    , m_window(window)
    , m_store(session->workspaceDirectory())
    , m_view(new CollectionsView(window))
{
    window->addDockWidget(Qt::LeftDockWidgetArea, m_view);
    window->resizeDocks({m_view}, {300}, Qt::Horizontal);
    m_view->setVisible(QSettings().value(collectionsVisibleKey, false).toBool());
    m_toggle = m_view->toggleViewAction();
    m_toggle->setText(tr("C&ollections"));
    m_toggle->setObjectName(QStringLiteral("collectionsAction"));
    m_toggle->setToolTip(tr("Show or hide the saved requests of the collections"));
    // The user's choice, not every hide (closing the window hides the dock too).
    connect(m_toggle, &QAction::triggered, this,
        [](bool visible) { QSettings().setValue(collectionsVisibleKey, visible); });
    connect(m_view, &CollectionsView::openRequested, this, [this](const QString& id, const QList<int>& path) {
        const std::optional<Http::HttpRequest> request = requestAt(id, path);
        const auto collection = std::find_if(m_collections.cbegin(), m_collections.cend(),
            [&id](const Workspace::Collection& c) { return c.id == id; });
        if (request && collection != m_collections.cend())
            Q_EMIT openRequested(*request, id, Workspace::itemAt(*collection, path)->id);
    });
    connect(m_view, &CollectionsView::deleteRequested, this, &CollectionActions::deleteCollection);
    connect(m_view, &CollectionsView::variablesRequested, this, &CollectionActions::editVariables);
    connectEditing();
    load();
}

void CollectionActions::load()
{
    const Workspace::CollectionStore::LoadResult loaded = m_store.load();
    m_collections = loaded.collections;
    m_view->setCollections(m_collections);
    // Their variables are in the scope of the requests opened from them, secret values from the keychain.
    for (const Workspace::Collection& collection : std::as_const(m_collections))
        m_session->setCollectionVariables(collection.id, collection.variables);
    if (loaded.problems.size() == 1) {
        const Error& error = loaded.problems.first();
        m_banner->showMessage(MessageBanner::Level::Warning, error.summary, error.detail + u' ' + error.hint,
            MessageBanner::Scope::Application);
    } else if (loaded.problems.size() > 1) {
        QStringList lines;
        for (const Error& error : loaded.problems)
            lines.append(error.summary + QStringLiteral(": ") + error.detail);
        m_banner->showMessage(MessageBanner::Level::Warning,
            tr("%n collection file(s) could not be read", nullptr, int(loaded.problems.size())),
            lines.join(u'\n') + u'\n' + tr("The files were left as they are; the other collections loaded."),
            MessageBanner::Scope::Application);
    }
}

void CollectionActions::addImportMenu(QMenu* fileMenu)
{
    auto* newCollection = fileMenu->addAction(tr("New &Collection"), this, [this] { this->newCollection(); });
    newCollection->setObjectName(QStringLiteral("newCollectionAction"));
    QMenu* import = fileMenu->addMenu(tr("&Import"));
    import->setObjectName(QStringLiteral("importMenu"));
    auto* collection = import->addAction(tr("Postman &Collection…"), this, [this] { chooseAndImport(true); });
    collection->setObjectName(QStringLiteral("importPostmanCollectionAction"));
    auto* environment
        = import->addAction(tr("Postman &Environment…"), this, [this] { chooseAndImport(false); });
    environment->setObjectName(QStringLiteral("importPostmanEnvironmentAction"));
    (new ExportActions(this, m_session, m_window))->addExportMenu(fileMenu);
}

void CollectionActions::chooseAndImport(bool collection)
{
    QSettings settings;
    const QString folder
        = settings.value(importFolderKey, QStandardPaths::writableLocation(QStandardPaths::DownloadLocation))
              .toString();
    const QString path = m_chooser
        ? m_chooser(collection)
        : QFileDialog::getOpenFileName(m_window,
            collection ? tr("Import Postman Collection") : tr("Import Postman Environment"), folder,
            tr("Postman files (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(importFolderKey, QFileInfo(path).absolutePath());
    if (collection)
        importCollectionFile(path);
    else
        importEnvironmentFile(path);
}

void CollectionActions::showError(const Error& error)
{
    m_banner->showMessage(MessageBanner::Level::Warning, error.summary,
        error.hint.isEmpty() ? error.detail : error.detail + u' ' + error.hint);
}

bool CollectionActions::importCollectionFile(const QString& path)
{
    Workspace::PostmanCollectionImport imported;
    if (const Error error = Workspace::importPostmanCollectionInto(
            path, &m_store, m_session, this, [this](const Error& problem) { showError(problem); }, &imported);
        !error.isNull()) {
        showError(error);
        return false;
    }
    const Workspace::Collection& collection = imported.collection;
    QList<Http::Variable> variables = collection.variables;
    for (Http::Variable& variable : variables) {
        for (const Http::Variable& secret : std::as_const(imported.secrets)) {
            if (variable.secret && secret.name == variable.name)
                variable.value = secret.value;
        }
    }
    m_session->setCollectionVariables(collection.id, variables, true);
    m_collections.append(collection);
    std::stable_sort(m_collections.begin(), m_collections.end(),
        [](const Workspace::Collection& a, const Workspace::Collection& b) {
            return a.name.toCaseFolded().localeAwareCompare(b.name.toCaseFolded()) < 0;
        });
    m_view->setCollections(m_collections);
    m_view->show();
    QSettings().setValue(collectionsVisibleKey, true);

    const QStringList environments = createOAuthEnvironments(imported);
    int folders = 0;
    int requests = 0;
    Workspace::countCollectionItems(collection.items, &folders, &requests);
    QStringList lines {tr("The collection “%1” was imported.").arg(collection.name),
        tr("Folders: %1").arg(folders), tr("Requests: %1").arg(requests),
        tr("Variables: %1").arg(collection.variables.size())};
    if (!imported.secrets.isEmpty())
        lines.append(
            tr("Secret values kept in the keychain, not in the file: %1").arg(imported.secrets.size()));
    for (const QString& name : environments)
        lines.append(tr("The environment “%1”, with the OAuth settings").arg(name));
    auto* dialog = new ImportReportDialog(tr("Import Report"), lines, imported.report, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    Q_EMIT statusMessage(tr("Imported the collection “%1”.").arg(collection.name), 8000);
    return true;
}

QStringList CollectionActions::createOAuthEnvironments(const Workspace::PostmanCollectionImport& imported)
{
    QStringList created;
    const QString collectionName = imported.collection.name;
    for (const Workspace::ImportedOAuth& oauth : imported.oauth) {
        const QString where
            = oauth.path.isEmpty() ? collectionName : collectionName + QStringLiteral(" / ") + oauth.path;
        const QString name = Workspace::environmentFor(oauth, collectionName).name;
        if (MessageBox::question(m_window, tr("Create Environment"),
                tr("Create environment “%1” for the OAuth settings of “%2”?").arg(name, where),
                {{QMessageBox::Yes, tr("Create Environment")}, {QMessageBox::No, tr("Skip")}},
                QMessageBox::Yes)
            != QMessageBox::Yes)
            continue;
        created.append(Workspace::addOAuthEnvironment(m_session, oauth, collectionName).name);
    }
    return created;
}

bool CollectionActions::importEnvironmentFile(const QString& path)
{
    Workspace::PostmanEnvironmentImport imported;
    if (const Error error = Workspace::importPostmanEnvironmentInto(path, m_session, &imported);
        !error.isNull()) {
        showError(error);
        return false;
    }
    const Workspace::Environment& environment = imported.environment;
    m_session->setCurrentEnvironment(environment.id);
    const int variables = int(environment.variables.size());
    const auto secrets = std::count_if(environment.variables.cbegin(), environment.variables.cend(),
        [](const Http::Variable& variable) { return variable.secret; });
    m_banner->showMessage(MessageBanner::Level::Information,
        tr("The environment “%1” was created").arg(environment.name),
        tr("Imported from %1: %2 variables, of which %3 secret. The secret values are kept in the keychain, "
           "not in the workspace file.")
            .arg(QFileInfo(path).fileName())
            .arg(variables)
            .arg(secrets));
    if (!imported.report.isEmpty()) {
        auto* dialog = new ImportReportDialog(tr("Import Report"),
            {tr("The environment “%1” was imported with %2 variables.").arg(environment.name).arg(variables)},
            imported.report, m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    }
    return true;
}

std::optional<Http::HttpRequest> CollectionActions::requestAt(
    const QString& collectionId, const QList<int>& path) const
{
    for (const Workspace::Collection& collection : m_collections) {
        if (collection.id != collectionId)
            continue;
        const Workspace::CollectionItem* item = Workspace::itemAt(collection, path);
        if (!item || item->isFolder())
            return std::nullopt;
        Http::HttpRequest request = item->request;
        request.auth = Workspace::effectiveAuth(collection, path);
        return request;
    }
    return std::nullopt;
}

bool CollectionActions::saveRequest(
    const QString& collectionId, const QString& itemId, const Http::HttpRequest& request)
{
    const auto found = std::find_if(m_collections.begin(), m_collections.end(),
        [&collectionId](const Workspace::Collection& c) { return c.id == collectionId; });
    const QList<int> path = found == m_collections.end() ? QList<int>() : pathOf(found->items, itemId);
    Workspace::CollectionItem* item = path.isEmpty() ? nullptr : mutableItemAt(&*found, path);
    if (!item || item->isFolder()) {
        showError({tr("The request could not be saved"),
            tr("Its collection no longer holds it: the collection or the request was deleted.")});
        return false;
    }
    const QString name = item->name;
    Workspace::Collection updated = *found;
    Http::HttpRequest saved = request;
    // Opened with the auth its folders gave it: unchanged, it still comes from them.
    if (saved.auth == Workspace::effectiveAuth(*found, path))
        saved.auth = item->request.auth;
    const QStringList created = Workspace::moveSecretHeadersToVariables(&saved, &updated.variables);
    mutableItemAt(&updated, path)->request = saved;
    if (const Error error = m_store.save(updated); !error.isNull()) {
        showError(error);
        return false;
    }
    for (const Http::Variable& variable : std::as_const(updated.variables)) {
        if (variable.secret && created.contains(variable.name))
            m_session->secretStore()->write(Workspace::collectionSecretKey(updated.id, variable.name),
                variable.value, this, [](const Secrets::SecretResult&) {});
    }
    if (!created.isEmpty()) {
        QList<Http::Variable> known = m_session->collectionVariables(updated.id);
        for (const Http::Variable& variable : std::as_const(updated.variables)) {
            if (created.contains(variable.name))
                known.append(variable);
        }
        m_session->setCollectionVariables(updated.id, known, true);
    }
    // The secret values stay in the keychain only: the collection in memory is as its file.
    for (Http::Variable& variable : updated.variables) {
        if (variable.secret)
            variable.value.clear();
    }
    *found = updated;
    m_view->setCollections(m_collections);
    Q_EMIT statusMessage(tr("Saved “%1” in the collection “%2”.").arg(name, updated.name), 5000);
    return true;
}

VariablesDialog* CollectionActions::editVariables(const QString& collectionId)
{
    const auto found = std::find_if(m_collections.cbegin(), m_collections.cend(),
        [&collectionId](const Workspace::Collection& c) { return c.id == collectionId; });
    if (found == m_collections.cend())
        return nullptr;
    auto* dialog = new VariablesDialog(tr("Variables of “%1”").arg(found->name),
        tr("The requests of this collection can use these as {{name}}. A variable of the environment with "
           "the same name wins; these win over the global variables. Secret values are kept in the "
           "keychain, not in the collection's file."),
        m_session->collectionVariables(collectionId), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
        [this, dialog, collectionId] { setVariables(collectionId, dialog->variables()); });
    dialog->open();
    return dialog;
}

bool CollectionActions::setVariables(const QString& collectionId, const QList<Http::Variable>& variables)
{
    const auto found = std::find_if(m_collections.begin(), m_collections.end(),
        [&collectionId](const Workspace::Collection& c) { return c.id == collectionId; });
    if (found == m_collections.end())
        return false;
    Workspace::Collection updated = *found;
    updated.variables = variables;
    // The file never holds a secret value (collectionToBytes leaves it out); the keychain does.
    if (const Error error = m_store.save(updated); !error.isNull()) {
        showError(error);
        return false;
    }
    m_session->putCollectionVariables(collectionId, variables);
    for (Http::Variable& variable : updated.variables) {
        if (variable.secret)
            variable.value.clear();
    }
    *found = updated;
    Q_EMIT statusMessage(tr("Saved the variables of the collection “%1”.").arg(updated.name), 5000);
    return true;
}

void CollectionActions::deleteCollection(const QString& collectionId)
{
    const auto found = std::find_if(m_collections.cbegin(), m_collections.cend(),
        [&collectionId](const Workspace::Collection& c) { return c.id == collectionId; });
    if (found == m_collections.cend())
        return;
    // Kept apart: the collection leaves the list before the status message names it.
    const QString name = found->name;
    const QList<Http::Variable> variables = found->variables;
    int folders = 0;
    int requests = 0;
    Workspace::countCollectionItems(found->items, &folders, &requests);
    if (MessageBox::question(m_window, tr("Delete Collection"),
            tr("Delete the collection “%1” with its %n saved request(s)? This cannot be undone.", nullptr,
                requests)
                .arg(name),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
        != QMessageBox::Yes)
        return;
    if (const Error error = m_store.remove(collectionId); !error.isNull()) {
        showError(error);
        return;
    }
    for (const Http::Variable& variable : variables) {
        if (variable.secret)
            m_session->secretStore()->remove(
                Workspace::collectionSecretKey(collectionId, variable.name), this, [](const auto&) {});
    }
    m_collections.removeIf([&collectionId](const Workspace::Collection& c) { return c.id == collectionId; });
    m_session->forgetCollection(collectionId);
    m_view->setCollections(m_collections);
    Q_EMIT statusMessage(tr("Deleted the collection “%1”.").arg(name), 8000);
}

} // namespace Tokenscope::Ui
