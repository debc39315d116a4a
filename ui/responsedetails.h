#pragma once

#include "httpmessage.h"

#include <QDateTime>
#include <QObject>

class QPlainTextEdit;
class QStandardItemModel;
class QTabWidget;
class QTreeView;

namespace Tokenscope::Ui {

// The response viewer's Cookies, Request and TLS tabs, and the timing and version of its summary line.
class ResponseDetails final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResponseDetails)

public:
    struct Cookie
    {
        QString name;
        QString value; // masked when the name says it is a secret (session, token, auth)
        QString domain;
        QString path;
        QString expires;
        QStringList flags; // Secure, HttpOnly, SameSite=…
    };
    // Set-Cookie header values as RFC 6265 §4.1 writes them.
    static QList<Cookie> parseSetCookie(const QList<Http::RawHeader>& headers);
    static bool looksSecretCookie(const QString& name);
    // "123 ms · first byte 40 ms", "5 KB · HTTP/2": for the summary line.
    static QString timeSummary(const Http::HttpResponse& response);
    static QString sizeSummary(const Http::HttpResponse& response);
    // The request as sent and the response head as received, as text.
    static QString rawExchange(const Http::HttpResponse& response);
    static QString tlsText(const Http::HttpResponse& response);

    explicit ResponseDetails(QWidget* parent);

    void addTabsTo(QTabWidget* tabs);
    void show(const Http::HttpResponse& response);
    void clear();

private:
    QStandardItemModel* m_cookies;
    QTreeView* m_cookiesView;
    QPlainTextEdit* m_raw;
    QPlainTextEdit* m_tls;
};

} // namespace Tokenscope::Ui
