#include "responsedetails.h"

#include "redaction.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLocale>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTreeView>

namespace Tokenscope::Ui {

QList<ResponseDetails::Cookie> ResponseDetails::parseSetCookie(const QList<Http::RawHeader>& headers)
{
    QList<Cookie> cookies;
    for (const auto& [headerName, headerValue] : headers) {
        if (headerName.compare("set-cookie", Qt::CaseInsensitive) != 0)
            continue;
        // Qt joins repeated Set-Cookie headers with newlines.
        for (const QString& line : QString::fromUtf8(headerValue).split(u'\n', Qt::SkipEmptyParts)) {
            const QStringList parts = line.split(u';');
            const QString pair = parts.constFirst().trimmed();
            const qsizetype eq = pair.indexOf(u'=');
            if (eq <= 0)
                continue;
            Cookie cookie;
            cookie.name = pair.left(eq).trimmed();
            const QString value = pair.mid(eq + 1).trimmed();
            cookie.value = looksSecretCookie(cookie.name) ? Http::Redaction::mask(value) : value;
            for (const QString& attribute : parts.mid(1)) {
                const QString a = attribute.trimmed();
                const QString key = a.section(u'=', 0, 0).trimmed().toLower();
                const QString v = a.section(u'=', 1).trimmed();
                if (key == QLatin1String("domain"))
                    cookie.domain = v;
                else if (key == QLatin1String("path"))
                    cookie.path = v;
                else if (key == QLatin1String("expires") && cookie.expires.isEmpty())
                    cookie.expires = v;
                else if (key == QLatin1String("max-age"))
                    cookie.expires = tr("Max-Age %1 s").arg(v);
                else if (!a.isEmpty())
                    cookie.flags.append(a);
            }
            cookies.append(cookie);
        }
    }
    return cookies;
}

bool ResponseDetails::looksSecretCookie(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("sess|sid|token|auth|secret|jwt|csrf|xsrf|key"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern.match(name).hasMatch() || Http::Redaction::isSecretName(name);
}

QString ResponseDetails::timeSummary(const Http::HttpResponse& response)
{
    if (response.timeToFirstByteMs < 0)
        return tr("%1 ms").arg(response.elapsedMs);
    return tr("%1 ms · first byte %2 ms").arg(response.elapsedMs).arg(response.timeToFirstByteMs);
}

QString ResponseDetails::sizeSummary(const Http::HttpResponse& response)
{
    QString size = QLocale().formattedDataSize(
        response.bodyBuffer ? response.bodyBuffer->size() : response.body.size());
    if (response.httpVersion.isEmpty())
        return size;
    return tr("%1 · HTTP/%2").arg(size, QString::fromLatin1(response.httpVersion));
}

QString ResponseDetails::rawExchange(const Http::HttpResponse& response)
{
    QString text;
    if (!response.sent.method.isEmpty()) {
        const QUrl& url = response.sent.url;
        const QString target = QString::fromUtf8(url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority));
        text += QString::fromLatin1(response.sent.method) + u' '
            + (target.isEmpty() ? QStringLiteral("/") : target) + QStringLiteral(" HTTP/")
            + QString::fromLatin1(response.httpVersion.isEmpty() ? "1.1" : response.httpVersion) + u'\n';
        // The headers as sent hold Host; a request recorded before they did gets it from its URL.
        const bool hasHost = std::any_of(response.sent.headers.cbegin(), response.sent.headers.cend(),
            [](const Http::RawHeader& h) { return h.first.compare("Host", Qt::CaseInsensitive) == 0; });
        if (!hasHost)
            text += QStringLiteral("Host: ") + url.authority() + u'\n';
        for (const auto& [name, value] : response.sent.headers)
            text += QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(value) + u'\n';
        text += u'\n';
    }
    for (const Http::RedirectHop& hop : response.redirects)
        text += tr("← %1 redirect from %2").arg(hop.status).arg(hop.url.toDisplayString()) + u'\n';
    if (!response.redirects.isEmpty())
        text += u'\n';
    if (response.status) {
        text += QStringLiteral("HTTP/")
            + QString::fromLatin1(response.httpVersion.isEmpty() ? "1.1" : response.httpVersion) + u' '
            + QString::number(response.status) + u' ' + QString::fromLatin1(response.reason) + u'\n';
        for (const auto& [name, value] : Http::Redaction::redactHeaders(response.headers))
            text += QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(value) + u'\n';
    }
    return text;
}

QString ResponseDetails::tlsText(const Http::HttpResponse& response)
{
    const Http::TlsDetails& tls = response.tls;
    if (tls.isNull())
        return tr("Not sent over TLS.");
    QString hex;
    for (const char byte : tls.sha256)
        hex += QStringLiteral("%1:").arg(uchar(byte), 2, 16, QLatin1Char('0')).toUpper();
    hex.chop(1);
    return tr(
        "Protocol: %1\nCipher: %2\n\nCertificate\nSubject: %3\nIssuer: %4\nValid from: %5\nValid until: "
        "%6\nSHA-256: %7")
        .arg(tls.protocol, tls.cipher, tls.subject, tls.issuer,
            QLocale().toString(tls.notBefore.toUTC(), QLocale::ShortFormat),
            QLocale().toString(tls.notAfter.toUTC(), QLocale::ShortFormat), hex);
}

ResponseDetails::ResponseDetails(QWidget* parent)
    : QObject(parent)
    , m_cookies(new QStandardItemModel(0, 6, this))
    , m_cookiesView(new QTreeView(parent))
    , m_raw(new QPlainTextEdit(parent))
    , m_tls(new QPlainTextEdit(parent))
{
    m_cookies->setHorizontalHeaderLabels(
        {tr("Name"), tr("Value"), tr("Domain"), tr("Path"), tr("Expires"), tr("Flags")});
    m_cookiesView->setObjectName(QStringLiteral("cookiesTreeView"));
    m_cookiesView->setModel(m_cookies);
    m_cookiesView->setRootIsDecorated(false);
    m_cookiesView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_cookiesView->setAccessibleName(tr("Cookies the response sets"));
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit* text : {m_raw, m_tls}) {
        text->setReadOnly(true);
        text->setFont(mono);
        text->setLineWrapMode(QPlainTextEdit::NoWrap);
    }
    m_raw->setObjectName(QStringLiteral("rawExchangeTextEdit"));
    m_raw->setAccessibleName(tr("The request as sent and the response head as received"));
    m_tls->setObjectName(QStringLiteral("tlsTextEdit"));
    m_tls->setAccessibleName(tr("TLS session and certificate"));
}

void ResponseDetails::addTabsTo(QTabWidget* tabs)
{
    tabs->addTab(m_cookiesView, tr("Cookies"));
    tabs->addTab(m_raw, tr("Request"));
    tabs->addTab(m_tls, tr("TLS"));
}

void ResponseDetails::show(const Http::HttpResponse& response)
{
    clear();
    for (const Cookie& c : parseSetCookie(response.headers)) {
        QList<QStandardItem*> row;
        for (const QString& text :
            {c.name, c.value, c.domain, c.path, c.expires, c.flags.join(QStringLiteral("; "))})
            row.append(new QStandardItem(text));
        m_cookies->appendRow(row);
    }
    for (int column = 0; column < m_cookies->columnCount(); ++column)
        m_cookiesView->resizeColumnToContents(column);
    m_raw->setPlainText(rawExchange(response));
    m_tls->setPlainText(tlsText(response));
}

void ResponseDetails::clear()
{
    m_cookies->removeRows(0, m_cookies->rowCount());
    m_raw->clear();
    m_tls->clear();
}

} // namespace Tokenscope::Ui
