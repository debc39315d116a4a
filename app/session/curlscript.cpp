#include "curlscript.h"

#include "formencoding.h"
#include "redaction.h"

#include <QCoreApplication>
#include <QSet>
#include <QUrlQuery>

namespace Tokenscope::Workspace {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Workspace::CurlScript)
};

using Kind = Http::FlowEvent::Kind;

// The shell's single quotes keep everything literal; a quote itself is closed, escaped and reopened.
QString quoted(const QString& text)
{
    return u'\'' + QString(text).replace(u'\'', QStringLiteral("'\\''")) + u'\'';
}

QString oneLine(const QString& text)
{
    return QString(text).replace(u'\n', u' ').replace(u'\r', u' ');
}

// The masked form the flow log leaves of a secret value.
bool isMasked(const QString& value)
{
    return value.contains(QChar(0x2022));
}

QString shellName(const QString& name, const QString& prefix)
{
    QString result;
    for (const QChar c : name.toLower())
        result += (c.isLetterOrNumber() && c.unicode() < 128) || c == u'_' ? c : u'_';
    return prefix + result;
}

// What the prompt for a secret says.
QString promptFor(const QString& variable)
{
    static const QHash<QString, const char*> prompts {
        {QStringLiteral("client_secret"),
            QT_TRANSLATE_NOOP("Tokenscope::Workspace::CurlScript", "Client secret")},
        {QStringLiteral("code"),
            QT_TRANSLATE_NOOP("Tokenscope::Workspace::CurlScript",
                "Authorization code (the code parameter of the address the browser was sent to)")},
        {QStringLiteral("refresh_token"),
            QT_TRANSLATE_NOOP("Tokenscope::Workspace::CurlScript", "Refresh token")},
        {QStringLiteral("access_token"),
            QT_TRANSLATE_NOOP("Tokenscope::Workspace::CurlScript", "Access token")},
        {QStringLiteral("id_token"), QT_TRANSLATE_NOOP("Tokenscope::Workspace::CurlScript", "ID token")},
        {QStringLiteral("id_token_hint"), QT_TRANSLATE_NOOP("Tokenscope::Workspace::CurlScript", "ID token")},
        {QStringLiteral("device_code"),
            QT_TRANSLATE_NOOP(
                "Tokenscope::Workspace::CurlScript", "Device code (from the device authorization answer)")},
        {QStringLiteral("client_assertion"),
            QT_TRANSLATE_NOOP(
                "Tokenscope::Workspace::CurlScript", "Client assertion (a freshly signed JWT)")},
        {QStringLiteral("code_verifier"),
            QT_TRANSLATE_NOOP("Tokenscope::Workspace::CurlScript", "PKCE code_verifier of the sign-in")},
        {QStringLiteral("password"), QT_TRANSLATE_NOOP("Tokenscope::Workspace::CurlScript", "Password")},
        {QStringLiteral("token"),
            QT_TRANSLATE_NOOP("Tokenscope::Workspace::CurlScript", "The token to revoke or introspect")},
    };
    const auto it = prompts.constFind(variable);
    return it == prompts.cend() ? Text::tr("Value of %1").arg(variable) : Text::tr(it.value());
}

class ScriptWriter final
{
public:
    explicit ScriptWriter(const SupportSnapshot& snapshot)
        : m_snapshot(snapshot)
    { }

    QString write()
    {
        prelude();
        int step = 0;
        for (qsizetype i = 0; i < m_snapshot.events.size(); ++i) {
            const Http::FlowEvent& event = m_snapshot.events[i];
            if (event.kind == Kind::AuthorizationRequest)
                authorizationRequest(++step, event);
            else if (event.kind == Kind::HttpRequest)
                httpRequest(++step, event, answerTo(i));
        }
        if (step == 0)
            m_out += QStringLiteral("# ") + Text::tr("Nothing was recorded for this environment.") + u'\n';
        return m_out;
    }

private:
    void prelude()
    {
        const QString name = m_snapshot.environment ? oneLine(m_snapshot.environment->name) : QString();
        m_out += QStringLiteral("#!/bin/sh\n# ")
            + Text::tr(
                "Tokenscope %1: the recorded flow of the environment “%2” as curl commands, exported %3.")
                  .arg(QStringLiteral(TOKENSCOPE_VERSION), name,
                      m_snapshot.createdAt.toUTC().toString(Qt::ISODate))
            + QStringLiteral("\n# ")
            + Text::tr("It holds no secret: it asks for each one when first needed, without showing what is "
                       "typed, or takes it from a shell variable of the same name (client_secret=… sh %1).")
                  .arg(QStringLiteral("flow.sh"))
            + QStringLiteral("\n# ")
            + Text::tr("It needs curl; a sign-in in the browser needs openssl too (for PKCE).")
            + QStringLiteral(R"SH(
set -eu

restore_echo() { if [ -t 0 ]; then stty echo; fi; }
trap restore_echo EXIT

# ask_secret NAME PROMPT: reads NAME without echo, unless it is set already.
ask_secret() {
    eval "ask_current=\${$1:-}"
    if [ -z "$ask_current" ]; then
        printf '%s: ' "$2" >&2
        if [ -t 0 ]; then stty -echo; fi
        IFS= read -r "$1" || true
        if [ -t 0 ]; then stty echo; printf '\n' >&2; fi
    fi
}

# ask NAME PROMPT: reads NAME, unless it is set already.
ask() {
    eval "ask_current=\${$1:-}"
    if [ -z "$ask_current" ]; then
        printf '%s: ' "$2" >&2
        IFS= read -r "$1" || true
    fi
}

# take NAME RESPONSE: sets NAME from the JSON member of the same name in RESPONSE, when there is one.
take() {
    take_value=$(printf '%s' "$2" | tr -d '\r\n' | sed -n 's/.*"'"$1"'"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
    if [ -n "$take_value" ]; then eval "$1=\$take_value"; fi
}

take_all() {
    for name in access_token refresh_token id_token device_code request_uri; do take "$name" "$1"; done
}

random_value() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
)SH");
    }

    // The recorded answer to the request at index: the next response to its URL.
    const Http::FlowEvent* answerTo(qsizetype index) const
    {
        const Http::FlowEvent& request = m_snapshot.events[index];
        for (qsizetype i = index + 1; i < m_snapshot.events.size(); ++i) {
            const Http::FlowEvent& event = m_snapshot.events[i];
            if (event.kind == Kind::HttpResponse && event.url == request.url)
                return &event;
        }
        return nullptr;
    }

    // The question for a secret, once in the script, before the first command that needs it; returns
    // the variable's reference.
    QString secret(const QString& variable, const QString& prompt = {})
    {
        if (!m_asked.contains(variable)) {
            m_asked.insert(variable);
            m_prompts += QStringLiteral("ask_secret %1 %2\n")
                             .arg(variable, quoted(prompt.isEmpty() ? promptFor(variable) : prompt));
        }
        return QStringLiteral("\"$%1\"").arg(variable);
    }

    void authorizationRequest(int step, const Http::FlowEvent& event)
    {
        m_out += QStringLiteral("\n# %1. ").arg(step)
            + Text::tr("Sign in: open this address in a browser and sign in. The browser is then sent to the "
                       "redirect URI; copy the code parameter from its address.")
            + u'\n';
        const QList<QPair<QString, QString>> items
            = QUrlQuery(event.url.query(QUrl::FullyEncoded)).queryItems(QUrl::FullyEncoded);
        bool pkce = false;
        bool plain = false;
        for (const auto& [name, value] : items) {
            pkce = pkce || name == QLatin1String("code_challenge");
            plain = plain
                || (name == QLatin1String("code_challenge_method") && value == QLatin1String("plain"));
        }
        if (pkce) {
            secret(QStringLiteral("code_verifier"), Text::tr("PKCE code_verifier (Enter: make a new one)"));
            m_out += m_prompts;
            m_prompts.clear();
            m_out += QStringLiteral("if [ -z \"$code_verifier\" ]; then code_verifier=$(openssl rand -base64 "
                                    "48 | tr -d '\\n=' | tr "
                                    "'+/' '-_'); fi\n");
            m_out += plain
                ? QStringLiteral("code_challenge=$code_verifier\n")
                : QStringLiteral("code_challenge=$(printf '%s' \"$code_verifier\" | openssl dgst -sha256 "
                                 "-binary | openssl base64 -A | tr '+/' '-_' | tr -d '=')\n");
        }
        m_out += QStringLiteral("state=$(random_value)\nnonce=$(random_value)\n");
        QUrl base = event.url;
        base.setQuery(QString());
        base.setFragment(QString());
        // Literal text in single quotes, the fresh values as variables: 'https://…&state='"$state"'&…'
        QString url;
        QString literal = base.toString(QUrl::FullyEncoded) + u'?';
        bool first = true;
        for (const auto& [name, value] : items) {
            literal += (first ? QString() : QStringLiteral("&")) + name + u'=';
            first = false;
            if (name == QLatin1String("state") || name == QLatin1String("nonce")
                || name == QLatin1String("code_challenge") || name == QLatin1String("request_uri")) {
                if (name == QLatin1String("request_uri")) {
                    m_out += QStringLiteral("ask request_uri %1\n")
                                 .arg(quoted(Text::tr(
                                     "request_uri (from the pushed authorization request's answer)")));
                }
                url += quoted(literal) + QStringLiteral("\"$%1\"").arg(name);
                literal.clear();
            } else {
                literal += value;
            }
        }
        if (!literal.isEmpty())
            url += quoted(literal);
        m_out += QStringLiteral("printf '%s\\n' ") + url + u'\n';
        secret(QStringLiteral("code"));
        m_out += m_prompts;
        m_prompts.clear();
    }

    void httpRequest(int step, const Http::FlowEvent& event, const Http::FlowEvent* answer)
    {
        QStringList arguments {
            QStringLiteral("-sS"), QStringLiteral("-X ") + quoted(QString::fromLatin1(event.method))};
        QUrl url = event.url;
        const QList<QPair<QString, QString>> queryItems
            = QUrlQuery(url.query(QUrl::FullyEncoded)).queryItems(QUrl::FullyDecoded);
        QList<QPair<QString, QString>> literalQuery;
        QStringList queryArguments;
        for (const auto& [name, value] : queryItems) {
            if (Http::Redaction::isSecretName(name) || isMasked(value)) {
                const QString variable = Http::Redaction::isSecretName(name)
                    ? name.toLower()
                    : shellName(name, QStringLiteral("param_"));
                queryArguments << QStringLiteral("--url-query ")
                        + QStringLiteral("\"%1=$%2\"").arg(name, variable);
                secret(variable);
            } else {
                literalQuery << qMakePair(name, value);
            }
        }
        QUrlQuery kept;
        kept.setQueryItems(literalQuery);
        url.setQuery(kept);
        arguments << quoted(url.toString(QUrl::FullyEncoded));
        arguments += queryArguments;

        QByteArray contentType;
        for (const auto& [rawName, rawValue] : event.headers) {
            const QString name = QString::fromLatin1(rawName);
            const QString value = QString::fromUtf8(rawValue);
            const QString lower = name.toLower();
            static const QSet<QString> skipped {QStringLiteral("host"), QStringLiteral("content-length"),
                QStringLiteral("connection"), QStringLiteral("accept-encoding"), QStringLiteral("user-agent"),
                QStringLiteral("cookie"), QStringLiteral("proxy-authorization")};
            if (skipped.contains(lower))
                continue;
            if (lower == QLatin1String("content-type"))
                contentType = rawValue;
            if (lower == QLatin1String("authorization")) {
                authorization(value, &arguments);
            } else if (isMasked(value)) {
                const QString variable = shellName(name, QStringLiteral("header_"));
                secret(variable, Text::tr("Value of the %1 header").arg(name));
                arguments << QStringLiteral("-H ") + quoted(name + QStringLiteral(": "))
                        + QStringLiteral("\"$%1\"").arg(variable);
            } else {
                arguments << QStringLiteral("-H ") + quoted(name + QStringLiteral(": ") + value);
            }
        }
        body(step, event, contentType, &arguments);
        arguments << QStringLiteral("-w ") + quoted(QStringLiteral("\\nHTTP %{http_code}\\n"));

        QString comment = QStringLiteral("\n# %1. %2 %3")
                              .arg(QString::number(step), QString::fromLatin1(event.method),
                                  oneLine(event.url.toString(QUrl::FullyEncoded)));
        if (answer)
            comment += QStringLiteral(" (") + Text::tr("recorded: HTTP %1").arg(answer->status) + u')';
        m_out += comment + u'\n' + m_prompts;
        m_prompts.clear();
        m_out += QStringLiteral("response=$(curl ") + arguments.join(QStringLiteral(" \\\n    "))
            + QStringLiteral(")\n");
        m_out += QStringLiteral("printf '%s\\n' \"$response\"\ntake_all \"$response\"\n");
    }

    void authorization(const QString& value, QStringList* arguments)
    {
        const qsizetype space = value.indexOf(u' ');
        const QString scheme = space > 0 ? value.left(space) : QString();
        if (scheme.compare(QLatin1String("Basic"), Qt::CaseInsensitive) == 0) {
            // RFC 6749 §2.3.1: the client's id and secret.
            const QString clientId
                = m_snapshot.environment ? m_snapshot.environment->oauth.clientId : QString();
            const QString reference = secret(QStringLiteral("client_secret"));
            *arguments << QStringLiteral("-u ") + quoted(clientId + u':') + reference;
        } else if (scheme.compare(QLatin1String("Bearer"), Qt::CaseInsensitive) == 0
            || scheme.compare(QLatin1String("DPoP"), Qt::CaseInsensitive) == 0) {
            const QString reference = secret(QStringLiteral("access_token"));
            *arguments << QStringLiteral("-H ") + quoted(QStringLiteral("Authorization: ") + scheme + u' ')
                    + reference;
        } else {
            const QString variable = shellName(
                scheme.isEmpty() ? QStringLiteral("credentials") : scheme, QStringLiteral("authorization_"));
            secret(variable, Text::tr("Value of the %1 header").arg(QStringLiteral("Authorization")));
            *arguments << QStringLiteral("-H ")
                    + quoted(
                        QStringLiteral("Authorization: ") + (scheme.isEmpty() ? QString() : scheme + u' '))
                    + QStringLiteral("\"$%1\"").arg(variable);
        }
    }

    void body(int step, const Http::FlowEvent& event, const QByteArray& contentType, QStringList* arguments)
    {
        if (event.body.isEmpty())
            return;
        if (Http::Redaction::isFormBody(event.body, contentType)) {
            for (const auto& [name, value] : Http::formDecode(event.body)) {
                if (Http::Redaction::isSecretName(name) || isMasked(value)) {
                    const QString variable = Http::Redaction::isSecretName(name)
                        ? name.toLower()
                        : shellName(name, QStringLiteral("param_"));
                    secret(variable);
                    *arguments << QStringLiteral("--data-urlencode ")
                            + QStringLiteral("\"%1=$%2\"").arg(name, variable);
                } else {
                    *arguments << QStringLiteral("--data-urlencode ") + quoted(name + u'=' + value);
                }
            }
            return;
        }
        const QString text = QString::fromUtf8(event.body);
        if (isMasked(text)) {
            const QString variable = QStringLiteral("request_body_%1").arg(step);
            secret(variable, Text::tr("The body of request %1 (it held a secret)").arg(step));
            *arguments << QStringLiteral("--data-binary ") + QStringLiteral("\"$%1\"").arg(variable);
        } else {
            *arguments << QStringLiteral("--data-binary ") + quoted(text);
        }
    }

    const SupportSnapshot& m_snapshot;
    QString m_out;
    QString m_prompts; // the questions for the command being written, asked before it
    QSet<QString> m_asked;
};

} // namespace

QString curlScript(const SupportSnapshot& snapshot)
{
    return scrubTokens(ScriptWriter(snapshot).write(), snapshot.tokens);
}

} // namespace Tokenscope::Workspace
