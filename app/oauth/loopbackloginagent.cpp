#include "loopbackloginagent.h"

#include "formencoding.h"
#include "loopbackrequest.h"
#include "urlhelpers.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

#include <memory>

namespace Tokenscope::OAuth {

namespace {

QByteArray page(const QString& title, const QString& message)
{
    const QString html = QStringLiteral(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%1</title>"
        "<meta name=\"viewport\" content=\"width=device-width\"><style>"
        "body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;"
        "background:#f6f7f9;color:#1d2430}"
        "main{max-width:28rem;padding:2rem;background:#fff;border-radius:12px;"
        "box-shadow:0 1px 4px rgba(0,0,0,.12)}h1{font-size:1.3rem;margin:0 0 .5rem}"
        "</style></head><body><main><h1>%1</h1><p>%2</p></main></body></html>")
                             .arg(title.toHtmlEscaped(), message.toHtmlEscaped());
    return html.toUtf8();
}

} // namespace

LoopbackLoginAgent::LoopbackLoginAgent(BrowserOpener openBrowser, QObject* parent)
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
                tr("Tokenscope has stopped listening for it, so a sign-in page still open in the browser can "
                   "no longer finish. Start the sign-in again."),
                QStringLiteral("timeout")});
        });
    });
}

LoopbackLoginAgent::~LoopbackLoginAgent()
{
    stopListening();
}

bool LoopbackLoginAgent::isLoopbackRedirectUri(const QUrl& uri)
{
    return uri.scheme() == QLatin1String("http") && isLoopbackUrl(uri);
}

bool LoopbackLoginAgent::isListening() const
{
    return !m_servers.isEmpty();
}

quint16 LoopbackLoginAgent::port() const
{
    return m_servers.isEmpty() ? 0 : m_servers.constFirst()->serverPort();
}

QUrl LoopbackLoginAgent::redirectUriFor(const QUrl& configured, Error* error)
{
    stopListening();
    if (!isLoopbackRedirectUri(configured)) {
        *error = {tr("The system browser can only return to this computer"),
            tr("The redirect URI %1 is not a loopback address.").arg(configured.toDisplayString()),
            tr("Register a redirect URI such as http://127.0.0.1/callback with the provider (any port is "
               "allowed for native apps, RFC 8252) and use it in the environment, or sign in in the "
               "embedded window.")};
        return {};
    }
    // RFC 8252 §8.3: listen on the loopback address itself. For a registered "localhost" both loopback
    // addresses are bound on one port, whichever the browser resolves it to.
    QList<QHostAddress> addresses;
    if (isLocalhostName(configured.host()))
        addresses = {QHostAddress(QHostAddress::LocalHost), QHostAddress(QHostAddress::LocalHostIPv6)};
    else
        addresses = {QHostAddress(configured.host())};

    const auto port = quint16(std::max(0, configured.port(0)));
    // A port of the system's choice may be free on one address and not on the other: try another.
    const int attempts = port == 0 && addresses.size() > 1 ? 5 : 1;
    for (int attempt = 1; attempt <= attempts; ++attempt) {
        Error problem;
        if (bind(addresses, port, &problem))
            break;
        if (attempt == attempts) {
            *error = problem;
            return {};
        }
    }
    m_redirectUri = configured;
    m_redirectUri.setPort(this->port());
    return m_redirectUri;
}

bool LoopbackLoginAgent::bind(const QList<QHostAddress>& addresses, quint16 port, Error* error)
{
    for (const QHostAddress& address : addresses) {
        auto* server = new QTcpServer(this);
        if (server->listen(address, port)) {
            port = server->serverPort();
            connect(server, &QTcpServer::newConnection, this, [this, server] { onNewConnection(server); });
            m_servers.append(server);
            continue;
        }
        const QAbstractSocket::SocketError reason = server->serverError();
        const QString detail = server->errorString();
        delete server;
        // A machine without IPv6 has no [::1] for anyone to take, nor for the browser to reach.
        if (!m_servers.isEmpty()
            && (reason == QAbstractSocket::SocketAddressNotAvailableError
                || reason == QAbstractSocket::UnsupportedSocketOperationError))
            continue;
        stopListening(); // never half: a program on the other address would receive the code
        *error = {tr("Tokenscope could not listen for the redirect"),
            tr("%1 port %2: %3").arg(address.toString(), port ? QString::number(port) : tr("(any)"), detail),
            port ? tr("Another program uses port %1. Close it, or register a redirect URI without a port "
                      "(http://127.0.0.1/callback) so any free port can be used.")
                       .arg(port)
                 : tr("Check that the loopback network interface is up.")};
        return false;
    }
    return true;
}

void LoopbackLoginAgent::start(const QUrl& authorizationUrl, const QUrl& redirectUri)
{
    if (!isListening() || redirectUri != m_redirectUri) {
        Error error;
        if (redirectUriFor(redirectUri, &error) != redirectUri) {
            if (error.isNull())
                error = {tr("Tokenscope could not listen for the redirect"),
                    tr("The redirect URI changed while the sign-in started."), {}};
            stopListening();
            Q_EMIT failed(error);
            return;
        }
    }
    // The flow names the state when the browser's URL does not carry it (pushed requests, RFC 9126).
    m_state = m_expectedState.isEmpty()
        ? QUrlQuery(authorizationUrl).queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded)
        : m_expectedState;
    m_expectedState.clear();
    m_authorizationUrl = authorizationUrl;
    m_active = true;
    m_timeout.start(m_timeoutDuration);
    if (!m_openBrowser || !m_openBrowser(authorizationUrl)) {
        finishWith([this] {
            Q_EMIT failed({tr("The system browser could not be opened"),
                tr("No default web browser is set up on this computer."),
                tr("Set a default browser in the system settings, or sign in in the embedded window.")});
        });
    }
}

void LoopbackLoginAgent::cancel()
{
    if (!m_active) {
        // Also before start: the flow gave up (a refused pushed request) and the port is free again.
        m_expectedState.clear();
        stopListening();
        return;
    }
    finishWith([this] { Q_EMIT cancelled(); });
}

void LoopbackLoginAgent::onNewConnection(QTcpServer* server)
{
    while (QTcpSocket* socket = server->nextPendingConnection()) {
        socket->setParent(this); // outlives the listener, which closes before the page is flushed
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    }
}

void LoopbackLoginAgent::onReadyRead(QTcpSocket* socket)
{
    // The request is read whole before anything is decided: request line, headers and, for a
    // form_post redirect, the body.
    const QByteArray buffer = socket->property("tokenscope.request").toByteArray() + socket->readAll();
    const LoopbackRequest request = parseLoopbackRequest(buffer);
    switch (request.status) {
    case LoopbackRequest::Status::Incomplete:
        socket->setProperty("tokenscope.request", buffer);
        return;
    case LoopbackRequest::Status::TooLarge:
        answer(socket, 413, "Content Too Large", {});
        return;
    case LoopbackRequest::Status::Malformed:
        answer(socket, 400, "Bad Request", {});
        return;
    case LoopbackRequest::Status::Complete:
        break;
    }

    const QByteArray& method = request.method;
    const QUrl& target = request.target;
    const bool callbackPath = target.isValid()
        && target.path(QUrl::FullyEncoded)
            == (m_redirectUri.path(QUrl::FullyEncoded).isEmpty() ? QStringLiteral("/")
                                                                 : m_redirectUri.path(QUrl::FullyEncoded));
    if (!m_active || !callbackPath || (method != "GET" && method != "POST")) {
        // Favicons, probes and anything after the sign-in: not ours to answer.
        answer(socket, 404, "Not Found", page(tr("Not found"), tr("Nothing is served here.")));
        return;
    }

    // The redirect as the flow validates it: the URI we listen on, with the response parameters in its
    // query; a form_post response (OAuth 2.0 Form Post Response Mode) is read from the body.
    QUrl redirect = m_redirectUri;
    QByteArray query = target.query(QUrl::FullyEncoded).toLatin1();
    if (method == "POST") {
        if (!request.contentType.startsWith("application/x-www-form-urlencoded")) {
            answer(socket, 415, "Unsupported Media Type", {});
            return;
        }
        const QByteArray& fields = request.body;
        query = query.isEmpty() ? fields : query + '&' + fields;
    }
    const Http::FormFields parameters = Http::formDecode(query);
    const auto has = [&parameters](const char* name) {
        return std::any_of(parameters.cbegin(), parameters.cend(),
            [name](const auto& field) { return field.first == QLatin1String(name); });
    };
    if (!has("code") && !has("error")) {
        answer(socket, 400, "Bad Request",
            page(tr("Not a sign-in response"), tr("This address only receives the provider's answer.")));
        return;
    }
    if (!answersThisSignIn(socket, parameters))
        return;
    redirect.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    if (has("error"))
        answer(socket, 200, "OK",
            page(tr("Sign-in did not succeed"),
                tr("The provider sent an error. Return to Tokenscope to see what it said.")));
    else
        answer(socket, 200, "OK",
            page(tr("Signed in to Tokenscope"), tr("You can close this tab and return to Tokenscope.")));
    finishWith([this, redirect] { Q_EMIT redirected(redirect); });
}

bool LoopbackLoginAgent::answersThisSignIn(QTcpSocket* socket, const Http::FormFields& fields)
{
    if (m_state.isEmpty())
        return true;
    QStringList states;
    for (const auto& field : fields) {
        if (field.first == QLatin1String("state"))
            states.append(field.second);
    }
    if (states == QStringList {m_state})
        return true;
    // An old tab, or anything else on this computer: it must not end the sign-in the user is in.
    answer(socket, 400, "Bad Request",
        page(tr("This answer belongs to another sign-in"),
            tr("Tokenscope is waiting for a newer sign-in, not for this one. Close this tab and finish "
               "signing in in the tab Tokenscope opened last, or start again in Tokenscope.")));
    Q_EMIT redirectIgnored(states.isEmpty()
            ? tr("Tokenscope received a sign-in answer without the state of this sign-in; still waiting.")
            : tr("Tokenscope received the answer to an earlier sign-in; still waiting for this one."));
    return false;
}

void LoopbackLoginAgent::answer(
    QTcpSocket* socket, int status, const QByteArray& reason, const QByteArray& html)
{
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    response += "Content-Type: text/html; charset=utf-8\r\n";
    response += "Content-Length: " + QByteArray::number(html.size()) + "\r\n";
    // The page carries nothing worth caching, runs no script and tells no one where it came from.
    response += "Cache-Control: no-store\r\n";
    response += "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n";
    response += "Referrer-Policy: no-referrer\r\n";
    response += "Connection: close\r\n\r\n";
    response += html;
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    socket->setProperty("tokenscope.request", {});
    socket->write(response);
    socket->disconnectFromHost();
}

void LoopbackLoginAgent::stopListening()
{
    // Sockets already accepted finish writing their page on their own; the port is free at once.
    for (QTcpServer* server : std::as_const(m_servers)) {
        server->close();
        server->deleteLater();
    }
    m_servers.clear();
}

void LoopbackLoginAgent::finishWith(const std::function<void()>& report)
{
    if (!m_active)
        return;
    m_active = false;
    m_timeout.stop();
    m_state.clear();
    m_authorizationUrl.clear();
    stopListening();
    report();
}

} // namespace Tokenscope::OAuth
