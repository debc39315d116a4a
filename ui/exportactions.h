#pragma once

#include <QObject>
#include <QStringList>

#include <functional>

class QMainWindow;
class QMenu;

namespace Tokenscope::Workspace {
class AppSession;
}

namespace Tokenscope::Ui {

class CollectionActions;

// File ▸ Export and the Collections dock's Export…: a collection or the current environment as Postman
// v2.1 / a Postman environment, or in Tokenscope's own format. Secret values are never written; a
// message afterwards names each one left out, or says there were none. File ▸ Import ▸ Tokenscope
// Environment… reads such an environment file back.
class ExportActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportActions)

public:
    enum class Format {
        PostmanCollection,
        NativeCollection,
        PostmanEnvironment,
        NativeEnvironment,
    };

    // Parented to collections, whose collections it exports.
    ExportActions(CollectionActions* collections, Workspace::AppSession* session, QMainWindow* window);

    // File ▸ Export ▸ …, and File ▸ Import ▸ Tokenscope Environment… when fileMenu has the Import menu.
    void addExportMenu(QMenu* fileMenu);
    // What the actions do once a file is chosen: writes it, then says what was left out. False (and said
    // why) when nothing was written.
    bool exportCollection(const QString& collectionId, Format format, const QString& path);
    bool exportEnvironment(const QString& environmentId, Format format, const QString& path);
    // An environment file in Tokenscope's format, as a new environment made current. False (and said why)
    // when nothing was imported.
    bool importEnvironmentFile(const QString& path);
    // For tests: picks the file instead of the file dialog. format: the one asked for; the dock's Export…
    // offers both collection formats, and the chooser may change it.
    using FileChooser = std::function<QString(Format* format, const QString& suggestedPath)>;
    void setFileChooser(FileChooser chooser) { m_chooser = std::move(chooser); }

private:
    void chooseAndExport(Format format);
    void chooseAndImportEnvironment();
    void chooseAndExportCollection(const QString& collectionId, Format format, bool anyCollectionFormat);
    // The collection File ▸ Export means: the one selected in the dock, the only one, or one asked for.
    QString collectionToExport();
    QString chooseFile(Format* format, const QString& name, bool anyCollectionFormat);
    bool write(const QString& path, const QByteArray& bytes);
    void showResult(
        const QString& name, const QString& path, const QStringList& secrets, const QStringList& otherNotes);
    void showProblem(const QString& text, const QString& detail);

    CollectionActions* m_collections;
    Workspace::AppSession* m_session;
    QMainWindow* m_window;
    FileChooser m_chooser;
};

} // namespace Tokenscope::Ui
