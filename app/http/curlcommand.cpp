#include "curlcommand.h"

#include "curlimporter.h"
#include "redaction.h"

namespace Tokenscope::Http {

namespace CurlDetail {

// The options of curl 7.88 that requests pasted from browsers, Postman and API documentation use.
constexpr Option options[] = {
    {"request", 'X', true, Act::Method},
    {"url", 0, true, Act::Url},
    {"header", 'H', true, Act::Header},
    {"data", 'd', true, Act::Data},
    {"data-ascii", 0, true, Act::Data},
    {"data-raw", 0, true, Act::DataRaw},
    {"data-binary", 0, true, Act::DataBinary},
    {"data-urlencode", 0, true, Act::DataUrlEncode},
    {"json", 0, true, Act::Json},
    {"form", 'F', true, Act::Form},
    {"form-string", 0, true, Act::FormString},
    {"user", 'u', true, Act::User},
    {"get", 'G', false, Act::Get},
    {"head", 'I', false, Act::Head},
    {"user-agent", 'A', true, Act::UserAgent},
    {"referer", 'e', true, Act::Referer},
    {"cookie", 'b', true, Act::Cookie},
    {"upload-file", 'T', true, Act::UploadFile},
    {"max-time", 'm', true, Act::MaxTime},
    {"max-redirs", 0, true, Act::MaxRedirs},
    {"oauth2-bearer", 0, true, Act::OAuthBearer},
    {"range", 'r', true, Act::Range},
    {"location", 'L', false, Act::Location},
    {"location-trusted", 0, false, Act::Location},
    {"insecure", 'k', false, Act::Insecure},
    {"output", 'o', true, Act::Ignore},
    {"cookie-jar", 'c', true, Act::Ignore},
    {"connect-timeout", 0, true, Act::Ignore},
    {"write-out", 'w', true, Act::Ignore},
    {"retry", 0, true, Act::Ignore},
    {"retry-delay", 0, true, Act::Ignore},
    {"retry-max-time", 0, true, Act::Ignore},
    {"limit-rate", 0, true, Act::Ignore},
    {"dump-header", 'D', true, Act::Ignore},
    {"trace", 0, true, Act::Ignore},
    {"trace-ascii", 0, true, Act::Ignore},
    {"stderr", 0, true, Act::Ignore},
    {"keepalive-time", 0, true, Act::Ignore},
    {"expect100-timeout", 0, true, Act::Ignore},
    {"proxy", 'x', true, Act::NotImported},
    {"cacert", 0, true, Act::NotImported},
    {"capath", 0, true, Act::NotImported},
    {"cert", 'E', true, Act::NotImported},
    {"key", 0, true, Act::NotImported},
    {"cert-type", 0, true, Act::NotImported},
    {"key-type", 0, true, Act::NotImported},
    {"resolve", 0, true, Act::NotImported},
    {"connect-to", 0, true, Act::NotImported},
    {"interface", 0, true, Act::NotImported},
    {"silent", 's', false, Act::Ignore},
    {"show-error", 'S', false, Act::Ignore},
    {"verbose", 'v', false, Act::Ignore},
    {"include", 'i', false, Act::Ignore},
    {"compressed", 0, false, Act::Ignore},
    {"fail", 'f', false, Act::Ignore},
    {"fail-with-body", 0, false, Act::Ignore},
    {"http1.0", '0', false, Act::Ignore},
    {"http1.1", 0, false, Act::Ignore},
    {"http2", 0, false, Act::Ignore},
    {"http2-prior-knowledge", 0, false, Act::Ignore},
    {"globoff", 'g', false, Act::Ignore},
    {"no-buffer", 'N', false, Act::Ignore},
    {"progress-bar", '#', false, Act::Ignore},
    {"no-progress-meter", 0, false, Act::Ignore},
    {"tlsv1", '1', false, Act::Ignore},
    {"tlsv1.2", 0, false, Act::Ignore},
    {"tlsv1.3", 0, false, Act::Ignore},
    {"ipv4", '4', false, Act::Ignore},
    {"ipv6", '6', false, Act::Ignore},
    {"basic", 0, false, Act::Ignore},
    {"remote-name", 'O', false, Act::Ignore},
    {"remote-header-name", 'J', false, Act::Ignore},
    {"path-as-is", 0, false, Act::Ignore},
    {"tcp-nodelay", 0, false, Act::Ignore},
    {"no-keepalive", 0, false, Act::Ignore},
    {"raw", 0, false, Act::Ignore},
    {"ssl-no-revoke", 0, false, Act::Ignore},
    {"no-alpn", 0, false, Act::Ignore},
    {"styled-output", 0, false, Act::Ignore},
    {"digest", 0, false, Act::Unsupported},
    {"ntlm", 0, false, Act::Unsupported},
    {"negotiate", 0, false, Act::Unsupported},
    {"anyauth", 0, false, Act::Unsupported},
    {"aws-sigv4", 0, true, Act::Unsupported},
    {"config", 'K', true, Act::Unsupported},
    {"netrc", 'n', false, Act::Unsupported},
    {"next", ':', false, Act::Unsupported},
};

const Option* findLong(QStringView name)
{
    for (const Option& o : options) {
        if (name == QLatin1String(o.longName))
            return &o;
    }
    return nullptr;
}

const Option* findShort(QChar c)
{
    for (const Option& o : options) {
        if (o.shortName && c == QLatin1Char(o.shortName))
            return &o;
    }
    return nullptr;
}

// Documentation writes "YOUR_TOKEN", "<token>", "{access_token}" where the caller's token goes: the
// environment's own token is meant.
bool isPlaceholderToken(const QString& token)
{
    static const QRegularExpression pattern(QStringLiteral(
        R"(^(<[^>]*>|\{[^{}]*\}|\[[^\]]*\]|[A-Z_]*(TOKEN|KEY)[A-Z_]*|(?i)your[_\- ].*|\.\.\.|…|xxx+)$)"));
    return pattern.match(token).hasMatch();
}

namespace {

bool sameName(const QString& a, const char* b)
{
    return a.compare(QLatin1String(b), Qt::CaseInsensitive) == 0;
}

qsizetype headerIndex(const QList<HeaderField>& headers, const char* name)
{
    for (qsizetype i = 0; i < headers.size(); ++i) {
        if (sameName(headers[i].name, name))
            return i;
    }
    return -1;
}

// "X-Api-Key" → "XApiKey", "access_token" → "AccessToken".
QString camelName(const QString& name)
{
    QString out;
    bool upper = true;
    for (const QChar c : name) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128)) {
            upper = true;
            continue;
        }
        out += upper ? c.toUpper() : c;
        upper = false;
    }
    return out.isEmpty() ? QStringLiteral("Secret") : out;
}

} // namespace

bool Importer::build()
{
    if (m_url.isEmpty()) {
        fail(Text::tr("The command names no address to send the request to."));
        return false;
    }
    if (!m_form.isEmpty() && !m_data.isEmpty()) {
        fail(Text::tr("The command has both form fields (-F) and data (-d): curl cannot send both either."));
        return false;
    }
    HttpRequest& request = m_result.request;
    request.url = m_url;
    if (!m_url.contains(QLatin1String("://")) && !m_url.startsWith(QLatin1String("{{"))) {
        request.url = QStringLiteral("http://") + m_url;
        note(Text::tr("The address has no scheme; curl reads it as http://, and so does this request."));
    }
    request.headers = m_headers;
    request.timeoutMs = m_timeoutMs;
    request.followRedirects = m_followRedirects;
    request.bodyKind = BodyKind::Raw;
    request.auth.style = RequestAuth::Style::None;
    request.attachAccessToken = false;

    const QString data = m_data.join(m_json ? QString() : QStringLiteral("&"));
    if (m_get && !m_data.isEmpty()) {
        if (!m_dataFile.isEmpty()) {
            fail(Text::tr("-G puts the data into the address, which a file's content cannot go into here."));
            return false;
        }
        request.url += (request.url.contains(u'?') ? u'&' : u'?') + data;
    }
    const bool hasBody = (!m_data.isEmpty() && !m_get) || !m_form.isEmpty() || !m_uploadFile.isEmpty();
    if (!m_method.isEmpty())
        request.method = m_method;
    else if (m_head)
        request.method = "HEAD";
    else if (!m_uploadFile.isEmpty())
        request.method = "PUT";
    else
        request.method = hasBody ? "POST" : "GET";

    if (!m_uploadFile.isEmpty()) {
        request.bodyKind = BodyKind::BinaryFile;
        request.bodyFilePath = m_uploadFile;
    } else if (!m_form.isEmpty()) {
        request.bodyKind = BodyKind::Multipart;
        request.formFields = m_form;
    } else if (!m_data.isEmpty() && !m_get) {
        if (!m_dataFile.isEmpty() && m_data.size() > 1) {
            fail(Text::tr("The body would join the file %1 with other data, which is not supported.")
                     .arg(m_dataFile));
            return false;
        }
        if (!m_dataFile.isEmpty()) {
            request.bodyKind = BodyKind::BinaryFile;
            request.bodyFilePath = m_dataFile;
        }
        bodyFromData(request, data);
    }
    for (qsizetype i = 0; i < request.headers.size(); ++i) {
        if (sameName(request.headers[i].name, "Authorization")) {
            authorization(request, i);
            break;
        }
    }
    if (m_hasUser) {
        const qsizetype colon = m_user.indexOf(u':');
        request.auth = {};
        request.auth.style = RequestAuth::Style::Basic;
        request.auth.username = m_user.left(colon);
        request.auth.password = colon < 0 ? QString() : m_user.mid(colon + 1);
        if (colon < 0)
            note(Text::tr("curl would ask for the password of %1: fill it in under Authorization.")
                     .arg(request.auth.username));
    }
    return true;
}

// curl sends -d as application/x-www-form-urlencoded unless a Content-Type says otherwise.
void Importer::bodyFromData(HttpRequest& request, const QString& data) const
{
    const qsizetype typeIndex = headerIndex(request.headers, "Content-Type");
    const QString type = typeIndex < 0 ? QString() : request.headers[typeIndex].value.trimmed().toLower();
    if (m_json) {
        if (headerIndex(request.headers, "Accept") < 0)
            request.headers.append({QStringLiteral("Accept"), QStringLiteral("application/json")});
        if (typeIndex < 0 && request.bodyKind == BodyKind::Raw)
            request.rawType = QStringLiteral("json");
        else if (typeIndex < 0)
            request.headers.append({QStringLiteral("Content-Type"), QStringLiteral("application/json")});
    }
    if (request.bodyKind == BodyKind::BinaryFile) {
        if (typeIndex < 0 && !m_json)
            request.headers.append(
                {QStringLiteral("Content-Type"), QStringLiteral("application/x-www-form-urlencoded")});
        return;
    }
    request.body = data.toUtf8();
    static const QList<QPair<const char*, const char*>> rawTypes = {{"application/json", "json"},
        {"application/xml", "xml"}, {"text/xml", "xml"}, {"text/plain", "text"}};
    for (const auto& [mime, raw] : rawTypes) {
        if (type == QLatin1String(mime)) {
            request.rawType = QLatin1String(raw);
            request.headers.removeAt(typeIndex);
            return;
        }
    }
    if (m_json || (!type.isEmpty() && type != QLatin1String("application/x-www-form-urlencoded")))
        return;
    // A form that reads back to the same bytes goes into the form table; anything else stays as typed.
    const FormFields fields = formDecode(request.body);
    if (!fields.isEmpty() && formEncode(fields) == request.body && !data.contains(QLatin1String("{{"))) {
        request.bodyKind = BodyKind::FormUrlEncoded;
        request.body.clear();
        for (const auto& [name, value] : fields)
            request.formFields.append({name, value, false, {}, true});
        if (typeIndex >= 0)
            request.headers.removeAt(typeIndex);
    } else if (typeIndex < 0) {
        request.headers.append(
            {QStringLiteral("Content-Type"), QStringLiteral("application/x-www-form-urlencoded")});
    }
}

QString Importer::secretVariable(const QString& baseName, const QString& value)
{
    // The same secret, pasted before or in this command, is referred to by the name it already has.
    for (const QList<Variable>* variables :
        std::array<const QList<Variable>*, 2> {&m_result.secretVariables, &m_existing}) {
        const auto same = std::find_if(variables->cbegin(), variables->cend(),
            [&](const Variable& v) { return v.secret && v.value == value && !v.name.isEmpty(); });
        if (same != variables->cend())
            return same->name;
    }
    QString name = QStringLiteral("pasted") + baseName;
    const QString stem = name;
    const auto taken = [&](const QString& candidate) {
        const auto named = [&](const Variable& v) { return v.name == candidate; };
        return std::any_of(m_result.secretVariables.cbegin(), m_result.secretVariables.cend(), named)
            || std::any_of(m_existing.cbegin(), m_existing.cend(), named);
    };
    for (int n = 2; taken(name); ++n)
        name = stem + QString::number(n);
    m_result.secretVariables.append({name, value, true, true});
    return name;
}

void Importer::authorization(HttpRequest& request, qsizetype index)
{
    const QString value = request.headers[index].value;
    const qsizetype space = value.indexOf(u' ');
    const QString scheme = value.left(space);
    const QString credential = space < 0 ? QString() : value.mid(space + 1).trimmed();
    QString variable;
    if (sameName(scheme, "Bearer") && !credential.isEmpty()) {
        request.headers.removeAt(index);
        if ((isVariableOnly(credential, &variable) && variable == QLatin1String("ACCESS_TOKEN"))
            || isPlaceholderToken(credential)) {
            request.auth.style = RequestAuth::Style::Inherit;
            request.attachAccessToken = true;
            if (variable.isEmpty())
                note(Text::tr("“%1” reads as a placeholder: the environment's access token is sent instead.")
                         .arg(credential));
            return;
        }
        request.auth.style = RequestAuth::Style::BearerFromVariable;
        if (isVariableOnly(credential, &variable)) {
            request.auth.variable = variable;
        } else {
            request.auth.variable = secretVariable(QStringLiteral("Token"), credential);
            note(Text::tr("The bearer token is kept as the secret variable %1, in the keychain only.")
                     .arg(request.auth.variable));
        }
    } else if (sameName(scheme, "Basic") && !credential.isEmpty()) {
        const QByteArray decoded = QByteArray::fromBase64(credential.toLatin1());
        const qsizetype colon = decoded.indexOf(':');
        if (colon < 0)
            return;
        request.headers.removeAt(index);
        m_hasUser = true;
        m_user = QString::fromUtf8(decoded);
    }
}

// Literal secrets go to the keychain: the request refers to them as {{variables}}.
void Importer::secureSecrets()
{
    HttpRequest& request = m_result.request;
    if (request.auth.style == RequestAuth::Style::Basic && !request.auth.password.isEmpty()
        && !isVariableOnly(request.auth.password)) {
        request.auth.password = QStringLiteral("{{")
            + secretVariable(QStringLiteral("Password"), request.auth.password) + QStringLiteral("}}");
    }
    // An API key as the user name with no password (-u sk_test_…:), as payment APIs document it.
    if (request.auth.style == RequestAuth::Style::Basic && request.auth.password.isEmpty()
        && m_user.endsWith(u':') && !isVariableOnly(request.auth.username)) {
        request.auth.username = QStringLiteral("{{")
            + secretVariable(QStringLiteral("Username"), request.auth.username) + QStringLiteral("}}");
    }
    for (HeaderField& header : request.headers) {
        if (header.value.endsWith(QLatin1String("{{ACCESS_TOKEN}}"))
            && request.auth.style == RequestAuth::Style::None) {
            request.auth.style = RequestAuth::Style::CustomHeader;
            request.auth.headerName = header.name;
            request.auth.prefix = header.value.chopped(16);
            header.name.clear();
        } else if (Redaction::isSecretHeaderName(header.name.toLatin1()) && !isVariableOnly(header.value)) {
            const QString name = secretVariable(camelName(header.name), header.value);
            header.value = QStringLiteral("{{") + name + QStringLiteral("}}");
        }
    }
    request.headers.removeIf([](const HeaderField& h) { return h.name.isEmpty(); });
    for (FormField& field : request.formFields) {
        if (!field.isFile && Redaction::isSecretName(field.name) && !isVariableOnly(field.value))
            field.value = QStringLiteral("{{") + secretVariable(camelName(field.name), field.value)
                + QStringLiteral("}}");
    }
    // Query parameters: the text between = and & is kept as written (still percent-encoded).
    const qsizetype query = request.url.indexOf(u'?');
    if (query >= 0) {
        const qsizetype fragment = request.url.indexOf(u'#', query);
        const QString tail = fragment < 0 ? QString() : request.url.mid(fragment);
        QStringList pairs = request.url.mid(query + 1, fragment < 0 ? -1 : fragment - query - 1).split(u'&');
        for (qsizetype i = 0; i < pairs.size(); ++i) {
            const qsizetype eq = pairs[i].indexOf(u'=');
            if (eq <= 0)
                continue;
            const QString name = pairs[i].left(eq);
            const QString value = pairs[i].mid(eq + 1);
            if (value == QLatin1String("{{ACCESS_TOKEN}}")
                && request.auth.style == RequestAuth::Style::None) {
                request.auth.style = RequestAuth::Style::QueryParameter;
                request.auth.parameterName = name;
                pairs.removeAt(i--);
            } else if (Redaction::isSecretName(name) && !value.isEmpty() && !isVariableOnly(value)) {
                pairs[i] = name + QStringLiteral("={{") + secretVariable(camelName(name), value)
                    + QStringLiteral("}}");
            }
        }
        request.url
            = request.url.left(query) + (pairs.isEmpty() ? QString() : u'?' + pairs.join(u'&')) + tail;
    }
    // Secret members of a JSON or form body typed as raw text.
    if (request.bodyKind == BodyKind::Raw && !request.body.isEmpty()) {
        const QStringList values = Redaction::secretFieldValues(request.body, {}, 1);
        for (const QString& value : values) {
            if (isVariableOnly(value))
                continue;
            const QString name = secretVariable(QStringLiteral("Secret"), value);
            request.body.replace(value.toUtf8(), QStringLiteral("{{%1}}").arg(name).toUtf8());
        }
    }
    if (!m_result.secretVariables.isEmpty() && request.auth.style != RequestAuth::Style::BearerFromVariable)
        note(Text::tr("The secrets of the command are kept as secret variables, in the keychain only."));
}

} // namespace CurlDetail

bool looksLikeCurlCommand(const QString& text)
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\s*(\$\s+)?curl(\.exe)?\s)"));
    return pattern.match(text).hasMatch();
}

CurlImport parseCurlCommand(const QString& command, const QList<Variable>& existing)
{
    return CurlDetail::Importer(existing).run(command);
}

} // namespace Tokenscope::Http
