#include "curlcommand.h"

#include <QTest>

using namespace Tokenscope::Http;

// In a file of its own: moc misreads the quotes inside these raw strings.
void addRealWorldCurlRows();

namespace {

using Style = RequestAuth::Style;

QStringList headerLines(const QList<HeaderField>& headers)
{
    QStringList lines;
    for (const HeaderField& h : headers)
        lines.append(h.name + QStringLiteral(": ") + h.value);
    return lines;
}

QStringList formLines(const QList<FormField>& fields)
{
    QStringList lines;
    for (const FormField& f : fields)
        lines.append(f.name + (f.isFile ? QStringLiteral("=@") : QStringLiteral("=")) + f.value
            + (f.contentType.isEmpty() ? QString() : QStringLiteral(";type=") + f.contentType));
    return lines;
}

QStringList secretLines(const QList<Variable>& variables)
{
    QStringList lines;
    for (const Variable& v : variables) {
        if (v.secret)
            lines.append(v.name + u'=' + v.value);
    }
    return lines;
}

HttpRequest request(const char* method, const QString& url)
{
    HttpRequest r;
    r.method = method;
    r.url = url;
    r.auth.style = Style::None;
    r.attachAccessToken = false;
    return r;
}

} // namespace

class TestCurlCommand final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importsRealWorldCommands_data() { addRealWorldCurlRows(); }

    void importsRealWorldCommands()
    {
        QFETCH(QString, command);
        const CurlImport result = parseCurlCommand(command);
        QVERIFY2(result.ok(), qPrintable(result.error.toText()));
        QVERIFY(looksLikeCurlCommand(command));
        const HttpRequest& r = result.request;
        QTEST(r.method, "method");
        QTEST(r.url, "url");
        QTEST(headerLines(r.headers), "headers");
        QTEST(int(r.bodyKind), "bodyKind");
        QTEST(r.bodyKind == BodyKind::BinaryFile ? r.bodyFilePath.toUtf8() : r.body, "body");
        QTEST(r.rawType, "rawType");
        QTEST(formLines(r.formFields), "form");
        QTEST(int(r.auth.style), "authStyle");
        QTEST(r.auth.style == Style::Basic ? r.auth.username + u':' + r.auth.password : r.auth.variable,
            "authDetail");
        QTEST(secretLines(result.secretVariables), "secrets");
        // Nothing secret stays in the request itself.
        for (const Variable& secret : result.secretVariables) {
            QVERIFY(!r.url.contains(secret.value));
            QVERIFY(!headerLines(r.headers).join(u'\n').contains(secret.value));
            QVERIFY(!formLines(r.formFields).join(u'\n').contains(secret.value));
        }
    }

    void refusesWithTheReason_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("named");
        QTest::newRow("not curl") << QStringLiteral("wget https://example.com") << QStringLiteral("curl");
        QTest::newRow("unclosed quote")
            << QStringLiteral("curl 'https://example.com") << QStringLiteral("not closed");
        QTest::newRow("unknown option")
            << QStringLiteral("curl --frobnicate https://example.com") << QStringLiteral("--frobnicate");
        QTest::newRow("digest auth") << QStringLiteral("curl --digest -u a:b https://example.com")
                                     << QStringLiteral("--digest");
        QTest::newRow("command substitution") << QStringLiteral(
            R"X(curl -H "Authorization: Bearer $(gcloud auth print-access-token)" https://x.test)X")
                                              << QStringLiteral("$(…)");
        QTest::newRow("two commands")
            << QStringLiteral("curl https://a.test && curl https://b.test") << QStringLiteral("“&”");
        QTest::newRow("no address") << QStringLiteral("curl -X POST") << QStringLiteral("no address");
        QTest::newRow("body from stdin")
            << QStringLiteral("curl -d @- https://x.test") << QStringLiteral("@-");
        QTest::newRow("form and data")
            << QStringLiteral("curl -F a=b -d c=d https://x.test") << QStringLiteral("-F");
        QTest::newRow("option without value")
            << QStringLiteral("curl https://x.test -H") << QStringLiteral("-H");
    }

    void refusesWithTheReason()
    {
        QFETCH(QString, command);
        QFETCH(QString, named);
        const CurlImport result = parseCurlCommand(command);
        QVERIFY(!result.ok());
        QVERIFY2(result.error.toText().contains(named), qPrintable(result.error.toText()));
        QCOMPARE(result.request, HttpRequest());
    }

    void roundTrips_data()
    {
        QTest::addColumn<HttpRequest>("original");
        HttpRequest get = request("GET", QStringLiteral("https://api.example.com/items?q=a%20b&x=it's"));
        get.headers = {{QStringLiteral("Accept"), QStringLiteral("application/json")},
            {QStringLiteral("X-Note"), QStringLiteral("say \"hi\" $HOME `x`")}};
        QTest::newRow("GET with quotes in a header") << get;
        HttpRequest json = request("PATCH", QStringLiteral("https://api.example.com/items/1"));
        json.body = "{\n  \"name\": \"O'Brien\"\n}";
        json.rawType = QStringLiteral("json");
        json.timeoutMs = 2500;
        json.followRedirects = false;
        json.auth.style = Style::Inherit;
        json.attachAccessToken = true;
        QTest::newRow("PATCH JSON, environment token, timeout, no redirects") << json;
        HttpRequest form = request("POST", QStringLiteral("https://id.example.com/token"));
        form.bodyKind = BodyKind::FormUrlEncoded;
        form.formFields
            = {{QStringLiteral("grant_type"), QStringLiteral("client_credentials"), false, {}, true},
                {QStringLiteral("scope"), QStringLiteral("read write"), false, {}, true},
                {QStringLiteral("client_secret"), QStringLiteral("{{clientSecret}}"), false, {}, true}};
        form.auth.style = Style::Basic;
        form.auth.username = QStringLiteral("app");
        form.auth.password = QStringLiteral("{{appPassword}}");
        QTest::newRow("form with secret variables, basic auth") << form;
        HttpRequest multipart = request("POST", QStringLiteral("https://files.example.com/upload"));
        multipart.bodyKind = BodyKind::Multipart;
        multipart.formFields = {{QStringLiteral("title"), QStringLiteral("a;b=c"), false, {}, true},
            {QStringLiteral("file"), QStringLiteral("/tmp/a b.pdf"), true,
                QStringLiteral("application/pdf")}};
        multipart.auth.style = Style::BearerFromVariable;
        multipart.auth.variable = QStringLiteral("apiToken");
        QTest::newRow("multipart, bearer from a variable") << multipart;
        HttpRequest custom
            = request("DELETE", QStringLiteral("https://myorganizer.example.com/api/v1/items/9"));
        custom.auth.style = Style::CustomHeader;
        custom.auth.headerName = QStringLiteral("X-Access-Token");
        custom.auth.prefix = QStringLiteral("Token ");
        QTest::newRow("custom token header") << custom;
        HttpRequest query = request("GET", QStringLiteral("https://legacy.example.com/api?x=1"));
        query.auth.style = Style::QueryParameter;
        query.auth.parameterName = QStringLiteral("access_token");
        QTest::newRow("token as query parameter") << query;
        HttpRequest file = request("PUT", QStringLiteral("https://files.example.com/blob"));
        file.bodyKind = BodyKind::BinaryFile;
        file.bodyFilePath = QStringLiteral("/home/ann/blob.bin");
        QTest::newRow("binary file") << file;
    }

    void roundTrips()
    {
        QFETCH(HttpRequest, original);
        const QList<Variable> variables
            = {{QStringLiteral("clientSecret"), QStringLiteral("cs-VALUE"), true, true},
                {QStringLiteral("appPassword"), QStringLiteral("pw-VALUE"), true, true},
                {QStringLiteral("apiToken"), QStringLiteral("tok-VALUE"), true, true}};
        const QString command = curlCommand(original, variables, false);
        QVERIFY2(!command.contains(QLatin1String("-VALUE")), qPrintable(command));
        const CurlImport back = parseCurlCommand(command);
        QVERIFY2(back.ok(), qPrintable(back.error.toText() + u'\n' + command));
        QVERIFY2(back.secretVariables.isEmpty(), qPrintable(command));
        QCOMPARE(headerLines(back.request.headers), headerLines(original.headers));
        QCOMPARE(formLines(back.request.formFields), formLines(original.formFields));
        QVERIFY2(back.request == original, qPrintable(command));
    }

    void masksSecretsTypedInClear_data()
    {
        QTest::addColumn<HttpRequest>("original");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("masked");
        HttpRequest bearer = request("GET", QStringLiteral("https://api.example.com/me"));
        bearer.headers = {{QStringLiteral("Authorization"), QStringLiteral("Bearer lit-TOKEN-1")}};
        QTest::newRow("Authorization header") << bearer << QStringLiteral("lit-TOKEN-1")
                                              << QStringLiteral("Authorization: Bearer ${AUTHORIZATION}");
        HttpRequest proxy = request("GET", QStringLiteral("https://api.example.com/me"));
        proxy.headers = {{QStringLiteral("Proxy-Authorization"), QStringLiteral("Basic cHJveHk6cHc=")}};
        QTest::newRow("Proxy-Authorization header")
            << proxy << QStringLiteral("cHJveHk6cHc=")
            << QStringLiteral("Proxy-Authorization: Basic ${PROXY_AUTHORIZATION}");
        HttpRequest cookie = request("GET", QStringLiteral("https://app.example.com/"));
        cookie.headers = {{QStringLiteral("Cookie"), QStringLiteral("sid=lit-SESSION; theme=dark")}};
        QTest::newRow("Cookie header")
            << cookie << QStringLiteral("lit-SESSION") << QStringLiteral("Cookie: ${COOKIE}");
        HttpRequest apiKey = request("GET", QStringLiteral("https://api.example.com/items"));
        apiKey.headers = {{QStringLiteral("X-Api-Key"), QStringLiteral("lit-KEY")},
            {QStringLiteral("Accept"), QStringLiteral("application/json")}};
        QTest::newRow("X-Api-Key header")
            << apiKey << QStringLiteral("lit-KEY") << QStringLiteral("X-Api-Key: ${X_API_KEY}");
        HttpRequest session = request("GET", QStringLiteral("https://api.example.com/items"));
        session.headers = {{QStringLiteral("X-Session-Id"), QStringLiteral("lit-SID")}};
        QTest::newRow("header named like a session")
            << session << QStringLiteral("lit-SID") << QStringLiteral("X-Session-Id: ${X_SESSION_ID}");
        HttpRequest basic = request("GET", QStringLiteral("https://api.example.com/me"));
        basic.auth.style = Style::Basic;
        basic.auth.username = QStringLiteral("ann");
        basic.auth.password = QStringLiteral("lit-PASSWORD");
        QTest::newRow("basic-auth password")
            << basic << QStringLiteral("lit-PASSWORD") << QStringLiteral("-u \"ann:${PASSWORD}\"");
        HttpRequest form = request("POST", QStringLiteral("https://id.example.com/token"));
        form.bodyKind = BodyKind::FormUrlEncoded;
        form.formFields
            = {{QStringLiteral("grant_type"), QStringLiteral("client_credentials"), false, {}, true},
                {QStringLiteral("client_secret"), QStringLiteral("lit-CLIENT"), false, {}, true}};
        QTest::newRow("form client_secret")
            << form << QStringLiteral("lit-CLIENT") << QStringLiteral("client_secret=${CLIENT_SECRET}");
        HttpRequest password = request("POST", QStringLiteral("https://id.example.com/login"));
        password.bodyKind = BodyKind::Multipart;
        password.formFields = {{QStringLiteral("user"), QStringLiteral("ann"), false, {}, true},
            {QStringLiteral("password"), QStringLiteral("lit-PW"), false, {}, true}};
        QTest::newRow("multipart password") << password << QStringLiteral("lit-PW")
                                            << QStringLiteral("--form-string \"password=${PASSWORD}\"");
        HttpRequest typed = request("POST", QStringLiteral("https://id.example.com/token"));
        typed.bodyKind = BodyKind::Multipart;
        typed.formFields = {{QStringLiteral("client_secret"), QStringLiteral("lit-TYPED"), false,
            QStringLiteral("text/plain"), true}};
        QTest::newRow("multipart client_secret with a content type")
            << typed << QStringLiteral("lit-TYPED")
            << QStringLiteral("-F \"client_secret=${CLIENT_SECRET};type=text/plain\"");
        QTest::newRow("URL user-info password")
            << request("GET", QStringLiteral("https://ann:lit-P4SS@api.example.com/me?x=1"))
            << QStringLiteral("lit-P4SS")
            << QStringLiteral("\"https://ann:${PASSWORD}@api.example.com/me?x=1\"");
        QTest::newRow("URL user-info password, no query")
            << request("GET", QStringLiteral("https://ann:lit-P5SS@api.example.com/a@b#f"))
            << QStringLiteral("lit-P5SS")
            << QStringLiteral("\"https://ann:${PASSWORD}@api.example.com/a@b#f\"");
        HttpRequest token = request("POST", QStringLiteral("https://id.example.com/revoke"));
        token.bodyKind = BodyKind::FormUrlEncoded;
        token.formFields = {{QStringLiteral("token"), QStringLiteral("lit-REVOKE"), false, {}, true}};
        QTest::newRow("form token") << token << QStringLiteral("lit-REVOKE")
                                    << QStringLiteral("token=${TOKEN}");
        QTest::newRow("query access_token")
            << request("GET", QStringLiteral("https://legacy.example.com/api?x=1&access_token=lit-AT&y=2"))
            << QStringLiteral("lit-AT")
            << QStringLiteral("\"https://legacy.example.com/api?x=1&access_token=${ACCESS_TOKEN_2}&y=2\"");
        QTest::newRow("query api_key")
            << request("GET", QStringLiteral("https://maps.example.com/geo?api_key=lit-MAPS#top"))
            << QStringLiteral("lit-MAPS")
            << QStringLiteral("\"https://maps.example.com/geo?api_key=${API_KEY}#top\"");
        QTest::newRow("query code") << request(
            "GET", QStringLiteral("https://app.example.com/cb?code=lit-CODE&state=s1"))
                                    << QStringLiteral("lit-CODE") << QStringLiteral("?code=${CODE}&state=s1");
    }

    void masksSecretsTypedInClear()
    {
        QFETCH(HttpRequest, original);
        QFETCH(QString, secret);
        QFETCH(QString, masked);
        const QString command = curlCommand(original, {}, false);
        QVERIFY2(!command.contains(secret), qPrintable(command));
        QVERIFY2(command.contains(masked), qPrintable(command));
        QVERIFY2(command.startsWith(QLatin1String("# ")), qPrintable(command));
        const qsizetype open = masked.indexOf(QLatin1String("${"));
        const QString name = masked.mid(open + 2, masked.indexOf(u'}', open) - open - 2);
        QVERIFY2(command.section(u'\n', 0, 0).contains(u'$' + name), qPrintable(command));
        // The variable, set to the secret, gives the request back.
        const CurlImport back
            = parseCurlCommand(QString(command).replace(QStringLiteral("${") + name + u'}', secret));
        QVERIFY2(back.ok(), qPrintable(back.error.toText()));
        const QString revealed = curlCommand(original, {}, true);
        QVERIFY2(revealed.contains(secret), qPrintable(revealed));
        QVERIFY2(!revealed.startsWith(u'#'), qPrintable(revealed));
    }

    // A URL without a password typed in clear is written as it is (a {{variable}} expanded).
    void urlUserInfoWithoutLiteralPassword_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("written");
        QTest::newRow("user only") << QStringLiteral("https://ann@api.example.com/me")
                                   << QStringLiteral("'https://ann@api.example.com/me'");
        QTest::newRow("empty password") << QStringLiteral("https://ann:@api.example.com/me")
                                        << QStringLiteral("'https://ann:@api.example.com/me'");
        QTest::newRow("@ in the path") << QStringLiteral("https://api.example.com:8443/users/a:b@c")
                                       << QStringLiteral("'https://api.example.com:8443/users/a:b@c'");
        QTest::newRow("@ in the query") << QStringLiteral("https://api.example.com/q?mail=a:b@c.example")
                                        << QStringLiteral("'https://api.example.com/q?mail=a:b@c.example'");
        QTest::newRow("port, no user-info")
            << QStringLiteral("http://127.0.0.1:8080/x") << QStringLiteral("'http://127.0.0.1:8080/x'");
        QTest::newRow("secret variable as password")
            << QStringLiteral("https://ann:{{pw}}@api.example.com/me")
            << QStringLiteral("\"https://ann:${pw}@api.example.com/me\"");
    }

    void urlUserInfoWithoutLiteralPassword()
    {
        QFETCH(QString, url);
        QFETCH(QString, written);
        const QList<Variable> variables = {{QStringLiteral("pw"), QStringLiteral("var-PW"), true, true}};
        const QString command = curlCommand(request("GET", url), variables, false);
        QVERIFY2(command.contains(u' ' + written), qPrintable(command));
        QVERIFY2(!command.contains(QLatin1String("PASSWORD")), qPrintable(command));
        QVERIFY2(!command.contains(QLatin1String("var-PW")), qPrintable(command));
    }

    void masksTheSameLiteralOnceAndKeepsNamesApart()
    {
        HttpRequest r = request("POST", QStringLiteral("https://id.example.com/token?client_secret=lit-CS"));
        r.headers = {{QStringLiteral("X-Api-Key"), QStringLiteral("lit-A")},
            {QStringLiteral("X-Api-Key"), QStringLiteral("lit-B")},
            {QStringLiteral("Authorization"), QStringLiteral("Bearer {{apiToken}}")}};
        r.bodyKind = BodyKind::FormUrlEncoded;
        r.formFields = {{QStringLiteral("client_secret"), QStringLiteral("lit-CS"), false, {}, true}};
        const QList<Variable> variables = {{QStringLiteral("apiToken"), QStringLiteral("tok-V"), true, true},
            {QStringLiteral("X_API_KEY"), QStringLiteral("not-secret"), true, false}};
        const QString command = curlCommand(r, variables, false);
        for (const char* secret : {"lit-A", "lit-B", "lit-CS", "tok-V"})
            QVERIFY2(!command.contains(QLatin1String(secret)), qPrintable(command));
        QVERIFY2(command.contains(QLatin1String("X-Api-Key: ${X_API_KEY_2}")), qPrintable(command));
        QVERIFY2(command.contains(QLatin1String("X-Api-Key: ${X_API_KEY_3}")), qPrintable(command));
        QVERIFY2(command.contains(QLatin1String("Authorization: Bearer ${apiToken}")), qPrintable(command));
        QCOMPARE(command.count(QLatin1String("${CLIENT_SECRET}")), 2);
        QVERIFY2(!command.contains(QLatin1String("CLIENT_SECRET_2")), qPrintable(command));
    }

    void turnsGlobbingOffForBracketsAndBraces_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("globoff");
        QTest::newRow("plain") << QStringLiteral("https://api.example.com/items?page=2") << false;
        QTest::newRow("brackets in the query")
            << QStringLiteral("https://api.example.com/items?filter[status]=open") << true;
        QTest::newRow("braces in the path") << QStringLiteral("https://api.example.com/{id}") << true;
        QTest::newRow("unknown variable stays as braces")
            << QStringLiteral("https://api.example.com/{{unknown}}/x") << true;
        QTest::newRow("known variable expanded") << QStringLiteral("https://{{host}}/x") << false;
        QTest::newRow("IPv6 literal") << QStringLiteral("http://[::1]:8080/x") << true;
    }

    void turnsGlobbingOffForBracketsAndBraces()
    {
        QFETCH(QString, url);
        QFETCH(bool, globoff);
        const QString command = curlCommand(request("GET", url),
            {{QStringLiteral("host"), QStringLiteral("api.example.com"), true, false}}, false);
        QCOMPARE(command.section(u'\n', 0, 0).startsWith(QLatin1String("curl -g ")), globoff);
        const CurlImport back = parseCurlCommand(command);
        QVERIFY2(back.ok(), qPrintable(back.error.toText()));
        QCOMPARE(back.request.url,
            QString(url).replace(QLatin1String("{{host}}"), QLatin1String("api.example.com")));
    }

    void revealsSecretsOnlyWhenAsked()
    {
        HttpRequest r = request("GET", QStringLiteral("https://api.example.com/me"));
        r.auth.style = Style::Inherit;
        r.attachAccessToken = true;
        r.headers = {{QStringLiteral("X-Api-Key"), QStringLiteral("{{key}}")},
            {QStringLiteral("X-Tenant"), QStringLiteral("{{tenant}}")}};
        const QList<Variable> variables = {{QStringLiteral("key"), QStringLiteral("k-123"), true, true},
            {QStringLiteral("tenant"), QStringLiteral("acme"), true, false}};
        const QString masked = curlCommand(r, variables, false, QStringLiteral("at-456"));
        QVERIFY(!masked.contains(QLatin1String("k-123")));
        QVERIFY(!masked.contains(QLatin1String("at-456")));
        QVERIFY(masked.contains(QLatin1String("X-Tenant: acme")));
        QVERIFY(masked.contains(QLatin1String("${key}")));
        QVERIFY(masked.contains(QLatin1String("${ACCESS_TOKEN}")));
        QVERIFY(masked.startsWith(u'#'));
        const QString revealed = curlCommand(r, variables, true, QStringLiteral("at-456"));
        QVERIFY(revealed.contains(QLatin1String("X-Api-Key: k-123")));
        QVERIFY(revealed.contains(QLatin1String("Authorization: Bearer at-456")));
        QVERIFY(!revealed.startsWith(u'#'));
    }
};

QTEST_GUILESS_MAIN(TestCurlCommand)
#include "tst_curlcommand.moc"
