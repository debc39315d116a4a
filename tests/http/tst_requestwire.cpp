#include "accesstokenprovider.h"
#include "flowlog.h"
#include "networkclient.h"
#include "redaction.h"
#include "requestsender.h"
#include "scriptedserver.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <optional>

using namespace Tokenscope;
using Tests::ScriptedServer;
using Style = Http::RequestAuth::Style;

Q_DECLARE_METATYPE(Tokenscope::Http::HttpRequest)
Q_DECLARE_METATYPE(Tokenscope::Http::RequestAuth)

namespace {

class FixedToken final : public Http::AccessTokenProvider
{
public:
    void withAccessToken(QObject* context, Handler handler) override
    {
        ++asked;
        QTimer::singleShot(0, context, [handler = std::move(handler)] {
            handler({QStringLiteral("Bearer"), QStringLiteral("at-1")}, {});
        });
    }
    void rejectAccessToken(const Token&) override { }

    int asked = 0;
};

struct Outcome
{
    Http::HttpResponse response;
    Error error;
};

Http::RequestAuth authOf(Style style)
{
    Http::RequestAuth auth;
    auth.style = style;
    return auth;
}

Http::FormField text(const QString& name, const QString& value, bool enabled = true)
{
    return {name, value, false, {}, enabled};
}

} // namespace

// What a composed request puts on the wire, as a local server receives it: the body kinds (RFC 7578
// multipart, urlencoded forms, files), the ways of carrying a credential, timeouts, redirects, cancel.
class TestRequestWire final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_textFile;
    QString m_binaryFile;

    std::optional<Outcome> send(const Http::HttpRequest& request, const QList<Http::Variable>& variables = {},
        Http::AccessTokenProvider* tokens = nullptr)
    {
        Http::NetworkClient network;
        Http::RequestSender sender(&network);
        std::optional<Outcome> outcome;
        sender.send(
            request, variables, tokens, this, [&outcome](const Http::HttpResponse& r, const Error& e) {
                outcome = Outcome {r, e};
            });
        if (!QTest::qWaitFor([&outcome] { return outcome.has_value(); }, 10000))
            return std::nullopt;
        return outcome;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_textFile = m_dir.filePath(QStringLiteral("notes.txt"));
        m_binaryFile = m_dir.filePath(QStringLiteral("blob.bin"));
        QFile textFile(m_textFile);
        QVERIFY(textFile.open(QIODevice::WriteOnly));
        textFile.write("line one\r\nline two\n");
        textFile.close();
        QFile binary(m_binaryFile);
        QVERIFY(binary.open(QIODevice::WriteOnly));
        binary.write(QByteArray("\x00\x01\xff\r\n--not-a-boundary\r\n", 23));
        binary.close();
    }

    void bodyOnTheWire_data()
    {
        QTest::addColumn<Http::HttpRequest>("request");
        QTest::addColumn<QByteArray>("contentType"); // "{b}" stands for the multipart boundary
        QTest::addColumn<QByteArray>("body");

        Http::HttpRequest base;
        base.method = "POST";
        base.attachAccessToken = false;

        Http::HttpRequest json = base;
        json.body = R"({"name":"{{name}}"})";
        json.rawType = QStringLiteral("json");
        QTest::newRow("raw-json-with-application-json-and-variables-expanded")
            << json << QByteArray("application/json") << QByteArray(R"({"name":"Ada"})");
        Http::HttpRequest xml = base;
        xml.body = "<a/>";
        xml.rawType = QStringLiteral("xml");
        QTest::newRow("raw-xml-with-application-xml")
            << xml << QByteArray("application/xml") << QByteArray("<a/>");
        Http::HttpRequest plain = base;
        plain.body = "hello";
        plain.rawType = QStringLiteral("text");
        QTest::newRow("raw-text-with-text-plain")
            << plain << QByteArray("text/plain; charset=utf-8") << QByteArray("hello");
        Http::HttpRequest typed = json;
        typed.headers = {{QStringLiteral("Content-Type"), QStringLiteral("application/vnd.api+json"), true}};
        QTest::newRow("raw-typed-content-type-header-wins")
            << typed << QByteArray("application/vnd.api+json") << QByteArray(R"({"name":"Ada"})");
        Http::HttpRequest none = json;
        none.bodyKind = Http::BodyKind::None;
        QTest::newRow("none-sends-no-body-though-raw-text-is-kept") << none << QByteArray() << QByteArray();

        Http::HttpRequest form = base;
        form.bodyKind = Http::BodyKind::FormUrlEncoded;
        form.formFields = {text(QStringLiteral("q"), QStringLiteral("a+b c&d")),
            text(QStringLiteral("off"), QStringLiteral("x"), false),
            text(QStringLiteral("who"), QStringLiteral("{{name}}"))};
        QTest::newRow("form-urlencoded-strict-encoding-disabled-row-left-out")
            << form << QByteArray("application/x-www-form-urlencoded")
            << QByteArray("q=a%2Bb%20c%26d&who=Ada");

        Http::HttpRequest multipart = base;
        multipart.bodyKind = Http::BodyKind::Multipart;
        multipart.formFields = {text(QStringLiteral("title"), QStringLiteral("{{name}}")),
            {QStringLiteral("doc"), m_textFile, true, {}, true},
            {QStringLiteral("blob"), m_binaryFile, true, QStringLiteral("image/x-test"), true},
            text(QStringLiteral("off"), QStringLiteral("x"), false)};
        QTest::newRow("multipart-text-and-files-streamed-with-their-types")
            << multipart << QByteArray("multipart/form-data; boundary={b}")
            << QByteArray("--{b}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nAda\r\n"
                          "--{b}\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"notes.txt\"\r\n"
                          "Content-Type: text/plain\r\n\r\nline one\r\nline two\n\r\n"
                          "--{b}\r\nContent-Disposition: form-data; name=\"blob\"; filename=\"blob.bin\"\r\n"
                          "Content-Type: image/x-test\r\n\r\n"
                   + QByteArray("\x00\x01\xff\r\n--not-a-boundary\r\n", 23) + "\r\n--{b}--\r\n");
        Http::HttpRequest quoted = base;
        quoted.bodyKind = Http::BodyKind::Multipart;
        quoted.formFields = {text(QStringLiteral("a\"b\r\nX-Evil: 1"), QStringLiteral("v"))};
        QTest::newRow("multipart-quote-and-line-break-in-name-escaped")
            << quoted << QByteArray("multipart/form-data; boundary={b}")
            << QByteArray(
                   "--{b}\r\nContent-Disposition: form-data; name=\"a%22b%0D%0AX-Evil: 1\"\r\n\r\nv\r\n"
                   "--{b}--\r\n");
        Http::HttpRequest typedMultipart = multipart;
        typedMultipart.formFields = {text(QStringLiteral("k"), QStringLiteral("v"))};
        typedMultipart.headers
            = {{QStringLiteral("Content-Type"), QStringLiteral("multipart/form-data"), true}};
        QTest::newRow("multipart-boundary-replaces-a-typed-content-type")
            << typedMultipart << QByteArray("multipart/form-data; boundary={b}")
            << QByteArray("--{b}\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nv\r\n--{b}--\r\n");

        Http::HttpRequest binary = base;
        binary.bodyKind = Http::BodyKind::BinaryFile;
        binary.bodyFilePath = m_binaryFile;
        QTest::newRow("binary-file-as-octet-stream")
            << binary << QByteArray("application/octet-stream")
            << QByteArray("\x00\x01\xff\r\n--not-a-boundary\r\n", 23);
        Http::HttpRequest typedBinary = binary;
        typedBinary.method = "PUT";
        typedBinary.headers = {{QStringLiteral("Content-Type"), QStringLiteral("image/png"), true}};
        QTest::newRow("binary-file-typed-content-type-wins")
            << typedBinary << QByteArray("image/png")
            << QByteArray("\x00\x01\xff\r\n--not-a-boundary\r\n", 23);
    }

    void bodyOnTheWire()
    {
        QFETCH(Http::HttpRequest, request);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(Tests::reply(200, "{}"));
        request.url = server.url(QStringLiteral("/upload")).toString();
        const auto outcome = send(request, {{QStringLiteral("name"), QStringLiteral("Ada")}});
        QVERIFY(outcome);
        QVERIFY2(outcome->error.isNull(), qPrintable(outcome->error.summary + outcome->error.detail));
        QCOMPARE(server.requests().size(), 1);
        const ScriptedServer::Request& received = server.requests().constFirst();
        QCOMPARE(received.method, request.method);
        const QByteArray sentType = received.headers.value("content-type");
        const QByteArray boundary = sentType.mid(sentType.indexOf("boundary=") + 9);
        if (contentType.contains("{b}")) {
            QVERIFY(boundary.size() >= 27 && boundary.size() <= 70); // RFC 2046 §5.1.1
            contentType.replace("{b}", boundary);
            body.replace("{b}", boundary);
        }
        QCOMPARE(sentType, contentType);
        QCOMPARE(received.body, body);
        QCOMPARE(received.headers.value("content-length").toLongLong(), qint64(body.size()));
    }

    void authOnTheWire_data()
    {
        QTest::addColumn<Http::RequestAuth>("auth");
        QTest::addColumn<bool>("attachAccessToken");
        QTest::addColumn<QByteArray>("headerName"); // lower case
        QTest::addColumn<QByteArray>("headerValue"); // empty: the header is absent
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<int>("tokenAsked");

        QTest::newRow("inherit-sends-the-token-as-bearer")
            << authOf(Style::Inherit) << true << QByteArray("authorization") << QByteArray("Bearer at-1")
            << QByteArray("/api?x=1") << 1;
        QTest::newRow("inherit-with-token-off-sends-none")
            << authOf(Style::Inherit) << false << QByteArray("authorization") << QByteArray()
            << QByteArray("/api?x=1") << 0;
        QTest::newRow("bearer-header-even-with-token-off")
            << authOf(Style::BearerHeader) << false << QByteArray("authorization")
            << QByteArray("Bearer at-1") << QByteArray("/api?x=1") << 1;
        Http::RequestAuth custom = authOf(Style::CustomHeader);
        custom.headerName = QStringLiteral("X-Access-Token");
        QTest::newRow("custom-header-without-prefix") << custom << true << QByteArray("x-access-token")
                                                      << QByteArray("at-1") << QByteArray("/api?x=1") << 1;
        custom.headerName = QStringLiteral("Authorization");
        custom.prefix = QStringLiteral("Token ");
        QTest::newRow("authorization-header-with-another-scheme")
            << custom << true << QByteArray("authorization") << QByteArray("Token at-1")
            << QByteArray("/api?x=1") << 1;
        Http::RequestAuth query = authOf(Style::QueryParameter);
        query.parameterName = QStringLiteral("access token");
        QTest::newRow("query-parameter-appended-and-encoded")
            << query << true << QByteArray("authorization") << QByteArray()
            << QByteArray("/api?x=1&access%20token=at-1") << 1;
        QTest::newRow("none-sends-no-token-and-fetches-none")
            << authOf(Style::None) << true << QByteArray("authorization") << QByteArray()
            << QByteArray("/api?x=1") << 0;
        Http::RequestAuth basic = authOf(Style::Basic);
        basic.username = QStringLiteral("{{user}}");
        basic.password = QStringLiteral("{{password}}");
        QTest::newRow("basic-with-variables-expanded-utf8-rfc7617")
            << basic << true << QByteArray("authorization")
            << "Basic " + QStringLiteral("zoë:p@ss:wörd").toUtf8().toBase64() << QByteArray("/api?x=1") << 0;
        Http::RequestAuth fromVariable = authOf(Style::BearerFromVariable);
        fromVariable.variable = QStringLiteral("serviceToken");
        QTest::newRow("bearer-from-a-variable") << fromVariable << true << QByteArray("authorization")
                                                << QByteArray("Bearer st-9") << QByteArray("/api?x=1") << 0;
        fromVariable.variable = QStringLiteral("{{serviceToken}}");
        QTest::newRow("bearer-from-a-variable-written-in-braces")
            << fromVariable << true << QByteArray("authorization") << QByteArray("Bearer st-9")
            << QByteArray("/api?x=1") << 0;
    }

    void authOnTheWire()
    {
        QFETCH(Http::RequestAuth, auth);
        QFETCH(bool, attachAccessToken);
        QFETCH(QByteArray, headerName);
        QFETCH(QByteArray, headerValue);
        QFETCH(QByteArray, target);
        QFETCH(int, tokenAsked);
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(Tests::reply(200, "{}"));
        Http::HttpRequest request;
        request.url = server.url(QStringLiteral("/api")).toString() + QStringLiteral("?x=1");
        request.attachAccessToken = attachAccessToken;
        request.auth = auth;
        FixedToken tokens;
        const QList<Http::Variable> variables {{QStringLiteral("user"), QStringLiteral("zoë"), true, false},
            {QStringLiteral("password"), QStringLiteral("p@ss:wörd"), true, true},
            {QStringLiteral("serviceToken"), QStringLiteral("st-9"), true, true}};
        const auto outcome = send(request, variables, &tokens);
        QVERIFY(outcome);
        QVERIFY2(outcome->error.isNull(), qPrintable(outcome->error.summary + outcome->error.detail));
        QCOMPARE(server.requests().size(), 1);
        QCOMPARE(server.requests().constFirst().headers.value(headerName), headerValue);
        QCOMPARE(server.requests().constFirst().target, target);
        QCOMPARE(tokens.asked, tokenAsked);
    }

    // Refused before anything leaves: a literal {{x}} is never sent, nor a credential over plain http to a
    // host that is not this computer (RFC 6750 §5.3, RFC 7617 §4).
    void refusedBeforeSending_data()
    {
        QTest::addColumn<Http::HttpRequest>("request");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("named"); // in the error's detail

        Http::HttpRequest base;
        base.url = QStringLiteral("http://127.0.0.1:9/api");
        base.attachAccessToken = false;
        Http::HttpRequest url = base;
        url.url = QStringLiteral("http://127.0.0.1:9/{{tenant}}/{{missing}}");
        QTest::newRow("unknown-variables-in-url-named") << url << "undefined_variables"
                                                        << "tenant, missing";
        Http::HttpRequest password = base;
        password.auth = authOf(Style::Basic);
        password.auth.username = QStringLiteral("u");
        password.auth.password = QStringLiteral("{{secretPassword}}");
        QTest::newRow("unknown-variable-in-basic-password-named") << password << "undefined_variables"
                                                                  << "secretPassword";
        Http::HttpRequest variableToken = base;
        variableToken.auth = authOf(Style::BearerFromVariable);
        variableToken.auth.variable = QStringLiteral("nope");
        QTest::newRow("unknown-token-variable-named") << variableToken << "undefined_variables"
                                                      << "nope";
        Http::HttpRequest form = base;
        form.bodyKind = Http::BodyKind::Multipart;
        form.formFields = {{QStringLiteral("f"), QStringLiteral("{{dir}}/a.txt"), true, {}, true}};
        QTest::newRow("unknown-variable-in-file-path-named") << form << "undefined_variables"
                                                             << "dir";
        Http::HttpRequest missingFile = base;
        missingFile.bodyKind = Http::BodyKind::BinaryFile;
        missingFile.bodyFilePath = QStringLiteral("/nonexistent/upload.bin");
        QTest::newRow("missing-file-named") << missingFile << QString() << "/nonexistent/upload.bin";
        Http::HttpRequest pathVariable = base;
        pathVariable.url = QStringLiteral("http://127.0.0.1:9/patients/:id/visits/:visit");
        pathVariable.pathVariables = {{QStringLiteral("id"), QStringLiteral("p-1")}};
        QTest::newRow("path-variable-without-value-named") << pathVariable << "undefined_variables"
                                                           << ":visit";

        Http::HttpRequest remote = base;
        remote.url = QStringLiteral("http://api.example.com/v1");
        Http::HttpRequest basic = remote;
        basic.auth = authOf(Style::Basic);
        basic.auth.username = QStringLiteral("u");
        basic.auth.password = QStringLiteral("p");
        QTest::newRow("basic-over-plain-http-refused") << basic << "plain_http_refused"
                                                       << "api.example.com";
        Http::HttpRequest query = remote;
        query.auth = authOf(Style::QueryParameter);
        query.auth.parameterName = QStringLiteral("access_token");
        QTest::newRow("query-parameter-token-over-plain-http-refused") << query << "plain_http_refused"
                                                                       << "api.example.com";
        Http::HttpRequest custom = remote;
        custom.auth = authOf(Style::CustomHeader);
        custom.auth.headerName = QStringLiteral("X-Token");
        QTest::newRow("custom-header-token-over-plain-http-refused") << custom << "plain_http_refused"
                                                                     << "api.example.com";
        Http::HttpRequest secretForm = remote;
        secretForm.bodyKind = Http::BodyKind::FormUrlEncoded;
        secretForm.formFields = {text(QStringLiteral("key"), QStringLiteral("{{apiKey}}"))};
        QTest::newRow("secret-variable-in-form-over-plain-http-refused") << secretForm << "plain_http_refused"
                                                                         << "api.example.com";
        Http::HttpRequest secretPath = remote;
        secretPath.url = QStringLiteral("http://api.example.com/keys/:key");
        secretPath.pathVariables = {{QStringLiteral("key"), QStringLiteral("{{apiKey}}")}};
        QTest::newRow("secret-variable-in-path-over-plain-http-refused") << secretPath << "plain_http_refused"
                                                                         << "api.example.com";
        Http::HttpRequest secretQuery = remote;
        secretQuery.url = QStringLiteral("http://api.example.com/v1/maps?q=x&api_key={{apiKey}}");
        QTest::newRow("secret-variable-in-query-over-plain-http-refused")
            << secretQuery << "plain_http_refused"
            << "api.example.com";
    }

    // Path variables (`:name` segments) take their values, with {{variables}} expanded, as one segment.
    void pathVariablesOnTheWire()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(Tests::reply(200, "{}"));
        Http::HttpRequest request;
        request.attachAccessToken = false;
        request.url = server.url(QStringLiteral("/patients/:id/visits/:visit")).toString()
            + QStringLiteral("?at=:id");
        request.pathVariables = {{QStringLiteral("id"), QStringLiteral("{{patient}}")},
            {QStringLiteral("visit"), QStringLiteral("2024/05 #1")}};
        const auto outcome = send(request, {{QStringLiteral("patient"), QStringLiteral("p-1001")}});
        QVERIFY(outcome);
        QVERIFY2(outcome->error.isNull(), qPrintable(outcome->error.summary + outcome->error.detail));
        QCOMPARE(server.requests().size(), 1);
        QCOMPARE(server.requests().constFirst().target,
            QByteArray("/patients/p-1001/visits/2024%2F05%20%231?at=:id"));
    }

    void refusedBeforeSending()
    {
        QFETCH(Http::HttpRequest, request);
        QFETCH(QString, code);
        QFETCH(QString, named);
        FixedToken tokens;
        const auto outcome
            = send(request, {{QStringLiteral("apiKey"), QStringLiteral("k"), true, true}}, &tokens);
        QVERIFY(outcome);
        QVERIFY(!outcome->error.isNull());
        QCOMPARE(outcome->error.code, code);
        QVERIFY2(outcome->error.detail.contains(named), qPrintable(outcome->error.detail));
        QCOMPARE(tokens.asked, 0);
    }

    void redirects_data()
    {
        QTest::addColumn<bool>("follow");
        QTest::addColumn<Http::RequestAuth>("auth");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("reachedSecond");
        QTest::newRow("follow-redirects-on") << true << authOf(Style::None) << 200 << true;
        QTest::newRow("follow-redirects-off-shows-the-302") << false << authOf(Style::None) << 302 << false;
        Http::RequestAuth custom = authOf(Style::CustomHeader);
        custom.headerName = QStringLiteral("X-Tenant");
        QTest::newRow("token-in-custom-header-not-carried-cross-origin") << true << custom << 302 << false;
    }

    void redirects()
    {
        QFETCH(bool, follow);
        QFETCH(Http::RequestAuth, auth);
        QFETCH(int, status);
        QFETCH(bool, reachedSecond);
        ScriptedServer first;
        ScriptedServer second;
        QVERIFY(first.start());
        QVERIFY(second.start());
        first.enqueue(Tests::reply(
            302, {}, "text/plain", {{"Location", second.url(QStringLiteral("/landing")).toEncoded()}}));
        second.enqueue(Tests::reply(200, "{}"));
        Http::HttpRequest request;
        request.url = first.url(QStringLiteral("/start")).toString();
        request.followRedirects = follow;
        request.auth = auth;
        FixedToken tokens;
        const auto outcome = send(request, {}, &tokens);
        QVERIFY(outcome);
        QCOMPARE(outcome->response.status, status);
        QCOMPARE(first.requests().size(), 1);
        QCOMPARE(!second.requests().isEmpty(), reachedSecond);
    }

    // The Request tab of the response shows the request as it went on the wire: the headers Qt adds
    // (Host, Content-Length, Accept-Encoding, …) too, secrets masked.
    void requestAsSentIsWhatWentOnTheWire_data()
    {
        QTest::addColumn<Http::HttpRequest>("request");
        Http::HttpRequest base;
        base.attachAccessToken = false;
        base.auth = authOf(Style::None);
        QTest::newRow("GET without a body") << base;
        Http::HttpRequest token = base;
        token.auth = authOf(Style::BearerHeader);
        token.headers = {{QStringLiteral("X-Api-Key"), QStringLiteral("{{apiKey}}")},
            {QStringLiteral("Accept"), QStringLiteral("application/json")}};
        QTest::newRow("GET with the token and a secret header") << token;
        Http::HttpRequest json = base;
        json.method = "POST";
        json.body = R"({"a":1})";
        json.rawType = QStringLiteral("json");
        QTest::newRow("POST JSON") << json;
        Http::HttpRequest untyped = base;
        untyped.method = "POST";
        untyped.body = "a=1";
        QTest::newRow("POST without a content type") << untyped;
        Http::HttpRequest empty = base;
        empty.method = "POST";
        QTest::newRow("POST without a body") << empty;
        Http::HttpRequest form = base;
        form.method = "POST";
        form.bodyKind = Http::BodyKind::FormUrlEncoded;
        form.formFields = {text(QStringLiteral("client_secret"), QStringLiteral("{{apiKey}}"))};
        QTest::newRow("POST form with a secret") << form;
        Http::HttpRequest file = base;
        file.method = "PUT";
        file.bodyKind = Http::BodyKind::BinaryFile;
        file.bodyFilePath = m_binaryFile;
        QTest::newRow("PUT a file") << file;
        Http::HttpRequest own = base;
        own.method = "DELETE";
        own.headers = {{QStringLiteral("Accept-Language"), QStringLiteral("nl")},
            {QStringLiteral("Connection"), QStringLiteral("close")},
            {QStringLiteral("User-Agent"), QStringLiteral("probe/1")}};
        QTest::newRow("DELETE with headers Qt would otherwise add") << own;
    }

    void requestAsSentIsWhatWentOnTheWire()
    {
        QFETCH(Http::HttpRequest, request);
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(Tests::reply(200, "{}"));
        request.url = server.url(QStringLiteral("/wire")).toString();
        Http::FlowLog log;
        Http::NetworkClient network;
        network.setFlowLog(&log);
        Http::RequestSender sender(&network);
        FixedToken tokens;
        std::optional<Outcome> outcome;
        sender.send(request, {{QStringLiteral("apiKey"), QStringLiteral("k-SECRET-9"), true, true}}, &tokens,
            this, [&outcome](const Http::HttpResponse& r, const Error& e) {
                outcome = Outcome {r, e};
            });
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
        QVERIFY2(outcome->error.isNull(), qPrintable(outcome->error.summary + outcome->error.detail));
        QCOMPARE(server.requests().size(), 1);
        const QHash<QByteArray, QByteArray>& received = server.requests().constFirst().headers;
        QHash<QByteArray, QByteArray> shown;
        for (const auto& [name, value] : outcome->response.sent.headers)
            shown.insert(name.toLower(), value);
        QStringList receivedNames;
        for (const QByteArray& name : received.keys())
            receivedNames.append(QString::fromLatin1(name));
        QStringList shownNames;
        for (const QByteArray& name : shown.keys())
            shownNames.append(QString::fromLatin1(name));
        receivedNames.sort();
        shownNames.sort();
        QVERIFY2(shownNames == receivedNames,
            qPrintable(shownNames.join(u',') + QStringLiteral(" != ") + receivedNames.join(u',')));
        for (auto it = shown.cbegin(); it != shown.cend(); ++it) {
            QVERIFY2(
                !it.value().contains("k-SECRET-9") && !it.value().contains("at-1"), it.value().constData());
            if (!Http::Redaction::isSecretHeaderName(it.key()))
                QCOMPARE(it.value(), received.value(it.key()));
        }
    }

    // A token the server echoes into a redirect's Location, under a name that says nothing, is masked in
    // the hops as in everything else recorded: by its registered value.
    void redirectHopsMaskedByRegisteredValue()
    {
        const QByteArray secret = "echoed-SECRET-4711";
        ScriptedServer server;
        QVERIFY(server.start());
        server.enqueue(
            Tests::reply(302, {}, "text/plain", {{"Location", "/next?session_ref=" + secret + "&x=1"}}));
        server.enqueue(
            Tests::reply(302, {}, "text/plain", {{"Location", "/final?access_token=plain-named"}}));
        server.enqueue(Tests::reply(200, "{}"));
        Http::FlowLog log;
        log.registerSecret(QString::fromLatin1(secret));
        Http::NetworkClient network;
        network.setFlowLog(&log);
        Http::RequestSender sender(&network);
        Http::HttpRequest request;
        request.url = server.url(QStringLiteral("/start")).toString();
        request.attachAccessToken = false;
        request.auth = authOf(Style::None);
        std::optional<Outcome> outcome;
        sender.send(request, {}, nullptr, this, [&outcome](const Http::HttpResponse& r, const Error& e) {
            outcome = Outcome {r, e};
        });
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
        QCOMPARE(outcome->response.status, 200);
        QCOMPARE(server.requests().size(), 3);
        QCOMPARE(server.requests().at(1).target, "/next?session_ref=" + secret + "&x=1");
        const QList<Http::RedirectHop>& hops = outcome->response.redirects;
        QCOMPARE(hops.size(), 2);
        QCOMPARE(hops.at(0).url.path(), QStringLiteral("/start"));
        QCOMPARE(hops.at(1).url.path(), QStringLiteral("/next"));
        const QByteArray second = hops.at(1).url.toEncoded();
        QVERIFY2(!second.contains(secret), second.constData());
        QVERIFY2(second.contains("session_ref="), second.constData());
        QVERIFY2(second.contains("&x=1"), second.constData());
        for (const Http::RedirectHop& hop : hops)
            QVERIFY(!hop.url.toEncoded().contains(secret));
    }

    // A body that carries a secret variable is a credential: a 307 to another origin would resend it.
    void secretBodyNotCarriedAcrossOrigins()
    {
        ScriptedServer first;
        ScriptedServer second;
        QVERIFY(first.start());
        QVERIFY(second.start());
        first.enqueue(Tests::reply(
            307, {}, "text/plain", {{"Location", second.url(QStringLiteral("/landing")).toEncoded()}}));
        second.enqueue(Tests::reply(200, "{}"));
        Http::HttpRequest request;
        request.method = "POST";
        request.url = first.url(QStringLiteral("/start")).toString();
        request.attachAccessToken = false;
        request.auth = authOf(Style::None);
        request.bodyKind = Http::BodyKind::FormUrlEncoded;
        request.formFields = {text(QStringLiteral("client_secret"), QStringLiteral("{{cs}}"))};
        const auto outcome = send(request, {{QStringLiteral("cs"), QStringLiteral("s3cr3t"), true, true}});
        QVERIFY(outcome);
        QCOMPARE(outcome->response.status, 307);
        QCOMPARE(first.requests().size(), 1);
        QVERIFY(second.requests().isEmpty());
    }

    void perRequestTimeout()
    {
        ScriptedServer server;
        QVERIFY(server.start());
        ScriptedServer::Reply silent;
        silent.neverAnswer = true;
        server.enqueue(silent);
        Http::HttpRequest request;
        request.url = server.url(QStringLiteral("/slow")).toString();
        request.attachAccessToken = false;
        request.timeoutMs = 300;
        QElapsedTimer timer;
        timer.start();
        const auto outcome = send(request);
        QVERIFY(outcome);
        QVERIFY(outcome->response.timedOut);
        QVERIFY(!outcome->response.cancelled);
        QVERIFY(timer.elapsed() < 9000); // the client's default would be 30 s
    }

    void cancelWhileWaiting_data()
    {
        QTest::addColumn<bool>("beforeTheToken");
        QTest::newRow("cancel-while-the-server-is-silent") << false;
        QTest::newRow("cancel-before-the-token-arrives-sends-nothing") << true;
    }

    void cancelWhileWaiting()
    {
        QFETCH(bool, beforeTheToken);
        ScriptedServer server;
        QVERIFY(server.start());
        ScriptedServer::Reply silent;
        silent.neverAnswer = true;
        server.enqueue(silent);
        Http::NetworkClient network;
        Http::RequestSender sender(&network);
        FixedToken tokens;
        Http::HttpRequest request;
        request.url = server.url(QStringLiteral("/slow")).toString();
        int calls = 0;
        std::optional<Outcome> outcome;
        const quint64 id = sender.send(
            request, {}, &tokens, this, [&outcome, &calls](const Http::HttpResponse& r, const Error& e) {
                ++calls;
                outcome = Outcome {r, e};
            });
        if (!beforeTheToken) {
            QSignalSpy received(&server, &ScriptedServer::requestReceived);
            QVERIFY(received.wait(10000));
        }
        sender.cancel(id);
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 10000);
        QCOMPARE(outcome->error.code, QStringLiteral("cancelled"));
        QVERIFY(outcome->response.cancelled);
        QVERIFY(!outcome->response.timedOut);
        QCOMPARE(server.requests().size(), beforeTheToken ? 0 : 1);
        QCOMPARE(calls, 1);
    }
};

QTEST_GUILESS_MAIN(TestRequestWire)
#include "tst_requestwire.moc"
