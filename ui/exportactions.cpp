#include "exportactions.h"

#include "appsession.h"
#include "collectionactions.h"
#include "collectionsview.h"
#include "nativeexport.h"
#include "postmanexport.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>

namespace Tokenscope::Ui {

namespace {

using Format = ExportActions::Format;

constexpr QLatin1String exportFolderKey {"export/lastFolder"};

bool isCollectionFormat(Format format)
{
    return format == Format::PostmanCollection || format == Format::NativeCollection;
}

// A file name for name in that format: "Demo API.postman_collection.json".
QString suggestedFileName(const QString& name, Format format)
{
    QString base = name.trimmed();
    base.replace(QRegularExpression(QStringLiteral("[\\\\/:*?\"<>|]+")), QStringLiteral("_"));
    if (base.isEmpty())
        base = QStringLiteral("export");
    switch (format) {
    case Format::PostmanCollection:
        return base + QStringLiteral(".postman_collection.json");
    case Format::NativeCollection:
        return base + QStringLiteral(".tokenscope-collection.json");
    case Format::PostmanEnvironment:
        return base + QStringLiteral(".postman_environment.json");
    case Format::NativeEnvironment:
        return base + QStringLiteral(".tokenscope-environment.json");
    }
    return base;
}

} // namespace

ExportActions::ExportActions(
    CollectionActions* collections, Workspace::AppSession* session, QMainWindow* window)
    : QObject(collections)
    , m_collections(collections)
    , m_session(session)
    , m_window(window)
{
    setObjectName(QStringLiteral("exportActions"));
    connect(collections->view(), &CollectionsView::exportRequested, this,
        [this](const QString& id) { chooseAndExportCollection(id, Format::PostmanCollection, true); });
}

void ExportActions::addExportMenu(QMenu* fileMenu)
{
    QMenu* menu = fileMenu->addMenu(tr("E&xport"));
    menu->setObjectName(QStringLiteral("exportMenu"));
    const struct
    {
        QString text;
        const char* name;
        Format format;
    } entries[] = {
        {tr("Collection as &Postman v2.1…"), "exportPostmanCollectionAction", Format::PostmanCollection},
        {tr("&Collection (Tokenscope format)…"), "exportNativeCollectionAction", Format::NativeCollection},
        {tr("&Environment as Postman Environment…"), "exportPostmanEnvironmentAction",
            Format::PostmanEnvironment},
        {tr("E&nvironment (Tokenscope format)…"), "exportNativeEnvironmentAction", Format::NativeEnvironment},
    };
    if (QMenu* import = fileMenu->findChild<QMenu*>(QStringLiteral("importMenu"))) {
        QAction* action = import->addAction(
            tr("&Tokenscope Environment…"), this, [this] { chooseAndImportEnvironment(); });
        action->setObjectName(QStringLiteral("importNativeEnvironmentAction"));
    }
    for (const auto& entry : entries) {
        if (entry.format == Format::PostmanEnvironment)
            menu->addSeparator();
        QAction* action
            = menu->addAction(entry.text, this, [this, format = entry.format] { chooseAndExport(format); });
        action->setObjectName(QLatin1String(entry.name));
    }
}

void ExportActions::chooseAndImportEnvironment()
{
    Format format = Format::NativeEnvironment;
    QSettings settings;
    const QString folder
        = settings.value(exportFolderKey, QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
              .toString();
    const QString path = m_chooser
        ? m_chooser(&format, folder)
        : QFileDialog::getOpenFileName(
            m_window, tr("Import Tokenscope Environment"), folder, tr("Tokenscope format (*.json)"));
    if (!path.isEmpty())
        importEnvironmentFile(path);
}

bool ExportActions::importEnvironmentFile(const QString& path)
{
    Workspace::Environment environment;
    QStringList skipped;
    const Error error = Workspace::importNativeEnvironmentFile(path, &environment, &skipped);
    if (!error.isNull()) {
        showProblem(error.summary, error.hint.isEmpty() ? error.detail : error.detail + u' ' + error.hint);
        return false;
    }
    m_session->putEnvironment(environment);
    m_session->setCurrentEnvironment(environment.id);
    QStringList secrets;
    for (const Http::Variable& variable : environment.variables) {
        if (variable.secret)
            secrets.append(variable.name);
    }
    QString details = secrets.isEmpty()
        ? tr("It has no secret variables.")
        : tr("Enter the values of its secret variables again: %1.").arg(secrets.join(QStringLiteral(", ")));
    if (!environment.oauth.clientId.isEmpty()
        && environment.oauth.clientAuthentication != OAuth::ClientAuthentication::None)
        details += u'\n' + tr("Enter its client secret again under its OAuth settings.");
    for (const QString& line : std::as_const(skipped))
        details += QStringLiteral("\n• ") + line;
    auto* box = new QMessageBox(QMessageBox::Information, tr("Import"),
        tr("The environment “%1” was imported.").arg(environment.name), QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("exportMessageBox"));
    box->setInformativeText(details);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return true;
}

void ExportActions::chooseAndExport(Format format)
{
    if (isCollectionFormat(format)) {
        const QString id = collectionToExport();
        if (!id.isEmpty())
            chooseAndExportCollection(id, format, false);
        return;
    }
    const Workspace::Environment* environment = m_session->currentEnvironment();
    if (!environment) {
        showProblem(tr("There is no environment to export"),
            tr("Choose or create an environment first (File ▸ New Environment…)."));
        return;
    }
    const QString id = environment->id;
    const QString path = chooseFile(&format, environment->name, false);
    if (!path.isEmpty())
        exportEnvironment(id, format, path);
}

void ExportActions::chooseAndExportCollection(
    const QString& collectionId, Format format, bool anyCollectionFormat)
{
    const QList<Workspace::Collection>& collections = m_collections->collections();
    const auto found = std::find_if(collections.cbegin(), collections.cend(),
        [&collectionId](const Workspace::Collection& c) { return c.id == collectionId; });
    if (found == collections.cend())
        return;
    const QString path = chooseFile(&format, found->name, anyCollectionFormat);
    if (!path.isEmpty())
        exportCollection(collectionId, format, path);
}

QString ExportActions::collectionToExport()
{
    const QList<Workspace::Collection>& collections = m_collections->collections();
    if (collections.isEmpty()) {
        showProblem(tr("There is no collection to export"),
            tr("Import one first (File ▸ Import ▸ Postman Collection…)."));
        return {};
    }
    const QString selected = m_collections->view()->currentCollectionId();
    if (!selected.isEmpty() || collections.size() == 1)
        return selected.isEmpty() ? collections.first().id : selected;
    QStringList names;
    for (const Workspace::Collection& collection : collections)
        names.append(collection.name);
    bool chosen = false;
    const QString name = QInputDialog::getItem(
        m_window, tr("Export Collection"), tr("Collection to export:"), names, 0, false, &chosen);
    const qsizetype index = names.indexOf(name);
    return chosen && index >= 0 ? collections.at(index).id : QString();
}

QString ExportActions::chooseFile(Format* format, const QString& name, bool anyCollectionFormat)
{
    QSettings settings;
    const QString folder
        = settings.value(exportFolderKey, QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
              .toString();
    const QString suggested = QDir(folder).filePath(suggestedFileName(name, *format));
    QString path;
    if (m_chooser) {
        path = m_chooser(format, suggested);
    } else {
        const QString postman = isCollectionFormat(*format) ? tr("Postman collection v2.1 (*.json)")
                                                            : tr("Postman environment (*.json)");
        const QString native = tr("Tokenscope format (*.json)");
        QStringList filters;
        if (anyCollectionFormat)
            filters = {postman, native};
        else
            filters
                = {*format == Format::PostmanCollection || *format == Format::PostmanEnvironment ? postman
                                                                                                 : native};
        QString selectedFilter = filters.first();
        path = QFileDialog::getSaveFileName(m_window,
            isCollectionFormat(*format) ? tr("Export Collection") : tr("Export Environment"), suggested,
            filters.join(QStringLiteral(";;")), &selectedFilter);
        if (anyCollectionFormat)
            *format = selectedFilter == native ? Format::NativeCollection : Format::PostmanCollection;
    }
    if (!path.isEmpty())
        settings.setValue(exportFolderKey, QFileInfo(path).absolutePath());
    return path;
}

namespace {

// What an export wrote: the file's bytes, the secret values it left out, and what else it left out.
struct Written
{
    explicit Written(const Tokenscope::Workspace::NativeExport& exported)
        : json(exported.json)
        , secrets(exported.secrets)
    { }
    Written(QByteArray bytes, QStringList secretLines, QStringList otherLines)
        : json(std::move(bytes))
        , secrets(std::move(secretLines))
        , others(std::move(otherLines))
    { }
    QByteArray json;
    QStringList secrets;
    QStringList others;
};

Written fromPostman(const Tokenscope::Workspace::PostmanExport& exported)
{
    QStringList others;
    for (const QString& line : exported.leftOut) {
        if (!exported.secrets.contains(line))
            others.append(line);
    }
    return {exported.json, exported.secrets, others};
}

} // namespace

bool ExportActions::exportCollection(const QString& collectionId, Format format, const QString& path)
{
    const QList<Workspace::Collection>& collections = m_collections->collections();
    const auto found = std::find_if(collections.cbegin(), collections.cend(),
        [&collectionId](const Workspace::Collection& c) { return c.id == collectionId; });
    if (found == collections.cend() || !isCollectionFormat(format))
        return false;
    const Written written = format == Format::PostmanCollection
        ? fromPostman(Workspace::exportPostmanCollection(*found))
        : Written {Workspace::exportNativeCollection(*found)};
    if (!write(path, written.json))
        return false;
    showResult(found->name, path, written.secrets, written.others);
    return true;
}

bool ExportActions::exportEnvironment(const QString& environmentId, Format format, const QString& path)
{
    const Workspace::Environment* environment = m_session->workspace().findEnvironment(environmentId);
    if (!environment || isCollectionFormat(format))
        return false;
    const Written written = format == Format::PostmanEnvironment
        ? fromPostman(Workspace::exportPostmanEnvironment(*environment))
        : Written {Workspace::exportNativeEnvironment(*environment)};
    if (!write(path, written.json))
        return false;
    showResult(environment->name, path, written.secrets, written.others);
    return true;
}

bool ExportActions::write(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        showProblem(tr("“%1” could not be written").arg(QFileInfo(path).fileName()), file.errorString());
        return false;
    }
    return true;
}

void ExportActions::showResult(
    const QString& name, const QString& path, const QStringList& secrets, const QStringList& otherNotes)
{
    QString details = secrets.isEmpty() ? tr("No secret values were left out: it held none.")
                                        : tr("Secret values left out (they stay in the keychain):");
    for (const QString& line : secrets)
        details += QStringLiteral("\n• ") + line;
    if (!otherNotes.isEmpty()) {
        details += QStringLiteral("\n\n") + tr("Also left out or changed:");
        for (const QString& line : otherNotes)
            details += QStringLiteral("\n• ") + line;
    }
    auto* box = new QMessageBox(QMessageBox::Information, tr("Export"),
        tr("“%1” was exported to %2.").arg(name, QDir::toNativeSeparators(path)), QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("exportMessageBox"));
    box->setInformativeText(details);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void ExportActions::showProblem(const QString& text, const QString& detail)
{
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Export"), text, QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("exportMessageBox"));
    box->setInformativeText(detail);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace Tokenscope::Ui
