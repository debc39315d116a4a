#include "supportreport.h"

#include "appsession.h"
#include "flowlog.h"
#include "jwt.h"
#include "redaction.h"
#include "tokensession.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>
#include <QSysInfo>
#include <QUrl>

#include <algorithm>

namespace Tokenscope::Workspace {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Workspace::SupportReport)
};

// A body longer than this is cut in the report: support needs its shape, not megabytes of it.
constexpr qsizetype bodyLimit = qsizetype(64) * 1024;

// Writes headings, fields, tables and code blocks as Markdown or as plain text.
class Writer final
{
public:
    explicit Writer(ReportFormat format)
        : m_markdown(format == ReportFormat::Markdown)
    { }

    void heading(int level, const QString& title)
    {
        if (m_markdown) {
            m_out += QString(level, u'#') + u' ' + title + QStringLiteral("\n\n");
        } else {
            const QChar rule = level == 1 ? u'=' : level == 2 ? u'-' : u'~';
            m_out += title + u'\n' + QString(title.size(), rule) + QStringLiteral("\n\n");
        }
    }
    void paragraph(const QString& text) { m_out += text + QStringLiteral("\n\n"); }
    // A value as it is (an id, a URL, a scope): set in code in Markdown.
    void field(const QString& label, const QString& value)
    {
        m_pendingFields = true;
        m_out += m_markdown ? QStringLiteral("- **%1:** %2\n").arg(label, inlineText(value))
                            : QStringLiteral("- %1: %2\n").arg(label, oneLine(value));
    }
    // A value in words ("yes", "not set").
    void fieldText(const QString& label, const QString& text)
    {
        m_pendingFields = true;
        m_out += m_markdown ? QStringLiteral("- **%1:** %2\n").arg(label, oneLine(text))
                            : QStringLiteral("- %1: %2\n").arg(label, oneLine(text));
    }
    void urlField(const QString& label, const QUrl& url)
    {
        if (url.isEmpty())
            fieldText(label, Text::tr("(not set)"));
        else
            field(label, url.toString(QUrl::FullyEncoded));
    }
    void endFields()
    {
        if (m_pendingFields)
            m_out += u'\n';
        m_pendingFields = false;
    }
    void code(const QString& text, const QString& language = {})
    {
        if (m_markdown) {
            // A fence longer than any run of backticks inside, so a body cannot end it.
            qsizetype longest = 0;
            for (const auto& run : QRegularExpression(QStringLiteral("`+")).globalMatch(text)) {
                longest = std::max(longest, run.capturedLength());
            }
            const QString fence(std::max<qsizetype>(3, longest + 1), u'`');
            m_out += fence + language + u'\n' + text
                + (text.endsWith(u'\n') ? QString() : QStringLiteral("\n")) + fence + QStringLiteral("\n\n");
        } else {
            for (const QString& line : text.split(u'\n'))
                m_out += QStringLiteral("    ") + line + u'\n';
            m_out += u'\n';
        }
    }
    void table(const QStringList& headers, const QList<QStringList>& rows)
    {
        if (m_markdown) {
            const auto row = [](const QStringList& cells) -> QString {
                QStringList escaped;
                for (const QString& cell : cells)
                    escaped << oneLine(cell).replace(u'|', QStringLiteral("\\|"));
                return QStringLiteral("| ") + escaped.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
            };
            m_out += row(headers);
            m_out += row(QStringList(headers.size(), QStringLiteral("---")));
            for (const QStringList& cells : rows)
                m_out += row(cells);
            m_out += u'\n';
            return;
        }
        QList<qsizetype> widths(headers.size(), 0);
        QList<QStringList> all {headers};
        all += rows;
        for (const QStringList& cells : all) {
            for (qsizetype i = 0; i < cells.size() && i < widths.size(); ++i)
                widths[i] = std::max(widths[i], oneLine(cells[i]).size());
        }
        for (const QStringList& cells : all) {
            QString line;
            for (qsizetype i = 0; i < cells.size() && i < widths.size(); ++i)
                line += oneLine(cells[i]).leftJustified(widths[i]) + QStringLiteral("  ");
            m_out += line.trimmed() + u'\n';
        }
        m_out += u'\n';
    }
    QString text() const { return m_out; }

private:
    static QString oneLine(const QString& text) { return QString(text).replace(u'\n', u' ').simplified(); }
    static QString inlineText(const QString& text)
    {
        // A code span needs no escaping of what Markdown would read as markup (URLs, scopes, ids).
        const QString value = oneLine(text);
        if (value.isEmpty())
            return QStringLiteral("—");
        return value.contains(u'`') ? QStringLiteral("`` %1 ``").arg(value)
                                    : QStringLiteral("`%1`").arg(value);
    }

    bool m_markdown;
    bool m_pendingFields = false;
    QString m_out;
};

QString yesNo(bool value)
{
    return value ? Text::tr("yes") : Text::tr("no");
}

QString grantName(OAuth::Grant grant)
{
    switch (grant) {
    case OAuth::Grant::AuthorizationCode:
        return QStringLiteral("authorization_code");
    case OAuth::Grant::ClientCredentials:
        return QStringLiteral("client_credentials");
    case OAuth::Grant::DeviceCode:
        return QStringLiteral("urn:ietf:params:oauth:grant-type:device_code");
    }
    return {};
}

void writeVersions(Writer& out)
{
    out.heading(2, Text::tr("Versions"));
    out.field(Text::tr("Tokenscope"), QStringLiteral(TOKENSCOPE_VERSION));
    out.fieldText(Text::tr("Qt"),
        Text::tr("%1 (built with %2)").arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR)));
    out.fieldText(Text::tr("Operating system"),
        QStringLiteral("%1; %2 %3; %4")
            .arg(QSysInfo::prettyProductName(), QSysInfo::kernelType(), QSysInfo::kernelVersion(),
                QSysInfo::currentCpuArchitecture()));
    out.endFields();
}

void writeEnvironment(Writer& out, const Environment& environment)
{
    const OAuth::ClientConfig& oauth = environment.oauth;
    out.heading(2, Text::tr("Environment"));
    out.field(Text::tr("Name"), environment.name);
    out.field(Text::tr("Grant"), grantName(oauth.grant));
    if (oauth.issuer.isEmpty())
        out.fieldText(Text::tr("Issuer"), Text::tr("(not set)"));
    else
        out.field(Text::tr("Issuer"), oauth.issuer);
    out.urlField(Text::tr("Authorization endpoint"), oauth.authorizationEndpoint);
    out.urlField(Text::tr("Token endpoint"), oauth.tokenEndpoint);
    if (oauth.grant == OAuth::Grant::DeviceCode)
        out.urlField(Text::tr("Device authorization endpoint"), oauth.deviceAuthorizationEndpoint);
    out.urlField(Text::tr("Pushed authorization request endpoint"), oauth.parEndpoint);
    out.fieldText(Text::tr("Always use pushed authorization requests"), yesNo(oauth.usePar));
    out.urlField(Text::tr("Key set (JWKS) URI"), oauth.jwksUri);
    out.urlField(Text::tr("Revocation endpoint"), oauth.revocationEndpoint);
    out.urlField(Text::tr("Introspection endpoint"), oauth.introspectionEndpoint);
    out.urlField(Text::tr("UserInfo endpoint"), oauth.userinfoEndpoint);
    out.urlField(Text::tr("End session endpoint"), oauth.endSessionEndpoint);
    out.field(Text::tr("Client id"), oauth.clientId);
    out.field(Text::tr("Client authentication method"), OAuth::toString(oauth.clientAuthentication));
    if (oauth.needsClientSecret())
        out.fieldText(Text::tr("Client secret"), Text::tr("(kept in the keychain, not included)"));
    out.field(Text::tr("Scopes"), oauth.scope);
    out.urlField(Text::tr("Redirect URI"), oauth.redirectUri);
    out.field(Text::tr("Response mode"),
        oauth.responseMode.isEmpty() ? QStringLiteral("query") : oauth.responseMode);
    out.field(Text::tr("PKCE method"), oauth.pkceMethod);
    out.fieldText(Text::tr("Token parameters in the URL query"), yesNo(oauth.tokenParametersInQuery));
    out.fieldText(
        Text::tr("Issuer required in the authorization response"), yesNo(oauth.requireIssuerInResponse));
    for (const auto& [name, value] : oauth.extraAuthorizationParameters) {
        out.field(Text::tr("Extra authorization parameter %1").arg(name),
            Http::Redaction::isSecretName(name) ? Http::Redaction::mask(value) : value);
    }
    for (const CertificateFingerprint& fingerprint : oauth.trustedCertificates)
        out.field(Text::tr("Trusted certificate (SHA-256)"), fingerprint.toEntry());
    out.fieldText(Text::tr("Plain HTTP allowed for tokens"), yesNo(oauth.allowPlainHttp));
    for (const QUrl& api : environment.apiBaseUrls)
        out.urlField(Text::tr("API base URL"), api);
    out.fieldText(Text::tr("Sign-in browser"),
        environment.signIn.browser == SignInSettings::Browser::System ? Text::tr("system browser")
                                                                      : Text::tr("embedded window"));
    for (const Http::Variable& variable : environment.variables) {
        if (variable.secret)
            out.fieldText(Text::tr("Variable %1").arg(variable.name), Text::tr("(secret, not included)"));
        else
            out.field(Text::tr("Variable %1").arg(variable.name), variable.value);
    }
    out.endFields();
}

QString prettyJson(const QJsonObject& object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

void writeToken(Writer& out, const QString& title, const QString& token)
{
    out.heading(3, title);
    if (token.isEmpty()) {
        out.paragraph(Text::tr("None."));
        return;
    }
    const std::optional<Jwt::DecodedJwt> jwt = Jwt::decode(token);
    if (!jwt) {
        out.paragraph(
            Text::tr("An opaque token of %n characters (not included).", nullptr, int(token.size())));
        return;
    }
    out.paragraph(Text::tr("A JWT; its header and claims follow. The token itself and its signature are not "
                           "included."));
    out.code(prettyJson(jwt->header), QStringLiteral("json"));
    out.code(prettyJson(jwt->payload), QStringLiteral("json"));
}

QString timeText(const QDateTime& time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz 'UTC'"));
}

void writeTokens(Writer& out, const OAuth::TokenSet& tokens)
{
    out.heading(2, Text::tr("Tokens"));
    if (tokens.accessToken.isEmpty() && tokens.refreshToken.isEmpty() && tokens.idToken.isEmpty()) {
        out.paragraph(Text::tr("The environment holds no tokens."));
        return;
    }
    out.field(Text::tr("Token type"), tokens.tokenType);
    out.fieldText(
        Text::tr("Issued"), tokens.issuedAt.isValid() ? timeText(tokens.issuedAt) : Text::tr("unknown"));
    out.fieldText(
        Text::tr("Expires"), tokens.expiresAt.isValid() ? timeText(tokens.expiresAt) : Text::tr("unknown"));
    out.field(Text::tr("Requested scopes"), tokens.requestedScope);
    out.field(Text::tr("Granted scopes"), tokens.grantedScope);
    out.endFields();
    writeToken(out, Text::tr("Access token"), tokens.accessToken);
    writeToken(out, Text::tr("ID token"), tokens.idToken);
    writeToken(out, Text::tr("Refresh token"), tokens.refreshToken);
}

QString stepName(Http::FlowEvent::Kind kind)
{
    using Kind = Http::FlowEvent::Kind;
    switch (kind) {
    case Kind::AuthorizationRequest:
        return Text::tr("Authorization request");
    case Kind::RedirectReceived:
        return Text::tr("Redirect received");
    case Kind::HttpRequest:
        return Text::tr("Request");
    case Kind::HttpResponse:
        return Text::tr("Response");
    case Kind::Failure:
        return Text::tr("Failure");
    case Kind::Note:
        return Text::tr("Note");
    }
    return {};
}

QString bodyText(const QByteArray& body)
{
    const QByteArray shown = body.left(bodyLimit);
    QString text = QString::fromUtf8(shown);
    if (text.contains(QChar::ReplacementCharacter))
        return Text::tr("(%n bytes of binary data)", nullptr, int(body.size()));
    if (body.size() > bodyLimit)
        return text + u'\n' + Text::tr("(cut: %n bytes in all)", nullptr, int(body.size()));
    return text;
}

void writeTimeline(Writer& out, const QList<Http::FlowEvent>& events)
{
    out.heading(2, Text::tr("Timeline"));
    if (events.isEmpty()) {
        out.paragraph(Text::tr("Nothing was recorded."));
        return;
    }
    QList<QStringList> rows;
    for (const Http::FlowEvent& event : events) {
        const QString step = event.summary.isEmpty()
            ? stepName(event.kind)
            : stepName(event.kind) + QStringLiteral(": ") + event.summary;
        rows << QStringList {timeText(event.timestamp), step, QString::fromLatin1(event.method),
            event.url.toDisplayString(), event.status > 0 ? QString::number(event.status) : QString(),
            event.elapsedMs >= 0 ? Text::tr("%1 ms").arg(event.elapsedMs) : QString()};
    }
    out.table({Text::tr("Time"), Text::tr("Step"), Text::tr("Method"), Text::tr("URL"), Text::tr("Status"),
                  Text::tr("Elapsed")},
        rows);

    out.heading(3, Text::tr("Exchanges"));
    int number = 0;
    for (const Http::FlowEvent& event : events) {
        if (event.kind != Http::FlowEvent::Kind::HttpRequest
            && event.kind != Http::FlowEvent::Kind::HttpResponse)
            continue;
        ++number;
        const QString title = event.kind == Http::FlowEvent::Kind::HttpRequest
            ? Text::tr("%1. Request: %2 %3")
                  .arg(
                      QString::number(number), QString::fromLatin1(event.method), event.url.toDisplayString())
            : Text::tr("%1. Response: HTTP %2").arg(QString::number(number), QString::number(event.status));
        out.heading(4, title);
        QString headers;
        for (const auto& [name, value] : event.headers)
            headers += QString::fromLatin1(name) + QStringLiteral(": ") + QString::fromUtf8(value) + u'\n';
        if (!headers.isEmpty())
            out.code(headers, QStringLiteral("http"));
        if (!event.body.isEmpty())
            out.code(bodyText(event.body));
    }
}

} // namespace

SupportSnapshot supportSnapshot(AppSession& session, const QString& lastError)
{
    SupportSnapshot snapshot;
    snapshot.createdAt = QDateTime::currentDateTimeUtc();
    snapshot.lastError = lastError;
    const Environment* environment = session.currentEnvironment();
    if (environment) {
        snapshot.environment = *environment;
        if (const auto* tokens = session.tokenSession(environment->id))
            snapshot.tokens = tokens->tokens();
    }
    for (const Http::FlowEvent& event : session.flowLog()->events()) {
        if (!environment || event.environmentId == environment->id)
            snapshot.events << event;
    }
    return snapshot;
}

ReportFormat reportFormatFor(const QString& fileName)
{
    return fileName.endsWith(QLatin1String(".txt"), Qt::CaseInsensitive) ? ReportFormat::PlainText
                                                                         : ReportFormat::Markdown;
}

QString scrubTokens(const QString& text, const OAuth::TokenSet& tokens)
{
    QString scrubbed = text;
    for (const QString& token : {tokens.accessToken, tokens.refreshToken, tokens.idToken}) {
        if (token.size() < 8)
            continue;
        QStringList needles {token};
        // A JWT's signature alone is as much a secret as the whole token (with the claims, it rebuilds it).
        if (const qsizetype dot = token.lastIndexOf(u'.'); dot > 0 && token.size() - dot > 16)
            needles << token.mid(dot + 1);
        for (const QString& needle : std::as_const(needles)) {
            const QString masked = Http::Redaction::mask(needle);
            scrubbed.replace(needle, masked);
            scrubbed.replace(QString::fromLatin1(QUrl::toPercentEncoding(needle)), masked);
        }
    }
    return scrubbed;
}

QString supportReport(const SupportSnapshot& snapshot, ReportFormat format)
{
    Writer out(format);
    out.heading(1, Text::tr("Tokenscope support report"));
    out.paragraph(
        Text::tr("Created %1. Secrets are masked or left out: no client secret, token, code or code "
                 "verifier is in this report.")
            .arg(timeText(snapshot.createdAt)));
    writeVersions(out);
    if (snapshot.environment)
        writeEnvironment(out, *snapshot.environment);
    else
        out.paragraph(Text::tr("No environment is selected."));
    out.heading(2, Text::tr("Last error shown"));
    if (snapshot.lastError.isEmpty())
        out.paragraph(Text::tr("None."));
    else
        out.code(snapshot.lastError);
    writeTokens(out, snapshot.tokens);
    writeTimeline(out, snapshot.events);
    return scrubTokens(out.text(), snapshot.tokens);
}

} // namespace Tokenscope::Workspace
