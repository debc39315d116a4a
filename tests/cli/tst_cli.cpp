#include "appsession.h"
#include "appsessionfixture.h"
#include "clientsecret.h"
#include "keychainsecretstore.h"
#include "loopbackloginagent.h"
#include "oidcfixture.h"
#include "scriptedbrowser.h"
#include "secretcall.h"
#include "tokensession.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>
#include <QUuid>

using namespace Tokenscope;

Q_DECLARE_METATYPE(Tokenscope::Error)

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

// The built tokenscope-cli, run as a script runs it (no display), against a workspace written by the
// engine, the real keychain (the Secret Service of scripts/headless.sh) and the OpenID provider fixture.
class TestCli final : public QObject
{
    Q_OBJECT

private:
    Tests::OidcFixture m_fixture;
    QTemporaryDir m_workspace;
    const QString m_suffix = QUuid::createUuid().toString(QUuid::Id128).left(12);
    const QString m_serviceId = QStringLiteral("svc-") + m_suffix;
    const QString m_userId = QStringLiteral("user-") + m_suffix;
    const QString m_signedOutId = QStringLiteral("signed-out-") + m_suffix;

    static Run runCli(const QStringList& arguments, const QStringList& environment = {})
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QLatin1String(name));
        for (const QString& setting : environment)
            env.insert(setting.section(u'=', 0, 0), setting.section(u'=', 1));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(TOKENSCOPE_CLI_BINARY), arguments);
        Run run;
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            run.err = QStringLiteral("tokenscope-cli did not finish");
            return run;
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = QString::fromUtf8(process.readAllStandardOutput());
        run.err = QString::fromUtf8(process.readAllStandardError());
        return run;
    }

    QStringList inWorkspace(QStringList arguments) const
    {
        return arguments << QStringLiteral("--workspace") << m_workspace.path();
    }

    Workspace::Environment serviceEnvironment() const
    {
        Workspace::Environment environment;
        environment.id = m_serviceId;
        environment.name = QStringLiteral("Service account");
        environment.oauth.grant = OAuth::Grant::ClientCredentials;
        environment.oauth.issuer = m_fixture.issuer().toString();
        environment.oauth.tokenEndpoint = m_fixture.url(QStringLiteral("/token"));
        environment.oauth.clientId = QStringLiteral("tokenscope-service");
        environment.oauth.clientAuthentication = OAuth::ClientAuthentication::ClientSecretBasic;
        environment.oauth.scope = QStringLiteral("demo.read");
        return environment;
    }

    // What the provider says of an access token (RFC 7662), asked as the service client.
    QJsonObject introspect(const QString& token)
    {
        QNetworkAccessManager network;
        QNetworkRequest request(m_fixture.url(QStringLiteral("/token/introspection")));
        request.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        request.setRawHeader("Authorization",
            "Basic " + QByteArrayLiteral("tokenscope-service:tokenscope-service-secret").toBase64());
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("token"), token);
        QNetworkReply* reply = network.post(request, form.toString(QUrl::FullyEncoded).toUtf8());
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!finished.wait(15000))
            return {};
        reply->deleteLater();
        return QJsonDocument::fromJson(reply->readAll()).object();
    }

    // The demo API's answer to the token: 200 when it is a valid access token.
    int callApi(const QByteArray& authorization)
    {
        QNetworkAccessManager network;
        QNetworkRequest request(m_fixture.url(QStringLiteral("/api/me")));
        request.setRawHeader("Authorization", authorization);
        QNetworkReply* reply = network.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!finished.wait(15000))
            return 0;
        reply->deleteLater();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
        QVERIFY(m_workspace.isValid());
        // The workspace as the application leaves it: environments in the file, the client secret in
        // the keychain. The session's end waits for the keychain's writes.
        Workspace::AppSession session(m_workspace.path(), new Secrets::KeychainSecretStore);
        QVERIFY(session.load().isNull());
        session.putEnvironment(serviceEnvironment(), QStringLiteral("tokenscope-service-secret"));
        Workspace::Environment signedOut = Tests::fixtureEnvironment(m_fixture, m_signedOutId);
        signedOut.name = QStringLiteral("Never signed in");
        session.putEnvironment(signedOut);
        QVERIFY(session.save().isNull());
    }

    void cleanupTestCase()
    {
        Workspace::AppSession session(m_workspace.path(), new Secrets::KeychainSecretStore);
        session.load();
        for (const QString& id : {m_serviceId, m_userId, m_signedOutId})
            session.removeEnvironment(id);
    }

    // Arguments alone: help, version and what is wrong with them, without touching a workspace.
    void arguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QStringList>("expectedOut"); // each must occur in standard output
        QTest::addColumn<QStringList>("expectedErr"); // each must occur in standard error

        const QString version = QStringLiteral("tokenscope-cli " TOKENSCOPE_VERSION);
        QTest::newRow("help") << QStringList {QStringLiteral("--help")} << 0
                              << QStringList {QStringLiteral("environments"), QStringLiteral("token ENV"),
                                     QStringLiteral("--workspace <directory>"), QStringLiteral("Exit status"),
                                     QStringLiteral("3  a sign-in in Tokenscope is needed")}
                              << QStringList {};
        QTest::newRow("version") << QStringList {QStringLiteral("--version")} << 0 << QStringList {version}
                                 << QStringList {};
        QTest::newRow("environments-help")
            << QStringList {QStringLiteral("environments"), QStringLiteral("--help")} << 0
            << QStringList {QStringLiteral("environments"), QStringLiteral("--json"),
                   QStringLiteral("--workspace <directory>"), QStringLiteral("Exit status")}
            << QStringList {};
        QTest::newRow("token-help") << QStringList {QStringLiteral("token"), QStringLiteral("--help")} << 0
                                    << QStringList {QStringLiteral("token ENV"), QStringLiteral("--header"),
                                           QStringLiteral("--json"),
                                           QStringLiteral("--workspace <directory>"),
                                           QStringLiteral("Exit status")}
                                    << QStringList {};
        QTest::newRow("help-all") << QStringList {QStringLiteral("--help-all")} << 0
                                  << QStringList {QStringLiteral("token ENV")} << QStringList {};
        QTest::newRow("token-help-all") << QStringList {QStringLiteral("token"), QStringLiteral("--help-all")}
                                        << 0 << QStringList {QStringLiteral("--header")} << QStringList {};
        QTest::newRow("help-before-command")
            << QStringList {QStringLiteral("--help"), QStringLiteral("token")} << 0
            << QStringList {QStringLiteral("--header")} << QStringList {};
        QTest::newRow("no-command") << QStringList {} << 1 << QStringList {}
                                    << QStringList {QStringLiteral("No command given")};
        QTest::newRow("unknown-command") << QStringList {QStringLiteral("frobnicate")} << 1 << QStringList {}
                                         << QStringList {QStringLiteral("Unknown command \"frobnicate\"")};
        QTest::newRow("unknown-option")
            << QStringList {QStringLiteral("environments"), QStringLiteral("--nope")} << 1 << QStringList {}
            << QStringList {QStringLiteral("nope")};
        QTest::newRow("header-is-for-token")
            << QStringList {QStringLiteral("environments"), QStringLiteral("--header")} << 1 << QStringList {}
            << QStringList {QStringLiteral("header")};
        QTest::newRow("token-without-environment")
            << QStringList {QStringLiteral("token")} << 1 << QStringList {}
            << QStringList {QStringLiteral("Name the environment")};
        QTest::newRow("token-two-environments")
            << QStringList {QStringLiteral("token"), QStringLiteral("a"), QStringLiteral("b")} << 1
            << QStringList {} << QStringList {QStringLiteral("Unexpected argument \"b\"")};
        QTest::newRow("environments-with-argument")
            << QStringList {QStringLiteral("environments"), QStringLiteral("extra")} << 1 << QStringList {}
            << QStringList {QStringLiteral("Unexpected argument \"extra\"")};
        QTest::newRow("workspace-without-directory")
            << QStringList {QStringLiteral("environments"), QStringLiteral("--workspace")} << 1
            << QStringList {} << QStringList {QStringLiteral("workspace")};
        QTest::newRow("header-and-json") << QStringList {QStringLiteral("token"), QStringLiteral("x"),
            QStringLiteral("--header"), QStringLiteral("--json")}
                                         << 1 << QStringList {} << QStringList {QStringLiteral("not both")};
    }
    void arguments()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QStringList, expectedOut);
        QFETCH(QStringList, expectedErr);
        const Run run = runCli(arguments);
        QCOMPARE(run.exitCode, exitCode);
        for (const QString& text : expectedOut)
            QVERIFY2(run.out.contains(text), qPrintable(text + QStringLiteral(" not in:\n") + run.out));
        for (const QString& text : expectedErr)
            QVERIFY2(run.err.contains(text), qPrintable(text + QStringLiteral(" not in:\n") + run.err));
        if (exitCode != 0)
            QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
    }

    void environmentsText()
    {
        const Run run = runCli(inWorkspace({QStringLiteral("environments")}));
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        QVERIFY2(run.out.contains(QStringLiteral("Service account  (id ") + m_serviceId + u')'),
            qPrintable(run.out));
        QVERIFY(
            run.out.contains(QStringLiteral("OAuth: client credentials, client tokenscope-service, provider ")
                + m_fixture.issuer().toString()));
        QVERIFY(run.out.contains(QStringLiteral("Sign-in: no sign-in needed (client credentials)")));
        QVERIFY(run.out.contains(QStringLiteral("Never signed in  (id ") + m_signedOutId + u')'));
        QVERIFY(run.out.contains(QStringLiteral("OAuth: authorization code, client tokenscope-demo")));
        QVERIFY(run.out.contains(QStringLiteral("Sign-in: not signed in\n")));
    }

    void environmentsJson()
    {
        const Run run = runCli(inWorkspace({QStringLiteral("environments"), QStringLiteral("--json")}));
        QCOMPARE(run.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QHash<QString, QJsonObject> byId;
        for (const QJsonValue& value : document.object().value(QLatin1String("environments")).toArray())
            byId.insert(value.toObject().value(QLatin1String("id")).toString(), value.toObject());
        QVERIFY(byId.contains(m_serviceId));
        QVERIFY(byId.contains(m_signedOutId));
        const QJsonObject service = byId.value(m_serviceId);
        QCOMPARE(service.value(QLatin1String("name")).toString(), QStringLiteral("Service account"));
        QCOMPARE(service.value(QLatin1String("grant")).toString(), QStringLiteral("client_credentials"));
        QCOMPARE(service.value(QLatin1String("issuer")).toString(), m_fixture.issuer().toString());
        QCOMPARE(service.value(QLatin1String("tokenEndpoint")).toString(),
            m_fixture.url(QStringLiteral("/token")).toString());
        QCOMPARE(service.value(QLatin1String("clientId")).toString(), QStringLiteral("tokenscope-service"));
        QCOMPARE(service.value(QLatin1String("signIn")).toString(), QStringLiteral("not_needed"));
        QCOMPARE(service.value(QLatin1String("signedIn")).toBool(true), false);
        const QJsonObject signedOut = byId.value(m_signedOutId);
        QCOMPARE(signedOut.value(QLatin1String("grant")).toString(), QStringLiteral("authorization_code"));
        QCOMPARE(signedOut.value(QLatin1String("signIn")).toString(), QStringLiteral("not_signed_in"));
        QCOMPARE(signedOut.value(QLatin1String("signedIn")).toBool(true), false);
        QVERIFY(signedOut.value(QLatin1String("user")).isNull());
    }

    // Client credentials: a token straight from the token endpoint, no window, only on stdout.
    void tokenWithClientCredentials_data()
    {
        QTest::addColumn<QString>("environment");
        QTest::newRow("by-name") << QStringLiteral("Service account");
        QTest::newRow("by-name-ignoring-case") << QStringLiteral("service ACCOUNT");
        QTest::newRow("by-id") << m_serviceId;
    }
    void tokenWithClientCredentials()
    {
        QFETCH(QString, environment);
        const Run run = runCli(inWorkspace({QStringLiteral("token"), environment}));
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
        QVERIFY(run.out.endsWith(u'\n'));
        const QString token = run.out.trimmed();
        QVERIFY(!token.isEmpty());
        QVERIFY(!token.contains(u' '));
        const QJsonObject introspection = introspect(token);
        QVERIFY2(introspection.value(QLatin1String("active")).toBool(),
            QJsonDocument(introspection).toJson().constData());
        QCOMPARE(
            introspection.value(QLatin1String("client_id")).toString(), QStringLiteral("tokenscope-service"));
        QCOMPARE(callApi("Bearer " + token.toUtf8()), 200);
    }

    void tokenHeader()
    {
        const Run run
            = runCli(inWorkspace({QStringLiteral("token"), m_serviceId, QStringLiteral("--header")}));
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QVERIFY2(run.out.startsWith(QStringLiteral("Authorization: Bearer ")), qPrintable(run.out));
        QVERIFY(run.out.endsWith(u'\n'));
        const QString line = run.out.trimmed();
        QCOMPARE(callApi(line.section(QStringLiteral(": "), 1).toUtf8()), 200);
        QVERIFY(run.err.isEmpty());
    }

    void tokenJson()
    {
        const Run run = runCli(inWorkspace({QStringLiteral("token"), m_serviceId, QStringLiteral("--json")}));
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonObject answer = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(answer.value(QLatin1String("id")).toString(), m_serviceId);
        QCOMPARE(answer.value(QLatin1String("environment")).toString(), QStringLiteral("Service account"));
        QCOMPARE(answer.value(QLatin1String("tokenType")).toString().toLower(), QStringLiteral("bearer"));
        const QDateTime expiresAt
            = QDateTime::fromString(answer.value(QLatin1String("expiresAt")).toString(), Qt::ISODate);
        QVERIFY(expiresAt > QDateTime::currentDateTimeUtc());
        const QString token = answer.value(QLatin1String("accessToken")).toString();
        QVERIFY(introspect(token).value(QLatin1String("active")).toBool());
    }

    void unknownEnvironment_data()
    {
        QTest::addColumn<QString>("workspace"); // empty: the test's workspace
        QTest::addColumn<QString>("message");
        QTest::newRow("not-in-workspace")
            << QString() << QStringLiteral("No environment \"Nowhere\". The workspace has: ");
        QTest::newRow("empty-workspace") << QStringLiteral(
            "empty") << QStringLiteral("No environment \"Nowhere\": the workspace has none.");
    }
    void unknownEnvironment()
    {
        QFETCH(QString, workspace);
        QFETCH(QString, message);
        QTemporaryDir empty;
        const QString directory = workspace.isEmpty() ? m_workspace.path() : empty.path();
        const Run run = runCli(
            {QStringLiteral("token"), QStringLiteral("Nowhere"), QStringLiteral("--workspace"), directory});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
    }

    // A workspace file that is not one: the problem on stderr, status 2, for either command.
    void unreadableWorkspace_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("environments") << QStringList {QStringLiteral("environments")};
        QTest::newRow("token") << QStringList {QStringLiteral("token"), QStringLiteral("Service account")};
    }
    void unreadableWorkspace()
    {
        QFETCH(QStringList, arguments);
        QTemporaryDir directory;
        QFile file(directory.filePath(QStringLiteral("workspace.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"environments\": [");
        file.close();
        const Run run = runCli(arguments << QStringLiteral("--workspace") << directory.path());
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("Some files of the workspace could not be read"))
                && run.err.contains(QStringLiteral("workspace.json")),
            qPrintable(run.err));
        QVERIFY(run.out.isEmpty());
        // Left where it was, as it was: only the application sets a file aside.
        QCOMPARE(
            QDir(directory.path()).entryList(QDir::Files), QStringList {QStringLiteral("workspace.json")});
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArrayLiteral("{\"environments\": ["));
    }

    // A user's environment nobody has signed in to: only the application can sign in.
    void tokenNeedsSignIn()
    {
        const Run run = runCli(inWorkspace({QStringLiteral("token"), m_signedOutId}));
        QCOMPARE(run.exitCode, 3);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains(QStringLiteral("\"Never signed in\" needs a sign-in in Tokenscope")),
            qPrintable(run.err));
        QVERIFY(run.err.contains(QStringLiteral("Not signed in to this environment")));
    }

    // No Secret Service on the bus: a clear message and status 2; nothing is read from or written to a file.
    void withoutKeychain_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("token") << QStringList {QStringLiteral("token"), QStringLiteral("Service account")};
        QTest::newRow("environments") << QStringList {QStringLiteral("environments")};
    }
    void withoutKeychain()
    {
        QFETCH(QStringList, arguments);
        const Run run = runCli(inWorkspace(arguments),
            {QStringLiteral("DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/tokenscope-test-bus")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QStringLiteral("keychain")), qPrintable(run.err));
        QVERIFY(!run.out.contains(QStringLiteral("eyJ")));
    }

    // A sign-in made with the engine (the system-browser flow, a scripted browser at the provider) leaves
    // a refresh token in the keychain; tokenscope-cli refreshes with it, and again with the rotated one.
    void tokenAfterEngineSignIn()
    {
        QString firstAccessToken;
        {
            Workspace::AppSession session(m_workspace.path(), new Secrets::KeychainSecretStore);
            QVERIFY(session.load().isNull());
            Workspace::Environment environment = Tests::fixtureEnvironment(m_fixture, m_userId);
            environment.name = QStringLiteral("Alice at the provider");
            session.putEnvironment(environment);
            Tests::ScriptedBrowser browser;
            OAuth::LoopbackLoginAgent agent([&browser](const QUrl& url) {
                browser.open(url);
                return true;
            });
            OAuth::TokenSession* tokens = session.tokenSession(m_userId);
            QSignalSpy signedIn(tokens, &OAuth::TokenSession::signInFinished);
            tokens->signIn(&agent);
            QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 30000);
            QVERIFY2(signedIn.first().first().value<Error>().isNull(),
                qPrintable(signedIn.first().first().value<Error>().toText()));
            QVERIFY(!tokens->tokens().refreshToken.isEmpty());
            firstAccessToken = tokens->tokens().accessToken;
            QTRY_COMPARE_WITH_TIMEOUT(
                tokens->storedSignIn().status, OAuth::StoredSignIn::Status::RefreshTokenStored, 15000);
        } // the session's end waits for the keychain

        const Run listed = runCli(inWorkspace({QStringLiteral("environments"), QStringLiteral("--json")}));
        QCOMPARE(listed.exitCode, 0);
        bool found = false;
        for (const QJsonValue& value : QJsonDocument::fromJson(listed.out.toUtf8())
                                           .object()
                                           .value(QLatin1String("environments"))
                                           .toArray()) {
            if (value.toObject().value(QLatin1String("id")).toString() != m_userId)
                continue;
            found = true;
            QCOMPARE(value.toObject().value(QLatin1String("signIn")).toString(),
                QStringLiteral("refresh_token_stored"));
            QCOMPARE(value.toObject().value(QLatin1String("signedIn")).toBool(), true);
        }
        QVERIFY(found);

        QStringList tokens;
        for (int i = 0; i < 2; ++i) {
            const Run run
                = runCli(inWorkspace({QStringLiteral("token"), QStringLiteral("Alice at the provider")}));
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
            QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
            const QString token = run.out.trimmed();
            QVERIFY(!token.isEmpty());
            QVERIFY(token != firstAccessToken);
            QVERIFY(!tokens.contains(token));
            const QJsonObject introspection = introspect(token);
            QVERIFY(introspection.value(QLatin1String("active")).toBool());
            QCOMPARE(introspection.value(QLatin1String("client_id")).toString(),
                QStringLiteral("tokenscope-demo"));
            QCOMPARE(introspection.value(QLatin1String("sub")).toString(), QStringLiteral("alice"));
            QCOMPARE(callApi("Bearer " + token.toUtf8()), 200);
            tokens << token;
        }

        // The provider revokes the grant (RFC 7009 on the refresh token the keychain now holds): the next
        // run is told to sign in, and the keychain says why.
        Secrets::KeychainSecretStore keychain;
        const Secrets::SecretResult stored = Tests::callSecretStore([&](QObject* context, auto handler) {
            keychain.read(OAuth::refreshTokenKey(m_userId), context, handler);
        });
        QVERIFY2(stored.ok() && !stored.value.isEmpty(), qPrintable(stored.message));
        QNetworkAccessManager network;
        QNetworkRequest revocation(m_fixture.url(QStringLiteral("/token/revocation")));
        revocation.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        QUrlQuery form;
        form.addQueryItem(QStringLiteral("client_id"), QStringLiteral("tokenscope-demo"));
        form.addQueryItem(QStringLiteral("token"), stored.value);
        form.addQueryItem(QStringLiteral("token_type_hint"), QStringLiteral("refresh_token"));
        QNetworkReply* reply = network.post(revocation, form.toString(QUrl::FullyEncoded).toUtf8());
        QSignalSpy revoked(reply, &QNetworkReply::finished);
        QVERIFY(revoked.wait(15000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        reply->deleteLater();

        const Run refused = runCli(inWorkspace({QStringLiteral("token"), m_userId}));
        QCOMPARE(refused.exitCode, 3);
        QVERIFY(refused.out.isEmpty());
        QVERIFY2(
            refused.err.contains(QStringLiteral("\"Alice at the provider\" needs a sign-in in Tokenscope")),
            qPrintable(refused.err));
        QVERIFY2(refused.err.contains(QStringLiteral("invalid_grant"))
                || refused.err.contains(QStringLiteral("Sign in again")),
            qPrintable(refused.err));
        const Run after = runCli(inWorkspace({QStringLiteral("environments"), QStringLiteral("--json")}));
        QCOMPARE(after.exitCode, 0);
        for (const QJsonValue& value : QJsonDocument::fromJson(after.out.toUtf8())
                                           .object()
                                           .value(QLatin1String("environments"))
                                           .toArray()) {
            if (value.toObject().value(QLatin1String("id")).toString() == m_userId)
                QCOMPARE(value.toObject().value(QLatin1String("signIn")).toString(),
                    QStringLiteral("no_refresh_token"));
        }
        // And again: still a sign-in, not a keychain or network failure.
        QCOMPARE(runCli(inWorkspace({QStringLiteral("token"), m_userId})).exitCode, 3);
    }

    // Nothing but engine libraries: no Qt Widgets, Gui, WebEngine or Quick in the program's dependencies.
    void linksOnlyTheEngine()
    {
#ifndef Q_OS_LINUX
        QSKIP("readelf reads ELF files: Linux only");
#else
        QProcess readelf;
        readelf.start(
            QStringLiteral("readelf"), {QStringLiteral("-d"), QStringLiteral(TOKENSCOPE_CLI_BINARY)});
        QVERIFY(readelf.waitForFinished(30000));
        QCOMPARE(readelf.exitCode(), 0);
        const QString dynamic = QString::fromUtf8(readelf.readAllStandardOutput());
        QVERIFY2(dynamic.contains(QStringLiteral("libQt6Core.so")), qPrintable(dynamic));
        QVERIFY2(dynamic.contains(QStringLiteral("libQt6Network.so")), qPrintable(dynamic));
        for (const QString& library : {QStringLiteral("Widgets"), QStringLiteral("Gui"),
                 QStringLiteral("WebEngine"), QStringLiteral("Quick"), QStringLiteral("Qml")})
            QVERIFY2(!dynamic.contains(QStringLiteral("libQt6") + library), qPrintable(dynamic));
#endif
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
