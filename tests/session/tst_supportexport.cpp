#include "appsessionfixture.h"
#include "curlscript.h"
#include "filescan.h"
#include "jwt.h"
#include "loopbackloginagent.h"
#include "oidcfixture.h"
#include "pkce.h"
#include "scriptedbrowser.h"
#include "supportreport.h"
#include "tokensession.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace Tokenscope;
using Needles = QList<QPair<QString, QByteArray>>;

namespace {

const QString clientSecret = QStringLiteral("tokenscope-post-secret");
const QString apiKey = QStringLiteral("api-key-Zq8u1Xw3-never-exported");

// A secret by its name, as it is and URL-encoded (a form, a query, a redirect).
void addNeedle(Needles* needles, const QString& name, const QString& value)
{
    if (value.isEmpty())
        return;
    *needles << qMakePair(name, value.toUtf8());
    const QByteArray encoded = QUrl::toPercentEncoding(value);
    if (encoded != value.toUtf8())
        *needles << qMakePair(name + QStringLiteral(" (URL-encoded)"), encoded);
}

// A token, whole and (for a JWT) its signature part alone.
void addToken(Needles* needles, const QString& name, const QString& token)
{
    addNeedle(needles, name, token);
    if (Jwt::looksLikeJwt(token))
        addNeedle(needles, name + QStringLiteral(" signature"), token.section(u'.', 2));
}

// Whether text holds a PKCE verifier whose S256 challenge is challenge: the verifier is never seen by the
// test, but any run of verifier characters in the export can be hashed and compared.
bool holdsVerifierOf(const QString& text, const QString& challenge)
{
    static const QRegularExpression run(QStringLiteral("[A-Za-z0-9._~-]{43,}"));
    for (const auto& match : run.globalMatch(text)) {
        const QString candidate = match.captured();
        for (qsizetype length = 43; length <= std::min<qsizetype>(128, candidate.size()); ++length) {
            for (qsizetype start = 0; start + length <= candidate.size(); ++start) {
                if (OAuth::Pkce::challengeFor(candidate.mid(start, length)) == challenge)
                    return true;
            }
        }
    }
    return false;
}

QString write(const QTemporaryDir& dir, const QString& name, const QString& text)
{
    // To read what was exported: TOKENSCOPE_EXPORT_COPIES=<folder>.
    if (const QString copies = qEnvironmentVariable("TOKENSCOPE_EXPORT_COPIES"); !copies.isEmpty()) {
        QFile copy(copies + u'/' + QString::fromLatin1(QTest::currentTestFunction()) + u'-' + name);
        if (copy.open(QIODevice::WriteOnly))
            copy.write(text.toUtf8());
    }
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(text.toUtf8());
    return file.fileName();
}

} // namespace

// The support report and the curl script of a real session at the OpenID provider fixture: what support
// needs is there, and no token or secret of the run is.
class TestSupportExport final : public QObject
{
    Q_OBJECT

private:
    Tests::OidcFixture m_fixture;

    // Sends GET path through the session (its variables and access token); the HTTP status.
    int callApi(Workspace::AppSession& session, const QString& path)
    {
        Http::HttpRequest request;
        request.url = QStringLiteral("{{baseUrl}}") + path;
        request.headers.append({QStringLiteral("X-Api-Key"), QStringLiteral("{{apiKey}}")});
        std::optional<int> status;
        session.send(request, this,
            [&status](const Http::HttpResponse& response, const Error&) { status = response.status; });
        if (!QTest::qWaitFor([&status] { return status.has_value(); }, 15000))
            return -1;
        return *status;
    }

    Workspace::Environment environment(const QString& id, OAuth::Grant grant) const
    {
        Workspace::Environment environment;
        environment.id = id;
        environment.name = QStringLiteral("Support's \"sandbox\"");
        environment.oauth.grant = grant;
        environment.oauth.issuer = m_fixture.issuer().toString();
        environment.oauth.authorizationEndpoint = m_fixture.url(QStringLiteral("/auth"));
        environment.oauth.tokenEndpoint = m_fixture.url(QStringLiteral("/token"));
        environment.oauth.jwksUri = m_fixture.url(QStringLiteral("/jwks"));
        environment.oauth.redirectUri = QUrl(QStringLiteral("http://127.0.0.1/callback"));
        environment.signIn.browser = Workspace::SignInSettings::Browser::System;
        QUrl base = m_fixture.url(QStringLiteral("/"));
        environment.apiBaseUrls = {base};
        environment.variables = {{QStringLiteral("baseUrl"), base.toString().chopped(1)},
            {QStringLiteral("apiKey"), apiKey, true, true}};
        return environment;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QString error;
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
    }

    // Sign in (code flow, client_secret_post, PKCE), call the API, refresh, call it again; then export.
    void codeFlowExportsHoldNoSecret()
    {
        Tests::AppSessionFixture fixture;
        Workspace::AppSession* session = fixture.session();
        QVERIFY(session->load().isNull());
        Workspace::Environment settings
            = environment(QStringLiteral("support-code"), OAuth::Grant::AuthorizationCode);
        settings.oauth.clientId = QStringLiteral("tokenscope-post");
        settings.oauth.clientAuthentication = OAuth::ClientAuthentication::ClientSecretPost;
        settings.oauth.scope = QStringLiteral("openid profile email offline_access demo.read");
        session->putEnvironment(settings, clientSecret);
        session->setCurrentEnvironment(settings.id);
        OAuth::TokenSession* tokens = session->currentTokenSession();

        Tests::ScriptedBrowser browser;
        OAuth::LoopbackLoginAgent agent([&browser](const QUrl& url) {
            browser.open(url);
            return true;
        });
        QSignalSpy signedIn(tokens, &OAuth::TokenSession::signInFinished);
        tokens->signIn(&agent);
        QVERIFY(signedIn.wait(30000));
        QVERIFY2(signedIn.first().first().value<Error>().isNull(),
            qPrintable(signedIn.first().first().value<Error>().toText()));
        const OAuth::TokenSet first = tokens->tokens();
        QVERIFY(!first.refreshToken.isEmpty());
        QVERIFY(Jwt::looksLikeJwt(first.idToken));
        QCOMPARE(callApi(*session, QStringLiteral("/api/me")), 200);

        QSignalSpy refreshed(tokens, &OAuth::TokenSession::refreshFinished);
        tokens->refresh();
        QVERIFY(refreshed.wait(15000));
        QVERIFY(refreshed.first().first().value<Error>().isNull());
        const OAuth::TokenSet second = tokens->tokens();
        QVERIFY(second.accessToken != first.accessToken);
        QCOMPARE(callApi(*session, QStringLiteral("/api/me")), 200);

        // What the browser saw: the code in the redirect, and the challenge of the verifier.
        QString code;
        QString challenge;
        for (const auto& visit : browser.visits()) {
            const QUrlQuery query(visit.url);
            if (query.hasQueryItem(QStringLiteral("code")))
                code = query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
            if (query.hasQueryItem(QStringLiteral("code_challenge")))
                challenge = query.queryItemValue(QStringLiteral("code_challenge"), QUrl::FullyDecoded);
        }
        QVERIFY(!code.isEmpty());
        QVERIFY(!challenge.isEmpty());

        const QString lastError = QStringLiteral("The API refused the access token (invalid_token)");
        const Workspace::SupportSnapshot snapshot = Workspace::supportSnapshot(*session, lastError);
        const QString markdown = Workspace::supportReport(snapshot, Workspace::ReportFormat::Markdown);
        const QString text = Workspace::supportReport(snapshot, Workspace::ReportFormat::PlainText);
        const QString script = Workspace::curlScript(snapshot);
        QTemporaryDir dir;
        QVERIFY(!write(dir, QStringLiteral("report.md"), markdown).isEmpty());
        QVERIFY(!write(dir, QStringLiteral("report.txt"), text).isEmpty());
        const QString scriptFile = write(dir, QStringLiteral("flow.sh"), script);
        QVERIFY(!scriptFile.isEmpty());

        Needles needles;
        for (const auto& [round, set] :
            {qMakePair(QStringLiteral("sign-in"), first), qMakePair(QStringLiteral("refresh"), second)}) {
            addToken(&needles, round + QStringLiteral(" access token"), set.accessToken);
            addToken(&needles, round + QStringLiteral(" ID token"), set.idToken);
            addToken(&needles, round + QStringLiteral(" refresh token"), set.refreshToken);
        }
        addNeedle(&needles, QStringLiteral("client secret"), clientSecret);
        addNeedle(&needles, QStringLiteral("authorization code"), code);
        addNeedle(&needles, QStringLiteral("secret variable"), apiKey);
        const Tests::ScanResult scan = Tests::scanFiles({dir.path()}, needles);
        QCOMPARE(scan.filesScanned, 3);
        QVERIFY2(scan.offenders.isEmpty(), qPrintable(scan.offenders.join(u'\n')));
        for (const QString& exported : {markdown, text, script})
            QVERIFY2(!holdsVerifierOf(exported, challenge), "the code_verifier was exported");

        // The report: versions, settings, claims, timeline, the last error.
        for (const QString& report : {markdown, text}) {
            QVERIFY(report.contains(QStringLiteral(TOKENSCOPE_VERSION)));
            QVERIFY(report.contains(QString::fromLatin1(qVersion())));
            QVERIFY(report.contains(QStringLiteral("tokenscope-post")));
            QVERIFY(report.contains(QStringLiteral("client_secret_post")));
            QVERIFY(report.contains(m_fixture.url(QStringLiteral("/token")).toString()));
            QVERIFY(report.contains(QStringLiteral("\"sub\": \"alice\""))); // the ID token's claims
            QVERIFY(report.contains(QStringLiteral("\"alg\": \""))); // its header
            QVERIFY(report.contains(QStringLiteral("An opaque token of")));
            QVERIFY(report.contains(m_fixture.url(QStringLiteral("/api/me")).toString()));
            QVERIFY(report.contains(QStringLiteral("grant_type=refresh_token")));
            QVERIFY(report.contains(lastError));
            QVERIFY(report.contains(QStringLiteral("(secret, not included)"))); // apiKey
        }
        QVERIFY(markdown.contains(QStringLiteral("## Timeline")));
        QVERIFY(markdown.contains(QStringLiteral("| Time | Step | Method | URL | Status | Elapsed |")));
        QVERIFY(text.contains(QStringLiteral("Timeline\n--------")));

        // The script: valid shell, asks for what it needs, one curl per request.
        QProcess check;
        check.start(QStringLiteral("sh"), {QStringLiteral("-n"), scriptFile});
        QVERIFY(check.waitForFinished(10000));
        QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
        QVERIFY(script.startsWith(QStringLiteral("#!/bin/sh\n")));
        QVERIFY(script.contains(QStringLiteral("\nset -eu\n")));
        QVERIFY(script.contains(QStringLiteral("IFS= read -r \"$1\"")));
        QVERIFY(script.contains(QStringLiteral("stty -echo")));
        for (const char* asked : {"client_secret", "code", "code_verifier"})
            QVERIFY2(script.contains(QStringLiteral("ask_secret %1 '").arg(QLatin1String(asked))), asked);
        QVERIFY(script.contains(QStringLiteral("--data-urlencode \"client_secret=$client_secret\"")));
        QVERIFY(script.contains(QStringLiteral("--data-urlencode \"refresh_token=$refresh_token\"")));
        QVERIFY(script.contains(QStringLiteral("-H 'Authorization: Bearer '\"$access_token\"")));
        QVERIFY(script.contains(QStringLiteral("-H 'X-Api-Key: '\"$header_x_api_key\"")));
        QCOMPARE(script.count(QStringLiteral("response=$(curl ")),
            std::count_if(snapshot.events.cbegin(), snapshot.events.cend(), [](const Http::FlowEvent& event) {
                return event.kind == Http::FlowEvent::Kind::HttpRequest;
            }));
    }

    // A client credentials flow's script runs against the provider with the secret fed on stdin: the token
    // request gets a token, the API call after it uses it.
    void clientCredentialsScriptRuns()
    {
        Tests::AppSessionFixture fixture;
        Workspace::AppSession* session = fixture.session();
        QVERIFY(session->load().isNull());
        Workspace::Environment settings
            = environment(QStringLiteral("support-service"), OAuth::Grant::ClientCredentials);
        settings.oauth.clientId = QStringLiteral("tokenscope-service");
        settings.oauth.clientAuthentication = OAuth::ClientAuthentication::ClientSecretBasic;
        settings.oauth.scope = QStringLiteral("demo.read");
        session->putEnvironment(settings, QStringLiteral("tokenscope-service-secret"));
        session->setCurrentEnvironment(settings.id);
        OAuth::TokenSession* tokens = session->currentTokenSession();
        QSignalSpy signedIn(tokens, &OAuth::TokenSession::signInFinished);
        tokens->signIn(static_cast<OAuth::LoginAgent*>(nullptr));
        QVERIFY(signedIn.wait(15000));
        QVERIFY(signedIn.first().first().value<Error>().isNull());
        QCOMPARE(callApi(*session, QStringLiteral("/api/me")), 200);

        const QString script = Workspace::curlScript(Workspace::supportSnapshot(*session, {}));
        QVERIFY(!script.contains(QStringLiteral("tokenscope-service-secret")));
        QVERIFY(!script.contains(tokens->tokens().accessToken));
        QVERIFY(script.contains(QStringLiteral("-u 'tokenscope-service:'\"$client_secret\"")));
        QTemporaryDir dir;
        const QString scriptFile = write(dir, QStringLiteral("flow.sh"), script);
        QProcess run;
        run.start(QStringLiteral("sh"), {scriptFile});
        QVERIFY(run.waitForStarted());
        run.write(QByteArrayLiteral("tokenscope-service-secret\n") + apiKey.toUtf8() + '\n');
        run.closeWriteChannel();
        QVERIFY(run.waitForFinished(30000));
        const QString output = QString::fromUtf8(run.readAllStandardOutput());
        const QString errors = QString::fromUtf8(run.readAllStandardError());
        QVERIFY2(run.exitCode() == 0, qPrintable(errors));
        QVERIFY2(output.contains(QStringLiteral("\"token_type\":\"Bearer\"")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("your access token is valid")), qPrintable(output));
        QCOMPARE(output.count(QStringLiteral("HTTP 200")), 2);
        QVERIFY2(errors.contains(QStringLiteral("Client secret: ")), qPrintable(errors)); // the prompt
    }
};

QTEST_GUILESS_MAIN(TestSupportExport)
#include "tst_supportexport.moc"
