#include "appsession.h"
#include "collection.h"
#include "collectionstore.h"
#include "keychainsecretstore.h"
#include "nativeexport.h"
#include "oidcfixture.h"
#include "secretcall.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Tokenscope;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

QString serviceName()
{
    return QStringLiteral("CLI demo service");
}

QString sandboxName()
{
    return QStringLiteral("CLI demo sandbox");
}

} // namespace

// tokenscope-cli with collections: Postman files written by hand (tests/fixtures/postman/cli-demo.*)
// imported by the built program, their requests sent to the provider fixture's demo API with a token got
// by client credentials, exported again; the real keychain of scripts/headless.sh throughout.
class TestCliCollections final : public QObject
{
    Q_OBJECT

private:
    Tests::OidcFixture m_fixture;
    QTemporaryDir m_workspace;
    QTemporaryDir m_files;
    QString m_base; // the fixture's http://127.0.0.1:port

    static Run runCli(const QStringList& arguments)
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(QLatin1String(name));
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
        run.out = process.readAllStandardOutput();
        run.err = QString::fromUtf8(process.readAllStandardError());
        return run;
    }

    QStringList inWorkspace(QStringList arguments) const
    {
        return arguments << QStringLiteral("--workspace") << m_workspace.path();
    }

    // The fixture file with the provider fixture's address in place of http://fixture.invalid.
    QString fixtureCopy(const QString& name)
    {
        QFile source(QStringLiteral(TOKENSCOPE_POSTMAN_FIXTURES "/") + name);
        if (!source.open(QIODevice::ReadOnly))
            return {};
        QString path = m_files.filePath(name);
        QFile copy(path);
        if (!copy.open(QIODevice::WriteOnly))
            return {};
        copy.write(source.readAll().replace("http://fixture.invalid", m_base.toUtf8()));
        return path;
    }

    Workspace::Environment environmentNamed(const QString& name) const
    {
        Workspace::AppSession session(m_workspace.path(), new Secrets::KeychainSecretStore);
        session.load();
        for (const Workspace::Environment& environment : session.workspace().environments) {
            if (environment.name == name)
                return environment;
        }
        return {};
    }

    static QStringList send(const QString& environment, const QString& request, const QStringList& more = {})
    {
        return QStringList {QStringLiteral("send"), environment, request} + more;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_fixture.start(&error), qPrintable(error));
        QVERIFY(m_workspace.isValid());
        QVERIFY(m_files.isValid());
        m_base = m_fixture.url(QStringLiteral("/")).toString(QUrl::StripTrailingSlash);
    }

    void cleanupTestCase()
    {
        Workspace::AppSession session(m_workspace.path(), new Secrets::KeychainSecretStore);
        session.load();
        const QList<Workspace::Environment> environments = session.workspace().environments;
        for (const Workspace::Environment& environment : environments)
            session.removeEnvironment(environment.id);
        Workspace::CollectionStore store(m_workspace.path());
        for (const Workspace::Collection& collection : store.load().collections) {
            for (const Http::Variable& variable : collection.variables) {
                if (variable.secret)
                    Tests::callSecretStore([&](QObject* context, auto handler) {
                        session.secretStore()->remove(
                            Workspace::collectionSecretKey(collection.id, variable.name), context, handler);
                    });
            }
        }
    }

    // Every new command explains itself, and says what is wrong with its arguments.
    void arguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected"); // in stdout for 0, else in stderr

        QTest::newRow("help") << QStringList {QStringLiteral("--help")} << 0
                              << QStringLiteral("send ENV COLLECTION/REQUEST");
        QTest::newRow("requests-help") << QStringList {QStringLiteral("requests"), QStringLiteral("--help")}
                                       << 0 << QStringLiteral("[COLLECTION]");
        QTest::newRow("send-help") << QStringList {QStringLiteral("send"), QStringLiteral("--help")} << 0
                                   << QStringLiteral("--var <name=value>");
        QTest::newRow("send-help-exit-4") << QStringList {QStringLiteral("send"), QStringLiteral("--help")}
                                          << 0 << QStringLiteral("4  send: the API answered");
        QTest::newRow("import-help") << QStringList {QStringLiteral("import"), QStringLiteral("--help")} << 0
                                     << QStringLiteral("--create-environments");
        QTest::newRow("export-help") << QStringList {QStringLiteral("export"), QStringLiteral("--help")} << 0
                                     << QStringLiteral("--output <file>");
        QTest::newRow("send-without-request") << QStringList {QStringLiteral("send"), QStringLiteral("env")}
                                              << 1 << QStringLiteral("Name the environment and the request");
        QTest::newRow("var-without-equals") << QStringList {QStringLiteral("send"), QStringLiteral("e"),
            QStringLiteral("c/r"), QStringLiteral("--var"), QStringLiteral("novalue")}
                                            << 1 << QStringLiteral("--var takes name=value");
        QTest::newRow("include-and-json") << QStringList {QStringLiteral("send"), QStringLiteral("e"),
            QStringLiteral("c/r"), QStringLiteral("--include"), QStringLiteral("--json")}
                                          << 1 << QStringLiteral("not both");
        QTest::newRow("import-unknown-format")
            << QStringList {QStringLiteral("import"), QStringLiteral("insomnia"), QStringLiteral("f.json")}
            << 1 << QStringLiteral("Unknown format \"insomnia\"");
        QTest::newRow("export-needs-one") << QStringList {QStringLiteral("export"), QStringLiteral("postman")}
                                          << 1 << QStringLiteral("Give --collection or --environment");
        QTest::newRow("export-unknown-format") << QStringList {QStringLiteral("export"),
            QStringLiteral("yaml"), QStringLiteral("--collection"), QStringLiteral("x")}
                                               << 1 << QStringLiteral("Unknown format \"yaml\"");
        QTest::newRow("requests-two-collections")
            << QStringList {QStringLiteral("requests"), QStringLiteral("a"), QStringLiteral("b")} << 1
            << QStringLiteral("Unexpected argument \"b\"");
    }
    void arguments()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, expected);
        const Run run = runCli(arguments);
        QCOMPARE(run.exitCode, exitCode);
        const QString where = exitCode == 0 ? QString::fromUtf8(run.out) : run.err;
        QVERIFY2(where.contains(expected), qPrintable(where));
        if (exitCode != 0)
            QVERIFY(run.out.isEmpty());
    }

    // The done-when: a Postman v2.1 collection and environment import and run against the demo API.
    void importAndSend()
    {
        const Run collection = runCli(inWorkspace({QStringLiteral("import"), QStringLiteral("postman"),
            fixtureCopy(QStringLiteral("cli-demo.postman_collection.json")),
            QStringLiteral("--create-environments")}));
        QVERIFY2(collection.exitCode == 0, qPrintable(collection.err));
        QVERIFY(collection.out.isEmpty());
        QVERIFY2(collection.err.contains(QStringLiteral("The collection \"CLI demo\" was imported")),
            qPrintable(collection.err));
        QVERIFY2(collection.err.contains(
                     QStringLiteral("The environment \"%1\" was created with the OAuth settings.")
                         .arg(serviceName())),
            qPrintable(collection.err));
        // The client secret went to the keychain, not to the workspace file.
        QFile workspaceFile(m_workspace.filePath(QStringLiteral("workspace.json")));
        QVERIFY(workspaceFile.open(QIODevice::ReadOnly));
        QVERIFY(!workspaceFile.readAll().contains("tokenscope-service-secret"));
        for (const QString& file :
            QDir(m_workspace.filePath(QStringLiteral("collections"))).entryList(QDir::Files)) {
            QFile collectionFile(m_workspace.filePath(QStringLiteral("collections/") + file));
            QVERIFY(collectionFile.open(QIODevice::ReadOnly));
            const QByteArray bytes = collectionFile.readAll();
            QVERIFY(!bytes.contains("tokenscope-service-secret"));
            QVERIFY(!bytes.contains("cli-demo-api-key"));
        }
        QVERIFY2(
            collection.err.contains(QStringLiteral("Secret values kept in the keychain, not in the file: 1")),
            qPrintable(collection.err));

        const Run environment = runCli(inWorkspace({QStringLiteral("import"), QStringLiteral("postman"),
            fixtureCopy(QStringLiteral("cli-demo.postman_environment.json"))}));
        QVERIFY2(environment.exitCode == 0, qPrintable(environment.err));
        QVERIFY2(
            environment.err.contains(QStringLiteral("The environment \"CLI demo sandbox\" was imported")),
            qPrintable(environment.err));
        QVERIFY(environment.err.contains(QStringLiteral("2 variables, of which 1 secret")));
        QVERIFY(workspaceFile.seek(0));
        QVERIFY(!workspaceFile.readAll().contains("sandbox-api-key-secret"));

        // A request of the collection, its token by client credentials: the demo API's patients.
        const Run patients
            = runCli(inWorkspace(send(serviceName(), QStringLiteral("CLI demo/Patients/List patients"))));
        QVERIFY2(patients.exitCode == 0, qPrintable(patients.err));
        const QJsonObject answer = QJsonDocument::fromJson(patients.out).object();
        QVERIFY2(answer.value(QLatin1String("total")).toInt() > 0, patients.out.constData());
        // The environment file's variable over the collection's: sent with the sandbox environment.
        const Run health = runCli(inWorkspace(send(sandboxName(), QStringLiteral("CLI demo/Public/Health"))));
        QVERIFY2(health.exitCode == 0, qPrintable(health.err));
        QCOMPARE(health.out, QByteArrayLiteral("ok"));
        // The collection's secret variable (the API key typed into Postman) read back from the keychain.
        const Run keyed
            = runCli(inWorkspace(send(sandboxName(), QStringLiteral("CLI demo/Public/Health with a key"))));
        QVERIFY2(keyed.exitCode == 0, qPrintable(keyed.err));
    }

    void listRequests()
    {
        const Run text = runCli(inWorkspace({QStringLiteral("requests")}));
        QVERIFY2(text.exitCode == 0, qPrintable(text.err));
        const QString out = QString::fromUtf8(text.out);
        QVERIFY2(out.contains(QStringLiteral("CLI demo/  (id ")), qPrintable(out));
        QVERIFY(out.contains(
            QStringLiteral("\n  Patients/\n    List patients  GET {{baseUrl}}/api/{{resource}}\n")));
        QVERIFY(out.contains(QStringLiteral("\n  Me  GET {{baseUrl}}/api/me\n")));

        const Run json = runCli(
            inWorkspace({QStringLiteral("requests"), QStringLiteral("cli DEMO"), QStringLiteral("--json")}));
        QVERIFY2(json.exitCode == 0, qPrintable(json.err));
        const QJsonArray collections
            = QJsonDocument::fromJson(json.out).object().value(QLatin1String("collections")).toArray();
        QCOMPARE(collections.size(), 1);
        QStringList paths;
        for (const QJsonValue& request :
            collections.first().toObject().value(QLatin1String("requests")).toArray())
            paths << request.toObject().value(QLatin1String("path")).toString();
        QVERIFY2(paths.contains(QStringLiteral("CLI demo/Patients/Create patient")),
            qPrintable(paths.join(u'\n')));
        QVERIFY(paths.contains(QStringLiteral("CLI demo/Public/Health")));

        const Run unknown = runCli(inWorkspace({QStringLiteral("requests"), QStringLiteral("Nope")}));
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.err.contains(QStringLiteral("No collection \"Nope\". The workspace has: CLI demo.")),
            qPrintable(unknown.err));
    }

    // What a script reads from the exit status.
    void exitCodes_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expectedErr");

        QTest::newRow("2xx") << send(serviceName(), QStringLiteral("CLI demo/Me")) << 0 << QString();
        QTest::newRow("401-without-token")
            << send(serviceName(), QStringLiteral("CLI demo/Public/Patients without a token")) << 4
            << QStringLiteral("The API answered 401");
        QTest::newRow("405-post") << send(serviceName(), QStringLiteral("CLI demo/Patients/Create patient"))
                                  << 4 << QStringLiteral("The API answered 405");
        QTest::newRow("unknown-variable")
            << send(serviceName(), QStringLiteral("CLI demo/Patients/Unknown patient")) << 1
            << QStringLiteral("patientId");
        QTest::newRow("unknown-request")
            << send(serviceName(), QStringLiteral("CLI demo/Patients/Nobody")) << 1
            << QStringLiteral("No saved request \"CLI demo/Patients/Nobody\"");
        QTest::newRow("unknown-environment") << send(QStringLiteral("Nowhere"), QStringLiteral("CLI demo/Me"))
                                             << 1 << QStringLiteral("No environment \"Nowhere\"");
        QTest::newRow("network") << send(serviceName(), QStringLiteral("CLI demo/Me"),
            {QStringLiteral("--var"), QStringLiteral("baseUrl=http://127.0.0.1:9")})
                                 << 2 << QStringLiteral("could not be completed");
        QTest::newRow("name-ignoring-case")
            << send(QStringLiteral("cli demo SERVICE"), QStringLiteral("cli demo/patients/list PATIENTS"))
            << 0 << QString();
    }
    void exitCodes()
    {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, expectedErr);
        const Run run = runCli(inWorkspace(arguments));
        QVERIFY2(run.exitCode == exitCode, qPrintable(QString::number(run.exitCode) + u' ' + run.err));
        QVERIFY2(run.err.contains(expectedErr), qPrintable(run.err));
        if (exitCode == 1 || exitCode == 2)
            QVERIFY(run.out.isEmpty());
    }

    // --var over the environment and the collection; --include and --json.
    void variablesAndOutput()
    {
        const Run me
            = runCli(inWorkspace(send(serviceName(), QStringLiteral("CLI demo/Patients/List patients"),
                {QStringLiteral("--var"), QStringLiteral("resource=me"), QStringLiteral("--include")})));
        QVERIFY2(me.exitCode == 0, qPrintable(me.err));
        const QString out = QString::fromUtf8(me.out);
        QVERIFY2(out.startsWith(QStringLiteral("HTTP/1.1 200 OK\n")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("\ncontent-type: application/json"), Qt::CaseInsensitive),
            qPrintable(out));
        const QJsonObject body = QJsonDocument::fromJson(me.out.mid(me.out.indexOf("\n\n") + 2)).object();
        QCOMPARE(body.value(QLatin1String("client_id")).toString(), QStringLiteral("tokenscope-service"));

        const Run json
            = runCli(inWorkspace(send(serviceName(), QStringLiteral("CLI demo/Patients/Unknown patient"),
                {QStringLiteral("--var"), QStringLiteral("patientId=7"), QStringLiteral("--json")})));
        const QJsonObject answer = QJsonDocument::fromJson(json.out).object();
        QVERIFY2(answer.contains(QLatin1String("status")), json.out.constData());
        QVERIFY(answer.value(QLatin1String("status")).toInt() >= 400);
        QCOMPARE(json.exitCode, 4);
        QVERIFY(answer.value(QLatin1String("headers")).isArray());
        QVERIFY(answer.contains(QLatin1String("time_ms")));
        QCOMPARE(answer.value(QLatin1String("bodyEncoding")).toString(), QStringLiteral("text"));
    }

    // The token goes to the environment's own API only; a production environment sends only what is safe.
    void guardrails()
    {
        // The environment's API is the demo API: the token goes to no other host without --yes.
        {
            Workspace::AppSession session(m_workspace.path(), new Secrets::KeychainSecretStore);
            QVERIFY(session.load().isNull());
            session.addApiBaseUrl(environmentNamed(serviceName()).id, QUrl(m_base));
        }
        const QStringList elsewhere = send(serviceName(), QStringLiteral("CLI demo/Elsewhere"),
            {QStringLiteral("--var"), QStringLiteral("port=") + QString::number(m_fixture.url({}).port())});
        const Run refused = runCli(inWorkspace(elsewhere));
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(
            refused.err.contains(QStringLiteral("Add --yes to send it anyway")), qPrintable(refused.err));
        const Run allowed = runCli(inWorkspace(elsewhere + QStringList {QStringLiteral("--yes")}));
        QVERIFY2(allowed.exitCode == 0, qPrintable(allowed.err));

        {
            Workspace::AppSession session(m_workspace.path(), new Secrets::KeychainSecretStore);
            QVERIFY(session.load().isNull());
            Workspace::Environment production = environmentNamed(serviceName());
            QVERIFY(!production.id.isEmpty());
            production.production = true;
            session.putEnvironment(production);
        }
        const QStringList post = send(serviceName(), QStringLiteral("CLI demo/Patients/Create patient"));
        const Run blocked = runCli(inWorkspace(post));
        QCOMPARE(blocked.exitCode, 1);
        QVERIFY2(blocked.err.contains(
                     QStringLiteral("production environment: POST requests are sent only with --yes")),
            qPrintable(blocked.err));
        // With --yes it goes (the demo API answers 405 to a POST); a GET never asks.
        QCOMPARE(runCli(inWorkspace(post + QStringList {QStringLiteral("--yes")})).exitCode, 4);
        QCOMPARE(runCli(inWorkspace(send(serviceName(), QStringLiteral("CLI demo/Me")))).exitCode, 0);
    }

    // Exported to Postman and to the native format without secrets, then imported again.
    void exportRoundTrip_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("toFile");
        QTest::newRow("postman-stdout") << QStringLiteral("postman") << false;
        QTest::newRow("postman-file") << QStringLiteral("postman") << true;
        QTest::newRow("native-stdout") << QStringLiteral("native") << false;
    }
    void exportRoundTrip()
    {
        QFETCH(QString, format);
        QFETCH(bool, toFile);
        const QString file
            = m_files.filePath(QStringLiteral("export-") + QString::fromLatin1(QTest::currentDataTag()));
        QStringList arguments {
            QStringLiteral("export"), format, QStringLiteral("--collection"), QStringLiteral("CLI demo")};
        if (toFile)
            arguments << QStringLiteral("--output") << file;
        const Run exported = runCli(inWorkspace(arguments));
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        QVERIFY2(
            exported.err.contains(QStringLiteral("Secret values left out (they stay in the keychain): ")),
            qPrintable(exported.err));
        QByteArray bytes = exported.out;
        if (toFile) {
            QVERIFY(exported.out.isEmpty());
            QFile written(file);
            QVERIFY(written.open(QIODevice::ReadOnly));
            bytes = written.readAll();
        }
        QVERIFY(!bytes.contains("tokenscope-service-secret"));
        QVERIFY(!bytes.contains("cli-demo-api-key"));
        QVERIFY(bytes.contains("List patients"));
        if (format == QLatin1String("native")) {
            Workspace::Collection collection;
            QVERIFY(Workspace::collectionFromBytes(bytes, file, &collection).isNull());
            QCOMPARE(collection.name, QStringLiteral("CLI demo"));
            return;
        }
        QFile copy(file);
        if (!toFile) {
            QVERIFY(copy.open(QIODevice::WriteOnly));
            copy.write(bytes);
            copy.close();
        }
        QTemporaryDir other;
        const Run imported = runCli({QStringLiteral("import"), QStringLiteral("postman"), file,
            QStringLiteral("--workspace"), other.path()});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
        const Run listed = runCli({QStringLiteral("requests"), QStringLiteral("--workspace"), other.path()});
        QVERIFY2(QString::fromUtf8(listed.out)
                     .contains(QStringLiteral("    List patients  GET {{baseUrl}}/api/{{resource}}")),
            listed.out.constData());
    }

    void exportEnvironment()
    {
        const Run exported = runCli(inWorkspace({QStringLiteral("export"), QStringLiteral("postman"),
            QStringLiteral("--environment"), sandboxName()}));
        QVERIFY2(exported.exitCode == 0, qPrintable(exported.err));
        QVERIFY2(exported.err.contains(
                     QStringLiteral("Secret values left out (they stay in the keychain): apiKey.")),
            qPrintable(exported.err));
        QVERIFY(!exported.out.contains("sandbox-api-key-secret"));
        const QJsonObject document = QJsonDocument::fromJson(exported.out).object();
        QCOMPARE(document.value(QLatin1String("name")).toString(), sandboxName());

        const Run native = runCli(inWorkspace({QStringLiteral("export"), QStringLiteral("native"),
            QStringLiteral("--environment"), serviceName()}));
        QVERIFY2(native.exitCode == 0, qPrintable(native.err));
        QVERIFY(!native.out.contains("tokenscope-service-secret"));
        QVERIFY(native.out.contains("tokenscope-service"));
        // The window's File ▸ Import ▸ Tokenscope Environment… reads what the command line wrote.
        Workspace::Environment readBack;
        QVERIFY(Workspace::importNativeEnvironment(native.out, QStringLiteral("stdout"), &readBack).isNull());
        QCOMPARE(readBack.name, serviceName());
    }

    void importErrors()
    {
        QFile bad(m_files.filePath(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{\"neither\": true}");
        bad.close();
        const Run neither
            = runCli(inWorkspace({QStringLiteral("import"), QStringLiteral("postman"), bad.fileName()}));
        QCOMPARE(neither.exitCode, 2);
        QVERIFY2(neither.err.contains(QStringLiteral("is not a Postman collection or environment")),
            qPrintable(neither.err));
        const Run missing = runCli(inWorkspace({QStringLiteral("import"), QStringLiteral("postman"),
            m_files.filePath(QStringLiteral("missing.json"))}));
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(QStringLiteral("could not be read")), qPrintable(missing.err));
    }
};

QTEST_GUILESS_MAIN(TestCliCollections)
#include "tst_clicollections.moc"
