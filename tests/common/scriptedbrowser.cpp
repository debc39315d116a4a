#include "scriptedbrowser.h"

#include <QNetworkReply>
#include <QRegularExpression>
#include <QUrlQuery>

namespace Tokenscope::Tests {

namespace {

QString unescapeHtml(QString text)
{
    text.replace(QLatin1String("&quot;"), QLatin1String("\""));
    text.replace(QLatin1String("&#39;"), QLatin1String("'"));
    text.replace(QLatin1String("&#x27;"), QLatin1String("'"));
    text.replace(QLatin1String("&lt;"), QLatin1String("<"));
    text.replace(QLatin1String("&gt;"), QLatin1String(">"));
    text.replace(QLatin1String("&amp;"), QLatin1String("&"));
    return text;
}

QString attribute(const QString& tag, const QString& name)
{
    const QRegularExpression pattern(QStringLiteral("\\b%1\\s*=\\s*\"([^\"]*)\"").arg(name));
    return unescapeHtml(pattern.match(tag).captured(1));
}

} // namespace

ScriptedBrowser::ScriptedBrowser(QString login, QObject* parent)
    : QObject(parent)
    , m_login(std::move(login))
{ }

void ScriptedBrowser::open(const QUrl& url)
{
    m_visits.clear();
    m_finished = false;
    m_error.clear();
    m_aborted = false;
    request("GET", url, {});
}

void ScriptedBrowser::request(const QByteArray& method, const QUrl& url, const QByteArray& body)
{
    if (m_visits.size() > 20) {
        finish(QStringLiteral("too many steps"));
        return;
    }
    QNetworkRequest networkRequest(url);
    networkRequest.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (method == "POST")
        networkRequest.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
    m_visits.append({method, url, 0});
    QNetworkReply* reply = m_network.sendCustomRequest(networkRequest, method, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_visits.last().status = status;
        const QByteArray content = reply->readAll();
        if (status == 0) {
            finish(reply->errorString());
            return;
        }
        if (status >= 300 && status < 400) {
            const QUrl location = reply->url().resolved(QUrl::fromEncoded(reply->rawHeader("Location")));
            const QString scheme = location.scheme().toLower();
            if (m_schemeHandler && scheme != QLatin1String("http") && scheme != QLatin1String("https")) {
                m_visits.append({"GET", location, 0});
                m_schemeHandler(location);
                finish();
                return;
            }
            request("GET", location, {});
            return;
        }
        m_lastStatus = status;
        m_lastBody = content;
        const QString html = QString::fromUtf8(content);
        static const QRegularExpression formPattern(
            QStringLiteral("<form\\b([^>]*)>(.*?)</form>"), QRegularExpression::DotMatchesEverythingOption);
        const QRegularExpressionMatch form = formPattern.match(html);
        if (!form.hasMatch() || m_aborted) {
            finish();
            return;
        }
        // A login form gets the user's name and a password; hidden fields are posted as they are,
        // which is what a browser does with a form_post response page.
        QUrlQuery fields;
        static const QRegularExpression inputPattern(QStringLiteral("<input\\b[^>]*>"));
        auto inputs = inputPattern.globalMatch(form.captured(2));
        while (inputs.hasNext()) {
            const QString input = inputs.next().captured(0);
            const QString name = attribute(input, QStringLiteral("name"));
            if (name.isEmpty())
                continue;
            QString value = attribute(input, QStringLiteral("value"));
            if (name == QLatin1String("login"))
                value = m_login;
            else if (name == QLatin1String("password"))
                value = QStringLiteral("any password");
            else if (name == QLatin1String("user_code") && value.isEmpty())
                value = m_userCode;
            fields.addQueryItem(name, value);
        }
        // The Abort button sits outside the confirmation form (form="…"); a browser adds its name=value.
        if (m_abortDeviceConfirmation
            && attribute(form.captured(1), QStringLiteral("id")) == QLatin1String("op.deviceConfirmForm")) {
            fields.addQueryItem(QStringLiteral("abort"), QStringLiteral("yes"));
            m_aborted = true;
        }
        const QUrl action
            = reply->url().resolved(QUrl(attribute(form.captured(1), QStringLiteral("action"))));
        const QByteArray formMethod
            = attribute(form.captured(1), QStringLiteral("method")).toUpper().toLatin1();
        if (formMethod == "POST") {
            request("POST", action,
                fields.query(QUrl::FullyEncoded).replace(QLatin1Char('+'), QLatin1String("%2B")).toLatin1());
        } else {
            QUrl target = action;
            target.setQuery(fields);
            request("GET", target, {});
        }
    });
}

void ScriptedBrowser::finish(const QString& error)
{
    m_error = error;
    m_finished = true;
    Q_EMIT finished();
}

} // namespace Tokenscope::Tests
