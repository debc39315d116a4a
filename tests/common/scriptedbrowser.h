#pragma once

#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <functional>

namespace Tokenscope::Tests {

// Stands in for the user's web browser in system-browser sign-in tests: follows redirects, fills in
// the provider's login form (any login, any password) and submits auto-posting forms such as a
// form_post response, until a page arrives that is neither. Cookies are kept like a browser's.
class ScriptedBrowser final : public QObject
{
    Q_OBJECT

public:
    explicit ScriptedBrowser(QString login = QStringLiteral("alice"), QObject* parent = nullptr);

    void open(const QUrl& url);
    // At the provider's device confirmation page (RFC 8628 §3.3; oidc-provider's op.deviceConfirmForm),
    // press Abort instead of Continue: the user declines the device's sign-in.
    void setAbortDeviceConfirmation(bool abort) { m_abortDeviceConfirmation = abort; }
    // Typed into an empty user_code field (RFC 8628 §3.3: the user enters the code shown on the device).
    void setUserCode(const QString& userCode) { m_userCode = userCode; }
    // A redirect to a scheme other than http(s) goes to the operating system, as a browser hands a
    // private-use redirect (RFC 8252 §7.1) to the program registered for it; the browser stops there.
    void setSchemeHandler(std::function<void(const QUrl&)> handler) { m_schemeHandler = std::move(handler); }

    struct Visit
    {
        QByteArray method;
        QUrl url;
        int status = 0;
    };
    const QList<Visit>& visits() const { return m_visits; }
    // The last page shown: what the user would be looking at.
    int lastStatus() const { return m_lastStatus; }
    QByteArray lastBody() const { return m_lastBody; }
    QString error() const { return m_error; }
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    void finished();

private:
    void request(const QByteArray& method, const QUrl& url, const QByteArray& body);
    void finish(const QString& error = {});

    QNetworkAccessManager m_network;
    QString m_login;
    QString m_userCode;
    std::function<void(const QUrl&)> m_schemeHandler;
    QList<Visit> m_visits;
    int m_lastStatus = 0;
    QByteArray m_lastBody;
    QString m_error;
    bool m_finished = false;
    bool m_abortDeviceConfirmation = false;
    bool m_aborted = false; // Abort was pressed: the page after it is where the user stops
};

} // namespace Tokenscope::Tests
