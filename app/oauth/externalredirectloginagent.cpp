#include "externalredirectloginagent.h"

#include "callback.h"

#include <QUrlQuery>

namespace Tokenscope::OAuth {

namespace {

// The value of one query parameter, null when absent or repeated (RFC 6749 §3.1).
QString singleParameter(const QUrl& url, const QString& name)
{
    const QStringList values = QUrlQuery(url).allQueryItemValues(name, QUrl::FullyDecoded);
    return values.size() == 1 ? values.constFirst() : QString();
}

} // namespace

ExternalRedirectLoginAgent::ExternalRedirectLoginAgent(BrowserOpener openBrowser, QObject* parent)
    : LoginAgent(parent)
    , m_openBrowser(std::move(openBrowser))
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(m_timeoutDuration).count();
        const int limit = int(std::clamp<qint64>(minutes, 1, 24 * 60));
        finishWith([this, limit] {
            Q_EMIT failed({tr("The sign-in did not finish in time"),
                tr("The browser did not come back to Tokenscope within the %n-minute limit.", nullptr, limit),
                tr("Tokenscope has stopped waiting for it, so a sign-in page still open in the browser can "
                   "no "
                   "longer finish: start the sign-in again. If the browser finished but Tokenscope heard "
                   "nothing, the system may not know that Tokenscope opens %1 addresses: sign in in the "
                   "embedded window instead.")
                    .arg(m_redirectUri.scheme()),
                QStringLiteral("timeout")});
        });
    });
}

ExternalRedirectLoginAgent::~ExternalRedirectLoginAgent() = default;

bool ExternalRedirectLoginAgent::isPrivateUseRedirectUri(const QUrl& uri)
{
    const QString scheme = uri.scheme().toLower();
    return uri.isValid() && scheme.contains(QLatin1Char('.')) && uri.host().isEmpty()
        && !uri.path().isEmpty();
}

QUrl ExternalRedirectLoginAgent::redirectUriFor(const QUrl& configured, Error* error)
{
    if (!isPrivateUseRedirectUri(configured)) {
        *error = {tr("The system browser cannot return to Tokenscope here"),
            tr("The redirect URI %1 is neither a loopback address nor a private-use scheme.")
                .arg(configured.toDisplayString()),
            tr("Register a redirect URI such as http://127.0.0.1/callback or one with a scheme of your "
               "own in reverse domain order, such as com.example.app:/callback, with the provider, or "
               "sign in in the embedded window.")};
        return {};
    }
    m_redirectUri = configured;
    return configured;
}

void ExternalRedirectLoginAgent::start(const QUrl& authorizationUrl, const QUrl& redirectUri)
{
    m_redirectUri = redirectUri;
    // The flow names the state when the browser's URL does not carry it (pushed requests, RFC 9126).
    m_state = m_expectedState.isEmpty() ? singleParameter(authorizationUrl, QStringLiteral("state"))
                                        : m_expectedState;
    m_expectedState.clear();
    m_authorizationUrl = authorizationUrl;
    m_active = true;
    m_timeout.start(m_timeoutDuration);
    if (!m_openBrowser || !m_openBrowser(authorizationUrl)) {
        finishWith([this, authorizationUrl] {
            Q_EMIT failed({tr("The system browser could not be opened"),
                tr("No default web browser is set up on this computer."),
                tr("Set a default browser in the system settings and sign in again, or copy this address "
                   "into a browser: %1")
                    .arg(authorizationUrl.toString(QUrl::FullyEncoded)),
                QStringLiteral("browser_start")});
        });
    }
}

void ExternalRedirectLoginAgent::cancel()
{
    finishWith([this] { Q_EMIT cancelled(); });
}

bool ExternalRedirectLoginAgent::deliver(const QUrl& url)
{
    if (!m_active)
        return false;
    QString reason;
    // RFC 9700 §4.1.3: exact match; a private-use URI has no host or port to compare, so matchesRedirectUri
    // compares scheme (case-insensitive, RFC 3986 §3.1) and path.
    if (!matchesRedirectUri(url, m_redirectUri))
        reason = tr("Tokenscope received %1, which is not this sign-in's redirect URI %2; still waiting.")
                     .arg(url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment).toDisplayString(),
                         m_redirectUri.toDisplayString());
    else if (const QString state = singleParameter(url, QStringLiteral("state"));
             !m_state.isEmpty() && state != m_state)
        reason = state.isEmpty() ? tr("Tokenscope received a sign-in answer without the state of this "
                                      "sign-in; still waiting.")
                                 : tr("Tokenscope received the answer to an earlier sign-in; still waiting "
                                      "for this one.");
    if (!reason.isEmpty()) {
        Q_EMIT redirectIgnored(reason);
        return false;
    }
    finishWith([this, url] { Q_EMIT redirected(url); });
    return true;
}

void ExternalRedirectLoginAgent::finishWith(const std::function<void()>& report)
{
    if (!m_active)
        return;
    m_active = false;
    m_timeout.stop();
    m_state.clear();
    m_authorizationUrl.clear();
    report();
}

} // namespace Tokenscope::OAuth
