#include "shellwords.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace Tokenscope::Http {

namespace {

class Text
{
    Q_DECLARE_TR_FUNCTIONS(Tokenscope::Http::ShellWords)
};

bool isNameStart(QChar c)
{
    return (c.isLetter() && c.unicode() < 128) || c == u'_';
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c.isDigit() && c.unicode() < 128);
}

class PosixSplitter final
{
public:
    explicit PosixSplitter(const QString& text)
        : m_text(text)
    { }

    ShellWords run()
    {
        while (m_pos < m_text.size() && m_result.error.isEmpty()) {
            const QChar c = m_text[m_pos];
            if (c == u'\\' && peek(1) == u'\n') {
                m_pos += 2;
            } else if (c == u'\\' && peek(1) == u'\r' && peek(2) == u'\n') {
                m_pos += 3;
            } else if (c == u' ' || c == u'\t' || c == u'\n' || c == u'\r') {
                endWord();
                ++m_pos;
            } else if (c == u'#' && !m_inWord) {
                while (m_pos < m_text.size() && m_text[m_pos] != u'\n')
                    ++m_pos;
            } else if (c == u'|' && peek(1) != u'|') {
                endWord();
                m_result.ignoredTail = m_text.mid(m_pos).trimmed();
                break;
            } else if (c == u';' || c == u'&' || c == u'|' || c == u'<' || c == u'>' || c == u'`') {
                m_result.error = Text::tr("The text holds shell syntax that is not part of a curl command "
                                          "(“%1” at character %2): paste one curl command only.")
                                     .arg(c)
                                     .arg(m_pos + 1);
            } else if (c == u'\'') {
                singleQuoted();
            } else if (c == u'"') {
                doubleQuoted();
            } else if (c == u'$' && peek(1) == u'\'') {
                ++m_pos;
                ansiQuoted();
            } else if (c == u'$') {
                dollar();
            } else if (c == u'\\') {
                if (m_pos + 1 < m_text.size())
                    append(m_text[m_pos + 1]);
                m_pos += 2;
            } else {
                append(c);
                ++m_pos;
            }
        }
        endWord();
        return m_result;
    }

private:
    QChar peek(qsizetype ahead) const
    {
        return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : QChar();
    }

    void append(QChar c)
    {
        m_word += c;
        m_inWord = true;
    }

    void append(const QString& s)
    {
        m_word += s;
        m_inWord = true;
    }

    void endWord()
    {
        if (m_inWord)
            m_result.words.append(m_word);
        m_word.clear();
        m_inWord = false;
    }

    void unterminated(QChar quote)
    {
        m_result.error = Text::tr("A quote (%1) is not closed: the command seems cut short.").arg(quote);
    }

    void singleQuoted()
    {
        const qsizetype end = m_text.indexOf(u'\'', m_pos + 1);
        if (end < 0)
            return unterminated(u'\'');
        append(m_text.mid(m_pos + 1, end - m_pos - 1));
        m_pos = end + 1;
    }

    void doubleQuoted()
    {
        m_inWord = true;
        ++m_pos;
        while (m_pos < m_text.size() && m_result.error.isEmpty()) {
            const QChar c = m_text[m_pos];
            if (c == u'"') {
                ++m_pos;
                return;
            }
            if (c == u'\\' && peek(1) == u'\n') {
                m_pos += 2;
            } else if (c == u'\\' && QStringView(u"$`\"\\").contains(peek(1))) {
                append(peek(1));
                m_pos += 2;
            } else if (c == u'$') {
                dollar();
            } else if (c == u'`') {
                m_result.error = Text::tr("Command substitution (`…`) is not supported: paste the command "
                                          "with its value written out.");
            } else {
                append(c);
                ++m_pos;
            }
        }
        if (m_result.error.isEmpty())
            unterminated(u'"');
    }

    // Bash's ANSI-C quoting, which browsers use for values with control characters or quotes.
    void ansiQuoted()
    {
        m_inWord = true;
        ++m_pos;
        while (m_pos < m_text.size()) {
            const QChar c = m_text[m_pos];
            if (c == u'\'') {
                ++m_pos;
                return;
            }
            if (c != u'\\') {
                append(c);
                ++m_pos;
                continue;
            }
            const QChar e = peek(1);
            m_pos += 2;
            switch (e.unicode()) {
            case 'n':
                append(u'\n');
                break;
            case 'r':
                append(u'\r');
                break;
            case 't':
                append(u'\t');
                break;
            case 'a':
                append(QChar(7));
                break;
            case 'b':
                append(QChar(8));
                break;
            case 'e':
            case 'E':
                append(QChar(27));
                break;
            case 'f':
                append(QChar(12));
                break;
            case 'v':
                append(QChar(11));
                break;
            case 'x':
                hexEscape(2);
                break;
            case 'u':
                hexEscape(4);
                break;
            case 'U':
                hexEscape(8);
                break;
            case '0':
            case '1':
            case '2':
            case '3':
                octalEscape(e);
                break;
            default:
                append(e);
                break;
            }
        }
        unterminated(u'\'');
    }

    void hexEscape(int maxDigits)
    {
        qsizetype n = 0;
        while (n < maxDigits && m_pos + n < m_text.size()
            && QStringView(u"0123456789abcdefABCDEF").contains(m_text[m_pos + n]))
            ++n;
        const uint code = m_text.mid(m_pos, n).toUInt(nullptr, 16);
        m_pos += n;
        const char32_t codePoint = code;
        append(QString::fromUcs4(&codePoint, 1));
    }

    void octalEscape(QChar first)
    {
        uint code = uint(first.unicode() - '0');
        for (int i = 0; i < 2 && m_pos < m_text.size() && m_text[m_pos] >= u'0' && m_text[m_pos] <= u'7'; ++i)
            code = code * 8 + uint(m_text[m_pos++].unicode() - '0');
        append(QChar(char16_t(code)));
    }

    // $NAME and ${NAME} become {{NAME}}; $(…) would run a command, which a paste cannot.
    void dollar()
    {
        const QChar next = peek(1);
        if (next == u'(') {
            m_result.error = Text::tr("Command substitution ($(…)) is not supported: paste the command "
                                      "with its value written out.");
            return;
        }
        qsizetype start = m_pos + 1;
        qsizetype end = start;
        bool braced = false;
        if (next == u'{') {
            braced = true;
            start = end = m_pos + 2;
        }
        if (end < m_text.size() && isNameStart(m_text[end])) {
            while (end < m_text.size() && isNameChar(m_text[end]))
                ++end;
        }
        if (end == start || (braced && (end >= m_text.size() || m_text[end] != u'}'))) {
            append(u'$');
            ++m_pos;
            return;
        }
        const QString name = m_text.mid(start, end - start);
        if (!m_result.variables.contains(name))
            m_result.variables.append(name);
        append(QStringLiteral("{{") + name + QStringLiteral("}}"));
        m_pos = braced ? end + 1 : end;
    }

    const QString& m_text;
    qsizetype m_pos = 0;
    QString m_word;
    bool m_inWord = false;
    ShellWords m_result;
};

// cmd.exe's pass: ^ takes the next character literally outside double quotes, ^ at a line's end joins
// the next line (and takes a second newline literally); a " toggles quoting and is passed on.
QString cmdPass(const QString& text, QString* error)
{
    QString out;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == u'"') {
            quoted = !quoted;
            out += c;
        } else if (c == u'^' && !quoted && i + 1 < text.size()) {
            qsizetype next = i + 1;
            if (text[next] == u'\r' && next + 1 < text.size() && text[next + 1] == u'\n')
                ++next;
            if (text[next] == u'\n') {
                // A continuation; a newline right after it is the escaped character itself.
                qsizetype after = next + 1;
                if (after < text.size() && text[after] == u'\r')
                    ++after;
                if (after < text.size() && text[after] == u'\n') {
                    out += u'\n';
                    next = after;
                }
            } else {
                out += text[next];
            }
            i = next;
        } else if ((c == u'&' || c == u'|' || c == u'<' || c == u'>') && !quoted) {
            *error = Text::tr("The text holds shell syntax that is not part of a curl command "
                              "(“%1” at character %2): paste one curl command only.")
                         .arg(c)
                         .arg(i + 1);
            return {};
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

ShellWords splitPosixWords(const QString& text)
{
    return PosixSplitter(text).run();
}

// The C runtime's rules after cmd.exe: 2n backslashes before " give n and a quote toggle, 2n+1 give n
// and a literal ", other backslashes are literal; "" inside quotes is a literal ".
ShellWords splitCmdWords(const QString& text)
{
    ShellWords result;
    const QString line = cmdPass(text, &result.error);
    if (!result.error.isEmpty())
        return result;
    QString word;
    bool inWord = false;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (c == u'\\') {
            qsizetype n = 0;
            while (i + n < line.size() && line[i + n] == u'\\')
                ++n;
            if (i + n < line.size() && line[i + n] == u'"') {
                word += QString(n / 2, u'\\');
                if (n % 2) {
                    word += u'"';
                    i += n;
                } else {
                    i += n - 1;
                }
            } else {
                word += QString(n, u'\\');
                i += n - 1;
            }
            inWord = true;
        } else if (c == u'"') {
            if (quoted && i + 1 < line.size() && line[i + 1] == u'"') {
                word += u'"';
                ++i;
            } else {
                quoted = !quoted;
            }
            inWord = true;
        } else if (!quoted && (c == u' ' || c == u'\t' || c == u'\n' || c == u'\r')) {
            if (inWord)
                result.words.append(word);
            word.clear();
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (quoted) {
        result.error = Text::tr("A quote (%1) is not closed: the command seems cut short.").arg(u'"');
        return result;
    }
    if (inWord)
        result.words.append(word);
    return result;
}

bool looksLikeCmd(const QString& text)
{
    static const QRegularExpression continuation(QStringLiteral(R"(\^\r?\n)"));
    if (text.contains(continuation) || text.contains(QLatin1String("^\"")))
        return true;
    // One line in cmd's quoting: a " inside quotes doubled ("{""a"":1}"), which sh would read as two
    // quoted strings run together. sh's own marks (\-newline, a word in '…', \", $) say it is not cmd.
    static const QRegularExpression doubled(QStringLiteral(R"(\S""\S)"));
    static const QRegularExpression posix(QStringLiteral(R"(\\\r?\n|(^|\s)'|\\"|\$)"));
    return text.contains(doubled) && !text.contains(posix);
}

} // namespace Tokenscope::Http
