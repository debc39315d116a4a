#include "endpointanswer.h"
#include "oauthharness.h"

#include <QJsonObject>
#include <QTest>

using namespace Tokenscope;
using namespace Tokenscope::OAuth;
using Tokenscope::Tests::httpResponse;
using Problem = EndpointAnswer::Problem;

Q_DECLARE_METATYPE(Tokenscope::Http::HttpResponse)
Q_DECLARE_METATYPE(Tokenscope::OAuth::Endpoint)
Q_DECLARE_METATYPE(Tokenscope::OAuth::EndpointAnswer::Problem)
Q_DECLARE_METATYPE(Tokenscope::OAuth::ClientAuthentication)

namespace {

Http::HttpResponse transportFailure(const QString& errorString)
{
    Http::HttpResponse r;
    r.errorString = errorString;
    return r;
}

const QByteArray certificateDigest(32, '\xab');
// As browsers show it, written out here rather than computed by the code under test.
QString certificateFingerprint()
{
    return QStringList(32, QStringLiteral("AB")).join(QLatin1Char(':'));
}

const QByteArray loginPage = "<!DOCTYPE html>\n<html>\n  <body>Sign in</body>\n</html>";
const QString loginPageExcerpt = QStringLiteral("<!DOCTYPE html> <html> <body>Sign in</body> </html>");

// What each endpoint says on each rung of the ladder, in this order; empty where the rung does not
// apply to it (a revocation's 2xx body means nothing; a key set or metadata has no OAuth error object).
const QList<Problem> rungs {Problem::Timeout, Problem::TooLarge, Problem::UntrustedCertificate,
    Problem::Network, Problem::Redirect, Problem::ProviderError, Problem::HtmlErrorPage, Problem::HttpError,
    Problem::EmptyBody, Problem::HtmlBody, Problem::NotJson, Problem::NotAnObject};

struct Kind
{
    const char* name;
    Endpoint endpoint;
    QStringList summaries; // by rung, as in rungs
};

QList<Kind> kinds()
{
    const auto endpoint = [](const QString& the, const QString& name) {
        return QStringList {
            the + QStringLiteral(" did not answer in time"),
            the + QStringLiteral(" sent an oversized response"),
            the + QStringLiteral("'s certificate is not trusted"),
            QStringLiteral("Could not reach ") + name,
            the + QStringLiteral(" answered with a redirect (HTTP 302)"),
            the + QStringLiteral(" refused the request: invalid_request"),
            the + QStringLiteral(" answered HTTP 502 with a web page instead of JSON"),
            the + QStringLiteral(" answered HTTP 503"),
            the + QStringLiteral(" answered with an empty body"),
            the + QStringLiteral(" answered with a web page instead of JSON"),
            the + QStringLiteral("'s answer is not JSON"),
            the + QStringLiteral("'s answer is not a JSON object"),
        };
    };
    const auto named = [&endpoint](const QString& name) {
        QStringList summaries = endpoint(QStringLiteral("The ") + name, QStringLiteral("the ") + name);
        summaries[6] = QStringLiteral("The ") + name + QStringLiteral(" answered HTTP 502 with a web page");
        return summaries;
    };
    QStringList revocation = named(QStringLiteral("revocation endpoint"));
    for (int rung = 8; rung < 12; ++rung)
        revocation[rung].clear();
    return {
        {"token", Endpoint::Token,
            endpoint(QStringLiteral("The token endpoint"), QStringLiteral("the token endpoint"))},
        {"par", Endpoint::PushedAuthorization,
            endpoint(QStringLiteral("The pushed authorization request endpoint"),
                QStringLiteral("the pushed authorization request endpoint"))},
        {"device", Endpoint::DeviceAuthorization,
            endpoint(QStringLiteral("The device authorization endpoint"),
                QStringLiteral("the device authorization endpoint"))},
        {"revocation", Endpoint::Revocation, revocation},
        {"introspection", Endpoint::Introspection, named(QStringLiteral("introspection endpoint"))},
        {"userinfo", Endpoint::UserInfo, named(QStringLiteral("UserInfo endpoint"))},
        {"jwks", Endpoint::Jwks,
            {QStringLiteral("The provider's key set (JWKS) did not arrive in time"),
                QStringLiteral("The provider's key set (JWKS) is too large"),
                QStringLiteral("The certificate of the provider's key set (JWKS) address is not trusted"),
                QStringLiteral("Could not fetch the provider's key set (JWKS)"),
                QStringLiteral("The provider's key set (JWKS) address redirected elsewhere (HTTP 302)"), {},
                QStringLiteral(
                    "The provider answered HTTP 502 with a web page instead of its key set (JWKS)"),
                QStringLiteral("The provider answered HTTP 503 instead of its key set (JWKS)"),
                QStringLiteral("The provider answered with an empty body instead of its key set (JWKS)"),
                QStringLiteral("The provider answered with a web page instead of its key set (JWKS)"),
                QStringLiteral("The provider's key set (JWKS) is not valid JSON"),
                QStringLiteral("The provider's key set (JWKS) is not a JSON object")}},
        {"discovery", Endpoint::Discovery,
            {QStringLiteral("The provider's metadata did not arrive in time"),
                QStringLiteral("The provider's metadata is too large"),
                QStringLiteral("The provider's certificate is not trusted"),
                QStringLiteral("Could not reach the provider"),
                QStringLiteral("The provider's metadata address redirected elsewhere (HTTP 302)"), {},
                QStringLiteral("The provider answered HTTP 502 with a web page instead of its metadata"),
                QStringLiteral("The provider answered HTTP 503 instead of its metadata"),
                QStringLiteral("The provider's metadata is not JSON"),
                QStringLiteral("The provider answered with a web page instead of its metadata"),
                QStringLiteral("The provider's metadata is not JSON"),
                QStringLiteral("The provider's metadata is not a JSON object")}},
    };
}

// One code per rung; the few endpoints that keep the coarser code their callers know say so here.
QString expectedCode(Endpoint endpoint, Problem problem)
{
    const bool discovery = endpoint == Endpoint::Discovery;
    switch (problem) {
    case Problem::None:
        return {};
    case Problem::Timeout:
        return QStringLiteral("timeout");
    case Problem::TooLarge:
        return QStringLiteral("too_large");
    case Problem::UntrustedCertificate:
        return QStringLiteral("untrusted_certificate");
    case Problem::Network:
        return QStringLiteral("network");
    case Problem::Redirect:
        return QStringLiteral("redirect");
    case Problem::ProviderError:
        return QStringLiteral("invalid_request");
    case Problem::HtmlErrorPage:
        return discovery || endpoint == Endpoint::Revocation ? QStringLiteral("http_error")
                                                             : QStringLiteral("html_error");
    case Problem::HttpError:
        return QStringLiteral("http_error");
    case Problem::EmptyBody:
        return discovery ? QStringLiteral("non_json") : QStringLiteral("empty_body");
    case Problem::HtmlBody:
        return endpoint == Endpoint::Introspection ? QStringLiteral("non_json") : QStringLiteral("html_body");
    case Problem::NotJson:
        return QStringLiteral("non_json");
    case Problem::NotAnObject:
        return discovery ? QStringLiteral("not_an_object") : QStringLiteral("array_body");
    }
    return {};
}

const char* rungName(Problem problem)
{
    switch (problem) {
    case Problem::None:
        return "accepted";
    case Problem::Timeout:
        return "timeout";
    case Problem::TooLarge:
        return "too-large";
    case Problem::UntrustedCertificate:
        return "untrusted-certificate";
    case Problem::Network:
        return "network";
    case Problem::Redirect:
        return "redirect";
    case Problem::ProviderError:
        return "error-object";
    case Problem::HtmlErrorPage:
        return "html-error-page";
    case Problem::HttpError:
        return "http-error";
    case Problem::EmptyBody:
        return "empty-body";
    case Problem::HtmlBody:
        return "html-body";
    case Problem::NotJson:
        return "non-json";
    case Problem::NotAnObject:
        return "array-body";
    }
    return "";
}

// The reply that puts an endpoint on a rung, and the detail the user then sees.
QPair<Http::HttpResponse, QString> replyFor(Problem problem)
{
    switch (problem) {
    case Problem::None:
        return {httpResponse(200, R"({"member":1})", "application/json"), {}};
    case Problem::Timeout: {
        Http::HttpResponse r = transportFailure(QStringLiteral("No response within the time limit."));
        r.timedOut = true;
        return {r, r.errorString};
    }
    case Problem::TooLarge: {
        Http::HttpResponse r = transportFailure(QStringLiteral("The response was larger than the limit."));
        r.tooLarge = true;
        return {r, r.errorString};
    }
    case Problem::UntrustedCertificate: {
        Http::HttpResponse r = transportFailure(QStringLiteral("The issuer certificate could not be found"));
        r.untrustedCertificateSha256 = certificateDigest;
        return {r,
            r.errorString + QStringLiteral("\nIts SHA-256 fingerprint is ") + certificateFingerprint()
                + QLatin1Char('.')};
    }
    case Problem::Network:
        return {transportFailure(QStringLiteral("Connection refused")), QStringLiteral("Connection refused")};
    case Problem::Redirect: {
        Http::HttpResponse r = httpResponse(302, {}, "text/html");
        r.headers.append(Http::RawHeader(QByteArray("Location"), QByteArray("https://idp.example/login")));
        return {r, QStringLiteral("https://idp.example/login")};
    }
    case Problem::ProviderError:
        return {
            httpResponse(400,
                R"({"error":"invalid_request","error_description":"bad","error_uri":"https://idp.example/e"})",
                "application/json"),
            QStringLiteral("bad\nhttps://idp.example/e")};
    case Problem::HtmlErrorPage:
        return {httpResponse(502, loginPage, "text/html; charset=utf-8"), loginPageExcerpt};
    case Problem::HttpError:
        // Longer than an excerpt: the detail is cut.
        return {httpResponse(503, QByteArray(1000, 'x'), "text/plain"),
            QString(excerptLength, QLatin1Char('x')) + QStringLiteral(" …")};
    case Problem::EmptyBody:
        return {httpResponse(200, "  \n", "application/json"), QStringLiteral("The body is empty.")};
    case Problem::HtmlBody:
        return {httpResponse(200, loginPage, "application/json"), loginPageExcerpt};
    case Problem::NotJson:
        return {httpResponse(200, "a=b", "application/x-www-form-urlencoded"), QStringLiteral("a=b")};
    case Problem::NotAnObject:
        return {httpResponse(200, "[1]", "application/json"), QStringLiteral("[1]")};
    }
    return {};
}

} // namespace

// Every endpoint climbs the same ladder: each rung with its code, its own sentence, the detail and a hint.
class TestEndpointAnswer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ladder_data()
    {
        QTest::addColumn<Endpoint>("endpoint");
        QTest::addColumn<Http::HttpResponse>("reply");
        QTest::addColumn<Problem>("problem");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("summary");
        QTest::addColumn<QString>("detail");

        for (const Kind& kind : kinds()) {
            for (qsizetype rung = 0; rung < rungs.size(); ++rung) {
                const Problem problem = rungs.at(rung);
                const QString summary = kind.summaries.at(rung);
                if (summary.isEmpty())
                    continue;
                const auto [reply, detail] = replyFor(problem);
                QTest::addRow("%s/%s", kind.name, rungName(problem))
                    << kind.endpoint << reply << problem << expectedCode(kind.endpoint, problem) << summary
                    << detail;
            }
            QTest::addRow("%s/accepted", kind.name) << kind.endpoint << replyFor(Problem::None).first
                                                    << Problem::None << QString() << QString() << QString();
        }

        // A key set and a metadata document are no OAuth endpoints: an error object is an HTTP error.
        const Http::HttpResponse errorObject = replyFor(Problem::ProviderError).first;
        const QString errorObjectExcerpt = QString::fromUtf8(errorObject.body);
        QTest::newRow("jwks/error-object-is-http-error")
            << Endpoint::Jwks << errorObject << Problem::HttpError << QStringLiteral("http_error")
            << QStringLiteral("The provider answered HTTP 400 instead of its key set (JWKS)")
            << errorObjectExcerpt;
        QTest::newRow("discovery/error-object-is-http-error")
            << Endpoint::Discovery << errorObject << Problem::HttpError << QStringLiteral("http_error")
            << QStringLiteral("The provider answered HTTP 400 instead of its metadata") << errorObjectExcerpt;

        // RFC 7009 §2.2: any 2xx ends a revocation, whatever its body.
        for (const Problem body : {Problem::EmptyBody, Problem::HtmlBody, Problem::NotJson}) {
            QTest::addRow("revocation/2xx-with-%s", rungName(body))
                << Endpoint::Revocation << replyFor(body).first << Problem::None << QString() << QString()
                << QString();
        }
        // OIDC Core §5.3.2: a signed UserInfo answer is a JWT, read by the UserInfo reader.
        QTest::newRow("userinfo/signed-jwt")
            << Endpoint::UserInfo << httpResponse(200, "eyJ.eyJ.sig", "application/jwt; charset=utf-8")
            << Problem::None << QString() << QString() << QString();
        // RFC 6749 §5.2 error objects are read at an error status only.
        QTest::newRow("token/error-member-in-200")
            << Endpoint::Token
            << httpResponse(200, R"({"error":"invalid_request","member":1})", "application/json")
            << Problem::None << QString() << QString() << QString();
        // An error object needs a code to be one.
        QTest::newRow("token/empty-error-member")
            << Endpoint::Token << httpResponse(400, R"({"error":""})", "application/json")
            << Problem::HttpError << QStringLiteral("http_error")
            << QStringLiteral("The token endpoint answered HTTP 400") << QStringLiteral(R"({"error":""})");
        // An error status with a plain-text body: the body is the detail.
        QTest::newRow("token/http-error-text")
            << Endpoint::Token << httpResponse(400, "no", "text/plain") << Problem::HttpError
            << QStringLiteral("http_error") << QStringLiteral("The token endpoint answered HTTP 400")
            << QStringLiteral("no");
    }

    void ladder()
    {
        QFETCH(Endpoint, endpoint);
        QFETCH(Http::HttpResponse, reply);
        QFETCH(Problem, problem);
        QFETCH(QString, code);
        QFETCH(QString, summary);
        QFETCH(QString, detail);

        const EndpointAnswer answer = classifyEndpointAnswer(endpoint, reply);
        QCOMPARE(answer.problem, problem);
        QCOMPARE(answer.ok(), problem == Problem::None);
        QCOMPARE(answer.error.code, code);
        QCOMPARE(answer.error.summary, summary);
        QCOMPARE(answer.error.detail, detail);
        if (answer.ok()) {
            QVERIFY(answer.error.isNull());
            // The body as JSON for the success path; a revocation's body is not read at all.
            if (reply.contentType() == "application/json" && endpoint != Endpoint::Revocation)
                QCOMPARE(answer.object.value(QLatin1String("member")).toInt(), 1);
            else
                QVERIFY(answer.object.isEmpty());
        } else {
            QVERIFY2(!answer.error.code.isEmpty(), "every failure has a code");
            QVERIFY2(!answer.error.hint.isEmpty(), "every failure says what to try");
            QVERIFY(answer.object.isEmpty());
        }
    }

    // The hint follows the status: the provider's trouble, or the settings to check.
    void hints_data()
    {
        QTest::addColumn<Http::HttpResponse>("reply");
        QTest::addColumn<QString>("hint");
        QTest::newRow("server-error") << httpResponse(500, "oops", "text/plain")
                                      << QStringLiteral("The provider has a problem. Try again later.");
        QTest::newRow("client-error") << httpResponse(404, "no",
            "text/plain") << QStringLiteral("Check the token endpoint URL and the client settings.");
        QTest::newRow("web-page")
            << httpResponse(404, loginPage, "text/html")
            << QStringLiteral("The URL may point at a login page or a proxy. Check the token endpoint URL.");
        QTest::newRow("known-error-code")
            << httpResponse(400, R"({"error":"invalid_grant"})", "application/json")
            << QStringLiteral(
                   "The code or refresh token is expired, already used or revoked, or the redirect URI "
                   "differs from the one used to get it. Sign in again.");
        QTest::newRow("keycloak-message")
            << httpResponse(
                   400, R"({"error":"invalid_grant","error_description":"Stale token"})", "application/json")
            << QStringLiteral("This refresh token was already used: with refresh token rotation only the "
                              "newest one works. Sign in again.");
        QTest::newRow("b2c-code-in-description")
            << httpResponse(400,
                   R"({"error":"invalid_grant","error_description":"AADB2C90080: The provided grant has )"
                   R"(expired. Please re-authenticate and try again.\r\nCorrelation ID: 1234\r\n"})",
                   "application/json")
            << QStringLiteral("The grant (code or refresh token) has expired. Sign in again.");
        QTest::newRow("unknown-error-code") << httpResponse(400, R"({"error":"provider_specific"})",
            "application/json") << QStringLiteral("Check the token endpoint URL and the client settings.");
    }

    void hints()
    {
        QFETCH(Http::HttpResponse, reply);
        QFETCH(QString, hint);
        QCOMPARE(classifyEndpointAnswer(Endpoint::Token, reply).error.hint, hint);
    }

    // A refusal of a request that carried the client's authentication names the credential as a likely
    // cause, whatever code the provider chose (some answer a wrong secret with unauthorized_client or a
    // bare 403); without client authentication, or for errors about something else, nothing changes.
    void clientAuthenticationCause_data()
    {
        QTest::addColumn<Http::HttpResponse>("reply");
        QTest::addColumn<ClientAuthentication>("method");
        QTest::addColumn<QString>("hintContains");
        QTest::addColumn<bool>("unchanged");
        const auto json = [](int status, const QByteArray& body) { return httpResponse(status, body); };
        QTest::newRow("403 unauthorized_client, secret")
            << json(403, R"({"error":"unauthorized_client"})") << ClientAuthentication::ClientSecretPost
            << QStringLiteral("The client secret may be wrong") << false;
        QTest::newRow("403 unauthorized_client, secret: the grant still named")
            << json(403, R"({"error":"unauthorized_client"})") << ClientAuthentication::ClientSecretBasic
            << QStringLiteral("may not be allowed this grant") << false;
        QTest::newRow("400 unauthorized_client, basic")
            << json(400, R"({"error":"unauthorized_client"})") << ClientAuthentication::ClientSecretBasic
            << QStringLiteral("than client_secret_basic") << false;
        QTest::newRow("401 invalid_client, private key")
            << json(401, R"({"error":"invalid_client"})") << ClientAuthentication::PrivateKeyJwt
            << QStringLiteral("The private key may not be the one registered") << false;
        QTest::newRow("400 invalid_client, client_secret_jwt")
            << json(400, R"({"error":"invalid_client"})") << ClientAuthentication::ClientSecretJwt
            << QStringLiteral("signs the assertion") << false;
        QTest::newRow("401 without a body, secret")
            << httpResponse(401, {}, {}) << ClientAuthentication::ClientSecretPost
            << QStringLiteral("The client secret may be wrong") << false;
        QTest::newRow("403 with a web page, secret")
            << httpResponse(403, loginPage, "text/html") << ClientAuthentication::ClientSecretBasic
            << QStringLiteral("The client secret may be wrong") << false;
        QTest::newRow("403 unauthorized_client, public client")
            << json(403, R"({"error":"unauthorized_client"})") << ClientAuthentication::None << QString()
            << true;
        QTest::newRow("400 invalid_grant, secret")
            << json(400, R"({"error":"invalid_grant"})") << ClientAuthentication::ClientSecretPost
            << QString() << true;
        QTest::newRow("401 invalid_client, secret, Entra names the cause") << json(401,
            R"({"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret )"
            R"(provided. Trace ID: 5d1c"})") << ClientAuthentication::ClientSecretPost
                                                                           << QString() << true;
        QTest::newRow("500, secret") << httpResponse(500, "oops", "text/plain")
                                     << ClientAuthentication::ClientSecretPost << QString() << true;
        QTest::newRow("200, secret") << json(200, R"({"access_token":"a"})")
                                     << ClientAuthentication::ClientSecretPost << QString() << true;
    }

    void clientAuthenticationCause()
    {
        QFETCH(Http::HttpResponse, reply);
        QFETCH(ClientAuthentication, method);
        QFETCH(QString, hintContains);
        QFETCH(bool, unchanged);
        const Error plain = classifyEndpointAnswer(Endpoint::Token, reply).error;
        const Error named = withClientAuthenticationCause(plain, reply.status, method);
        if (unchanged) {
            QCOMPARE(named.hint, plain.hint);
            QCOMPARE(named.summary, plain.summary);
            return;
        }
        QVERIFY2(named.hint.contains(hintContains), qPrintable(named.hint));
        // The provider's own words stay.
        QCOMPARE(named.summary, plain.summary);
        QCOMPARE(named.code, plain.code);
    }

    // The network layer already names the fingerprint: it is not repeated.
    void fingerprintOnce()
    {
        Http::HttpResponse reply = transportFailure(
            QStringLiteral("The certificate of idp.example is not trusted (self-signed). Its SHA-256 "
                           "fingerprint is %1.")
                .arg(certificateFingerprint()));
        reply.untrustedCertificateSha256 = certificateDigest;
        const EndpointAnswer answer = classifyEndpointAnswer(Endpoint::Discovery, reply);
        QCOMPARE(answer.error.code, QStringLiteral("untrusted_certificate"));
        QCOMPARE(answer.error.detail, reply.errorString);
        QCOMPARE(answer.error.detail.count(certificateFingerprint()), 1);
    }

    void excerptIsOneLineAndCut_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("short") << QByteArray("a\n  b\tc") << QStringLiteral("a b c");
        QTest::newRow("exactly-the-length") << QByteArray(excerptLength, 'y') << QString(excerptLength, u'y');
        QTest::newRow("one-more") << QByteArray(excerptLength + 1, 'y')
                                  << QString(excerptLength, u'y') + QStringLiteral(" …");
        QTest::newRow("empty") << QByteArray() << QString();
    }

    void excerptIsOneLineAndCut()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        QCOMPARE(excerpt(body), expected);
    }
};

QTEST_GUILESS_MAIN(TestEndpointAnswer)
#include "tst_endpointanswer.moc"
