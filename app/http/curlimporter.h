#pragma once

// The reading half of parseCurlCommand: curl's options and what each does to the request. Private to
// curlcommand.cpp, which builds the request from what is read here.

#include "curlcommand.h"
#include "formencoding.h"
#include "shellwords.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <cmath>

namespace Tokenscope::Http::CurlDetail {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Http::CurlCommand)
};

enum class Act {
    Method,
    Url,
    Header,
    Data,
    DataRaw,
    DataBinary,
    DataUrlEncode,
    Json,
    Form,
    FormString,
    User,
    Get,
    Head,
    UserAgent,
    Referer,
    Cookie,
    UploadFile,
    MaxTime,
    MaxRedirs,
    OAuthBearer,
    Range,
    Location,
    Ignore,
    Insecure,
    NotImported,
    Unsupported,
};

struct Option
{
    const char* longName;
    char shortName;
    bool takesValue;
    Act act;
};

// The curl options read, looked up by long name (without --) or short letter; null if unknown.
const Option* findLong(QStringView name);
const Option* findShort(QChar c);

inline bool isVariableOnly(const QString& value, QString* name = nullptr)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\{\{([A-Za-z0-9_.\-]+)\}\}$)"));
    const auto match = pattern.match(value);
    if (name)
        *name = match.captured(1);
    return match.hasMatch();
}

bool isPlaceholderToken(const QString& token);

class Importer final
{
public:
    explicit Importer(const QList<Variable>& existing)
        : m_existing(existing)
    { }

    CurlImport run(const QString& command)
    {
        QString text = command.trimmed();
        if (text.startsWith(QLatin1String("$ ")) || text.startsWith(QLatin1String("> ")))
            text = text.mid(2);
        const ShellWords split = looksLikeCmd(text) ? splitCmdWords(text) : splitPosixWords(text);
        if (!split.error.isEmpty())
            return fail(split.error);
        if (!split.ignoredTail.isEmpty())
            note(Text::tr("Left out what the output was piped into: %1").arg(split.ignoredTail));
        QStringList words = split.words;
        if (words.isEmpty()
            || !QRegularExpression(QStringLiteral(R"(^(.*[/\\])?curl(\.exe)?$)"))
                    .match(words.constFirst())
                    .hasMatch())
            return fail(Text::tr("This is not a curl command: it should start with “curl”."));
        words.removeFirst();
        if (!readOptions(words))
            return m_result;
        if (!build())
            return m_result;
        secureSecrets();
        return m_result;
    }

private:
    CurlImport fail(const QString& message)
    {
        m_result.error = Error(Text::tr("The curl command could not be read."), message);
        m_result.request = {};
        m_result.secretVariables.clear();
        return m_result;
    }

    void note(const QString& text) { m_result.notes.append(text); }

    bool readOptions(const QStringList& words)
    {
        bool optionsEnded = false;
        for (qsizetype i = 0; i < words.size(); ++i) {
            const QString& word = words[i];
            if (optionsEnded || !word.startsWith(u'-') || word == QLatin1String("-")) {
                if (!url(word))
                    return false;
                continue;
            }
            if (word == QLatin1String("--")) {
                optionsEnded = true;
                continue;
            }
            if (word.startsWith(QLatin1String("--"))) {
                QStringView name = QStringView(word).mid(2);
                const Option* option = findLong(name);
                if (!option && name.startsWith(QLatin1String("no-")))
                    option = findLong(name.mid(3));
                if (!option) {
                    fail(Text::tr("The curl option %1 is not supported.").arg(word));
                    return false;
                }
                QString value;
                if (option->takesValue) {
                    if (++i >= words.size()) {
                        fail(Text::tr("The curl option %1 needs a value.").arg(word));
                        return false;
                    }
                    value = words[i];
                }
                if (!apply(*option, word, value))
                    return false;
                continue;
            }
            // Short options cluster (-sSL) and take their value attached (-XPOST) or as the next word.
            for (qsizetype k = 1; k < word.size(); ++k) {
                const Option* option = findShort(word[k]);
                const QString shown = u'-' + word[k];
                if (!option) {
                    fail(Text::tr("The curl option %1 is not supported.").arg(shown));
                    return false;
                }
                QString value;
                if (option->takesValue) {
                    if (k + 1 < word.size()) {
                        value = word.mid(k + 1);
                    } else if (++i < words.size()) {
                        value = words[i];
                    } else {
                        fail(Text::tr("The curl option %1 needs a value.").arg(shown));
                        return false;
                    }
                }
                if (!apply(*option, shown, value))
                    return false;
                if (option->takesValue)
                    break;
            }
        }
        return true;
    }

    bool url(const QString& word)
    {
        if (!m_url.isEmpty()) {
            fail(Text::tr("The command names more than one address (%1 and %2): paste one request at a time.")
                     .arg(m_url, word));
            return false;
        }
        m_url = word;
        return true;
    }

    bool data(const QString& value, bool fileAllowed, const QString& option)
    {
        if (fileAllowed && value.startsWith(u'@')) {
            if (value == QLatin1String("@-")) {
                fail(Text::tr("%1 @- reads the body from standard input, which a pasted command cannot.")
                         .arg(option));
                return false;
            }
            m_dataFile = value.mid(1);
            note(Text::tr("The body is the file %1, read when the request is sent.").arg(m_dataFile));
        }
        m_data.append(value);
        return true;
    }

    bool apply(const Option& option, const QString& shown, const QString& value)
    {
        switch (option.act) {
        case Act::Method:
            m_method = value.toLatin1();
            break;
        case Act::Url:
            return url(value);
        case Act::Header:
            return header(value, shown);
        case Act::Data:
        case Act::DataBinary:
            return data(value, true, shown);
        case Act::DataRaw:
            return data(value, false, shown);
        case Act::Json:
            m_json = true;
            return data(value, true, shown);
        case Act::DataUrlEncode:
            return dataUrlEncode(value, shown);
        case Act::Form:
            return form(value, true, shown);
        case Act::FormString:
            return form(value, false, shown);
        case Act::User:
            m_user = value;
            m_hasUser = true;
            break;
        case Act::Get:
            m_get = true;
            break;
        case Act::Head:
            m_head = true;
            break;
        case Act::UserAgent:
            m_headers.append({QStringLiteral("User-Agent"), value});
            break;
        case Act::Referer:
            m_headers.append({QStringLiteral("Referer"), value});
            break;
        case Act::Range:
            m_headers.append({QStringLiteral("Range"), QStringLiteral("bytes=") + value});
            break;
        case Act::Cookie:
            if (value.contains(u'='))
                m_headers.append({QStringLiteral("Cookie"), value});
            else
                note(Text::tr("Left out the cookie file %1: only cookies written out are read.").arg(value));
            break;
        case Act::UploadFile:
            m_uploadFile = value;
            break;
        case Act::MaxTime: {
            bool ok = false;
            const double seconds = value.toDouble(&ok);
            if (!ok || seconds < 0) {
                fail(Text::tr("%1 needs a number of seconds, not “%2”.").arg(shown, value));
                return false;
            }
            m_timeoutMs = int(std::lround(seconds * 1000));
            break;
        }
        case Act::MaxRedirs:
            if (value.trimmed() == QLatin1String("0"))
                m_followRedirects = false;
            break;
        case Act::OAuthBearer:
            m_headers.append({QStringLiteral("Authorization"), QStringLiteral("Bearer ") + value});
            break;
        case Act::Location:
            m_followRedirects = true;
            break;
        case Act::Insecure:
            note(Text::tr("%1 (no certificate check) was left out: Tokenscope checks certificates; trust a "
                          "self-signed one in the environment instead.")
                     .arg(shown));
            break;
        case Act::NotImported:
            note(Text::tr("Left out %1 %2: set it up in the environment.").arg(shown, value));
            break;
        case Act::Ignore:
            break;
        case Act::Unsupported:
            fail(Text::tr("The curl option %1 is not supported.").arg(shown));
            return false;
        }
        return true;
    }

    bool header(const QString& value, const QString& shown)
    {
        if (value.startsWith(u'@')) {
            fail(
                Text::tr("%1 %2 reads headers from a file, which is not supported: paste them as -H options.")
                    .arg(shown, value));
            return false;
        }
        const qsizetype colon = value.indexOf(u':');
        if (colon <= 0) {
            if (value.endsWith(u';'))
                m_headers.append({value.chopped(1).trimmed(), QString()});
            else
                note(Text::tr("Left out the header “%1”: it has no colon.").arg(value));
            return true;
        }
        const QString name = value.left(colon).trimmed();
        const QString headerValue = value.mid(colon + 1).trimmed();
        if (!headerValue.isEmpty())
            m_headers.append({name, headerValue});
        return true;
    }

    bool dataUrlEncode(const QString& value, const QString& shown)
    {
        const qsizetype eq = value.indexOf(u'=');
        const qsizetype at = value.indexOf(u'@');
        if (at >= 0 && (eq < 0 || at < eq)) {
            fail(Text::tr("%1 %2 encodes a file, which is not supported: paste the file's content instead.")
                     .arg(shown, value));
            return false;
        }
        if (eq < 0)
            m_data.append(QString::fromLatin1(formEncodeComponent(value)));
        else if (eq == 0)
            m_data.append(QString::fromLatin1(formEncodeComponent(value.mid(1))));
        else
            m_data.append(
                value.left(eq) + u'=' + QString::fromLatin1(formEncodeComponent(value.mid(eq + 1))));
        return true;
    }

    bool form(const QString& value, bool parse, const QString& shown)
    {
        const qsizetype eq = value.indexOf(u'=');
        if (eq <= 0) {
            fail(Text::tr("%1 %2 is not a form field: it should read name=value.").arg(shown, value));
            return false;
        }
        FormField field;
        field.name = value.left(eq);
        field.value = value.mid(eq + 1);
        if (parse)
            field.value = unquoteFormValue(field.value);
        if (parse && (field.value.startsWith(u'@') || field.value.startsWith(u'<'))) {
            if (field.value.startsWith(u'<')) {
                fail(Text::tr("%1 %2 sends a file's content as text, which is not supported: attach it with "
                              "@ instead.")
                         .arg(shown, value));
                return false;
            }
            const QStringList parts = field.value.mid(1).split(u';');
            field.isFile = true;
            field.value = parts.constFirst();
            for (const QString& part : parts.mid(1)) {
                if (part.startsWith(QLatin1String("type=")))
                    field.contentType = part.mid(5);
                else
                    note(Text::tr("Left out “%1” of the form field %2.").arg(part, field.name));
            }
        } else if (parse) {
            const qsizetype type = field.value.lastIndexOf(QLatin1String(";type="));
            if (type >= 0) {
                field.contentType = field.value.mid(type + 6);
                field.value.truncate(type);
            }
        }
        m_form.append(field);
        return true;
    }

    // curl reads name="value" and name=@"path" with the quotes (and \" \\ within) taken off, as Postman
    // writes them; what follows the closing quote (;type=…) stays.
    static QString unquoteFormValue(const QString& value)
    {
        const qsizetype open
            = value.startsWith(QLatin1String("@\"")) || value.startsWith(QLatin1String("<\"")) ? 1
            : value.startsWith(u'"')                                                           ? 0
                                                                                               : -1;
        if (open < 0)
            return value;
        QString out = value.left(open);
        for (qsizetype i = open + 1; i < value.size(); ++i) {
            if (value[i] == u'\\' && i + 1 < value.size()) {
                out += value[++i];
            } else if (value[i] == u'"') {
                return out + value.mid(i + 1);
            } else {
                out += value[i];
            }
        }
        return value;
    }

    bool build();
    void secureSecrets();
    void bodyFromData(HttpRequest& request, const QString& data) const;
    QString secretVariable(const QString& baseName, const QString& value);
    void authorization(HttpRequest& request, qsizetype index);

    const QList<Variable>& m_existing;
    CurlImport m_result;
    QByteArray m_method;
    QString m_url;
    QList<HeaderField> m_headers;
    QStringList m_data;
    QString m_dataFile;
    bool m_json = false;
    QList<FormField> m_form;
    QString m_user;
    bool m_hasUser = false;
    bool m_get = false;
    bool m_head = false;
    QString m_uploadFile;
    int m_timeoutMs = 0;
    bool m_followRedirects = true;
};

} // namespace Tokenscope::Http::CurlDetail
