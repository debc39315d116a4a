#include "urlschemeregistration.h"

#include "appsession.h"
#include "externalredirectloginagent.h"
#include "loopbackloginagent.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QSettings>
#include <QStandardPaths>

namespace Tokenscope::Ui {

namespace {

constexpr QLatin1String mimePrefix("x-scheme-handler/");
constexpr QLatin1String defaultsGroup("[Default Applications]");

// Desktop Entry Specification, "The Exec key": a path with reserved characters is quoted, and inside
// the quotes ", `, $ and \ are escaped; the string value escapes \ once more.
QString execQuoted(const QString& path)
{
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    if (std::none_of(path.cbegin(), path.cend(), [](QChar c) { return reserved.contains(c); }))
        return path;
    QString quoted;
    for (const QChar c : path) {
        if (c == u'"' || c == u'`' || c == u'$' || c == u'\\')
            quoted += QLatin1Char('\\');
        quoted += c;
    }
    return QLatin1Char('"') + quoted.replace(QLatin1Char('\\'), QStringLiteral("\\\\")) + QLatin1Char('"');
}

bool writeFile(const QString& path, const QByteArray& content, QString* error)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(content) == content.size() && file.commit())
        return true;
    if (error)
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
    return false;
}

// mimeapps.list is edited line by line: QSettings would read the slash in "x-scheme-handler/…" as a
// group, and other programs' lines must stay as they are.
bool updateMimeApps(const QStringList& schemes, QString* error)
{
    const QString path = QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
                             .filePath(QStringLiteral("mimeapps.list"));
    QFile file(path);
    QString original;
    if (file.open(QIODevice::ReadOnly))
        original = QString::fromUtf8(file.readAll());
    file.close();
    QStringList lines = original.split(QLatin1Char('\n'));
    while (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    const QString ours = UrlSchemeRegistration::desktopFileName() + QLatin1Char(';');
    QStringList missing = schemes;
    qsizetype defaults = -1;
    QString group;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.startsWith(QLatin1Char('['))) {
            group = line;
            if (group == defaultsGroup)
                defaults = i;
            continue;
        }
        if (group != defaultsGroup || !line.startsWith(mimePrefix))
            continue;
        const QString scheme = line.section(QLatin1Char('='), 0, 0).mid(mimePrefix.size()).trimmed();
        const bool mine = line.section(QLatin1Char('='), 1).trimmed() == ours;
        if (schemes.contains(scheme)) {
            lines[i] = mimePrefix + scheme + QLatin1Char('=') + ours;
            missing.removeAll(scheme);
        } else if (mine) {
            lines.removeAt(i--);
        }
    }
    if (!missing.isEmpty() && defaults < 0) {
        if (!lines.isEmpty())
            lines.append(QString());
        lines.append(defaultsGroup);
        defaults = lines.size() - 1;
    }
    for (const QString& scheme : std::as_const(missing))
        lines.insert(++defaults, mimePrefix + scheme + QLatin1Char('=') + ours);
    if (lines.isEmpty() && !file.exists())
        return true;
    // Every start checks the registration: the user's file is rewritten only when something changes.
    const QString updated = lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    if (updated == original)
        return true;
    return writeFile(path, updated.toUtf8(), error);
}

bool applyFreeDesktop(const QStringList& schemes, const QString& executable, QString* error)
{
    const QString desktopFile
        = QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
              .filePath(QStringLiteral("applications/") + UrlSchemeRegistration::desktopFileName());
    if (schemes.isEmpty()) {
        if (QFile::exists(desktopFile) && !QFile::remove(desktopFile)) {
            if (error)
                *error = desktopFile;
            return false;
        }
    } else {
        QString mimeTypes;
        for (const QString& scheme : schemes)
            mimeTypes += mimePrefix + scheme + QLatin1Char(';');
        // Hidden from menus: it only receives the redirects; the shipped desktop file starts Tokenscope.
        const QString entry = QStringLiteral("[Desktop Entry]\nType=Application\nName=Tokenscope\n"
                                             "Comment=Receives sign-in answers from the browser\n"
                                             "Exec=%1 %u\nNoDisplay=true\nTerminal=false\nMimeType=%2\n")
                                  .arg(execQuoted(executable), mimeTypes);
        if (!writeFile(desktopFile, entry.toUtf8(), error))
            return false;
    }
    return updateMimeApps(schemes, error);
}

// HKEY_CURRENT_USER needs no administrator; QSettings writes the registry only on Windows, so this
// runs there alone. What Tokenscope registered is remembered to be removed again.
bool applyWindows(const QStringList& schemes, const QString& executable, QString* error)
{
    Q_UNUSED(error)
    QSettings classes(QStringLiteral("HKEY_CURRENT_USER\\Software\\Classes"), QSettings::NativeFormat);
    QSettings own;
    const QString registeredKey = QStringLiteral("redirectSchemes/registered");
    const QString command
        = QStringLiteral("\"%1\" \"%2\"").arg(QDir::toNativeSeparators(executable), QStringLiteral("%1"));
    for (const QString& scheme : own.value(registeredKey).toStringList()) {
        if (!schemes.contains(scheme)
            && classes.value(scheme + QStringLiteral("/shell/open/command/Default")) == command)
            classes.remove(scheme);
    }
    for (const QString& scheme : schemes) {
        classes.setValue(scheme + QStringLiteral("/Default"), QStringLiteral("URL:%1").arg(scheme));
        classes.setValue(scheme + QStringLiteral("/URL Protocol"), QString());
        classes.setValue(scheme + QStringLiteral("/shell/open/command/Default"), command);
    }
    own.setValue(registeredKey, schemes);
    return true;
}

} // namespace

UrlSchemeRegistration::UrlSchemeRegistration(Workspace::AppSession* session, QObject* parent)
    : QObject(parent)
    , m_session(session)
{
    connect(m_session, &Workspace::AppSession::environmentsChanged, this, &UrlSchemeRegistration::update);
    update();
}

UrlSchemeRegistration::~UrlSchemeRegistration() = default;

UrlSchemeRegistration::Platform UrlSchemeRegistration::currentPlatform()
{
#if defined(Q_OS_WIN)
    return Platform::Windows;
#elif defined(Q_OS_MACOS)
    return Platform::MacOS;
#else
    return Platform::FreeDesktop;
#endif
}

QStringList UrlSchemeRegistration::neededSchemes(const Workspace::WorkspaceData& workspace)
{
    QStringList schemes;
    for (const auto& environment : workspace.environments) {
        const QUrl& redirect = environment.oauth.redirectUri;
        if (environment.signIn.browser == Workspace::SignInSettings::Browser::System
            && OAuth::ExternalRedirectLoginAgent::isPrivateUseRedirectUri(redirect)
            && !schemes.contains(redirect.scheme().toLower()))
            schemes.append(redirect.scheme().toLower());
    }
    schemes.sort();
    return schemes;
}

bool UrlSchemeRegistration::apply(
    Platform platform, const QStringList& schemes, const QString& executable, QString* error)
{
    switch (platform) {
    case Platform::FreeDesktop:
        return applyFreeDesktop(schemes, executable, error);
    case Platform::Windows:
        return applyWindows(schemes, executable, error);
    case Platform::MacOS:
        break; // CFBundleURLTypes in Info.plist, at build time
    }
    return true;
}

QStringList UrlSchemeRegistration::bundleSchemes()
{
    return QStringLiteral(TOKENSCOPE_URL_SCHEMES).toLower().split(QLatin1Char(','), Qt::SkipEmptyParts);
}

QString UrlSchemeRegistration::schemeProblem(const QUrl& redirectUri, Platform platform)
{
    const QString scheme = redirectUri.scheme().toLower();
    if (platform != Platform::MacOS
        || !OAuth::ExternalRedirectLoginAgent::isPrivateUseRedirectUri(redirectUri)
        || bundleSchemes().contains(scheme))
        return {};
    return tr("On macOS the browser can only return to the schemes Tokenscope was built with (%1), and "
              "%2 is not one of them. Sign in in Tokenscope's window, or use a loopback redirect URI.")
        .arg(bundleSchemes().join(QStringLiteral(", ")), scheme);
}

QString UrlSchemeRegistration::systemBrowserHint(const QUrl& redirectUri)
{
    const QString problem = schemeProblem(redirectUri);
    if (!problem.isEmpty())
        return problem;
    if (OAuth::LoopbackLoginAgent::isLoopbackRedirectUri(redirectUri) && redirectUri.port() > 0)
        return tr("Your default browser opens the provider's page and returns to Tokenscope at %1: port %2 "
                  "must be free while you sign in. For providers that refuse embedded browsers.")
            .arg(redirectUri.toDisplayString())
            .arg(redirectUri.port());
    if (OAuth::LoopbackLoginAgent::isLoopbackRedirectUri(redirectUri))
        return tr("Your default browser opens the provider's page and returns to Tokenscope at %1, on a free "
                  "port chosen for each sign-in. For providers that refuse embedded browsers.")
            .arg(redirectUri.toDisplayString());
    return tr("Your default browser opens the provider's page and returns to Tokenscope on this computer: "
              "to http://127.0.0.1 on a free port, or through a private-use redirect URI such as "
              "com.example.app:/callback. For providers that refuse embedded browsers.");
}

void UrlSchemeRegistration::holdScheme(const QString& scheme)
{
    const QString lower = scheme.toLower();
    if (!m_held.contains(lower)) {
        m_held.append(lower);
        update();
    }
}

void UrlSchemeRegistration::update()
{
    QStringList schemes = neededSchemes(m_session->workspace());
    for (const QString& scheme : std::as_const(m_held)) {
        if (!schemes.contains(scheme))
            schemes.append(scheme);
    }
    schemes.sort();
    if (schemes == m_applied)
        return;
    QString error;
    if (apply(currentPlatform(), schemes, QCoreApplication::applicationFilePath(), &error))
        m_applied = schemes;
    else
        qWarning("Could not register the redirect schemes: %s", qPrintable(error));
}

} // namespace Tokenscope::Ui
