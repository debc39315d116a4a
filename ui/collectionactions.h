#pragma once

#include "collection.h"
#include "collectionstore.h"
#include "httpmessage.h"
#include "postmanimport.h"

#include <QObject>

#include <functional>
#include <optional>

class QAction;
class QMainWindow;
class QMenu;

namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

class CollectionsView;
class MessageBanner;
class VariablesDialog;

// The workspace's collections in the window: the Collections dock, opening a saved request in a tab,
// deleting a collection, and importing Postman collections and environments (File ▸ Import).
class CollectionActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CollectionActions)

public:
    CollectionActions(Workspace::AppSession* session, MessageBanner* banner, QMainWindow* window);

    // File ▸ Import ▸ …
    void addImportMenu(QMenu* fileMenu);
    // Shows or hides the dock; remembered.
    QAction* toggleViewAction() const { return m_toggle; }
    CollectionsView* view() const { return m_view; }
    const QList<Workspace::Collection>& collections() const { return m_collections; }

    // What the menu's actions do once a file is chosen. False when nothing was imported.
    bool importCollectionFile(const QString& path);
    bool importEnvironmentFile(const QString& path);
    // The request at path as it opens in a tab: with the auth its folders or collection give it.
    std::optional<Http::HttpRequest> requestAt(const QString& collectionId, const QList<int>& path) const;
    // Writes request back over the saved request itemId of the collection, its credentials moved to the
    // collection's secret variables (the keychain). False (and said why) when it could not.
    bool saveRequest(const QString& collectionId, const QString& itemId, const Http::HttpRequest& request);
    // For tests: picks the file instead of the file dialog (collection: a collection file is asked for).
    void setFileChooser(std::function<QString(bool collection)> chooser) { m_chooser = std::move(chooser); }
    // Asks first.
    void deleteCollection(const QString& collectionId);
    // Reads the collection files again (changed outside Tokenscope: a git pull). Requests open in tabs
    // keep what they show.
    void reloadCollections() { load(); }
    // Opens the dialog editing the collection's variables (nullptr: no such collection); OK saves them.
    VariablesDialog* editVariables(const QString& collectionId);
    // Saves the collection's variables: the file without secret values, those to the keychain.
    bool setVariables(const QString& collectionId, const QList<Http::Variable>& variables);

    // Editing (collectionedits.cpp). Each saves the collection files it changes and shows the result; a
    // failure is said and leaves the collections as they were.
    // "New Collection", its name then edited in place; its id.
    QString newCollection();
    // "New Folder" inside the folder at parent, its name then edited in place.
    void newFolder(const QString& collectionId, const QList<int>& parent);
    // path empty: the collection.
    void rename(const QString& collectionId, const QList<int>& path, const QString& name);
    // A collection (empty path) with its secret variables' values copied in the keychain, a folder or a
    // request.
    void duplicate(const QString& collectionId, const QList<int>& path);
    // Asks first, naming how many saved requests go.
    void deleteItem(const QString& collectionId, const QList<int>& path);
    void move(const QString& fromCollectionId, const QList<int>& from, const QString& toCollectionId,
        const QList<int>& parent, int row);

Q_SIGNALS:
    // From the collection's saved request itemId: Save writes it back.
    void openRequested(
        const Tokenscope::Http::HttpRequest& request, const QString& collectionId, const QString& itemId);
    void statusMessage(const QString& text, int timeoutMs);

private:
    void load();
    void chooseAndImport(bool collection);
    QStringList createOAuthEnvironments(const Workspace::PostmanCollectionImport& imported);
    void showError(const Error& error);
    Workspace::Collection* findCollection(const QString& collectionId);
    // Saves and puts the collection in the list (replacing the one with its id); false: said why.
    bool store(const Workspace::Collection& collection);
    void connectEditing();

    Workspace::AppSession* m_session;
    MessageBanner* m_banner;
    QMainWindow* m_window;
    Workspace::CollectionStore m_store;
    QList<Workspace::Collection> m_collections;
    CollectionsView* m_view;
    QAction* m_toggle;
    std::function<QString(bool collection)> m_chooser;
};

} // namespace Tokenscope::Ui
