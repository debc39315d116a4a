#include "curlcommand.h"
#include "formencoding.h"
#include "redaction.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>
#include <QUrl>

namespace Tokenscope::Http {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Http::CurlCommand)
};

constexpr QLatin1String accessTokenName {"ACCESS_TOKEN"};

// Whether text holds more than {{variable}} references and white space.
bool holdsLiteral(const QString& text)
{
    static const QRegularExpression reference(QStringLiteral(R"(\{\{[^{}]*\}\})"));
    QString rest = text;
    return !rest.remove(reference).trimmed().isEmpty();
}

// An authorization scheme ("Bearer ", "Basic ") stays in the command; the credential after it is secret.
qsizetype credentialStart(const QString& headerName, const QString& value)
{
    static const QRegularExpression scheme(
        QStringLiteral(R"(^\s*(bearer|basic|token|dpop|digest|apikey)\s+)"),
        QRegularExpression::CaseInsensitiveOption);
    const QString lower = headerName.trimmed().toLower();
    if (lower != QLatin1String("authorization") && lower != QLatin1String("proxy-authorization"))
        return 0;
    const auto match = scheme.match(value);
    return match.hasMatch() ? match.capturedEnd() : 0;
}

QString shellName(const QString& name)
{
    QString out;
    for (const QChar c : name)
        out += (c.isLetterOrNumber() && c.unicode() < 128) || c == u'_' ? c : u'_';
    if (out.isEmpty() || out.front().isDigit())
        out.prepend(u'_');
    return out;
}

// One shell word: literal text and references to shell variables, quoted so the shell gives back the
// text and the variables' values and nothing else.
class Word
{
public:
    void literal(const QString& text) { m_parts.append({text, false}); }
    void variable(const QString& name) { m_parts.append({name, true}); }

    QString quoted() const
    {
        const bool hasVariable
            = std::any_of(m_parts.cbegin(), m_parts.cend(), [](const Part& p) { return p.isVariable; });
        if (!hasVariable) {
            QString text;
            for (const Part& p : m_parts)
                text += p.text;
            return u'\'' + text.replace(u'\'', QStringLiteral("'\\''")) + u'\'';
        }
        QString out = QStringLiteral("\"");
        for (const Part& p : m_parts) {
            if (p.isVariable) {
                out += QStringLiteral("${") + p.text + u'}';
                continue;
            }
            for (const QChar c : p.text) {
                if (c == u'"' || c == u'\\' || c == u'$' || c == u'`')
                    out += u'\\';
                out += c;
            }
        }
        return out + u'"';
    }

    // What curl sees of the word, short of the shell variables' values.
    QString literalText() const
    {
        QString text;
        for (const Part& p : m_parts) {
            if (!p.isVariable)
                text += p.text;
        }
        return text;
    }

private:
    struct Part
    {
        QString text;
        bool isVariable;
    };
    QList<Part> m_parts;
};

class Exporter final
{
public:
    Exporter(const QList<Variable>& variables, bool reveal, const QString& accessToken)
        : m_variables(variables)
        , m_reveal(reveal)
        , m_accessToken(accessToken)
    { }

    // {{name}}: a secret becomes a shell variable unless revealed, others their value; unknown stay.
    Word word(const QString& prefix, const QString& text)
    {
        Word w;
        w.literal(prefix);
        expand(w, text);
        return w;
    }

    // Text typed in clear where a secret goes (a header's credential, a password, a secret form field or
    // query parameter): unless revealed, a shell variable named after where it was typed.
    void secret(Word& w, const QString& baseName, const QString& text)
    {
        if (m_reveal || !holdsLiteral(text)) {
            expand(w, text);
            return;
        }
        w.variable(literalSecret(baseName, text));
    }

    Word secretWord(const QString& prefix, const QString& baseName, const QString& text)
    {
        Word w;
        w.literal(prefix);
        secret(w, baseName, text);
        return w;
    }

    void expand(Word& w, const QString& text)
    {
        static const QRegularExpression pattern(QStringLiteral(R"(\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\})"));
        qsizetype last = 0;
        auto it = pattern.globalMatch(text);
        while (it.hasNext()) {
            const auto match = it.next();
            w.literal(text.mid(last, match.capturedStart() - last));
            last = match.capturedEnd();
            const QString name = match.captured(1);
            const auto found = std::find_if(m_variables.cbegin(), m_variables.cend(),
                [&](const Variable& v) { return v.enabled && v.name == name; });
            if (found == m_variables.cend()) {
                w.literal(match.captured(0));
            } else if (found->secret && !m_reveal) {
                w.variable(reference(shellName(name)));
            } else {
                w.literal(found->value);
            }
        }
        w.literal(text.mid(last));
    }

    Word accessToken(const QString& prefix)
    {
        Word w;
        w.literal(prefix);
        if (m_reveal && !m_accessToken.isEmpty())
            w.literal(m_accessToken);
        else
            w.variable(reference(accessTokenName));
        return w;
    }

    QString reference(const QString& name)
    {
        if (!m_referenced.contains(name))
            m_referenced.append(name);
        return name;
    }

    QStringList referenced() const { return m_referenced; }

private:
    // One shell variable per literal value; its name is free of the environment's variables' and the
    // access token's.
    QString literalSecret(const QString& baseName, const QString& value)
    {
        if (const auto known = m_literals.constFind(value); known != m_literals.cend())
            return reference(*known);
        const QString stem = shellName(baseName).toUpper();
        QString name = stem;
        const auto taken = [this](const QString& candidate) {
            return candidate == accessTokenName || m_referenced.contains(candidate)
                || std::any_of(m_variables.cbegin(), m_variables.cend(),
                    [&](const Variable& v) { return shellName(v.name) == candidate; });
        };
        for (int n = 2; taken(name); ++n)
            name = stem + u'_' + QString::number(n);
        m_literals.insert(value, name);
        return reference(name);
    }

    const QList<Variable>& m_variables;
    bool m_reveal;
    QString m_accessToken;
    QStringList m_referenced;
    QHash<QString, QString> m_literals;
};

QString rawContentType(const QString& rawType)
{
    if (rawType == QLatin1String("json"))
        return QStringLiteral("application/json");
    if (rawType == QLatin1String("xml"))
        return QStringLiteral("application/xml");
    if (rawType == QLatin1String("text"))
        return QStringLiteral("text/plain");
    return {};
}

// name=value of a form field; a secret one's literal value (client_secret, password) a shell variable.
Word formValue(Exporter& exporter, const FormField& field)
{
    if (Redaction::isSecretName(field.name))
        return exporter.secretWord(field.name + u'=', field.name, field.value);
    return exporter.word(field.name + u'=', field.value);
}

// The URL up to its query, its user-info password (https://user:p4ss@host/) typed in clear a shell variable
// as a basic-auth password is.
void expandWithPassword(Exporter& exporter, Word& w, const QString& text)
{
    const qsizetype scheme = text.indexOf(QLatin1String("://"));
    const qsizetype start = scheme < 0 ? 0 : scheme + 3;
    qsizetype end = start;
    while (end < text.size() && text[end] != u'/' && text[end] != u'?' && text[end] != u'#')
        ++end;
    const qsizetype at = end > start ? text.lastIndexOf(u'@', end - 1) : -1;
    const qsizetype colon = at > start ? text.indexOf(u':', start) : -1;
    if (at <= start || colon < 0 || colon + 1 >= at) {
        exporter.expand(w, text);
        return;
    }
    exporter.expand(w, text.left(colon + 1));
    exporter.secret(w, QStringLiteral("password"), text.mid(colon + 1, at - colon - 1));
    exporter.expand(w, text.mid(at));
}

// The query's parameters under secret names (access_token, api_key, code) typed in clear become shell
// variables; the rest of the URL is written as typed, {{variables}} expanded.
Word urlWithSecrets(Exporter& exporter, const QString& url)
{
    Word w;
    const qsizetype query = url.indexOf(u'?');
    if (query < 0) {
        expandWithPassword(exporter, w, url);
        return w;
    }
    const qsizetype fragment = url.indexOf(u'#', query);
    expandWithPassword(exporter, w, url.left(query + 1));
    const QStringList pairs = url.mid(query + 1, fragment < 0 ? -1 : fragment - query - 1).split(u'&');
    for (qsizetype i = 0; i < pairs.size(); ++i) {
        if (i > 0)
            w.literal(QStringLiteral("&"));
        const qsizetype eq = pairs[i].indexOf(u'=');
        const QString name = eq < 0 ? QString() : QUrl::fromPercentEncoding(pairs[i].left(eq).toUtf8());
        if (eq > 0 && Redaction::isSecretName(name) && eq + 1 < pairs[i].size()) {
            exporter.expand(w, pairs[i].left(eq + 1));
            exporter.secret(w, name, pairs[i].mid(eq + 1));
        } else {
            exporter.expand(w, pairs[i]);
        }
    }
    if (fragment >= 0)
        exporter.expand(w, url.mid(fragment));
    return w;
}

} // namespace

QString curlCommand(const HttpRequest& request, const QList<Variable>& variables, bool revealSecrets,
    const QString& accessToken)
{
    Exporter exporter(variables, revealSecrets, accessToken);
    QStringList args;
    using Style = RequestAuth::Style;
    const RequestAuth& auth = request.auth;

    QString url = request.url;
    QString tokenParameter;
    if (auth.style == Style::QueryParameter)
        tokenParameter = auth.parameterName;
    Word urlWord = urlWithSecrets(exporter, url);
    if (!tokenParameter.isEmpty()) {
        urlWord.literal((url.contains(u'?') ? u'&' : u'?') + tokenParameter + u'=');
        if (revealSecrets && !accessToken.isEmpty())
            urlWord.literal(accessToken);
        else
            urlWord.variable(exporter.reference(accessTokenName));
    }

    const bool hasBody = (request.bodyKind == BodyKind::Raw && !request.body.isEmpty())
        || request.bodyKind == BodyKind::FormUrlEncoded || request.bodyKind == BodyKind::Multipart;
    const QByteArray implied = request.bodyKind == BodyKind::BinaryFile ? "PUT" : hasBody ? "POST" : "GET";
    QString line = QStringLiteral("curl");
    if (request.method != implied)
        line += QStringLiteral(" -X ") + QString::fromLatin1(request.method);
    // curl reads [] and {} in a URL as ranges and lists (globbing) unless told not to.
    static const QRegularExpression globbing(QStringLiteral(R"([\[\]{}])"));
    if (urlWord.literalText().contains(globbing))
        line += QStringLiteral(" -g");
    line += u' ' + urlWord.quoted();
    args.append(line);

    for (const HeaderField& header : request.headers) {
        if (!header.enabled || header.name.isEmpty())
            continue;
        if (Redaction::isCredentialHeaderName(header.name)) {
            const qsizetype start = credentialStart(header.name, header.value);
            Word w = exporter.word(header.name + QStringLiteral(": "), header.value.left(start));
            exporter.secret(w, header.name, header.value.mid(start));
            args.append(QStringLiteral("-H ") + w.quoted());
        } else {
            args.append(QStringLiteral("-H ")
                + exporter.word(header.name + QStringLiteral(": "), header.value).quoted());
        }
    }
    const QString rawType = rawContentType(request.rawType);
    if (request.bodyKind == BodyKind::Raw && !request.body.isEmpty() && !rawType.isEmpty())
        args.append(QStringLiteral("-H ")
            + Word(exporter.word(QStringLiteral("Content-Type: ") + rawType, {})).quoted());

    const bool token
        = auth.style == Style::BearerHeader || (auth.style == Style::Inherit && request.attachAccessToken);
    if (token) {
        args.append(
            QStringLiteral("-H ") + exporter.accessToken(QStringLiteral("Authorization: Bearer ")).quoted());
    } else if (auth.style == Style::CustomHeader) {
        args.append(QStringLiteral("-H ")
            + exporter.accessToken(auth.headerName + QStringLiteral(": ") + auth.prefix).quoted());
    } else if (auth.style == Style::BearerFromVariable) {
        args.append(QStringLiteral("-H ")
            + exporter
                  .word(QStringLiteral("Authorization: Bearer "),
                      QStringLiteral("{{") + auth.variable + QStringLiteral("}}"))
                  .quoted());
    } else if (auth.style == Style::Basic) {
        Word w = exporter.word({}, auth.username + u':');
        exporter.secret(w, QStringLiteral("password"), auth.password);
        args.append(QStringLiteral("-u ") + w.quoted());
    }

    switch (request.bodyKind) {
    case BodyKind::None:
        break;
    case BodyKind::Raw:
        if (!request.body.isEmpty())
            args.append(
                QStringLiteral("--data-raw ") + exporter.word({}, QString::fromUtf8(request.body)).quoted());
        break;
    case BodyKind::FormUrlEncoded:
        for (const FormField& field : request.formFields) {
            if (field.enabled)
                args.append(QStringLiteral("--data-urlencode ") + formValue(exporter, field).quoted());
        }
        break;
    case BodyKind::Multipart:
        for (const FormField& field : request.formFields) {
            if (!field.enabled)
                continue;
            const QString type
                = field.contentType.isEmpty() ? QString() : QStringLiteral(";type=") + field.contentType;
            if (field.isFile)
                args.append(QStringLiteral("-F ")
                    + exporter.word(field.name + QStringLiteral("=@"), field.value + type).quoted());
            else if (type.isEmpty())
                args.append(QStringLiteral("--form-string ") + formValue(exporter, field).quoted());
            else {
                // A secret field with a content type is masked like one without; the type is written.
                Word w = formValue(exporter, field);
                exporter.expand(w, type);
                args.append(QStringLiteral("-F ") + w.quoted());
            }
        }
        break;
    case BodyKind::BinaryFile:
        args.append(QStringLiteral("-T ") + exporter.word({}, request.bodyFilePath).quoted());
        break;
    }
    if (request.timeoutMs > 0)
        args.append(QStringLiteral("-m ") + QString::number(request.timeoutMs / 1000.0));
    args.append(request.followRedirects ? QStringLiteral("-L") : QStringLiteral("--max-redirs 0"));

    QString out;
    const QStringList names = exporter.referenced();
    if (!names.isEmpty()) {
        QStringList shown;
        for (const QString& name : names)
            shown.append(u'$' + name);
        out += QStringLiteral("# ")
            + Text::tr(
                "The secrets are not in this command: set %1 in the shell first (read -rs NAME; export "
                "NAME).")
                  .arg(shown.join(QStringLiteral(", ")))
            + u'\n';
    }
    return out + args.join(QStringLiteral(" \\\n  ")) + u'\n';
}

} // namespace Tokenscope::Http
