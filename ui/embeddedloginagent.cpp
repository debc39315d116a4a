#include "embeddedloginagent.h"

#include "callback.h"
#include "weblogin/embeddedlogin.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QPluginLoader>

namespace Tokenscope::Ui {

EmbeddedLoginAgent::EmbeddedLoginAgent(QWidget* parentWindow, QObject* parent)
    : OAuth::LoginAgent(parent)
    , m_parentWindow(parentWindow)
{ }

EmbeddedLoginAgent::~EmbeddedLoginAgent()
{
    delete m_window;
}

QStringList EmbeddedLoginAgent::pluginCandidates()
{
    const QDir applicationDir(QCoreApplication::applicationDirPath());
    const QString file = QStringLiteral(TOKENSCOPE_WEBLOGIN_FILE);
    return {
        applicationDir.filePath(file), // build tree, Windows
        applicationDir.filePath(QStringLiteral(TOKENSCOPE_PLUGIN_RELDIR "/") + file), // Linux install
        applicationDir.filePath(QStringLiteral("../PlugIns/") + file), // macOS bundle
    };
}

EmbeddedLoginFactory* EmbeddedLoginAgent::loadFactory(QString* error)
{
    static QPluginLoader* loader = nullptr;
    if (loader && loader->isLoaded())
        return qobject_cast<EmbeddedLoginFactory*>(loader->instance());
    QStringList problems;
    for (const QString& candidate : pluginCandidates()) {
        if (!QFileInfo::exists(candidate))
            continue;
        auto* attempt = new QPluginLoader(candidate, QCoreApplication::instance());
        if (auto* factory = qobject_cast<EmbeddedLoginFactory*>(attempt->instance())) {
            loader = attempt;
            return factory;
        }
        problems << attempt->errorString();
        delete attempt;
    }
    *error = problems.isEmpty() ? QCoreApplication::translate(
                 "Tokenscope::Ui::EmbeddedLoginAgent", "The sign-in component (%1) is not installed.")
                                      .arg(QStringLiteral(TOKENSCOPE_WEBLOGIN_FILE))
                                : problems.join(QLatin1Char('\n'));
    return nullptr;
}

void EmbeddedLoginAgent::start(const QUrl& authorizationUrl, const QUrl& redirectUri)
{
    QString problem;
    EmbeddedLoginFactory* factory = loadFactory(&problem);
    if (!factory) {
        Q_EMIT failed({tr("The embedded sign-in window could not be opened"), problem,
            tr("Reinstall Tokenscope; the Qt WebEngine component may be missing.")});
        return;
    }
    delete m_window;

    EmbeddedLoginRequest request;
    request.authorizationUrl = authorizationUrl;
    request.windowTitle = m_title;
    request.timeout = m_timeout;
    request.redirectScheme = redirectUri.scheme().toLower().toLatin1();
    request.persistentProfile = m_persistentProfile;
    request.trustedCertificates = m_trustedCertificates;
    request.isRedirect
        = [redirectUri](const QUrl& url) { return OAuth::matchesRedirectUri(url, redirectUri); };

    // The callbacks may run after this agent is gone (the window outlives nothing, but be safe).
    QPointer<EmbeddedLoginAgent> self = this;
    EmbeddedLoginCallbacks callbacks;
    callbacks.redirected = [self](const QUrl& url) {
        if (self)
            Q_EMIT self->redirected(url);
    };
    callbacks.cancelled = [self] {
        if (self)
            Q_EMIT self->cancelled();
    };
    callbacks.failed = [self](const QString& summary, const QString& detail, const QString& hint) {
        if (self)
            Q_EMIT self->failed({summary, detail, hint});
    };
    m_window = factory->openLogin(request, callbacks, m_parentWindow);
}

bool EmbeddedLoginAgent::clearPersistentProfile(const QString& name, QString* error)
{
    EmbeddedLoginFactory* factory = loadFactory(error);
    if (!factory)
        return false;
    factory->clearPersistentProfile(name);
    return true;
}

void EmbeddedLoginAgent::cancel()
{
    if (m_window)
        m_window->close(); // reports cancelled through the callback
}

} // namespace Tokenscope::Ui
